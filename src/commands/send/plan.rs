//! What a person confirms before anything is sent or filed: the plan, kept as data and said in
//! the run's language, and the question (`[o/N]` in French).

use std::io::{BufRead, IsTerminal, Write};

use crate::config::{Pace, SendSettings};
use crate::events::Observer;
use crate::i18n::{self, tr};
use crate::pipeline::RunError;
use crate::preview::Approval;
use crate::units::{Size, Span};

use super::relays;

/// What a person confirms before anything happens, kept as data and said in the run's
/// language when shown (the French audit says it again in French).
#[derive(Debug, Clone)]
pub(crate) enum Plan {
    /// Sending `messages` through the relays of `settings` (all to `test`, a test send).
    Send {
        messages: usize,
        bytes: u64,
        test: Option<String>,
        settings: Box<SendSettings>,
        /// The reviewer's approval of the plan (`--reviewed DIR`), or `None`: no review asked.
        approval: Option<Approval>,
    },
    /// Putting `messages` in the Drafts folder of `mailbox`.
    Drafts { messages: usize, mailbox: String },
}

impl Plan {
    /// What happens to which messages: `3 messages, 12 kB in all, 3 recipients, …`.
    fn words(&self) -> String {
        match self {
            Plan::Send {
                messages,
                bytes,
                test,
                settings,
                approval,
            } => {
                let target = match test {
                    Some(address) => t!("send-plan-test", address = address.as_str()),
                    None => t!("send-plan-recipients", count = *messages),
                };
                let plan = t!(
                    "send-plan",
                    messages = *messages,
                    size = Size(*bytes).to_string(),
                    target = target,
                    route = relays::describe(settings),
                    pace = pace(&settings.pace(), *messages)
                );
                // A test send goes to its sender alone: no review is asked of it.
                match (approval, test) {
                    (Some(approval), _) => t!(
                        "approve-send-approved",
                        plan = plan,
                        by = approval.by.as_str(),
                        at = approval.when()
                    ),
                    // Said to a page with the page where a colleague approves.
                    (None, None) => t!("approve-send-not-reviewed", plan = plan),
                    (None, Some(_)) => plan,
                }
            }
            Plan::Drafts { messages, mailbox } => t!(
                "send-plan-drafts",
                messages = *messages,
                mailbox = mailbox.as_str()
            ),
        }
    }
}

impl std::fmt::Display for Plan {
    /// The plan with its verb: `send 3 messages, …`, `put 3 messages in the Drafts folder…`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&match self {
            Plan::Send { .. } => t!("send-plan-send", plan = self.words()),
            Plan::Drafts { .. } => t!("send-plan-put", plan = self.words()),
        })
    }
}

/// Says that `plan` goes ahead.
fn going(plan: &Plan, observer: &mut dyn Observer) {
    observer.tell(&|| match plan {
        Plan::Send { .. } => t!("send-sending", plan = plan.words()),
        Plan::Drafts { .. } => t!("send-putting", plan = plan.words()),
    });
}

/// Says what is about to happen and asks for a yes (unless `yes`); `false`: the person said
/// no.
pub(super) fn ask(yes: bool, plan: Plan, observer: &mut dyn Observer) -> Result<bool, RunError> {
    if yes {
        going(&plan, observer);
        return Ok(true);
    }
    if !(std::io::stdin().is_terminal() && std::io::stderr().is_terminal()) {
        return Err(RunError::NoTerminal { plan });
    }
    let (about, question) = if matches!(plan, Plan::Send { .. }) {
        ("confirm-send", "confirm-send-question")
    } else {
        ("confirm-drafts", "confirm-drafts-question")
    };
    eprint!(
        "{}\n{} {} ",
        tr(about, &[("plan", plan.words().into())]),
        i18n::punctuate_in(&tr(question, &[])),
        tr("confirm-choices", &[])
    );
    let _ = std::io::stderr().flush();
    let mut answer = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut answer)
        .map_err(RunError::Answer)?;
    Ok(matches!(
        answer.trim().to_lowercase().as_str(),
        "y" | "yes" | "o" | "oui"
    ))
}

/// The limits in force and how long they make the run last, for the plan a person confirms.
pub(crate) fn pace(plan: &Pace, messages: usize) -> String {
    let mut limits = relays::limits(plan);
    limits.extend(plan.per_domain.iter().map(|(domain, rate)| {
        t!(
            "send-rate-domain",
            rate = rate.to_string(),
            domain = domain.as_str()
        )
    }));
    if let Some(window) = plan.window {
        limits.push(t!("send-rate-window", window = window.to_string()));
    }
    match relays::duration(plan, messages) {
        None => t!("send-pace-unlimited", limits = join_or_none(&limits)),
        Some(duration) => t!(
            "send-pace-limited",
            limits = limits.join(", "),
            duration = Span(duration).to_string()
        ),
    }
}

fn join_or_none(items: &[String]) -> String {
    if items.is_empty() {
        t!("send-pace-none")
    } else {
        items.join(", ")
    }
}
