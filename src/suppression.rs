//! The suppression list: addresses that bounced for good, left out of every later campaign.
//!
//! `missive collect` adds each address a delivery report says failed permanently (status
//! 5.x.x, except 5.2.2 "mailbox full", which the owner can clear); `check`, `preview`,
//! `send` and `drafts` of any campaign leave them out, naming each row and why; `missive
//! suppressed` lists them and `--remove ADDRESS` takes one off (the colleague's address
//! works again).
//!
//! The list is a CSV file a person can open in a spreadsheet: `suppressed.csv` beside the
//! profiles' config.toml (one list for every campaign of the user), or the file
//! campaign.toml names (`suppression_list = "…"`). Its header names the columns; only
//! `address` is required, and lines starting with `#` are comments.
//!
//! ```text
//! address,status,diagnostic,bounced,campaign
//! ancien.principal@ac-lille.example,5.1.1,smtp; 550 5.1.1 user unknown,2021-04-26T18:02:11Z,rentree-numerique
//! ```
//!
//! Writes take the file's lock, read it again, and replace it whole (written beside it,
//! then renamed), so two `collect` at once lose no entry and a crash leaves the old list or
//! the new one, never half of one.

use std::collections::BTreeMap;
use std::fs::{File, OpenOptions};
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// The list's file name beside the profiles' config.toml.
pub(crate) const FILE_NAME: &str = "suppressed.csv";

mod error;

pub(crate) use error::SuppressionError;
use error::{Doing, LineProblem};

/// The columns of the list, in order.
pub(crate) const COLUMNS: [&str; 5] = ["address", "status", "diagnostic", "bounced", "campaign"];

/// One address left out, and why.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Suppressed {
    /// As the report wrote it; compared without regard to case.
    pub address: String,
    /// The enhanced status code of the bounce (`5.1.1`).
    pub status: String,
    /// What the receiving server said (`smtp; 550 5.1.1 user unknown`).
    pub diagnostic: String,
    /// When it bounced, RFC 3339 in UTC.
    pub bounced: String,
    /// The campaign whose message bounced.
    pub campaign: String,
}

impl Suppressed {
    /// Why the address is left out, in a few words: `bounced for good on 2021-04-26
    /// (5.1.1: smtp; 550 5.1.1 user unknown, campaign rentree-numerique)`.
    pub(crate) fn why(&self) -> String {
        let day = self
            .bounced
            .get(..10)
            .map(|day| t!("suppression-why-day", day = shown_day(day)))
            .unwrap_or_default();
        let said = [self.status.as_str(), self.diagnostic.as_str()]
            .into_iter()
            .filter(|detail| !detail.is_empty())
            .collect::<Vec<_>>()
            .join(": ");
        let mut details = Vec::new();
        if !said.is_empty() {
            details.push(t!("suppression-why-said", said = said));
        }
        if !self.campaign.is_empty() {
            details.push(t!(
                "suppression-why-campaign",
                campaign = self.campaign.as_str()
            ));
        }
        let details = if details.is_empty() {
            String::new()
        } else {
            t!("suppression-why-details", details = details.join(", "))
        };
        t!("suppression-why", day = day, details = details)
    }
}

/// A day `2021-04-26` as this run's language writes it: as it is in English, `26 avril 2021`
/// in French.
fn shown_day(day: &str) -> String {
    use chrono::Datelike;
    match (
        crate::i18n::lang(),
        chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d"),
    ) {
        (crate::i18n::Lang::Fr, Ok(date)) => format!(
            "{}\u{a0}{}\u{a0}{}",
            date.day(),
            crate::i18n::MOIS[date.month0() as usize],
            date.year()
        ),
        _ => day.to_owned(),
    }
}

/// The list as read from its file.
#[derive(Debug, Clone, Default)]
pub(crate) struct SuppressionList {
    path: PathBuf,
    /// By address in lower case.
    entries: BTreeMap<String, Suppressed>,
}

