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
    Init {
        /// Folder to write into (created if missing).
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
    /// Load, render and compose every message; report every problem; send nothing.
    Check(Common),
    /// Write the dry-run a reviewer reads: index.html, one .eml per message, manifest.json.
    Preview {
        #[command(flatten)]
        common: Common,
        /// Folder for the preview (replaced if it holds an earlier preview).
        #[arg(long, short = 'o', default_value = "preview")]
        out: PathBuf,
    },
    /// Send the messages for real.
    Send(SendArgs),
    /// What the journal knows: how many recipients are sent, failed, uncertain, pending; what to do next.
    Status(Common),
    /// One line per recipient: row, address, status, SMTP code and reply, Message-ID, attempts, time.
    Report(ReportArgs),
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
    /// campaign.toml, or of the template when there is none).
    #[arg(long, value_name = "FILE")]
    pub journal: Option<PathBuf>,
    /// Say more about what is done.
    #[arg(long, short = 'v')]
    pub verbose: bool,
}

#[derive(Debug, Args, Clone, Default)]
#[allow(clippy::struct_excessive_bools)] // each bool is a flag of the command line
pub struct SendArgs {
    #[command(flatten)]
    pub common: Common,
    /// The relay: `smtps://host:465`, `smtp://host:587?tls=required`; plain `smtp://` to loopback only.
    #[arg(long)]
    pub smtp: Option<String>,
    /// The login name on the relay.
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
    /// How many SMTP sessions at once.
    #[arg(long)]
    pub concurrency: Option<usize>,
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
