//! Which folder is which. LIST's answer becomes [`Listed`] folders, and a role's folder is
//! chosen among them: the name the user configured, else the one the server flags for that
//! use (RFC 6154 `\Sent`, `\Drafts`), else one of the names mail clients give it in English
//! and French, compared without case and below `INBOX` as well (`INBOX.Sent`, as Courier
//! and Cyrus name them).

use std::fmt;

use async_imap::imap_proto::{MailboxListData, NameAttribute};
use unicode_normalization::UnicodeNormalization;

use super::error::{FolderRole, ImapError};
use super::utf7;

/// The names clients give the sent-messages folder, in the order missive prefers them.
const SENT_NAMES: [&str; 6] = [
    "Sent",
    "Sent Items",
    "Sent Messages",
    "Envoyés",
    "Éléments envoyés",
    "Messages envoyés",
];
/// The names clients give the drafts folder.
const DRAFTS_NAMES: [&str; 2] = ["Drafts", "Brouillons"];

/// A folder of the mailbox: its name as people read it, and as the server wants it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Folder {
    name: String,
    wire: String,
}

impl Folder {
    /// The name as people read it ("Éléments envoyés").
    pub(crate) fn name(&self) -> &str {
        &self.name
    }

    /// The name as it goes in a command (`&AMk-l&AOk-ments envoy&AOk-s`).
    pub(super) fn wire(&self) -> &str {
        &self.wire
    }
}

impl fmt::Display for Folder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)
    }
}

/// A folder as LIST shows it.
#[derive(Debug, Clone)]
pub(super) struct Listed {
    pub folder: Folder,
    /// The role its special-use flag gives it.
    pub role: Option<FolderRole>,
    /// Whether it can hold messages (not `\Noselect` nor `\NonExistent`).
    pub selectable: bool,
    /// The hierarchy delimiter (`.` or `/`), if any.
    pub delimiter: Option<String>,
}

impl Listed {
    pub(super) fn read(data: &MailboxListData<'_>) -> Self {
        let wire = data.name.to_string();
        let name = utf7::decode(&wire).unwrap_or_else(|| wire.clone());
        let mut role = None;
        let mut selectable = true;
        for attribute in &data.name_attributes {
            match attribute {
                NameAttribute::Sent => role = Some(FolderRole::Sent),
                NameAttribute::Drafts => role = Some(FolderRole::Drafts),
                NameAttribute::NoSelect => selectable = false,
                NameAttribute::Extension(other) if other.eq_ignore_ascii_case("\\NonExistent") => {
                    selectable = false;
                }
                _ => {}
            }
        }
        Self {
            folder: Folder { name, wire },
            role,
            selectable,
            delimiter: data.delimiter.as_ref().map(ToString::to_string),
        }
    }

    /// Its name below `INBOX` when it is there (`Sent` for `INBOX.Sent`), else its name.
    fn leaf(&self) -> &str {
        let name = self.folder.name.as_str();
        let (Some(delimiter), Some(inbox)) = (&self.delimiter, name.get(..5)) else {
            return name;
        };
        if inbox.eq_ignore_ascii_case("INBOX") {
            name[5..].strip_prefix(delimiter.as_str()).unwrap_or(name)
        } else {
            name
        }
    }
}

/// The folder for `role` among `listed`: `configured` if given (it must exist), else the
/// one flagged for the role, else one of the usual names.
pub(super) fn choose(
    listed: &[Listed],
    role: FolderRole,
    configured: Option<&str>,
    server: &str,
) -> Result<Folder, ImapError> {
    let selectable: Vec<&Listed> = listed.iter().filter(|l| l.selectable).collect();
    let found = || {
        selectable
            .iter()
            .map(|l| l.folder.name().to_owned())
            .collect::<Vec<_>>()
    };
    if let Some(wanted) = configured {
        let exact = selectable
            .iter()
            .find(|l| l.folder.name == wanted || l.folder.wire == wanted);
        let loose = || selectable.iter().find(|l| same(&l.folder.name, wanted));
        return exact
            .or_else(loose)
            .map(|l| l.folder.clone())
            .ok_or_else(|| ImapError::ConfiguredFolderMissing {
                server: server.to_owned(),
                role,
                name: wanted.to_owned(),
                found: found(),
            });
    }
    if let Some(flagged) = selectable.iter().find(|l| l.role == Some(role)) {
        return Ok(flagged.folder.clone());
    }
    let usual: &[&str] = match role {
        FolderRole::Sent => &SENT_NAMES,
        FolderRole::Drafts => &DRAFTS_NAMES,
        FolderRole::Read => &["INBOX"],
    };
    usual
        .iter()
        .find_map(|name| selectable.iter().find(|l| same(l.leaf(), name)))
        .map(|l| l.folder.clone())
        .ok_or_else(|| ImapError::FolderMissing {
            server: server.to_owned(),
            role,
            found: found(),
        })
}

