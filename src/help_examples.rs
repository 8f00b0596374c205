//! The examples `--help` shows after each command's options, as a user types them: the
//! message `help-<command>-examples` of `locales/<lang>/help.ftl`, the command lines the same
//! in every language and their comments in the run's.

use crate::i18n::{Lang, tr_in};

/// The examples of `command` (`send`) in `lang`, when it has some.
pub(crate) fn examples(command: &str, lang: Lang) -> Option<String> {
    let key = format!("help-{command}-examples");
    crate::cli::help::has(&key).then(|| tr_in(lang, &key, &[]))
}
