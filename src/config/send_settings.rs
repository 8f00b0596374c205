//! `send`'s settings: the relays and how politely to use them (rates, sessions, window,
//! retries), from flags, then environment, then campaign.toml, then defaults.
//!
//! One relay (`--smtp`, `MISSIVE_SMTP_URL`, `[smtp] url`) or a pool (`[[smtp.relay]]`): a
//! relay on the command line or in the environment replaces the pool. A pool entry's keys
//! it leaves unset come from `[smtp]` and `[throttle]`; flags apply to every relay.

use std::path::{Path, PathBuf};

use super::{Campaign, ConfigError, RateSpecs, RelaySection, SmtpSection, parent_of};
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

/// How `send` reaches its relays, and how politely.
#[derive(Debug, Clone)]
pub struct SendSettings {
    /// One relay, or the pool of `[[smtp.relay]]`, in the order written.
    pub relays: Vec<RelaySettings>,
    pub insecure: bool,
    pub limit: Option<usize>,
    pub yes: bool,
    /// Limits per recipient domain, shared by every relay.
    pub per_domain: Vec<(String, Rate)>,
    /// Retries and the window; its `concurrency` is the sessions of all relays together
    /// (each relay keeps to its own).
    pub policy: SessionPolicy,
}

/// One relay: where, the login, its own limits and its share.
#[derive(Debug, Clone)]
pub struct RelaySettings {
    pub relay: RelayUrl,
    /// Where it was configured, for messages: `campaign.toml: [[smtp.relay]] #2`, or the
    /// relay's address for a single relay.
    pub origin: String,
    pub username: Option<String>,
    pub password_command: Option<String>,
    /// Prints an OAuth 2 access token: the login is XOAUTH2, over TLS only.
    pub token_command: Option<String>,
    pub ca_file: Option<PathBuf>,
    /// The rate limits in force (empty: unlimited).
    pub rates: Vec<Rate>,
    /// SMTP sessions at once.
    pub concurrency: usize,
    /// Messages before a session is renewed.
    pub per_connection: usize,
    /// Its share of the messages against the other relays'.
    pub weight: u32,
}

impl SendSettings {
    /// Flags, then environment (`MISSIVE_SMTP_URL`), then campaign.toml.
    pub fn resolve(args: &SendArgs, campaign: &Campaign) -> Result<Self, ConfigError> {
        let overriding = args.smtp.clone().or_else(|| {
            std::env::var("MISSIVE_SMTP_URL")
                .ok()
                .filter(|u| !u.is_empty())
        });
        let smtp = &campaign.smtp;
        let base = campaign.file.as_deref().map(parent_of).unwrap_or_default();
        let relays = match (overriding, smtp.url.clone()) {
            (None, _) if !smtp.relay.is_empty() => smtp
                .relay
                .iter()
                .map(|entry| resolve_relay(args, campaign, &base, entry))
                .collect::<Result<Vec<_>, _>>()?,
            (Some(url), _) | (None, Some(url)) => {
                let single = RelaySection {
                    url: Some(url),
                    ..RelaySection::default()
                };
                vec![resolve_relay(args, campaign, &base, &single)?]
            }
            (None, None) => return Err(ConfigError::NoRelay),
        };
        // Sessions of the whole run, all relays together.
        let concurrency = relays.iter().map(|r| r.concurrency).sum();
        let throttle = &campaign.throttle;
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
            retry,
            max_consecutive_failures: args
                .max_failures_in_a_row
                .unwrap_or(SessionPolicy::default().max_consecutive_failures)
                .max(1),
            schedule,
        };
        Ok(Self {
            relays,
            insecure: args.insecure,
            limit: args.limit,
            yes: args.yes,
            per_domain,
            policy,
        })
    }

    /// Whether the messages are spread over several relays.
    pub fn is_pool(&self) -> bool {
        self.relays.len() > 1
    }
}

