//! The `[imap]` section: the mailbox missive writes copies and drafts to, and reads bounces
//! and receipts from. Its login defaults to the relay's: a head's mailbox is usually the one
//! that sends.
//!
//! ```toml
//! [imap]
//! url = "imaps://imap.ac-lille.fr:993"   # or imap://host:143?tls=required (STARTTLS)
//! save_sent = "each"                     # "first", "none" (the default)
//! sent_folder = "Éléments envoyés"       # when the server does not mark its Sent folder
//! ```

use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use serde::Deserialize;

use super::{Campaign, ConfigError, EntryProblem, SmtpSection};

/// The `[imap]` section as written.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ImapSection {
    pub url: Option<String>,
    pub username: Option<String>,
    pub password_command: Option<String>,
    /// A command printing an OAuth 2 access token on its first line (XOAUTH2).
    pub token_command: Option<String>,
    pub ca_file: Option<PathBuf>,
    pub save_sent: Option<SaveSent>,
    /// The folder copies go to, when the server's own cannot be found or is not wanted.
    pub sent_folder: Option<String>,
    /// The folder `missive drafts` writes to.
    pub drafts_folder: Option<String>,
    /// A folder `missive collect` reads besides INBOX (where a filter files the bounces).
    pub bounce_folder: Option<String>,
    /// Only so it can be refused with an explanation.
    #[serde(default)]
    password: Option<toml::Value>,
}

impl ImapSection {
    /// Refuses what no run could use: a password written in the file, two secrets.
    pub(super) fn check(&self, file: &Path) -> Result<(), ConfigError> {
        let problem = if self.password.is_some() {
            EntryProblem::ImapPassword
        } else if self.password_command.is_some() && self.token_command.is_some() {
            EntryProblem::ImapBothSecrets
        } else {
            return Ok(());
        };
        Err(ConfigError::RelayEntry {
            entry: format!("{}: [imap]", file.display()),
            problem: Box::new(problem),
        })
    }
}

/// Which accepted messages get a copy in the Sent folder.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(try_from = "String")]
pub enum SaveSent {
    /// Every message the relay accepted.
    Each,
    /// One message per campaign, standing for the others (the journal counts them).
    First,
    /// None (the default).
    #[default]
    None,
}

impl SaveSent {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Self::Each => "each",
            Self::First => "first",
            Self::None => "none",
        }
    }
}

/// A `save_sent` value that is none of the three.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{}", t!("config-save-sent-unknown", text = .0.as_str()))]
pub struct SaveSentError(String);

impl FromStr for SaveSent {
    type Err = SaveSentError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.trim().to_ascii_lowercase().as_str() {
            "each" => Ok(Self::Each),
            "first" => Ok(Self::First),
            "none" => Ok(Self::None),
            _ => Err(SaveSentError(text.to_string())),
        }
    }
}

impl TryFrom<String> for SaveSent {
    type Error = SaveSentError;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        text.parse()
    }
}

impl fmt::Display for SaveSent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The mailbox of a run, resolved: flags, then the environment, then `[imap]`, then the
/// relay's login (`[smtp]` and its profile) for what `[imap]` leaves out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ImapSettings {
    /// As written; parsed by the mailbox layer, which knows its forms.
    pub url: String,
    /// Where the address was given, for messages: `--imap`, `MISSIVE_IMAP_URL`, the file.
    pub origin: String,
    pub username: Option<String>,
    pub password_command: Option<String>,
    pub token_command: Option<String>,
    pub ca_file: Option<PathBuf>,
    pub sent_folder: Option<String>,
    pub drafts_folder: Option<String>,
    pub bounce_folder: Option<String>,
    /// `[imap]` gives its own login (a user name or a secret's command): the relay's
    /// password (`MISSIVE_SMTP_PASSWORD`) is not tried for it.
    pub own_login: bool,
}

/// What the command line says of the mailbox.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct ImapFlags<'a> {
    /// `--imap URL` (clap reads `MISSIVE_IMAP_URL` into it too).
    pub url: Option<&'a str>,
    /// `--smtp-user`: the login name, for the mailbox too unless `[imap] username` is set.
    pub user: Option<&'a str>,
    /// `--ca-file`: applies to the relay and the mailbox.
    pub ca_file: Option<&'a Path>,
}

impl ImapSettings {
    /// The mailbox, or `None` when no address is given anywhere.
    pub(crate) fn resolve(flags: ImapFlags<'_>, campaign: &Campaign) -> Option<Self> {
        let imap = &campaign.imap;
        let smtp: &SmtpSection = &campaign.smtp;
        let base = campaign
            .file
            .as_deref()
            .and_then(Path::parent)
            .map(Path::to_path_buf)
            .unwrap_or_default();
        let (url, origin) = match (flags.url, &imap.url) {
            (Some(url), _) => (
                url.to_string(),
                "`--imap` (or MISSIVE_IMAP_URL)".to_string(),
            ),
            (None, Some(url)) => (url.clone(), campaign_place(campaign)),
            (None, None) => return None,
        };
        // The secret's source comes whole from one side, as for a relay of a pool.
        let (password_command, token_command) =
            if imap.password_command.is_some() || imap.token_command.is_some() {
                (imap.password_command.clone(), imap.token_command.clone())
            } else {
                (smtp.password_command.clone(), smtp.token_command.clone())
            };
        Some(Self {
            url,
            origin,
            username: imap
                .username
                .clone()
                .or_else(|| flags.user.map(str::to_string))
                .or_else(|| smtp.username.clone())
                .filter(|user| !user.is_empty()),
            password_command,
            token_command,
            ca_file: flags.ca_file.map(Path::to_path_buf).or_else(|| {
                imap.ca_file
                    .as_ref()
                    .or(smtp.ca_file.as_ref())
                    .map(|file| base.join(file))
            }),
            sent_folder: imap.sent_folder.clone(),
            drafts_folder: imap.drafts_folder.clone(),
            bounce_folder: imap.bounce_folder.clone(),
            own_login: imap.username.is_some()
                || imap.password_command.is_some()
                || imap.token_command.is_some(),
        })
    }
}

