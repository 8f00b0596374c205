//! `missive status`: what the journal knows (counts per state) and, in plain words, what to
//! do next. It only reads: it may run while a `send` is going on. Given several journals
//! (`--journal A --journal B`, the shards of a campaign), it sums them.

use std::collections::{BTreeMap, HashMap};

use crate::cli::Common;
use crate::config;
use crate::exit_status::ExitStatus;
use crate::i18n::Lang;
use crate::journal::{
    self, CopyKind, CopyState, Counts, JournalError, JournalsRead, Location, Merged, Return,
    ReturnKind, State,
};
use crate::pipeline::RunError;
use crate::stdout::say;

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
            say!(
                "{}",
                t!("status-no-journal", journal = Location::shown(path))
            );
            return Ok(ExitStatus::Success);
        }
        opened => opened?,
    };
    let counts = journal.counts()?;
    say!(
        "{}",
        t!(
            "status-journal",
            journal = journal.name(),
            counted = what_is_counted(&counts)
        )
    );
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
    crate::stdout::say_lines(|| returns_said(&returns));
    Ok(())
}

/// The lines of [`print_returns`]: none when nothing came back.
fn returns_said(returns: &HashMap<String, Vec<Return>>) -> Vec<String> {
    let mut said = Vec::new();
    if returns.is_empty() {
        return said;
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
        .map(|kind| {
            let count = *counts.get(kind).unwrap_or(&0);
            match kind {
                ReturnKind::Bounced => t!("status-return-bounced", count = count),
                ReturnKind::Delayed => t!("status-return-delayed", count = count),
                ReturnKind::Delivered => t!("status-return-delivered", count = count),
                ReturnKind::Read => t!("status-return-read", count = count),
            }
        })
        .collect();
    said.push(t!("status-returns", counts = line.join(", ")));
    bounced.sort_by(|a, b| a.address.cmp(&b.address));
    for fact in bounced.iter().take(5) {
        let status = fact
            .status
            .clone()
            .unwrap_or_else(|| t!("status-no-status"));
        let address = fact.address.as_str();
        let line = match fact.diagnostic.as_deref() {
            Some(said) => t!(
                "status-bounced-said",
                address = address,
                status = status,
                said = said
            ),
            None => t!("status-bounced", address = address, status = status),
        };
        said.push(format!("  {line}"));
    }
    if bounced.len() > 5 {
        said.push(format!(
            "  {}",
            t!("status-bounced-more", count = bounced.len() - 5)
        ));
    }
    if !bounced.is_empty() {
        said.push(t!("status-bounced-next"));
    }
    said
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
        .map_or_else(String::new, |copy| {
            t!("status-folder", folder = copy.folder.as_str())
        });
    match done.as_slice() {
        [single] if single.stands > 1 => say!(
            "{}",
            t!(
                "status-copies-one",
                folder = folder.clone(),
                count = single.stands
            )
        ),
        _ => {
            say!(
                "{}",
                t!(
                    "status-copies",
                    folder = folder.clone(),
                    done = done.len(),
                    sent = sent
                )
            );
            if done.len() < sent {
                say!("{}", t!("status-copies-missing", count = sent - done.len()));
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
    say!("{}", t!("status-per-relay"));
    for (relay, states) in relays {
        let counts = || {
            State::ALL
                .iter()
                .filter_map(|&state| {
                    states.get(&state).map(|&count| {
                        t!(
                            "status-state-count",
                            state = state_label(state, count),
                            count = count
                        )
                    })
                })
                .collect::<Vec<_>>()
                .join(", ")
        };
        say!(
            "  {}",
            t!("status-relay", relay = relay.as_str(), counts = counts())
        );
    }
}

/// Several journals: a line for each, then the sums.
fn run_merged(
    paths: &[std::path::PathBuf],
    campaign: Option<&str>,
) -> Result<ExitStatus, RunError> {
    let merged = Merged::counts(paths, campaign)?;
    for (name, counts) in &merged.each {
        say!(
            "{}",
            t!(
                "status-shard-journal",
                journal = name.as_str(),
                count = counts.listed_total(),
                sent = counts.listed(State::Sent)
            )
        );
    }
    say!(
        "{}",
        t!(
            "status-journals",
            count = merged.each.len(),
            counted = what_is_counted(&merged.total)
        )
    );
    if merged.shared > 0 {
        let warning = || {
            t!(
                "warning-line",
                warning = t!("status-overlap", count = merged.shared)
            )
        };
        crate::i18n::audit::check(warning);
        say!("{}", warning());
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
    let recipients = t!("status-recipients", count = counts.listed_total());
    if counts.skipped + counts.duplicates + counts.suppressed == 0 {
        return recipients;
    }
    let mut parts = vec![t!(
        "status-rows",
        count = counts.rows(),
        recipients = recipients
    )];
    if counts.skipped > 0 {
        parts.push(t!("status-rows-skipped", count = counts.skipped));
    }
    if counts.duplicates > 0 {
        parts.push(t!("status-rows-duplicates", count = counts.duplicates));
    }
    if counts.suppressed > 0 {
        parts.push(t!("status-rows-suppressed", count = counts.suppressed));
    }
    // French puts a narrow no-break space before `;`.
    parts.join(match crate::i18n::lang() {
        Lang::Fr => "\u{202f}; ",
        Lang::En => "; ",
    })
}

/// Counts per state, the rows left out, then what to do next.
fn print_counts(counts: &Counts) {
    let shown: Vec<(State, usize)> = State::ALL
        .into_iter()
        .map(|state| (state, counts.listed(state)))
        .filter(|&(state, count)| count > 0 || matches!(state, State::Sent | State::Pending))
        .collect();
    let width = shown
        .iter()
        .map(|&(state, count)| state_label(state, count).chars().count())
        .max()
        .unwrap_or(0)
        .max(9)
        + 1;
    for (state, count) in shown {
        let number = u64::try_from(count).unwrap_or(u64::MAX);
        say!(
            "  {:<width$} {}",
            state_label(state, count),
            crate::i18n::number(number, crate::i18n::lang())
        );
    }
    if counts.skipped > 0 {
        say!("{}", t!("status-skipped", count = counts.skipped));
        // Each as the send that left it out recorded it, in that run's language: quoted in
        // French.
        for left_out in &counts.skipped_rows {
            let reason = left_out
                .reason
                .strip_prefix(left_out.row.as_str())
                .map_or(left_out.reason.as_str(), |rest| {
                    rest.trim_start_matches([':', ' ', '\u{a0}'])
                });
            say!(
                "  {}",
                t!(
                    "status-skipped-row",
                    row = left_out.row.as_str(),
                    reason = reason
                )
            );
        }
        let more = counts.skipped.saturating_sub(counts.skipped_rows.len());
        if more > 0 {
            say!("  {}", t!("status-skipped-more", count = more));
        }
    }
    let unlisted: usize = counts.unlisted.values().sum();
    if unlisted > 0 {
        say!("  {}", t!("status-unlisted", count = unlisted));
    }
    crate::stdout::say_lines(|| {
        counts
            .next_steps()
            .into_iter()
            .map(|step| t!("status-next", step = step))
            .collect()
    });
}

/// The heading of `count` recipients in `state`, in the run's language: `sent`, `envoyés`.
fn state_label(state: State, count: usize) -> String {
    match state {
        State::Pending => t!("status-state-pending", count = count),
        State::Sending => t!("status-state-sending", count = count),
        State::Sent => t!("status-state-sent", count = count),
        State::Failed => t!("status-state-failed", count = count),
        State::Deferred => t!("status-state-deferred", count = count),
        State::Uncertain => t!("status-state-uncertain", count = count),
        State::Drafted => t!("status-state-drafted", count = count),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::in_lang;

    /// Thirteen rows: ten recipients, two rows left out, one repeating an earlier row.
    fn counts() -> Counts {
        let mut counts = Counts::default();
        counts.listed.insert(State::Sent, 10);
        counts.skipped = 2;
        counts.duplicates = 1;
        counts
    }

    #[test]
    fn what_is_counted_adds_up_in_both_languages() {
        let counts = counts();
        assert_eq!(
            in_lang(Lang::En, || what_is_counted(&counts)),
            "`13` rows in the list: `10` recipients; `2` rows left out, never sent; \
             `1` row repeating an earlier row's recipients, who got one message"
        );
        assert_eq!(
            in_lang(Lang::Fr, || what_is_counted(&counts)),
            "13 lignes dans la liste\u{a0}: 10 destinataires\u{202f}; 2 lignes laissées de côté, \
             jamais envoyées\u{202f}; 1 ligne qui répète les destinataires d'une ligne précédente, \
             qui ont reçu un seul message"
        );
        let mut one = Counts::default();
        one.listed.insert(State::Pending, 1);
        assert_eq!(in_lang(Lang::En, || what_is_counted(&one)), "`1` recipient");
        assert_eq!(
            in_lang(Lang::Fr, || what_is_counted(&one)),
            "1 destinataire"
        );
    }

    #[test]
    fn the_states_are_headings_that_agree_with_their_count() {
        let label = |lang, state, count| in_lang(lang, || state_label(state, count));
        assert_eq!(label(Lang::En, State::Sent, 1), "sent");
        assert_eq!(label(Lang::Fr, State::Sent, 1), "envoyé");
        assert_eq!(label(Lang::Fr, State::Sent, 3), "envoyés");
        assert_eq!(label(Lang::Fr, State::Failed, 3), "en échec");
        assert_eq!(label(Lang::Fr, State::Pending, 0), "en attente");
        assert_eq!(label(Lang::Fr, State::Drafted, 2), "brouillons");
    }

    #[test]
    fn what_came_back_is_told_in_both_languages_with_the_server_s_words_quoted() {
        let fact = |address: &str, kind, diagnostic: Option<&str>| Return {
            key: address.to_owned(),
            address: address.to_owned(),
            kind,
            at: 0,
            status: diagnostic.map(|_| "5.1.1".to_owned()),
            diagnostic: diagnostic.map(str::to_owned),
        };
        let returns: HashMap<String, Vec<Return>> = [
            (
                "<1@x>".to_owned(),
                vec![fact(
                    "ce.1@ac-lille.example",
                    ReturnKind::Bounced,
                    Some("unknown user"),
                )],
            ),
            (
                "<2@x>".to_owned(),
                vec![fact("ce.2@ac-lille.example", ReturnKind::Read, None)],
            ),
        ]
        .into_iter()
        .collect();
        assert_eq!(
            in_lang(Lang::En, || returns_said(&returns)),
            [
                "came back (missive collect): bounced `1`, delayed `0`, delivered `0`, read `1`",
                "  bounced: ce.1@ac-lille.example (5.1.1: unknown user)",
                "next: correct the bounced addresses in the list, or remove them; `missive send` \
                 then sends to each corrected address as a new recipient",
            ]
        );
        let french = in_lang(Lang::Fr, || returns_said(&returns));
        assert_eq!(
            french[..2],
            [
                "retours (missive collect)\u{a0}: 1 rebond, 0 retardé, 0 remis, 1 accusé de lecture",
                "  rebond\u{a0}: ce.1@ac-lille.example (5.1.1\u{a0}: «\u{a0}unknown user\u{a0}»)",
            ]
        );
        assert!(
            french[2].starts_with("ensuite\u{a0}: corrigez"),
            "{}",
            french[2]
        );
        assert!(in_lang(Lang::Fr, || returns_said(&HashMap::new())).is_empty());
    }
}
