//! Opening an SMTP session: a socket we open ourselves (with `TCP_NODELAY`, which lettre 0.11
//! never sets: without it a pooled session crawls at tens of small messages a second), TLS,
//! whether the relay pipelines, and the login, each step under its own timeout. What goes
//! through an open session is in [`super::smtp_session`].

use std::path::Path;
use std::time::Duration;

use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{AsyncSmtpConnection, Certificate, TlsParameters};
use lettre::transport::smtp::commands::Ehlo;
use lettre::transport::smtp::extension::ClientId;
use tokio::net::TcpStream;
use tokio::time::timeout;

use super::login::{Login, LoginMethod};
pub(crate) use super::smtp_session::Session;
use super::watched::{Watched, WriteFailed};
use super::{RelayUrl, Security};

/// Timeouts of each step (lettre's own covers only the TCP connection).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Timeouts {
    /// Opening the connection (and TLS, for `smtps://`).
    pub connect: Duration,
    /// From the connection to the relay's greeting (`220`).
    pub greeting: Duration,
    /// Each command's reply: EHLO, STARTTLS, AUTH, MAIL, RCPT, DATA, RSET, QUIT.
    pub command: Duration,
    /// Sending the message and the relay's reply to its end.
    pub data: Duration,
}

impl Default for Timeouts {
    /// RFC 5321 §4.5.3.2 gives a relay minutes at each step (5 for the greeting, MAIL and
    /// RCPT, 10 after the message), for queues that may be far and busy. A submission
    /// server answers at once or not at all: a relay that never greets is given up within a
    /// minute, and the wait after the message, where a spam filter may run, stays long.
    fn default() -> Self {
        Self {
            connect: Duration::from_secs(15),
            greeting: Duration::from_secs(30),
            command: Duration::from_secs(60),
            data: Duration::from_secs(180),
        }
    }
}

/// What a relay announced in its EHLO reply, of what missive uses. lettre keeps only the
/// extensions it uses itself, so missive reads the reply.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Extensions {
    /// PIPELINING (RFC 2920): MAIL, RCPT and DATA go in one write.
    pub pipelining: bool,
    /// SIZE (RFC 1870): the largest message it takes, in bytes (`None`: not announced, or
    /// announced without a limit, `SIZE 0`).
    pub size: Option<u64>,
    /// SMTPUTF8 (RFC 6531): addresses with a non-ASCII local part.
    pub smtputf8: bool,
    /// DSN (RFC 3461): delivery status notifications asked for at MAIL and RCPT.
    pub dsn: bool,
}

impl Extensions {
    /// From the lines of an EHLO reply (the first, the relay's name, included).
    pub(crate) fn read<'a>(lines: impl Iterator<Item = &'a str>) -> Self {
        let mut extensions = Self::default();
        for line in lines {
            let mut words = line.split_whitespace();
            let keyword = words.next().unwrap_or_default().to_ascii_uppercase();
            match keyword.as_str() {
                "PIPELINING" => extensions.pipelining = true,
                "SMTPUTF8" => extensions.smtputf8 = true,
                "DSN" => extensions.dsn = true,
                "SIZE" => {
                    extensions.size = words
                        .next()
                        .and_then(|limit| limit.parse::<u64>().ok())
                        .filter(|&limit| limit > 0);
                }
                _ => {}
            }
        }
        extensions
    }
}

/// A fault that stops the whole run: no message can be sent until it is fixed.
#[derive(Debug, thiserror::Error)]
pub(crate) enum SessionError {
    #[error("{}", t!("delivery-connect", relay = relay.as_str(), reason = crate::i18n::system(source)))]
    Connect {
        relay: String,
        source: std::io::Error,
    },
    #[error("{}", t!("delivery-tls", relay = relay.as_str(), reason = reason.as_str()))]
    Tls { relay: String, reason: String },
    #[error("{}", t!("delivery-no-starttls", relay = relay.as_str()))]
    NoStartTls { relay: String },
    #[error("{}", t!("delivery-auth-refused", user = user.as_str(), reply = reply.as_str(), hint = method.refused_hint()))]
    AuthRefused {
        user: String,
        reply: String,
        method: LoginMethod,
    },
    #[error("{}", t!("delivery-auth-unsupported", mechanisms = method.mechanism_names(), reason = reason.as_str(), hint = method.unsupported_hint()))]
    AuthUnsupported { method: LoginMethod, reason: String },
    #[error("{}", t!("delivery-auth-without-tls", secret = method.secret_name(), relay = relay.as_str()))]
    AuthWithoutTls { relay: String, method: LoginMethod },
    #[error(transparent)]
    CaFile(#[from] crate::tls::CaFileError),
    #[error("{}", t!("delivery-timeout", relay = relay.as_str(), seconds = *seconds, step = step.to_string()))]
    Timeout {
        relay: String,
        step: Doing,
        seconds: u64,
    },
    #[error("{}", t!("delivery-greeting", relay = relay.as_str(), reason = reason.as_str()))]
    Greeting { relay: String, reason: String },
    #[error("{}", t!("delivery-too-many-failures", count = *count, last = last.as_str()))]
    TooManyFailures { count: usize, last: String },
    #[error("{}", t!("delivery-unanswered", count = *count, relay = relay.as_str(), last = last.as_str()))]
    Unanswered {
        relay: String,
        count: usize,
        last: String,
    },
}

/// What a session was doing when the relay stopped answering.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Doing {
    Connecting,
    StartingTls,
    Ehlo,
    Greeting,
    LoggingIn,
}

