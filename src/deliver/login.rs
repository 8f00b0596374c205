//! How missive logs in to the relay: a password (typed in the web app's page,
//! `MISSIVE_SMTP_PASSWORD`, `password_command`, or a prompt) with AUTH PLAIN or LOGIN, or an OAuth 2 access token (`token_command`) with
//! XOAUTH2 only. The secret is kept in a [`Secret`] and never printed; an error names the
//! command that failed, never what it printed.

use std::io::IsTerminal;

use lettre::transport::smtp::authentication::Mechanism;

use crate::secret::Secret;

/// What the session logs in with.
#[derive(Debug, Clone)]
pub(crate) struct Login {
    pub user: String,
    pub secret: Secret,
    pub method: LoginMethod,
}

/// The kind of secret, which decides the SASL mechanisms offered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LoginMethod {
    /// A password: AUTH PLAIN, or LOGIN when PLAIN is not offered.
    Password,
    /// An OAuth 2 access token: AUTH XOAUTH2 and nothing else, over TLS only.
    OAuth2,
}

impl LoginMethod {
    /// The mechanisms lettre may choose from, in order of preference.
    pub(crate) fn mechanisms(self) -> &'static [Mechanism] {
        match self {
            Self::Password => &[Mechanism::Plain, Mechanism::Login],
            Self::OAuth2 => &[Mechanism::Xoauth2],
        }
    }

    /// The mechanisms as a person reads them.
    pub(crate) fn mechanism_names(self) -> &'static str {
        match self {
            Self::Password => "PLAIN, LOGIN",
            Self::OAuth2 => "XOAUTH2",
        }
    }

    /// What to do when the relay refuses the login.
    pub(crate) fn refused_hint(self) -> String {
        match self {
            Self::Password => t!("delivery-hint-check-password"),
            Self::OAuth2 => t!("delivery-hint-check-token"),
        }
    }

    /// What to do when the relay does not offer the mechanisms.
    pub(crate) fn unsupported_hint(self) -> String {
        match self {
            Self::Password => t!("delivery-hint-ask-relay"),
            Self::OAuth2 => t!("delivery-hint-no-token"),
        }
    }

    /// What the first line of its command must be.
    pub(crate) fn first_line(self) -> String {
        match self {
            Self::Password => t!("delivery-secret-password"),
            Self::OAuth2 => t!("delivery-login-access-token"),
        }
    }

    /// What the secret is called in messages.
    pub(crate) fn secret_name(self) -> String {
        match self {
            Self::Password => t!("delivery-secret-password"),
            Self::OAuth2 => t!("delivery-secret-token"),
        }
    }
}

/// Where the secret may come from.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SecretSources<'a> {
    /// The login name (`--smtp-user`, the relay URL, or `username` in campaign.toml).
    pub user: Option<&'a str>,
    pub password_command: Option<&'a str>,
    pub token_command: Option<&'a str>,
    /// The password the person gave the web app for this session, first of all.
    pub given: Option<&'a Secret>,
    /// The relay's host, for the prompt.
    pub host: &'a str,
    /// The variables that may hold the password, tried in order (`MISSIVE_SMTP_PASSWORD`
    /// for a relay; `MISSIVE_IMAP_PASSWORD`, then the relay's, for the mailbox).
    pub variables: &'a [&'static str],
    /// Where `password_command` is set, for the message when there is no password.
    pub section: &'static str,
}

/// Why no secret could be had.
#[derive(Debug, thiserror::Error)]
pub(crate) enum LoginError {
    #[error("{}", t!("delivery-login-token-without-user"))]
    TokenWithoutUser,
    #[error("{}", t!("delivery-login-spawn", setting = *setting, command = command.as_str(), reason = crate::i18n::system(source)))]
    Spawn {
        setting: &'static str,
        command: String,
        source: std::io::Error,
    },
    #[error("{}", t!("delivery-login-failed", setting = *setting, command = command.as_str(), status = status.as_str()))]
    Failed {
        setting: &'static str,
        command: String,
        status: String,
    },
    #[error("{}", t!("delivery-login-not-text", setting = *setting, command = command.as_str(), what = what.first_line()))]
    NotText {
        setting: &'static str,
        command: String,
        what: LoginMethod,
    },
    #[error("{}", t!("delivery-login-empty", setting = *setting, command = command.as_str(), what = what.first_line()))]
    Empty {
        setting: &'static str,
        command: String,
        what: LoginMethod,
    },
    #[error("{}", t!("delivery-login-prompt-failed", reason = crate::i18n::system(source)))]
    Prompt { source: std::io::Error },
    #[error("{}", t!("delivery-login-no-password", user = user.as_str(), variable = *variable, section = *section))]
    NoPassword {
        user: String,
        variable: &'static str,
        section: &'static str,
    },
}

