//! `--help` in the run's language. The clap definitions of `cli.rs` keep their doc comments
//! (the English, for the reader of the code); the words shown come from
//! `locales/<lang>/help.ftl`, laid on the `clap::Command` tree before it parses: each
//! command's about and examples, each flag's help and value name, and clap's own words
//! (`Usage:`, the headings, `Print help`, `[default: …]`). The tests hold `en/help.ftl` to
//! the doc comments, and every command and flag to its keys in both languages.
//!
//! The keys: `help-<command>-about` and `help-<command>-examples` (`help-missive-…` for
//! missive itself); `help-arg-<id>` for a flag, or `help-arg-<id>-in-<command>` when one
//! command says it otherwise; `help-value-<name>` for a value's name (`FILE`);
//! `help-choice-<id>-<value>` for a value's own help (`--lang fr`).

use std::fmt::Write as _;

use clap::builder::PossibleValue;
use clap::{Arg, Command};

use crate::i18n::{Lang, tr_in};

/// The no-break space French puts before `:`: clap writes a heading's colon right after it.
const NBSP: char = '\u{a0}';

/// The command line, its words in `lang`, built (its `--help` flags and `help` command made).
pub(crate) fn localized(lang: Lang) -> Command {
    let mut command = words(
        <super::Cli as clap::CommandFactory>::command(),
        "missive",
        lang,
    );
    command.build();
    generated(command, lang)
}

/// Whether `key` is in the message files (both languages have the same keys).
pub(crate) fn has(key: &str) -> bool {
    tr_in(Lang::En, key, &[]) != key
}

/// The key of a flag's help in `command`: its own there, or the flag's everywhere.
pub(crate) fn arg_key(command: &str, id: &str) -> String {
    let id = slug(id);
    let own = format!("help-arg-{id}-in-{command}");
    if has(&own) {
        own
    } else {
        format!("help-arg-{id}")
    }
}

/// The key of a value's name: `FILE` → `help-value-file`, `FILE|URL` → `help-value-file-url`.
pub(crate) fn value_key(name: &str) -> String {
    format!("help-value-{}", slug(name))
}

/// The key of a possible value's own help: `--lang fr` → `help-choice-lang-fr`.
pub(crate) fn choice_key(id: &str, value: &str) -> String {
    format!("help-choice-{}-{}", slug(id), slug(value))
}

/// Lower case, each run of other characters a `-`.
fn slug(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_matches('-').to_owned()
}

/// `command` (named `name`) and its subcommands, their words in `lang`.
fn words(mut command: Command, name: &str, lang: Lang) -> Command {
    let say = |key: &str| tr_in(lang, key, &[]);
    if command.get_about().is_some() {
        command = command.about(say(&format!("help-{name}-about")));
    }
    if let Some(examples) = crate::help_examples::examples(name, lang) {
        command = command.after_help(examples);
    }
    if lang == Lang::Fr {
        let usage = *command.get_styles().get_usage();
        let heading = say("help-usage-heading");
        command = command
            .help_template(format!(
                "{{before-help}}{{about-with-newline}}\n{usage}{heading}{usage:#} {{usage}}\n\n{{all-args}}{{after-help}}"
            ))
            .subcommand_help_heading(format!("{}{NBSP}", say("help-heading-commands")))
            .subcommand_value_name(say("help-value-command"));
    }
    let owner = name.to_owned();
    command
        .mut_args(|arg| arg_words(arg, &owner, lang))
        .mut_subcommands(|sub| {
            let name = sub.get_name().to_owned();
            words(sub, &name, lang)
        })
}

