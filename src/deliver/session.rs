//! One SMTP session: a socket we open ourselves (with `TCP_NODELAY`, which lettre 0.11 never
//! sets: without it a pooled session crawls at tens of small messages a second), TLS,
//! login, and the MAIL/RCPT/DATA exchange step by step, each step under its own timeout.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use lettre::address::Envelope;
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{AsyncSmtpConnection, Certificate, TlsParameters};
use lettre::transport::smtp::commands::{Data, Ehlo, Mail, Quit, Rcpt, Rset};
use lettre::transport::smtp::extension::ClientId;
use lettre::transport::smtp::response::Response;
use rustls_pki_types::CertificateDer;
use rustls_pki_types::pem::PemObject;
use tokio::net::TcpStream;
use tokio::time::timeout;

use super::login::{Login, LoginMethod};
use super::{Admission, Verdict};
use super::{RelayUrl, Security};

/// Timeouts of each step (lettre's own covers only the TCP connection).
#[derive(Debug, Clone, Copy)]
pub struct Timeouts {
    pub connect: Duration,
    pub command: Duration,
    /// From the end of the message to the server's reply.
    pub data: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        // RFC 5321 4.5.3.2 suggests minutes; a relay that takes longer is broken.
        Self {
            connect: Duration::from_secs(30),
            command: Duration::from_secs(120),
            data: Duration::from_secs(600),
        }
    }
}

/// A fault that stops the whole run: no message can be sent until it is fixed.
#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    #[error("cannot connect to the relay {relay}: {reason}")]
    Connect { relay: String, reason: String },
    #[error(
        "TLS with the relay {relay} failed: {reason}; check the address, or trust your académie's certificate authority with `--ca-file`"
    )]
    Tls { relay: String, reason: String },
    #[error(
        "the relay {relay} does not offer STARTTLS; use `smtps://` on port 465, or `?tls=opportunistic` only if you accept plaintext"
    )]
    NoStartTls { relay: String },
    #[error("the relay refused the login for `{user}`: {reply}; {hint}")]
    AuthRefused {
        user: String,
        reply: String,
        hint: &'static str,
    },
    #[error(
        "the relay does not offer the login method missive would use ({mechanisms}): {reason}; {hint}"
    )]
    AuthUnsupported {
        mechanisms: &'static str,
        reason: String,
        hint: &'static str,
    },
    #[error(
        "refusing to send the {secret} to {relay} without TLS; use `smtps://` or `?tls=required`"
    )]
    AuthWithoutTls { relay: String, secret: &'static str },
    #[error("cannot read the certificate authority file {path}: {reason}")]
    CaFile { path: String, reason: String },
    #[error("the relay {relay} did not answer within {seconds} s while {step}")]
    Timeout {
        relay: String,
        step: &'static str,
        seconds: u64,
    },
    #[error("the relay {relay} closed the session: {reason}")]
    Greeting { relay: String, reason: String },
    #[error(
        "{count} messages in a row were refused or deferred (last: {last}); the relay may be blocking this sender: check with its administrator, then run `missive send` again"
    )]
    TooManyFailures { count: usize, last: String },
}

impl SessionError {
    /// Whether trying again later may succeed (the relay unreachable or busy), as opposed
    /// to a fault only a person can mend (a refused login, an untrusted certificate).
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            Self::Connect { .. } | Self::Timeout { .. } | Self::Greeting { .. }
        )
    }
}

/// Where a failed submission stopped, which decides whether it may be retried.
#[derive(Debug)]
pub enum SubmitError {
    /// Nothing of the message was accepted: a retry cannot duplicate it.
    BeforeData(lettre::transport::smtp::Error),
    /// MAIL got `503 Bad sequence of commands`: the server no longer knows this session (it
    /// forgot the login); nothing was handed over, and the session is closed.
    SessionLost(lettre::transport::smtp::Error),
    /// The server answered the end of the message with a refusal.
    Refused(lettre::transport::smtp::Error),
    /// The message may have been handed over, but no reply came: it may have been delivered.
    Unanswered(String),
    /// A step before the message timed out.
    Timeout(&'static str),
    /// The journal did not let the message go (the run was interrupted, or the journal
    /// cannot be written): nothing of it was handed over.
    NotAdmitted,
}

/// The journal's answer for one message, awaited once however many sessions try it: the
/// mark is written while the envelope crosses the network, and the message goes only once
/// the answer is yes.
pub struct Pass<'a> {
    pending: Option<Admission<'a>>,
    verdict: Option<Verdict>,
}

