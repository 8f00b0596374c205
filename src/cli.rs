//! The command line, as clap definitions. Every value with a form is parsed here by its
//! type (a rate, a window, a duration, a relay address, an email address, a count), so a
//! bad value is clap's usage error (exit 2) naming the flag and the form it takes;
//! combining flags with the environment and campaign.toml is `config`'s job.
//!
//! The environment binds here too: `MISSIVE_SMTP_URL` is `--smtp`'s. The password is not a
//! flag: see [`crate::secret::password_from`].

use std::ffi::{OsStr, OsString};
use std::fmt;
use std::num::NonZeroUsize;
use std::path::PathBuf;
use std::str::FromStr;

use clap::builder::TypedValueParser;
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Args, FromArgMatches, Parser, Subcommand};
use lettre::Address;

use crate::config::SaveSent;
use crate::deliver::RelayUrl;
use crate::deliver::retry::Delay;
use crate::deliver::throttle::RateLimit;
use crate::deliver::window::{LocalMoment, SendingWindow};
use crate::i18n::Lang;
use crate::recipients::{Delimiter, TextEncoding};

pub(crate) mod help;
mod usage_error;

/// The command line of this process, its language chosen first (`--lang`, the environment),
/// so `--help` and the usage errors speak it; a usage error ends the process (exit 2).
pub fn parse() -> Cli {
    parse_from(std::env::args_os())
}

/// [`parse`] over these arguments (the first is the program's name).
pub fn parse_from(args: impl IntoIterator<Item = impl Into<OsString>>) -> Cli {
    let args: Vec<OsString> = args.into_iter().map(Into::into).collect();
    crate::i18n::start(lang_flag(&args));
    match try_parse(&args) {
        Ok(cli) => cli,
        Err(error) => usage_error(&error, &args),
    }
}

/// `--lang fr` or `--lang=en` among the arguments, before `--`; clap checks it again.
fn lang_flag(args: &[OsString]) -> Option<Lang> {
    let mut words = args
        .iter()
        .skip(1)
        .map(|arg| arg.to_str().unwrap_or_default());
    while let Some(word) = words.next() {
        let value = match word {
            "--" => return None,
            "--lang" => words.next(),
            _ => word.strip_prefix("--lang="),
        };
        match value {
            Some("fr") => return Some(Lang::Fr),
            Some("en") => return Some(Lang::En),
            _ => {}
        }
    }
    None
}

/// The command line parsed by the command of the run's language.
fn try_parse(args: &[OsString]) -> Result<Cli, clap::Error> {
    let mut command = help::localized(crate::i18n::lang());
    let mut matches = command.try_get_matches_from_mut(args)?;
    Cli::from_arg_matches_mut(&mut matches).map_err(|error| error.format(&mut command))
}

/// Prints clap's help, version or usage error, in the run's language, and ends the process.
fn usage_error(error: &clap::Error, args: &[OsString]) -> ! {
    let help = matches!(
        error.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    );
    if help {
        error.exit();
    }
    crate::i18n::audit::check(|| match try_parse(args) {
        Err(error) => usage_error::words(&error),
        Ok(_) => String::new(),
    });
    if crate::i18n::lang() == Lang::En {
        error.exit();
    }
    eprint!("{}", usage_error::say(error));
    std::process::exit(error.exit_code());
}

/// Merge a template with a recipient list and send one personalised email per recipient.
#[derive(Debug, Parser)]
#[command(name = "missive", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// The language missive speaks (default: `MISSIVE_LANG`, then the locale: `LC_ALL`,
    /// `LC_MESSAGES`, `LANG`; French when it starts with `fr`, English otherwise).
    #[arg(long, global = true, value_enum)]
    pub lang: Option<Language>,
}

