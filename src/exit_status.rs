//! How a run ended, as the exit codes of the command-line contract (DESIGN.md).

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

/// The exit status of a process whose output pipe was closed (128 + SIGPIPE), as shells
/// report for `missive report | head`.
const CLOSED_PIPE: i32 = 141;

/// `missive report | head` closes the pipe before missive is done printing: Rust's `println!`
/// then panics. That is the reader's choice, not an error: end quietly, as Unix tools do.
pub fn quiet_on_closed_pipe() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let payload = info.payload();
        let message = payload
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| payload.downcast_ref::<&str>().copied())
            .unwrap_or_default();
        if message.contains("Broken pipe") {
            std::process::exit(CLOSED_PIPE);
        }
        default(info);
    }));
}