impl<'a> Pass<'a> {
    pub fn new(admission: Admission<'a>) -> Self {
        Self {
            pending: Some(admission),
            verdict: None,
        }
    }

    async fn granted(&mut self) -> bool {
        if let Some(admission) = self.pending.take() {
            self.verdict = Some(admission.await);
        }
        self.verdict == Some(Verdict::Send)
    }

    /// The journal's answer, once awaited.
    pub fn verdict(&self) -> Option<Verdict> {
        self.verdict
    }
}

/// Opens sessions to one relay, all alike.
pub struct Connector {
    relay: RelayUrl,
    hello: ClientId,
    login: Option<Login>,
    starttls: Option<TlsParameters>,
    tls: Option<tokio_rustls::TlsConnector>,
    pub timeouts: Timeouts,
}

impl Connector {
    pub fn new(
        relay: RelayUrl,
        login: Option<Login>,
        ca_file: Option<&Path>,
        timeouts: Timeouts,
    ) -> Result<Self, SessionError> {
        let extra_roots = match ca_file {
            Some(path) => read_ca_file(path)?,
            None => Vec::new(),
        };
        let tls_error = |reason: String| SessionError::Tls {
            relay: relay.to_string(),
            reason,
        };
        let (starttls, tls) = match relay.security {
            Security::Plain => (None, None),
            Security::StartTls { .. } => {
                let mut builder = TlsParameters::builder(relay.host.clone());
                for root in &extra_roots {
                    let certificate = Certificate::from_der(root.to_vec())
                        .map_err(|e| tls_error(e.to_string()))?;
                    builder = builder.add_root_certificate(certificate);
                }
                (
                    Some(
                        builder
                            .build_rustls()
                            .map_err(|e| tls_error(e.to_string()))?,
                    ),
                    None,
                )
            }
            Security::Tls => {
                let provider = Arc::new(rustls::crypto::ring::default_provider());
                let verifier = rustls_platform_verifier::Verifier::new_with_extra_roots(
                    extra_roots,
                    Arc::clone(&provider),
                )
                .map_err(|e| tls_error(e.to_string()))?;
                let config = rustls::ClientConfig::builder_with_provider(provider)
                    .with_safe_default_protocol_versions()
                    .map_err(|e| tls_error(e.to_string()))?
                    .dangerous()
                    .with_custom_certificate_verifier(Arc::new(verifier))
                    .with_no_client_auth();
                (
                    None,
                    Some(tokio_rustls::TlsConnector::from(Arc::new(config))),
                )
            }
        };
        Ok(Self {
            hello: ClientId::default(),
            relay,
            login,
            starttls,
            tls,
            timeouts,
        })
    }

    pub fn relay(&self) -> &RelayUrl {
        &self.relay
    }

    fn timed_out(&self, step: &'static str, limit: Duration) -> SessionError {
        SessionError::Timeout {
            relay: self.relay.to_string(),
            step,
            seconds: limit.as_secs(),
        }
    }

    fn tls_failed(&self, reason: &impl ToString) -> SessionError {
        SessionError::Tls {
            relay: self.relay.to_string(),
            reason: reason.to_string(),
        }
    }

