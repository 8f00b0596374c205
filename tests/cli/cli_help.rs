//! `--help` shows examples for every command, and every example is a command line missive
//! accepts; under a French language the help, clap's own words and the usage errors are in
//! French, and under `LANG=C` in English as before.

use std::process::Command;

use clap::Parser;

use crate::harness::{french, missive};

const COMMANDS: [&str; 12] = [
    "init",
    "check",
    "preview",
    "send",
    "drafts",
    "collect",
    "suppressed",
    "status",
    "report",
    "completions",
    "man",
    "bundle",
];

/// A shell line's words: spaces split, single quotes group.
fn words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '\'' => quoted = !quoted,
            ' ' if !quoted => {
                if !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
            }
            c => word.push(c),
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

/// `command ARGS`, without colours nor a terminal's width: its exit code, standard output
/// and standard error.
fn said(mut command: Command, args: &[&str]) -> (Option<i32>, String, String) {
    let output = command
        .args(args)
        .env("NO_COLOR", "1")
        .env_remove("COLUMNS")
        .output()
        .expect("runs");
    let text = |bytes: Vec<u8>| String::from_utf8(bytes).expect("utf-8");
    (
        output.status.code(),
        text(output.stdout),
        text(output.stderr),
    )
}

/// Every command's examples, under `heading`, parse as missive's command line.
fn examples_parse(run: impl Fn() -> Command, heading: &str) {
    for command in COMMANDS {
        let (code, help, _) = said(run(), &[command, "--help"]);
        assert_eq!(code, Some(0));
        assert!(!help.contains('\u{1b}'), "NO_COLOR: no escape codes");
        let (_, examples) = help
            .split_once(heading)
            .unwrap_or_else(|| panic!("`{command} --help` has examples: {help}"));
        let mut parsed = 0;
        for line in examples.lines() {
            let Some(call) = line.trim().strip_prefix("missive ") else {
                continue;
            };
            // The comment starts after a run of spaces.
            let call = call.split("   ").next().unwrap_or_default();
            let call = call.split("  ").next().unwrap_or_default();
            // What the shell does with the output (`> file`, `| man -l -`) is not missive's.
            let call = call.split(['>', '|']).next().unwrap_or_default();
            let mut argv = vec!["missive".to_string()];
            argv.extend(words(call));
            assert_eq!(argv[1], command, "{line}");
            if let Err(error) = missive::cli::Cli::try_parse_from(&argv) {
                panic!("`{line}` does not parse: {error}");
            }
            parsed += 1;
        }
        assert!(parsed >= 1, "{command}: {examples}");
    }
}

#[test]
fn every_command_shows_examples_that_parse() {
    let here = env!("CARGO_MANIFEST_DIR");
    examples_parse(|| missive(here), "Examples:\n");
    examples_parse(|| french(here), "Exemples\u{a0}:\n");
}

#[test]
fn help_is_in_french_under_a_french_language() {
    let here = env!("CARGO_MANIFEST_DIR");
    for command in std::iter::once("").chain(COMMANDS) {
        for flag in ["-h", "--help"] {
            let args: Vec<&str> = [command, flag]
                .into_iter()
                .filter(|a| !a.is_empty())
                .collect();
            let (code, help, _) = said(french(here), &args);
            assert_eq!(code, Some(0), "{args:?}");
            for french_words in [
                "Utilisation\u{a0}: missive",
                "Options\u{a0}:\n",
                "Afficher l'aide",
            ] {
                assert!(
                    help.contains(french_words),
                    "{args:?}: {french_words} not in\n{help}"
                );
            }
            for english in ["Usage:", "Options:", "Print help", "[default:", "Examples:"] {
                assert!(!help.contains(english), "{args:?}: {english} in\n{help}");
            }
        }
    }
    let (_, help, _) = said(french(here), &["send", "-h"]);
    for french_words in [
        "Envoyer réellement les messages\n\nUtilisation\u{a0}: missive send [OPTIONS]",
        "--rate <LIMITE>",
        "Une limite de débit\u{a0}: `30/min`",
        "--smtp <URL>",
        "Exemples\u{a0}:\n  missive send --to moi@ac-lille.fr --limit 3   un envoi d'essai",
    ] {
        assert!(help.contains(french_words), "{french_words} not in\n{help}");
    }
    let (_, help, _) = said(french(here), &["send", "--help"]);
    let variable = "\n          [variable d'environnement\u{a0}: MISSIVE_SMTP_URL]\n";
    assert!(help.contains(variable), "{help}");
}

