//! What can go wrong with the mailbox, each saying which server, what happened and what to
//! do. No message holds a password or a token: a refusal quotes the server's words, and
//! what the server sent is cut short.

use std::fmt;

use crate::deliver::login::LoginMethod;

/// The folders missive looks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FolderRole {
    /// Where copies of the messages sent go (`\Sent`).
    Sent,
    /// Where drafts go (`\Drafts`).
    Drafts,
    /// A folder `missive collect` reads: INBOX, or `bounce_folder`, by its name.
    Read,
}

impl FolderRole {
    /// The campaign.toml setting (in `[imap]`) that names the folder.
    pub(crate) fn setting(self) -> &'static str {
        match self {
            Self::Sent => "sent_folder",
            Self::Drafts => "drafts_folder",
            Self::Read => "bounce_folder",
        }
    }
}

impl fmt::Display for FolderRole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&match self {
            Self::Sent => t!("mailbox-role-sent"),
            Self::Drafts => t!("mailbox-role-drafts"),
            Self::Read => t!("mailbox-role-read"),
        })
    }
}

#[derive(Debug, thiserror::Error)]
pub(crate) enum ImapError {
    #[error("{}", t!("mailbox-connect", server = server.as_str(), reason = reason.to_string()))]
    Connect { server: String, reason: Why },
    #[error("{}", t!("mailbox-tls", server = server.as_str(), reason = reason.as_str()))]
    Tls { server: String, reason: String },
    #[error("{}", t!("mailbox-no-starttls", server = server.as_str()))]
    NoStartTls { server: String },
    #[error("{}", t!("mailbox-login-refused", server = server.as_str(), user = user.as_str(), reply = reply.as_str(), hint = method.refused_hint()))]
    LoginRefused {
        server: String,
        user: String,
        reply: String,
        method: LoginMethod,
    },
    #[error("{}", t!("mailbox-login-unsupported", server = server.as_str(), mechanisms = *mechanisms, hint = said(hint)))]
    LoginUnsupported {
        server: String,
        mechanisms: &'static str,
        hint: &'static str,
    },
    #[error("{}", t!("mailbox-login-without-tls", secret = method.secret_name(), server = server.as_str()))]
    LoginWithoutTls { server: String, method: LoginMethod },
    #[error("{}", t!("mailbox-timeout", server = server.as_str(), seconds = *seconds, step = said(step)))]
    Timeout {
        server: String,
        step: &'static str,
        seconds: u64,
    },
    #[error("{}", t!("mailbox-folder-missing", server = server.as_str(), role = role.to_string(), found = folder_list(found), setting = role.setting()))]
    FolderMissing {
        server: String,
        role: FolderRole,
        found: Vec<String>,
    },
    #[error("{}", t!("mailbox-configured-folder-missing", server = server.as_str(), name = name.as_str(), setting = role.setting(), found = folder_list(found)))]
    ConfiguredFolderMissing {
        server: String,
        role: FolderRole,
        name: String,
        found: Vec<String>,
    },
    #[error("{}", t!("mailbox-refused", server = server.as_str(), command = *command, reply = reply.to_string()))]
    Refused {
        server: String,
        command: &'static str,
        reply: Why,
    },
    #[error("{}", t!("mailbox-protocol", server = server.as_str(), step = said(step), reason = reason.as_str()))]
    Protocol {
        server: String,
        step: &'static str,
        reason: String,
    },
}

/// What a server answered, or missive's own words about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Why {
    /// The server's or the system's words, as they are.
    Said(String),
    /// The server closed with these words (a `BYE` at the greeting).
    Greeted(String),
    /// A folder name no command can carry.
    LineBreak(String),
    /// What the system said (a refused connection), its kind and its words.
    Io(std::io::ErrorKind, String),
}

impl fmt::Display for Why {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Said(words) => f.write_str(words),
            Self::Greeted(words) => f.write_str(&t!("mailbox-said", words = words.as_str())),
            Self::Io(kind, words) => f.write_str(&crate::i18n::system(&std::io::Error::new(
                *kind,
                words.clone(),
            ))),
            Self::LineBreak(folder) => {
                f.write_str(&t!("mailbox-folder-line-break", folder = folder.as_str()))
            }
        }
    }
}

