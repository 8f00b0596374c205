//! `missive status`: what the journal knows (counts per state) and, in plain words, what to
//! do next. It only reads: it may run while a `send` is going on. Given several journals
//! (`--journal A --journal B`, the shards of a campaign), it sums them.

use std::collections::BTreeMap;

use crate::cli::Common;
use crate::config;
use crate::exit_status::ExitStatus;
use crate::journal::{
    self, CopyKind, CopyState, Counts, JournalError, JournalsRead, Location, Merged, ReturnKind,
    State,
};
use crate::pipeline::RunError;

pub(crate) fn run(common: &Common) -> Result<ExitStatus, RunError> {
    let JournalsRead {
        places: paths,
        campaign,
    } = config::journals_read(common)?;
    let path = match paths.as_slice() {
        [path] => path,
        several => return run_merged(several, campaign.as_deref()),
    };
    let journal = match journal::open_existing(path, campaign.as_deref()) {
        Err(JournalError::Missing { .. }) => {
            crate::stdout::say!(
                "no journal at `{}`: nothing was sent for this campaign yet; `missive send` starts it",
                Location::shown(path)
            );
            return Ok(ExitStatus::Success);
        }
        opened => opened?,
    };
    let counts = journal.counts()?;
    crate::stdout::say!("journal `{}`: {}", journal.name(), what_is_counted(&counts));
    print_counts(&counts);
    print_relays(&journal.relay_counts()?);
    print_copies(journal.as_ref(), counts.listed(State::Sent))?;
    print_returns(journal.as_ref())?;
    Ok(ExitStatus::Success)
}

/// What `missive collect` found, per address: how many bounced (a few named, with the
/// server's words), were delayed, delivered, read.
fn print_returns(journal: &dyn journal::Backend) -> Result<(), JournalError> {
    let returns = journal.returns()?;
    if returns.is_empty() {
        return Ok(());
    }
    let mut counts: BTreeMap<ReturnKind, usize> = BTreeMap::new();
    let mut bounced = Vec::new();
    for fact in returns.values().flatten() {
        *counts.entry(fact.kind).or_default() += 1;
        if fact.kind == ReturnKind::Bounced {
            bounced.push(fact);
        }
    }
    let line: Vec<String> = ReturnKind::ALL
        .iter()
        .map(|kind| format!("{} `{}`", kind.as_str(), counts.get(kind).unwrap_or(&0)))
        .collect();
    crate::stdout::say!("came back (missive collect): {}", line.join(", "));
    bounced.sort_by(|a, b| a.address.cmp(&b.address));
    for fact in bounced.iter().take(5) {
        crate::stdout::say!(
            "  bounced: {} ({}{})",
            fact.address,
            fact.status.as_deref().unwrap_or("no status"),
            fact.diagnostic
                .as_deref()
                .map(|d| format!(": {d}"))
                .unwrap_or_default()
        );
    }
    if bounced.len() > 5 {
        crate::stdout::say!("  and `{}` more: see `missive report`", bounced.len() - 5);
    }
    if !bounced.is_empty() {
        crate::stdout::say!(
            "next: correct the bounced addresses in the list, or remove them; `missive send` then sends to each corrected address as a new recipient"
        );
    }
    Ok(())
}

/// The copies in the mailbox, when the campaign keeps any: how many are in Sent (and
/// which folder), how many are missing and how to put them there.
fn print_copies(journal: &dyn journal::Backend, sent: usize) -> Result<(), JournalError> {
    let copies = journal.copies(CopyKind::Sent)?;
    if copies.is_empty() {
        return Ok(());
    }
    let done: Vec<&journal::Copy> = copies
        .values()
        .filter(|copy| copy.state == CopyState::Done)
        .collect();
    let folder = done
        .first()
        .copied()
        .or_else(|| copies.values().next())
        .map_or_else(String::new, |copy| format!(" `{}`", copy.folder));
    match done.as_slice() {
        [single] if single.stands > 1 => crate::stdout::say!(
            "copies in Sent{folder}: the first message, standing for `{}` sent",
            single.stands
        ),
        _ => {
            crate::stdout::say!("copies in Sent{folder}: `{}` of `{sent}` sent", done.len());
            if done.len() < sent {
                crate::stdout::say!(
                    "next: `missive send` again puts the `{}` missing copies in Sent (it sends nothing twice)",
                    sent - done.len()
                );
            }
        }
    }
    Ok(())
}

