//! Flags are typed at the door: a value of the wrong form is clap's usage error (exit 2)
//! naming the flag and showing the form it takes, before anything is read or sent; the
//! relay's variable binds through clap, the password's never shows.

use assert_cmd::prelude::*;

use crate::harness::{french, missive, text};

/// `missive` in a folder, in one language or the other.
type Language = fn(&std::path::Path) -> std::process::Command;

/// The sample campaign, with no rate of its own: the relay decides the default pace.
fn sample_without_rate() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    missive(dir.path()).arg("init").assert().success();
    let file = dir.path().join("campaign.toml");
    let campaign = std::fs::read_to_string(&file).expect("campaign.toml");
    let kept: Vec<&str> = campaign
        .lines()
        .filter(|line| !line.starts_with("rate"))
        .collect();
    std::fs::write(&file, kept.join("\n")).expect("campaign.toml");
    dir
}

#[test]
fn a_bad_value_is_a_usage_error_naming_the_flag_and_its_form() {
    let dir = tempfile::tempdir().expect("temp dir");
    for (args, flag, form) in [
        (
            &["--rate", "3/week"][..],
            "'--rate <SPEC>'",
            "like `30/min`, `2/s`",
        ),
        (
            &["--window", "soir-matin"][..],
            "'--window <HH:MM-HH:MM>'",
            "like `18:00-07:30`",
        ),
        (
            &["--retry-base", "bientot"][..],
            "'--retry-base <DURATION>'",
            "use a number and a unit, like `5s`, `2min` or `1h`",
        ),
        (
            &["--not-before", "demain 18h"][..],
            "'--not-before <DATETIME>'",
            "like `2021-04-25 18:00`",
        ),
        (
            &["--to", "moi"][..],
            "'--to <ADDRESS>'",
            "write it as `name@domain.fr`",
        ),
        (
            &["--smtp", "smtp.ac-lille.fr"][..],
            "'--smtp <URL>'",
            "like `smtps://smtp.example.fr:465`",
        ),
        (
            &["--concurrency", "0"][..],
            "'--concurrency <N>'",
            "1 or more, like `2`",
        ),
        (&["--limit", "0"][..], "'--limit <N>'", "1 or more"),
        (
            &["--max-attempts", "zero"][..],
            "'--max-attempts <N>'",
            "1 or more",
        ),
        (
            &["--delimiter", "|"][..],
            "'--delimiter <DELIMITER>'",
            "use `;`, `,` or `tab`",
        ),
    ] {
        let output = missive(dir.path())
            .arg("send")
            .args(args)
            .output()
            .expect("runs");
        let said = text(&output);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {said}");
        assert!(
            said.contains(&format!("invalid value for {flag}")),
            "{args:?}: {said}"
        );
        assert!(said.contains(form), "{args:?}: {said}");
        assert!(!said.contains("campaign"), "nothing read first: {said}");
    }
}

#[test]
fn check_refuses_a_bad_encoding_as_usage_too() {
    let dir = tempfile::tempdir().expect("temp dir");
    let output = missive(dir.path())
        .args(["check", "--encoding", "ebcdic"])
        .output()
        .expect("runs");
    let said = text(&output);
    assert_eq!(output.status.code(), Some(2), "{said}");
    assert!(
        said.contains("invalid value for '--encoding <ENCODING>'")
            && said.contains("use `utf-8`, `utf-16le`, `utf-16be` or `windows-1252`"),
        "{said}"
    );
}

