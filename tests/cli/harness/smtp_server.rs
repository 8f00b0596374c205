//! A real SMTP server on loopback for integration tests, recording what it
//! receives and replying as a test script says.
//!
//! The server is `mailin-embedded` (an implementation we did not write) with a
//! recording handler (`recorder.rs`). It runs on a background thread and serves until the
//! test process exits: `mailin_embedded::Server::serve` has no shutdown, and a
//! test binary's end reclaims the thread and the port.
//!
//! What mailin does that a test must know:
//! - AUTH is accepted only after STARTTLS (it is not even advertised before),
//!   and once `auth` is configured, MAIL before a successful AUTH gets
//!   `503 Bad sequence of commands`, not 530. So `.auth()` requires
//!   `.starttls()`.
//! - EHLO advertises `8BITMIME` (and STARTTLS, AUTH) but not `SMTPUTF8`:
//!   lettre refuses to send to a non-ASCII address, with a client error. MAIL
//!   accepts one parameter at most, `BODY=8BITMIME` or `BODY=7BIT`; `SIZE=` or
//!   `SMTPUTF8` get `500 Syntax error`, and so does the null sender `<>`.
//! - `data` is the message as sent, line endings kept (mailin splits lines at
//!   LF, so a bare LF comes through as it was sent), dot-stuffing undone (a
//!   leading `.` is removed from every line), up to and including the CRLF
//!   before the final `.`; no `Received:` header is added. Only `.` CRLF ends
//!   DATA.
//! - After an error reply at the end of DATA, mailin stays in its DATA state:
//!   the client's next command (RSET, QUIT, MAIL) would be read as message
//!   text and get no reply, and lettre would wait forever for the reply to its
//!   QUIT. So this handler closes the connection after any 4xx/5xx it gives at
//!   the end of DATA. A 421 reply closes the connection wherever it is given.
//! - A session counts as open from its first HELO/EHLO: mailin gives its
//!   handler no earlier sign (see `recorder.rs`).

use std::net::{SocketAddr, TcpListener};
use std::path::Path;
use std::sync::{Arc, PoisonError};
use std::thread;
use std::time::Duration;

use mailin_embedded::{AuthMechanism, Server, SslConfig};

use super::parse_mime;
use super::recorder::{Recorder, Settings, Shared};
use super::tls::TestCa;

