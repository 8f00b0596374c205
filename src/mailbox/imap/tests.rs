//! The client against a real server: the private Dovecot of the integration tests' harness
//! (`tests/cli/harness/dovecot.rs`, which [`crate::test_servers`] includes by its path).
//! These tests live beside the code because the client is the crate's own (`pub(crate)`):
//! no `missive` command uses it yet, and a public API only for tests would be an API all the
//! same.
//!
//! `cargo test --release --lib mailbox::imap::tests::measure -- --ignored --nocapture`
//! measures appending and fetching a thousand messages.

use std::collections::BTreeSet;
use std::time::Instant;

use chrono::DateTime;

use super::*;
use crate::deliver::login::LoginMethod;
use crate::secret::Secret;
use crate::test_servers::dovecot::{Dovecot, IMAP_PASSWORD, IMAP_USER};

fn login(method: LoginMethod, secret: &str) -> Login {
    Login {
        user: IMAP_USER.to_owned(),
        secret: Secret::new(secret.to_owned()),
        method,
    }
}

fn roots(dovecot: &Dovecot) -> Vec<CertificateDer<'static>> {
    crate::tls::read_ca_file(dovecot.ca_file()).expect("the test CA")
}

async fn try_open(dovecot: &Dovecot, url: &str, login: &Login) -> Result<Mailbox, ImapError> {
    let url = ImapUrl::parse(url).expect(url);
    Mailbox::open(&url, login, &roots(dovecot), ImapTimeouts::default()).await
}

async fn open(dovecot: &Dovecot, url: &str) -> Mailbox {
    let password = login(LoginMethod::Password, IMAP_PASSWORD);
    try_open(dovecot, url, &password)
        .await
        .unwrap_or_else(|e| panic!("{e}\n{}", dovecot.log()))
}

/// The folder for `role` (or the `configured` one), which must be found.
async fn found(mailbox: &mut Mailbox, role: FolderRole, configured: Option<&str>) -> Folder {
    let folder = mailbox.find_folder(role, configured).await;
    folder.unwrap_or_else(|e| panic!("{e}"))
}

/// The folders found for Sent and for Drafts.
async fn sent_and_drafts(mailbox: &mut Mailbox) -> (Folder, Folder) {
    let sent = found(mailbox, FolderRole::Sent, None).await;
    (sent, found(mailbox, FolderRole::Drafts, None).await)
}

/// A small message with its own Message-ID.
fn message(id: &str) -> Vec<u8> {
    format!(
        "From: Inspection <ien@example.org>\r\nTo: <elodie.durand@example.org>\r\nSubject: Rentrée numérique — {id}\r\nMessage-ID: <{id}@missive.example>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\nMadame, Monsieur,\r\n.Une ligne qui commence par un point.\r\nÀ bientôt.\r\n"
    )
    .into_bytes()
}

#[tokio::test]
async fn imaps_and_starttls_log_in_with_the_test_ca_and_the_server_logs_tls() {
    let Some(dovecot) = Dovecot::start() else {
        return;
    };
    for url in [dovecot.imaps_url(), dovecot.starttls_url()] {
        open(&dovecot, &url).await.logout().await.expect("logout");
    }
    let logins = dovecot.wait_for_logins(2);
    assert_eq!(logins.len(), 2, "{logins:?}");
    for logged in logins {
        assert!(logged.tls, "{logged:?}");
        assert_eq!(logged.user, IMAP_USER);
    }
}