/// The login to use: an OAuth 2 token when `token_command` is set, else a password when there
/// is a user name (the one `given`, then `MISSIVE_SMTP_PASSWORD`, then `password_command`,
/// then a prompt on a terminal), else none.
pub(crate) fn obtain(sources: &SecretSources<'_>) -> Result<Option<Login>, LoginError> {
    if let Some(command) = sources.token_command {
        let user = sources.user.ok_or(LoginError::TokenWithoutUser)?;
        return Ok(Some(Login {
            user: user.to_string(),
            secret: first_line_of("token_command", command, LoginMethod::OAuth2)?,
            method: LoginMethod::OAuth2,
        }));
    }
    let Some(user) = sources.user else {
        return Ok(None);
    };
    let from_environment = || {
        sources
            .variables
            .iter()
            .find_map(|variable| crate::secret::password_from(variable))
    };
    let secret = if let Some(password) = sources.given.cloned().or_else(from_environment) {
        password
    } else if let Some(command) = sources.password_command {
        first_line_of("password_command", command, LoginMethod::Password)?
    } else if std::io::stdin().is_terminal() {
        let prompt = t!("delivery-login-prompt", user = user, host = sources.host);
        rpassword::prompt_password(prompt)
            .map(Secret::new)
            .map_err(|source| LoginError::Prompt { source })?
    } else {
        return Err(LoginError::NoPassword {
            user: user.to_string(),
            variable: sources
                .variables
                .first()
                .copied()
                .unwrap_or(crate::secret::PASSWORD_VARIABLE),
            section: sources.section,
        });
    };
    Ok(Some(Login {
        user: user.to_string(),
        secret,
        method: LoginMethod::Password,
    }))
}

/// Runs `command` with `sh -c` (its standard error goes to the user's) and keeps the first
/// line it prints, as `pass show` and OAuth helpers print it.
fn first_line_of(
    setting: &'static str,
    command: &str,
    what: LoginMethod,
) -> Result<Secret, LoginError> {
    let output = std::process::Command::new("sh")
        .arg("-c")
        .arg(command)
        .stderr(std::process::Stdio::inherit())
        .output()
        .map_err(|source| LoginError::Spawn {
            setting,
            command: command.to_string(),
            source,
        })?;
    if !output.status.success() {
        return Err(LoginError::Failed {
            setting,
            command: command.to_string(),
            status: output.status.to_string(),
        });
    }
    let text = String::from_utf8(output.stdout).map_err(|_| LoginError::NotText {
        setting,
        command: command.to_string(),
        what,
    })?;
    let first_line = text.lines().next().unwrap_or_default();
    if first_line.is_empty() {
        return Err(LoginError::Empty {
            setting,
            command: command.to_string(),
            what,
        });
    }
    Ok(Secret::new(first_line.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sources<'a>(token: Option<&'a str>, user: Option<&'a str>) -> SecretSources<'a> {
        SecretSources {
            user,
            password_command: Some("echo not-this-one"),
            token_command: token,
            given: None,
            host: "smtp.example.fr",
            variables: &[crate::secret::PASSWORD_VARIABLE],
            section: "[smtp]",
        }
    }

    #[test]
    fn a_token_command_gives_its_first_line_for_xoauth2_only() {
        let login = obtain(&sources(
            Some("printf 'ya29.token\\nrefresh-me\\n'"),
            Some("ien@ac-lille.fr"),
        ))
        .expect("token")
        .expect("a login");
        assert_eq!(login.secret.expose(), "ya29.token");
        assert_eq!(login.method, LoginMethod::OAuth2);
        assert_eq!(login.method.mechanisms(), &[Mechanism::Xoauth2]);
        assert!(!format!("{login:?}").contains("ya29"));
    }

    #[test]
    fn a_token_needs_a_user_and_a_command_that_works() {
        let error = obtain(&sources(Some("echo t"), None)).expect_err("no user");
        assert!(error.to_string().contains("username"), "{error}");
        let error =
            obtain(&sources(Some("echo secret-out; exit 3"), Some("u"))).expect_err("fails");
        let message = error.to_string();
        assert!(message.contains("failed"), "{message}");
        let error = obtain(&sources(Some("true"), Some("u"))).expect_err("empty");
        assert!(error.to_string().contains("printed nothing"), "{error}");
    }
}
