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
            concurrency: "5".parse().ok(),
            rates: vec![RateLimit::Unlimited],
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
            relay: crate::cli::RelayArg {
                smtp: "smtp://127.0.0.1:2525".parse().ok(),
            },
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

    #[test]
    fn the_pace_needs_no_relay_and_follows_the_one_given() {
        let dir = tempfile::tempdir().expect("temp dir");
        let campaign = campaign(
            dir.path(),
            "template = \"m.md\"\nrecipients = \"l.csv\"\n[throttle]\nwindow = \"18:00-07:30\"\nper_domain = { \"ac-lille.fr\" = \"20/min\" }\n",
        );
        let unknown = Pace::resolve(None, &campaign).expect("no relay yet");
        let [one] = unknown.relays.as_slice() else {
            panic!("one relay: {unknown:?}");
        };
        assert!(one.relay.is_none());
        assert_eq!(one.rates, [DEFAULT_REMOTE_RATE], "a remote relay is spared");
        assert_eq!(
            unknown.window.map(|w| w.to_string()).as_deref(),
            Some("18:00-07:30")
        );
        assert_eq!(unknown.per_domain[0].1.to_string(), "20/min");
        let local: RelayUrl = "smtp://127.0.0.1:2525".parse().expect("valid");
        let local = Pace::resolve(Some(&local), &campaign).expect("a local relay");
        assert!(local.relays[0].rates.is_empty(), "a local relay is not");
        let pool = Pace::resolve(None, &self::campaign(dir.path(), POOL)).expect("a pool");
        assert_eq!(pool.relays.len(), 2);
        assert_eq!(pool.relays[1].rates[0].to_string(), "2/s");
    }

    #[test]
    fn send_keeps_the_pace_check_shows() {
        let dir = tempfile::tempdir().expect("temp dir");
        let campaign = campaign(dir.path(), POOL);
        let shown = Pace::resolve(None, &campaign).expect("a pool");
        let kept = SendSettings::resolve(&SendArgs::default(), &campaign)
            .expect("valid")
            .pace();
        assert_eq!(format!("{shown:?}"), format!("{kept:?}"));
    }
}