#[tokio::test]
async fn a_password_goes_over_plaintext_to_this_machine_only_and_a_token_never() {
    let Some(dovecot) = Dovecot::start() else {
        return;
    };
    open(&dovecot, &dovecot.plain_url()).await;
    assert!(!dovecot.wait_for_logins(1)[0].tls);
    let token = login(LoginMethod::OAuth2, "ya29.jeton-secret");
    let Err(error) = try_open(&dovecot, &dovecot.plain_url(), &token).await else {
        panic!("a token over plaintext");
    };
    assert!(
        matches!(error, ImapError::LoginWithoutTls { .. }),
        "{error}"
    );
    assert_says(&error, &["refusing to send the OAuth2 token"]);
    assert!(!error.to_string().contains("ya29"), "{error}");
    // Dovecot offers no XOAUTH2 here: over TLS the token is not sent either.
    let Err(error) = try_open(&dovecot, &dovecot.imaps_url(), &token).await else {
        panic!("XOAUTH2 is not offered");
    };
    assert!(
        matches!(error, ImapError::LoginUnsupported { .. }),
        "{error}"
    );
    assert_says(&error, &["XOAUTH2", "remove `token_command`"]);
    let error = ImapUrl::parse("imap://imap.ac-lille.fr:143").expect_err("plaintext");
    assert!(matches!(error, ImapUrlError::Plaintext { .. }), "{error}");
}

/// Dovecot's LOGIN command goes through its PLAIN mechanism: without `plain` it announces
/// LOGINDISABLED, and offers only AUTHENTICATE LOGIN, which missive does not speak.
#[tokio::test]
async fn a_server_without_plain_nor_the_login_command_is_named_with_what_to_do() {
    let Some(dovecot) = Dovecot::builder().auth_mechanisms("login").start() else {
        return;
    };
    let password = login(LoginMethod::Password, IMAP_PASSWORD);
    let Err(error) = try_open(&dovecot, &dovecot.imaps_url(), &password).await else {
        panic!("no login missive knows");
    };
    assert!(
        matches!(error, ImapError::LoginUnsupported { .. }),
        "{error}"
    );
    assert_says(
        &error,
        &["(PLAIN, LOGIN)", "ask the server's administrator"],
    );
    assert!(dovecot.logins().is_empty());
}

#[tokio::test]
async fn a_wrong_password_is_refused_in_the_servers_words_and_never_shown() {
    let Some(dovecot) = Dovecot::start() else {
        return;
    };
    let wrong = login(LoginMethod::Password, "pas-le-bon-mot-de-passe");
    let started = Instant::now();
    let Err(error) = try_open(&dovecot, &dovecot.imaps_url(), &wrong).await else {
        panic!("a wrong password");
    };
    assert!(started.elapsed().as_secs() < 5, "{:?}", started.elapsed());
    assert!(matches!(error, ImapError::LoginRefused { .. }), "{error}");
    assert_says(
        &error,
        &[
            "refused the login for `ien.lille-1`",
            "Authentication failed",
            "check the user name and the password",
        ],
    );
    assert!(!error.to_string().contains("pas-le-bon"), "{error}");
    assert!(!error.is_transient());
}

#[tokio::test]
async fn a_server_certificate_from_an_unknown_authority_is_refused() {
    let Some(dovecot) = Dovecot::start() else {
        return;
    };
    let url = ImapUrl::parse(&dovecot.starttls_url()).expect("a URL");
    let password = login(LoginMethod::Password, IMAP_PASSWORD);
    let Err(error) = Mailbox::open(&url, &password, &[], ImapTimeouts::default()).await else {
        panic!("an untrusted certificate");
    };
    assert!(matches!(error, ImapError::Tls { .. }), "{error}");
    assert_says(&error, &["TLS with the IMAP server", "--ca-file"]);
    assert!(dovecot.logins().is_empty());
}

#[tokio::test]
async fn the_special_use_flag_finds_folders_whatever_their_names() {
    let Some(dovecot) = Dovecot::builder()
        .sent_name("Envoi")
        .drafts_name("En cours")
        .start()
    else {
        return;
    };
    let mut mailbox = open(&dovecot, &dovecot.imaps_url()).await;
    let (sent, drafts) = sent_and_drafts(&mut mailbox).await;
    assert_eq!((sent.name(), drafts.name()), ("Envoi", "En cours"));
}

