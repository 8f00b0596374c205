//! `--events json` read line by line as a script reads it, against the sample campaign and
//! a real SMTP server on loopback; and what a person reads when many rows share one
//! mistake, when broken rows are skipped, and when the confirmation is declined.

use std::io::{BufRead, BufReader};
use std::process::Stdio;

use serde_json::Value;

use crate::harness::{Campaign, SmtpServer, french, missive, text};

/// Every line of standard output, each parsed as one JSON object.
fn objects(stdout: &[u8]) -> Vec<Value> {
    String::from_utf8_lossy(stdout)
        .lines()
        .map(|line| {
            serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("not one JSON object ({e}): {line}"))
        })
        .collect()
}

fn of_kind<'a>(objects: &'a [Value], event: &str) -> Vec<&'a Value> {
    objects.iter().filter(|o| o["event"] == event).collect()
}

#[test]
fn check_and_preview_tell_each_row_as_json_and_end_with_a_summary() {
    let dir = Campaign::sample_without_login();
    for command in [
        vec!["check", "--events", "json"],
        vec!["preview", "--out", "revue", "--events", "json"],
    ] {
        let output = missive(dir.path()).args(&command).output().expect("runs");
        assert!(output.status.success(), "{}", text(&output));
        let objects = objects(&output.stdout);
        let rows = of_kind(&objects, "row");
        assert_eq!(rows.len(), 12, "one per row: {command:?}");
        for row in &rows {
            assert_eq!(row["state"], "ready", "{row}");
            let address = row["address"].as_str().expect("an address");
            assert!(
                address.ends_with("@ac-lille.example") && !address.contains('<'),
                "bare: {address}"
            );
            let time = row["time"].as_str().expect("a time");
            assert!(chrono::DateTime::parse_from_rfc3339(time).is_ok(), "{time}");
        }
        assert_eq!(rows[0]["row"], "recipients/directeurs.csv:2");
        let last = objects.last().expect("a last line");
        assert_eq!(last["event"], "summary", "{last}");
        assert_eq!(
            (&last["total"], &last["ready"]),
            (&Value::from(12), &Value::from(12))
        );
        assert_eq!(last["exit_code"], 0);
        // The words for a person went to standard error.
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("12 message"), "{stderr}");
    }
}

#[test]
fn send_tells_each_outcome_as_json_and_the_counts_last() {
    let dir = Campaign::sample_without_login();
    let server = SmtpServer::builder().start();
    let output = missive(dir.path())
        .args([
            "send",
            "--yes",
            "--rate",
            "unlimited",
            "--events",
            "json",
            "--smtp",
        ])
        .arg(server.url())
        .output()
        .expect("runs");
    assert!(output.status.success(), "{}", text(&output));
    let objects = objects(&output.stdout);
    let messages = of_kind(&objects, "message");
    assert_eq!(messages.len(), 12);
    let received: Vec<String> = server
        .messages()
        .iter()
        .flat_map(|m| m.rcpt_to.clone())
        .collect();
    for message in &messages {
        assert_eq!(message["state"], "sent", "{message}");
        assert_eq!(message["code"], 250, "{message}");
        assert!(message["reply"].is_string(), "{message}");
        let address = message["address"].as_str().expect("an address");
        assert!(
            received.iter().any(|r| r == address),
            "{address} was received"
        );
        assert!(
            message["row"]
                .as_str()
                .is_some_and(|r| r.contains("directeurs.csv:"))
        );
    }
    let last = objects.last().expect("a summary");
    assert_eq!(last["event"], "summary");
    assert_eq!(
        (
            &last["total"],
            &last["sent"],
            &last["failed"],
            &last["uncertain"]
        ),
        (
            &Value::from(12),
            &Value::from(12),
            &Value::from(0),
            &Value::from(0)
        )
    );
}

#[test]
fn a_failed_run_still_ends_its_json_with_a_summary_holding_the_error() {
    let dir = Campaign::sample_without_login();
    let output = missive(dir.path())
        .args([
            "send",
            "--yes",
            "--events",
            "json",
            "--smtp",
            "smtp://relay.ac-lille.fr:25",
        ])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    let objects = objects(&output.stdout);
    let last = objects.last().expect("a summary");
    assert_eq!(last["event"], "summary");
    assert_eq!(last["exit_code"], 1);
    assert!(
        last["error"]
            .as_str()
            .is_some_and(|e| e.contains("not protected by TLS")),
        "{last}"
    );
}