impl SuppressionList {
    /// Reads the list at `path`; a missing file is an empty list.
    pub(crate) fn load(path: &Path) -> Result<Self, SuppressionError> {
        let text = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Self {
                    path: path.to_path_buf(),
                    entries: BTreeMap::new(),
                });
            }
            Err(source) => {
                return Err(SuppressionError::Io {
                    path: path.to_path_buf(),
                    doing: Doing::Read,
                    source,
                });
            }
        };
        Self::parse(path, &text)
    }

    fn parse(path: &Path, bytes: &[u8]) -> Result<Self, SuppressionError> {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let mut reader = csv::ReaderBuilder::new()
            .comment(Some(b'#'))
            .flexible(true)
            .trim(csv::Trim::All)
            .from_reader(bytes);
        let line_error = |line: u64, problem: LineProblem| SuppressionError::Line {
            path: path.to_path_buf(),
            line,
            problem,
        };
        let header = reader
            .headers()
            .map_err(|error| line_error(1, LineProblem::Unreadable(error.to_string())))?
            .clone();
        let column = |name: &str| {
            header
                .iter()
                .position(|field| field.eq_ignore_ascii_case(name))
        };
        let Some(address_at) = column("address") else {
            return Err(SuppressionError::NoAddressColumn {
                path: path.to_path_buf(),
            });
        };
        let at = COLUMNS.map(column);
        let mut entries = BTreeMap::new();
        for record in reader.records() {
            let record = record.map_err(|error| {
                let line = error.position().map_or(0, csv::Position::line);
                line_error(line, LineProblem::Unreadable(error.to_string()))
            })?;
            let line = record.position().map_or(0, csv::Position::line);
            let field = |index: Option<usize>| {
                index
                    .and_then(|index| record.get(index))
                    .unwrap_or_default()
                    .to_string()
            };
            let address = field(Some(address_at));
            if address.is_empty() {
                if record.iter().all(str::is_empty) {
                    continue;
                }
                return Err(line_error(line, LineProblem::EmptyAddress));
            }
            if address.parse::<lettre::Address>().is_err() {
                return Err(line_error(line, LineProblem::NotAnAddress(address)));
            }
            entries.insert(
                address.to_lowercase(),
                Suppressed {
                    address,
                    status: field(at[1]),
                    diagnostic: field(at[2]),
                    bounced: field(at[3]),
                    campaign: field(at[4]),
                },
            );
        }
        Ok(Self {
            path: path.to_path_buf(),
            entries,
        })
    }

    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }

    /// The entry for `address`, compared without regard to case.
    pub(crate) fn get(&self, address: &str) -> Option<&Suppressed> {
        self.entries.get(&address.to_lowercase())
    }

    /// Every entry, by address.
    pub(crate) fn entries(&self) -> impl Iterator<Item = &Suppressed> {
        self.entries.values()
    }

    /// Adds `new` entries to the list at `path` (its addresses not listed yet); returns
    /// those added.
    pub(crate) fn add(
        path: &Path,
        new: impl IntoIterator<Item = Suppressed>,
    ) -> Result<Vec<Suppressed>, SuppressionError> {
        Self::change(path, |list| {
            let mut added = Vec::new();
            for entry in new {
                if let std::collections::btree_map::Entry::Vacant(place) =
                    list.entries.entry(entry.address.to_lowercase())
                {
                    place.insert(entry.clone());
                    added.push(entry);
                }
            }
            added
        })
    }

    /// Takes `address` off the list at `path`; returns its entry, `None` when not listed.
    pub(crate) fn remove(
        path: &Path,
        address: &str,
    ) -> Result<Option<Suppressed>, SuppressionError> {
        Self::change(path, |list| list.entries.remove(&address.to_lowercase()))
    }

    /// Reads the list under its lock, applies `edit`, and writes it back when it changed.
    fn change<T>(path: &Path, edit: impl FnOnce(&mut Self) -> T) -> Result<T, SuppressionError> {
        let io = |doing, source| SuppressionError::Io {
            path: path.to_path_buf(),
            doing,
            source,
        };
        if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(folder).map_err(|e| io(Doing::CreateFolder, e))?;
        }
        let lock_path = sibling(path, ".lock");
        let lock = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(|e| io(Doing::Lock, e))?;
        lock.lock().map_err(|e| io(Doing::Lock, e))?;
        let mut list = Self::load(path)?;
        let before = list.entries.clone();
        let result = edit(&mut list);
        if list.entries != before {
            list.write().map_err(|e| io(Doing::Write, e))?;
        }
        drop(lock);
        Ok(result)
    }

    /// Replaces the file whole: written beside it, synced, then renamed over it.
    fn write(&self) -> std::io::Result<()> {
        let partial = sibling(&self.path, ".partial");
        let mut writer = csv::Writer::from_writer(Vec::new());
        writer.write_record(COLUMNS)?;
        for entry in self.entries.values() {
            writer.write_record([
                &entry.address,
                &entry.status,
                &entry.diagnostic,
                &entry.bounced,
                &entry.campaign,
            ])?;
        }
        let bytes = writer
            .into_inner()
            .map_err(csv::IntoInnerError::into_error)?;
        let mut file = File::create(&partial)?;
        file.write_all(&bytes)?;
        file.sync_all()?;
        drop(file);
        std::fs::rename(&partial, &self.path)
    }
}

/// `path` with `suffix` added to its file name.
fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(suffix);
    path.with_file_name(name)
}

/// Whether a bounce with `status` puts its address on the list: a permanent failure (5.x.x)
/// of the address, not a full mailbox (5.2.2), which its owner can empty.
pub(crate) fn is_for_good(status: Option<&str>) -> bool {
    status.is_some_and(|status| {
        let status = status.trim();
        status.starts_with("5.") && status != "5.2.2"
    })
}

