//! The mailin `Handler` behind the test SMTP server: it records each session
//! into state shared by all sessions, and asks the test's script for replies.
//!
//! mailin clones the handler given to its `Server` for each accepted
//! connection, in its accept loop, even when every pool thread is busy and the
//! connection has to wait; it drops the clone when the session ends. So a
//! session is counted as open from its first HELO/EHLO (a pool thread is
//! serving it then) until the clone is dropped.

use std::collections::HashMap;
use std::io;
use std::mem;
use std::net::IpAddr;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};

use mailin_embedded::response::{AUTH_OK, INVALID_CREDENTIALS, OK};
use mailin_embedded::{Action, Handler, Response};

use super::smtp_server::{Event, Received, Script};

/// What every session of one server shares.
#[derive(Default)]
pub(super) struct Shared {
    record: Mutex<Record>,
    /// Notified each time a message is accepted.
    pub(super) accepted: Condvar,
}

impl Shared {
    /// The record, even if a panicking session thread poisoned its lock: the
    /// counters stay meaningful, and the test should see its own failure.
    pub(super) fn record(&self) -> MutexGuard<'_, Record> {
        self.record.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[derive(Default)]
pub(super) struct Record {
    pub(super) messages: Vec<Received>,
    rcpt_seen: HashMap<String, u32>,
    data_ends: u32,
    open_sessions: usize,
    pub(super) peak_sessions: usize,
    pub(super) sessions: usize,
    pub(super) auth_attempts: usize,
}

/// How a server was configured, the same for all its sessions.
pub(super) struct Settings {
    pub(super) starttls: bool,
    pub(super) credentials: Option<(String, String)>,
    pub(super) script: Option<Box<Script>>,
}

/// The handler: the server holds a prototype, each connection gets a clone
/// with a fresh [`Session`].
pub(super) struct Recorder {
    shared: Arc<Shared>,
    settings: Arc<Settings>,
    session: Session,
}

#[derive(Default)]
struct Session {
    /// Whether this session was counted as open (at its first HELO/EHLO).
    counted: bool,
    hellos: u32,
    authenticated_as: Option<String>,
    mail_from: String,
    rcpt_to: Vec<String>,
    eight_bit_mime: bool,
    data: Vec<u8>,
}

impl Clone for Recorder {
    fn clone(&self) -> Self {
        Recorder {
            shared: Arc::clone(&self.shared),
            settings: Arc::clone(&self.settings),
            session: Session::default(),
        }
    }
}

impl Drop for Recorder {
    fn drop(&mut self) {
        if self.session.counted {
            self.shared.record().open_sessions -= 1;
        }
    }
}

impl Recorder {
    /// The prototype handler a server clones for each connection.
    pub(super) fn new(shared: Arc<Shared>, settings: Settings) -> Self {
        Recorder {
            shared,
            settings: Arc::new(settings),
            session: Session::default(),
        }
    }

    fn reply(&self, event: &Event<'_>) -> Response {
        match self
            .settings
            .script
            .as_ref()
            .and_then(|script| script(event))
        {
            Some((code, text)) => Response::custom(code, text),
            None => OK,
        }
    }

    fn authenticate(&mut self, user: &str, password: &str) -> Response {
        self.shared.record().auth_attempts += 1;
        match &self.settings.credentials {
            Some((expected_user, expected_password))
                if user == expected_user && password == expected_password =>
            {
                self.session.authenticated_as = Some(user.to_owned());
                AUTH_OK
            }
            _ => INVALID_CREDENTIALS,
        }
    }
}

impl Handler for Recorder {
    fn helo(&mut self, _ip: IpAddr, _domain: &str) -> Response {
        self.session.hellos += 1;
        if !self.session.counted {
            self.session.counted = true;
            let mut record = self.shared.record();
            record.sessions += 1;
            record.open_sessions += 1;
            record.peak_sessions = record.peak_sessions.max(record.open_sessions);
        }
        OK
    }

    fn mail(&mut self, _ip: IpAddr, _domain: &str, from: &str) -> Response {
        self.reply(&Event::Mail { from })
    }

    fn rcpt(&mut self, to: &str) -> Response {
        let attempt = {
            let mut record = self.shared.record();
            let seen = record.rcpt_seen.entry(to.to_owned()).or_insert(0);
            *seen += 1;
            *seen
        };
        self.reply(&Event::Rcpt { to, attempt })
    }

    fn data_start(&mut self, _domain: &str, from: &str, is8bit: bool, to: &[String]) -> Response {
        // mailin passes only the recipients it accepted.
        from.clone_into(&mut self.session.mail_from);
        self.session.rcpt_to = to.to_vec();
        self.session.eight_bit_mime = is8bit;
        self.session.data.clear();
        OK
    }

    fn data(&mut self, buf: &[u8]) -> io::Result<()> {
        self.session.data.extend_from_slice(buf);
        Ok(())
    }

    fn data_end(&mut self) -> Response {
        let nth = {
            let mut record = self.shared.record();
            record.data_ends += 1;
            record.data_ends
        };
        let data = mem::take(&mut self.session.data);
        let mut response = self.reply(&Event::DataEnd {
            to: self.session.rcpt_to.clone(),
            data: &data,
            nth,
        });
        if (200..300).contains(&response.code) {
            let received = Received {
                mail_from: self.session.mail_from.clone(),
                rcpt_to: self.session.rcpt_to.clone(),
                data,
                authenticated_as: self.session.authenticated_as.clone(),
                tls: self.settings.starttls
                    && (self.session.hellos > 1 || self.session.authenticated_as.is_some()),
                eight_bit_mime: self.session.eight_bit_mime,
                arrived: std::time::SystemTime::now(),
            };
            self.shared.record().messages.push(received);
            self.shared.accepted.notify_all();
        } else if response.is_error {
            // mailin would stay in its DATA state: see the module documentation.
            response.action = Action::Close;
        }
        response
    }

    fn auth_plain(&mut self, _authorization_id: &str, user: &str, password: &str) -> Response {
        self.authenticate(user, password)
    }

    fn auth_login(&mut self, user: &str, password: &str) -> Response {
        self.authenticate(user, password)
    }
}