#[test]
fn a_reader_that_goes_away_ends_the_send_cleanly() {
    let dir = Campaign::sample_without_login();
    let server = SmtpServer::builder().start();
    let mut child = missive(dir.path())
        // Slow enough that the reader leaves while messages remain.
        .args([
            "send", "--yes", "--rate", "4/s", "--events", "json", "--smtp",
        ])
        .arg(server.url())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("missive starts");
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
    let mut first = String::new();
    stdout.read_line(&mut first).expect("a first line");
    assert!(first.starts_with('{'), "{first}");
    drop(stdout); // `| head -1`
    let output = child.wait_with_output().expect("missive ends");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(
        output.status.code(),
        Some(4),
        "stopped, resumable: {stderr}"
    );
    let sent = server.messages().len();
    assert!(sent < 12, "it stopped early: {sent} sent");
    // The journal is consistent: the next run sends the rest, nobody twice.
    let rest = missive(dir.path())
        .args(["send", "--yes", "--rate", "unlimited", "--smtp"])
        .arg(server.url())
        .output()
        .expect("runs");
    assert!(rest.status.success(), "{}", text(&rest));
    let mut to: Vec<String> = server
        .messages()
        .iter()
        .flat_map(|m| m.rcpt_to.clone())
        .collect();
    let all = to.len();
    to.sort();
    to.dedup();
    assert_eq!((all, to.len()), (12, 12), "everyone once");
}

/// Runs `command` with its standard output closed before the first line, as `| head -0`.
fn read_by_nobody(command: &mut std::process::Command) -> std::process::Output {
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("missive starts");
    drop(child.stdout.take());
    child.wait_with_output().expect("missive ends")
}

#[test]
fn check_output_closed_early_is_not_an_error() {
    let dir = Campaign::sample_without_login();
    let output = read_by_nobody(missive(dir.path()).args(["check", "--events", "json"]));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(output.status.success(), "{stderr}");
}

/// A campaign of `rows` recipients whose template has a `From:` line left as the placeholder
/// `missive init --from-eml` writes, which stops every row.
fn placeholder_from(rows: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("message.txt"),
        "From: {{ throw(message=\"the `From:` line is still a placeholder: à compléter\") }}\nTo: {{ email }}\nSubject: Rentrée\n\nBonjour.\n",
    )
    .expect("template");
    let list: String = std::iter::once("email\n".to_string())
        .chain((0..rows).map(|row| format!("ce.{row:07}@ac-lille.fr\n")))
        .collect();
    std::fs::write(dir.path().join("liste.csv"), list).expect("list");
    dir
}

#[test]
fn one_mistake_on_every_row_is_one_error_with_its_rows() {
    let dir = placeholder_from(8);
    let output = missive(dir.path())
        .args(["check", "-t", "message.txt", "-r", "liste.csv"])
        .output()
        .expect("runs");
    let said = text(&output);
    assert_eq!(output.status.code(), Some(1), "{said}");
    let errors: Vec<&str> = said.lines().filter(|l| l.starts_with("error: ")).collect();
    assert_eq!(
        errors.len(),
        2,
        "the mistake once, then its other rows: {said}"
    );
    assert!(
        errors[0].contains("liste.csv:2") && errors[0].contains("à compléter"),
        "{said}"
    );
    assert!(
        errors[1]
            .contains("the same problem as liste.csv:2 on 7 more rows (lines 3, 4, 5, 6, 7, 8, 9)"),
        "{said}"
    );
    assert!(
        said.contains("1 problem to fix before sending, on 8 rows")
            && said.contains("--skip-invalid"),
        "{said}"
    );
    // Preview and send stop on it the same way, and say it the same way.
    for command in [
        vec!["preview", "--out", "revue"],
        vec!["send", "--yes", "--smtp", "smtp://127.0.0.1:1"],
    ] {
        let output = missive(dir.path())
            .args(&command)
            .args(["-t", "message.txt", "-r", "liste.csv"])
            .output()
            .expect("runs");
        let said = text(&output);
        assert_eq!(output.status.code(), Some(1), "{said}");
        let errors: Vec<&str> = said.lines().filter(|l| l.starts_with("error: ")).collect();
        assert_eq!(errors.len(), 3, "{command:?}: {said}");
        assert!(errors[1].contains("on 7 more rows"), "{said}");
        assert!(
            errors[2].contains("1 problem to fix (listed above), on 8 rows"),
            "{said}"
        );
    }
}

