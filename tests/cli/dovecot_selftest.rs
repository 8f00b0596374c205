//! Proves the private Dovecot of `tests/cli/harness/dovecot.rs` with Python's imaplib as the
//! client (`dovecot_selftest/imap_client.py`), without missive: logins over imaps and
//! STARTTLS verified with the test CA and logged as TLS, the special-use folders, folder
//! names in French, what an APPEND stores in the Maildir, what the harness delivers, and a
//! wrong password refused quickly. The tests of missive's IMAP client rely on all of these.

use std::process::Command;

use base64::Engine as _;
use serde_json::{Value, json};

use crate::harness::{Dovecot, IMAP_PASSWORD, IMAP_USER, text};

const CLIENT: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/cli/dovecot_selftest/imap_client.py"
);

const MESSAGE: &str = "From: Inspection <ien@example.org>\r\nTo: <elodie.durand@example.org>\r\nSubject: Rentrée numérique\r\nMessage-ID: <selftest-1@example.org>\r\n\r\nÀ bientôt.\r\n";

/// What `imap_client.py` did at `url`, logged in with `password`: its login and each step's
/// result.
fn client(dovecot: &Dovecot, url: &str, password: &str, steps: &Value) -> Value {
    let plan = json!({
        "url": url,
        "ca": dovecot.ca_file(),
        "user": IMAP_USER,
        "password": password,
        "steps": steps,
    });
    let output = Command::new("python3")
        .arg(CLIENT)
        .arg(plan.to_string())
        .output()
        .expect("python3 runs");
    assert!(
        output.status.success(),
        "imap_client.py: {}\n{}",
        text(&output),
        dovecot.log()
    );
    serde_json::from_slice(&output.stdout).expect("imap_client.py prints JSON")
}

fn lines(step: &Value) -> Vec<String> {
    let lines = step.as_array().expect("a step's lines");
    lines
        .iter()
        .map(|l| l.as_str().expect("a line").to_owned())
        .collect()
}

fn decoded(step: &Value) -> Vec<Vec<u8>> {
    let messages = step.as_array().expect("fetched messages");
    let base64 = base64::engine::general_purpose::STANDARD;
    let decode = |m: &Value| base64.decode(m.as_str().expect("base64")).expect("base64");
    messages.iter().map(decode).collect()
}

#[test]
fn imaps_and_starttls_logins_are_verified_with_the_test_ca_and_logged_as_tls() {
    let Some(dovecot) = Dovecot::start() else {
        return;
    };
    for url in [dovecot.imaps_url(), dovecot.starttls_url()] {
        let done = client(&dovecot, &url, IMAP_PASSWORD, &json!([]));
        assert_eq!(done["login"], "OK", "{url}: {done}");
    }
    let logins = dovecot.wait_for_logins(2);
    assert_eq!(logins.len(), 2, "{logins:?}");
    for login in logins {
        assert!(login.tls, "{login:?}");
        assert_eq!(
            (login.user.as_str(), login.method.as_str()),
            (IMAP_USER, "PLAIN")
        );
    }
}

#[test]
fn a_plaintext_login_on_loopback_is_accepted_and_only_the_log_tells() {
    let Some(dovecot) = Dovecot::start() else {
        return;
    };
    let done = client(&dovecot, &dovecot.plain_url(), IMAP_PASSWORD, &json!([]));
    assert_eq!(done["login"], "OK", "{done}");
    let logins = dovecot.wait_for_logins(1);
    assert!(!logins[0].tls, "{logins:?}");
    assert!(dovecot.log().contains("secured"), "{}", dovecot.log());
}

