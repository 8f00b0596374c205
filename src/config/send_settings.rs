//! `send`'s settings: the relays and how politely to use them (rates, sessions, window,
//! retries), from flags (the environment's `MISSIVE_SMTP_URL` is bound to `--smtp` by
//! clap), then campaign.toml, then defaults.
//!
//! One relay (`--smtp`, `[smtp] url`) or a pool (`[[smtp.relay]]`): a relay on the command
//! line or in the environment replaces the pool. A pool entry's keys it leaves unset come
//! from `[smtp]` and `[throttle]`; flags apply to every relay.
//!
//! The pace (rates, sessions, window, limits per domain) is resolved apart from the login,
//! so `check` shows the sending plan from the campaign alone: [`Pace::resolve`].

use std::path::{Path, PathBuf};

use super::{
    Campaign, ConfigError, ImapFlags, ImapSettings, RateSpecs, RelaySection, SaveSent, SmtpSection,
    ThrottleSection, parent_of, save_sent,
};
use crate::cli::{Count, SendArgs};
use crate::deliver::retry::Delay;
use crate::deliver::throttle::RateLimit;
use crate::deliver::{
    Rate, RelayUrl, RetryPolicy, Schedule, SendingWindow, SessionPolicy, Timeouts,
};

const DEFAULT_CONCURRENCY: usize = 2;
const DEFAULT_PER_CONNECTION: usize = 100;
/// A remote relay is spared by default; a relay on this machine (a local Postfix) is not.
const DEFAULT_REMOTE_RATE: Rate = Rate {
    count: 60,
    period: std::time::Duration::from_secs(60),
};

/// How `send` reaches its relays, and how politely.
#[derive(Debug, Clone)]
pub(crate) struct SendSettings {
    /// One relay, or the pool of `[[smtp.relay]]`, in the order written.
    pub relays: Vec<RelaySettings>,
    /// How long to wait for a relay at each step.
    pub timeouts: Timeouts,
    pub insecure: bool,
    pub limit: Option<usize>,
    pub yes: bool,
    /// Limits per recipient domain, shared by every relay.
    pub per_domain: Vec<(String, Rate)>,
    /// Retries and the window; its `concurrency` is the sessions of all relays together
    /// (each relay keeps to its own).
    pub policy: SessionPolicy,
    /// The mailbox, when one is given (`--imap`, `[imap] url`).
    pub mailbox: Option<ImapSettings>,
    /// Which accepted messages get a copy in its Sent folder.
    pub save_sent: SaveSent,
}

/// One relay: where, the login, its own limits and its share.
#[derive(Debug, Clone)]
pub(crate) struct RelaySettings {
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

/// How fast a run goes: each relay's limits and sessions, the limits per domain, the
/// window. What `check` shows as the sending plan, and `send` asks to confirm.
#[derive(Debug, Clone)]
pub(crate) struct Pace {
    pub relays: Vec<RelayPace>,
    pub per_domain: Vec<(String, Rate)>,
    pub window: Option<SendingWindow>,
}

/// One relay's pace.
#[derive(Debug, Clone)]
pub(crate) struct RelayPace {
    /// The relay; `None` when none is configured yet, and a remote one is assumed.
    pub relay: Option<RelayUrl>,
    /// The rate limits in force (empty: unlimited).
    pub rates: Vec<Rate>,
    pub concurrency: usize,
    pub per_connection: usize,
    pub weight: u32,
}

/// The flags that change the pace: `send`'s; `check` has none.
#[derive(Debug, Clone, Copy, Default)]
struct PaceFlags<'a> {
    rates: &'a [RateLimit],
    concurrency: Option<Count>,
    per_connection: Option<Count>,
    window: Option<SendingWindow>,
}

impl<'a> From<&'a SendArgs> for PaceFlags<'a> {
    fn from(args: &'a SendArgs) -> Self {
        Self {
            rates: &args.rates,
            concurrency: args.concurrency,
            per_connection: args.per_connection,
            window: args.window,
        }
    }
}

