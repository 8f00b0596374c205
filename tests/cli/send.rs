//! `missive send` against a real SMTP server (mailin-embedded) on loopback: what the server
//! received, parsed by a MIME parser, is what the campaign says, and what `preview` showed.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::Duration;

use mail_parser::MimeHeaders;

use crate::harness::{Campaign, Event, SmtpServer, TestCa, assert_exit, missive, text};

const PASSWORD: &str = "s3cret-Rentrée!";
const PATIENCE: Duration = Duration::from_secs(20);

/// The addresses of the sample's list (`recipients/directeurs.csv`).
fn emails(sample: &Campaign) -> BTreeSet<String> {
    let list = std::fs::read_to_string(sample.path().join("recipients/directeurs.csv"))
        .expect("sample list");
    list.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.split(';').nth(3).expect("email column").to_string())
        .collect()
}

fn without_date(data: &[u8]) -> Vec<u8> {
    missive::compose::without_date(data).into_owned()
}

#[test]
fn the_sample_goes_out_over_starttls_with_login_exactly_as_previewed() {
    sample_goes_out_as_previewed(None);
}

/// Past the memory kept between the passes, the second pass composes the messages again from
/// the rows: they must be the ones previewed all the same.
#[test]
fn messages_composed_again_for_sending_are_those_previewed() {
    sample_goes_out_as_previewed(Some("0"));
}

/// Previews the sample, sends it (with `keep_bytes` as the memory kept between the passes),
/// and checks every message the server received against the preview.
fn sample_goes_out_as_previewed(keep_bytes: Option<&str>) {
    let sample = Campaign::sample();
    let ca = TestCa::new(sample.path());
    let server = SmtpServer::builder()
        .starttls(&ca)
        .auth("ien.lille-1", PASSWORD)
        .start();
    let preview = missive(sample.path())
        .args(["preview", "--out", "revue"])
        .output()
        .expect("preview runs");
    assert!(preview.status.success(), "{}", text(&preview));

    let url = format!("smtp://127.0.0.1:{}?tls=required", server.addr().port());
    let sent = missive(sample.path())
        .args([
            "send",
            "--rate",
            "unlimited",
            "--yes",
            "--smtp",
            &url,
            "--smtp-user",
            "ien.lille-1",
            "--ca-file",
        ])
        .arg(ca.ca_file())
        .env("MISSIVE_SMTP_PASSWORD", PASSWORD)
        .envs(keep_bytes.map(|bytes| ("MISSIVE_KEEP_BYTES", bytes)))
        .output()
        .expect("send runs");
    assert_exit(&sent, 0);
    assert!(!text(&sent).contains(PASSWORD));

    let received = server.messages();
    assert_eq!(received.len(), 12);
    let recipients: BTreeSet<String> = received
        .iter()
        .flat_map(|m| m.rcpt_to.iter().cloned())
        .collect();
    assert_eq!(
        recipients,
        emails(&sample),
        "every head got exactly one message"
    );
    assert!(
        received
            .iter()
            .all(|m| m.tls && m.authenticated_as.as_deref() == Some("ien.lille-1"))
    );

    let infographic = std::fs::read(
        sample
            .path()
            .join("templates/rentree-numerique/infographie-rentree.png"),
    )
    .expect("infographic");
    let manifest: serde_json::Value = serde_json::from_slice(
        &std::fs::read(sample.path().join("revue/manifest.json")).expect("manifest"),
    )
    .expect("json");
    for message in &received {
        assert_as_previewed(message, sample.path(), &manifest, &infographic);
    }
}