/// Outcomes per relay, when more than one relay answered: which one refused or deferred.
fn print_relays(relays: &BTreeMap<String, BTreeMap<State, usize>>) {
    if relays.len() < 2 {
        return;
    }
    crate::stdout::say!("per relay:");
    for (relay, states) in relays {
        let counts: Vec<String> = State::ALL
            .iter()
            .filter_map(|state| {
                states
                    .get(state)
                    .map(|count| format!("{} {count}", state.as_str()))
            })
            .collect();
        crate::stdout::say!("  {relay}: {}", counts.join(", "));
    }
}

/// Several journals: a line for each, then the sums.
fn run_merged(
    paths: &[std::path::PathBuf],
    campaign: Option<&str>,
) -> Result<ExitStatus, RunError> {
    let merged = Merged::counts(paths, campaign)?;
    for (name, counts) in &merged.each {
        crate::stdout::say!(
            "journal `{name}`: `{}` recipient(s), `{}` sent",
            counts.listed_total(),
            counts.listed(State::Sent)
        );
    }
    crate::stdout::say!(
        "`{}` journals: {} in all",
        merged.each.len(),
        what_is_counted(&merged.total)
    );
    if merged.shared > 0 {
        crate::stdout::say!(
            "warning: `{}` recipient(s) are in more than one journal: the shards overlapped and they may have got the message twice (see `missive report`, column `also_in`); give every machine the same list and the same `--shard I/N` count",
            merged.shared
        );
    }
    print_counts(&merged.total);
    let mut relays: BTreeMap<String, BTreeMap<State, usize>> = BTreeMap::new();
    for path in paths {
        for (relay, states) in journal::open_existing(path, campaign)?.relay_counts()? {
            let sum = relays.entry(relay).or_default();
            for (state, count) in states {
                *sum.entry(state).or_default() += count;
            }
        }
    }
    print_relays(&relays);
    Ok(ExitStatus::Success)
}

/// What the counts below count: the recipients (one message each, whatever its number of
/// addresses) and, when some rows of the list made no message, the rows and those left
/// out, so that the numbers add up.
fn what_is_counted(counts: &Counts) -> String {
    let recipients = format!("`{}` recipient(s)", counts.listed_total());
    if counts.skipped + counts.duplicates + counts.suppressed == 0 {
        return recipients;
    }
    let mut parts = vec![format!(
        "`{}` row(s) in the list: {recipients}",
        counts.rows()
    )];
    if counts.skipped > 0 {
        parts.push(format!("`{}` row(s) left out, never sent", counts.skipped));
    }
    if counts.duplicates > 0 {
        parts.push(format!(
            "`{}` row(s) repeating an earlier row's recipients, who got one message",
            counts.duplicates
        ));
    }
    if counts.suppressed > 0 {
        parts.push(format!(
            "`{}` row(s) left out, their addresses having bounced for good earlier",
            counts.suppressed
        ));
    }
    parts.join("; ")
}

/// Counts per state, the rows left out, then what to do next.
fn print_counts(counts: &Counts) {
    for state in State::ALL {
        let count = counts.listed(state);
        if count > 0 || matches!(state, State::Sent | State::Pending) {
            crate::stdout::say!("  {:<10} {count}", state.as_str());
        }
    }
    if counts.skipped > 0 {
        crate::stdout::say!(
            "`{}` row(s) of the list left out by the last `missive send` (its `--skip-invalid`), never sent:",
            counts.skipped
        );
        for left_out in &counts.skipped_rows {
            crate::stdout::say!("  {left_out}");
        }
        let more = counts.skipped.saturating_sub(counts.skipped_rows.len());
        if more > 0 {
            crate::stdout::say!("  and `{more}` more (see `missive report`)");
        }
    }
    let unlisted: usize = counts.unlisted.values().sum();
    if unlisted > 0 {
        crate::stdout::say!(
            "  `{unlisted}` more no longer in the list, kept for the record (see `missive report`)"
        );
    }
    for step in counts.next_steps() {
        crate::stdout::say!("next: {step}");
    }
}
