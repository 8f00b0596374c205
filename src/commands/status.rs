//! `missive status`: what the journal knows (counts per state) and, in plain words, what to
//! do next. It only reads: it may run while a `send` is going on.

use crate::cli::Common;
use crate::config;
use crate::exit_status::ExitStatus;
use crate::journal::{Journal, JournalError, State};
use crate::pipeline::RunError;

pub fn run(common: &Common) -> Result<ExitStatus, RunError> {
    let path = config::journal_path(common)?;
    let journal = match Journal::open_existing(&path) {
        Err(JournalError::Missing { .. }) => {
            println!(
                "no journal at `{}`: nothing was sent for this campaign yet; `missive send` starts it",
                path.display()
            );
            return Ok(ExitStatus::Success);
        }
        opened => opened?,
    };
    let counts = journal.counts()?;
    println!(
        "journal `{}`: `{}` recipient(s)",
        path.display(),
        counts.listed_total()
    );
    for state in State::ALL {
        let count = counts.listed(state);
        if count > 0 || matches!(state, State::Sent | State::Pending) {
            println!("  {:<10} {count}", state.as_str());
        }
    }
    if counts.skipped > 0 {
        println!(
            "  {:<10} {} (rows the last run left out; see `missive report`)",
            "skipped", counts.skipped
        );
    }
    let unlisted: usize = counts.unlisted.values().sum();
    if unlisted > 0 {
        println!(
            "  `{unlisted}` more no longer in the list, kept for the record (see `missive report`)"
        );
    }
    for step in counts.next_steps() {
        println!("next: {step}");
    }
    Ok(ExitStatus::Success)
}