impl crate::cli::MailboxArgs {
    /// What these flags say of the mailbox.
    pub(crate) fn flags(&self) -> ImapFlags<'_> {
        ImapFlags {
            url: self.url.imap.as_deref(),
            user: self.imap_user.as_deref(),
            ca_file: self.ca_file.as_deref(),
        }
    }
}

impl ImapSettings {
    /// The mailbox a command cannot do without (`drafts`, `collect`).
    pub(crate) fn required(flags: ImapFlags<'_>, campaign: &Campaign) -> Result<Self, ConfigError> {
        Self::resolve(flags, campaign).ok_or(ConfigError::NoMailbox)
    }
}

/// `campaign.toml: [imap]`, or the section alone when there is no file.
fn campaign_place(campaign: &Campaign) -> String {
    campaign.file.as_ref().map_or_else(
        || "[imap]".to_string(),
        |file| format!("{}: [imap]", file.display()),
    )
}

/// `--save-sent`, else `[imap] save_sent`, else none.
pub(crate) fn save_sent(flag: Option<SaveSent>, campaign: &Campaign) -> SaveSent {
    flag.or(campaign.imap.save_sent).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::Common;

    fn campaign(dir: &Path, toml: &str) -> Campaign {
        let file = dir.join("campaign.toml");
        std::fs::write(&file, toml).expect("write campaign.toml");
        Campaign::resolve(&Common {
            campaign: Some(file),
            ..Common::default()
        })
        .expect("a campaign")
    }

    const BASE: &str = "template = \"m.md\"\nrecipients = \"l.csv\"\n";

    #[test]
    fn the_mailbox_takes_the_relays_login_unless_it_has_its_own() {
        let dir = tempfile::tempdir().expect("temp dir");
        let shared = campaign(
            dir.path(),
            &format!(
                "{BASE}[smtp]\nurl = \"smtps://smtp.ac-lille.example\"\nusername = \"ien.lille-1\"\npassword_command = \"pass smtp\"\nca_file = \"ca.pem\"\n[imap]\nurl = \"imaps://imap.ac-lille.example\"\nsave_sent = \"each\"\n"
            ),
        );
        let settings = ImapSettings::resolve(ImapFlags::default(), &shared).expect("a mailbox");
        assert_eq!(settings.url, "imaps://imap.ac-lille.example");
        assert_eq!(settings.username.as_deref(), Some("ien.lille-1"));
        assert_eq!(settings.password_command.as_deref(), Some("pass smtp"));
        assert_eq!(settings.ca_file, Some(dir.path().join("ca.pem")));
        assert!(!settings.own_login);
        assert!(
            settings.origin.ends_with("campaign.toml: [imap]"),
            "{settings:?}"
        );
        assert_eq!(save_sent(None, &shared), SaveSent::Each);
        assert_eq!(save_sent(Some(SaveSent::None), &shared), SaveSent::None);

        let own = campaign(
            dir.path(),
            &format!(
                "{BASE}[smtp]\nusername = \"ien.lille-1\"\npassword_command = \"pass smtp\"\n[imap]\nurl = \"imaps://imap.ac-lille.example\"\nusername = \"boite\"\ntoken_command = \"oauth imap\"\n"
            ),
        );
        let settings = ImapSettings::resolve(
            ImapFlags {
                url: Some("imaps://autre.ac-lille.example"),
                user: Some("flag-user"),
                ca_file: Some(Path::new("/tmp/ca.pem")),
            },
            &own,
        )
        .expect("a mailbox");
        assert_eq!(settings.url, "imaps://autre.ac-lille.example");
        assert_eq!(settings.username.as_deref(), Some("boite"));
        assert_eq!(settings.password_command, None, "the secret comes whole");
        assert_eq!(settings.token_command.as_deref(), Some("oauth imap"));
        assert!(settings.own_login);
        assert_eq!(settings.ca_file.as_deref(), Some(Path::new("/tmp/ca.pem")));
        assert_eq!(save_sent(None, &own), SaveSent::None);
    }

    #[test]
    fn no_address_anywhere_is_no_mailbox() {
        let dir = tempfile::tempdir().expect("temp dir");
        let plain = campaign(dir.path(), BASE);
        assert_eq!(ImapSettings::resolve(ImapFlags::default(), &plain), None);
    }

    #[test]
    fn a_password_or_an_unknown_mode_is_refused_at_its_place() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("campaign.toml");
        std::fs::write(&file, format!("{BASE}[imap]\npassword = \"x\"\n")).expect("write");
        let error = Campaign::resolve(&Common {
            campaign: Some(file.clone()),
            ..Common::default()
        })
        .expect_err("a password in the file")
        .to_string();
        assert!(error.contains("[imap]"), "{error}");
        assert!(error.contains("MISSIVE_IMAP_PASSWORD"), "{error}");
        assert!(!error.contains("\"x\""), "{error}");

        std::fs::write(&file, format!("{BASE}[imap]\nsave_sent = \"all\"\n")).expect("write");
        let error = Campaign::resolve(&Common {
            campaign: Some(file),
            ..Common::default()
        })
        .expect_err("an unknown mode")
        .to_string();
        assert!(error.contains(":4:"), "the line: {error}");
        assert!(
            error.contains("`all` is not a way to keep copies"),
            "{error}"
        );
        assert!(error.contains("`each`"), "{error}");
    }
}
