//! Filing messages in a mailbox folder, each once: the copies `send` keeps in Sent and the
//! drafts `missive drafts` writes to Drafts.
//!
//! The journal says which are there already ([`CopyKind`], [`CopyState`]). Each copy is
//! marked `appending` before it goes and `done` once the server took it; one left
//! `appending` by a run that stopped in between is looked for in the folder (by its
//! Message-ID) before it is appended again. The folder itself is behind [`Folder`]: the IMAP
//! mailbox in a run, a list in the tests.

use std::collections::HashMap;
use std::time::SystemTime;

use crate::compose::Outgoing;
use crate::events::{Event, Observer};
use crate::journal::{Backend, Copy, CopyKind, CopyMark, CopyState, JournalError};

/// A folder messages are filed in.
pub(crate) trait Folder {
    /// The folder's name as a person reads it.
    fn name(&self) -> &str;
    /// Whether a message with this Message-ID is in the folder.
    fn contains(&mut self, message_id: &str) -> Result<bool, FolderError>;
    /// Puts `bytes` in the folder, dated `at`; the server's UID for it, when it says.
    fn append(&mut self, bytes: &[u8], at: SystemTime) -> Result<Option<u32>, FolderError>;
}

/// Why the folder took no more, for a person.
#[derive(Debug, Clone, thiserror::Error)]
pub(crate) enum FolderError {
    /// The session with the mailbox was lost before.
    #[error("{}", t!("mailbox-session-lost"))]
    Lost,
    /// What the mailbox answered, said in the run's language when shown.
    #[error(transparent)]
    Imap(std::sync::Arc<crate::mailbox::imap::ImapError>),
    /// The server's own words (a test's folder).
    #[cfg(test)]
    #[error("{0}")]
    Said(String),
}

impl PartialEq for FolderError {
    fn eq(&self, other: &Self) -> bool {
        self.to_string() == other.to_string()
    }
}

impl Eq for FolderError {}

/// One message to file: its journal key, its bytes as they are to be kept, its date.
pub(crate) struct ToFile {
    pub key: String,
    pub message_id: String,
    pub bytes: Vec<u8>,
    pub at: SystemTime,
}

impl ToFile {
    /// A message as composed, dated `at` (a copy of a sent message: when it went).
    pub(crate) fn dated(message: &Outgoing, at: SystemTime) -> Self {
        Self {
            key: message.key.clone(),
            message_id: message.message_id.clone(),
            bytes: message.bytes.dated(at),
            at,
        }
    }
}

/// What filing did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Filed {
    /// Appended by this run.
    pub appended: usize,
    /// Found in the folder already (a run stopped between appending and recording it).
    pub found: usize,
    /// Left for the next run: the folder failed (its words in `stopped`).
    pub left: usize,
    pub stopped: Option<FolderError>,
}

impl Filed {
    /// What was filed, in a line: `drafts in `Brouillons`: `3` put in`.
    pub(crate) fn line(&self, what: Filing, folder: &str) -> String {
        let mut line = match what {
            Filing::Drafts => t!("send-filed-drafts", folder = folder, count = self.appended),
            Filing::Sent => t!("send-filed-sent", folder = folder, count = self.appended),
        };
        if self.found > 0 {
            line.push_str(&t!("send-filed-found", found = self.found));
        }
        line
    }
}

/// What a folder is filled with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Filing {
    /// Drafts, to send from the mail client.
    Drafts,
    /// Copies of the messages sent.
    Sent,
}

