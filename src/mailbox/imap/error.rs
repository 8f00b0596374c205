//! What can go wrong with the mailbox, each saying which server, what happened and what to
//! do. No message holds a password or a token: a refusal quotes the server's words, and
//! what the server sent is cut short.

use std::fmt;

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
        f.write_str(match self {
            Self::Sent => "sent messages",
            Self::Drafts => "drafts",
            Self::Read => "mail to read",
        })
    }
}

#[derive(Debug, thiserror::Error)]
pub(crate) enum ImapError {
    #[error(
        "cannot connect to the IMAP server {server}: {reason}; check its address and port (`url` in the [imap] section of campaign.toml) and that this computer can reach it"
    )]
    Connect { server: String, reason: String },
    #[error(
        "TLS with the IMAP server {server} failed: {reason}; check the address, or trust your académie's certificate authority with `--ca-file`"
    )]
    Tls { server: String, reason: String },
    #[error("the IMAP server {server} does not offer STARTTLS; use `imaps://` (port 993) instead")]
    NoStartTls { server: String },
    #[error("the IMAP server {server} refused the login for `{user}`: {reply}; {hint}")]
    LoginRefused {
        server: String,
        user: String,
        reply: String,
        hint: &'static str,
    },
    #[error(
        "the IMAP server {server} does not offer the login missive would use ({mechanisms}); {hint}"
    )]
    LoginUnsupported {
        server: String,
        mechanisms: &'static str,
        hint: &'static str,
    },
    #[error(
        "refusing to send the {secret} to the IMAP server {server} without TLS; use `imaps://` or `?tls=required`"
    )]
    LoginWithoutTls {
        server: String,
        secret: &'static str,
    },
    #[error(
        "the IMAP server {server} did not answer within {seconds} s while {step}; try again later, or ask its administrator"
    )]
    Timeout {
        server: String,
        step: &'static str,
        seconds: u64,
    },
    #[error(
        "the IMAP server {server} has no folder for {role} that missive recognises (folders: {found}); name yours with `{setting}` in the [imap] section of campaign.toml",
        setting = role.setting()
    )]
    FolderMissing {
        server: String,
        role: FolderRole,
        found: String,
    },
    #[error(
        "the IMAP server {server} has no folder `{name}` (`{setting}` in campaign.toml); the folders are: {found}",
        setting = role.setting()
    )]
    ConfiguredFolderMissing {
        server: String,
        role: FolderRole,
        name: String,
        found: String,
    },
    #[error(
        "the IMAP server {server} refused {command}: {reply}; check the folder and your rights to it, or ask the server's administrator"
    )]
    Refused {
        server: String,
        command: &'static str,
        reply: String,
    },
    #[error(
        "the IMAP server {server} broke off while {step}: {reason}; run the command again, and ask its administrator if it keeps happening"
    )]
    Protocol {
        server: String,
        step: &'static str,
        reason: String,
    },
}

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
pub(super) fn folder_list<'a>(names: impl Iterator<Item = &'a str>) -> String {
    const SHOWN: usize = 30;
    let names: Vec<&str> = names.collect();
    if names.is_empty() {
        return "none".to_owned();
    }
    let mut list: Vec<String> = names.iter().take(SHOWN).map(|n| format!("`{n}`")).collect();
    if names.len() > SHOWN {
        list.push(format!("and {} more", names.len() - SHOWN));
    }
    list.join(", ")
}
