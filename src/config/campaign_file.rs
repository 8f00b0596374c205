//! campaign.toml as written: its sections and keys (typed where they have a form), read
//! with the file, line and key of any mistake; mailmerge's `mailmerge_server.conf` read as
//! the campaign.toml it stands for.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Deserializer, de};

use super::imap_settings::ImapSection;
use super::{ConfigError, EntryProblem, SyntaxProblem, TomlRefusal};
use crate::deliver::retry::Delay;
use crate::deliver::throttle::{Rate, RateLimit};
use crate::deliver::window::SendingWindow;
use crate::recipients::{Delimiter, TextEncoding};

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct CampaignFile {
    pub(super) id: Option<String>,
    /// An SMTP profile of the user's config.toml, for the `[smtp]` keys the campaign leaves unset.
    pub(super) profile: Option<String>,
    pub(super) template: Option<PathBuf>,
    pub(super) recipients: Option<PathBuf>,
    #[serde(default)]
    pub(super) attachments: Vec<PathBuf>,
    pub(super) max_message_size: Option<u64>,
    pub(super) delimiter: Option<Delimiter>,
    pub(super) encoding: Option<TextEncoding>,
    pub(super) sheet: Option<String>,
    pub(super) allow_duplicates: Option<bool>,
    /// The language of the messages (`lang` of their HTML), a BCP 47 tag such as `fr`.
    pub(super) lang: Option<LanguageTag>,
    /// Whether the messages say `Auto-Submitted: auto-generated` (RFC 3834), which keeps
    /// out-of-office replies away: right for a circular sent by a service, wrong for a
    /// person writing to their team from their own mailbox.
    pub(super) auto_submitted: Option<bool>,
    /// What to ask for besides the relay's 250: `"delivery"` (a DSN from the receiving
    /// servers), `"read"` (a read receipt, `Disposition-Notification-To`).
    #[serde(default)]
    pub(super) receipts: Vec<Receipt>,
    /// The suppression list this campaign reads (and `collect` adds to), instead of
    /// `suppressed.csv` beside the profiles' config.toml.
    pub(super) suppression_list: Option<PathBuf>,
    /// `follow_up = "PATH"`: the folder of an earlier campaign whose messages these answer.
    pub(super) follow_up: Option<toml::Spanned<PathBuf>>,
    /// The line of `follow_up`, for messages (set once the file is read).
    #[serde(skip)]
    pub(super) follow_up_line: usize,
    #[serde(default)]
    pub(super) smtp: SmtpSection,
    #[serde(default)]
    pub(super) throttle: ThrottleSection,
    #[serde(default)]
    pub(super) imap: ImapSection,
}

/// The `[smtp]` section.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SmtpSection {
    pub url: Option<String>,
    pub username: Option<String>,
    pub password_command: Option<String>,
    /// A command printing an OAuth 2 access token on its first line (XOAUTH2).
    pub token_command: Option<String>,
    pub ca_file: Option<PathBuf>,
    /// `[[smtp.relay]]`: several relays in one run, instead of `url`.
    #[serde(default)]
    pub relay: Vec<RelaySection>,
    /// The wait at every step (connecting, the greeting, each command), then each step's
    /// own: see [`crate::deliver::Timeouts`].
    pub timeout: Option<Delay>,
    pub connect_timeout: Option<Delay>,
    pub greeting_timeout: Option<Delay>,
    pub command_timeout: Option<Delay>,
    /// The wait for the reply once a message is sent.
    pub data_timeout: Option<Delay>,
    /// Only so it can be refused with an explanation.
    #[serde(default)]
    password: Option<toml::Value>,
}

/// One `[[smtp.relay]]` entry: a relay of a pool, with its own login and limits. Keys it
/// leaves unset come from `[smtp]` (the login, the CA) and `[throttle]` (the limits).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RelaySection {
    pub url: Option<String>,
    pub username: Option<String>,
    pub password_command: Option<String>,
    pub token_command: Option<String>,
    pub ca_file: Option<PathBuf>,
    pub rate: Option<RateSpecs>,
    pub concurrency: Option<usize>,
    pub per_connection: Option<usize>,
    /// Its share of the messages against the others' (default 1).
    pub weight: Option<u32>,
    /// Where the entry was written (`campaign.toml: [[smtp.relay]] #2`), for messages.
    #[serde(skip)]
    pub origin: String,
    /// Only so it can be refused with an explanation.
    #[serde(default)]
    password: Option<toml::Value>,
}

