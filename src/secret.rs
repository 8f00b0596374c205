//! A password or access token that cannot be printed by accident, and the one place the
//! password is read from the environment.

use std::fmt;

/// The variable that may hold the relay's password.
pub(crate) const PASSWORD_VARIABLE: &str = "MISSIVE_SMTP_PASSWORD";
/// The variable that may hold the mailbox's password (IMAP).
pub(crate) const IMAP_PASSWORD_VARIABLE: &str = "MISSIVE_IMAP_PASSWORD";

/// A password from `MISSIVE_SMTP_PASSWORD` (or `MISSIVE_IMAP_PASSWORD`), when set and not
/// empty. This is the only place either is read, and only when a login needs it.
///
/// Unlike `MISSIVE_SMTP_URL`, it is not bound through clap: every clap argument is also a
/// flag, and a password given as a flag shows in `ps` to every user of the machine; clap
/// would keep it as a plain `String` in the parsed arguments (which `Debug` prints) and
/// show its value in `--help` unless told not to. Read here, it becomes a [`Secret`] at once.
///
/// `variable` is one of the two above.
pub(crate) fn password_from(variable: &str) -> Option<Secret> {
    std::env::var(variable)
        .ok()
        .filter(|value| !value.is_empty())
        .map(Secret::new)
}

/// A secret string: its `Debug` and `Display` never show the value.
#[derive(Clone)]
pub(crate) struct Secret(String);

impl Secret {
    pub(crate) fn new(value: String) -> Self {
        Self(value)
    }

    /// The value, for the one place that needs it (the SMTP login).
    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_formats_its_value() {
        let secret = Secret::new("hunter2".into());
        assert!(!format!("{secret:?} {secret}").contains("hunter2"));
        assert_eq!(secret.expose(), "hunter2");
    }
}
