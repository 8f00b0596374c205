//! `send`'s settings: the relay and how politely to use it (rates, sessions, window,
//! retries), from flags, then environment, then campaign.toml, then defaults.

use std::path::PathBuf;

use super::{Campaign, ConfigError, RateSpecs, parent_of};
use crate::cli::SendArgs;
use crate::deliver::retry::parse_duration;
use crate::deliver::window::parse_moment;
use crate::deliver::{Rate, RelayUrl, RetryPolicy, Schedule, SendingWindow, SessionPolicy};

const DEFAULT_CONCURRENCY: usize = 2;
const DEFAULT_PER_CONNECTION: usize = 100;
/// A remote relay is spared by default; a relay on this machine (a local Postfix) is not.
const DEFAULT_REMOTE_RATE: Rate = Rate {
    count: 60,
    period: std::time::Duration::from_secs(60),
};

/// How `send` reaches the relay, and how politely.
#[derive(Debug, Clone)]
pub struct SendSettings {
    pub relay: RelayUrl,
    pub username: Option<String>,
    pub password_command: Option<String>,
    /// Prints an OAuth 2 access token: the login is XOAUTH2, over TLS only.
    pub token_command: Option<String>,
    pub ca_file: Option<PathBuf>,
    pub insecure: bool,
    pub limit: Option<usize>,
    pub yes: bool,
    /// The rate limits in force (empty: unlimited).
    pub rates: Vec<Rate>,
    pub per_domain: Vec<(String, Rate)>,
    pub policy: SessionPolicy,
}

impl SendSettings {
    /// Flags, then environment (`MISSIVE_SMTP_URL`), then campaign.toml.
    pub fn resolve(args: &SendArgs, campaign: &Campaign) -> Result<Self, ConfigError> {
        let url = args
            .smtp
            .clone()
            .or_else(|| {
                std::env::var("MISSIVE_SMTP_URL")
                    .ok()
                    .filter(|u| !u.is_empty())
            })
            .or_else(|| campaign.smtp.url.clone())
            .ok_or(ConfigError::NoRelay)?;
        let relay = RelayUrl::parse(&url)?;
        let base = campaign.file.as_deref().map(parent_of).unwrap_or_default();
        let concurrency = args
            .concurrency
            .or(campaign.throttle.concurrency)
            .unwrap_or(DEFAULT_CONCURRENCY);
        if concurrency == 0 {
            return Err(ConfigError::Invalid {
                what: "concurrency",
                value: "0".into(),
                reason: "at least one SMTP session is needed".into(),
            });
        }
        let throttle = &campaign.throttle;
        let rates = resolve_rates(&args.rates, throttle.rate.as_ref(), relay.is_loopback())?;
        let per_domain = throttle
            .per_domain
            .iter()
            .map(|(domain, spec)| Ok((domain.clone(), parse_rate(spec)?)))
            .collect::<Result<Vec<_>, ConfigError>>()?;
        let window = args.window.as_ref().or(throttle.window.as_ref());
        let schedule = Schedule {
            window: window
                .map(|w| SendingWindow::parse(w))
                .transpose()
                .map_err(|e| invalid("sending window", e))?,
            not_before: args
                .not_before
                .as_deref()
                .map(parse_moment)
                .transpose()
                .map_err(|e| invalid("date", e))?,
        };
        let defaults = RetryPolicy::default();
        let retry = RetryPolicy {
            base: args
                .retry_base
                .as_deref()
                .map(parse_duration)
                .transpose()
                .map_err(|e| invalid("duration", e))?
                .unwrap_or(defaults.base),
            max_attempts: args.max_attempts.unwrap_or(defaults.max_attempts).max(1),
        };
        let policy = SessionPolicy {
            concurrency,
            per_connection: args
                .per_connection
                .or(throttle.per_connection)
                .unwrap_or(DEFAULT_PER_CONNECTION)
                .max(1),
            retry,
            max_consecutive_failures: args
                .max_failures_in_a_row
                .unwrap_or(SessionPolicy::default().max_consecutive_failures)
                .max(1),
            schedule,
        };
        Ok(Self {
            // `--smtp-user ''` sends without logging in (a local relay), whatever the file says.
            username: args
                .smtp_user
                .clone()
                .or_else(|| relay.username.clone())
                .or_else(|| campaign.smtp.username.clone())
                .filter(|user| !user.is_empty()),
            relay,
            password_command: campaign.smtp.password_command.clone(),
            token_command: campaign.smtp.token_command.clone(),
            ca_file: args
                .ca_file
                .clone()
                .or_else(|| campaign.smtp.ca_file.as_ref().map(|c| base.join(c))),
            insecure: args.insecure,
            limit: args.limit,
            yes: args.yes,
            rates,
            per_domain,
            policy,
        })
    }
}

/// Flags win over campaign.toml; with neither, a remote relay gets a conservative default.
fn resolve_rates(
    flags: &[String],
    file: Option<&RateSpecs>,
    loopback: bool,
) -> Result<Vec<Rate>, ConfigError> {
    let specs: Vec<String> = if flags.is_empty() {
        match file {
            Some(RateSpecs::One(one)) => vec![one.clone()],
            Some(RateSpecs::Many(many)) => many.clone(),
            None if loopback => return Ok(Vec::new()),
            None => return Ok(vec![DEFAULT_REMOTE_RATE]),
        }
    } else {
        flags.to_vec()
    };
    let mut rates = Vec::new();
    for spec in &specs {
        match Rate::parse_spec(spec).map_err(|e| invalid("rate", e))? {
            Some(rate) => rates.push(rate),
            None => return Ok(Vec::new()),
        }
    }
    Ok(rates)
}

fn parse_rate(spec: &str) -> Result<Rate, ConfigError> {
    spec.parse().map_err(|e| invalid("rate", e))
}

fn invalid(what: &'static str, error: impl std::fmt::Display) -> ConfigError {
    ConfigError::Setting {
        what,
        reason: error.to_string(),
    }
}
