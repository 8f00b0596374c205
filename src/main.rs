//! The `missive` binary: parse the command line, run, map the outcome to an exit code.

use clap::Parser;

fn main() -> std::process::ExitCode {
    missive::exit_status::quiet_on_closed_pipe();
    let cli = missive::cli::Cli::parse();
    missive::run(&cli).into()
}