    /// Connects, greets, secures and logs in.
    pub async fn connect(&self) -> Result<Session, SessionError> {
        let (mut connection, mut encrypted) = self.greet().await?;
        if let (Some(parameters), Security::StartTls { required }) =
            (&self.starttls, self.relay.security)
        {
            if connection.can_starttls() {
                timeout(
                    self.timeouts.command,
                    connection.starttls(parameters.clone(), &self.hello),
                )
                .await
                .map_err(|_| self.timed_out("starting TLS", self.timeouts.command))?
                .map_err(|e| self.tls_failed(&e))?;
                encrypted = true;
            } else if required {
                return Err(SessionError::NoStartTls {
                    relay: self.relay.to_string(),
                });
            }
        }
        let pipelining = self.offers_pipelining(&mut connection).await?;
        if let Some(login) = &self.login {
            // A password may cross plaintext to this machine (a local Postfix); a bearer token
            // never crosses plaintext at all.
            let loopback_password =
                login.method == LoginMethod::Password && self.relay.is_loopback();
            if !encrypted && !loopback_password {
                return Err(SessionError::AuthWithoutTls {
                    relay: self.relay.to_string(),
                    secret: login.method.secret_name(),
                });
            }
            self.login(&mut connection, login).await?;
        }
        Ok(Session {
            connection,
            timeouts: self.timeouts,
            pipelining,
            discarded: false,
            submitted: 0,
        })
    }

    /// Whether the relay announces PIPELINING. lettre keeps only the extensions it uses
    /// from its EHLO, so missive asks again, before the login: an EHLO after AUTH would
    /// reset the session, and some relays forget the login then.
    async fn offers_pipelining(
        &self,
        connection: &mut AsyncSmtpConnection,
    ) -> Result<bool, SessionError> {
        let reply = timeout(
            self.timeouts.command,
            connection.command(Ehlo::new(self.hello.clone())),
        )
        .await
        .map_err(|_| self.timed_out("greeting (EHLO)", self.timeouts.command))?
        .map_err(|e| SessionError::Greeting {
            relay: self.relay.to_string(),
            reason: e.to_string(),
        })?;
        Ok(reply.message().any(|line| {
            line.split_whitespace()
                .next()
                .is_some_and(|keyword| keyword.eq_ignore_ascii_case("PIPELINING"))
        }))
    }

    /// Opens the socket (`TCP_NODELAY`), TLS for `smtps://`, and reads the greeting.
    /// Says whether the session is already encrypted.
    async fn greet(&self) -> Result<(AsyncSmtpConnection, bool), SessionError> {
        let connect_error = |e: std::io::Error| SessionError::Connect {
            relay: self.relay.to_string(),
            reason: e.to_string(),
        };
        let address = (self.relay.host.as_str(), self.relay.port);
        let socket = timeout(self.timeouts.connect, TcpStream::connect(address))
            .await
            .map_err(|_| self.timed_out("connecting", self.timeouts.connect))?
            .map_err(connect_error)?;
        socket.set_nodelay(true).map_err(connect_error)?;
        let stream: Box<dyn lettre::transport::smtp::client::AsyncTokioStream> = match &self.tls {
            Some(connector) => {
                let name = rustls_pki_types::ServerName::try_from(self.relay.host.clone())
                    .map_err(|e| self.tls_failed(&e))?;
                let stream = timeout(self.timeouts.command, connector.connect(name, socket))
                    .await
                    .map_err(|_| self.timed_out("starting TLS", self.timeouts.command))?
                    .map_err(|e| self.tls_failed(&e))?;
                Box::new(super::tls_stream::ImplicitTls(stream))
            }
            None => Box::new(socket),
        };
        let connection = timeout(
            self.timeouts.command,
            AsyncSmtpConnection::connect_with_transport(stream, &self.hello),
        )
        .await
        .map_err(|_| self.timed_out("waiting for the greeting", self.timeouts.command))?
        .map_err(|e| SessionError::Greeting {
            relay: self.relay.to_string(),
            reason: e.to_string(),
        })?;
        Ok((connection, self.tls.is_some()))
    }

    async fn login(
        &self,
        connection: &mut AsyncSmtpConnection,
        login: &Login,
    ) -> Result<(), SessionError> {
        let credentials = Credentials::new(login.user.clone(), login.secret.expose().to_string());
        let result = timeout(
            self.timeouts.command,
            connection.auth(login.method.mechanisms(), &credentials),
        )
        .await
        .map_err(|_| self.timed_out("logging in", self.timeouts.command))?;
        match result {
            Ok(_) => Ok(()),
            Err(e) if e.is_client() => Err(SessionError::AuthUnsupported {
                mechanisms: login.method.mechanism_names(),
                reason: e.to_string(),
                hint: login.method.unsupported_hint(),
            }),
            Err(e) => Err(SessionError::AuthRefused {
                user: login.user.clone(),
                reply: e.to_string(),
                hint: login.method.refused_hint(),
            }),
        }
    }
}