/// A language missive speaks (`--lang`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Language {
    /// English.
    En,
    /// Français.
    Fr,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write a sample campaign (a circular, its infographic, a list, campaign.toml); never overwrites.
    /// With `--from-eml`, a campaign relaying a received email to a staff list.
    Init {
        /// Folder to write into (created if missing).
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// A received email saved as .eml: its body (note and forwarded block above it), its
        /// attachments and its subject (`TR : …`) become the campaign, sent to a staff list.
        #[arg(long, value_name = "FILE")]
        from_eml: Option<PathBuf>,
        /// The subject of the relayed messages, instead of `TR : <original subject>`.
        #[arg(long, requires = "from_eml")]
        subject: Option<String>,
        /// A bundle made by `missive bundle`: its template, attachments and limits become the
        /// campaign; add your own list and relay.
        #[arg(long, value_name = "BUNDLE", conflicts_with = "from_eml")]
        from: Option<PathBuf>,
    },
    /// Load, render and compose every message; report every problem; send nothing.
    Check(CheckArgs),
    /// Write the dry-run a reviewer reads: index.html (a gallery for any browser), a page and
    /// an .eml per message (a sample of .eml beyond 1,000), manifest.json (the plan's fingerprint).
    Preview {
        #[command(flatten)]
        common: Common,
        /// Folder for the preview (replaced if it holds an earlier preview).
        #[arg(long, short = 'o', default_value = "preview")]
        out: PathBuf,
        /// Open the gallery in a browser once written.
        #[arg(long)]
        open: bool,
        /// Write only the .eml of message N of the preview in `--out` (checked to be the one
        /// reviewed), for a big campaign whose preview holds a sample.
        #[arg(long, value_name = "N", conflicts_with = "open")]
        only: Option<usize>,
        #[command(flatten)]
        warnings: WarningsArg,
    },
    /// Send the messages for real.
    Send(Box<SendArgs>),
    /// Put each message in your mailbox's Drafts folder (IMAP) instead of sending it: you
    /// send them from your own mail client. The same checks and confirmation as `send`.
    Drafts(Box<DraftsArgs>),
    /// Read the bounces, delay warnings and read receipts that came back to the mailbox
    /// (IMAP, read-only: nothing deleted, moved or marked read) into the journal.
    Collect(CollectArgs),
    /// The addresses every campaign leaves out because they bounced for good (the
    /// suppression list, filled by `collect`): list them, or take one off with `--remove`.
    Suppressed(SuppressedArgs),
    /// What the journal knows: how many recipients are sent, failed, uncertain, pending; what to do next.
    Status(Common),
    /// One line per recipient: row, address, status, SMTP code and reply, Message-ID, attempts, time.
    Report(ReportArgs),
    /// Pack the campaign into one .tar to relay: template folder, attachments, limits; no
    /// list, no login (`missive init --from BUNDLE` unpacks it).
    Bundle {
        #[command(flatten)]
        common: Common,
        /// The bundle to write (default: `<campaign id>.tar`).
        #[arg(long, short = 'o', value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Print the completion script of a shell (bash, zsh, fish, elvish, powershell).
    Completions {
        /// The shell to complete for.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), or write it and one page per command into a folder.
    Man {
        /// Write `missive.1` and `missive-<command>.1` into DIR instead of printing.
        #[arg(long, short = 'o', value_name = "DIR")]
        out: Option<PathBuf>,
    },
}

/// `missive suppressed`.
#[derive(Debug, Args, Clone, Default)]
pub struct SuppressedArgs {
    /// The campaign file whose `suppression_list` to use (default: ./campaign.toml when it
    /// exists; without one, `suppressed.csv` beside the profiles' config.toml).
    #[arg(long, short = 'c')]
    pub campaign: Option<PathBuf>,
    /// Take this address off the list: campaigns send to it again.
    #[arg(long, value_name = "ADDRESS")]
    pub remove: Option<String>,
}

/// Options every command that reads a campaign takes.
#[derive(Debug, Args, Clone, Default)]
pub struct Common {
    /// The campaign file (default: ./campaign.toml when it exists).
    #[arg(long, short = 'c', global = true)]
    pub campaign: Option<PathBuf>,
    /// The message template (overrides campaign.toml).
    #[arg(long, short = 't')]
    pub template: Option<PathBuf>,
    /// The recipient list (overrides campaign.toml).
    #[arg(long, short = 'r')]
    pub recipients: Option<PathBuf>,
    /// A file attached to every message (repeatable; adds to campaign.toml's).
    #[arg(long = "attach", short = 'a')]
    pub attach: Vec<PathBuf>,
    /// Only the rows for which EXPR holds (check, preview, send), written as in a template's
    /// `{% if %}`: `--where 'circonscription == "Lille 3"'`. The others are left out.
    #[arg(long = "where", value_name = "EXPR")]
    pub filter: Option<String>,
    /// The SMTP profile of ~/.config/missive/config.toml to send with (overrides campaign.toml's
    /// `profile`); the campaign's own [smtp] keys still win over the profile's.
    #[arg(long, value_name = "NAME")]
    pub profile: Option<String>,
    /// The recipient list's delimiter: `;`, `,` or `tab` (detected when not given).
    #[arg(long, value_parser = typed::<Delimiter>())]
    pub delimiter: Option<Delimiter>,
    /// The recipient list's encoding: `utf-8`, `utf-16le`, `utf-16be` or `windows-1252`
    /// (detected when not given: byte-order mark, then UTF-8, then Windows-1252).
    #[arg(long, value_parser = typed::<TextEncoding>())]
    pub encoding: Option<TextEncoding>,
    /// The spreadsheet's sheet to read (default: the first one).
    #[arg(long)]
    pub sheet: Option<String>,
    /// Send to the same recipients as many times as they appear in the list (default: once).
    #[arg(long)]
    pub allow_duplicates: bool,
    /// Go on with the valid rows and report the others, instead of refusing to run.
    #[arg(long)]
    pub skip_invalid: bool,
    /// The journal of what was sent (default: `.missive/journal.sqlite` in the folder of
    /// campaign.toml, or of the template when there is none), or a `PostgreSQL` journal several
    /// machines share, `postgres://USER@127.0.0.1:PORT/DATABASE` (password in `PGPASSWORD`
    /// or `~/.pgpass`). `status` and `report` take it several times to see the journals of
    /// several shards (or machines) as one.
    #[arg(long, value_name = "FILE|URL")]
    pub journal: Vec<PathBuf>,
    /// Only this machine's share of the list: shard I of N (from 1), chosen by recipient, the
    /// same on every machine; its journal is `.missive/journal-shard-I-of-N.sqlite`.
    #[arg(long, value_name = "I/N")]
    pub shard: Option<crate::shard::Shard>,
    /// Say more about what is done.
    #[arg(long, short = 'v')]
    pub verbose: bool,
    /// How check, preview and send report what happens: `text` for a person, or `json`, one
    /// JSON object per line on standard output for each row or message, ending with a
    /// `summary` (the words for a person then go to standard error).
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = crate::events::EventFormat::Text)]
    pub events: crate::events::EventFormat,
}

