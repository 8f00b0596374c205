//! `--help` shows examples for every command, and every example is a command line missive
//! accepts.

use clap::Parser;

use crate::harness::missive;

const COMMANDS: [&str; 9] = [
    "init",
    "check",
    "preview",
    "send",
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

#[test]
fn every_command_shows_examples_that_parse() {
    for command in COMMANDS {
        let output = missive(env!("CARGO_MANIFEST_DIR"))
            .args([command, "--help"])
            .env("NO_COLOR", "1")
            .output()
            .expect("runs");
        assert!(output.status.success());
        let help = String::from_utf8(output.stdout).expect("utf-8");
        assert!(!help.contains('\u{1b}'), "NO_COLOR: no escape codes");
        let (_, examples) = help
            .split_once("Examples:\n")
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