/// An open, logged-in session.
pub struct Session {
    connection: AsyncSmtpConnection,
    timeouts: Timeouts,
    /// The relay announced PIPELINING (RFC 2920): MAIL, RCPT and DATA go in one write.
    pipelining: bool,
    /// The session was dropped mid-transaction (in DATA, or waiting on a silent relay): it
    /// must not say QUIT, which the relay would read as message text or never answer.
    discarded: bool,
    /// Messages submitted in this session (to renew it after `per_connection`).
    pub submitted: usize,
}

/// Text handed to lettre as it is: a pipelined group of commands, or a message already
/// dot-stuffed and terminated.
struct Wire<'a>(&'a str);

impl std::fmt::Display for Wire<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0)
    }
}

impl Session {
    /// MAIL, RCPT for each recipient, DATA (in one write when the relay pipelines), then,
    /// once `pass` is granted, the message, dot-stuffed and terminated in one write.
    pub async fn submit(
        &mut self,
        envelope: &Envelope,
        bytes: &[u8],
        pass: &mut Pass<'_>,
    ) -> Result<Response, SubmitError> {
        if self.pipelining {
            self.pipelined_envelope(envelope).await?;
            if !pass.granted().await {
                // Past DATA the only way out without handing the message over is to leave.
                self.discard();
                return Err(SubmitError::NotAdmitted);
            }
        } else {
            self.stepwise_envelope(envelope, pass).await?;
        }
        self.submitted += 1;
        let wire = on_the_wire(bytes);
        let sent = if let Ok(text) = std::str::from_utf8(&wire) {
            timeout(self.timeouts.data, self.connection.command(Wire(text))).await
        } else {
            // Not text (8-bit data missive never composes): lettre stuffs it itself.
            let body = bytes.strip_suffix(b"\r\n").unwrap_or(bytes);
            timeout(self.timeouts.data, self.connection.message(body)).await
        };
        match sent {
            Err(_) => {
                self.discard();
                Err(SubmitError::Unanswered(format!(
                    "no reply within {} s after the message was sent",
                    self.timeouts.data.as_secs()
                )))
            }
            Ok(Ok(response)) => Ok(response),
            Ok(Err(e)) if e.is_transient() || e.is_permanent() => Err(SubmitError::Refused(e)),
            Ok(Err(e)) => {
                self.discard();
                Err(SubmitError::Unanswered(e.to_string()))
            }
        }
    }

    /// One command, one reply, in turn (a relay without PIPELINING).
    async fn stepwise_envelope(
        &mut self,
        envelope: &Envelope,
        pass: &mut Pass<'_>,
    ) -> Result<(), SubmitError> {
        let command = self.timeouts.command;
        let mail = self
            .connection
            .command(Mail::new(envelope.from().cloned(), vec![]));
        let mail = timeout(command, mail).await;
        if let Ok(Err(refusal)) = &mail
            && is_bad_sequence(refusal)
        {
            return Err(self.session_lost(mail));
        }
        self.settle("sending MAIL FROM", mail).await?;
        for recipient in envelope.to() {
            let rcpt = timeout(
                command,
                self.connection
                    .command(Rcpt::new(recipient.clone(), vec![])),
            )
            .await;
            self.settle("sending RCPT TO", rcpt).await?;
        }
        if !pass.granted().await {
            self.reset().await;
            return Err(SubmitError::NotAdmitted);
        }
        let data = timeout(command, self.connection.command(Data)).await;
        self.settle("sending DATA", data).await?;
        Ok(())
    }

