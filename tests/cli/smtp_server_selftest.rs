//! Proves the test SMTP server in `tests/cli/harness` with lettre as the client:
//! what it records, its STARTTLS and AUTH, its scripted replies and its
//! session counting. The integration tests of missive rely on all of these.

use std::time::Duration;

use lettre::message::Body;
use lettre::message::header::{ContentTransferEncoding, ContentType};
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{AsyncSmtpConnection, Certificate, Tls, TlsParameters};
use lettre::transport::smtp::commands::{Mail, Noop};
use lettre::transport::smtp::extension::ClientId;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::harness::{Event, SmtpServer, TestCa};

/// Long enough for a loaded CI machine, short enough that a hang fails the test.
const PATIENCE: Duration = Duration::from_secs(20);

fn circular(to: &str) -> Message {
    Message::builder()
        .from(
            "Inspection de la circonscription <ien@example.org>"
                .parse()
                .expect("a valid From"),
        )
        .to(to.parse().expect("a valid To"))
        .subject("Rentrée numérique — école Jules-Ferry")
        .header(ContentType::TEXT_PLAIN)
        .body(
            // 8bit, so that lettre declares BODY=8BITMIME and sends raw UTF-8.
            Body::new_with_encoding(
                "Madame, Monsieur,\r\n.Cette ligne commence par un point.\r\nÀ bientôt\r\n"
                    .to_owned(),
                ContentTransferEncoding::EightBit,
            )
            .expect("a body that 8bit can carry"),
        )
        .expect("a valid message")
}

fn plaintext_transport(server: &SmtpServer) -> AsyncSmtpTransport<Tokio1Executor> {
    AsyncSmtpTransport::<Tokio1Executor>::from_url(&server.url())
        .expect("the server's URL is one lettre takes")
        .build()
}

async fn send(
    transport: &AsyncSmtpTransport<Tokio1Executor>,
    message: Message,
) -> Result<lettre::transport::smtp::response::Response, lettre::transport::smtp::Error> {
    tokio::time::timeout(PATIENCE, transport.send(message))
        .await
        .expect("the send should end, not hang")
}

#[tokio::test]
async fn a_plain_send_arrives_as_sent_and_parses() {
    let server = SmtpServer::builder().start();
    let message = circular("Élodie Durand <elodie.durand@example.org>");
    let sent = message.formatted();

    send(&plaintext_transport(&server), message)
        .await
        .expect("the server accepts the message");

    assert!(server.wait_for(1, PATIENCE), "the message should arrive");
    assert!(
        !server.wait_for(2, Duration::from_millis(50)),
        "wait_for should give up when the count is not reached"
    );
    let messages = server.messages();
    assert_eq!(messages.len(), 1);
    let received = &messages[0];
    assert_eq!(received.mail_from, "ien@example.org");
    assert_eq!(received.rcpt_to, ["elodie.durand@example.org"]);
    assert_eq!(received.authenticated_as, None);
    assert!(!received.tls);
    assert!(received.eight_bit_mime);
    // lettre dot-stuffs the line that starts with a dot, mailin undoes it,
    // and the message ends with the CRLF that precedes the final dot.
    let mut expected = sent;
    expected.extend_from_slice(b"\r\n");
    assert_eq!(
        String::from_utf8_lossy(&received.data),
        String::from_utf8_lossy(&expected)
    );

    let parsed = received.parsed();
    assert_eq!(
        parsed.subject(),
        Some("Rentrée numérique — école Jules-Ferry")
    );
    let text = parsed.body_text(0).expect("a text body");
    assert!(
        text.contains("\r\n.Cette ligne commence par un point."),
        "{text:?}"
    );
    assert!(text.contains("À bientôt"), "{text:?}");
}

