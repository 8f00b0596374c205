//! Reading the earlier campaign once per run: its folder's journal (`.missive/journal.sqlite`,
//! and those of its shards, `journal-shard-I-of-N.sqlite`), each opened read-only, so a
//! `send` of the earlier campaign at work or a folder only readable is never in the way.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::{EarlierCampaign, Previous};
use crate::config::{Campaign, ConfigError, FollowUp, FollowUpProblem};
use crate::journal::{
    self, AddressStates, Backend, DEFAULT_PATH, Entry, JournalError, Return, ReturnKind,
};

/// What the journals of the campaign `follow_up` names know of each address, or why they
/// cannot be read (naming campaign.toml's line, and what to do).
pub(crate) fn load(
    follow_up: &FollowUp,
    campaign: &Campaign,
) -> Result<EarlierCampaign, ConfigError> {
    let refused = |problem| follow_up.refused(problem);
    let mut folder = follow_up.folder.clone();
    if folder.is_file() {
        // Its campaign.toml named instead of its folder: the folder meant is plain.
        folder.pop();
    }
    if !folder.is_dir() {
        return Err(refused(FollowUpProblem::NoFolder { folder }));
    }
    let folder = folder.canonicalize().unwrap_or(folder);
    let journals = journals_in(&folder);
    let own_journal = campaign.journal.canonicalize().ok();
    if folder == campaign.root || journals.iter().any(|j| Some(j) == own_journal.as_ref()) {
        return Err(refused(FollowUpProblem::Itself));
    }
    let mut earlier = EarlierCampaign::default();
    let mut read = 0;
    for path in &journals {
        let journal = match journal::open_existing(path, None) {
            Ok(journal) => journal,
            // An empty file no run wrote.
            Err(JournalError::Missing { .. }) => continue,
            Err(error) => return Err(refused(error.into())),
        };
        add_journal(&mut earlier, journal.as_ref()).map_err(|error| refused(error.into()))?;
        read += 1;
    }
    if read == 0 {
        let journal = folder.join(DEFAULT_PATH);
        return Err(refused(FollowUpProblem::NoJournal { folder, journal }));
    }
    Ok(earlier)
}

/// The journals of the campaign in `folder`: its own, and those of its shards, canonical.
fn journals_in(folder: &Path) -> Vec<PathBuf> {
    let default = folder.join(DEFAULT_PATH);
    let Some(place) = default.parent() else {
        return Vec::new();
    };
    let Ok(files) = std::fs::read_dir(place) else {
        return Vec::new();
    };
    let mut journals: Vec<PathBuf> = files
        .filter_map(Result::ok)
        .filter(|file| {
            let name = file.file_name();
            let name = name.to_string_lossy();
            name == "journal.sqlite"
                || (name.starts_with("journal-shard-") && name.ends_with(".sqlite"))
        })
        .map(|file| file.path())
        .filter(|path| path.is_file())
        .map(|path| path.canonicalize().unwrap_or(path))
        .collect();
    journals.sort();
    journals
}

/// Every address of every message `journal` recorded.
fn add_journal(earlier: &mut EarlierCampaign, journal: &dyn Backend) -> Result<(), JournalError> {
    add_entries(
        earlier,
        journal.entries()?,
        &journal.address_states()?,
        &journal.returns()?,
    );
    Ok(())
}

