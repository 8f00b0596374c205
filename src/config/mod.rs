//! Settings of a run: the campaign (template, list, attachments, journal) from flags, then
//! campaign.toml (or mailmerge's files), then defaults; `send`'s own settings are in
//! `send_settings`.

use std::path::{Path, PathBuf};

use crate::cli::Common;
use crate::i18n::system;
use crate::recipients::{Delimiter, ReadOptions};

mod campaign_file;
mod follow_up;
mod imap_settings;
mod moment;
mod places;
mod problems;
mod send_settings;

use campaign_file::{CampaignFile, read_campaign_file};
pub(crate) use campaign_file::{RateSpecs, RelaySection, SmtpSection, ThrottleSection};
pub(crate) use follow_up::{FollowUp, FollowUpProblem};
pub(crate) use imap_settings::{ImapFlags, ImapSection, ImapSettings, SaveSent, save_sent};
pub(crate) use moment::{parse_moment, parse_time};
use places::journal_place;
pub(crate) use places::{journals_read, send_journal, suppression_list};
pub(crate) use problems::{EntryProblem, SyntaxProblem, TomlRefusal};
pub(crate) use send_settings::{Pace, RelayPace, RelaySettings, SendSettings};

/// The campaign file's name, looked for in the current folder.
pub(crate) const CAMPAIGN_FILE: &str = "campaign.toml";
const DEFAULT_MAX_MESSAGE_SIZE: u64 = 10 * 1024 * 1024;
/// The language of a campaign that does not say (the académies' own).
const DEFAULT_LANG: &str = "fr";

/// What a campaign is made of, resolved to real paths.
#[derive(Debug, Clone)]
#[expect(
    clippy::struct_excessive_bools,
    reason = "independent yes-or-no settings of a run, not the states of a machine"
)]
pub(crate) struct Campaign {
    pub id: String,
    /// The folder files named by templates or data may not leave.
    pub root: PathBuf,
    pub template: PathBuf,
    pub recipients: PathBuf,
    pub attachments: Vec<PathBuf>,
    pub read: ReadOptions,
    pub skip_invalid: bool,
    /// Send a message as many times as its recipients appear in the list, not once.
    pub allow_duplicates: bool,
    pub max_message_size: u64,
    /// The messages' language (`lang` of their HTML): campaign.toml's `lang`, else `fr`.
    pub lang: String,
    /// Whether the messages carry `Auto-Submitted: auto-generated` (campaign.toml's
    /// `auto_submitted`, default yes).
    pub auto_submitted: bool,
    /// `receipts = ["delivery"]`: ask the relay for delivery status notifications (DSN).
    pub delivery_receipts: bool,
    /// `receipts = ["read"]`: ask for read receipts (`Disposition-Notification-To`).
    pub read_receipts: bool,
    /// The suppression list: campaign.toml's `suppression_list`, else `suppressed.csv`
    /// beside the profiles' config.toml; `None` without a configuration folder.
    pub suppression: Option<PathBuf>,
    pub verbose: bool,
    /// `--where`: the condition a row must meet to be sent.
    pub filter: Option<String>,
    /// The `[smtp]` and `[throttle]` sections, used by `send`.
    pub smtp: SmtpSection,
    pub throttle: ThrottleSection,
    /// The `[imap]` section: the mailbox of copies, drafts, bounces and receipts.
    pub imap: ImapSection,
    /// Where campaign.toml was, for messages.
    pub file: Option<PathBuf>,
    /// The journal of what was sent: `--journal`, or `.missive/journal.sqlite` in the folder
    /// of campaign.toml (of the template when there is none).
    pub journal: PathBuf,
    /// `--shard I/N`: only this share of the list is checked, previewed, sent.
    pub shard: Option<crate::shard::Shard>,
    /// `follow_up = "PATH"`: the earlier campaign whose messages these answer.
    pub follow_up: Option<FollowUp>,
}

