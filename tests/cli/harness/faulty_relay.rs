//! A real SMTP server that misbehaves the way real relays do, as a [`Script`] says:
//! greylisting, refused recipients, replies to MAIL, a recipient limit, what happens at the
//! end of DATA, a connection dropped in the middle of DATA, no greeting, a size limit,
//! SMTPUTF8 or not.
//!
//! The server is `faulty_relay.py` beside this file, on Debian's `python3-aiosmtpd` (an
//! implementation we did not write), run as its own process; it logs every command with its
//! reply ([`FaultyRelay::events`]) and keeps every accepted message
//! ([`FaultyRelay::received`]).
//!
//! What aiosmtpd does that a test must know:
//! - EHLO offers `SIZE` (33554432 unless [`Script::size_limit`]), `8BITMIME`, `SMTPUTF8` only
//!   with [`Script::smtputf8`], and `HELP`; never `PIPELINING`, so clients go step by step.
//! - MAIL with `SIZE=` above the limit gets `552 Error: message size exceeds fixed maximum
//!   message size`; a message above it gets `552 Error: Too much mail data` after its dot.
//!   MAIL with `SMTPUTF8` when it is not offered gets `501 Error: SMTPUTF8 disabled`, and a
//!   command with non-ASCII bytes `500 Error: strict ASCII mode`.
//! - `mail_options` are the MAIL parameters upper-cased (`SIZE=123`, `BODY=8BITMIME`).
//! - `data` is the message as received, CRLF kept, dot-stuffing undone, up to the CRLF
//!   before the final dot.
//! - A reply `421` (to MAIL, or after the dot) closes the connection, as real servers do.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use super::{eventually, parse_mime, skip_without};

const SERVER: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/cli/harness/faulty_relay.py"
);

/// What the relay does at the end of DATA (the final dot).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AfterDot {
    /// `250`, the message stored.
    Accept,
    /// Closes the connection without a reply.
    Drop,
    /// Sends `hello there`, which is no SMTP reply, and keeps the session.
    Garbage,
    /// Never replies; keeps the connection open.
    Silent,
    /// This reply (421, 451 or 554) in Postfix's words; 421 then closes the connection.
    Reply(u16),
}

impl AfterDot {
    fn wire(self) -> String {
        match self {
            Self::Accept => "accept".into(),
            Self::Drop => "drop".into(),
            Self::Garbage => "garbage".into(),
            Self::Silent => "silent".into(),
            Self::Reply(code) => {
                assert!(
                    [421, 451, 554].contains(&code),
                    "faulty_relay.py knows the replies 421, 451 and 554 after the dot"
                );
                code.to_string()
            }
        }
    }
}

/// How the relay misbehaves; each behaviour is off until set, and any can be combined.
#[derive(Clone, Debug, Default, Serialize)]
#[allow(clippy::struct_excessive_bools)] // each bool is a switch of the script, as JSON
pub struct Script {
    greylist_seconds: Option<f64>,
    refuse_rcpt: BTreeMap<String, (u16, String)>,
    mail_reply: Option<(u16, String)>,
    mail_reply_times: Option<u32>,
    too_many_recipients: Option<usize>,
    after_dot: Option<String>,
    after_dot_from: Option<u32>,
    drop_in_data: bool,
    no_greeting: bool,
    size_limit: Option<u64>,
    smtputf8: bool,
    dsn: bool,
}

impl Script {
    /// A relay that accepts everything.
    pub fn new() -> Self {
        Self::default()
    }

    /// The first RCPT of each address gets `451 4.7.1 <addr>: Recipient address rejected:
    /// Greylisted, try again later`; RCPTs for it `delay` or more after that one get 250.
    pub fn greylist(mut self, delay: Duration) -> Self {
        self.greylist_seconds = Some(delay.as_secs_f64());
        self
    }

    /// Every RCPT for `address` (in any case) gets `code text`.
    pub fn refuse_rcpt(mut self, address: &str, code: u16, text: &str) -> Self {
        self.refuse_rcpt
            .insert(address.to_owned(), (code, text.to_owned()));
        self
    }

    /// MAIL gets `code text`: the first `times` MAILs (across sessions), or all with `None`.
    pub fn mail_reply(mut self, code: u16, text: &str, times: Option<u32>) -> Self {
        self.mail_reply = Some((code, text.to_owned()));
        self.mail_reply_times = times;
        self
    }

