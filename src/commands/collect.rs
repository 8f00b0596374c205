//! `missive collect`: reads what came back to the mailbox after a campaign (bounces, delay
//! warnings, delivery notices, read receipts) into the journal, read-only on the server
//! (EXAMINE, `BODY.PEEK[]`: nothing is deleted, moved or marked read).
//!
//! Each report is matched to this campaign's message by the original Message-ID, and to
//! the address it names (Final-Recipient): a report counts for a Cc or a Bcc only when it
//! names that address; one naming an address the message did not go to (an alias, a
//! forward) counts for its first address. Out-of-office and other automatic replies are
//! not bounces: they are counted, never recorded. Where each folder was read up to is kept
//! (UIDVALIDITY, last UID), so the next run reads only what is new.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use crate::cli::CollectArgs;
use crate::commands::mailbox::{self, FolderRole, Session};
use crate::config::{Campaign, ImapSettings};
use crate::events::{Event, Observer, Summary};
use crate::exit_status::ExitStatus;
use crate::journal::{
    Cursor, JournalError, Location, Recorded, Return, ReturnKind, open_for_collect,
};
use crate::mailbox::imap::ImapError;
use crate::mailbox::reports::{self, Action, Disposition, Returned};
use crate::pipeline::RunError;
use crate::suppression::{self, Suppressed, SuppressionList};

/// Messages fetched at a time: memory stays flat whatever the folder holds.
const BATCH: usize = 200;

pub(crate) fn run(args: &CollectArgs, observer: &mut dyn Observer) -> Result<ExitStatus, RunError> {
    let campaign = Campaign::resolve(&args.common)?;
    let settings = ImapSettings::required(args.mailbox.flags(), &campaign)?;
    if let Location::File(path) = Location::of(&campaign.journal)
        && !path.is_file()
    {
        observer.tell(&|| t!("send-collect-no-journal", path = path.display().to_string()));
        return Ok(ExitStatus::Success);
    }
    let mut journal = open_for_collect(&campaign.journal, &campaign.id)?;
    let ids = journal.messages_by_id()?;
    let Session {
        runtime,
        mut mailbox,
    } = mailbox::open_session(&settings, None)?;
    let mut folders = vec!["INBOX".to_string()];
    folders.extend(settings.bounce_folder.clone());
    let mut tally = Tally::default();
    // The journal is written between the mailbox's steps, never inside them: a shared
    // journal's client blocks, which the mailbox's runtime may not.
    for name in &folders {
        let (folder, state) = runtime
            .block_on(async {
                let folder = mailbox.find_folder(FolderRole::Read, Some(name)).await?;
                let state = mailbox.examine(&folder).await?;
                Ok::<_, ImapError>((folder, state))
            })
            .map_err(CollectError::from)?;
        let known = journal.cursor(folder.name())?;
        let start = match known {
            Some(cursor) if cursor.uid_validity == state.uid_validity => cursor.last_uid,
            _ => 0,
        };
        let mut last = start;
        loop {
            let batch = runtime
                .block_on(mailbox.fetch_after(last, BATCH))
                .map_err(CollectError::from)?;
            if batch.is_empty() {
                break;
            }
            let mut facts = Vec::new();
            for message in &batch {
                last = last.max(message.uid);
                tally.read += 1;
                facts.extend(facts_of(&reports::read(&message.bytes), &ids, &mut tally));
            }
            let cursor = Cursor {
                uid_validity: state.uid_validity,
                last_uid: last,
            };
            journal.record_returns(&facts, folder.name(), cursor)?;
            for fact in &facts {
                observer.event(&Event::Returned(fact));
            }
        }
        if last == start && known.is_none() {
            // Nothing new, and no cursor yet: UIDVALIDITY is kept from now on.
            let cursor = Cursor {
                uid_validity: state.uid_validity,
                last_uid: start,
            };
            journal.record_returns(&[], folder.name(), cursor)?;
        }
    }
    let _ = runtime.block_on(mailbox.logout());
    tell(&tally, &folders, &journal.name(), observer);
    let for_good = std::mem::take(&mut tally.for_good)
        .into_iter()
        .map(|entry| Suppressed {
            campaign: campaign.id.clone(),
            ..entry
        });
    let suppressed = suppress(
        campaign.suppression.as_deref(),
        for_good.collect(),
        observer,
    )?;
    observer.tell(&|| t!("send-collect-next"));
    observer.event(&Event::Summary(&summary(&tally, suppressed)));
    Ok(ExitStatus::Success)
}

/// Puts the addresses that bounced for good on the suppression list at `list`, and says
/// which were new there.
fn suppress(
    list: Option<&Path>,
    bounced: Vec<Suppressed>,
    observer: &mut dyn Observer,
) -> Result<usize, RunError> {
    if bounced.is_empty() {
        return Ok(0);
    }
    let Some(list) = list else {
        observer.tell(&|| t!("send-collect-no-list", count = bounced.len()));
        return Ok(0);
    };
    let added = SuppressionList::add(list, bounced)?;
    let count = added.len();
    if !added.is_empty() {
        let addresses = added
            .iter()
            .map(|entry| format!("`{}`", entry.address))
            .collect::<Vec<_>>()
            .join(", ");
        observer.tell(&|| {
            t!(
                "send-collect-suppressed",
                count = added.len(),
                list = list.display().to_string(),
                addresses = addresses.clone()
            )
        });
    }
    Ok(count)
}