impl RelaySection {
    /// Names each entry after `table` in `file`, and refuses what no run could use: a
    /// password written in the file, two secrets, no address, a weight of zero.
    pub(crate) fn check_entries(
        entries: &mut [RelaySection],
        file: &Path,
        table: &str,
    ) -> Result<(), ConfigError> {
        for (index, entry) in entries.iter_mut().enumerate() {
            entry.origin = format!("{}: [[{table}]] #{}", file.display(), index + 1);
            let problem = if entry.password.is_some() {
                EntryProblem::Password
            } else if entry.password_command.is_some() && entry.token_command.is_some() {
                EntryProblem::BothSecrets
            } else if entry.url.is_none() {
                EntryProblem::NoUrl
            } else if entry.weight == Some(0) {
                EntryProblem::WeightZero
            } else if entry.concurrency == Some(0) {
                EntryProblem::ConcurrencyZero
            } else {
                continue;
            };
            return Err(ConfigError::RelayEntry {
                entry: entry.origin.clone(),
                problem: Box::new(problem),
            });
        }
        Ok(())
    }
}

/// The `[throttle]` section; its rates and window are read by the types `--rate` and
/// `--window` take, so a bad one is refused with its line.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ThrottleSection {
    pub rate: Option<RateSpecs>,
    pub concurrency: Option<usize>,
    pub per_connection: Option<usize>,
    pub window: Option<SendingWindow>,
    #[serde(default)]
    pub per_domain: BTreeMap<String, Rate>,
}

/// One rate (`"30/min"`) or several (`["30/min", "1000/h"]`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct RateSpecs(pub Vec<RateLimit>);

impl<'de> Deserialize<'de> for RateSpecs {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct OneOrMany;
        impl<'de> de::Visitor<'de> for OneOrMany {
            type Value = RateSpecs;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a rate like \"30/min\", or a list of rates")
            }

            fn visit_str<E: de::Error>(self, text: &str) -> Result<RateSpecs, E> {
                text.parse()
                    .map(|one| RateSpecs(vec![one]))
                    .map_err(E::custom)
            }

            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<RateSpecs, A::Error> {
                let mut many = Vec::new();
                while let Some(one) = seq.next_element()? {
                    many.push(one);
                }
                Ok(RateSpecs(many))
            }
        }
        deserializer.deserialize_any(OneOrMany)
    }
}

pub(super) fn read_campaign_file(path: &Path) -> Result<CampaignFile, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    if crate::mailmerge::is_server_conf(path, &text) {
        return read_mailmerge_conf(path, &text);
    }
    let parsed: CampaignFile = toml::from_str(&text).map_err(|e| {
        let start = e.span().map_or(0, |span| span.start);
        let line = text[..start].matches('\n').count() + 1;
        let refusal = TomlRefusal::new(&text, reread_campaign, e.message().to_owned());
        let syntax = |problem| ConfigError::Syntax {
            path: path.to_path_buf(),
            line,
            problem: Box::new(problem),
        };
        match value_place(&text, start) {
            // A `[[smtp.relay]]` entry is named as its other problems name it.
            Some(ValuePlace {
                key,
                table: Some((table, Some(entry))),
            }) => ConfigError::RelayEntry {
                entry: format!("{}: [[{table}]] #{entry}", path.display()),
                problem: Box::new(EntryProblem::Toml {
                    key: key.to_owned(),
                    line,
                    refusal,
                }),
            },
            Some(ValuePlace { key, table }) => syntax(SyntaxProblem::Value {
                table: table.map(|(table, _)| table.to_owned()),
                key: key.to_owned(),
                refusal,
            }),
            None => syntax(SyntaxProblem::Toml(refusal)),
        }
    })?;
    if parsed.smtp.password.is_some() {
        return Err(ConfigError::PasswordInFile {
            path: path.to_path_buf(),
        });
    }
    if parsed.smtp.password_command.is_some() && parsed.smtp.token_command.is_some() {
        return Err(ConfigError::PasswordAndToken {
            path: path.to_path_buf(),
        });
    }
    let mut parsed = parsed;
    if parsed.smtp.url.is_some() && !parsed.smtp.relay.is_empty() {
        return Err(ConfigError::UrlAndRelays {
            path: path.to_path_buf(),
        });
    }
    RelaySection::check_entries(&mut parsed.smtp.relay, path, "smtp.relay")?;
    parsed.imap.check(path)?;
    if let Some(follow_up) = &parsed.follow_up {
        let start = follow_up.span().start.min(text.len());
        parsed.follow_up_line = text[..start].matches('\n').count() + 1;
    }
    Ok(parsed)
}

