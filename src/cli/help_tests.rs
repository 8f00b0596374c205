//! The words of `--help`: every command and flag has its keys in both languages, the English
//! ones are the doc comments of `cli.rs`, and the French leaves no English.

use super::*;
use crate::i18n::audit::english_left;
use crate::i18n::tr_in;

/// The command line as derived from `cli.rs`, its doc comments untouched.
fn derived() -> Command {
    <crate::cli::Cli as clap::CommandFactory>::command()
}

/// Each command of `command` (itself first), with the name its keys use.
fn commands(command: &Command) -> Vec<(String, Command)> {
    let mut all = vec![("missive".to_owned(), command.clone())];
    for sub in command.get_subcommands() {
        all.push((sub.get_name().to_owned(), sub.clone()));
    }
    all
}

/// Every key `--help` reads for the derived command line, with the English clap shows for it
/// from the doc comments (`None` where the words come from help.ftl alone).
fn keys_used() -> Vec<(String, Option<String>)> {
    let mut keys = Vec::new();
    for (name, command) in commands(&derived()) {
        if let Some(about) = command.get_about() {
            keys.push((format!("help-{name}-about"), Some(about.to_string())));
        }
        if name != "missive" {
            keys.push((format!("help-{name}-examples"), None));
        }
        for arg in command.get_arguments() {
            let id = arg.get_id().as_str();
            let key = arg_key(&name, id);
            if let Some(help) = arg.get_help() {
                keys.push((key.clone(), Some(help.to_string())));
            }
            if let Some(help) = arg.get_long_help() {
                keys.push((format!("{key}-long"), Some(help.to_string())));
            }
            for value in arg.get_possible_values() {
                if let Some(help) = value.get_help() {
                    let key = choice_key(id, value.get_name());
                    keys.push((key, Some(help.to_string())));
                }
            }
            if arg.get_action().takes_values() {
                for name in arg.get_value_names().unwrap_or_default() {
                    keys.push((value_key(name), Some(name.to_string())));
                }
            }
        }
    }
    keys
}

#[test]
fn every_command_and_flag_has_its_words_in_both_languages() {
    let keys = keys_used();
    assert!(keys.len() > 100, "{}", keys.len());
    for (key, _) in &keys {
        for lang in [Lang::En, Lang::Fr] {
            assert_ne!(&tr_in(lang, key, &[]), key, "{key} is missing in {lang:?}");
        }
    }
}

#[test]
fn the_english_of_help_ftl_is_the_doc_comments() {
    for (key, derived) in keys_used() {
        if let Some(derived) = derived {
            assert_eq!(
                tr_in(Lang::En, &key, &[]),
                derived,
                "{key}: locales/en/help.ftl and the doc comment of src/cli.rs differ"
            );
        }
    }
}

#[test]
fn every_key_of_a_command_or_a_flag_is_used() {
    let used: std::collections::BTreeSet<String> =
        keys_used().into_iter().map(|(key, _)| key).collect();
    let file = include_str!("../../locales/en/help.ftl");
    let stale: Vec<&str> = file
        .lines()
        .filter_map(|line| line.split_once(" =").map(|(key, _)| key))
        .filter(|key| {
            ["help-arg-", "help-value-", "help-choice-"]
                .iter()
                .any(|prefix| key.starts_with(prefix))
                || key.ends_with("-about")
                || key.ends_with("-examples")
        })
        .filter(|key| !used.contains(*key))
        .filter(|key| {
            ![
                "help-value-command",
                "help-help-about",
                "help-page-examples",
            ]
            .contains(key)
        })
        .collect();
    assert!(stale.is_empty(), "keys no command or flag uses: {stale:?}");
}

/// The help of `name` (`missive` itself, or one of its commands), short or long.
fn rendered(command: &mut Command, name: &str, long: bool) -> String {
    let command = if name == "missive" {
        command
    } else {
        command.find_subcommand_mut(name).expect("a command")
    };
    let help = if long {
        command.render_long_help()
    } else {
        command.render_help()
    };
    help.to_string()
}