/// One received message: decoded right, the infographic intact, and byte for byte the
/// `.eml` the reviewer saw (Date aside).
fn assert_as_previewed(
    message: &crate::harness::Received,
    dir: &Path,
    manifest: &serde_json::Value,
    infographic: &[u8],
) {
    let parsed = message.parsed();
    let to = parsed.to().and_then(|a| a.first()).expect("To");
    let subject = parsed.subject().expect("Subject");
    assert!(subject.starts_with("Rentrée numérique du 26 avril — recommandations pour "));
    if to.address() == Some("ce.0594112k@ac-lille.fr") {
        assert_eq!(to.name(), Some("Madame Hélène Lefèvre"));
        assert!(
            subject.ends_with("École élémentaire Jules-Ferry"),
            "{subject}"
        );
    }
    let text_body = parsed.body_text(0).expect("text part");
    assert!(text_body.contains("college.cned.fr"));
    let html = parsed.body_html(0).expect("html part");
    assert!(
        html.contains("src=\"cid:"),
        "the infographic is shown inline"
    );
    let image = parsed
        .attachments()
        .find(|a| a.attachment_name() == Some("infographie-rentree.png"))
        .expect("the infographic travels with the message");
    assert_eq!(image.contents(), infographic, "attachment bytes intact");
    assert_eq!(
        parsed.header_raw("Auto-Submitted").map(str::trim),
        Some("auto-generated")
    );

    // What the reviewer saw is what was sent, Date aside.
    let message_id = format!("<{}>", parsed.message_id().expect("Message-ID"));
    let entry = manifest["messages"]
        .as_array()
        .expect("messages")
        .iter()
        .find(|e| e["message_id"] == message_id.as_str())
        .expect("every sent message was previewed");
    let eml = std::fs::read(
        dir.join("revue")
            .join(entry["file"].as_str().expect("file")),
    )
    .expect("eml");
    let (sent, previewed) = (without_date(&message.data), without_date(&eml));
    let differs = sent.iter().zip(&previewed).position(|(a, b)| a != b);
    assert!(
        sent == previewed,
        "sent {} bytes, previewed {}, first difference at {differs:?}, sent ends {:?}",
        sent.len(),
        previewed.len(),
        String::from_utf8_lossy(&sent[sent.len().saturating_sub(40)..])
    );
}

#[test]
fn bcc_is_in_the_envelope_and_not_in_the_message() {
    let dir = Campaign::empty();
    dir.write(
        "message.txt",
        "From: ien@ac-lille.fr\nTo: {{ email }}\nCc: {{ adjoint }}\nBcc: archives@ac-lille.fr\nSubject: Note\n\nBonjour\n",
    );
    dir.write(
        "liste.csv",
        "email,adjoint\na@ac-lille.fr,\nb@ac-lille.fr,adj.b@ac-lille.fr\n",
    );
    let server = SmtpServer::builder().start();
    let sent = missive(dir.path())
        .args([
            "send",
            "--rate",
            "unlimited",
            "--yes",
            "-t",
            "message.txt",
            "-r",
            "liste.csv",
            "--smtp",
        ])
        .arg(server.url())
        .output()
        .expect("send runs");
    assert_exit(&sent, 0);
    let mut received = server.messages();
    received.sort_by(|a, b| a.rcpt_to.cmp(&b.rcpt_to));
    let envelopes: Vec<Vec<String>> = received.iter().map(|m| m.rcpt_to.clone()).collect();
    assert_eq!(
        envelopes,
        [
            vec!["a@ac-lille.fr".to_string(), "archives@ac-lille.fr".into()],
            vec![
                "b@ac-lille.fr".to_string(),
                "adj.b@ac-lille.fr".into(),
                "archives@ac-lille.fr".into()
            ],
        ]
    );
    for message in &received {
        let parsed = message.parsed();
        assert!(parsed.bcc().is_none());
        assert!(!String::from_utf8_lossy(&message.data).contains("archives@"));
    }
    assert!(
        received[0].parsed().cc().is_none(),
        "an empty Cc is left out"
    );
}

/// A server that refuses one recipient of the sample for good (550).
pub(crate) fn refusing_one_recipient() -> SmtpServer {
    SmtpServer::builder()
        .script(|event| match event {
            Event::Rcpt { to, .. } if to.contains("ce.0596230c") => {
                Some((550, "5.1.1 mailbox unknown".into()))
            }
            _ => None,
        })
        .start()
}