/// A flag's help and value names in `lang`; in French, clap's `[default: …]`, `[env: …]` and
/// possible values said in French too.
fn arg_words(mut arg: Arg, command: &str, lang: Lang) -> Arg {
    let say = |key: &str| tr_in(lang, key, &[]);
    let key = arg_key(command, arg.get_id().as_str());
    let mut help = arg.get_help().map(|_| say(&key));
    let mut long_help = arg.get_long_help().map(|_| say(&format!("{key}-long")));
    if let Some(names) = arg
        .get_value_names()
        .filter(|_| arg.get_action().takes_values())
    {
        let names: Vec<String> = names.iter().map(|name| say(&value_key(name))).collect();
        arg = arg.value_names(names);
    }
    if lang == Lang::Fr {
        let (inline, lines) = french_specs(&arg);
        if !inline.is_empty() {
            let text = help.clone().unwrap_or_default();
            let base = long_help.clone().unwrap_or_else(|| text.clone());
            help = Some(format!("{text} {inline}").trim_start().to_owned());
            long_help = Some(format!("{base}\n\n{lines}").trim_start().to_owned());
            arg = arg.hide_default_value(true).hide_env(true);
            if arg.get_action().takes_values() {
                arg = arg.hide_possible_values(true);
            }
        }
        let heading = if arg.is_positional() {
            say("help-heading-arguments")
        } else {
            say("help-heading-options")
        };
        arg = arg.help_heading(format!("{heading}{NBSP}"));
    }
    if let Some(help) = help {
        arg = arg.help(help);
    }
    if let Some(long_help) = long_help {
        arg = arg.long_help(long_help);
    }
    arg
}

/// What clap adds after a flag's help (its variable, its default, its possible values), in
/// French: for `-h` on one line, for `--help` a line each.
fn french_specs(arg: &Arg) -> (String, String) {
    let say =
        |key: &str, args: &[(&str, fluent_bundle::FluentValue<'_>)]| tr_in(Lang::Fr, key, args);
    let mut short = Vec::new();
    let mut long = Vec::new();
    if let Some(variable) = arg.get_env().filter(|_| !arg.is_hide_env_set()) {
        let spec = say(
            "help-spec-env",
            &[("variable", variable.to_string_lossy().into_owned().into())],
        );
        short.push(spec.clone());
        long.push(spec);
    }
    let defaults = arg.get_default_values();
    if arg.get_action().takes_values() && !defaults.is_empty() && !arg.is_hide_default_value_set() {
        let values: Vec<_> = defaults.iter().map(|v| v.to_string_lossy()).collect();
        let spec = say("help-spec-default", &[("value", values.join(" ").into())]);
        short.push(spec.clone());
        long.push(spec);
    }
    let choices: Vec<_> = arg
        .get_possible_values()
        .into_iter()
        .filter(|value| !value.is_hide_set())
        .collect();
    let takes_values = arg.get_action().takes_values();
    if takes_values && !choices.is_empty() && !arg.is_hide_possible_values_set() {
        let names: Vec<&str> = choices.iter().map(PossibleValue::get_name).collect();
        let spec = say("help-spec-values", &[("values", names.join(", ").into())]);
        short.push(spec.clone());
        if choices.iter().any(|value| value.get_help().is_some()) {
            let id = arg.get_id().as_str();
            let mut list = say("help-spec-values-title", &[]);
            for value in &choices {
                let name = value.get_name();
                let help = say(&choice_key(id, name), &[]);
                let _ = write!(list, "\n- {name}{NBSP}: {help}");
            }
            // As clap lays it out: the list, a blank line, the rest.
            long.insert(0, format!("{list}\n"));
        } else {
            long.push(spec);
        }
    }
    (short.join(" "), long.join("\n"))
}

/// The flags and the command clap makes itself (`--help`, `--version`, `help`), said in
/// `lang`. They exist once the command is built; their order is kept (clap finds a flag by
/// its place).
fn generated(command: Command, lang: Lang) -> Command {
    let say = |key: &str| tr_in(lang, key, &[]);
    let heading = (lang == Lang::Fr).then(|| format!("{}{NBSP}", say("help-heading-options")));
    command
        .mut_args(|arg| {
            let arg = match arg.get_id().as_str() {
                "help" if arg.get_long_help().is_some() => arg
                    .help(say("help-flag-help-short"))
                    .long_help(say("help-flag-help-long")),
                "help" => arg.help(say("help-flag-help")),
                "version" => arg.help(say("help-flag-version")),
                _ => return arg,
            };
            match &heading {
                Some(heading) => arg.help_heading(heading.clone()),
                None => arg,
            }
        })
        .mut_subcommands(|sub| {
            let sub = if sub.get_name() == "help" {
                sub.about(say("help-help-about"))
            } else {
                sub
            };
            generated(sub, lang)
        })
}

#[cfg(test)]
#[path = "help_tests.rs"]
mod tests;