#[test]
fn english_help_is_what_clap_shows_from_the_doc_comments() {
    let mut derived = derived().mut_subcommands(|sub| {
        let examples = crate::help_examples::examples(sub.get_name(), Lang::En);
        sub.after_help(examples.expect("every command has examples"))
    });
    derived.build();
    let mut english = localized(Lang::En);
    for (name, _) in commands(&derived.clone()) {
        for long in [false, true] {
            assert_eq!(
                rendered(&mut english, &name, long),
                rendered(&mut derived, &name, long),
                "{name}"
            );
        }
    }
}

/// What a person reads in a help: the descriptions, not the names typed (commands, flags,
/// values, the command lines of the examples).
fn prose(help: &str, command_names: &[String]) -> String {
    let mut prose = Vec::new();
    for line in help.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("Utilisation") {
            continue;
        }
        let mut words = trimmed.split(' ');
        let first = words.next().unwrap_or_default();
        let rest = if command_names.iter().any(|name| name == first) && line.starts_with("  ") {
            words.collect::<Vec<_>>().join(" ")
        } else if first == "missive" || first == "cd" {
            // An example: the command line, then after a run of spaces what it does.
            trimmed
                .split_once("  ")
                .map(|(_, said)| said.to_owned())
                .unwrap_or_default()
        } else {
            trimmed.to_owned()
        };
        prose.push(rest);
    }
    prose.join("\n")
}

#[test]
fn french_help_leaves_no_english() {
    let mut french = localized(Lang::Fr);
    let names: Vec<String> = french
        .get_subcommands()
        .map(|sub| sub.get_name().to_owned())
        .collect();
    for (name, _) in commands(&french.clone()) {
        for long in [false, true] {
            let help = rendered(&mut french, &name, long);
            let left = english_left(&prose(&help, &names));
            assert!(left.is_empty(), "{name}: {left:?} in\n{help}");
        }
    }
}

#[test]
fn french_help_says_clap_s_words_in_french() {
    let mut french = localized(Lang::Fr);
    let help = rendered(&mut french, "preview", true);
    for said in [
        "Écrire l'aperçu que lit le relecteur ou la relectrice\u{a0}: index.html",
        "Utilisation\u{a0}: missive preview [OPTIONS]",
        "Options\u{a0}:\n  -c, --campaign <CAMPAGNE>",
        "-o, --out <DOSSIER>",
        "[par défaut\u{a0}: preview]",
        "Valeurs possibles\u{a0}:",
        "- json\u{a0}: un objet JSON par ligne sur la sortie standard\u{202f}; les mots",
        "-h, --help\n          Afficher l'aide (un résumé avec «\u{a0}-h\u{a0}»)",
        "Exemples\u{a0}:\n  missive preview --open              écrire ./preview",
    ] {
        assert!(help.contains(said), "{said:?} not in\n{help}");
    }
    let help = rendered(&mut french, "missive", false);
    let root = [
        "Utilisation\u{a0}: missive [OPTIONS] <COMMANDE>",
        "Commandes\u{a0}:\n  init ",
        "  send         Envoyer réellement les messages\n",
        "  help         Afficher ce message ou l'aide des commandes données",
        "--lang <LANGUE>  La langue de missive",
        "-h, --help           Afficher l'aide (plus de détails avec «\u{a0}--help\u{a0}»)",
        "[valeurs possibles\u{a0}: en, fr]",
        "-V, --version        Afficher la version",
    ];
    let missing: Vec<_> = root.iter().filter(|said| !help.contains(**said)).collect();
    assert!(missing.is_empty(), "{missing:?} not in\n{help}");
    for english in [
        "Usage",
        "Commands:",
        "Print help",
        "default:",
        "possible values",
    ] {
        assert!(!help.contains(english), "{english} in\n{help}");
    }
}