/// Files each message of `messages` that the journal does not have in the folder yet
/// (`copies`: the journal's copies of `kind`); `stands` is what each copy stands for (1, or
/// a campaign's count for a single copy). Stops at the folder's first failure, counting
/// what is left; a journal that cannot be written is the run's error.
pub(crate) fn file(
    folder: &mut dyn Folder,
    journal: &mut dyn Backend,
    kind: CopyKind,
    copies: &HashMap<String, Copy>,
    messages: impl IntoIterator<Item = ToFile>,
    stands: u64,
    observer: &mut dyn Observer,
) -> Result<Filed, JournalError> {
    let mut filed = Filed::default();
    let folder_name = folder.name().to_string();
    let tell = |observer: &mut dyn Observer, message: &ToFile, found: bool| {
        observer.event(&Event::Filed {
            kind,
            folder: &folder_name,
            key: &message.key,
            message_id: &message.message_id,
            found,
        });
    };
    for message in messages {
        let known = copies.get(&message.key).map(|copy| copy.state);
        if known == Some(CopyState::Done) {
            continue;
        }
        if filed.stopped.is_some() {
            filed.left += 1;
            continue;
        }
        let key = message.key.as_str();
        let mark = |state, uid| CopyMark {
            key,
            kind,
            state,
            folder: &folder_name,
            uid,
            stands,
        };
        if known == Some(CopyState::Appending) {
            match folder.contains(&message.message_id) {
                Ok(true) => {
                    journal.mark_copy(mark(CopyState::Done, None))?;
                    filed.found += 1;
                    tell(observer, &message, true);
                    continue;
                }
                Ok(false) => {}
                Err(error) => {
                    filed.stopped = Some(error);
                    filed.left += 1;
                    continue;
                }
            }
        }
        journal.mark_copy(mark(CopyState::Appending, None))?;
        match folder.append(&message.bytes, message.at) {
            Ok(uid) => {
                journal.mark_copy(mark(CopyState::Done, uid))?;
                filed.appended += 1;
                tell(observer, &message, false);
            }
            Err(error) => {
                filed.stopped = Some(error);
                filed.left += 1;
            }
        }
    }
    Ok(filed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::Journal;

    /// A folder in memory that fails its `fail_at`-th append (from 1) and every one after.
    struct Listed {
        held: Vec<(String, Vec<u8>)>,
        appends: usize,
        fail_at: Option<usize>,
    }

    impl Folder for Listed {
        fn name(&self) -> &'static str {
            "Éléments envoyés"
        }

        fn contains(&mut self, message_id: &str) -> Result<bool, FolderError> {
            Ok(self.held.iter().any(|(id, _)| id == message_id))
        }

        fn append(&mut self, bytes: &[u8], _at: SystemTime) -> Result<Option<u32>, FolderError> {
            self.appends += 1;
            if self.fail_at.is_some_and(|at| self.appends >= at) {
                return Err(FolderError::Said("NO [OVERQUOTA] Quota exceeded".into()));
            }
            let id = String::from_utf8_lossy(bytes).into_owned();
            self.held.push((id, bytes.to_vec()));
            Ok(u32::try_from(self.held.len()).ok())
        }
    }

    fn message(n: usize) -> ToFile {
        ToFile {
            key: format!("ce.{n}@ac-lille.example"),
            message_id: format!("<{n}.rentree@ac-lille.example>"),
            bytes: format!("<{n}.rentree@ac-lille.example>").into_bytes(),
            at: SystemTime::UNIX_EPOCH,
        }
    }

    #[test]
    fn each_message_is_filed_once_across_runs_even_after_a_failure() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut journal = Journal::open(&dir.path().join("j.sqlite")).expect("journal");
        let mut folder = Listed {
            held: Vec::new(),
            appends: 0,
            fail_at: Some(3),
        };
        let filed = run_again(&mut folder, &mut journal);
        assert_eq!(filed.appended, 2);
        assert_eq!(filed.left, 3);
        assert_eq!(
            filed.stopped,
            Some(FolderError::Said("NO [OVERQUOTA] Quota exceeded".into()))
        );

        // The next run files the three left, and none of the first two again.
        folder.fail_at = None;
        let filed = run_again(&mut folder, &mut journal);
        assert_eq!((filed.appended, filed.found, filed.left), (3, 0, 0));
        assert_eq!(folder.held.len(), 5);
        let ids: Vec<&str> = folder.held.iter().map(|(id, _)| id.as_str()).collect();
        assert_eq!(
            ids,
            (0..5)
                .map(|n| format!("<{n}.rentree@ac-lille.example>"))
                .collect::<Vec<_>>()
        );
        let third = run_again(&mut folder, &mut journal);
        assert_eq!(third, Filed::default(), "nothing twice");
    }

    /// The Message-IDs of the `filed` events, and whether each was found there already.
    #[derive(Default)]
    struct Seen(Vec<(String, bool)>);

    impl Observer for Seen {
        fn event(&mut self, event: &Event<'_>) {
            if let Event::Filed {
                message_id, found, ..
            } = event
            {
                self.0.push(((*message_id).to_string(), *found));
            }
        }

        fn say(&mut self, _line: &str) {}
    }

    fn run_again(folder: &mut Listed, journal: &mut Journal) -> Filed {
        let copies = journal.copies(CopyKind::Sent).expect("copies");
        let mut seen = Seen::default();
        let filed = file(
            folder,
            journal,
            CopyKind::Sent,
            &copies,
            (0..5).map(message),
            1,
            &mut seen,
        )
        .expect("journal written");
        assert_eq!(
            seen.0.len(),
            filed.appended + filed.found,
            "one event per message filed"
        );
        assert_eq!(
            seen.0.iter().filter(|(_, found)| *found).count(),
            filed.found
        );
        filed
    }

    #[test]
    fn a_copy_left_appending_is_looked_for_before_it_is_appended_again() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut journal = Journal::open(&dir.path().join("j.sqlite")).expect("journal");
        // A run stopped after the server took message 0 and before the journal said so;
        // message 1 was marked and never reached the server.
        let mut folder = Listed {
            held: vec![(
                "<0.rentree@ac-lille.example>".into(),
                b"<0.rentree@ac-lille.example>".to_vec(),
            )],
            appends: 0,
            fail_at: None,
        };
        for n in 0..2 {
            let key = format!("ce.{n}@ac-lille.example");
            journal
                .mark_copy(CopyMark {
                    key: &key,
                    kind: CopyKind::Sent,
                    state: CopyState::Appending,
                    folder: "Éléments envoyés",
                    uid: None,
                    stands: 1,
                })
                .expect("mark");
        }
        let filed = run_again(&mut folder, &mut journal);
        assert_eq!((filed.appended, filed.found), (4, 1));
        assert_eq!(folder.held.len(), 5, "message 0 once");
        let copies = journal.copies(CopyKind::Sent).expect("copies");
        assert!(
            copies
                .values()
                .all(|copy| copy.state == CopyState::Done && copy.folder == "Éléments envoyés")
        );
    }
}
