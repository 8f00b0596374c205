//! One SMTP session: a socket we open ourselves (with `TCP_NODELAY`, which lettre 0.11 never
//! sets: without it a pooled session crawls at tens of small messages a second), TLS,
//! login, and the MAIL/RCPT/DATA exchange step by step, each step under its own timeout.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use lettre::address::Envelope;
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{AsyncSmtpConnection, Certificate, TlsParameters};
use lettre::transport::smtp::commands::{Data, Mail, Quit, Rcpt, Rset};
use lettre::transport::smtp::extension::ClientId;
use lettre::transport::smtp::response::Response;
use rustls_pki_types::CertificateDer;
use rustls_pki_types::pem::PemObject;
use tokio::net::TcpStream;
use tokio::time::timeout;

use super::login::{Login, LoginMethod};
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
            submitted: 0,
        })
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
    /// Messages submitted in this session (to renew it after `per_connection`).
    pub submitted: usize,
}

impl Session {
    /// MAIL, RCPT for each recipient, DATA, then the message.
    pub async fn submit(
        &mut self,
        envelope: &Envelope,
        bytes: &[u8],
    ) -> Result<Response, SubmitError> {
        let command = self.timeouts.command;
        let mail = self
            .connection
            .command(Mail::new(envelope.from().cloned(), vec![]));
        let mail = match timeout(command, mail).await {
            Ok(Err(refusal)) if refusal.status().map(u16::from) == Some(503) => {
                // Some servers (mailin among them) forget the login at the RSET that follows
                // a refusal, and answer the next MAIL "bad sequence": this session can carry
                // nothing more, and nothing of this message was handed over.
                self.connection.abort().await;
                return Err(SubmitError::SessionLost(refusal));
            }
            other => other,
        };
        Self::settle(self, "sending MAIL FROM", mail).await?;
        for recipient in envelope.to() {
            let rcpt = timeout(
                command,
                self.connection
                    .command(Rcpt::new(recipient.clone(), vec![])),
            )
            .await;
            Self::settle(self, "sending RCPT TO", rcpt).await?;
        }
        let data = timeout(command, self.connection.command(Data)).await;
        Self::settle(self, "sending DATA", data).await?;
        self.submitted += 1;
        // lettre ends DATA with CRLF "." CRLF even after a message that already ends with
        // CRLF, which would add an empty line to what was reviewed: hand it the message
        // without its last line break, so the server receives exactly the previewed bytes.
        let body = bytes.strip_suffix(b"\r\n").unwrap_or(bytes);
        match timeout(self.timeouts.data, self.connection.message(body)).await {
            Err(_) => {
                self.connection.abort().await;
                Err(SubmitError::Unanswered(format!(
                    "no reply within {} s after the message was sent",
                    self.timeouts.data.as_secs()
                )))
            }
            Ok(Ok(response)) => Ok(response),
            Ok(Err(e)) if e.is_transient() || e.is_permanent() => Err(SubmitError::Refused(e)),
            Ok(Err(e)) => {
                self.connection.abort().await;
                Err(SubmitError::Unanswered(e.to_string()))
            }
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
                self.connection.abort().await;
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
        if self.connection.has_broken() {
            return;
        }
        let reset = timeout(self.timeouts.command, self.connection.command(Rset)).await;
        if !matches!(reset, Ok(Ok(_))) {
            self.connection.abort().await;
        }
    }

    /// Whether the session can carry another message.
    pub fn is_usable(&self) -> bool {
        !self.connection.has_broken()
    }

    /// Says goodbye (best effort: the messages are already accepted).
    pub async fn quit(mut self) {
        let _ = timeout(self.timeouts.command, self.connection.command(Quit)).await;
    }
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
