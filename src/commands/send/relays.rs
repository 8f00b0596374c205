//! `send`'s relays made ready: each one's plaintext rule checked, its secret obtained, its
//! TLS set up, its pace; and the plan a person confirms, relay by relay.

use std::sync::Arc;

use crate::config::{Pace, RelayPace, RelaySettings, SendSettings};
use crate::deliver::login::{self, SecretSources};
use crate::deliver::{Connector, CoolDown, Rate, Relay, Relays, Security, Throttle};
use crate::error::{RelayProblem, RunError};
use crate::secret::Secret;

/// Refuses a relay without TLS away from this machine (unless `--insecure`), and any
/// `OAuth2` token over plaintext.
pub(crate) fn refuse_plaintext(settings: &SendSettings) -> Result<(), RunError> {
    for relay in &settings.relays {
        refuse_plaintext_to(relay, settings.insecure)
            .map_err(|problem| named(settings, relay, problem))?;
    }
    Ok(())
}

fn refuse_plaintext_to(relay: &RelaySettings, insecure: bool) -> Result<(), RelayProblem> {
    let url = &relay.relay;
    let plain = matches!(
        url.security,
        Security::Plain | Security::StartTls { required: false }
    );
    if plain && relay.token_command.is_some() {
        // A bearer token is as good as the mailbox itself: it never crosses plaintext, not
        // even to this machine, and `--insecure` does not change that.
        return Err(RelayProblem::TokenOverPlaintext {
            url: url.to_string(),
            host: url.host.clone(),
        });
    }
    if plain && !url.is_loopback() && !insecure {
        return Err(RelayProblem::Plaintext {
            url: url.to_string(),
            host: url.host.clone(),
        });
    }
    Ok(())
}

/// A problem with one relay: a pool's names the entry it comes from.
fn named(settings: &SendSettings, relay: &RelaySettings, problem: RelayProblem) -> RunError {
    RunError::Relay {
        entry: settings.is_pool().then(|| relay.origin.clone()),
        problem,
    }
}

/// Whether a relay logs in with a password that nothing gives: no `MISSIVE_SMTP_PASSWORD`,
/// no `password_command`, no `token_command`. The command line would prompt for it; the
/// web app asks for it in the page.
pub(crate) fn wants_password(settings: &SendSettings) -> bool {
    let from_environment = crate::secret::password_from(crate::secret::PASSWORD_VARIABLE);
    from_environment.is_none()
        && settings.relays.iter().any(|relay| {
            relay.username.is_some()
                && relay.password_command.is_none()
                && relay.token_command.is_none()
        })
}

/// Every relay's login and TLS, ready to open sessions; `password`, typed in a page, is the
/// one of every relay that logs in with a password. A secret that cannot be had, or a CA
/// file that cannot be read, stops the run before anything is sent.
pub(crate) fn open(settings: &SendSettings, password: Option<&Secret>) -> Result<Relays, RunError> {
    let pooled = settings.is_pool();
    let mut relays = Vec::new();
    for relay in &settings.relays {
        let login = login::obtain(&SecretSources {
            user: relay.username.as_deref(),
            password_command: relay.password_command.as_deref(),
            token_command: relay.token_command.as_deref(),
            given: password,
            host: &relay.relay.host,
            variables: &[crate::secret::PASSWORD_VARIABLE],
            section: "[smtp]",
        })
        .map_err(|e| named(settings, relay, e.into()))?;
        let connector = Connector::new(
            relay.relay.clone(),
            login,
            relay.ca_file.as_deref(),
            settings.timeouts,
        )
        .map_err(|e| {
            if pooled {
                named(settings, relay, e.into())
            } else {
                e.into()
            }
        })?;
        // A single relay's throttle holds the domain limits; a pool shares them.
        let domains: &[(String, Rate)] = if pooled { &[] } else { &settings.per_domain };
        relays.push(Relay {
            connector: Arc::new(connector),
            name: Arc::from(relay.relay.to_string()),
            origin: relay.origin.clone(),
            throttle: Arc::new(Throttle::new(&relay.rates, domains)),
            concurrency: relay.concurrency,
            per_connection: relay.per_connection,
            weight: relay.weight,
        });
    }
    Ok(Relays {
        members: relays,
        domains: (pooled && !settings.per_domain.is_empty())
            .then(|| Arc::new(Throttle::new(&[], &settings.per_domain))),
        cool_down: CoolDown::default(),
    })
}

/// Where the messages go, for the plan a person confirms: the relay and its sessions, or
/// each relay of the pool with its weight.
pub(crate) fn describe(settings: &SendSettings) -> String {
    match settings.relays.as_slice() {
        [one] => t!(
            "send-route-one",
            relay = one.relay.to_string(),
            sessions = one.concurrency
        ),
        many => {
            let each: Vec<String> = many
                .iter()
                .map(|r| {
                    t!(
                        "send-route-member",
                        relay = r.relay.to_string(),
                        weight = r.weight.to_string(),
                        sessions = r.concurrency
                    )
                })
                .collect();
            t!(
                "send-route-pool",
                count = many.len(),
                relays = each.join(", ")
            )
        }
    }
}

/// The rate limits of the relays as people read them: `30/min`, or per relay for a pool.
pub(crate) fn limits(pace: &Pace) -> Vec<String> {
    let rates = |relay: &RelayPace| {
        relay
            .rates
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
    };
    match pace.relays.as_slice() {
        [one] => rates(one),
        many => many
            .iter()
            .map(|relay| {
                let rates = rates(relay);
                let rates = if rates.is_empty() {
                    t!("send-rate-unlimited")
                } else {
                    rates.join(&format!(" {} ", t!("send-rate-and")))
                };
                match &relay.relay {
                    Some(url) => t!("send-rate-relay", rates = rates, relay = url.to_string()),
                    None => rates,
                }
            })
            .collect(),
    }
}

/// How long the rate limits make `messages` last: each relay takes its weight's share at
/// its own pace, and the slowest decides. `None` when no relay is limited.
pub(crate) fn duration(pace: &Pace, messages: usize) -> Option<std::time::Duration> {
    let total: u64 = pace.relays.iter().map(|r| u64::from(r.weight)).sum();
    let limited = pace.relays.iter().any(|r| !r.rates.is_empty());
    if !limited {
        return None;
    }
    let messages = u64::try_from(messages).unwrap_or(u64::MAX);
    pace.relays
        .iter()
        .filter_map(|relay| {
            let spacing = relay.rates.iter().map(|r| r.interval()).max()?;
            let share = messages.saturating_mul(u64::from(relay.weight)) / total.max(1);
            let count = u32::try_from(share.saturating_sub(1)).unwrap_or(u32::MAX);
            Some(spacing.saturating_mul(count))
        })
        .max()
}
