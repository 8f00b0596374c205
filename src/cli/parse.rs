//! The command line of this process: its language chosen before clap parses (`--lang`, then
//! the environment), so `--help` and the usage errors speak it.

use std::ffi::OsString;

use clap::FromArgMatches;
use clap::error::ErrorKind;

use super::{Cli, help, usage_error};
use crate::i18n::Lang;

/// The command line of this process, its language chosen first (`--lang`, the environment),
/// so `--help` and the usage errors speak it; a usage error ends the process (exit 2).
/// `missive` alone, started by a double-click rather than typed, is `missive serve` on the
/// person's campaign folder (`double_click`).
pub fn parse() -> Cli {
    let args: Vec<OsString> = std::env::args_os().collect();
    if args.len() == 1 && super::double_click::started_by_double_click() {
        crate::i18n::start(None);
        return super::double_click::serve();
    }
    parse_from(args)
}

/// [`parse`] over these arguments (the first is the program's name).
pub fn parse_from(args: impl IntoIterator<Item = impl Into<OsString>>) -> Cli {
    let args: Vec<OsString> = args.into_iter().map(Into::into).collect();
    crate::i18n::start(lang_flag(&args));
    match try_parse(&args) {
        Ok(cli) => cli,
        Err(error) => usage_error(&error, &args),
    }
}

/// `--lang fr` or `--lang=en` among the arguments, before `--`; clap checks it again.
fn lang_flag(args: &[OsString]) -> Option<Lang> {
    let mut words = args
        .iter()
        .skip(1)
        .map(|arg| arg.to_str().unwrap_or_default());
    while let Some(word) = words.next() {
        let value = match word {
            "--" => return None,
            "--lang" => words.next(),
            _ => word.strip_prefix("--lang="),
        };
        match value {
            Some("fr") => return Some(Lang::Fr),
            Some("en") => return Some(Lang::En),
            _ => {}
        }
    }
    None
}

/// The command line parsed by the command of the run's language.
pub(super) fn try_parse(args: &[OsString]) -> Result<Cli, clap::Error> {
    let mut command = help::localized(crate::i18n::lang());
    let mut matches = command.try_get_matches_from_mut(args)?;
    Cli::from_arg_matches_mut(&mut matches).map_err(|error| error.format(&mut command))
}

/// Prints clap's help, version or usage error, in the run's language, and ends the process.
fn usage_error(error: &clap::Error, args: &[OsString]) -> ! {
    let help = matches!(
        error.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    );
    if help {
        error.exit();
    }
    crate::i18n::audit::check(|| match try_parse(args) {
        Err(error) => usage_error::words(&error),
        Ok(_) => String::new(),
    });
    if crate::i18n::lang() == Lang::En {
        error.exit();
    }
    eprint!(
        "{}",
        usage_error::painted(&usage_error::say(error), colours())
    );
    std::process::exit(error.exit_code());
}

/// Whether standard error takes colours, as clap decides for its own errors: a terminal,
/// unless `NO_COLOR` or `TERM=dumb` say otherwise; always with `CLICOLOR_FORCE`.
fn colours() -> bool {
    use std::io::IsTerminal;
    let set =
        |name: &str| std::env::var_os(name).is_some_and(|value| !value.is_empty() && value != "0");
    if set("CLICOLOR_FORCE") {
        return true;
    }
    !set("NO_COLOR")
        && std::env::var_os("TERM").is_none_or(|term| term != "dumb")
        && std::io::stderr().is_terminal()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flag(args: &[&str]) -> Option<Lang> {
        let args: Vec<OsString> = std::iter::once("missive")
            .chain(args.iter().copied())
            .map(Into::into)
            .collect();
        lang_flag(&args)
    }

    #[test]
    fn the_language_flag_is_read_before_clap_parses() {
        assert_eq!(flag(&["--lang", "fr", "send"]), Some(Lang::Fr));
        assert_eq!(flag(&["send", "--lang=en", "-h"]), Some(Lang::En));
        assert_eq!(flag(&["send", "--lang", "de"]), None);
        assert_eq!(flag(&["send", "--", "--lang", "fr"]), None);
        assert_eq!(flag(&["send"]), None);
    }
}
