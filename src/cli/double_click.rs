//! `missive` started with no arguments by a person who does not use a terminal, by a
//! double-click in the file manager: it starts `missive serve` (the web app) instead of
//! printing the help. With a terminal and no arguments, the help, as before.
//!
//! What a double-click looks like, system by system:
//! - Windows: Explorer gives a double-clicked console program a new console window of its
//!   own, so its standard input is a terminal; what tells it apart from `missive` typed in
//!   cmd or PowerShell is that no other process is attached to that console
//!   (`GetConsoleProcessList` counts one). This is the crate's one `unsafe` call.
//! - macOS: Finder runs the program in a new Terminal window, in the home folder: a terminal
//!   again. What tells it apart from `missive` typed in Terminal: it is started in the home
//!   folder by its full path from a folder that is not on `PATH` (a downloaded, unzipped
//!   missive). Typed in Terminal from the home folder, such a missive opens the app too; its
//!   line says that `missive --help` shows the command line.
//! - Linux and the rest: a file manager starts it with no terminal on standard input.
//!
//! Which folder: the current one when it holds a campaign (campaign.toml); otherwise a
//! `missive` folder the person can find again, created if missing: `Documents\missive` on
//! Windows (where a person looks for their files; the folder of the program may be a
//! temporary copy Explorer made from the zip, gone when the zip is closed, and is replaced
//! by the next version), `~/missive` on macOS and Linux (on macOS, a program in Terminal
//! reaching into Documents makes the system ask for permission first; the home folder does
//! not). An empty folder gets the start page: the sample or a received email.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use super::{Cli, Command, ServeArgs};
use crate::config::CAMPAIGN_FILE;

/// The name of the folder made for a person's campaigns.
const FOLDER: &str = "missive";

/// Whether this run, with no arguments, was started by a double-click rather than typed.
pub(super) fn started_by_double_click() -> bool {
    if !std::io::stdin().is_terminal() {
        return true;
    }
    double_clicked_with_a_terminal()
}

#[cfg(windows)]
fn double_clicked_with_a_terminal() -> bool {
    console_is_ours_alone()
}

#[cfg(target_os = "macos")]
fn double_clicked_with_a_terminal() -> bool {
    let Some(home) = std::env::var_os("HOME").map(PathBuf::from) else {
        return false;
    };
    let in_home = std::env::current_dir().is_ok_and(|folder| same_folder(&folder, &home));
    let program_folder = std::env::current_exe()
        .ok()
        .and_then(|program| program.parent().map(Path::to_path_buf));
    let on_path = program_folder.is_some_and(|folder| {
        std::env::var_os("PATH").is_some_and(|path| {
            std::env::split_paths(&path).any(|listed| same_folder(&listed, &folder))
        })
    });
    in_home && !on_path
}

#[cfg(not(any(windows, target_os = "macos")))]
fn double_clicked_with_a_terminal() -> bool {
    false
}

#[cfg(target_os = "macos")]
fn same_folder(one: &Path, other: &Path) -> bool {
    match (one.canonicalize(), other.canonicalize()) {
        (Ok(one), Ok(other)) => one == other,
        _ => one == other,
    }
}

/// Whether the console this process writes to has no other process attached: a window
/// Windows opened for it alone, as it does for a program double-clicked in Explorer.
/// Reviewed, not compiled here (no Windows target on the machines that build the tests).
#[cfg(windows)]
#[allow(unsafe_code)] // one call of the console's API, with a buffer it may fill
fn console_is_ours_alone() -> bool {
    use windows_sys::Win32::System::Console::GetConsoleProcessList;
    let mut processes = [0u32; 2];
    // SAFETY: `processes` is valid for writing `processes.len()` u32 values, which is the
    // count given; the call writes at most that many and returns how many are attached.
    let attached = unsafe { GetConsoleProcessList(processes.as_mut_ptr(), 2) };
    attached == 1
}

/// The command a double-click runs: `missive serve FOLDER`, opening the browser.
pub(super) fn serve() -> Cli {
    Cli {
        command: Command::Serve(ServeArgs {
            dir: folder(),
            no_open: false,
            double_clicked: true,
        }),
        lang: None,
    }
}

/// The current folder when it holds a campaign, else the person's `missive` folder.
fn folder() -> PathBuf {
    let current = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    folder_in(&current, parent_of_missive_folder())
}

/// `current` when it holds a campaign, else the `missive` folder in `parent`, created;
/// `current` when there is no `parent` or the folder cannot be made.
fn folder_in(current: &Path, parent: Option<PathBuf>) -> PathBuf {
    if current.join(CAMPAIGN_FILE).is_file() {
        return current.to_path_buf();
    }
    let Some(folder) = parent.map(|parent| parent.join(FOLDER)) else {
        return current.to_path_buf();
    };
    match std::fs::create_dir_all(&folder) {
        Ok(()) => folder,
        Err(_) => current.to_path_buf(),
    }
}

#[cfg(windows)]
fn parent_of_missive_folder() -> Option<PathBuf> {
    directories::UserDirs::new()
        .and_then(|dirs| dirs.document_dir().map(Path::to_path_buf))
        .or_else(|| directories::BaseDirs::new().map(|dirs| dirs.home_dir().to_path_buf()))
}

#[cfg(not(windows))]
fn parent_of_missive_folder() -> Option<PathBuf> {
    std::env::var_os("HOME")
        .filter(|home| !home.is_empty())
        .map(PathBuf::from)
        .filter(|home| home.is_dir())
}

/// After a double-clicked run that failed, waits for Enter when there is a window to read
/// its message in: Windows closes a program's own console window when it ends.
pub fn linger(cli: &Cli, failed: bool) {
    let Command::Serve(args) = &cli.command else {
        return;
    };
    if !args.double_clicked || !failed || !std::io::stdin().is_terminal() {
        return;
    }
    crate::stdout::say!("{}", t!("double-click-press-enter"));
    let _ = std::io::stdin().read_line(&mut String::new());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_double_click_serves_the_campaign_here_or_the_person_s_missive_folder() {
        let home = tempfile::tempdir().expect("a folder");
        let elsewhere = tempfile::tempdir().expect("a folder");
        let made = folder_in(elsewhere.path(), Some(home.path().to_path_buf()));
        assert_eq!(made, home.path().join("missive"));
        assert!(made.is_dir());
        std::fs::write(elsewhere.path().join(CAMPAIGN_FILE), "").expect("writes");
        let here = folder_in(elsewhere.path(), Some(home.path().to_path_buf()));
        assert_eq!(here, elsewhere.path());
        let nowhere = tempfile::tempdir().expect("a folder");
        assert_eq!(folder_in(nowhere.path(), None), nowhere.path());
    }
}
