//! `send`'s first pass: a sink over every row before anything leaves. Nothing goes unless
//! every row renders and composes (or broken rows are skipped); the journal records the
//! list and says which recipients this run leaves alone; a reviewed plan is compared; the
//! messages to send are kept for the second pass while they fit in memory.

use std::collections::HashSet;
use std::sync::Arc;

use crate::compose::Outgoing;
use crate::events::{Event, Notice, Observer};
use crate::journal::{Listed, Plan, Take};
use crate::pipeline::{Flow, Item, Pipeline, Problem, RunError, Sink, Survey};
use crate::preview::ReviewLock;

/// The messages the first pass keeps for the second.
pub(super) type Kept = Vec<Arc<Outgoing>>;

/// The sink of `send`'s first pass: nothing leaves unless every row renders and composes.
/// The journal, when there is one, records the list and says which recipients this run
/// leaves alone (sent already…); the review's plan is collected; the messages to send are
/// kept while they fit in the memory budget.
pub(super) struct FirstPass<'j, 'o> {
    pub(super) plan: Option<Plan<'j>>,
    pub(super) review: Option<ReviewLock>,
    pub(super) limit: usize,
    pub(super) survey: Survey,
    pub(super) kept: Option<Kept>,
    /// The memory the kept messages hold, and the shared runs counted in it.
    pub(super) held: u64,
    pub(super) seen: HashSet<usize>,
    pub(super) budget: u64,
    /// `--deny-warnings`: a warning refuses the send, as a broken row does.
    pub(super) deny_warnings: bool,
    pub(super) observer: &'o mut dyn Observer,
}

impl Sink for FirstPass<'_, '_> {
    type Note = ();

    fn take(&mut self, mut item: Item<()>) -> Result<Flow, RunError> {
        // The review sees the message as previewed, to all its addresses.
        if let (Some(review), Ok((message, ()))) = (&mut self.review, &item.content) {
            review.record(message);
        }
        if let Some(plan) = &mut self.plan {
            let listed = match &item.content {
                Ok((message, ())) => Listed::Message(message),
                Err(problem) => Listed::Skipped {
                    row: problem.row(),
                    reason: &problem.to_string(),
                    duplicate: matches!(problem, Problem::Duplicate { .. }),
                    suppressed: problem.is_suppressed(),
                },
            };
            match plan.take(item.position, listed)? {
                Take::Leave => return Ok(Flow::Go),
                Take::Whole => {}
                // Its other addresses got it (or were refused): not again.
                Take::OnlyTo(restricted) => {
                    if let Ok((message, ())) = &mut item.content {
                        *message = *restricted;
                    }
                }
            }
        }
        if item.content.is_ok() && self.survey.messages >= self.limit {
            return Ok(Flow::Go);
        }
        self.survey.record(&item, self.observer, false);
        if let (Some(messages), Ok((message, ()))) = (&mut self.kept, item.content) {
            self.held += message.held(&mut self.seen);
            if self.held <= self.budget {
                messages.push(Arc::new(message));
            } else {
                self.kept = None;
                self.seen = HashSet::new();
            }
        }
        Ok(Flow::Go)
    }
}

impl<'j, 'o> FirstPass<'j, 'o> {
    /// A first pass keeping what fits in memory for the second.
    pub(super) fn new(
        plan: Option<Plan<'j>>,
        review: Option<ReviewLock>,
        limit: usize,
        skip_invalid: bool,
        deny_warnings: bool,
        observer: &'o mut dyn Observer,
    ) -> Self {
        Self {
            plan,
            review,
            limit,
            survey: Survey::new(skip_invalid),
            kept: Some(Vec::new()),
            held: 0,
            seen: HashSet::new(),
            budget: super::keep_budget(),
            deny_warnings,
            observer,
        }
    }

    /// After the pass: refuses broken rows (unless skipped) and a plan other than the one
    /// reviewed; keeps the list in the journal. Returns the survey, the messages kept, and
    /// the observer back.
    pub(super) fn finish(
        self,
        pipeline: &Pipeline,
    ) -> Result<(Survey, Option<Kept>, &'o mut dyn Observer), RunError> {
        let Self {
            plan,
            review,
            survey,
            kept,
            deny_warnings,
            observer,
            ..
        } = self;
        if survey.blocks() {
            // The plan is dropped unfinished: the journal keeps the list it had.
            return Err(RunError::InvalidRows {
                count: survey.errors,
                rows: survey.broken_rows,
            });
        }
        // Likewise for warnings made errors: nothing is connected to, nothing sent.
        survey.end_warnings(pipeline.template.file(), &mut *observer, deny_warnings)?;
        if let Some(review) = review {
            let (messages, dir) = review.check(pipeline)?;
            observer.tell(&|| {
                t!(
                    "send-reviewed",
                    messages = messages,
                    folder = dir.display().to_string()
                )
            });
        }
        let held = plan.map(Plan::finish).transpose()?.unwrap_or_default();
        for (state, count) in held {
            observer.event(&Event::Notice(&Notice::LeftAlone { state, count }));
        }
        Ok((survey, kept, observer))
    }
}