/// The same name to a person: regardless of case, and of how accents are composed.
fn same(a: &str, b: &str) -> bool {
    let fold = |s: &str| s.nfc().collect::<String>().to_lowercase();
    fold(a) == fold(b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mailbox::imap::assert_says;

    fn listed(wire: &str, role: Option<FolderRole>) -> Listed {
        Listed {
            folder: Folder {
                name: utf7::decode(wire).expect("modified UTF-7"),
                wire: wire.to_owned(),
            },
            role,
            selectable: true,
            delimiter: Some(".".to_owned()),
        }
    }

    fn chosen(folders: &[Listed], role: FolderRole, configured: Option<&str>) -> String {
        match choose(folders, role, configured, "imaps://imap.example.fr:993") {
            Ok(folder) => folder.wire().to_owned(),
            Err(error) => panic!("{error}"),
        }
    }

    #[test]
    fn the_special_use_flag_wins_over_the_usual_names() {
        let folders = [
            listed("INBOX", None),
            listed("Sent", None),
            listed("Envoi", Some(FolderRole::Sent)),
        ];
        assert_eq!(chosen(&folders, FolderRole::Sent, None), "Envoi");
    }

    #[test]
    fn without_flags_the_usual_names_in_french_and_below_inbox_are_found() {
        let french = [
            listed("INBOX", None),
            listed("&AMk-l&AOk-ments envoy&AOk-s", None),
            listed("BROUILLONS", None),
        ];
        assert_eq!(
            chosen(&french, FolderRole::Sent, None),
            "&AMk-l&AOk-ments envoy&AOk-s"
        );
        assert_eq!(chosen(&french, FolderRole::Drafts, None), "BROUILLONS");
        let courier = [listed("INBOX", None), listed("INBOX.Sent Items", None)];
        assert_eq!(chosen(&courier, FolderRole::Sent, None), "INBOX.Sent Items");
    }

    #[test]
    fn a_name_with_decomposed_accents_is_the_same_name() {
        let mut decomposed = listed("Envoy&AOk-s", None);
        decomposed.folder.name = "Envoye\u{301}s".to_owned();
        assert_eq!(chosen(&[decomposed], FolderRole::Sent, None), "Envoy&AOk-s");
    }

    #[test]
    fn a_configured_name_wins_and_must_exist() {
        let folders = [
            listed("Sent", Some(FolderRole::Sent)),
            listed("Archives 2026", None),
        ];
        assert_eq!(
            chosen(&folders, FolderRole::Sent, Some("archives 2026")),
            "Archives 2026"
        );
        let error = choose(
            &folders,
            FolderRole::Sent,
            Some("Envoyés 2025"),
            "imaps://x:993",
        )
        .expect_err("no such folder");
        assert_says(
            &error,
            &[
                "no folder `Envoyés 2025`",
                "`sent_folder`",
                "`Sent`, `Archives 2026`",
            ],
        );
    }

    #[test]
    fn a_missing_folder_names_the_folders_found_and_the_setting() {
        let mut parent = listed("Archives", None);
        parent.selectable = false;
        let folders = [listed("INBOX", None), parent, listed("Corbeille", None)];
        let error = choose(
            &folders,
            FolderRole::Drafts,
            None,
            "imaps://imap.example.fr:993",
        )
        .expect_err("no drafts");
        assert_says(
            &error,
            &[
                "no folder for drafts",
                "(folders: `INBOX`, `Corbeille`)",
                "`drafts_folder` in the [imap] section",
            ],
        );
    }
}