/// The list used when campaign.toml names none: `suppressed.csv` beside the profiles'
/// config.toml; `None` when there is no configuration folder (no HOME).
pub(crate) fn default_path() -> Option<PathBuf> {
    let config = crate::profiles::config_path().ok()?;
    Some(config.with_file_name(FILE_NAME))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(address: &str, status: &str) -> Suppressed {
        Suppressed {
            address: address.into(),
            status: status.into(),
            diagnostic: "smtp; 550 5.1.1 <x>: user unknown, \"quoted\"".into(),
            bounced: "2021-04-26T18:02:11Z".into(),
            campaign: "rentree".into(),
        }
    }

    #[test]
    fn entries_added_are_read_back_whole_and_found_whatever_the_case() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("missive").join(FILE_NAME);
        assert!(
            SuppressionList::load(&path)
                .expect("missing is empty")
                .is_empty()
        );
        let added = SuppressionList::add(
            &path,
            [
                entry("Ancien.Principal@ac-lille.example", "5.1.1"),
                entry("b@ac-lille.example", "5.1.2"),
            ],
        )
        .expect("added");
        assert_eq!(added.len(), 2);
        let again =
            SuppressionList::add(&path, [entry("ancien.principal@AC-LILLE.example", "5.1.1")])
                .expect("nothing new");
        assert!(
            again.is_empty(),
            "an address already listed is not added twice"
        );
        let list = SuppressionList::load(&path).expect("reads");
        assert_eq!(list.len(), 2);
        let found = list
            .get("ANCIEN.principal@ac-lille.example")
            .expect("found without regard to case");
        assert_eq!(found, &entry("Ancien.Principal@ac-lille.example", "5.1.1"));
        assert_eq!(
            found.why(),
            "it bounced for good on 2021-04-26 (5.1.1: smtp; 550 5.1.1 <x>: user unknown, \"quoted\", campaign `rentree`)"
        );
        assert_eq!(
            crate::i18n::in_lang(crate::i18n::Lang::Fr, || found.why()),
            "elle a fait un rebond définitif le 26\u{a0}avril\u{a0}2021 (le serveur a dit «\u{a0}5.1.1: smtp; 550 5.1.1 <x>: user unknown, \"quoted\"\u{a0}», campagne «\u{a0}rentree\u{a0}»)"
        );
        let names: Vec<String> = std::fs::read_dir(path.parent().expect("folder"))
            .expect("folder")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .filter(|name| name != "suppressed.csv.lock")
            .collect();
        assert_eq!(names, [FILE_NAME], "no partial file left");
    }

    #[test]
    fn removing_takes_one_address_off_and_says_when_it_was_not_there() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join(FILE_NAME);
        SuppressionList::add(
            &path,
            [
                entry("a@ac-lille.example", "5.1.1"),
                entry("b@ac-lille.example", "5.1.1"),
            ],
        )
        .expect("added");
        let removed = SuppressionList::remove(&path, "A@AC-LILLE.EXAMPLE").expect("removes");
        assert_eq!(
            removed.map(|e| e.address).as_deref(),
            Some("a@ac-lille.example")
        );
        assert!(
            SuppressionList::remove(&path, "a@ac-lille.example")
                .expect("reads")
                .is_none()
        );
        let list = SuppressionList::load(&path).expect("reads");
        assert!(list.get("a@ac-lille.example").is_none());
        assert!(list.get("b@ac-lille.example").is_some());
    }

    #[test]
    fn a_list_written_by_hand_is_read_with_comments_a_bom_and_only_the_address_column() {
        let list = SuppressionList::parse(
            Path::new("suppressed.csv"),
            "\u{feff}# left out by hand\nAddress\nparti@ac-lille.example\n\n".as_bytes(),
        )
        .expect("reads");
        let entry = list.get("parti@ac-lille.example").expect("listed");
        assert_eq!(entry.why(), "it bounced for good");
    }

    #[test]
    fn a_wrong_line_is_named_with_what_to_do() {
        let error = SuppressionList::parse(
            Path::new("suppressed.csv"),
            b"address,status\nok@ac-lille.example,5.1.1\nnot an address,5.1.1\n",
        )
        .expect_err("refused");
        assert_eq!(
            error.to_string(),
            "suppressed.csv:3: `not an address` is not an email address; correct or delete that line of the suppression list (`missive suppressed` lists it)"
        );
        let error = SuppressionList::parse(Path::new("s.csv"), b"email\nx@y.example\n")
            .expect_err("refused");
        assert!(error.to_string().contains("no `address` column"), "{error}");
    }

    #[test]
    fn only_permanent_failures_of_the_address_suppress_it() {
        assert!(is_for_good(Some("5.1.1")));
        assert!(is_for_good(Some(" 5.1.10 ")));
        assert!(is_for_good(Some("5.7.1")));
        assert!(!is_for_good(Some("5.2.2")), "a full mailbox can be emptied");
        assert!(!is_for_good(Some("4.2.2")));
        assert!(!is_for_good(None));
    }
}