/// One relay: the entry's keys, then `[smtp]`'s and `[throttle]`'s; flags win over both.
fn resolve_relay(
    args: &SendArgs,
    campaign: &Campaign,
    base: &Path,
    entry: &RelaySection,
) -> Result<RelaySettings, ConfigError> {
    let smtp: &SmtpSection = &campaign.smtp;
    let throttle = &campaign.throttle;
    let pooled = !entry.origin.is_empty();
    // An error about a pool entry names it; one about the single relay reads as before.
    let named = |error: ConfigError| {
        if pooled {
            ConfigError::RelayEntry {
                entry: entry.origin.clone(),
                problem: error.to_string(),
            }
        } else {
            error
        }
    };
    let url = entry.url.as_deref().ok_or(ConfigError::NoRelay)?;
    let relay = RelayUrl::parse(url).map_err(|e| named(e.into()))?;
    let concurrency = args
        .concurrency
        .or(entry.concurrency)
        .or(throttle.concurrency)
        .unwrap_or(DEFAULT_CONCURRENCY);
    if concurrency == 0 {
        return Err(named(ConfigError::Invalid {
            what: "concurrency",
            value: "0".into(),
            reason: "at least one SMTP session is needed".into(),
        }));
    }
    let rate = entry.rate.as_ref().or(throttle.rate.as_ref());
    let rates = resolve_rates(&args.rates, rate, relay.is_loopback()).map_err(named)?;
    // The secret's source comes whole from one side, as with a profile.
    let (password_command, token_command) =
        if entry.password_command.is_some() || entry.token_command.is_some() {
            (entry.password_command.clone(), entry.token_command.clone())
        } else {
            (smtp.password_command.clone(), smtp.token_command.clone())
        };
    Ok(RelaySettings {
        // `--smtp-user ''` sends without logging in (a local relay), whatever the file says.
        username: args
            .smtp_user
            .clone()
            .or_else(|| relay.username.clone())
            .or_else(|| entry.username.clone())
            .or_else(|| smtp.username.clone())
            .filter(|user| !user.is_empty()),
        origin: if pooled {
            entry.origin.clone()
        } else {
            relay.to_string()
        },
        relay,
        password_command,
        token_command,
        ca_file: args.ca_file.clone().or_else(|| {
            entry
                .ca_file
                .as_ref()
                .or(smtp.ca_file.as_ref())
                .map(|c| base.join(c))
        }),
        rates,
        concurrency,
        per_connection: args
            .per_connection
            .or(entry.per_connection)
            .or(throttle.per_connection)
            .unwrap_or(DEFAULT_PER_CONNECTION)
            .max(1),
        weight: entry.weight.unwrap_or(1).max(1),
    })
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::Common;

    fn campaign(dir: &Path, toml: &str) -> Campaign {
        let file = dir.join("campaign.toml");
        std::fs::write(&file, toml).expect("campaign.toml");
        Campaign::resolve(&Common {
            campaign: Some(file),
            ..Common::default()
        })
        .expect("a valid campaign")
    }

    const POOL: &str = "template = \"m.md\"\nrecipients = \"l.csv\"\n\
        [smtp]\nusername = \"ien\"\npassword_command = \"pass smtp\"\nca_file = \"ca.pem\"\n\
        [throttle]\nrate = \"30/min\"\nconcurrency = 3\n\
        [[smtp.relay]]\nurl = \"smtps://a.example\"\nweight = 2\n\
        [[smtp.relay]]\nurl = \"smtps://b.example\"\nusername = \"autre\"\ntoken_command = \"oauth\"\nrate = \"2/s\"\nconcurrency = 1\nca_file = \"b.pem\"\n";

    #[test]
    fn pool_entries_take_what_they_leave_out_from_smtp_and_throttle() {
        let dir = tempfile::tempdir().expect("temp dir");
        let settings =
            SendSettings::resolve(&SendArgs::default(), &campaign(dir.path(), POOL)).expect("ok");
        let [a, b] = settings.relays.as_slice() else {
            panic!("two relays: {:?}", settings.relays);
        };
        assert!(settings.is_pool());
        assert_eq!((a.weight, b.weight), (2, 1));
        assert_eq!(a.username.as_deref(), Some("ien"));
        assert_eq!(a.password_command.as_deref(), Some("pass smtp"));
        assert_eq!(a.ca_file, Some(dir.path().join("ca.pem")));
        assert_eq!(
            (a.concurrency, a.rates[0].to_string().as_str()),
            (3, "30/min")
        );
        assert_eq!(b.username.as_deref(), Some("autre"));
        assert_eq!(
            b.password_command, None,
            "the secret comes whole from the entry"
        );
        assert_eq!(b.token_command.as_deref(), Some("oauth"));
        assert_eq!(b.ca_file, Some(dir.path().join("b.pem")));
        assert_eq!((b.concurrency, b.rates[0].to_string().as_str()), (1, "2/s"));
        assert!(
            b.origin.ends_with("campaign.toml: [[smtp.relay]] #2"),
            "{}",
            b.origin
        );
    }

    #[test]
    fn flags_apply_to_every_relay_and_smtp_replaces_the_pool() {
        let dir = tempfile::tempdir().expect("temp dir");
        let campaign = campaign(dir.path(), POOL);
        let flags = SendArgs {
            concurrency: Some(5),
            rates: vec!["unlimited".into()],
            ..SendArgs::default()
        };
        let settings = SendSettings::resolve(&flags, &campaign).expect("ok");
        assert!(
            settings
                .relays
                .iter()
                .all(|r| r.concurrency == 5 && r.rates.is_empty())
        );
        let one = SendArgs {
            smtp: Some("smtp://127.0.0.1:2525".into()),
            ..SendArgs::default()
        };
        let settings = SendSettings::resolve(&one, &campaign).expect("ok");
        assert_eq!(settings.relays.len(), 1);
        assert_eq!(
            settings.relays[0].relay.to_string(),
            "smtp://127.0.0.1:2525"
        );
        assert_eq!(settings.relays[0].username.as_deref(), Some("ien"));
    }
}
