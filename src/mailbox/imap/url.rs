//! The IMAP server's address: `imaps://host` (TLS from the first byte, port 993),
//! `imap://host:143?tls=required` (STARTTLS), or `imap://127.0.0.1:PORT` (no TLS, to this
//! machine only). A user name may be in it; a password never is.
//!
//! Plaintext is refused away from this machine, with no `--insecure` to override it as SMTP
//! has: every IMAP session logs in, and a password or token never crosses the network
//! unprotected.

use std::fmt;

use crate::server_url::{ServerUrl, ServerUrlError, is_loopback, redact, url_host, write_url};

/// How the session is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ImapSecurity {
    /// TLS from the first byte (port 993).
    Tls,
    /// STARTTLS after the greeting, or no session at all.
    StartTls,
    /// No TLS: this machine only.
    Plain,
}

/// A parsed IMAP server address. It never holds a password.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ImapUrl {
    pub host: String,
    pub port: u16,
    pub security: ImapSecurity,
    pub username: Option<String>,
}

/// Why an IMAP server address is refused.
#[derive(Debug, Clone, thiserror::Error)]
pub(crate) enum ImapUrlError {
    #[error("{}", t!("mailbox-url-malformed", url = url.as_str(), reason = reason.to_string()))]
    Malformed { url: String, reason: Malformed },
    #[error("{}", t!("mailbox-url-password"))]
    PasswordInUrl,
    #[error("{}", t!("mailbox-url-plaintext", url = url.as_str(), host = host.as_str()))]
    Plaintext { url: String, host: String },
}

/// What is wrong in an IMAP server address.
#[derive(Debug, Clone)]
pub(crate) enum Malformed {
    /// The shared address reader's reason, in its words.
    Url(String),
    /// A `tls=` it does not know.
    Tls(String),
    /// A scheme other than imaps and imap.
    Scheme(String),
}

impl std::fmt::Display for Malformed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&match self {
            Self::Url(reason) => t!("mailbox-url-unreadable", reason = reason.as_str()),
            Self::Tls(tls) => t!("mailbox-url-tls-unknown", tls = tls.as_str()),
            Self::Scheme(scheme) => t!("mailbox-url-scheme", scheme = scheme.as_str()),
        })
    }
}

impl ImapUrl {
    pub(crate) fn parse(text: &str) -> Result<Self, ImapUrlError> {
        let malformed = |reason: Malformed| ImapUrlError::Malformed {
            url: redact(text),
            reason,
        };
        let url = ServerUrl::parse(text).map_err(|error| match error {
            ServerUrlError::PasswordInUrl => ImapUrlError::PasswordInUrl,
            ServerUrlError::Malformed(reason) => malformed(Malformed::Url(reason)),
        })?;
        let security = match (url.scheme.as_str(), url.tls.as_deref()) {
            ("imaps", None | Some("required")) => ImapSecurity::Tls,
            ("imap", Some("required")) => ImapSecurity::StartTls,
            ("imap", None | Some("none")) => ImapSecurity::Plain,
            (scheme, tls) => {
                let reason = if matches!(scheme, "imap" | "imaps") {
                    Malformed::Tls(tls.unwrap_or_default().to_owned())
                } else {
                    Malformed::Scheme(scheme.to_owned())
                };
                return Err(malformed(reason));
            }
        };
        let default_port = match security {
            ImapSecurity::Tls => 993,
            ImapSecurity::StartTls | ImapSecurity::Plain => 143,
        };
        let parsed = Self {
            host: url.host,
            port: url.port.unwrap_or(default_port),
            security,
            username: url.username,
        };
        if security == ImapSecurity::Plain && !parsed.is_loopback() {
            return Err(ImapUrlError::Plaintext {
                url: parsed.to_string(),
                host: url_host(&parsed.host),
            });
        }
        Ok(parsed)
    }

    /// Whether the host is this machine.
    pub(crate) fn is_loopback(&self) -> bool {
        is_loopback(&self.host)
    }
}

impl fmt::Display for ImapUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (scheme, query) = match self.security {
            ImapSecurity::Tls => ("imaps", ""),
            ImapSecurity::StartTls => ("imap", "?tls=required"),
            ImapSecurity::Plain => ("imap", ""),
        };
        write_url(f, scheme, &self.host, self.port, query)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mailbox::imap::assert_says;

    #[test]
    fn reads_the_three_forms_with_their_default_ports() {
        let tls = ImapUrl::parse("imaps://imap.ac-lille.fr").expect("valid");
        assert_eq!((tls.port, tls.security), (993, ImapSecurity::Tls));
        let starttls =
            ImapUrl::parse("imap://ien.lille-1@imap.ac-lille.fr?tls=required").expect("valid");
        assert_eq!(
            (starttls.port, starttls.security),
            (143, ImapSecurity::StartTls)
        );
        assert_eq!(starttls.username.as_deref(), Some("ien.lille-1"));
        let plain = ImapUrl::parse("imap://127.0.0.1:10143").expect("valid");
        assert_eq!((plain.port, plain.security), (10143, ImapSecurity::Plain));
        assert!(plain.is_loopback());
        let v6 = ImapUrl::parse("imap://[::1]:10143").expect("valid");
        assert!(v6.is_loopback());
        assert_eq!(v6.to_string(), "imap://[::1]:10143");
    }

    #[test]
    fn a_user_name_is_percent_decoded() {
        let url =
            ImapUrl::parse("imaps://ce.0590001a%40ac-lille.fr@imap.ac-lille.fr").expect("valid");
        assert_eq!(url.username.as_deref(), Some("ce.0590001a@ac-lille.fr"));
    }

    #[test]
    fn plaintext_to_another_machine_is_refused_with_the_tls_forms() {
        let error = ImapUrl::parse("imap://imap.ac-lille.fr").expect_err("plaintext");
        assert_says(
            &error,
            &[
                "not protected by TLS",
                "`imaps://imap.ac-lille.fr`",
                "`imap://imap.ac-lille.fr:143?tls=required`",
            ],
        );
        let error = ImapUrl::parse("imap://192.0.2.7:143?tls=none").expect_err("plaintext");
        assert!(matches!(error, ImapUrlError::Plaintext { .. }), "{error}");
    }

    #[test]
    fn a_password_in_the_url_is_refused_and_never_echoed() {
        let error = ImapUrl::parse("imaps://u:hunter2@imap.x.fr").expect_err("refused");
        assert!(!error.to_string().contains("hunter2"), "{error}");
        let error = ImapUrl::parse("pop3://u:hunter2@imap.x.fr").expect_err("refused");
        assert!(!error.to_string().contains("hunter2"), "{error}");
    }

    #[test]
    fn reads_back_as_written_and_says_the_form_when_wrong() {
        for text in [
            "imaps://imap.ac-lille.fr:993",
            "imap://imap.ac-lille.fr:143?tls=required",
            "imap://127.0.0.1:10143",
        ] {
            let url = ImapUrl::parse(text).expect(text);
            assert_eq!(url.to_string(), text);
        }
        for wrong in [
            "imap.ac-lille.fr",
            "smtps://imap.ac-lille.fr",
            "imap://imap.ac-lille.fr?tls=opportunistic",
        ] {
            let error = ImapUrl::parse(wrong).expect_err(wrong);
            assert_says(&error, &["like `imaps://imap.example.fr`"]);
        }
    }
}