/// Something the client did that a script may answer.
#[derive(Debug)]
pub enum Event<'a> {
    /// `MAIL FROM:<from>`.
    Mail { from: &'a str },
    /// `RCPT TO:<to>`; `attempt` counts the RCPTs for this same address seen
    /// by this server so far, across sessions, this one included (1-based).
    Rcpt { to: &'a str, attempt: u32 },
    /// The final `.` of DATA, for the recipients the server accepted;
    /// `nth` counts the messages this server finished
    /// receiving, this one included (1-based), whatever it replied to them.
    DataEnd {
        to: Vec<String>,
        data: &'a [u8],
        nth: u32,
    },
}

/// A reply for an event (`Some((451, "4.7.1 try later".into()))`), or `None`
/// for the normal one (250). It runs on the session's thread, so a script that
/// blocks delays that reply, which is how a test makes a slow server.
pub(super) type Script = dyn Fn(&Event<'_>) -> Option<(u16, String)> + Send + Sync;

/// One message the server accepted (a 2xx reply at the end of DATA).
#[derive(Clone, Debug)]
pub struct Received {
    pub mail_from: String,
    pub rcpt_to: Vec<String>,
    /// The message as received; see the module documentation.
    pub data: Vec<u8>,
    /// The user whose AUTH succeeded in this session.
    pub authenticated_as: Option<String>,
    /// Whether the session was under STARTTLS. Inferred: mailin does not tell
    /// its handler, so this is true when STARTTLS was offered and the client
    /// authenticated (mailin allows AUTH only over TLS) or said EHLO again (what
    /// a client does after STARTTLS, and has no reason to do otherwise).
    pub tls: bool,
    /// Whether MAIL declared `BODY=8BITMIME`.
    pub eight_bit_mime: bool,
    /// When the server had the whole message (its final dot).
    pub arrived: std::time::SystemTime,
}

impl Received {
    /// The message parsed as MIME; panics when it does not parse.
    #[track_caller]
    pub fn parsed(&self) -> mail_parser::Message<'_> {
        parse_mime(&self.data)
    }
}

/// Options for a test SMTP server; see [`SmtpServer::builder`].
pub struct SmtpServerBuilder {
    tls: Option<(String, String)>,
    credentials: Option<(String, String)>,
    threads: u32,
    script: Option<Box<Script>>,
}

impl SmtpServerBuilder {
    /// Offer STARTTLS with `ca`'s server certificate (leaf and CA, as a chain).
    pub fn starttls(mut self, ca: &TestCa) -> Self {
        self.tls = Some((path_str(ca.cert_file()), path_str(ca.key_file())));
        self
    }

    /// Require AUTH (PLAIN or LOGIN) with these credentials; anything else
    /// gets `535 Invalid credentials`. Needs [`Self::starttls`].
    pub fn auth(mut self, user: &str, password: &str) -> Self {
        self.credentials = Some((user.to_owned(), password.to_owned()));
        self
    }

    /// How many sessions are served at once (mailin's thread pool); more
    /// connections wait, connected but not greeted. Default 16.
    pub fn threads(mut self, threads: u32) -> Self {
        assert!(threads > 0, "a test SMTP server needs at least one thread");
        self.threads = threads;
        self
    }

    /// Reply to events as `script` says; see [`Event`].
    pub fn script<F>(mut self, script: F) -> Self
    where
        F: Fn(&Event<'_>) -> Option<(u16, String)> + Send + Sync + 'static,
    {
        self.script = Some(Box::new(script));
        self
    }

    /// Binds 127.0.0.1 on a free port and serves on a background thread until
    /// the test process ends. Clients may connect as soon as this returns.
    pub fn start(self) -> SmtpServer {
        assert!(
            self.credentials.is_none() || self.tls.is_some(),
            "mailin accepts AUTH only after STARTTLS: add .starttls(&ca) to .auth(..)"
        );
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port for SMTP");
        let addr = listener
            .local_addr()
            .expect("read the test SMTP server's address");
        let shared = Arc::new(Shared::default());
        let handler = Recorder::new(
            Arc::clone(&shared),
            Settings {
                starttls: self.tls.is_some(),
                credentials: self.credentials.clone(),
                script: self.script,
            },
        );
        let mut server = Server::new(handler);
        server
            .with_name("localhost")
            .with_num_threads(self.threads)
            .with_tcp_listener(listener);
        if let Some((cert_path, key_path)) = self.tls {
            // Both of rustls's providers are compiled in (ring for lettre,
            // aws-lc-rs by mailin's default features), so rustls cannot pick
            // one for mailin's `ServerConfig::builder()` and would panic.
            // Another test may have installed one already, which is as good.
            let _ = rustls::crypto::ring::default_provider().install_default();
            // `SelfSigned` only means "one PEM file": it loads every
            // certificate in it, here the leaf and its CA.
            server
                .with_ssl(SslConfig::SelfSigned {
                    cert_path,
                    key_path,
                })
                .expect("load the test server certificate and key");
        }
        if self.credentials.is_some() {
            server
                .with_auth(AuthMechanism::Plain)
                .with_auth(AuthMechanism::Login);
        }
        thread::Builder::new()
            .name(format!("smtp-server-{}", addr.port()))
            .spawn(move || {
                if let Err(err) = server.serve() {
                    eprintln!("test SMTP server on {addr} stopped: {err}");
                }
            })
            .expect("spawn the test SMTP server thread");
        SmtpServer { addr, shared }
    }
}

/// A running test SMTP server; see the module documentation.
pub struct SmtpServer {
    addr: SocketAddr,
    shared: Arc<Shared>,
}

impl SmtpServer {
    /// A plaintext server that accepts everything, 16 sessions at once.
    pub fn builder() -> SmtpServerBuilder {
        SmtpServerBuilder {
            tls: None,
            credentials: None,
            threads: 16,
            script: None,
        }
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `smtp://127.0.0.1:PORT`, the form `--smtp` and lettre's `from_url` take.
    pub fn url(&self) -> String {
        format!("smtp://{}", self.addr)
    }

    /// The messages accepted so far, in the order their DATA ended.
    pub fn messages(&self) -> Vec<Received> {
        self.shared.record().messages.clone()
    }

    /// The most sessions that were open at the same time.
    pub fn peak_sessions(&self) -> usize {
        self.shared.record().peak_sessions
    }

    /// How many sessions were opened (reached HELO/EHLO) in all.
    pub fn sessions(&self) -> usize {
        self.shared.record().sessions
    }

    /// How many AUTH exchanges completed, successful or not.
    pub fn auth_attempts(&self) -> usize {
        self.shared.record().auth_attempts
    }

    /// Blocks until `count` messages were accepted or `timeout` passed;
    /// returns whether they were.
    pub fn wait_for(&self, count: usize, timeout: Duration) -> bool {
        let record = self.shared.record();
        let (record, _) = self
            .shared
            .accepted
            .wait_timeout_while(record, timeout, |record| record.messages.len() < count)
            .unwrap_or_else(PoisonError::into_inner);
        record.messages.len() >= count
    }
}

fn path_str(path: &Path) -> String {
    path.to_str()
        .unwrap_or_else(|| panic!("mailin takes UTF-8 paths, not `{}`", path.display()))
        .to_owned()
}