#[tokio::test]
async fn french_names_are_found_without_special_use_and_written_to_in_utf7() {
    let Some(dovecot) = Dovecot::french() else {
        return;
    };
    let mut mailbox = open(&dovecot, &dovecot.starttls_url()).await;
    let (sent, drafts) = sent_and_drafts(&mut mailbox).await;
    assert_eq!(
        (sent.name(), drafts.name()),
        ("Éléments envoyés", "Brouillons")
    );
    let copy = message("copie-1");
    let uid = mailbox
        .append(&sent, &copy, &[MessageFlag::Seen], None)
        .await;
    assert_eq!(uid.expect("stored"), Some(1));
    let stored = dovecot.messages("Éléments envoyés");
    assert_eq!(stored, [(vec!["\\Seen".to_owned()], copy)]);
}

#[tokio::test]
async fn a_configured_folder_wins_and_a_missing_one_names_the_folders_found() {
    let Some(dovecot) = Dovecot::start() else {
        return;
    };
    let mut mailbox = open(&dovecot, &dovecot.imaps_url()).await;
    let chosen = found(&mut mailbox, FolderRole::Sent, Some("drafts")).await;
    assert_eq!(chosen.name(), "Drafts");
    let missing = mailbox
        .find_folder(FolderRole::Sent, Some("Envoyés 2025"))
        .await
        .expect_err("no such folder");
    let said = [
        "no folder `Envoyés 2025` (`sent_folder`",
        "`INBOX`",
        "`Sent`",
        "`Drafts`",
    ];
    assert_says(&missing, &said);

    let Some(dovecot) = Dovecot::builder()
        .sent_name("Archives")
        .special_use(false)
        .start()
    else {
        return;
    };
    let mut mailbox = open(&dovecot, &dovecot.imaps_url()).await;
    let error = mailbox
        .find_folder(FolderRole::Sent, None)
        .await
        .expect_err("no Sent by flag or name");
    let said = [
        "no folder for sent messages",
        "`Archives`",
        "`sent_folder` in the [imap]",
    ];
    assert_says(&error, &said);
}

#[tokio::test]
async fn copies_arrive_byte_for_byte_with_their_flags_and_can_be_found_again() {
    let Some(dovecot) = Dovecot::start() else {
        return;
    };
    let mut mailbox = open(&dovecot, &dovecot.imaps_url()).await;
    let (sent, drafts) = sent_and_drafts(&mut mailbox).await;
    let (copy, draft) = (message("a-1"), message("brouillon-1"));
    // A day before the 10th: RFC 3501 pads it with a space, which a server may insist on.
    let date = DateTime::parse_from_rfc3339("2026-09-01T08:30:00+02:00").expect("a date");
    let stored = mailbox
        .append(&sent, &copy, &[MessageFlag::Seen], Some(date))
        .await;
    assert_eq!(stored.expect("APPEND"), Some(1));
    let stored = mailbox
        .append(&drafts, &draft, &[MessageFlag::Draft], None)
        .await;
    assert_eq!(stored.expect("APPEND"), Some(1));
    assert_eq!(
        dovecot.messages("Sent"),
        [(vec!["\\Seen".to_owned()], copy)]
    );
    assert_eq!(
        dovecot.messages("Drafts"),
        [(vec!["\\Draft".to_owned()], draft)]
    );

    for (id, there) in [
        ("<a-1@missive.example>", true),
        ("a-1@missive.example", true),
        ("<1@missive.example>", false),
        ("<a-2@missive.example>", false),
    ] {
        let found = mailbox
            .contains_message_id(&sent, id)
            .await
            .expect("SEARCH");
        assert_eq!(found, there, "{id}");
    }
    // Looking does not change what is stored.
    assert_eq!(dovecot.messages("Sent")[0].0, ["\\Seen"]);
    mailbox.logout().await.expect("logout");
}