impl std::fmt::Display for Doing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&match self {
            Doing::Connecting => t!("delivery-doing-connecting"),
            Doing::StartingTls => t!("delivery-doing-starting-tls"),
            Doing::Ehlo => t!("delivery-doing-ehlo"),
            Doing::Greeting => t!("delivery-doing-greeting"),
            Doing::LoggingIn => t!("delivery-doing-logging-in"),
        })
    }
}

impl SessionError {
    /// Whether trying again later may succeed (the relay unreachable or busy), as opposed
    /// to a fault only a person can mend (a refused login, an untrusted certificate).
    pub(crate) fn is_transient(&self) -> bool {
        matches!(
            self,
            Self::Connect { .. } | Self::Timeout { .. } | Self::Greeting { .. }
        )
    }
}

/// Opens sessions to one relay, all alike.
pub(crate) struct Connector {
    relay: RelayUrl,
    hello: ClientId,
    login: Option<Login>,
    starttls: Option<TlsParameters>,
    tls: Option<tokio_rustls::TlsConnector>,
    pub timeouts: Timeouts,
}

impl Connector {
    pub(crate) fn new(
        relay: RelayUrl,
        login: Option<Login>,
        ca_file: Option<&Path>,
        timeouts: Timeouts,
    ) -> Result<Self, SessionError> {
        let extra_roots = match ca_file {
            Some(path) => crate::tls::read_ca_file(path)?,
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
            Security::Tls => (
                None,
                Some(crate::tls::connector(extra_roots).map_err(|e| tls_error(e.to_string()))?),
            ),
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

    fn timed_out(&self, step: Doing, limit: Duration) -> SessionError {
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
    pub(crate) async fn connect(&self) -> Result<Session, SessionError> {
        let write_failed = WriteFailed::default();
        let (mut connection, mut encrypted) = self.greet(&write_failed).await?;
        if let (Some(parameters), Security::StartTls { required }) =
            (&self.starttls, self.relay.security)
        {
            if connection.can_starttls() {
                timeout(
                    self.timeouts.command,
                    connection.starttls(parameters.clone(), &self.hello),
                )
                .await
                .map_err(|_| self.timed_out(Doing::StartingTls, self.timeouts.command))?
                .map_err(|e| self.tls_failed(&e))?;
                encrypted = true;
            } else if required {
                return Err(SessionError::NoStartTls {
                    relay: self.relay.to_string(),
                });
            }
        }
        let extensions = self.extensions(&mut connection).await?;
        if let Some(login) = &self.login {
            // A password may cross plaintext to this machine (a local Postfix); a bearer token
            // never crosses plaintext at all.
            let loopback_password =
                login.method == LoginMethod::Password && self.relay.is_loopback();
            if !encrypted && !loopback_password {
                return Err(SessionError::AuthWithoutTls {
                    relay: self.relay.to_string(),
                    method: login.method,
                });
            }
            self.login(&mut connection, login).await?;
        }
        Ok(Session::new(
            connection,
            self.timeouts,
            extensions,
            write_failed,
        ))
    }

    /// What the relay announces. lettre keeps only the extensions it uses from its EHLO,
    /// so missive asks again, before the login: an EHLO after AUTH would reset the
    /// session, and some relays forget the login then.
    async fn extensions(
        &self,
        connection: &mut AsyncSmtpConnection,
    ) -> Result<Extensions, SessionError> {
        let reply = timeout(
            self.timeouts.command,
            connection.command(Ehlo::new(self.hello.clone())),
        )
        .await
        .map_err(|_| self.timed_out(Doing::Ehlo, self.timeouts.command))?
        .map_err(|e| SessionError::Greeting {
            relay: self.relay.to_string(),
            reason: e.to_string(),
        })?;
        Ok(Extensions::read(reply.message()))
    }

    /// Opens the socket (`TCP_NODELAY`), TLS for `smtps://`, and reads the greeting.
    /// Says whether the session is already encrypted.
    async fn greet(
        &self,
        write_failed: &WriteFailed,
    ) -> Result<(AsyncSmtpConnection, bool), SessionError> {
        let connect_error = |source: std::io::Error| SessionError::Connect {
            relay: self.relay.to_string(),
            source,
        };
        let address = (self.relay.host.as_str(), self.relay.port);
        let socket = timeout(self.timeouts.connect, TcpStream::connect(address))
            .await
            .map_err(|_| self.timed_out(Doing::Connecting, self.timeouts.connect))?
            .map_err(connect_error)?;
        socket.set_nodelay(true).map_err(connect_error)?;
        let stream: Box<dyn lettre::transport::smtp::client::AsyncTokioStream> = match &self.tls {
            Some(connector) => {
                let name = rustls_pki_types::ServerName::try_from(self.relay.host.clone())
                    .map_err(|e| self.tls_failed(&e))?;
                let stream = timeout(self.timeouts.command, connector.connect(name, socket))
                    .await
                    .map_err(|_| self.timed_out(Doing::StartingTls, self.timeouts.command))?
                    .map_err(|e| self.tls_failed(&e))?;
                Box::new(super::tls_stream::ImplicitTls(stream))
            }
            None => Box::new(socket),
        };
        let stream = Box::new(Watched::new(stream, write_failed.clone()));
        let connection = timeout(
            self.timeouts.greeting,
            AsyncSmtpConnection::connect_with_transport(stream, &self.hello),
        )
        .await
        .map_err(|_| self.timed_out(Doing::Greeting, self.timeouts.greeting))?
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
        .map_err(|_| self.timed_out(Doing::LoggingIn, self.timeouts.command))?;
        match result {
            Ok(_) => Ok(()),
            Err(e) if e.is_client() => Err(SessionError::AuthUnsupported {
                method: login.method,
                reason: e.to_string(),
            }),
            Err(e) => Err(SessionError::AuthRefused {
                user: login.user.clone(),
                reply: e.to_string(),
                method: login.method,
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Lang, in_lang};

    #[test]
    fn a_refused_connection_and_a_silent_relay_are_said_in_french() {
        let refused = SessionError::Connect {
            relay: "smtp://127.0.0.1:2525".into(),
            source: std::io::Error::from(std::io::ErrorKind::ConnectionRefused),
        };
        assert_eq!(
            in_lang(Lang::Fr, || refused.to_string()),
            "impossible de se connecter au relais smtp://127.0.0.1:2525\u{a0}: connexion refusée\u{202f}; \
             vérifiez son adresse et son port (`--smtp` ou `[smtp] url` dans campaign.toml) et que cet \
             ordinateur peut le joindre, puis relancez `missive send`"
        );
        assert!(
            refused
                .to_string()
                .starts_with("cannot connect to the relay smtp://127.0.0.1:2525: "),
            "{refused}"
        );
        let silent = SessionError::Timeout {
            relay: "smtps://smtp.ac-lille.fr:465".into(),
            step: Doing::Greeting,
            seconds: 30,
        };
        assert_eq!(
            in_lang(Lang::Fr, || silent.to_string()),
            "le relais smtps://smtp.ac-lille.fr:465 n'a pas répondu en 30 s pendant l'attente de son accueil"
        );
        assert_eq!(
            silent.to_string(),
            "the relay smtps://smtp.ac-lille.fr:465 did not answer within 30 s while waiting for the greeting"
        );
        let refused_login = SessionError::AuthRefused {
            user: "ien.lille-1".into(),
            reply: "535 5.7.8 Authentication failed".into(),
            method: LoginMethod::Password,
        };
        assert_eq!(
            in_lang(Lang::Fr, || refused_login.to_string()),
            "le relais a refusé l'identification de «\u{a0}ien.lille-1\u{a0}»\u{a0}: \
             «\u{a0}535 5.7.8 Authentication failed\u{a0}»\u{202f}; vérifiez le nom d'utilisateur et le mot de passe"
        );
        let without_tls = SessionError::AuthWithoutTls {
            relay: "smtp://smtp.ac-lille.fr:25".into(),
            method: LoginMethod::OAuth2,
        };
        assert_eq!(
            in_lang(Lang::Fr, || without_tls.to_string()),
            "missive refuse d'envoyer le jeton OAuth2 à smtp://smtp.ac-lille.fr:25 sans TLS\u{202f}; \
             utilisez `smtps://` ou `?tls=required`"
        );
        assert_eq!(
            without_tls.to_string(),
            "refusing to send the OAuth2 token to smtp://smtp.ac-lille.fr:25 without TLS; use `smtps://` or `?tls=required`"
        );
    }
}
