//! `missive check`: load, render and compose every row; report every problem; send nothing.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::SystemTime;

use crate::cli::CheckArgs;
use crate::commands::send::pace;
use crate::config::{Campaign, Pace};
use crate::deliver::RelayUrl;
use crate::events::{Event, Observer, Summary};
use crate::exit_status::ExitStatus;
use crate::pipeline::{Flow, Item, Pipeline, RunError, Sink, Survey};
use crate::recipients::{Recipient, RecipientError};
use crate::units::Size;

/// The rows kept whole for [`Event::ListRead`].
const FIRST_ROWS: usize = 20;

/// The rows as the pass reads them (no second reading): counted, the first kept whole, for
/// [`Event::ListRead`].
#[derive(Default)]
struct ReadRows {
    read: AtomicUsize,
    first: Mutex<Vec<Recipient>>,
}

impl ReadRows {
    /// `rows`, counted and the first kept as they go by.
    fn watch<'a>(
        &'a self,
        rows: impl Iterator<Item = Result<Recipient, RecipientError>> + Send + 'a,
    ) -> impl Iterator<Item = Result<Recipient, RecipientError>> + Send + 'a {
        rows.inspect(|row| {
            self.read.fetch_add(1, Ordering::Relaxed);
            if let Ok(row) = row
                && let Ok(mut first) = self.first.lock()
                && first.len() < FIRST_ROWS
            {
                first.push(row.clone());
            }
        })
    }

    /// Tells what was read, and how many rows `--where` kept (`matched`).
    fn tell(self, matched: Option<usize>, observer: &mut dyn Observer) {
        let first = self.first.into_inner().unwrap_or_default();
        observer.event(&Event::ListRead {
            rows: self.read.into_inner(),
            first: &first,
            matched,
        });
    }
}

/// The sink of `check`: it counts, and tells each row's fate.
struct Tallying<'o> {
    survey: Survey,
    observer: &'o mut dyn Observer,
}

impl Sink for Tallying<'_> {
    type Note = ();

    fn take(&mut self, item: Item<()>) -> Result<Flow, RunError> {
        self.survey.record(&item, self.observer, true);
        Ok(Flow::Go)
    }
}

pub(crate) fn run(args: &CheckArgs, observer: &mut dyn Observer) -> Result<ExitStatus, RunError> {
    let campaign = Campaign::resolve(&args.common)?;
    let campaign_for_plan = campaign.clone();
    let (pipeline, rows) = Pipeline::open(campaign, SystemTime::now(), None)?;
    let english = pipeline.list_format.to_string_in(crate::i18n::Lang::En);
    observer.event(&Event::ListOpened {
        file: &pipeline.campaign.recipients,
        format: &english,
        shape: &rows.shape(),
        columns: rows.columns(),
    });
    observer.tell(&|| {
        t!(
            "check-list",
            file = pipeline.campaign.recipients.display().to_string(),
            format = pipeline.list_format.to_string(),
            count = rows.columns().len(),
            columns = rows.columns().join(", ")
        )
    });
    let mut sink = Tallying {
        survey: Survey::new(pipeline.campaign.skip_invalid),
        observer,
    };
    let read = ReadRows::default();
    pipeline.pass(read.watch(rows), &|_| (), &mut sink)?;
    let Tallying { survey, observer } = sink;
    read.tell(
        pipeline
            .filter
            .as_ref()
            .map(|filter| filter.summary().matched),
        observer,
    );
    if let Some(notice) = survey.ascii_domains() {
        observer.event(&Event::Notice(&notice));
    }
    // Said after the rows' own problems, and before the counts; an error with
    // `--deny-warnings`, once the counts are said.
    let denied = survey
        .end_warnings(
            pipeline.template.file(),
            observer,
            args.warnings.deny_warnings,
        )
        .err();
    observer.tell(&|| match pipeline.campaign.shard {
        Some(shard) => t!(
            "check-shard",
            shard = shard.to_string(),
            ready = ready(&survey)
        ),
        None => ready(&survey),
    });
    if let Some(filter) = &pipeline.filter {
        observer.tell(&|| filter.summary().to_string());
    }
    observer.tell(&|| {
        sending_plan(
            &campaign_for_plan,
            args.relay.smtp.as_ref(),
            survey.messages,
        )
    });
    let status = if survey.blocks() {
        observer.tell(&|| {
            t!(
                "check-blocks",
                count = survey.errors,
                rows = survey.broken_rows
            )
        });
        ExitStatus::InputError
    } else {
        if survey.skipped > 0 {
            observer.tell(&|| t!("check-skipped", count = survey.skipped));
        }
        survey.tell_suppressed(pipeline.suppression.as_ref(), observer);
        ExitStatus::Success
    };
    if let Some(denied) = denied.filter(|_| status == ExitStatus::Success) {
        return Err(denied);
    }
    observer.event(&Event::Summary(&Summary {
        command: "check",
        total: survey.messages + survey.broken_rows + survey.warnings + survey.suppressed,
        ready: Some(survey.messages),
        invalid: Some(survey.broken_rows - survey.skipped),
        duplicates: Some(survey.warnings),
        skipped: survey.skipped,
        suppressed: survey.suppressed,
        bytes: survey.bytes,
        exit_code: status as u8,
        ..Summary::default()
    }));
    Ok(status)
}

/// The limits `send` would apply through `relay` (`--smtp`, `MISSIVE_SMTP_URL`) or the
/// campaign's relays, and how long they make the run last. Without a relay configured yet,
/// the limits of a remote relay are shown.
fn sending_plan(campaign: &Campaign, relay: Option<&RelayUrl>, messages: usize) -> String {
    let plan = match Pace::resolve(relay, campaign) {
        Ok(plan) => pace(&plan, messages),
        Err(error) => error.to_string(),
    };
    t!("check-plan", plan = plan)
}

/// How many messages are ready, their size and the warnings, in the run's language.
fn ready(survey: &Survey) -> String {
    let size = Size(survey.bytes).to_string();
    match survey.warning_count() {
        0 => t!("check-ready", count = survey.messages, size = size),
        warnings => t!(
            "check-ready-warnings",
            count = survey.messages,
            size = size,
            warnings = warnings
        ),
    }
}
