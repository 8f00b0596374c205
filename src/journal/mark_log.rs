//! The mark log of a file journal: see [`MarkLog`].

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use super::{AddressAnswer, JournalError, State};
use crate::deliver::Reply;

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

    /// `key`'s message is about to go (to `addresses`, when its message has per-address
    /// outcomes). `false`: the log cannot be written (said once).
    pub(super) fn mark(&self, key: &str, addresses: &[String]) -> bool {
        self.append(&mark_line(key, addresses))
    }

    /// What the relay answered for a message.
    pub(super) fn outcome(&self, outcome: &Outcome<'_>) {
        self.append(&outcome.line());
    }

    /// What the relay answered for a message, then `next`'s mark (to `addresses`), in one
    /// write: a session that pipelines sends the next message right after the answer.
    /// `false`: the log cannot be written (said once), and neither line may be there.
    pub(super) fn outcome_then_mark(
        &self,
        outcome: &Outcome<'_>,
        next: &str,
        addresses: &[String],
    ) -> bool {
        let mut lines = outcome.line();
        lines.push_str(&mark_line(next, addresses));
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

/// What the relay answered for one message: its state (its addresses' taken together),
/// and each address's own when the message has per-address outcomes.
pub(super) struct Outcome<'a> {
    pub key: &'a str,
    pub state: State,
    pub reply: &'a Reply,
    pub addresses: &'a [AddressAnswer],
}

impl Outcome<'_> {
    /// `O`, the key, state, code and reply, then four fields more per address.
    fn line(&self) -> String {
        let mut line = format!("O\t{}", field(self.key));
        push_answer(&mut line, self.state, self.reply.code, &self.reply.text);
        for address in self.addresses {
            let _ = write!(line, "\t{}", field(&address.address));
            push_answer(&mut line, address.state, address.code, &address.reply);
        }
        line.push('\n');
        line
    }
}

/// `M`, the key, then the addresses in flight.
fn mark_line(key: &str, addresses: &[String]) -> String {
    let mut line = format!("M\t{}", field(key));
    for address in addresses {
        let _ = write!(line, "\t{}", field(address));
    }
    line.push('\n');
    line
}

fn push_answer(line: &mut String, state: State, code: Option<u16>, reply: &str) {
    let code = code.map_or_else(|| "-".to_string(), |code| code.to_string());
    let _ = write!(line, "\t{}\t{code}\t{}", state.as_str(), field(reply));
}

/// One field of a line of the mark log: no tab or line break in it.
fn field(text: &str) -> String {
    text.replace(['\t', '\n', '\r'], " ")
}

/// What a line says of a message, or of one of its addresses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Entry {
    /// About to go (in flight).
    Marked,
    /// The relay's answer.
    Answered {
        state: State,
        code: Option<u16>,
        reply: String,
    },
}

/// What a mark log says of one message: its last line, and each address's last word (from
/// the outcomes and marks that named it), in the order first named.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Logged {
    pub last: Entry,
    pub addresses: Vec<(String, Entry)>,
}

impl Logged {
    fn tell(&mut self, address: &str, entry: Entry) {
        match self.addresses.iter_mut().find(|(a, _)| a == address) {
            Some((_, last)) => *last = entry,
            None => self.addresses.push((address.to_string(), entry)),
        }
    }
}

/// One line read: its key, what it says of the message, and of each address it names.
struct Line<'a> {
    key: &'a str,
    message: Entry,
    addresses: Vec<(&'a str, Entry)>,
}

fn parse(line: &str) -> Option<Line<'_>> {
    let fields: Vec<&str> = line.split('\t').collect();
    match fields.as_slice() {
        ["M", key, addresses @ ..] => {
            let addresses = addresses.iter().map(|a| (*a, Entry::Marked)).collect();
            Some(Line {
                key,
                message: Entry::Marked,
                addresses,
            })
        }
        ["O", key, state, code, reply, rest @ ..] if rest.len() % 4 == 0 => {
            let message = answered(state, code, reply)?;
            let addresses = rest
                .chunks_exact(4)
                .map(|each| Some((each[0], answered(each[1], each[2], each[3])?)))
                .collect::<Option<Vec<_>>>()?;
            Some(Line {
                key,
                message,
                addresses,
            })
        }
        _ => None,
    }
}

fn answered(state: &str, code: &str, reply: &str) -> Option<Entry> {
    Some(Entry::Answered {
        state: State::parse(state)?,
        code: code.parse().ok(),
        reply: reply.to_string(),
    })
}