impl Pace {
    /// The pace `send` would keep with no pace flag: through `relay` (`check --smtp` or
    /// `MISSIVE_SMTP_URL`) when given, else the campaign's relay or pool; with none
    /// configured yet, a remote relay's defaults.
    pub(crate) fn resolve(
        relay: Option<&RelayUrl>,
        campaign: &Campaign,
    ) -> Result<Self, ConfigError> {
        let flags = PaceFlags::default();
        let throttle = &campaign.throttle;
        let relays = match chosen_relays(relay, &campaign.smtp)? {
            Some(chosen) => chosen
                .iter()
                .map(|(relay, entry)| relay_pace(&flags, Some(relay), entry, throttle))
                .collect::<Result<Vec<_>, _>>()?,
            None => vec![relay_pace(
                &flags,
                None,
                &RelaySection::default(),
                throttle,
            )?],
        };
        Ok(Self {
            relays,
            per_domain: per_domain(throttle),
            window: flags.window.or(throttle.window),
        })
    }
}

impl SendSettings {
    /// Flags (and `MISSIVE_SMTP_URL`, through `--smtp`), then campaign.toml.
    pub(crate) fn resolve(args: &SendArgs, campaign: &Campaign) -> Result<Self, ConfigError> {
        let chosen =
            chosen_relays(args.relay.smtp.as_ref(), &campaign.smtp)?.ok_or(ConfigError::NoRelay)?;
        let flags = PaceFlags::from(args);
        let base = campaign.file.as_deref().map(parent_of).unwrap_or_default();
        let relays = chosen
            .into_iter()
            .map(|(relay, entry)| resolve_relay(args, &flags, campaign, &base, relay, &entry))
            .collect::<Result<Vec<_>, _>>()?;
        // Sessions of the whole run, all relays together.
        let concurrency = relays.iter().map(|r| r.concurrency).sum();
        let throttle = &campaign.throttle;
        let schedule = Schedule {
            window: flags.window.or(throttle.window),
            not_before: args.not_before.map(|moment| moment.0),
        };
        let defaults = RetryPolicy::default();
        let retry = RetryPolicy {
            base: args.retry_base.map_or(defaults.base, |delay| delay.0),
            max_attempts: args.max_attempts.map_or(defaults.max_attempts, |count| {
                u32::try_from(count.get()).unwrap_or(u32::MAX)
            }),
            horizon: args.retry_for.map_or(defaults.horizon, |delay| delay.0),
        };
        let policy = SessionPolicy {
            concurrency,
            retry,
            max_consecutive_failures: args.max_failures_in_a_row.map_or(
                SessionPolicy::default().max_consecutive_failures,
                Count::get,
            ),
            schedule,
        };
        let mailbox = ImapSettings::resolve(
            ImapFlags {
                url: args.mailbox.imap.as_deref(),
                user: args.smtp_user.as_deref(),
                ca_file: args.ca_file.as_deref(),
            },
            campaign,
        );
        let save_sent = save_sent(args.save_sent, campaign);
        if mailbox.is_none() && save_sent != SaveSent::None {
            return Err(ConfigError::CopiesWithoutMailbox {
                mode: save_sent.as_str(),
            });
        }
        Ok(Self {
            relays,
            timeouts: timeouts(args, &campaign.smtp),
            insecure: args.insecure,
            limit: args.limit.map(Count::get),
            yes: args.yes,
            per_domain: per_domain(throttle),
            policy,
            mailbox,
            save_sent,
        })
    }

    /// Whether the messages are spread over several relays.
    pub(crate) fn is_pool(&self) -> bool {
        self.relays.len() > 1
    }

    /// The pace these settings keep, as `check` shows it.
    pub(crate) fn pace(&self) -> Pace {
        Pace {
            relays: self
                .relays
                .iter()
                .map(|relay| RelayPace {
                    relay: Some(relay.relay.clone()),
                    rates: relay.rates.clone(),
                    concurrency: relay.concurrency,
                    per_connection: relay.per_connection,
                    weight: relay.weight,
                })
                .collect(),
            per_domain: self.per_domain.clone(),
            window: self.policy.schedule.window,
        }
    }
}

/// Each step's timeout: its own flag or key, then `--timeout` or `[smtp] timeout`, then
/// the default.
fn timeouts(args: &SendArgs, smtp: &SmtpSection) -> Timeouts {
    let defaults = Timeouts::default();
    let every = args.timeout.or(smtp.timeout);
    let pick = |own: Option<Delay>, default| own.or(every).map_or(default, |delay| delay.0);
    Timeouts {
        connect: pick(smtp.connect_timeout, defaults.connect),
        greeting: pick(smtp.greeting_timeout, defaults.greeting),
        command: pick(smtp.command_timeout, defaults.command),
        data: args
            .data_timeout
            .or(smtp.data_timeout)
            .map_or(defaults.data, |delay| delay.0),
    }
}