#[test]
fn a_refused_recipient_fails_alone_and_the_run_exits_3() {
    let sample = Campaign::sample_without_login();
    let server = refusing_one_recipient();
    let sent = missive(sample.path())
        .args(["send", "--yes", "--rate", "unlimited", "--smtp"])
        .arg(server.url())
        .output()
        .expect("send runs");
    assert_exit(&sent, 3);
    assert!(text(&sent).contains("550"), "{}", text(&sent));
    assert!(
        text(&sent).contains("sent 11, refused 1, deferred 0, uncertain 0 in "),
        "{}",
        text(&sent)
    );
    assert_eq!(server.messages().len(), 11);
}

#[test]
fn a_wrong_password_stops_the_run_at_once_with_exit_4() {
    let sample = Campaign::sample();
    let ca = TestCa::new(sample.path());
    let server = SmtpServer::builder()
        .starttls(&ca)
        .auth("ien.lille-1", PASSWORD)
        .start();
    let url = format!("smtp://127.0.0.1:{}?tls=required", server.addr().port());
    let wrong = "not-the-password";
    let sent = missive(sample.path())
        .args([
            "send",
            "--rate",
            "unlimited",
            "--yes",
            "--smtp",
            &url,
            "--smtp-user",
            "ien.lille-1",
            "--ca-file",
        ])
        .arg(ca.ca_file())
        .env("MISSIVE_SMTP_PASSWORD", wrong)
        .output()
        .expect("send runs");
    assert_exit(&sent, 4);
    let output = text(&sent);
    assert!(output.contains("refused the login"), "{output}");
    assert!(!output.contains(wrong), "{output}");
    assert!(server.messages().is_empty());
    assert_eq!(
        server.auth_attempts(),
        1,
        "a single attempt, whatever the concurrency: no retry loop on a wrong password"
    );
    let french = crate::harness::french(sample.path())
        .args([
            "send",
            "--yes",
            "--smtp",
            &url,
            "--smtp-user",
            "ien.lille-1",
        ])
        .arg("--ca-file")
        .arg(ca.ca_file())
        .env("MISSIVE_SMTP_PASSWORD", wrong)
        .output()
        .expect("send runs");
    assert_exit(&french, 4);
    let said = text(&french);
    assert!(
        said.contains("erreur\u{a0}: le relais a refusé l'identification de «\u{a0}ien.lille-1\u{a0}»\u{a0}: «\u{a0}"),
        "{said}"
    );
    assert!(
        said.contains("\u{202f}; vérifiez le nom d'utilisateur et le mot de passe"),
        "{said}"
    );
    assert!(!said.contains(wrong), "{said}");
}

#[test]
fn an_untrusted_certificate_is_refused() {
    let sample = Campaign::sample_without_login();
    let ca = TestCa::new(sample.path());
    let server = SmtpServer::builder().starttls(&ca).start();
    let url = format!("smtp://127.0.0.1:{}?tls=required", server.addr().port());
    let sent = missive(sample.path())
        .args(["send", "--yes", "--rate", "unlimited", "--smtp", &url])
        .output()
        .expect("send runs");
    assert_exit(&sent, 4);
    assert!(text(&sent).contains("--ca-file"), "{}", text(&sent));
    assert!(server.messages().is_empty());
}

#[test]
fn without_a_terminal_send_needs_yes_and_sends_nothing() {
    let sample = Campaign::sample_without_login();
    let server = SmtpServer::builder().start();
    let sent = missive(sample.path())
        .args(["send", "--smtp"])
        .arg(server.url())
        .output()
        .expect("send runs");
    assert_exit(&sent, 1);
    assert!(text(&sent).contains("--yes"));
    assert_eq!(server.sessions(), 0);
}