/// A step or a hint of this module, written in English in the code, said in the run's
/// language.
fn said(english: &str) -> String {
    match english {
        "connecting" => t!("mailbox-doing-connecting"),
        "starting TLS" => t!("mailbox-doing-starting-tls"),
        "starting TLS (STARTTLS)" => t!("mailbox-doing-starttls"),
        "asking what it offers (CAPABILITY)" => t!("mailbox-doing-capability"),
        "logging in" => t!("mailbox-doing-logging-in"),
        "waiting for the greeting" => t!("mailbox-doing-greeting"),
        "listing the folders (LIST)" => t!("mailbox-doing-list"),
        "storing a message (APPEND)" => t!("mailbox-doing-append"),
        "opening a folder (EXAMINE)" => t!("mailbox-doing-examine"),
        "reading messages (FETCH)" => t!("mailbox-doing-fetch"),
        "searching a folder (SEARCH)" => t!("mailbox-doing-search"),
        LINE_BREAK_HINT => t!("mailbox-hint-line-break"),
        ASK_SERVER_HINT => t!("mailbox-hint-ask-server"),
        NO_TOKEN_HINT => t!("mailbox-hint-no-token"),
        other => other.to_owned(),
    }
}

/// What to do when the login cannot go as LOGIN.
pub(super) const LINE_BREAK_HINT: &str =
    "the user name or password holds a line break, which only AUTHENTICATE PLAIN can carry";
/// What to do when the server offers no mechanism missive uses for a password.
pub(super) const ASK_SERVER_HINT: &str = "ask the server's administrator how to log in";
/// What to do when the server takes no token.
pub(super) const NO_TOKEN_HINT: &str =
    "this server takes no OAuth2 token: remove `token_command` and give a password";

impl ImapError {
    /// `server` gave no answer within `limit` while `step`.
    pub(super) fn timeout(server: &str, step: &'static str, limit: std::time::Duration) -> Self {
        Self::Timeout {
            server: server.to_owned(),
            step,
            seconds: limit.as_secs(),
        }
    }

    /// Whether trying again later may succeed (the server unreachable, slow, or gone in the
    /// middle), as opposed to a fault a person must mend (a refused login, no such folder).
    pub(crate) fn is_transient(&self) -> bool {
        matches!(
            self,
            Self::Connect { .. } | Self::Timeout { .. } | Self::Protocol { .. }
        )
    }
}

/// What a server sent, cut to a readable length (a parse error may hold a whole message).
pub(super) fn short(text: &str) -> String {
    const LIMIT: usize = 200;
    match text.char_indices().nth(LIMIT) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

/// Folder names as a list to read: `` `INBOX`, `Archives` ``, the first 30 of them.
pub(super) fn folder_list(names: &[String]) -> String {
    const SHOWN: usize = 30;
    if names.is_empty() {
        return t!("mailbox-folders-none");
    }
    let mut list: Vec<String> = names.iter().take(SHOWN).map(|n| format!("`{n}`")).collect();
    if names.len() > SHOWN {
        list.push(t!("mailbox-folders-more", count = names.len() - SHOWN));
    }
    list.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Lang, in_lang};

    #[test]
    fn a_silent_server_and_a_missing_folder_are_said_in_french() {
        let silent = ImapError::timeout(
            "imaps://imap.ac-lille.fr:993",
            "listing the folders (LIST)",
            std::time::Duration::from_secs(60),
        );
        assert_eq!(
            in_lang(Lang::Fr, || silent.to_string()),
            "le serveur IMAP imaps://imap.ac-lille.fr:993 n'a pas répondu en 60 s pendant la liste \
             des dossiers (LIST)\u{202f}; réessayez plus tard, ou demandez à son administrateur"
        );
        assert!(
            silent.to_string().contains(
                "did not answer within 60 s while listing the folders (LIST); try again later"
            ),
            "{silent}"
        );
        let missing = ImapError::FolderMissing {
            server: "imaps://imap.ac-lille.fr:993".into(),
            role: FolderRole::Drafts,
            found: vec!["INBOX".into(), "Archives".into()],
        };
        let french = in_lang(Lang::Fr, || missing.to_string());
        assert_eq!(
            french,
            "le serveur IMAP imaps://imap.ac-lille.fr:993 n'a aucun dossier pour les brouillons que \
             missive reconnaisse (dossiers\u{a0}: `INBOX`, `Archives`)\u{202f}; nommez le vôtre avec \
             `drafts_folder` dans la section [imap] de campaign.toml"
        );
        assert!(
            crate::i18n::audit::english_left(&french).is_empty(),
            "{french}"
        );
        let none = ImapError::FolderMissing {
            server: "imaps://imap.ac-lille.fr:993".into(),
            role: FolderRole::Sent,
            found: Vec::new(),
        };
        assert!(
            none.to_string()
                .contains("no folder for sent messages that missive recognises (folders: none)"),
            "{none}"
        );
    }
}