    /// MAIL, every RCPT and DATA in one write, then their replies in order (RFC 2920).
    async fn pipelined_envelope(&mut self, envelope: &Envelope) -> Result<(), SubmitError> {
        let command = self.timeouts.command;
        let mut group = Mail::new(envelope.from().cloned(), vec![]).to_string();
        for recipient in envelope.to() {
            group.push_str(&Rcpt::new(recipient.clone(), vec![]).to_string());
        }
        group.push_str(&Data.to_string());
        let mail = timeout(command, self.connection.command(Wire(&group))).await;
        if let Ok(Err(refusal)) = &mail
            && is_bad_sequence(refusal)
        {
            return Err(self.session_lost(mail));
        }
        // Every reply is read, refusals included, so the session stays in step.
        let mut refusal = None;
        let mut note = |step: &'static str, reply| match reply {
            Err(_) => Err(SubmitError::Timeout(step)),
            Ok(Err(e)) => {
                refusal.get_or_insert(e);
                Ok(())
            }
            Ok(Ok(_)) => Ok(()),
        };
        let mut steps = note("sending MAIL FROM", mail);
        for _ in envelope.to() {
            if steps.is_ok() {
                let rcpt = timeout(command, self.connection.read_response()).await;
                steps = note("sending RCPT TO", rcpt);
            }
        }
        let mut in_data = false;
        if steps.is_ok() {
            let data = timeout(command, self.connection.read_response()).await;
            in_data = matches!(&data, Ok(Ok(_)));
            steps = note("sending DATA", data);
        }
        if let Err(timed_out) = steps {
            self.discard();
            return Err(timed_out);
        }
        match refusal {
            None => Ok(()),
            Some(refusal) => {
                if in_data {
                    // A relay that took DATA after refusing a recipient would deliver to
                    // the others: leave without the final dot, so nothing is delivered.
                    self.discard();
                } else {
                    self.reset().await;
                }
                Err(SubmitError::BeforeData(refusal))
            }
        }
    }

    /// MAIL got `503 Bad sequence of commands`: some servers (mailin among them) forget the
    /// login at the RSET that follows a refusal, and answer the next MAIL so. This session
    /// can carry nothing more, and nothing of this message was handed over.
    fn session_lost(
        &mut self,
        mail: Result<Result<Response, lettre::transport::smtp::Error>, tokio::time::error::Elapsed>,
    ) -> SubmitError {
        self.discard();
        match mail {
            Ok(Err(refusal)) => SubmitError::SessionLost(refusal),
            _ => unreachable!("called for a refused MAIL only"),
        }
    }

    async fn settle(
        &mut self,
        step: &'static str,
        result: Result<
            Result<Response, lettre::transport::smtp::Error>,
            tokio::time::error::Elapsed,
        >,
    ) -> Result<Response, SubmitError> {
        match result {
            Err(_) => {
                self.discard();
                Err(SubmitError::Timeout(step))
            }
            Ok(Err(e)) => {
                self.reset().await;
                Err(SubmitError::BeforeData(e))
            }
            Ok(Ok(response)) => Ok(response),
        }
    }

    /// After a refused command, RSET so the session can carry the next message.
    async fn reset(&mut self) {
        if !self.is_usable() {
            return;
        }
        let reset = timeout(self.timeouts.command, self.connection.command(Rset)).await;
        if !matches!(reset, Ok(Ok(_))) {
            self.discard();
        }
    }

    /// Gives the session up without a word: it closes when dropped.
    fn discard(&mut self) {
        self.discarded = true;
    }

    /// Whether the session can carry another message.
    pub fn is_usable(&self) -> bool {
        !self.discarded && !self.connection.has_broken()
    }

    /// Says goodbye (best effort: the messages are already accepted).
    pub async fn quit(mut self) {
        if self.is_usable() {
            let _ = timeout(self.timeouts.command, self.connection.command(Quit)).await;
        }
    }
}

fn is_bad_sequence(refusal: &lettre::transport::smtp::Error) -> bool {
    refusal.status().map(u16::from) == Some(503)
}