/// The `summary` event: what the run read, recorded and put on the suppression list.
fn summary(tally: &Tally, suppressed: usize) -> Summary {
    let mut counts = vec![("read", tally.read)];
    counts.extend(ReturnKind::ALL.iter().map(|kind| {
        (
            kind.summary_word(),
            tally.recorded.get(kind).copied().unwrap_or(0),
        )
    }));
    counts.extend([
        ("auto_replies", tally.auto_replies),
        ("elsewhere", tally.elsewhere),
        ("suppressed", suppressed),
    ]);
    Summary {
        command: "collect",
        exit_code: ExitStatus::Success as u8,
        counts,
        ..Summary::default()
    }
}

/// What can stop a collect: the mailbox, or the journal.
#[derive(Debug, thiserror::Error)]
enum CollectError {
    #[error(transparent)]
    Imap(#[from] ImapError),
    #[error(transparent)]
    Journal(#[from] JournalError),
}

impl From<CollectError> for RunError {
    fn from(error: CollectError) -> Self {
        match error {
            CollectError::Imap(error) => RunError::Mailbox(error.into()),
            CollectError::Journal(error) => RunError::Journal(error),
        }
    }
}

/// What this run read.
#[derive(Debug, Default)]
struct Tally {
    read: usize,
    recorded: BTreeMap<ReturnKind, usize>,
    auto_replies: usize,
    /// Reports about messages of another campaign (or none).
    elsewhere: usize,
    /// The addresses reports named as bounced for good: for the suppression list.
    for_good: Vec<Suppressed>,
}

/// The journal's facts from one message of the mailbox.
fn facts_of(
    returned: &Returned,
    ids: &HashMap<String, Recorded>,
    tally: &mut Tally,
) -> Vec<Return> {
    let key_of = |id: &Option<String>| id.as_ref().and_then(|id| ids.get(&format!("<{id}>")));
    let mut facts = Vec::new();
    match returned {
        Returned::Delivery(report) => {
            let Some(recorded) = key_of(&report.original_message_id) else {
                tally.elsewhere += 1;
                return facts;
            };
            for recipient in &report.recipients {
                let address = recorded.address_for(Some(&recipient.final_recipient));
                let kind = match recipient.action {
                    Action::Failed => ReturnKind::Bounced,
                    Action::Delayed => ReturnKind::Delayed,
                    Action::Delivered | Action::Relayed | Action::Expanded => ReturnKind::Delivered,
                };
                let at = recipient
                    .last_attempt
                    .or(report.arrival)
                    .map_or_else(now, |time| time.timestamp());
                // Only an address the report names goes on the suppression list, not one
                // it was inferred for (an alias, a forward).
                if kind == ReturnKind::Bounced
                    && suppression::is_for_good(recipient.status.as_deref())
                    && address.eq_ignore_ascii_case(&recipient.final_recipient)
                {
                    tally.for_good.push(Suppressed {
                        address: address.clone(),
                        status: recipient.status.clone().unwrap_or_default(),
                        diagnostic: recipient.diagnostic.clone().unwrap_or_default(),
                        bounced: chrono::DateTime::from_timestamp(at, 0)
                            .map(|time| time.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
                            .unwrap_or_default(),
                        campaign: String::new(),
                    });
                }
                if facts
                    .iter()
                    .any(|fact: &Return| fact.address == address && fact.kind == kind)
                {
                    // Two addresses of the report taken for the same one of ours.
                    continue;
                }
                facts.push(Return {
                    address,
                    key: recorded.key.clone(),
                    kind,
                    at,
                    status: recipient.status.clone(),
                    diagnostic: recipient.diagnostic.clone(),
                });
            }
        }
        Returned::Disposition(report) => {
            let Some(recorded) = key_of(&report.original_message_id) else {
                tally.elsewhere += 1;
                return facts;
            };
            if report.disposition == Disposition::Displayed {
                facts.push(Return {
                    address: recorded.address_for(report.final_recipient.as_deref()),
                    key: recorded.key.clone(),
                    kind: ReturnKind::Read,
                    at: now(),
                    status: None,
                    diagnostic: None,
                });
            }
        }
        Returned::AutoReply {
            original_message_ids,
            ..
        } => {
            if original_message_ids
                .iter()
                .any(|id| ids.contains_key(&format!("<{id}>")))
            {
                tally.auto_replies += 1;
            }
        }
        Returned::Other => {}
    }
    for fact in &facts {
        *tally.recorded.entry(fact.kind).or_default() += 1;
    }
    facts
}

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// What the run found, in a few lines.
fn tell(tally: &Tally, folders: &[String], journal: &str, observer: &mut dyn Observer) {
    let folders = || {
        folders
            .iter()
            .map(|f| format!("`{f}`"))
            .collect::<Vec<_>>()
            .join(&format!(" {} ", t!("send-collect-and")))
    };
    observer.tell(&|| t!("send-collect-read", count = tally.read, folders = folders()));
    if tally.recorded.is_empty() {
        observer.tell(&|| t!("send-collect-nothing"));
    } else {
        let counts = || {
            tally
                .recorded
                .iter()
                .map(|(kind, count)| t!("send-collect-kind", kind = kind.as_str(), count = *count))
                .collect::<Vec<_>>()
                .join(", ")
        };
        observer.tell(&|| {
            t!(
                "send-collect-recorded",
                journal = journal,
                counts = counts()
            )
        });
    }
    if tally.auto_replies > 0 {
        observer.tell(&|| t!("send-collect-auto-replies", count = tally.auto_replies));
    }
    if tally.elsewhere > 0 {
        observer.tell(&|| t!("send-collect-elsewhere", count = tally.elsewhere));
    }
}
