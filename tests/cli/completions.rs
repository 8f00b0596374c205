//! `missive completions SHELL` and `missive man` are generated from the clap definitions:
//! every command is in every completion script, and the manual page is roff that `groff`
//! reads without a warning, with a section per command.

use clap::CommandFactory;

use crate::harness::{french, missive};

/// `missive ARGS` run in the package's folder, without colours.
fn generated(args: &[&str]) -> std::process::Output {
    missive(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("runs")
}

fn commands() -> Vec<String> {
    missive::cli::Cli::command()
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect()
}

#[test]
fn every_completion_script_names_every_command() {
    let commands = commands();
    assert!(commands.len() >= 8, "{commands:?}");
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let output = generated(&["completions", shell]);
        assert!(output.status.success(), "{shell}: {output:?}");
        let script = String::from_utf8(output.stdout).expect("utf-8");
        for command in &commands {
            assert!(script.contains(command.as_str()), "{shell}: no `{command}`");
        }
        assert!(script.contains("reviewed"), "{shell}: send's options");
    }
}

#[test]
fn an_unknown_shell_is_a_usage_error_listing_the_shells() {
    let output = generated(&["completions", "tcsh"]);
    assert_eq!(output.status.code(), Some(2));
    let error = String::from_utf8_lossy(&output.stderr);
    assert!(error.contains("bash") && error.contains("zsh"), "{error}");
}

/// The section titles (`.SH`) and subsection titles (`.SS`) of a roff page.
fn titles(page: &str, macro_name: &str) -> Vec<String> {
    page.lines()
        .filter_map(|line| line.strip_prefix(macro_name))
        .map(|title| title.trim().trim_matches('"').to_string())
        .collect()
}

#[test]
fn the_manual_page_is_roff_with_a_section_per_command() {
    let output = generated(&["man"]);
    assert!(output.status.success(), "{output:?}");
    let page = String::from_utf8(output.stdout).expect("utf-8");
    assert!(page.contains(".TH missive 1"), "{page}");
    let sections = titles(&page, ".SH ");
    for expected in [
        "NAME", "SYNOPSIS", "PREVIEW", "SEND", "CHECK", "INIT", "MAN",
    ] {
        assert!(
            sections.iter().any(|s| s == expected),
            "{expected}: {sections:?}"
        );
    }
    // Send's section holds its own options.
    let send = page
        .split(".SH SEND")
        .nth(1)
        .and_then(|rest| rest.split(".SH ").next())
        .expect("a SEND section");
    assert!(send.contains("reviewed"), "{send}");
    assert!(
        titles(send, ".SS ").iter().any(|s| s == "OPTIONS"),
        "{send}"
    );
    is_roff(&page);
}

/// Every request line of `page` is a macro roff knows, or a comment, and `groff` reads the
/// page without a warning (when it is installed).
fn is_roff(page: &str) {
    for line in page
        .lines()
        .filter(|l| l.starts_with('.') || l.starts_with('\''))
    {
        let name: String = line[1..]
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect();
        assert!(
            [
                "TH", "SH", "SS", "TP", "PP", "IP", "RS", "RE", "B", "I", "br", "ie", "el", "sp",
                "nf", "fi", "in", "ti", "EX", "EE"
            ]
            .contains(&name.as_str())
                || line.starts_with(".\\\""),
            "unknown request: {line}"
        );
    }
    let groff = std::process::Command::new("groff")
        .args(["-k", "-man", "-Tutf8", "-ww", "-z"])
        .stdin(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn();
    let Ok(mut groff) = groff else {
        eprintln!("groff is not installed: the page was checked without it");
        return;
    };
    {
        use std::io::Write;
        let mut stdin = groff.stdin.take().expect("stdin");
        stdin.write_all(page.as_bytes()).expect("groff reads");
    }
    let checked = groff.wait_with_output().expect("groff runs");
    assert!(checked.status.success(), "{checked:?}");
    let warnings = String::from_utf8_lossy(&checked.stderr);
    assert!(warnings.trim().is_empty(), "groff warns: {warnings}");
}

#[test]
fn man_out_writes_one_page_and_a_page_per_command() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("man1");
    let output = generated(&["man", "-o", out.to_str().expect("utf-8 path")]);
    assert!(output.status.success(), "{output:?}");
    assert!(out.join("missive.1").is_file());
    for command in commands() {
        let page = std::fs::read_to_string(out.join(format!("missive-{command}.1")))
            .unwrap_or_else(|e| panic!("missive-{command}.1: {e}"));
        assert!(page.contains(".TH missive-"), "{page}");
    }
}

#[test]
fn the_manual_page_is_in_french_under_a_french_language() {
    let output = french(env!("CARGO_MANIFEST_DIR"))
        .arg("man")
        .env("NO_COLOR", "1")
        .output()
        .expect("runs");
    assert!(output.status.success(), "{output:?}");
    let page = String::from_utf8(output.stdout).expect("utf-8");
    let sections = titles(&page, ".SH ");
    for expected in ["NOM", "SYNOPSIS", "DESCRIPTION", "COMMANDES", "SEND", "MAN"] {
        assert!(
            sections.iter().any(|s| s == expected),
            "{expected}: {sections:?}"
        );
    }
    assert!(!sections.iter().any(|s| s == "NAME"), "{sections:?}");
    let send = page
        .split(".SH SEND")
        .nth(1)
        .and_then(|rest| rest.split(".SH ").next())
        .expect("a SEND section");
    let subsections = titles(send, ".SS ");
    assert_eq!(
        subsections,
        ["SYNOPSIS", "DESCRIPTION", "OPTIONS", "EXEMPLES"],
        "{send}"
    );
    for french_words in [
        "Envoyer réellement les messages",
        "Afficher l\\*(Aqaide",
        "un envoi d\\*(Aqessai de trois messages",
    ] {
        assert!(send.contains(french_words), "{french_words} not in {send}");
    }
    is_roff(&page);
}
