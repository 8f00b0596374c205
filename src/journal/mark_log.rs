//! The mark log of a file journal: see [`MarkLog`].

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use super::{JournalError, State};

/// Every mark and every outcome of a run, each one line appended to a file by the session
/// itself before the message goes (`M`) or once the relay answered (`O`): one `write(2)`,
/// no thread to wake and no transaction to wait for. A claimed message goes on its mark in
/// the log alone; another waits for the journal's commit of its mark as well, which the
/// log holds too, so that its last line is never an outcome older than that mark. A line is in the
/// system's hands once written, so it outlives the process, which is all a mark needs
/// (the claim, synced, answers for a power cut). The journal's rows follow a little later,
/// from the writer thread; a run that dies leaves the log for the next run to read
/// ([`super::Journal::settle_abandoned`]), one that ends empties it.
pub(super) struct MarkLog {
    path: PathBuf,
    file: Mutex<std::fs::File>,
    /// Messages whose claim is on the disk: only their marks may go to the log.
    claimed: Mutex<HashSet<String>>,
    /// The first write that failed: the run stops, and its error says why.
    failure: Mutex<Option<std::io::Error>>,
}

impl MarkLog {
    pub(super) fn open(path: PathBuf) -> Result<Self, JournalError> {
        let file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .map_err(|source| JournalError::Io {
                path: path.clone(),
                source,
            })?;
        Ok(Self {
            path,
            file: Mutex::new(file),
            claimed: Mutex::default(),
            failure: Mutex::default(),
        })
    }

    /// Why the log could not be written, if it could not.
    pub(super) fn failure(&self) -> Option<JournalError> {
        let failure = self.failure.lock().unwrap_or_else(PoisonError::into_inner);
        failure.as_ref().map(|error| JournalError::MarkLog {
            path: self.path.clone(),
            source: std::io::Error::new(error.kind(), error.to_string()),
        })
    }

    /// These messages' claim is on the disk.
    pub(super) fn claimed(&self, keys: &[String]) {
        self.claimed
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .extend(keys.iter().cloned());
    }

    /// `key`'s message is about to go. `false`: the log cannot be written (said once).
    pub(super) fn mark(&self, key: &str) -> bool {
        self.append(&mark_line(key))
    }

    /// What the relay answered for `key`'s message.
    pub(super) fn outcome(&self, key: &str, state: State, code: Option<u16>, reply: &str) {
        self.append(&outcome_line(key, state, code, reply));
    }

    /// What the relay answered for `key`'s message, then `next`'s mark, in one write: a
    /// session that pipelines sends the next message right after the answer. `false`: the
    /// log cannot be written (said once), and neither line may be there.
    pub(super) fn outcome_then_mark(
        &self,
        key: &str,
        state: State,
        code: Option<u16>,
        reply: &str,
        next: &str,
    ) -> bool {
        let mut lines = outcome_line(key, state, code, reply);
        lines.push_str(&mark_line(next));
        self.append(&lines)
    }

    /// Appends one line; keeps the first error when it cannot.
    fn append(&self, line: &str) -> bool {
        use std::io::Write as _;
        let mut file = self.file.lock().unwrap_or_else(PoisonError::into_inner);
        match file.write_all(line.as_bytes()) {
            Ok(()) => true,
            Err(error) => {
                self.failure
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .get_or_insert(error);
                false
            }
        }
    }

    pub(super) fn is_claimed(&self, key: &str) -> bool {
        self.claimed
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .contains(key)
    }
}

fn mark_line(key: &str) -> String {
    format!("M\t{}\n", field(key))
}

fn outcome_line(key: &str, state: State, code: Option<u16>, reply: &str) -> String {
    let code = code.map_or_else(|| "-".to_string(), |code| code.to_string());
    format!(
        "O\t{}\t{}\t{code}\t{}\n",
        field(key),
        state.as_str(),
        field(reply)
    )
}

/// One field of a line of the mark log: no tab or line break in it.
fn field(text: &str) -> String {
    text.replace(['\t', '\n', '\r'], " ")
}

/// The last line of each message in a mark log.
pub(super) enum Entry {
    Marked,
    Answered {
        state: String,
        code: Option<i64>,
        reply: String,
    },
}

/// Reads a mark log (missing: empty), keeping each message's last line; a line cut short
/// by the process dying mid-write is left out (its message's mark, if any, came before).
pub(super) fn read(path: &Path) -> std::io::Result<Vec<(String, Entry)>> {
    match std::fs::metadata(path) {
        Ok(metadata) if metadata.is_file() => {}
        Ok(_) => {
            return Err(std::io::Error::other(
                "it is not a plain file, as the mark log must be: remove it (missive writes a new one)",
            ));
        }
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(error) => return Err(error),
    }
    let text = String::from_utf8_lossy(&std::fs::read(path)?).into_owned();
    let mut last: HashMap<String, Entry> = HashMap::new();
    let mut order = Vec::new();
    for line in text.split_inclusive('\n').filter(|l| l.ends_with('\n')) {
        let fields: Vec<&str> = line.trim_end_matches('\n').split('\t').collect();
        let entry = match fields.as_slice() {
            ["M", key] => Some((*key, Entry::Marked)),
            ["O", key, state, code, reply] if State::parse(state).is_some() => Some((
                *key,
                Entry::Answered {
                    state: (*state).to_string(),
                    code: code.parse().ok(),
                    reply: (*reply).to_string(),
                },
            )),
            _ => None,
        };
        if let Some((key, entry)) = entry {
            if !last.contains_key(key) {
                order.push(key.to_string());
            }
            last.insert(key.to_string(), entry);
        }
    }
    Ok(order
        .into_iter()
        .filter_map(|key| last.remove(&key).map(|entry| (key, entry)))
        .collect())
}

/// The mark log beside the journal: `journal.sqlite-marks`.
pub(super) fn path_beside(journal: &Path) -> PathBuf {
    let mut name = journal.as_os_str().to_os_string();
    name.push("-marks");
    PathBuf::from(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_outcome_and_the_next_mark_written_at_once_read_as_two_lines() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("journal.sqlite-marks");
        let log = MarkLog::open(path.clone()).expect("log opens");
        assert!(log.mark("a@ac-lille.fr"));
        assert!(log.outcome_then_mark(
            "a@ac-lille.fr",
            State::Sent,
            Some(250),
            "ok\tqueued",
            "b@ac-lille.fr"
        ));
        let text = std::fs::read_to_string(&path).expect("log read");
        assert_eq!(
            text,
            "M\ta@ac-lille.fr\nO\ta@ac-lille.fr\tsent\t250\tok queued\nM\tb@ac-lille.fr\n"
        );
        let entries = read(&path).expect("log parsed");
        let states: Vec<(&str, Option<&str>)> = entries
            .iter()
            .map(|(key, entry)| match entry {
                Entry::Marked => (key.as_str(), None),
                Entry::Answered { state, .. } => (key.as_str(), Some(state.as_str())),
            })
            .collect();
        assert_eq!(
            states,
            [("a@ac-lille.fr", Some("sent")), ("b@ac-lille.fr", None)]
        );
    }
}