/// The counts of `check` and the error of `preview` in French, with real plurals and French
/// spaces; the same runs under `LANG=C` stay English.
#[test]
fn check_and_preview_say_their_counts_in_french() {
    let dir = placeholder_from(8);
    let list = ["-t", "message.txt", "-r", "liste.csv"];
    let checked = french(dir.path())
        .arg("check")
        .args(list)
        .output()
        .expect("runs");
    let said = text(&checked);
    assert_eq!(checked.status.code(), Some(1), "{said}");
    assert!(
        said.contains("liste.csv\u{a0}: ") && said.contains("(1 colonne\u{a0}: email)"),
        "{said}"
    );
    assert!(said.contains("0 message prêt, 0\u{a0}o en tout"), "{said}");
    assert!(
        said.contains(
            "1 problème à corriger avant l'envoi, sur 8 lignes\u{202f}; corrigez-le, \
             ou donnez `--skip-invalid` pour envoyer les autres lignes sans elles"
        ),
        "{said}"
    );
    assert!(said.contains("plan d'envoi\u{a0}: "), "{said}");

    let previewed = french(dir.path())
        .args(["preview", "--out", "revue"])
        .args(list)
        .output()
        .expect("runs");
    let said = text(&previewed);
    assert_eq!(previewed.status.code(), Some(1), "{said}");
    assert!(
        said.contains(
            "erreur\u{a0}: 1 problème à corriger (indiqué ci-dessus), sur 8 lignes\u{202f}; \
             corrigez-le, ou donnez `--skip-invalid` pour laisser ces lignes de côté"
        ),
        "{said}"
    );

    let skip = |mut command: std::process::Command, more: &[&str]| {
        command
            .args(["check", "--skip-invalid"])
            .args(more)
            .args(list)
            .output()
            .expect("runs")
    };
    let said = text(&skip(french(dir.path()), &[]));
    assert!(
        said.contains("8 lignes avec des problèmes seront laissées de côté (`--skip-invalid`)"),
        "{said}"
    );
    let said = text(&skip(french(dir.path()), &["--shard", "1/2"]));
    assert!(
        said.contains("\npart 1/2\u{a0}: 0 message prêt, 0\u{a0}o en tout\n"),
        "{said}"
    );
    let english = skip(missive(dir.path()), &[]);
    let said = text(&english);
    assert!(
        said.contains("0 messages ready, 0 B in all")
            && said.contains("8 rows with problems will be left out (`--skip-invalid`)"),
        "{said}"
    );
}

#[test]
fn check_with_skip_invalid_says_what_is_left_out_and_succeeds() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("message.txt"),
        "From: Inspection <ien.lille-1@ac-lille.fr>\nTo: {{ email }}\nSubject: Rentrée\n\nBonjour.\n",
    )
    .expect("template");
    std::fs::write(
        dir.path().join("liste.csv"),
        "email\nce.0590001a@ac-lille.fr\npas-une-adresse\nce.0590002b@ac-lille.fr\n",
    )
    .expect("list");
    let check = |extra: &[&str]| {
        missive(dir.path())
            .args(["check", "-t", "message.txt", "-r", "liste.csv"])
            .args(extra)
            .output()
            .expect("runs")
    };
    let refused = check(&[]);
    assert_eq!(refused.status.code(), Some(1), "{}", text(&refused));
    assert!(
        text(&refused).contains("give `--skip-invalid`"),
        "{}",
        text(&refused)
    );

    let skipped = check(&["--skip-invalid"]);
    let said = text(&skipped);
    assert_eq!(skipped.status.code(), Some(0), "{said}");
    assert!(said.contains("2 messages ready"), "{said}");
    assert!(
        said.contains("1 row with problems will be left out"),
        "{said}"
    );
    assert!(said.contains("liste.csv:3"), "the row is named: {said}");

    let json = check(&["--skip-invalid", "--events", "json"]);
    let objects = objects(&json.stdout);
    let states: Vec<&str> = of_kind(&objects, "row")
        .iter()
        .filter_map(|row| row["state"].as_str())
        .collect();
    assert_eq!(states, ["ready", "skipped", "ready"]);
    let last = objects.last().expect("a summary");
    assert_eq!(
        (&last["skipped"], &last["exit_code"]),
        (&Value::from(1), &Value::from(0))
    );
}

#[test]
fn answering_no_at_the_confirmation_sends_nothing_and_is_not_an_error() {
    let dir = Campaign::sample_without_login();
    let server = SmtpServer::builder().start();
    let binary = env!("CARGO_BIN_EXE_missive");
    // `script` gives missive a terminal to ask on; `n` is the answer typed.
    let command = format!("{binary} send --rate unlimited --smtp {}", server.url());
    let mut child = std::process::Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .current_dir(dir.path())
        .env_remove("MISSIVE_SMTP_URL")
        .env_remove("MISSIVE_SMTP_PASSWORD")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("script runs (util-linux)");
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().expect("stdin");
        stdin.write_all(b"n\n").expect("the answer");
    }
    let output = child.wait_with_output().expect("ends");
    let said = text(&output);
    assert!(said.contains("Send now? [y/N]"), "{said}");
    assert!(said.contains("nothing sent: not confirmed"), "{said}");
    assert!(!said.contains("error:"), "declining is no error: {said}");
    assert_eq!(output.status.code(), Some(0), "{said}");
    assert!(server.messages().is_empty());
}

