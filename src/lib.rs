//! missive merges a template with a recipient list and sends one personalised email per
//! recipient over SMTP, politely, and only after a dry-run a second person can review.
//!
//! The pipeline, shared by every command:
//!
//! ```text
//! recipients ──► render ──► compose ──► deliver (send) | preview | survey (check)
//! ```
//!
//! Each stage takes and returns domain types: [`recipients::Recipient`],
//! [`render::Rendered`], [`compose::Outgoing`], [`deliver::Outcome`].

pub mod bundle;
pub mod cli;
pub mod commands;
pub mod compose;
pub mod config;
pub mod deliver;
pub mod exit_status;
pub mod filter;
pub mod from_eml;
pub mod help_examples;
pub mod journal;
pub mod mailmerge;
pub mod pipeline;
pub mod preview;
pub mod profiles;
pub mod progress;
pub mod recipients;
pub mod render;
pub mod report;
pub mod secret;
pub mod shard;

use cli::{Cli, Command};
pub use exit_status::ExitStatus;

/// Runs one command and says how it ended. Errors are printed here, in plain words.
pub fn run(cli: &Cli) -> ExitStatus {
    let result = match &cli.command {
        Command::Init {
            dir,
            from: Some(bundle),
            ..
        } => commands::bundle::unpack(bundle, dir),
        Command::Init {
            dir,
            from_eml: None,
            ..
        } => commands::init::run(dir),
        Command::Init {
            dir,
            from_eml: Some(eml),
            subject,
            ..
        } => commands::init_from_eml::run(eml, dir, subject.as_deref()),
        Command::Check(common) => commands::check::run(common),
        Command::Preview {
            common,
            out,
            open,
            only,
        } => commands::preview::run(
            common,
            commands::preview::PreviewOptions {
                out,
                open: *open,
                only: *only,
            },
        ),
        Command::Send(args) => commands::send::run(args),
        Command::Status(common) => commands::status::run(common),
        Command::Report(args) => commands::report::run(args),
        Command::Bundle { common, output } => commands::bundle::run(common, output.as_deref()),
        Command::Completions { shell } => commands::completions::run(*shell),
        Command::Man { out } => commands::man::run(out.as_deref()),
    };
    match result {
        Ok(status) => status,
        Err(error) => {
            eprintln!("error: {error}");
            error.exit_status()
        }
    }
}