    /// RCPTs beyond `limit` accepted ones in a transaction get `452 4.5.3 Too many recipients`.
    pub fn too_many_recipients(mut self, limit: usize) -> Self {
        self.too_many_recipients = Some(limit);
        self
    }

    /// `what` at the end of DATA of the `from_nth` message whose dot the relay saw (1-based,
    /// across sessions) and every later one; those before are accepted.
    pub fn after_dot(mut self, what: AfterDot, from_nth: u32) -> Self {
        self.after_dot = Some(what.wire());
        self.after_dot_from = Some(from_nth);
        self
    }

    /// After its 354 to DATA, reads three lines of the message and closes the connection.
    pub fn drop_in_data(mut self) -> Self {
        self.drop_in_data = true;
        self
    }

    /// Accepts connections but never sends the 220 greeting.
    pub fn no_greeting(mut self) -> Self {
        self.no_greeting = true;
        self
    }

    /// EHLO offers `SIZE bytes`, and the relay enforces it.
    pub fn size_limit(mut self, bytes: u64) -> Self {
        self.size_limit = Some(bytes);
        self
    }

    /// Whether EHLO offers DSN (RFC 3461) and the relay takes its parameters (not by
    /// default).
    pub fn dsn(mut self, offered: bool) -> Self {
        self.dsn = offered;
        self
    }

    /// Whether EHLO offers SMTPUTF8 (not by default).
    pub fn smtputf8(mut self, offered: bool) -> Self {
        self.smtputf8 = offered;
        self
    }
}

/// The script with the files the relay writes, as `faulty_relay.py` reads it.
#[derive(Serialize)]
struct Run {
    #[serde(flatten)]
    script: Script,
    port_file: PathBuf,
    log_file: PathBuf,
    messages_dir: PathBuf,
}

/// One message the relay accepted.
#[derive(Clone, Debug)]
pub struct Received {
    pub mail_from: String,
    pub rcpt_to: Vec<String>,
    /// The MAIL parameters, upper-cased by aiosmtpd: `SIZE=123`, `BODY=8BITMIME`, `SMTPUTF8`.
    pub mail_options: Vec<String>,
    /// The message as received; see the module documentation.
    pub data: Vec<u8>,
}

impl Received {
    /// The message parsed as MIME; panics when it does not parse.
    #[track_caller]
    pub fn parsed(&self) -> mail_parser::Message<'_> {
        parse_mime(&self.data)
    }
}

#[derive(Deserialize)]
struct Envelope {
    mail_from: String,
    rcpt_tos: Vec<String>,
    mail_options: Vec<String>,
}

/// One line of the relay's log.
#[derive(Clone, Debug, Deserialize)]
pub struct RelayEvent {
    /// Seconds since the relay started, by its monotonic clock.
    #[serde(rename = "t")]
    pub time: f64,
    /// Which connection, counted from 1 in the order they were opened.
    #[serde(rename = "conn")]
    pub connection: u32,
    /// An SMTP command (`MAIL`), `connect`, `greeting`, `close`, or `.` (the end of DATA).
    pub verb: String,
    /// The command's argument as sent (`FROM:<a@b> SIZE=12`).
    #[serde(rename = "arg")]
    pub argument: String,
    /// MAIL's and RCPT's parameters as sent (`SIZE=12`).
    pub params: Vec<String>,
    /// The reply's code; `None` for no reply or one that was not an SMTP reply.
    pub code: Option<u16>,
}

/// A running `faulty_relay.py`; killed when dropped.
pub struct FaultyRelay {
    child: Child,
    port: u16,
    dir: tempfile::TempDir,
}

