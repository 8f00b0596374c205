//! The relay's address, in lettre's URL forms: `smtps://host:465` (TLS from the start),
//! `smtp://host:587?tls=required` (STARTTLS), `smtp://127.0.0.1:2525` (plaintext).

use std::fmt;
use std::str::FromStr;

use crate::server_url::{ServerUrl, ServerUrlError, is_loopback, redact, write_url};

/// How the session is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Security {
    /// No TLS: allowed to this machine only, unless `--insecure`.
    Plain,
    /// STARTTLS after the greeting. `required = false` goes on in plaintext if the server
    /// does not offer it (then the plaintext rules apply).
    StartTls { required: bool },
    /// TLS from the first byte (port 465).
    Tls,
}

/// A parsed relay address. It never holds a password.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelayUrl {
    pub host: String,
    pub port: u16,
    pub security: Security,
    pub username: Option<String>,
}

/// Why a relay address is refused.
#[derive(Debug, Clone, thiserror::Error)]
pub enum RelayUrlError {
    #[error("{}", t!("delivery-url-malformed", url = url.as_str(), reason = reason.to_string()))]
    Malformed { url: String, reason: Malformed },
    #[error("{}", t!("delivery-url-password"))]
    PasswordInUrl,
}

/// What is wrong in a relay address.
#[derive(Debug, Clone)]
pub enum Malformed {
    /// The shared address reader's reason, in its words.
    Url(String),
    /// A `tls=` it does not know.
    Tls(String),
    /// A scheme other than smtp and smtps.
    Scheme(String),
}

impl std::fmt::Display for Malformed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Malformed::Url(reason) => {
                f.write_str(&t!("delivery-url-unreadable", reason = reason.as_str()))
            }
            Malformed::Tls(tls) => f.write_str(&t!("delivery-url-tls-unknown", tls = tls.as_str())),
            Malformed::Scheme(scheme) => {
                f.write_str(&t!("delivery-url-scheme", scheme = scheme.as_str()))
            }
        }
    }
}

impl RelayUrl {
    pub fn parse(text: &str) -> Result<Self, RelayUrlError> {
        let malformed = |reason: Malformed| RelayUrlError::Malformed {
            url: redact(text),
            reason,
        };
        let url = ServerUrl::parse(text).map_err(|error| match error {
            ServerUrlError::PasswordInUrl => RelayUrlError::PasswordInUrl,
            ServerUrlError::Malformed(reason) => malformed(Malformed::Url(reason)),
        })?;
        let security = match (url.scheme.as_str(), url.tls.as_deref()) {
            ("smtps", None | Some("wrapper" | "required")) => Security::Tls,
            ("smtp", None | Some("none")) => Security::Plain,
            ("smtp", Some("required")) => Security::StartTls { required: true },
            ("smtp", Some("opportunistic")) => Security::StartTls { required: false },
            ("smtp" | "smtps", Some(other)) => {
                return Err(malformed(Malformed::Tls(other.to_owned())));
            }
            (other, _) => {
                return Err(malformed(Malformed::Scheme(other.to_owned())));
            }
        };
        let default_port = match security {
            Security::Tls => 465,
            Security::StartTls { .. } => 587,
            Security::Plain => 25,
        };
        Ok(Self {
            host: url.host,
            port: url.port.unwrap_or(default_port),
            security,
            username: url.username,
        })
    }

    /// Whether the host is this machine (plaintext is allowed there).
    pub fn is_loopback(&self) -> bool {
        is_loopback(&self.host)
    }
}

impl fmt::Display for RelayUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (scheme, query) = match self.security {
            Security::Tls => ("smtps", ""),
            Security::Plain => ("smtp", ""),
            Security::StartTls { required: true } => ("smtp", "?tls=required"),
            Security::StartTls { required: false } => ("smtp", "?tls=opportunistic"),
        };
        write_url(f, scheme, &self.host, self.port, query)
    }
}

impl FromStr for RelayUrl {
    type Err = RelayUrlError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::parse(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_three_forms() {
        let tls = RelayUrl::parse("smtps://smtp.ac-lille.fr").expect("valid");
        assert_eq!((tls.port, tls.security), (465, Security::Tls));
        let starttls =
            RelayUrl::parse("smtp://jdupont@smtp.ac-lille.fr:587?tls=required").expect("valid");
        assert_eq!(starttls.security, Security::StartTls { required: true });
        assert_eq!(starttls.username.as_deref(), Some("jdupont"));
        assert!(!starttls.is_loopback());
        let plain = RelayUrl::parse("smtp://127.0.0.1:2525").expect("valid");
        assert_eq!((plain.port, plain.security), (2525, Security::Plain));
        assert!(plain.is_loopback());
        assert!(
            RelayUrl::parse("smtp://[::1]:2525")
                .expect("valid")
                .is_loopback()
        );
    }

    #[test]
    fn a_password_in_the_url_is_refused_and_never_echoed() {
        let error = RelayUrl::parse("smtp://u:hunter2@smtp.x.fr").expect_err("refused");
        assert!(!error.to_string().contains("hunter2"));
        let error = RelayUrl::parse("ftp://u:hunter2@smtp.x.fr").expect_err("refused");
        assert!(!error.to_string().contains("hunter2"), "{error}");
    }

    #[test]
    fn reads_back_as_written_and_says_the_form_when_wrong() {
        for text in [
            "smtps://smtp.ac-lille.fr:465",
            "smtp://smtp.ac-lille.fr:587?tls=required",
            "smtp://127.0.0.1:2525",
        ] {
            let relay: RelayUrl = text.parse().expect(text);
            assert_eq!(relay.to_string(), text);
        }
        let error = "smtp.ac-lille.fr"
            .parse::<RelayUrl>()
            .expect_err("no scheme");
        assert!(
            error
                .to_string()
                .contains("like `smtps://smtp.example.fr:465`"),
            "{error}"
        );
    }
}