/// `check`'s options: the campaign's, and the relay whose pace its sending plan shows.
#[derive(Debug, Args, Clone, Default)]
pub struct CheckArgs {
    #[command(flatten)]
    pub common: Common,
    #[command(flatten)]
    pub relay: RelayArg,
    #[command(flatten)]
    pub warnings: WarningsArg,
}

/// `--deny-warnings`: `check`, `preview` and `send` take it.
#[derive(Debug, Args, Clone, Copy, Default)]
pub struct WarningsArg {
    /// Make warnings errors, for scripts: a message that may land in spam or read badly, a
    /// duplicate row, an address only some relays carry then ends the run with exit code 1,
    /// before anything is sent (send) or written (preview).
    #[arg(long)]
    pub deny_warnings: bool,
}

/// `--smtp`, or `MISSIVE_SMTP_URL`: `send`'s relay, and the one `check` plans the pace for
/// (a relay on this machine has no rate limit by default).
#[derive(Debug, Args, Clone, Default)]
pub struct RelayArg {
    /// The relay: `smtps://host:465`, `smtp://host:587?tls=required`; plain `smtp://` to
    /// loopback only (default: campaign.toml's).
    #[arg(
        long,
        value_name = "URL",
        env = "MISSIVE_SMTP_URL",
        hide_env_values = true,
        value_parser = typed::<RelayUrl>()
    )]
    pub smtp: Option<RelayUrl>,
}

/// `drafts`' options: the campaign's, the mailbox, and what `send` checks before it goes.
#[derive(Debug, Args, Clone, Default)]
pub struct DraftsArgs {
    #[command(flatten)]
    pub common: Common,
    #[command(flatten)]
    pub mailbox: MailboxArgs,
    /// Do not ask for confirmation (required when not on a terminal).
    #[arg(long)]
    pub yes: bool,
    /// Only the first N messages.
    #[arg(long, value_name = "N", value_parser = typed::<Count>())]
    pub limit: Option<Count>,
    /// Go on after the template or an attachment changed, though part of the campaign was
    /// sent or drafted in its earlier version.
    #[arg(long)]
    pub new_revision: bool,
    /// Only if the messages are exactly those previewed in DIR (`missive preview --out DIR`).
    #[arg(long, value_name = "DIR")]
    pub reviewed: Option<PathBuf>,
    #[command(flatten)]
    pub warnings: WarningsArg,
}