#[test]
fn list_shows_sent_and_drafts_with_their_special_use() {
    let Some(dovecot) = Dovecot::start() else {
        return;
    };
    let steps = json!([["list_special_use"], ["list"]]);
    let done = client(&dovecot, &dovecot.imaps_url(), IMAP_PASSWORD, &steps);
    let asked = lines(&done["steps"][0]);
    assert!(
        asked.contains(&r#"(\Sent) "." Sent"#.to_owned()),
        "{asked:?}"
    );
    assert!(
        asked.contains(&r#"(\Drafts) "." Drafts"#.to_owned()),
        "{asked:?}"
    );
    // Dovecot shows them in a plain LIST too.
    let plain = lines(&done["steps"][1]);
    assert!(plain.iter().any(|l| l.contains(r"\Sent")), "{plain:?}");
}

#[test]
fn french_names_without_special_use_are_listed_in_modified_utf7() {
    let Some(dovecot) = Dovecot::french() else {
        return;
    };
    let wire = "&AMk-l&AOk-ments envoy&AOk-s";
    let steps = json!([["list_special_use"], ["append", wire, "(\\Seen)", MESSAGE]]);
    let done = client(&dovecot, &dovecot.imaps_url(), IMAP_PASSWORD, &steps);
    let listed = lines(&done["steps"][0]);
    assert!(
        listed.contains(&format!(r#"() "." "{wire}""#)),
        "{listed:?}"
    );
    assert!(
        listed.contains(&r#"() "." Brouillons"#.to_owned()),
        "{listed:?}"
    );
    assert_eq!(done["steps"][1][0], "OK", "{done}");
    let stored = dovecot.messages("Éléments envoyés");
    assert_eq!(
        stored,
        [(vec!["\\Seen".to_owned()], MESSAGE.as_bytes().to_vec())]
    );
}

#[test]
fn an_appended_message_is_stored_byte_for_byte_with_its_flags() {
    let Some(dovecot) = Dovecot::start() else {
        return;
    };
    let draft = MESSAGE.replace("selftest-1", "selftest-2");
    let steps = json!([
        ["append", "Sent", "(\\Seen)", MESSAGE],
        ["append", "Drafts", "(\\Draft)", draft],
        ["fetch", "Sent"],
    ]);
    let done = client(&dovecot, &dovecot.starttls_url(), IMAP_PASSWORD, &steps);
    let appended = done["steps"][0][1].as_str().expect("APPEND's reply");
    assert!(appended.starts_with("[APPENDUID "), "{done}");
    assert_eq!(decoded(&done["steps"][2]), [MESSAGE.as_bytes()]);
    let seen = vec!["\\Seen".to_owned()];
    assert_eq!(
        dovecot.messages("Sent"),
        [(seen, MESSAGE.as_bytes().to_vec())]
    );
    let draft_flag = vec!["\\Draft".to_owned()];
    assert_eq!(
        dovecot.messages("Drafts"),
        [(draft_flag, draft.into_bytes())]
    );
}

#[test]
fn a_delivered_message_is_what_a_client_fetches_and_stays_unseen() {
    let Some(dovecot) = Dovecot::start() else {
        return;
    };
    dovecot.deliver("INBOX", MESSAGE.as_bytes());
    let steps = json!([["fetch", "INBOX"]]);
    let done = client(&dovecot, &dovecot.imaps_url(), IMAP_PASSWORD, &steps);
    assert_eq!(decoded(&done["steps"][0]), [MESSAGE.as_bytes()]);
    let unseen = Vec::<String>::new();
    assert_eq!(
        dovecot.messages("INBOX"),
        [(unseen, MESSAGE.as_bytes().to_vec())]
    );
}

#[test]
fn a_wrong_password_is_refused_quickly_again_and_again() {
    let Some(dovecot) = Dovecot::start() else {
        return;
    };
    for _ in 0..3 {
        let done = client(&dovecot, &dovecot.imaps_url(), "pas-le-bon", &json!([]));
        let login = done["login"].as_str().expect("the login's outcome");
        assert!(login.contains("AUTHENTICATIONFAILED"), "{done}");
        let seconds = done["seconds"].as_f64().expect("its duration");
        assert!(seconds < 3.0, "refused after {seconds} s");
    }
    assert!(dovecot.logins().is_empty());
}
