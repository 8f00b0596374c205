//! The command line, as clap definitions. Every value with a form is parsed here by its
//! type (a rate, a window, a duration, a relay address, an email address, a count), so a
//! bad value is clap's usage error (exit 2) naming the flag and the form it takes;
//! combining flags with the environment and campaign.toml is `config`'s job.
//!
//! The environment binds here too: `MISSIVE_SMTP_URL` is `--smtp`'s. The password is not a
//! flag: see [`crate::secret::password_from`].
//!
//! The doc comments are the English of `--help`; what is shown comes from
//! `locales/<lang>/help.ftl` in the run's language (`help`), chosen before clap parses
//! (`parse`); clap's usage errors are said in that language too (`usage_error`).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use lettre::Address;

use crate::config::SaveSent;
use crate::deliver::RelayUrl;
use crate::deliver::retry::Delay;
use crate::deliver::throttle::RateLimit;
use crate::deliver::window::{LocalMoment, SendingWindow};
use crate::recipients::{Delimiter, TextEncoding};

pub mod double_click;
pub(crate) mod help;
mod parse;
mod typed;
mod usage_error;

pub use parse::{parse, parse_from};
use typed::email_address;
pub use typed::{Approver, ApproverError, Count, CountError, FlagValue, typed};

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
    /// Approve the plan previewed in DIR, as its reviewer: checked to be the campaign as it is
    /// now, then recorded in DIR/approval.json (who, when, which plan) for `send --reviewed DIR`.
    Approve {
        /// The preview folder to approve (`missive preview --out DIR`).
        dir: PathBuf,
        /// The reviewer's name, as the send will say it: `--by 'Marie Dupont'`.
        #[arg(long, value_name = "NAME", value_parser = typed::<Approver>())]
        by: Approver,
        #[command(flatten)]
        common: Common,
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
    /// Open the campaign in your browser: a local web app, reachable from this computer only.
    Serve(ServeArgs),
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

/// `missive serve`.
#[derive(Debug, Args, Clone, Default)]
pub struct ServeArgs {
    /// The campaign folder, where campaign.toml is (default: the current folder).
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Print the address without opening a browser.
    #[arg(long)]
    pub no_open: bool,
    /// Started by a double-click (`missive` alone, no terminal): see [`double_click`].
    #[arg(skip)]
    pub double_clicked: bool,
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
    #[allow(rustdoc::broken_intra_doc_links)] // `[smtp]` is the help's text, not a link
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
    /// Send only inside these local hours, e.g. `18:00-07:30` or `18h-7h30`; outside, missive waits.
    #[arg(long, value_name = "HH:MM-HH:MM", value_parser = typed::<SendingWindow>())]
    pub window: Option<SendingWindow>,
    /// Send nothing before this local time, e.g. `2021-04-25 18:00` or `25/04/2021 18h00`.
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

impl SendArgs {
    /// `send`'s options as the command line gives them when no flag is typed: the defaults
    /// and what the environment sets (`MISSIVE_SMTP_URL`), for a caller that is no command
    /// line (the web app); a variable that does not parse is clap's error, as `send` says it.
    pub(crate) fn as_without_flags() -> Result<Self, clap::Error> {
        use clap::FromArgMatches;
        let command = Self::augment_args(clap::Command::new("send"));
        Self::from_arg_matches(&command.try_get_matches_from(["send"])?)
    }
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
    /// Write the CSV as Excel opens it directly: `;` between columns, UTF-8 with a byte-order
    /// mark (the form a French language gives anyway).
    #[arg(long)]
    pub excel: bool,
}

/// The formats of `missive report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    Csv,
    Jsonl,
}