/// `collect`'s options: the campaign's and the mailbox.
#[derive(Debug, Args, Clone, Default)]
pub struct CollectArgs {
    #[command(flatten)]
    pub common: Common,
    #[command(flatten)]
    pub mailbox: MailboxArgs,
}

/// The mailbox of a command that cannot do without one (`drafts`, `collect`): where, and
/// how to log in.
#[derive(Debug, Args, Clone, Default)]
pub struct MailboxArgs {
    #[command(flatten)]
    pub url: ImapArg,
    /// The login name on the mailbox (default: `[imap] username`, else the relay's).
    #[arg(long)]
    pub imap_user: Option<String>,
    /// A private certificate authority (PEM) to trust besides the system's.
    #[arg(long)]
    pub ca_file: Option<PathBuf>,
}

/// The mailbox (IMAP) of copies, drafts, bounces and receipts.
#[derive(Debug, Args, Clone, Default)]
pub struct ImapArg {
    /// The mailbox: `imaps://host:993`, `imap://host:143?tls=required`; plain `imap://` to
    /// loopback only (default: campaign.toml's `[imap] url`). Its login is the relay's
    /// unless `[imap]` gives its own; its password: `MISSIVE_IMAP_PASSWORD`.
    #[arg(
        long,
        value_name = "URL",
        env = "MISSIVE_IMAP_URL",
        hide_env_values = true
    )]
    pub imap: Option<String>,
}

#[derive(Debug, Args, Clone, Default)]
#[allow(clippy::struct_excessive_bools)] // each bool is a flag of the command line
pub struct SendArgs {
    #[command(flatten)]
    pub common: Common,
    #[command(flatten)]
    pub relay: RelayArg,
    /// The login name on the relay (its password: `MISSIVE_SMTP_PASSWORD`, `password_command`
    /// in campaign.toml, or a prompt); `--smtp-user ''` sends without logging in.
    #[arg(long)]
    pub smtp_user: Option<String>,
    /// A private certificate authority (PEM) to trust besides the system's.
    #[arg(long)]
    pub ca_file: Option<PathBuf>,
    /// Do not ask for confirmation (required when not on a terminal).
    #[arg(long)]
    pub yes: bool,
    /// Only the first N messages.
    #[arg(long, value_name = "N", value_parser = typed::<Count>())]
    pub limit: Option<Count>,
    /// Test send: the selected rows, each rendered with its own data, all go to ADDRESS alone.
    #[arg(long, value_name = "ADDRESS", value_parser = email_address())]
    pub to: Option<Address>,
    /// A rate limit: `30/min`, `2/s`, `1000/h`, `5000/day` (repeatable: all hold), or `unlimited`.
    #[arg(long = "rate", value_name = "SPEC", value_parser = typed::<RateLimit>())]
    pub rates: Vec<RateLimit>,
    /// How many SMTP sessions at once.
    #[arg(long, value_name = "N", value_parser = typed::<Count>())]
    pub concurrency: Option<Count>,
    /// Messages sent in one SMTP session before it is renewed.
    #[arg(long, value_name = "N", value_parser = typed::<Count>())]
    pub per_connection: Option<Count>,
    /// Send only inside these local hours, e.g. `18:00-07:30`; outside, missive waits.
    #[arg(long, value_name = "HH:MM-HH:MM", value_parser = typed::<SendingWindow>())]
    pub window: Option<SendingWindow>,
    /// Send nothing before this local time, e.g. `2021-04-25 18:00`.
    #[arg(long, value_name = "DATETIME", value_parser = typed::<LocalMoment>())]
    pub not_before: Option<LocalMoment>,
    /// The wait before a deferred address is tried again (a greylist's 451); it doubles
    /// each time, jittered (default `1min`: retries after about 1, 3, 7, 15 minutes).
    #[arg(long, value_name = "DURATION", value_parser = typed::<Delay>())]
    pub retry_base: Option<Delay>,
    /// How long a run keeps trying deferred addresses after their first try (default
    /// `30min`); what is still deferred then waits for the next `missive send`.
    #[arg(long, value_name = "DURATION", value_parser = typed::<Delay>())]
    pub retry_for: Option<Delay>,
    /// Attempts per message in one run, the first included (default 10).
    #[arg(long, value_name = "N", value_parser = typed::<Count>())]
    pub max_attempts: Option<Count>,
    /// Stop the run after this many failures of the relay in a row (a busy or refusing
    /// relay, a broken session; a recipient's own refusal does not count).
    #[arg(long, value_name = "N", value_parser = typed::<Count>())]
    pub max_failures_in_a_row: Option<Count>,
    /// How long to wait for the relay at each step: connecting, its greeting, each
    /// command's reply (default `15s` to connect, `30s` for the greeting, `1min` per
    /// command); `[smtp] timeout` in campaign.toml.
    #[arg(long, value_name = "DURATION", value_parser = typed::<Delay>())]
    pub timeout: Option<Delay>,
    /// How long to wait for the relay's reply once a message is sent (default `3min`);
    /// `[smtp] data_timeout` in campaign.toml.
    #[arg(long, value_name = "DURATION", value_parser = typed::<Delay>())]
    pub data_timeout: Option<Delay>,
    /// Allow plaintext SMTP to a host that is not this machine.
    #[arg(long)]
    pub insecure: bool,
    /// Send again to the recipients the relay refused for good in an earlier run.
    #[arg(long)]
    pub retry_failed: bool,
    /// Send again to the recipients who may have got it (their run stopped before the relay
    /// replied); the Message-ID is the same, so a resend is recognisable.
    #[arg(long)]
    pub retry_uncertain: bool,
    /// Go on after the template or an attachment changed, though part of the campaign was
    /// sent in its earlier version.
    #[arg(long)]
    pub new_revision: bool,
    /// Send only if the messages are exactly those previewed in DIR (`missive preview --out
    /// DIR`); otherwise say what changed and send nothing.
    #[arg(long, value_name = "DIR", conflicts_with = "to")]
    pub reviewed: Option<PathBuf>,
    #[command(flatten)]
    pub warnings: WarningsArg,
    #[command(flatten)]
    pub mailbox: ImapArg,
    /// Keep copies in the mailbox's Sent folder: `each` message, the `first` one for the
    /// campaign, or `none` (default: campaign.toml's `[imap] save_sent`, else none).
    #[arg(long, value_name = "MODE", value_parser = typed::<SaveSent>())]
    pub save_sent: Option<SaveSent>,
}