/// `entries` as the addresses they went to: each envelope address of a message (its key's),
/// or, for a message whose addresses have outcomes of their own (`per_address`, by key),
/// each address's line; with what came back for that address (`returns`, by key).
fn add_entries(
    earlier: &mut EarlierCampaign,
    entries: Vec<Entry>,
    per_address: &AddressStates,
    returns: &HashMap<String, Vec<Return>>,
) {
    for entry in entries {
        // A row left out of the earlier run had no message.
        let Some(key) = entry.key.as_deref() else {
            continue;
        };
        let addresses: Vec<String> = if per_address.contains_key(key) {
            vec![entry.to.to_lowercase()]
        } else {
            key.split(',').map(str::to_string).collect()
        };
        let facts = returns.get(key).map_or(&[][..], Vec::as_slice);
        for address in addresses {
            let mine = || facts.iter().filter(|fact| fact.address == address);
            let returned = mine()
                .map(|fact| fact.kind)
                .filter(|kind| *kind != ReturnKind::Read)
                .min()
                .map(ReturnKind::as_str);
            let read = mine().any(|fact| fact.kind == ReturnKind::Read);
            let previous = Previous::new(
                entry.message_id.clone(),
                entry.status,
                returned,
                read,
                entry.time.clone(),
            );
            earlier.add(address, previous);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(to: &str, key: &str, status: &'static str, id: &str, time: &str) -> Entry {
        Entry {
            row: "liste.csv:2".into(),
            to: to.into(),
            status,
            code: Some(250),
            reply: String::new(),
            message_id: format!("<{id}.missive@ac-lille.example>"),
            attempts: 1,
            time: time.into(),
            relay: String::new(),
            returned: "",
            returned_time: String::new(),
            returned_status: String::new(),
            returned_diagnostic: String::new(),
            read_time: String::new(),
            key: Some(key.into()),
        }
    }

    fn fact(key: &str, address: &str, kind: ReturnKind) -> Return {
        Return {
            key: key.into(),
            address: address.into(),
            kind,
            at: 0,
            status: None,
            diagnostic: None,
        }
    }

    fn of<'a>(earlier: &'a EarlierCampaign, address: &str) -> Option<&'a Previous> {
        let address = address.parse().expect("an address");
        earlier.of(&address).map(AsRef::as_ref)
    }

    #[test]
    fn every_envelope_address_is_matched_with_what_came_back_for_it() {
        let t = "2026-03-02T08:00:00Z";
        let cc_key = "adjoint@ac-lille.example,directrice@ac-lille.example";
        let entries = vec![
            entry(
                "Directrice <directrice@ac-lille.example>",
                cc_key,
                "sent",
                "a",
                t,
            ),
            entry(
                "Lu <lu@ac-lille.example>",
                "lu@ac-lille.example",
                "sent",
                "b",
                t,
            ),
            // Per-address outcomes: one line per address.
            entry(
                "p1@ac-lille.example",
                "p1@ac-lille.example,p2@ac-lille.example",
                "sent",
                "c",
                t,
            ),
            entry(
                "p2@ac-lille.example",
                "p1@ac-lille.example,p2@ac-lille.example",
                "failed",
                "c",
                t,
            ),
            Entry {
                key: None,
                ..entry("", "", "skipped", "", "")
            },
        ];
        let per_address: AddressStates = [(
            "p1@ac-lille.example,p2@ac-lille.example".to_string(),
            Vec::new(),
        )]
        .into();
        let returns: HashMap<String, Vec<Return>> = [
            (
                cc_key.to_string(),
                vec![
                    fact(cc_key, "adjoint@ac-lille.example", ReturnKind::Delivered),
                    fact(cc_key, "adjoint@ac-lille.example", ReturnKind::Bounced),
                ],
            ),
            (
                "lu@ac-lille.example".to_string(),
                vec![
                    fact(
                        "lu@ac-lille.example",
                        "lu@ac-lille.example",
                        ReturnKind::Delivered,
                    ),
                    fact(
                        "lu@ac-lille.example",
                        "lu@ac-lille.example",
                        ReturnKind::Read,
                    ),
                ],
            ),
        ]
        .into();
        let mut earlier = EarlierCampaign::default();
        add_entries(&mut earlier, entries, &per_address, &returns);

        let adjoint = of(&earlier, "Adjoint@ac-lille.example").expect("the Cc");
        assert_eq!((adjoint.status, adjoint.read), ("bounced", false));
        assert_eq!(adjoint.message_id, "<a.missive@ac-lille.example>");
        let directrice = of(&earlier, "directrice@ac-lille.example").expect("the To");
        assert_eq!((directrice.status, directrice.read), ("sent", false));
        let lu = of(&earlier, "lu@ac-lille.example").expect("read");
        assert_eq!((lu.status, lu.read), ("delivered", true));
        let p2 = of(&earlier, "p2@ac-lille.example").expect("its own line");
        assert_eq!((p2.status, p2.thread()), ("failed", None));
        assert_eq!(
            of(&earlier, "p1@ac-lille.example").map(|p| p.status),
            Some("sent")
        );
        assert_eq!(earlier.addresses(), 5);
    }
}