/// The relays of a run, each with its `[[smtp.relay]]` entry (empty for a single relay):
/// the one given (flag or environment) replaces the campaign's; else the pool, else
/// `[smtp] url`. `None` when there is none.
fn chosen_relays(
    given: Option<&RelayUrl>,
    smtp: &SmtpSection,
) -> Result<Option<Vec<(RelayUrl, RelaySection)>>, ConfigError> {
    if let Some(relay) = given {
        return Ok(Some(vec![(relay.clone(), RelaySection::default())]));
    }
    if smtp.relay.is_empty() {
        return smtp
            .url
            .as_deref()
            .map(|url| Ok(vec![(RelayUrl::parse(url)?, RelaySection::default())]))
            .transpose();
    }
    smtp.relay
        .iter()
        .map(|entry| {
            let url = entry.url.as_deref().ok_or(ConfigError::NoRelay)?;
            let relay = RelayUrl::parse(url).map_err(|e| named(entry, e.into()))?;
            Ok((relay, entry.clone()))
        })
        .collect::<Result<Vec<_>, _>>()
        .map(Some)
}

/// An error about a pool entry names it; one about the single relay reads as it is.
fn named(entry: &RelaySection, error: ConfigError) -> ConfigError {
    if entry.origin.is_empty() {
        error
    } else {
        ConfigError::RelayEntry {
            entry: entry.origin.clone(),
            problem: Box::new(super::EntryProblem::Other(Box::new(error))),
        }
    }
}

/// One relay's pace: flags, then the entry's keys, then `[throttle]`'s, then defaults.
fn relay_pace(
    flags: &PaceFlags<'_>,
    relay: Option<&RelayUrl>,
    entry: &RelaySection,
    throttle: &ThrottleSection,
) -> Result<RelayPace, ConfigError> {
    let concurrency = flags
        .concurrency
        .map(Count::get)
        .or(entry.concurrency)
        .or(throttle.concurrency)
        .unwrap_or(DEFAULT_CONCURRENCY);
    if concurrency == 0 {
        return Err(named(entry, ConfigError::NoSession));
    }
    let file_rates = entry.rate.as_ref().or(throttle.rate.as_ref());
    let loopback = relay.is_some_and(RelayUrl::is_loopback);
    Ok(RelayPace {
        relay: relay.cloned(),
        rates: rates(flags.rates, file_rates, loopback),
        concurrency,
        per_connection: flags
            .per_connection
            .map(Count::get)
            .or(entry.per_connection)
            .or(throttle.per_connection)
            .unwrap_or(DEFAULT_PER_CONNECTION)
            .max(1),
        weight: entry.weight.unwrap_or(1).max(1),
    })
}

/// One relay: its pace, and its login from the entry's keys, then `[smtp]`'s; flags win.
fn resolve_relay(
    args: &SendArgs,
    flags: &PaceFlags<'_>,
    campaign: &Campaign,
    base: &Path,
    relay: RelayUrl,
    entry: &RelaySection,
) -> Result<RelaySettings, ConfigError> {
    let smtp: &SmtpSection = &campaign.smtp;
    let pace = relay_pace(flags, Some(&relay), entry, &campaign.throttle)?;
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
        origin: if entry.origin.is_empty() {
            relay.to_string()
        } else {
            entry.origin.clone()
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
        rates: pace.rates,
        concurrency: pace.concurrency,
        per_connection: pace.per_connection,
        weight: pace.weight,
    })
}

/// Flags win over campaign.toml; with neither, a remote relay gets a conservative default.
/// `unlimited` among them turns every limit off.
fn rates(flags: &[RateLimit], file: Option<&RateSpecs>, loopback: bool) -> Vec<Rate> {
    let limits: &[RateLimit] = match (flags, file) {
        ([], Some(file)) => &file.0,
        ([], None) if loopback => return Vec::new(),
        ([], None) => return vec![DEFAULT_REMOTE_RATE],
        (flags, _) => flags,
    };
    if limits.contains(&RateLimit::Unlimited) {
        return Vec::new();
    }
    limits
        .iter()
        .filter_map(|limit| match limit {
            RateLimit::Limited(rate) => Some(*rate),
            RateLimit::Unlimited => None,
        })
        .collect()
}

/// The limits per recipient domain, shared by every relay.
fn per_domain(throttle: &ThrottleSection) -> Vec<(String, Rate)> {
    throttle
        .per_domain
        .iter()
        .map(|(domain, rate)| (domain.clone(), *rate))
        .collect()
}

#[cfg(test)]
#[path = "send_settings_tests.rs"]
mod tests;
