//! The command line, as clap definitions only: validation and defaults live in `config`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Merge a template with a recipient list and send one personalised email per recipient.
#[derive(Debug, Parser)]
#[command(name = "missive", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write a sample campaign (a circular, its infographic, a list, campaign.toml); never overwrites.
    /// With `--from-eml`, a campaign relaying a received email to a staff list.
    #[command(after_help = crate::help_examples::INIT)]
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
    #[command(after_help = crate::help_examples::CHECK)]
    Check(Common),
    /// Write the dry-run a reviewer reads: index.html (a gallery for any browser), a page and
    /// an .eml per message (a sample of .eml beyond 1,000), manifest.json (the plan's fingerprint).
    #[command(after_help = crate::help_examples::PREVIEW)]
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
    },
    /// Send the messages for real.
    #[command(after_help = crate::help_examples::SEND)]
    Send(Box<SendArgs>),
    /// What the journal knows: how many recipients are sent, failed, uncertain, pending; what to do next.
    #[command(after_help = crate::help_examples::STATUS)]
    Status(Common),
    /// One line per recipient: row, address, status, SMTP code and reply, Message-ID, attempts, time.
    #[command(after_help = crate::help_examples::REPORT)]
    Report(ReportArgs),
    /// Pack the campaign into one .tar to relay: template folder, attachments, limits; no
    /// list, no login (`missive init --from BUNDLE` unpacks it).
    #[command(after_help = crate::help_examples::BUNDLE)]
    Bundle {
        #[command(flatten)]
        common: Common,
        /// The bundle to write (default: `<campaign id>.tar`).
        #[arg(long, short = 'o', value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Print the completion script of a shell (bash, zsh, fish, elvish, powershell).
    #[command(after_help = crate::help_examples::COMPLETIONS)]
    Completions {
        /// The shell to complete for.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), or write it and one page per command into a folder.
    #[command(after_help = crate::help_examples::MAN)]
    Man {
        /// Write `missive.1` and `missive-<command>.1` into DIR instead of printing.
        #[arg(long, short = 'o', value_name = "DIR")]
        out: Option<PathBuf>,
    },
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
    #[arg(long)]
    pub delimiter: Option<String>,
    /// The recipient list's encoding: `utf-8`, `utf-16le`, `utf-16be` or `windows-1252`
    /// (detected when not given: byte-order mark, then UTF-8, then Windows-1252).
    #[arg(long)]
    pub encoding: Option<String>,
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

#[derive(Debug, Args, Clone, Default)]
#[allow(clippy::struct_excessive_bools)] // each bool is a flag of the command line
pub struct SendArgs {
    #[command(flatten)]
    pub common: Common,
    /// The relay: `smtps://host:465`, `smtp://host:587?tls=required`; plain `smtp://` to loopback only.
    #[arg(long)]
    pub smtp: Option<String>,
    /// The login name on the relay; `--smtp-user ''` sends without logging in.
    #[arg(long)]
    pub smtp_user: Option<String>,
    /// A private certificate authority (PEM) to trust besides the system's.
    #[arg(long)]
    pub ca_file: Option<PathBuf>,
    /// Do not ask for confirmation (required when not on a terminal).
    #[arg(long)]
    pub yes: bool,
    /// Only the first N messages.
    #[arg(long)]
    pub limit: Option<usize>,
    /// Test send: the selected rows, each rendered with its own data, all go to ADDRESS alone.
    #[arg(long, value_name = "ADDRESS")]
    pub to: Option<String>,
    /// A rate limit: `30/min`, `2/s`, `1000/h`, `5000/day` (repeatable: all hold), or `unlimited`.
    #[arg(long = "rate", value_name = "SPEC")]
    pub rates: Vec<String>,
    /// How many SMTP sessions at once.
    #[arg(long)]
    pub concurrency: Option<usize>,
    /// Messages sent in one SMTP session before it is renewed.
    #[arg(long, value_name = "N")]
    pub per_connection: Option<usize>,
    /// Send only inside these local hours, e.g. `18:00-07:30`; outside, missive waits.
    #[arg(long, value_name = "HH:MM-HH:MM")]
    pub window: Option<String>,
    /// Send nothing before this local time, e.g. `2021-04-25 18:00`.
    #[arg(long, value_name = "DATETIME")]
    pub not_before: Option<String>,
    /// The wait before a deferred message is tried again; it doubles each time (e.g. `5s`).
    #[arg(long, value_name = "DURATION")]
    pub retry_base: Option<String>,
    /// Attempts per message in one run, the first included.
    #[arg(long, value_name = "N")]
    pub max_attempts: Option<u32>,
    /// Stop the run after this many refusals or deferrals in a row.
    #[arg(long, value_name = "N")]
    pub max_failures_in_a_row: Option<usize>,
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