/// The message as SMTP carries it (RFC 5321, 4.5.2): a line starting with a dot gets
/// another, and a line holding a single dot ends it. Found with `memchr`, as such lines are
/// rare (headers, base64 and quoted-printable lines seldom start with a dot): lettre's
/// codec copies the message byte by byte, which was a tenth of a send's work.
fn on_the_wire(message: &[u8]) -> Vec<u8> {
    let mut wire = Vec::with_capacity(message.len() + 5);
    let mut rest = message;
    if rest.first() == Some(&b'.') {
        wire.push(b'.');
    }
    while let Some(at) = memchr::memmem::find(rest, b"\n.") {
        wire.extend_from_slice(&rest[..=at + 1]);
        wire.push(b'.');
        rest = &rest[at + 2..];
    }
    wire.extend_from_slice(rest);
    if !wire.ends_with(b"\r\n") {
        wire.extend_from_slice(b"\r\n");
    }
    wire.extend_from_slice(b".\r\n");
    wire
}

fn read_ca_file(path: &Path) -> Result<Vec<CertificateDer<'static>>, SessionError> {
    let error = |reason: String| SessionError::CaFile {
        path: path.display().to_string(),
        reason,
    };
    let certificates: Vec<_> = CertificateDer::pem_file_iter(path)
        .map_err(|e| error(e.to_string()))?
        .collect::<Result<_, _>>()
        .map_err(|e| error(e.to_string()))?;
    if certificates.is_empty() {
        return Err(error("it holds no PEM certificate".into()));
    }
    Ok(certificates)
}

#[cfg(test)]
mod tests {
    use super::on_the_wire;

    /// What a server makes of the wire form (RFC 5321, 4.5.2): the message back.
    fn received(wire: &[u8]) -> Vec<u8> {
        let text = wire.strip_suffix(b".\r\n").expect("the terminator");
        let mut out = Vec::new();
        for line in text.split_inclusive(|b| *b == b'\n') {
            out.extend_from_slice(line.strip_prefix(b".").unwrap_or(line));
        }
        out
    }

    #[test]
    fn lines_starting_with_a_dot_are_doubled_and_the_message_terminated() {
        let message = b"Subject: x\r\n\r\n.hidden\r\nfin.\r\n.\r\n..deux\r\n";
        let wire = on_the_wire(message);
        assert_eq!(
            wire,
            b"Subject: x\r\n\r\n..hidden\r\nfin.\r\n..\r\n...deux\r\n.\r\n".to_vec()
        );
        assert_eq!(received(&wire), message.to_vec());
    }

    #[test]
    fn a_message_is_sent_as_it_is_when_no_line_starts_with_a_dot() {
        let message = b"Subject: x\r\n\r\nBonjour.\r\n";
        assert_eq!(
            on_the_wire(message),
            b"Subject: x\r\n\r\nBonjour.\r\n.\r\n".to_vec()
        );
    }

    #[test]
    fn a_first_line_starting_with_a_dot_and_a_missing_last_line_break() {
        assert_eq!(on_the_wire(b".a\r\nb"), b"..a\r\nb\r\n.\r\n".to_vec());
        assert_eq!(on_the_wire(b""), b"\r\n.\r\n".to_vec());
    }

    #[test]
    fn every_message_comes_back_from_the_wire_as_it_was() {
        // Messages made of every mix of the bytes that matter, up to six of them.
        let alphabet: &[&[u8]] = &[b".", b"\r\n", b"a", b"\n", b".."];
        let mut messages: Vec<Vec<u8>> = vec![Vec::new()];
        for _ in 0..6 {
            let longer: Vec<Vec<u8>> = messages
                .iter()
                .flat_map(|m| {
                    alphabet
                        .iter()
                        .map(move |piece| [m.as_slice(), piece].concat())
                })
                .collect();
            messages = longer;
        }
        for message in messages.iter().filter(|m| m.ends_with(b"\r\n")) {
            let wire = on_the_wire(message);
            assert_eq!(
                &received(&wire),
                message,
                "{:?}",
                String::from_utf8_lossy(message)
            );
            // The terminator appears only at the end.
            assert!(!wire[..wire.len() - 3].windows(5).any(|w| w == b"\r\n.\r\n"));
        }
    }
}