#[test]
fn an_empty_address_cell_is_named_by_its_column() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("message.txt"),
        "From: Inspection <ien.lille-1@ac-lille.fr>\nTo: {{ civilite }} {{ nom }} <{{ Courriel }}>\nSubject: Rentrée\n\nBonjour.\n",
    )
    .expect("template");
    std::fs::write(
        dir.path().join("liste.csv"),
        "civilite;nom;Courriel\nMme;Maëlle Boucher;\nM.;Durand;ce.0590001a@ac-lille.fr\n",
    )
    .expect("list");
    let output = missive(dir.path())
        .args(["check", "-t", "message.txt", "-r", "liste.csv"])
        .output()
        .expect("runs");
    let said = text(&output);
    assert_eq!(output.status.code(), Some(1), "{said}");
    assert!(
        said.contains("error: liste.csv:2: header `To` (template line 2) has no address: the `Courriel` column is empty on this row"),
        "{said}"
    );
    assert!(!said.contains("Boucher <>"), "{said}");
}

#[test]
fn report_and_status_read_by_head_end_quietly() {
    let dir = Campaign::sample_without_login();
    let server = SmtpServer::builder().start();
    let sent = missive(dir.path())
        .args(["send", "--yes", "--rate", "unlimited", "--smtp"])
        .arg(server.url())
        .output()
        .expect("runs");
    assert!(sent.status.success(), "{}", text(&sent));
    for command in [vec!["report", "--format", "jsonl"], vec!["status"]] {
        let output = read_by_nobody(missive(dir.path()).args(&command));
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!stderr.contains("panicked"), "{command:?}: {stderr}");
        assert!(!stderr.contains("error"), "{command:?}: {stderr}");
        assert_eq!(output.status.code(), Some(0), "{command:?}: {stderr}");
    }
}

/// The events without their `time`, which no two runs share.
fn timeless(stdout: &[u8]) -> Vec<Value> {
    let mut objects = objects(stdout);
    for object in &mut objects {
        object.as_object_mut().map(|fields| fields.remove("time"));
    }
    objects
}

#[test]
fn the_language_changes_neither_the_json_events_nor_the_exit_code() {
    let dir = Campaign::sample_without_login();
    let english = missive(dir.path())
        .args(["check", "--events", "json"])
        .output()
        .expect("runs");
    for mut french in [crate::harness::french(dir.path()), {
        let mut flagged = missive(dir.path());
        flagged.args(["--lang", "fr"]);
        flagged
    }] {
        let output = french
            .args(["check", "--events", "json"])
            .output()
            .expect("runs");
        assert_eq!(
            output.status.code(),
            english.status.code(),
            "{}",
            text(&output)
        );
        assert_eq!(timeless(&output.stdout), timeless(&english.stdout));
    }
    // A row's problem and the run's error are words in the events too: English for scripts.
    let broken = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        broken.path().join("message.txt"),
        "From: Inspection <ien.lille-1@ac-lille.fr>\nTo: <{{ Courriel }}>\nSubject: Rentrée\n\nBonjour.\n",
    )
    .expect("template");
    std::fs::write(
        broken.path().join("liste.csv"),
        "Courriel\nnot an address\nce.0590001a@ac-lille.fr\n",
    )
    .expect("list");
    let check = |mut command: std::process::Command| {
        command
            .args([
                "check",
                "-t",
                "message.txt",
                "-r",
                "liste.csv",
                "--events",
                "json",
            ])
            .output()
            .expect("runs")
    };
    let english = check(missive(broken.path()));
    let french = check(crate::harness::french(broken.path()));
    assert_eq!(english.status.code(), Some(1), "{}", text(&english));
    assert_eq!(french.status.code(), Some(1), "{}", text(&french));
    let events = timeless(&english.stdout);
    assert!(
        events.iter().any(|event| event["problems"].is_array()),
        "{events:?}"
    );
    assert_eq!(timeless(&french.stdout), events);
    let unknown = missive(dir.path())
        .args(["--lang", "de", "check"])
        .output()
        .expect("runs");
    assert_eq!(unknown.status.code(), Some(2), "{}", text(&unknown));
}