/// What TOML refuses in campaign.toml's `text`, said in this thread's language.
fn reread_campaign(text: &str) -> Option<String> {
    toml::from_str::<CampaignFile>(text)
        .err()
        .map(|e| e.message().to_owned())
}

/// mailmerge's `mailmerge_server.conf`, read as the campaign.toml it stands for.
fn read_mailmerge_conf(path: &Path, text: &str) -> Result<CampaignFile, ConfigError> {
    let syntax = |line, problem| ConfigError::Syntax {
        path: path.to_path_buf(),
        line,
        problem: Box::new(problem),
    };
    let table = crate::mailmerge::campaign_table(text)
        .map_err(|e| syntax(e.line, SyntaxProblem::Mailmerge(e.problem)))?;
    toml::Value::Table(table)
        .try_into()
        .map_err(|e: toml::de::Error| {
            let refusal = TomlRefusal::new(text, reread_mailmerge_conf, e.to_string());
            syntax(1, SyntaxProblem::Toml(refusal))
        })
}

/// What TOML refuses in the campaign mailmerge's server file `text` stands for.
fn reread_mailmerge_conf(text: &str) -> Option<String> {
    let table = crate::mailmerge::campaign_table(text).ok()?;
    toml::Value::Table(table)
        .try_into::<CampaignFile>()
        .err()
        .map(|e| e.to_string())
}

/// Where a value of campaign.toml is: its key, and the table it is in (with the entry's
/// number, from 1, in an array of tables like `[[smtp.relay]]`).
struct ValuePlace<'a> {
    key: &'a str,
    table: Option<(&'a str, Option<usize>)>,
}

/// The place of the value a TOML error at `offset` is in; `None` when the error is
/// elsewhere (a key, a header, a value's later line).
fn value_place(text: &str, offset: usize) -> Option<ValuePlace<'_>> {
    let line_start = text[..offset].rfind('\n').map_or(0, |at| at + 1);
    let (key, _) = text[line_start..offset].split_once('=')?;
    let key = key.trim();
    if key.is_empty() || key.starts_with('#') {
        return None;
    }
    let before = &text[..line_start];
    let header = before
        .lines()
        .rev()
        .map(str::trim)
        .find(|line| line.starts_with('['));
    let table =
        header.map(
            |header| match header.strip_prefix("[[").and_then(|h| h.strip_suffix("]]")) {
                Some(array) => {
                    let entry = before.lines().filter(|l| l.trim() == header).count();
                    (array.trim(), Some(entry))
                }
                None => (header.trim_matches(['[', ']']).trim(), None),
            },
        );
    Some(ValuePlace { key, table })
}

/// A receipt a campaign may ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(try_from = "String")]
pub(crate) enum Receipt {
    Delivery,
    Read,
}

/// A `receipts` value that is neither.
#[derive(Debug, thiserror::Error)]
#[error("{}", t!("config-receipt-unknown", text = .0.as_str()))]
pub(crate) struct ReceiptError(String);

impl TryFrom<String> for Receipt {
    type Error = ReceiptError;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        match text.as_str() {
            "delivery" => Ok(Self::Delivery),
            "read" => Ok(Self::Read),
            _ => Err(ReceiptError(text)),
        }
    }
}

/// A language tag as HTML's `lang` takes it (BCP 47's common form): a 2–3 letter language,
/// then subtags of letters and digits (`fr`, `fr-FR`, `br`, `oc-aranes`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LanguageTag(pub(crate) String);

impl<'de> Deserialize<'de> for LanguageTag {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        let mut subtags = text.split('-');
        let language = subtags.next().unwrap_or_default();
        let language_ok =
            (2..=3).contains(&language.len()) && language.chars().all(|c| c.is_ascii_alphabetic());
        let rest_ok = subtags
            .all(|s| (1..=8).contains(&s.len()) && s.chars().all(|c| c.is_ascii_alphanumeric()));
        if language_ok && rest_ok {
            Ok(Self(text))
        } else {
            Err(de::Error::custom(t!(
                "config-lang-tag",
                text = text.as_str()
            )))
        }
    }
}
