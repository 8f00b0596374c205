//! The `missive` binary: parse the command line (in the user's language), run, map the
//! outcome to an exit code.

fn main() -> std::process::ExitCode {
    let cli = missive::cli::parse();
    let status = missive::run(&cli);
    missive::cli::double_click::linger(&cli, status != missive::ExitStatus::Success);
    status.into()
}