#[test]
fn plaintext_to_another_host_is_refused_before_connecting() {
    let sample = Campaign::sample_without_login();
    let sent = missive(sample.path())
        .args([
            "send",
            "--yes",
            "--rate",
            "unlimited",
            "--smtp",
            "smtp://smtp.ac-lille.fr:25",
        ])
        .output()
        .expect("send runs");
    assert_exit(&sent, 1);
    assert!(text(&sent).contains("?tls=required"), "{}", text(&sent));
}

#[test]
fn limit_and_test_send_go_to_one_address() {
    let sample = Campaign::sample_without_login();
    let server = SmtpServer::builder().start();
    let sent = missive(sample.path())
        .args([
            "send",
            "--rate",
            "unlimited",
            "--yes",
            "--limit",
            "3",
            "--to",
            "inspectrice@ac-lille.fr",
            "--smtp",
        ])
        .arg(server.url())
        .output()
        .expect("send runs");
    assert_exit(&sent, 0);
    assert!(server.wait_for(3, PATIENCE));
    let received = server.messages();
    assert_eq!(received.len(), 3);
    for message in &received {
        assert_eq!(message.rcpt_to, ["inspectrice@ac-lille.fr"]);
        assert!(
            message
                .parsed()
                .subject()
                .expect("subject")
                .starts_with("[TEST] ")
        );
    }
}

#[test]
fn check_names_an_undefined_variable_with_its_line() {
    let sample = Campaign::sample();
    let template: PathBuf = sample.path().join("templates/rentree-numerique/message.md");
    let original = std::fs::read_to_string(&template).expect("template");
    std::fs::write(
        &template,
        original.replacen("{{ ecole }}", "{{ etablissement }}", 1),
    )
    .expect("edit");
    let checked = missive(sample.path())
        .arg("check")
        .output()
        .expect("check runs");
    assert_eq!(checked.status.code(), Some(1));
    let output = text(&checked);
    assert!(
        output.contains(
            "templates/rentree-numerique/message.md:3: the template uses `etablissement`"
        ),
        "{output}"
    );
}

/// mailin forgets the login after the RSET that follows a refused RCPT and answers the next
/// MAIL with `503 Bad sequence of commands`: that session is dead, not the next recipient.
#[test]
fn a_refused_recipient_over_starttls_and_login_fails_alone() {
    let sample = Campaign::sample();
    let ca = TestCa::new(sample.path());
    let server = SmtpServer::builder()
        .starttls(&ca)
        .auth("ien.lille-1", PASSWORD)
        .script(|event| match event {
            Event::Rcpt { to, .. } if to.contains("ce.0596230c") => {
                Some((550, "5.1.1 mailbox unknown".into()))
            }
            _ => None,
        })
        .start();
    let url = format!("smtp://127.0.0.1:{}?tls=required", server.addr().port());
    let sent = missive(sample.path())
        .args(["send", "--yes", "--rate", "unlimited", "--concurrency", "1"])
        .args(["--smtp", &url, "--smtp-user", "ien.lille-1", "--ca-file"])
        .arg(ca.ca_file())
        .env("MISSIVE_SMTP_PASSWORD", PASSWORD)
        .output()
        .expect("send runs");
    let output = text(&sent);
    assert_eq!(sent.status.code(), Some(3), "{output}");
    assert!(!output.contains("503"), "{output}");
    let report = missive(sample.path())
        .args(["report", "--format", "csv"])
        .output()
        .expect("report runs");
    let report = String::from_utf8_lossy(&report.stdout).into_owned();
    let failed: Vec<&str> = report.lines().filter(|l| l.contains("failed")).collect();
    assert_eq!(failed.len(), 1, "{report}");
    assert!(
        failed[0].contains("ce.0596230c") && failed[0].contains("550"),
        "{report}"
    );
    let delivered: BTreeSet<String> = server
        .messages()
        .iter()
        .flat_map(|m| m.rcpt_to.iter().cloned())
        .collect();
    let mut expected = emails(&sample);
    expected.retain(|e| !e.contains("ce.0596230c"));
    assert_eq!(delivered, expected, "every other head got the circular");
}
