//! How a run ended, as the exit codes of the command-line contract (README, "Exit codes").

use std::process::ExitCode;

/// The exit codes a script can rely on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// Everything asked was done.
    Success = 0,
    /// An error found before anything was sent: bad input, template, configuration.
    InputError = 1,
    /// Usage error (clap uses 2 itself; kept here so the table is complete).
    Usage = 2,
    /// The run ended with recipients not delivered (see `missive report`).
    NotAllDelivered = 3,
    /// The run stopped early (interrupted, authentication refused, too many failures) and can be resumed.
    Stopped = 4,
}

impl From<ExitStatus> for ExitCode {
    fn from(status: ExitStatus) -> Self {
        ExitCode::from(status as u8)
    }
}