/// Reads a mark log (missing: empty), keeping for each message its last line and each of
/// its addresses' last word; a line cut short by the process dying mid-write is left out
/// (its message's mark, if any, came before). A log written before outcomes per address
/// (lines without addresses) reads the same.
pub(super) fn read(path: &Path) -> std::io::Result<Vec<(String, Logged)>> {
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
    let mut logged: HashMap<String, Logged> = HashMap::new();
    let mut order = Vec::new();
    for line in text.split_inclusive('\n').filter(|l| l.ends_with('\n')) {
        let Some(line) = parse(line.trim_end_matches('\n')) else {
            continue;
        };
        let message = logged.entry(line.key.to_string()).or_insert_with(|| {
            order.push(line.key.to_string());
            Logged {
                last: Entry::Marked,
                addresses: Vec::new(),
            }
        });
        message.last = line.message;
        for (address, entry) in line.addresses {
            message.tell(address, entry);
        }
    }
    Ok(order
        .into_iter()
        .filter_map(|key| logged.remove(&key).map(|message| (key, message)))
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

    fn reply(code: u16, text: &str) -> Reply {
        Reply {
            code: Some(code),
            text: text.into(),
        }
    }

    fn answer(address: &str, state: State, code: u16, reply: &str) -> AddressAnswer {
        AddressAnswer {
            address: address.into(),
            state,
            code: Some(code),
            reply: reply.into(),
        }
    }

    #[test]
    fn an_outcome_and_the_next_mark_written_at_once_read_as_two_lines() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("journal.sqlite-marks");
        let log = MarkLog::open(path.clone()).expect("log opens");
        assert!(log.mark("a@ac-lille.fr", &[]));
        let sent = Outcome {
            key: "a@ac-lille.fr",
            state: State::Sent,
            reply: &reply(250, "ok\tqueued"),
            addresses: &[],
        };
        assert!(log.outcome_then_mark(&sent, "b@ac-lille.fr", &[]));
        let text = std::fs::read_to_string(&path).expect("log read");
        // The lines a log had before outcomes per address: older logs read the same.
        assert_eq!(
            text,
            "M\ta@ac-lille.fr\nO\ta@ac-lille.fr\tsent\t250\tok queued\nM\tb@ac-lille.fr\n"
        );
        let entries = read(&path).expect("log parsed");
        let states: Vec<(&str, Option<State>)> = entries
            .iter()
            .map(|(key, logged)| match logged.last {
                Entry::Marked => (key.as_str(), None),
                Entry::Answered { state, .. } => (key.as_str(), Some(state)),
            })
            .collect();
        assert_eq!(
            states,
            [
                ("a@ac-lille.fr", Some(State::Sent)),
                ("b@ac-lille.fr", None)
            ]
        );
        assert!(
            entries
                .iter()
                .all(|(_, logged)| logged.addresses.is_empty())
        );
    }

    /// A refused Cc, then a greylisted one sent again alone and the run killed: the log
    /// says which address got what, and which is in flight.
    #[test]
    fn each_address_s_last_word_is_read_back_across_lines() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("journal.sqlite-marks");
        let log = MarkLog::open(path.clone()).expect("log opens");
        let key = "a@ecole.example,b@ecole.example,c@ecole.example";
        let each = [
            answer("a@ecole.example", State::Sent, 250, "ok"),
            answer("b@ecole.example", State::Failed, 550, "5.1.1 unknown"),
            answer("c@ecole.example", State::Deferred, 451, "greylisted"),
        ];
        let first = Outcome {
            key,
            state: State::Deferred,
            reply: &reply(451, "greylisted"),
            addresses: &each,
        };
        assert!(log.mark(key, &[]));
        assert!(log.outcome_then_mark(&first, key, &["c@ecole.example".into()]));
        // A line cut short by the kill, then one another missive could not have written.
        std::fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .and_then(|mut file| {
                use std::io::Write as _;
                file.write_all(b"O\tx@ecole.example\tsent\t250\tok\tstray\n")
            })
            .expect("appended");
        let text = std::fs::read_to_string(&path).expect("log read");
        assert!(
            text.contains("\tb@ecole.example\tfailed\t550\t5.1.1 unknown\t"),
            "{text}"
        );
        let entries = read(&path).expect("log parsed");
        assert_eq!(entries.len(), 1, "the malformed line is left out");
        let (read_key, logged) = &entries[0];
        assert_eq!(read_key, key);
        assert_eq!(logged.last, Entry::Marked);
        let words: Vec<(&str, Option<State>)> = logged
            .addresses
            .iter()
            .map(|(address, entry)| match entry {
                Entry::Marked => (address.as_str(), None),
                Entry::Answered { state, .. } => (address.as_str(), Some(*state)),
            })
            .collect();
        assert_eq!(
            words,
            [
                ("a@ecole.example", Some(State::Sent)),
                ("b@ecole.example", Some(State::Failed)),
                ("c@ecole.example", None),
            ]
        );
    }
}
