//! The `missive` binary: parse the command line, run, map the outcome to an exit code.

use clap::Parser;

fn main() -> std::process::ExitCode {
    let cli = missive::cli::Cli::parse();
    missive::run(&cli).into()
}