#[test]
fn a_bad_value_in_campaign_toml_is_a_configuration_error_with_file_line_and_key() {
    let dir = sample_without_rate();
    let file = dir.path().join("campaign.toml");
    let campaign = std::fs::read_to_string(&file).expect("campaign.toml");
    std::fs::write(
        &file,
        campaign.replace("[throttle]\n", "[throttle]\nwindow = \"soir\"\n"),
    )
    .expect("campaign.toml");
    let line = campaign
        .lines()
        .position(|l| l == "[throttle]")
        .expect("a [throttle] section")
        + 2;
    let output = missive(dir.path()).arg("check").output().expect("runs");
    let said = text(&output);
    assert_eq!(output.status.code(), Some(1), "{said}");
    assert!(
        said.contains(&format!(
            "campaign.toml:{line}: `[throttle] window`: `soir` is not a sending window"
        )),
        "{said}"
    );
    assert!(said.contains("like `18:00-07:30`"), "{said}");
}

#[test]
fn the_relay_of_missive_smtp_url_binds_through_smtp() {
    let dir = sample_without_rate();
    let remote = missive(dir.path()).arg("check").output().expect("runs");
    assert!(
        text(&remote).contains("sending plan: limits 60/min"),
        "campaign.toml's remote relay is spared: {}",
        text(&remote)
    );
    for local in [
        missive(dir.path())
            .arg("check")
            .env("MISSIVE_SMTP_URL", "smtp://127.0.0.1:2525")
            .output(),
        missive(dir.path())
            .args(["check", "--smtp", "smtp://127.0.0.1:2525"])
            .output(),
    ] {
        let local = local.expect("runs");
        assert!(local.status.success(), "{}", text(&local));
        assert!(
            text(&local).contains("sending plan: no rate limit"),
            "a relay on this machine is not: {}",
            text(&local)
        );
    }
    let flag_wins = missive(dir.path())
        .args(["check", "--smtp", "smtps://smtp.ac-lille.fr"])
        .env("MISSIVE_SMTP_URL", "smtp://127.0.0.1:2525")
        .output()
        .expect("runs");
    assert!(
        text(&flag_wins).contains("sending plan: limits 60/min"),
        "{}",
        text(&flag_wins)
    );
}

#[test]
fn a_bad_missive_smtp_url_names_the_variable_and_never_its_password() {
    let dir = tempfile::tempdir().expect("temp dir");
    let languages: [(Language, &str); 2] = [
        (
            |dir| missive(dir),
            "invalid value for '--smtp <URL>' (from MISSIVE_SMTP_URL)",
        ),
        (
            |dir| french(dir),
            "erreur\u{a0}: valeur non valable pour «\u{a0}--smtp <URL>\u{a0}» \
             (venue de MISSIVE_SMTP_URL)\u{a0}: ",
        ),
    ];
    for (language, named) in languages {
        let output = language(dir.path())
            .arg("send")
            .env("MISSIVE_SMTP_URL", "smtp://ien:hunter2@smtp.ac-lille.fr")
            .output()
            .expect("runs");
        let said = text(&output);
        assert_eq!(output.status.code(), Some(2), "{said}");
        assert!(said.contains(named), "{said}");
        assert!(!said.contains("hunter2"), "{said}");
    }
}

#[test]
fn help_never_shows_the_values_of_the_relay_or_password_variables() {
    let dir = tempfile::tempdir().expect("temp dir");
    let languages: [Language; 2] = [|dir| missive(dir), |dir| french(dir)];
    for (command, language) in ["send", "check"]
        .into_iter()
        .flat_map(|command| languages.map(|language| (command, language)))
    {
        let output = language(dir.path())
            .args([command, "--help"])
            .env("MISSIVE_SMTP_PASSWORD", "hunter2")
            .env("MISSIVE_SMTP_URL", "smtp://relais-secret.example:2525")
            .output()
            .expect("runs");
        let help = text(&output);
        assert!(output.status.success(), "{help}");
        assert!(!help.contains("hunter2"), "{help}");
        assert!(!help.contains("relais-secret"), "{help}");
        assert!(help.contains("MISSIVE_SMTP_URL]"), "{help}");
        assert!(
            !help.contains("--smtp-password") && !help.contains("--password"),
            "the password is no flag: {help}"
        );
    }
}
