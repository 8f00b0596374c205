//! `missive completions SHELL`: the shell's completion script, generated from the clap
//! definitions so it never lags behind the options.

use std::io::Write;

use clap::CommandFactory;
use clap_complete::Shell;

use crate::cli::Cli;
use crate::exit_status::ExitStatus;
use crate::pipeline::RunError;

/// Prints the completion script for `shell` on standard output.
pub(crate) fn run(shell: Shell) -> Result<ExitStatus, RunError> {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "missive", &mut script);
    let mut out = std::io::stdout().lock();
    out.write_all(&script)
        .and_then(|()| out.flush())
        .map_err(|source| RunError::Io {
            path: "standard output".into(),
            source,
        })?;
    Ok(ExitStatus::Success)
}