#[derive(Debug, Args, Clone)]
pub struct ReportArgs {
    #[command(flatten)]
    pub common: Common,
    /// The format: `csv` or `jsonl` (one JSON object per line).
    #[arg(long, value_enum, default_value_t = ReportFormat::Csv)]
    pub format: ReportFormat,
    /// Write the report to FILE instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// The formats of `missive report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    Csv,
    Jsonl,
}

/// A whole number of 1 or more, as the flags that count take it (`--concurrency 2`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Count(NonZeroUsize);

/// Why a count is not understood.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{}", t!("help-count-invalid", value = .0.as_str()))]
pub struct CountError(String);

impl Count {
    /// The number, at least 1.
    pub fn get(self) -> usize {
        self.0.get()
    }
}

impl FromStr for Count {
    type Err = CountError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        text.trim()
            .parse::<NonZeroUsize>()
            .map(Self)
            .map_err(|_| CountError(text.to_string()))
    }
}

impl fmt::Display for Count {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// Parses a flag's value with its type, for clap: a bad value is a usage error (exit 2).
#[derive(Clone)]
pub struct FlagValue<T> {
    parse: fn(&str) -> Result<T, String>,
}

/// The value parser of a flag whose type says its form by `FromStr`.
pub fn typed<T>() -> FlagValue<T>
where
    T: FromStr,
    T::Err: fmt::Display,
{
    FlagValue {
        parse: |text| text.parse().map_err(|error: T::Err| error.to_string()),
    }
}

/// `--to`'s: one email address (`Name <address>` is taken for its address).
fn email_address() -> FlagValue<Address> {
    FlagValue {
        parse: |text| crate::recipients::address::parse_address(text).map_err(|e| e.to_string()),
    }
}

impl<T: Clone + Send + Sync + 'static> TypedValueParser for FlagValue<T> {
    type Value = T;