#[tokio::test]
async fn a_thousand_messages_are_read_once_in_uid_order_and_stay_unseen() {
    let Some(dovecot) = Dovecot::start() else {
        return;
    };
    let delivered: BTreeSet<Vec<u8>> = (0..1000).map(|n| message(&format!("dsn-{n}"))).collect();
    for bytes in &delivered {
        dovecot.deliver("INBOX", bytes);
    }
    let mut mailbox = open(&dovecot, &dovecot.imaps_url()).await;
    let inbox = found(&mut mailbox, FolderRole::Sent, Some("INBOX")).await;
    let state = mailbox.examine(&inbox).await.expect("EXAMINE");
    assert_eq!(state.exists, 1000);
    assert_eq!(state.uid_next, Some(1001));
    let (mut last, mut uids, mut read) = (0, Vec::new(), BTreeSet::new());
    loop {
        let batch = mailbox.fetch_after(last, 300).await.expect("FETCH");
        let Some(end) = batch.last() else {
            break;
        };
        assert!(batch.len() <= 300);
        last = end.uid;
        for fetched in batch {
            uids.push(fetched.uid);
            assert!(
                read.insert(fetched.bytes),
                "read twice: UID {}",
                fetched.uid
            );
        }
    }
    assert!(uids.windows(2).all(|pair| pair[0] < pair[1]), "{uids:?}");
    assert_eq!(read, delivered);
    assert_eq!(mailbox.fetch_after(last, 300).await.expect("FETCH"), []);
    let unread = dovecot.messages("INBOX");
    assert!(
        unread.iter().all(|(flags, _)| flags.is_empty()),
        "{:?}",
        unread[0].0
    );
    // The same folder examined again: same validity, nothing new.
    let again = mailbox.examine(&inbox).await.expect("EXAMINE");
    assert_eq!(again.uid_validity, state.uid_validity);
    assert_eq!(mailbox.fetch_after(last, 300).await.expect("FETCH"), []);
}

/// Not a test: figures for a person to read (`--ignored --nocapture`), as
/// `benches/journal.rs` gives for the journal. Twice: against a server that waits for its
/// disk after each message (as servers do), and one that does not (what the protocol and
/// the client cost).
#[tokio::test]
#[ignore = "a measurement: run it with --release --ignored --nocapture"]
async fn measure_appending_and_fetching_a_thousand_messages_over_imaps() {
    for fsync in [true, false] {
        let Some(dovecot) = Dovecot::builder().fsync(fsync).start() else {
            return;
        };
        println!(
            "Dovecot with mail_fsync = {}:",
            if fsync { "optimized" } else { "never" }
        );
        measure(&dovecot).await;
    }
}

async fn measure(dovecot: &Dovecot) {
    let padding = "Une ligne du corps du message, comme une circulaire en a beaucoup.\r\n";
    let body = padding.repeat(20_000 / padding.len());
    let messages: Vec<Vec<u8>> = (0..1000)
        .map(|n| [message(&format!("mesure-{n}")), body.clone().into_bytes()].concat())
        .collect();
    let mut mailbox = open(dovecot, &dovecot.imaps_url()).await;
    let sent = found(&mut mailbox, FolderRole::Sent, None).await;
    let started = Instant::now();
    for bytes in &messages {
        let appended = mailbox
            .append(&sent, bytes, &[MessageFlag::Seen], None)
            .await;
        appended.expect("APPEND");
    }
    let appended = started.elapsed();
    mailbox.examine(&sent).await.expect("EXAMINE");
    let started = Instant::now();
    let (mut last, mut count, mut size) = (0, 0, 0);
    loop {
        let batch = mailbox.fetch_after(last, 200).await.expect("FETCH");
        let Some(end) = batch.last() else {
            break;
        };
        last = end.uid;
        count += batch.len();
        size += batch.iter().map(|m| m.bytes.len()).sum::<usize>();
    }
    let fetched = started.elapsed();
    assert_eq!(count, 1000);
    #[allow(clippy::cast_precision_loss)] // megabytes and messages a second, to read
    let (megabytes, per_second) = (size as f64 / 1e6, count as f64 / fetched.as_secs_f64());
    println!(
        "  append: 1000 messages of {} bytes, one at a time, in {appended:.2?} ({:.0}/s)",
        messages[0].len(),
        1000.0 / appended.as_secs_f64()
    );
    println!(
        "  fetch: {count} messages ({megabytes:.1} MB) in batches of 200 in {fetched:.2?} ({per_second:.0}/s)"
    );
}
