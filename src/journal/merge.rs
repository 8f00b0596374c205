//! Several journals seen as one: the journals of the shards of a campaign (`--shard I/N`),
//! each written by its own machine, for `status` and `report`. A recipient found in more
//! than one journal is flagged: the shards overlapped (different splits, a journal copied),
//! and that recipient may have got the message twice.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::{Counts, Entry, JournalError, Location, open_existing};

/// One line of a merged report: an [`Entry`], the journal it came from, and the other
/// journals that hold the same recipient (empty unless the shards overlapped).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct MergedEntry {
    pub journal: String,
    pub row: String,
    pub to: String,
    pub status: &'static str,
    pub code: Option<u16>,
    pub reply: String,
    pub message_id: String,
    pub attempts: u32,
    pub time: String,
    pub relay: String,
    /// The other journals holding this recipient, separated by ` `; empty when none.
    pub also_in: String,
}

/// What several journals hold together.
#[derive(Debug, Clone, Default)]
pub(crate) struct Merged {
    /// Each journal's counts, in the order given, with its name (a path, or a URL without
    /// its password).
    pub each: Vec<(String, Counts)>,
    /// The counts summed.
    pub total: Counts,
    /// Recipients found in more than one journal.
    pub shared: usize,
}

impl Merged {
    /// Opens every journal (each must exist) and sums their counts.
    pub(crate) fn counts(paths: &[PathBuf], campaign: Option<&str>) -> Result<Self, JournalError> {
        let mut merged = Merged::default();
        let mut holders: HashMap<String, usize> = HashMap::new();
        for path in paths {
            let journal = open_existing(path, campaign)?;
            let counts = journal.counts()?;
            merged.total.add(&counts);
            merged.each.push((journal.name(), counts));
            for key in journal.states()?.into_keys() {
                *holders.entry(key).or_default() += 1;
            }
        }
        merged.shared = holders.values().filter(|&&n| n > 1).count();
        Ok(merged)
    }

    /// Every journal's entries, one after the other, each saying where it came from.
    pub(crate) fn entries(
        paths: &[PathBuf],
        campaign: Option<&str>,
    ) -> Result<Vec<MergedEntry>, JournalError> {
        let mut sourced = Vec::new();
        for path in paths {
            sourced.push((path, open_existing(path, campaign)?.entries()?));
        }
        let mut holders: HashMap<&str, Vec<&Path>> = HashMap::new();
        for (path, entries) in &sourced {
            for key in entries.iter().filter_map(|e| e.key.as_deref()) {
                holders.entry(key).or_default().push(path);
            }
        }
        let mut merged = Vec::new();
        for (path, entries) in &sourced {
            for entry in entries {
                let also_in = entry
                    .key
                    .as_deref()
                    .and_then(|key| holders.get(key))
                    .map(|holders| {
                        let others: HashSet<&&Path> =
                            holders.iter().filter(|p| **p != path.as_path()).collect();
                        let mut others: Vec<String> =
                            others.iter().map(|p| Location::shown(p)).collect();
                        others.sort();
                        others.join(" ")
                    })
                    .unwrap_or_default();
                merged.push(MergedEntry::new(path, entry.clone(), also_in));
            }
        }
        Ok(merged)
    }
}

impl MergedEntry {
    fn new(journal: &Path, entry: Entry, also_in: String) -> Self {
        Self {
            journal: Location::shown(journal),
            row: entry.row,
            to: entry.to,
            status: entry.status,
            code: entry.code,
            reply: entry.reply,
            message_id: entry.message_id,
            attempts: entry.attempts,
            time: entry.time,
            relay: entry.relay,
            also_in,
        }
    }
}