    /// The message names the flag (and the variable, when the value came from there) and
    /// gives the type's own words, which quote the value as it may be shown: a relay
    /// address's password masked, where clap's own message would repeat it whole.
    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &OsStr,
    ) -> Result<T, clap::Error> {
        let problem = match value.to_str() {
            Some(text) => match (self.parse)(text) {
                Ok(parsed) => return Ok(parsed),
                Err(problem) => problem,
            },
            None => t!("help-flag-not-utf8"),
        };
        let variable = arg
            .and_then(clap::Arg::get_env)
            .filter(|name| std::env::var_os(name).as_deref() == Some(value))
            .map(|name| name.to_string_lossy().into_owned());
        let message = match (arg, variable) {
            (None, _) => t!("help-flag-invalid-value", problem = problem),
            (Some(arg), None) => t!(
                "help-flag-invalid",
                flag = arg.to_string(),
                problem = problem
            ),
            (Some(arg), Some(variable)) => t!(
                "help-flag-invalid-from-env",
                flag = arg.to_string(),
                variable = variable,
                problem = problem
            ),
        };
        let mut command = cmd.clone();
        let mut error = command.error(ErrorKind::ValueValidation, &message);
        // For the French words of the error (usage_error.rs): the message and the usage.
        error.insert(ContextKind::Custom, ContextValue::String(message));
        error.insert(
            ContextKind::Usage,
            ContextValue::StyledStr(command.render_usage()),
        );
        Err(error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Cli, clap::Error> {
        Cli::try_parse_from(std::iter::once("missive").chain(args.iter().copied()))
    }

    #[test]
    fn counts_are_one_or_more() {
        assert_eq!("3".parse::<Count>().map(Count::get).ok(), Some(3));
        for bad in ["0", "-1", "deux", ""] {
            let error = bad.parse::<Count>().expect_err(bad).to_string();
            assert!(
                error.contains("a whole number of 1 or more, like `2`"),
                "{error}"
            );
        }
    }

    #[test]
    fn typed_flags_parse_into_their_types() {
        let Ok(Cli {
            command: Command::Send(args),
            ..
        }) = parse(&[
            "send",
            "--rate",
            "30/min",
            "--rate",
            "unlimited",
            "--window",
            "18:00-07:30",
            "--retry-base",
            "2min",
            "--to",
            "moi@ac-lille.fr",
            "--concurrency",
            "3",
            "--smtp",
            "smtp://127.0.0.1:2525",
            "--delimiter",
            "tab",
        ])
        else {
            panic!("send parses");
        };
        assert_eq!(
            args.rates
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>(),
            ["30/min", "unlimited"]
        );
        assert_eq!(
            args.window.map(|w| w.to_string()).as_deref(),
            Some("18:00-07:30")
        );
        assert_eq!(
            args.retry_base.map(|d| d.to_string()).as_deref(),
            Some("2min")
        );
        assert_eq!(
            args.to.map(|a| a.to_string()).as_deref(),
            Some("moi@ac-lille.fr")
        );
        assert_eq!(args.concurrency.map(Count::get), Some(3));
        assert!(args.relay.smtp.is_some_and(|relay| relay.is_loopback()));
        assert_eq!(args.common.delimiter.map(Delimiter::byte), Some(b'\t'));
    }

    #[test]
    fn a_bad_value_is_a_usage_error_naming_the_flag_and_the_form() {
        for (args, form) in [
            (&["send", "--rate", "vite"][..], "like `30/min`"),
            (&["send", "--window", "soir"][..], "like `18:00-07:30`"),
            (
                &["send", "--not-before", "demain"][..],
                "like `2021-04-25 18:00`",
            ),
            (
                &["send", "--retry-base", "bientot"][..],
                "like `5s`, `2min` or `1h`",
            ),
            (&["send", "--to", "moi"][..], "`name@domain.fr`"),
            (&["send", "--concurrency", "0"][..], "1 or more"),
            (
                &["send", "--smtp", "smtp.ac-lille.fr"][..],
                "like `smtps://",
            ),
            (&["check", "--encoding", "ebcdic"][..], "use `utf-8`"),
            (&["check", "--delimiter", "|"][..], "use `;`, `,` or `tab`"),
        ] {
            let error = parse(args).expect_err(args[2]);
            assert_eq!(error.kind(), ErrorKind::ValueValidation, "{args:?}");
            assert_eq!(error.exit_code(), 2);
            let message = error.to_string();
            assert!(message.contains(&format!("'{} <", args[1])), "{message}");
            assert!(message.contains(form), "{message}");
        }
    }

    #[test]
    fn a_password_in_a_relay_address_is_never_repeated() {
        let error = parse(&["send", "--smtp", "smtp://u:hunter2@smtp.x.fr"]).expect_err("refused");
        assert!(!error.to_string().contains("hunter2"), "{error}");
        assert_eq!(error.exit_code(), 2);
    }
}