#[test]
fn the_flag_and_missive_lang_choose_the_language_of_help() {
    let here = env!("CARGO_MANIFEST_DIR");
    let french_usage = "Utilisation\u{a0}: missive status [OPTIONS]";
    let english_usage = "Usage: missive status [OPTIONS]";
    let (_, help, _) = said(missive(here), &["--lang", "fr", "status", "-h"]);
    assert!(help.contains(french_usage), "{help}");
    let (_, help, _) = said(missive(here), &["status", "--lang=fr", "-h"]);
    assert!(help.contains(french_usage), "{help}");
    let mut french_variable = missive(here);
    french_variable.env("MISSIVE_LANG", "fr");
    let (_, help, _) = said(french_variable, &["status", "-h"]);
    assert!(help.contains(french_usage), "{help}");
    let (_, help, _) = said(french(here), &["status", "--lang", "en", "-h"]);
    assert!(help.contains(english_usage), "{help}");
    let (_, help, _) = said(missive(here), &["status", "-h"]);
    assert!(help.contains(english_usage), "{help}");
}

#[test]
fn a_usage_error_is_said_in_french_with_its_suggestion_and_exit_code_2() {
    let here = env!("CARGO_MANIFEST_DIR");
    let (code, _, error) = said(french(here), &["check", "--skp-invalid"]);
    assert_eq!(code, Some(2), "{error}");
    assert_eq!(
        error,
        "erreur\u{a0}: l'option «\u{a0}--skp-invalid\u{a0}» n'existe pas\n\n  \
         astuce\u{a0}: vouliez-vous dire «\u{a0}--skip-invalid\u{a0}»\u{202f}?\n\n\
         Utilisation\u{a0}: missive check --skip-invalid\n\n\
         Pour en savoir plus, essayez «\u{a0}--help\u{a0}».\n"
    );
    let (code, _, error) = said(missive(here), &["check", "--skp-invalid"]);
    assert_eq!(code, Some(2), "{error}");
    assert!(
        error.starts_with(
            "error: unexpected argument '--skp-invalid' found\n\n  \
             tip: a similar argument exists: '--skip-invalid'\n"
        ),
        "{error}"
    );
    for (args, said_in_french) in [
        (
            &["sned"][..],
            "la commande «\u{a0}sned\u{a0}» n'existe pas\n\n  \
             astuce\u{a0}: vouliez-vous dire «\u{a0}send\u{a0}»\u{202f}?",
        ),
        (
            &["report", "--format", "xml"],
            "la valeur «\u{a0}xml\u{a0}» ne convient pas à «\u{a0}--format <FORMAT>\u{a0}»\n  \
             [valeurs possibles\u{a0}: csv, jsonl]",
        ),
        (
            &["completions"],
            "il manque cet argument obligatoire\u{a0}:\n  <SHELL>",
        ),
        (
            &["send", "--concurrency", "0"],
            "valeur non valable pour «\u{a0}--concurrency <N>\u{a0}»\u{a0}: «\u{a0}0\u{a0}» \
             n'est pas un nombre\u{202f}; écrivez un nombre entier de 1 ou plus, comme `2`",
        ),
        (
            &["send", "--yes", "--yes"],
            "l'option «\u{a0}--yes\u{a0}» ne se donne qu'une fois",
        ),
    ] {
        let (code, _, error) = said(french(here), args);
        assert_eq!(code, Some(2), "{args:?}: {error}");
        assert!(error.contains(said_in_french), "{args:?}: {error}");
        assert!(!error.contains("error:"), "{args:?}: {error}");
    }
}
