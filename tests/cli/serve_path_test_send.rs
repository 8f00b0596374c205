//! "Send me a test" on the Preview page of `missive serve`: its form posts to the Send page's
//! handler, which sends the test as `send --to` does, then goes back to the Preview page,
//! which says what happened once. Only a path of the app is gone back to. The real binary,
//! spoken to over HTTP as a browser would, sending to a real SMTP test server.

use crate::harness::{SmtpServer, french, missive};
use crate::serve::{Served, csrf};
use crate::serve_send::sample_to;

const ME: &str = "moi@ac-lille.example";

#[test]
fn the_preview_page_sends_a_test_and_shows_what_happened_there() {
    let relay = SmtpServer::builder().start();
    let campaign = sample_to(&relay, "unlimited", "");
    for (command, button, said) in [
        (
            missive(campaign.path()),
            ">Send me a test</button>",
            "1 test message sent to moi@ac-lille.example",
        ),
        (
            french(campaign.path()),
            ">M&#39;envoyer un test</button>",
            "1 message de test envoyé à moi@ac-lille.example",
        ),
    ] {
        let served = Served::start(command, &[]);
        let cookie = served.session();
        let preview = served.get("/preview", Some(&cookie));
        assert_eq!(preview.status, 200, "{}", preview.body);
        for form in [
            "action=\"/send/test\"",
            "name=\"back\" value=\"/preview#test\"",
            button,
        ] {
            assert!(preview.body.contains(form), "{form}: {}", preview.body);
        }
        assert!(!preview.body.contains(said), "{}", preview.body);
        let token = csrf(&preview.body);
        let before = relay.messages().len();
        let test = |back: &str| {
            served.post(
                "/send/test",
                Some(&served.origin()),
                Some(&cookie),
                &[
                    ("csrf", &token),
                    ("back", back),
                    ("address", ME),
                    ("rows", "1"),
                ],
            )
        };

        let sent = test("/preview#test");
        assert_eq!(sent.status, 303, "{}", sent.body);
        assert_eq!(sent.header("Location"), Some("/preview#test"));
        let messages = relay.messages();
        assert_eq!(messages.len(), before + 1);
        assert_eq!(messages[before].rcpt_to, [ME]);
        let subject = messages[before]
            .parsed()
            .subject()
            .map(str::to_owned)
            .expect("a subject");
        assert!(subject.starts_with("[TEST]"), "{subject}");
        let back = served.get("/preview", Some(&cookie));
        assert!(back.body.contains(said), "{}", back.body);
        assert!(
            back.body.contains(&format!("value=\"{ME}\"")),
            "{}",
            back.body
        );
        // Said once: the page loaded again no longer says it, and offers the same address
        // for the next test, as the Send page's form does.
        let again = served.get("/preview", Some(&cookie)).body;
        assert!(!again.contains(said));
        assert!(again.contains(&format!("value=\"{ME}\"")), "{again}");
        let send_page = served.get("/send", Some(&cookie)).body;
        assert!(
            send_page.contains(&format!("value=\"{ME}\"")),
            "{send_page}"
        );
        // Another browser's session is offered no one's address.
        let other = served.session();
        let elsewhere = served.get("/preview", Some(&other)).body;
        assert!(!elsewhere.contains(ME), "{elsewhere}");

        // A `back` that leaves the app is not followed: the Send page says what happened.
        for elsewhere in [
            "//evil.example/",
            "/\\evil.example/",
            "https://evil.example/",
        ] {
            let sent = test(elsewhere);
            assert_eq!(sent.status, 200, "{elsewhere}: {}", sent.body);
            assert_eq!(sent.header("Location"), None, "{elsewhere}");
            assert!(sent.body.contains(said), "{elsewhere}: {}", sent.body);
        }
        // Back to the Send page, which says it too.
        let sent = test("/send");
        assert_eq!(sent.header("Location"), Some("/send"), "{}", sent.body);
        let send_page = served.get("/send", Some(&cookie));
        assert!(send_page.body.contains(said), "{}", send_page.body);
        assert_eq!(relay.messages().len(), before + 5);
        assert_eq!(served.interrupt(), Some(0));
    }
    // A test send leaves the journal alone.
    assert_eq!(campaign.statuses().get("sent"), None);
}