impl FaultyRelay {
    /// Starts a relay playing `script` on a free loopback port. `None` (with a notice) when
    /// Python 3 with aiosmtpd is missing; under CI that fails the test instead.
    pub fn start(script: Script) -> Option<Self> {
        let Some(python) = python() else {
            skip_without(
                "no python3 with aiosmtpd: `apt-get install python3-aiosmtpd` (Debian), or run `.ci/run`, which installs it",
            );
            return None;
        };
        let dir = tempfile::tempdir().expect("temp dir");
        let run = Run {
            script,
            port_file: dir.path().join("port"),
            log_file: dir.path().join("events.jsonl"),
            messages_dir: dir.path().join("messages"),
        };
        std::fs::create_dir(&run.messages_dir).expect("the messages folder");
        let script_file = dir.path().join("script.json");
        let json = serde_json::to_vec(&run).expect("a script as JSON");
        std::fs::write(&script_file, json).expect("script.json");
        let stderr = std::fs::File::create(dir.path().join("stderr")).expect("a stderr file");
        let child = Command::new(python)
            .arg(SERVER)
            .arg(&script_file)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(stderr)
            .spawn()
            .expect("python3 starts");
        let mut relay = Self {
            child,
            port: 0,
            dir,
        };
        relay.port = relay.wait_for_port(&run.port_file);
        Some(relay)
    }

    fn wait_for_port(&mut self, port_file: &Path) -> u16 {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Ok(port) = std::fs::read_to_string(port_file) {
                return port.trim().parse().expect("a port number");
            }
            let exited = self.child.try_wait().expect("the relay's status");
            assert!(
                exited.is_none() && Instant::now() < deadline,
                "faulty_relay.py does not listen ({exited:?}):\n{}",
                self.stderr()
            );
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    /// What the relay printed on its standard error (Python's tracebacks).
    pub fn stderr(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("stderr")).unwrap_or_default()
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// `smtp://127.0.0.1:PORT`, the form `--smtp` and lettre's `from_url` take.
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// The messages accepted so far, in the order their DATA ended.
    pub fn received(&self) -> Vec<Received> {
        let folder = self.dir.path().join("messages");
        let mut envelopes: Vec<PathBuf> = std::fs::read_dir(&folder)
            .expect("the messages folder")
            .map(|entry| entry.expect("an entry").path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
            .collect();
        envelopes.sort();
        envelopes
            .iter()
            .map(|path| {
                let json = std::fs::read(path).expect("a message's envelope");
                let envelope: Envelope = serde_json::from_slice(&json).expect("an envelope");
                Received {
                    mail_from: envelope.mail_from,
                    rcpt_to: envelope.rcpt_tos,
                    mail_options: envelope.mail_options,
                    data: std::fs::read(path.with_extension("eml")).expect("a message"),
                }
            })
            .collect()
    }

    /// Everything logged so far, in order.
    pub fn events(&self) -> Vec<RelayEvent> {
        let log = std::fs::read_to_string(self.dir.path().join("events.jsonl")).unwrap_or_default();
        // A line still being written has no newline yet.
        let complete = log.rfind('\n').map_or("", |end| &log[..end]);
        complete
            .lines()
            .map(|line| serde_json::from_str(line).expect("a log line"))
            .collect()
    }

    /// The RCPTs for `address` (in any case): when each came and the code it got.
    pub fn rcpt_attempts(&self, address: &str) -> Vec<(f64, u16)> {
        let wanted = format!("<{}>", address.to_lowercase());
        self.events()
            .into_iter()
            .filter(|event| event.verb == "RCPT" && event.argument.to_lowercase().contains(&wanted))
            .filter_map(|event| Some((event.time, event.code?)))
            .collect()
    }

    /// How many connections were opened.
    pub fn connections(&self) -> usize {
        self.events()
            .iter()
            .filter(|event| event.verb == "connect")
            .count()
    }

    /// Whether `count` messages were accepted before `patience` passed.
    pub fn wait_for_messages(&self, count: usize, patience: Duration) -> bool {
        eventually(patience, || self.received().len() >= count)
    }

    /// Whether the log came to satisfy `condition` before `patience` passed.
    pub fn wait_for_events(
        &self,
        patience: Duration,
        mut condition: impl FnMut(&[RelayEvent]) -> bool,
    ) -> bool {
        eventually(patience, || condition(&self.events()))
    }
}

impl Drop for FaultyRelay {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The first of `python3` and Debian's `/usr/bin/python3` (a `python3` on the PATH may be
/// another one, pyenv's, without Debian's packages) that imports aiosmtpd.
fn python() -> Option<&'static str> {
    static PYTHON: OnceLock<Option<&'static str>> = OnceLock::new();
    *PYTHON.get_or_init(|| {
        ["python3", "/usr/bin/python3"].into_iter().find(|python| {
            Command::new(python)
                .args(["-c", "import aiosmtpd"])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|status| status.success())
        })
    })
}