#[tokio::test]
async fn starttls_and_login_work_and_a_wrong_password_is_a_permanent_535() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let ca = TestCa::new(dir.path());
    let server = SmtpServer::builder()
        .starttls(&ca)
        .auth("user", "password")
        .start();
    let tls = TlsParameters::builder("localhost".to_owned())
        .add_root_certificate(
            Certificate::from_pem(ca.ca_pem().as_bytes()).expect("the test CA in PEM"),
        )
        .build_rustls()
        .expect("TLS parameters trusting the test CA");
    let transport = |mechanism: Mechanism, password: &str| {
        AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous("127.0.0.1")
            .port(server.addr().port())
            .tls(Tls::Required(tls.clone()))
            .credentials(Credentials::new("user".to_owned(), password.to_owned()))
            .authentication(vec![mechanism])
            .build::<Tokio1Executor>()
    };

    send(
        &transport(Mechanism::Login, "password"),
        circular("a@example.org"),
    )
    .await
    .expect("LOGIN over STARTTLS with the right password");
    let refused = send(
        &transport(Mechanism::Login, "wrong"),
        circular("b@example.org"),
    )
    .await
    .expect_err("a wrong password is refused");
    send(
        &transport(Mechanism::Plain, "password"),
        circular("c@example.org"),
    )
    .await
    .expect("PLAIN over STARTTLS with the right password");

    assert!(refused.is_permanent(), "{refused}");
    assert_eq!(refused.status().map(u16::from), Some(535), "{refused}");
    assert_eq!(server.auth_attempts(), 3);
    let messages = server.messages();
    let recipients: Vec<_> = messages.iter().map(|m| m.rcpt_to.join(",")).collect();
    assert_eq!(recipients, ["a@example.org", "c@example.org"]);
    for received in &messages {
        assert_eq!(received.authenticated_as.as_deref(), Some("user"));
        assert!(received.tls);
    }
}

#[tokio::test]
async fn a_scripted_451_at_the_first_rcpt_is_transient_and_the_retry_goes_through() {
    let server = SmtpServer::builder()
        .script(|event| match event {
            Event::Rcpt { attempt: 1, .. } => Some((451, "4.7.1 Try again later".to_owned())),
            _ => None,
        })
        .start();
    let transport = plaintext_transport(&server);

    let first = send(&transport, circular("a@example.org"))
        .await
        .expect_err("the first RCPT is deferred");
    assert!(first.is_transient(), "{first}");
    assert_eq!(first.status().map(u16::from), Some(451), "{first}");
    assert!(server.messages().is_empty());

    send(&transport, circular("a@example.org"))
        .await
        .expect("the second attempt is accepted");
    assert_eq!(server.messages().len(), 1);
}

#[tokio::test]
async fn a_rejection_at_the_end_of_data_is_answered_and_the_next_send_goes_through() {
    let server = SmtpServer::builder()
        .script(|event| match event {
            Event::DataEnd { nth: 1, .. } => Some((550, "5.7.1 Message refused".to_owned())),
            _ => None,
        })
        .start();
    let transport = plaintext_transport(&server);

    let refused = send(&transport, circular("a@example.org"))
        .await
        .expect_err("the first message is refused");
    assert!(refused.is_permanent(), "{refused}");
    assert_eq!(refused.status().map(u16::from), Some(550), "{refused}");

    send(&transport, circular("b@example.org"))
        .await
        .expect("the second message is accepted");
    let messages = server.messages();
    assert_eq!(messages.len(), 1);
    assert_eq!(messages[0].rcpt_to, ["b@example.org"]);
}

#[tokio::test]
async fn peak_sessions_counts_clients_connected_at_once() {
    let server = SmtpServer::builder().start();
    let hello = ClientId::Domain("client.example.org".to_owned());

    let mut connections = Vec::new();
    for _ in 0..3 {
        // Returns once the EHLO reply arrived, so the server counted the session.
        let connection =
            AsyncSmtpConnection::connect_tokio1(server.addr(), Some(PATIENCE), &hello, None, None)
                .await
                .expect("connect to the test server");
        connections.push(connection);
    }

    assert_eq!(server.peak_sessions(), 3);
    assert_eq!(server.sessions(), 3);
    for mut connection in connections {
        connection.quit().await.expect("QUIT is answered");
    }
}

#[tokio::test]
async fn a_scripted_421_closes_the_connection() {
    let server = SmtpServer::builder()
        .script(|event| match event {
            Event::Mail { .. } => Some((421, "4.3.2 Shutting down".to_owned())),
            _ => None,
        })
        .start();
    let hello = ClientId::Domain("client.example.org".to_owned());
    let mut connection =
        AsyncSmtpConnection::connect_tokio1(server.addr(), Some(PATIENCE), &hello, None, None)
            .await
            .expect("connect to the test server");

    let sender = "ien@example.org".parse().expect("a valid address");
    let refused = connection
        .command(Mail::new(Some(sender), Vec::new()))
        .await
        .expect_err("MAIL is refused");
    assert_eq!(refused.status().map(u16::from), Some(421), "{refused}");
    let after = tokio::time::timeout(PATIENCE, connection.command(Noop))
        .await
        .expect("the closed connection should fail at once, not hang");
    assert!(after.is_err(), "the server should have hung up: {after:?}");
}
