//! The copies in Sent (`save_sent`): once the relay has the messages, each one it accepted
//! (or the first, for the campaign) goes to the mailbox's Sent folder, dated as it went,
//! without its Bcc (a composed message never has one), flagged `\Seen`.
//!
//! A copy never holds up or undoes a message: the mailbox is written once the delivery is
//! over, its failures are told and leave the exit status as the relay decided it, and the
//! next `send` puts in what is missing (the journal knows which are there).

use std::collections::HashMap;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::commands::copies::{Filed, Filing, Folder as _, ToFile, file};
use crate::commands::mailbox::{self, FolderRole};
use crate::config::{SaveSent, SendSettings};
use crate::events::Observer;
use crate::journal::{Backend, CopyKind, CopyMark, CopyState};
use crate::pipeline::{Pipeline, RunError};
use crate::recipients;

/// Puts in Sent the copies the journal lacks, as `save_sent` asks.
pub(super) fn keep_sent(
    pipeline: &Pipeline,
    settings: &SendSettings,
    journal: &mut dyn Backend,
    relay_password: Option<&crate::secret::Secret>,
    observer: &mut dyn Observer,
) -> Result<(), RunError> {
    let Some(mailbox) = settings.mailbox.as_ref() else {
        return Ok(());
    };
    if settings.save_sent == SaveSent::None {
        return Ok(());
    }
    let accepted = journal.accepted()?;
    let copies = journal.copies(CopyKind::Sent)?;
    let stands = u64::try_from(accepted.len()).unwrap_or(u64::MAX);
    if settings.save_sent == SaveSent::First {
        // The one copy is there: it now stands for every message sent so far.
        if let Some((key, copy)) = copies.iter().find(|(_, c)| c.state == CopyState::Done) {
            if copy.stands != stands {
                journal.mark_copy(CopyMark {
                    key,
                    kind: CopyKind::Sent,
                    state: CopyState::Done,
                    folder: &copy.folder,
                    uid: None,
                    stands,
                })?;
            }
            return Ok(());
        }
    }
    let wanted: HashMap<&str, i64> = accepted
        .iter()
        .filter(|message| {
            copies
                .get(&message.key)
                .is_none_or(|copy| copy.state != CopyState::Done)
        })
        .take(match settings.save_sent {
            SaveSent::First => 1,
            SaveSent::Each | SaveSent::None => usize::MAX,
        })
        .map(|message| (message.key.as_str(), message.at))
        .collect();
    if wanted.is_empty() {
        return Ok(());
    }
    let mut folder = match mailbox::open_folder(mailbox, FolderRole::Sent, relay_password) {
        Ok(folder) => folder,
        Err(error) => {
            observer.tell(&|| {
                t!(
                    "send-copies-none",
                    error = error.to_string(),
                    count = wanted.len()
                )
            });
            return Ok(());
        }
    };
    let rows = recipients::open(&pipeline.campaign.recipients, &pipeline.campaign.read)?;
    let messages = pipeline
        .messages(rows)
        .filter_map(Result::ok)
        .filter_map(|message| {
            let at = *wanted.get(message.key.as_str())?;
            let at = UNIX_EPOCH + Duration::from_secs(u64::try_from(at).unwrap_or(0));
            Some(ToFile::dated(&message, at.min(SystemTime::now())))
        });
    let per_copy = match settings.save_sent {
        SaveSent::First => stands,
        SaveSent::Each | SaveSent::None => 1,
    };
    let filed = file(
        &mut folder,
        journal,
        CopyKind::Sent,
        &copies,
        messages,
        per_copy,
        observer,
    )?;
    tell(&filed, wanted.len(), folder.name(), observer);
    folder.close();
    Ok(())
}

/// What the copies came to, in a line (and a warning when some are missing).
fn tell(filed: &Filed, wanted: usize, folder: &str, observer: &mut dyn Observer) {
    observer.tell(&|| filed.line(Filing::Sent, folder));
    let missing = wanted.saturating_sub(filed.appended + filed.found);
    match &filed.stopped {
        Some(error) => observer.tell(&|| {
            t!(
                "send-copies-stopped",
                error = error.to_string(),
                missing = missing
            )
        }),
        None if missing > 0 => observer.tell(&|| t!("send-copies-gone", missing = missing)),
        None => {}
    }
}
