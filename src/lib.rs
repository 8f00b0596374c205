//! missive merges a template with a recipient list and sends one personalised email per
//! recipient over SMTP, politely, and only after a dry-run a second person can review.
//!
//! The pipeline, shared by every command:
//!
//! ```text
//! recipients ──► render ──► compose ──► a sink: check | preview | send (journal + deliver)
//!                                              │
//!                         events ──► one observer: the terminal, or `--events json`
//! ```
//!
//! Each stage takes and returns domain types: [`recipients::Recipient`],
//! [`render::Rendered`], [`compose::Outgoing`], [`deliver::Outcome`]; [`pipeline::Pipeline::pass`]
//! makes the one pass over the rows, and each command is a [`pipeline::Sink`]. Stages never
//! print: they emit [`events::Event`]s. Errors are typed per stage and composed into
//! [`error::RunError`], which picks the exit code.
//!
//! These pages are for the people who work on missive: read them with
//! `cargo doc --document-private-items`, where the links to private items resolve.
#![allow(rustdoc::private_intra_doc_links)]

// First: its `t!` macro is for every module after it.
#[macro_use]
mod i18n;
mod bundle;
mod calendar;
pub mod cli;
mod commands;
pub mod compose;
mod config;
mod deliver;
mod error;
mod events;
mod exit_status;
mod filter;
pub mod follow_up;
mod from_eml;
mod help_examples;
mod journal;
mod lint;
mod mailbox;
mod mailmerge;
mod pipeline;
mod preview;
mod profiles;
mod progress;
pub mod recipients;
pub mod render;
mod report;
mod secret;
mod serve;
mod server_url;
mod shard;
mod stdout;
mod suppression;
#[cfg(test)]
mod test_servers;
mod tls;
mod units;

use cli::{Cli, Command};
pub use exit_status::ExitStatus;

/// Runs one command and says how it ended. Errors are printed here, in plain words.
pub fn run(cli: &Cli) -> ExitStatus {
    i18n::start(cli.lang.map(Into::into));
    let format = match &cli.command {
        Command::Check(args) => args.common.events,
        Command::Preview { common, .. } => common.events,
        Command::Send(args) => args.common.events,
        Command::Drafts(args) => args.common.events,
        Command::Collect(args) => args.common.events,
        _ => events::EventFormat::Text,
    };
    let mut observer = events::observer(format);
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
        Command::Check(args) => commands::check::run(args, observer.as_mut()),
        Command::Preview {
            common,
            out,
            open,
            only,
            warnings,
        } => commands::preview::run(
            common,
            commands::preview::PreviewOptions {
                out,
                open: *open,
                only: *only,
                deny_warnings: warnings.deny_warnings,
                say_where: true,
            },
            observer.as_mut(),
        ),
        Command::Send(args) => commands::send::run(args, observer.as_mut()),
        Command::Drafts(args) => commands::send::drafts::run(args, observer.as_mut()),
        Command::Collect(args) => commands::collect::run(args, observer.as_mut()),
        Command::Suppressed(args) => commands::suppressed::run(args),
        Command::Status(common) => commands::status::run(common),
        Command::Report(args) => commands::report::run(args),
        Command::Approve { dir, by, common } => {
            commands::approve::run(common, dir, by, observer.as_mut())
        }
        Command::Bundle { common, output } => commands::bundle::run(common, output.as_deref()),
        Command::Completions { shell } => commands::completions::run(*shell),
        Command::Man { out } => commands::man::run(out.as_deref()),
        Command::Serve(args) => commands::serve::run(args, observer.as_mut()),
    };
    match result {
        Ok(status) => status,
        // The reader of standard output went away (`| head`): its choice, not an error.
        Err(error) if error.is_closed_output() => ExitStatus::Success,
        Err(error) => {
            let status = error.exit_status();
            observer.event(&events::Event::Failed {
                error: &error,
                exit_code: status as u8,
            });
            let say = || t!("error-line", error = error.to_string());
            i18n::audit::check(say);
            eprintln!("{}", say());
            status
        }
    }
}