/// A configuration problem, with the file and what to do; said when shown
/// (`locales/*/config.ftl`).
#[derive(Debug, thiserror::Error)]
pub(crate) enum ConfigError {
    #[error("{}", t!("config-no-campaign"))]
    NoCampaign,
    #[error("{}", t!("config-read", path = path.display().to_string(), system = system(source)))]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "{}",
        t!(
            "config-at",
            at = format!("{}:{line}", path.display()),
            problem = problem.to_string(),
        )
    )]
    Syntax {
        path: PathBuf,
        line: usize,
        problem: Box<SyntaxProblem>,
    },
    #[error("{}", t!("config-password-in-file", path = path.display().to_string()))]
    PasswordInFile { path: PathBuf },
    #[error("{}", t!("config-password-and-token", path = path.display().to_string()))]
    PasswordAndToken { path: PathBuf },
    #[error("{}", t!("config-url-and-relays", path = path.display().to_string()))]
    UrlAndRelays { path: PathBuf },
    /// A `[[smtp.relay]]` entry that cannot be used; `entry` names the file and the entry.
    #[error("{}", t!("config-at", at = entry.as_str(), problem = problem.to_string()))]
    RelayEntry {
        entry: String,
        problem: Box<EntryProblem>,
    },
    #[error("{}", t!("config-no-template"))]
    NoTemplate,
    #[error("{}", t!("config-no-recipients"))]
    NoRecipients,
    #[error("{}", t!("config-no-relay"))]
    NoRelay,
    #[error("{}", t!("config-no-mailbox"))]
    NoMailbox,
    #[error("{}", t!("config-copies-without-mailbox", mode = *mode))]
    CopiesWithoutMailbox { mode: &'static str },
    #[error("{0}")]
    Relay(#[from] crate::deliver::RelayUrlError),
    #[error(transparent)]
    Profile(#[from] crate::profiles::ProfileError),
    #[error("{}", t!("config-setting", what = *what, reason = reason.as_str()))]
    Setting { what: &'static str, reason: String },
    /// `--journal` given `count` times to a command that reads one journal.
    #[error("{}", t!("config-journal-twice", count = *count))]
    JournalTwice { count: usize },
    /// mailmerge's files, read as a campaign, refused.
    #[error("{}", t!("config-mailmerge-folder", said = said.to_string()))]
    MailmergeFolder { said: Box<TomlRefusal> },
    /// `concurrency = 0`.
    #[error("{}", t!("config-concurrency-zero"))]
    NoSession,
    #[error(
        "{}",
        t!(
            "config-follow-up",
            file = file.display().to_string(),
            line = line.to_string(),
            written = written.as_str(),
            problem = problem.to_string(),
        )
    )]
    FollowUp {
        file: PathBuf,
        line: usize,
        written: String,
        problem: Box<FollowUpProblem>,
    },
}

impl Campaign {
    /// Resolves the campaign from the common flags and campaign.toml.
    pub(crate) fn resolve(common: &Common) -> Result<Self, ConfigError> {
        let file = match &common.campaign {
            Some(path) => Some(path.clone()),
            None => Some(PathBuf::from(CAMPAIGN_FILE))
                .filter(|p| p.is_file())
                .or_else(|| crate::mailmerge::campaign_here().and_then(|m| m.server)),
        };
        let (mut parsed, base) = if let Some(path) = &file {
            (read_campaign_file(path)?, parent_of(path))
        } else if common.template.is_some() {
            (CampaignFile::default(), PathBuf::new())
        } else if crate::mailmerge::campaign_here().is_some() {
            let read = |_: &str| {
                toml::Value::Table(crate::mailmerge::default_files())
                    .try_into::<CampaignFile>()
                    .err()
                    .map(|e| e.to_string())
            };
            let parsed = toml::Value::Table(crate::mailmerge::default_files())
                .try_into()
                .map_err(|e: toml::de::Error| ConfigError::MailmergeFolder {
                    said: Box::new(TomlRefusal::new("", read, e.to_string())),
                })?;
            (parsed, PathBuf::new())
        } else {
            return Err(ConfigError::NoCampaign);
        };
        if let Some(name) = common.profile.as_deref().or(parsed.profile.as_deref()) {
            crate::profiles::apply(name, &mut parsed.smtp)?;
        }
        let template = common
            .template
            .clone()
            .or_else(|| parsed.template.as_ref().map(|t| base.join(t)))
            .ok_or(ConfigError::NoTemplate)?;
        let recipients = common
            .recipients
            .clone()
            .or_else(|| parsed.recipients.as_ref().map(|r| base.join(r)))
            .ok_or(ConfigError::NoRecipients)?;
        let mut attachments: Vec<PathBuf> =
            parsed.attachments.iter().map(|a| base.join(a)).collect();
        attachments.extend(common.attach.iter().cloned());
        let root_folder = if file.is_some() {
            base.clone()
        } else {
            parent_of(&template)
        };
        let root = canonical_folder(&root_folder);
        let journal = journal_place(common, &root_folder)?;
        let id = parsed.id.clone().unwrap_or_else(|| {
            root.file_name()
                .map_or_else(|| "campaign".into(), |n| n.to_string_lossy().into_owned())
        });
        let read = ReadOptions {
            delimiter: common.delimiter.or(parsed.delimiter).map(Delimiter::byte),
            encoding: common.encoding.or(parsed.encoding),
            sheet: common.sheet.clone().or_else(|| parsed.sheet.clone()),
        };
        Ok(Self {
            id,
            root,
            template,
            recipients,
            attachments,
            read,
            skip_invalid: common.skip_invalid,
            allow_duplicates: common.allow_duplicates || parsed.allow_duplicates.unwrap_or(false),
            max_message_size: parsed.max_message_size.unwrap_or(DEFAULT_MAX_MESSAGE_SIZE),
            lang: parsed
                .lang
                .clone()
                .map_or_else(|| DEFAULT_LANG.to_string(), |tag| tag.0),
            auto_submitted: parsed.auto_submitted.unwrap_or(true),
            delivery_receipts: parsed.receipts.contains(&campaign_file::Receipt::Delivery),
            read_receipts: parsed.receipts.contains(&campaign_file::Receipt::Read),
            suppression: parsed
                .suppression_list
                .as_ref()
                .map(|path| base.join(path))
                .or_else(crate::suppression::default_path),
            verbose: common.verbose,
            filter: common.filter.clone(),
            follow_up: FollowUp::named(file.as_deref(), &mut parsed, &base),
            smtp: parsed.smtp,
            throttle: parsed.throttle,
            imap: parsed.imap,
            journal,
            shard: common.shard,
            file,
        })
    }

    /// The template's folder: attachment paths and images are relative to it.
    pub(crate) fn template_dir(&self) -> PathBuf {
        canonical_folder(&parent_of(&self.template))
    }
}

/// The folder holding `path`: empty for a bare file name, so joined paths stay as the user
/// wrote them (`recipients/x.csv`, not `./recipients/x.csv`).
fn parent_of(path: &Path) -> PathBuf {
    path.parent().map(Path::to_path_buf).unwrap_or_default()
}

fn canonical_folder(folder: &Path) -> PathBuf {
    let folder = if folder.as_os_str().is_empty() {
        Path::new(".")
    } else {
        folder
    };
    folder
        .canonicalize()
        .unwrap_or_else(|_| folder.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::recipients::TextEncoding;

    fn write(dir: &Path, text: &str) -> PathBuf {
        let path = dir.join(CAMPAIGN_FILE);
        std::fs::write(&path, text).expect("write");
        path
    }

    #[test]
    fn paths_are_relative_to_the_campaign_file_and_flags_win() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = write(
            dir.path(),
            "id = \"x\"\ntemplate = \"t/message.md\"\nrecipients = \"liste.csv\"\nattachments = [\"a.png\"]\n",
        );
        let common = Common {
            campaign: Some(file),
            recipients: Some(PathBuf::from("autre.csv")),
            attach: vec![PathBuf::from("b.pdf")],
            ..Common::default()
        };
        let campaign = Campaign::resolve(&common).expect("valid");
        assert_eq!(campaign.template, dir.path().join("t/message.md"));
        assert_eq!(campaign.recipients, PathBuf::from("autre.csv"));
        assert_eq!(
            campaign.attachments,
            [dir.path().join("a.png"), PathBuf::from("b.pdf")]
        );
        assert_eq!(campaign.id, "x");
    }

    #[test]
    fn a_password_in_the_file_is_refused_with_the_three_ways() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = write(dir.path(), "[smtp]\npassword = \"hunter2\"\n");
        let common = Common {
            campaign: Some(file),
            ..Common::default()
        };
        let message = Campaign::resolve(&common).expect_err("refused").to_string();
        assert!(message.contains("MISSIVE_SMTP_PASSWORD"), "{message}");
        assert!(message.contains("password_command"), "{message}");
        assert!(!message.contains("hunter2"), "{message}");
    }

    #[test]
    fn a_password_command_and_a_token_command_together_are_refused() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = write(
            dir.path(),
            "[smtp]\npassword_command = \"pass x\"\ntoken_command = \"oauth2 x\"\n",
        );
        let common = Common {
            campaign: Some(file),
            ..Common::default()
        };
        let error = Campaign::resolve(&common).expect_err("refused");
        assert!(
            matches!(error, ConfigError::PasswordAndToken { .. }),
            "{error}"
        );
    }

    #[test]
    fn a_bad_rate_or_window_names_its_line_and_key_and_the_form() {
        let dir = tempfile::tempdir().expect("temp dir");
        for (toml, line, key, form) in [
            (
                "[throttle]\nrate = \"3/week\"\n",
                2,
                "`[throttle] rate`",
                "like `30/min`",
            ),
            (
                "[throttle]\nconcurrency = 2\nrate = [\"30/min\", \"vite\"]\n",
                3,
                "`[throttle] rate`",
                "`vite` is not a rate",
            ),
            (
                "\n[throttle]\nwindow = \"soir\"\n",
                3,
                "`[throttle] window`",
                "like `18:00-07:30`",
            ),
            (
                "[throttle.per_domain]\n\"ac-lille.fr\" = \"beaucoup\"\n",
                2,
                "`[throttle.per_domain] \"ac-lille.fr\"`",
                "like `30/min`",
            ),
            (
                "delimiter = \"|\"\n",
                1,
                "`delimiter`",
                "use `;`, `,` or `tab`",
            ),
            ("encoding = \"ebcdic\"\n", 1, "`encoding`", "use `utf-8`"),
        ] {
            let common = Common {
                campaign: Some(write(dir.path(), toml)),
                ..Common::default()
            };
            let error = Campaign::resolve(&common).expect_err(toml);
            let ConfigError::Syntax {
                line: at, problem, ..
            } = &error
            else {
                panic!("{toml}: {error}");
            };
            let message = problem.to_string();
            assert_eq!(*at, line, "{error}");
            assert!(message.starts_with(&format!("{key}: ")), "{error}");
            assert!(message.contains(form), "{error}");
        }
    }

    #[test]
    fn a_bad_rate_in_a_relay_entry_names_the_entry() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = write(
            dir.path(),
            "[[smtp.relay]]\nurl = \"smtps://a.example\"\n[[smtp.relay]]\nurl = \"smtps://b.example\"\nrate = \"vite\"\n",
        );
        let error = Campaign::resolve(&Common {
            campaign: Some(file),
            ..Common::default()
        })
        .expect_err("refused")
        .to_string();
        assert!(
            error.contains(
                "campaign.toml: [[smtp.relay]] #2: `rate` (line 5): `vite` is not a rate"
            ),
            "{error}"
        );
    }

    #[test]
    fn rates_windows_and_lists_read_from_the_file_are_typed() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = write(
            dir.path(),
            "template = \"m.md\"\nrecipients = \"l.csv\"\ndelimiter = \"tab\"\nencoding = \"cp1252\"\n\
             [throttle]\nrate = [\"30/min\", \"unlimited\"]\nwindow = \"18h-7h30\"\n\
             per_domain = { \"ac-lille.fr\" = \"20/min\" }\n",
        );
        let campaign = Campaign::resolve(&Common {
            campaign: Some(file),
            ..Common::default()
        })
        .expect("valid");
        let throttle = &campaign.throttle;
        let rates: Vec<String> = throttle
            .rate
            .iter()
            .flat_map(|r| &r.0)
            .map(ToString::to_string)
            .collect();
        assert_eq!(rates, ["30/min", "unlimited"]);
        assert_eq!(
            throttle.window.map(|w| w.to_string()).as_deref(),
            Some("18:00-07:30")
        );
        assert_eq!(throttle.per_domain["ac-lille.fr"].to_string(), "20/min");
        assert_eq!(campaign.read.delimiter, Some(b'\t'));
        assert_eq!(campaign.read.encoding, Some(TextEncoding::Windows1252));
    }

    #[test]
    fn an_unknown_key_names_its_line() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = write(
            dir.path(),
            "template = \"m.md\"\n\n[throttle]\nrat = \"2/s\"\n",
        );
        let common = Common {
            campaign: Some(file),
            ..Common::default()
        };
        let error = Campaign::resolve(&common).expect_err("refused");
        assert!(
            matches!(error, ConfigError::Syntax { line: 4, .. }),
            "{error}"
        );
    }
}
