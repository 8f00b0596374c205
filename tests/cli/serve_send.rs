//! `missive serve`'s Send and Results pages: the real binary, spoken to over HTTP as a
//! browser would, sending to a real SMTP test server through `send`'s own run.

use std::collections::BTreeSet;
use std::time::Instant;

use crate::harness::{
    Campaign, Event, SmtpServer, TestCa, assert_exit, count_statuses, french, missive,
    received_per_recipient, run,
};
use crate::serve::{DEADLINE, Served, csrf};

const USER: &str = "ien.lille-1";
const PASSWORD: &str = "mot-de-passe-tape-dans-la-page";
const WRONG: &str = "un-mot-de-passe-errone";

/// The sample (twelve heads), sending through `relay` at `rate` with `smtp` added to its
/// `[smtp]` section.
pub fn sample_to(relay: &SmtpServer, rate: &str, smtp: &str) -> Campaign {
    sample_to_url(&relay.url(), rate, smtp)
}

/// [`sample_to`] a relay's address, whether a server listens there or not.
pub fn sample_to_url(url: &str, rate: &str, smtp: &str) -> Campaign {
    let campaign = Campaign::sample_with_smtp("", &format!("url = \"{url}\"\n{smtp}"));
    let file = campaign.path().join("campaign.toml");
    let text = std::fs::read_to_string(&file).expect("campaign.toml");
    let text = text
        .replace("rate = \"30/min\"", &format!("rate = \"{rate}\""))
        .replace("concurrency = 2", "concurrency = 1");
    std::fs::write(&file, text).expect("campaign.toml");
    campaign
}

/// A relay that asks for STARTTLS and the login `user` / `password`, and the sample sending
/// through it as `user`, with no rate limit; the test CA's folder lives as long as they do.
pub fn sample_with_login(user: &str, password: &str) -> (tempfile::TempDir, SmtpServer, Campaign) {
    let ca_dir = tempfile::tempdir().expect("a folder");
    let ca = TestCa::new(ca_dir.path());
    let relay = SmtpServer::builder()
        .starttls(&ca)
        .auth(user, password)
        .start();
    let url = format!("smtp://127.0.0.1:{}?tls=required", relay.addr().port());
    let login = format!(
        "username = \"{user}\"\nca_file = \"{}\"",
        ca.ca_file().display()
    );
    let campaign = sample_to_url(&url, "unlimited", &login);
    (ca_dir, relay, campaign)
}

/// A session on `served`: its cookie and its form token.
pub fn open(served: &Served) -> (String, String) {
    let cookie = served.session();
    let page = served.get("/send", Some(&cookie));
    assert_eq!(page.status, 200, "{}", page.body);
    let token = csrf(&page.body);
    (cookie, token)
}

/// The progress the page polls, parsed (`null` before any send).
pub fn progress(served: &Served, cookie: &str) -> serde_json::Value {
    let reply = served.get("/send/progress", Some(cookie));
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.header("Content-Type"), Some("application/json"));
    serde_json::from_str(&reply.body).expect("JSON")
}

/// Polls the progress until `done` holds of it (deadline: [`DEADLINE`]).
pub fn poll_until(
    served: &Served,
    cookie: &str,
    done: impl Fn(&serde_json::Value) -> bool,
) -> serde_json::Value {
    let started = Instant::now();
    loop {
        let now = progress(served, cookie);
        if done(&now) {
            return now;
        }
        assert!(started.elapsed() < DEADLINE, "still {now}");
    }
}

pub fn ended(progress: &serde_json::Value) -> bool {
    progress["running"] == false
}

/// Confirms the send of `count` messages and checks it starts.
pub fn start(served: &Served, cookie: &str, token: &str, count: &str, extra: &[(&str, &str)]) {
    let mut fields = vec![("csrf", token), ("confirmed", count)];
    fields.extend_from_slice(extra);
    let started = served.post("/send/start", Some(&served.origin()), Some(cookie), &fields);
    assert_eq!(started.status, 303, "{}", started.body);
    assert_eq!(started.header("Location"), Some("/send"));
}

#[test]
fn a_confirmed_send_runs_to_its_end_and_a_start_unconfirmed_or_forged_sends_nothing() {
    let relay = SmtpServer::builder().start();
    let campaign = sample_to(&relay, "unlimited", "");
    let served = Served::start(missive(campaign.path()), &[]);
    let (cookie, token) = open(&served);
    let page = served.get("/send", Some(&cookie)).body;
    assert!(page.contains("send 12 messages"), "the plan: {page}");
    assert!(page.contains("with no review asked"), "{page}");
    // A person at the page is sent to the Review page, not to a flag of the command line.
    assert!(page.contains("on the Review page"), "{page}");
    assert!(!page.contains("--reviewed"), "{page}");
    assert!(
        page.contains("<button type=\"submit\" id=\"send\">Send</button>"),
        "{page}"
    );
    assert!(page.contains(">Send me a test</button>"), "{page}");
    assert!(
        !page.contains("type=\"password\""),
        "no login, no password asked: {page}"
    );

    // A start without the confirmation, and one without the form token: nothing starts.
    let own = served.origin();
    let unconfirmed = served.post(
        "/send/start",
        Some(&own),
        Some(&cookie),
        &[("csrf", &token)],
    );
    assert_eq!(unconfirmed.status, 400, "{}", unconfirmed.body);
    assert!(
        unconfirmed
            .body
            .contains("Nothing was sent: the send was not confirmed."),
        "{}",
        unconfirmed.body
    );
    let forged = served.post(
        "/send/start",
        Some(&own),
        Some(&cookie),
        &[("confirmed", "12")],
    );
    assert_eq!(forged.status, 403, "{}", forged.body);
    let elsewhere = format!("http://127.0.0.1:{}", served.port.wrapping_add(1));
    let cross = served.post(
        "/send/start",
        Some(&elsewhere),
        Some(&cookie),
        &[("csrf", &token), ("confirmed", "12")],
    );
    assert_eq!(cross.status, 403, "{}", cross.body);
    assert_eq!(progress(&served, &cookie), serde_json::Value::Null);

    let confirm = served.get("/send/confirm", Some(&cookie)).body;
    assert!(confirm.contains("Send 12 messages?"), "{confirm}");
    assert!(
        confirm.contains("name=\"confirmed\" value=\"12\""),
        "{confirm}"
    );
    start(&served, &cookie, &token, "12", &[]);
    let end = poll_until(&served, &cookie, ended);
    assert_eq!(end["of"], "12 of 12", "{end}");
    assert_eq!(end["counts"], "12 sent, 0 deferred, 0 failed", "{end}");
    assert_eq!(
        end["state"], "The send is over: every message was sent.",
        "{end}"
    );
    assert_eq!(relay.messages().len(), 12);
    for message in relay.messages() {
        let parsed = message.parsed();
        assert!(parsed.subject().is_some_and(|s| s.starts_with("Rentrée")));
    }
    // Reopened, the page shows where the send is; the script that polls is served.
    let again = served.get("/send", Some(&cookie)).body;
    assert!(again.contains("12 of 12"), "{again}");
    assert!(
        again.contains("<script src=\"/static/send.js\"></script>"),
        "{again}"
    );
    let script = served.get("/static/send.js", Some(&cookie));
    assert_eq!(script.status, 200);
    assert!(script.body.contains("/send/progress") || script.body.contains("data-url"));
    assert_eq!(served.get("/static/send.js", None).status, 403);

    // The Results page: status and report.
    let results = served.get("/results", Some(&cookie)).body;
    assert!(
        results.contains("every recipient got the message"),
        "the status: {results}"
    );
    assert!(
        results.contains("<td>2</td>"),
        "rows by their line: {results}"
    );
    assert_eq!(
        results.matches("<tr class=\"sent\">").count(),
        12,
        "{results}"
    );
    assert!(
        !results.contains("id=\"retry\""),
        "nothing to retry: {results}"
    );
    assert_eq!(served.interrupt(), Some(0));
}

#[test]
fn paused_then_resumed_each_message_goes_once_and_the_report_downloads_in_french() {
    let relay = SmtpServer::builder().start();
    let campaign = sample_to(&relay, "4/s", "");
    let served = Served::start(french(campaign.path()), &[]);
    let (cookie, token) = open(&served);
    let confirm = served.get("/send/confirm", Some(&cookie)).body;
    assert!(confirm.contains("Envoyer 12 messages"), "{confirm}");
    assert!(confirm.contains("sans relecture demandée"), "{confirm}");
    assert!(confirm.contains("sur la page Relecture"), "{confirm}");
    start(&served, &cookie, &token, "12", &[]);
    poll_until(&served, &cookie, |now| {
        now["counts"]
            .as_str()
            .is_some_and(|c| !c.starts_with("0 envoyé"))
    });
    let paused = served.post(
        "/send/pause",
        Some(&served.origin()),
        Some(&cookie),
        &[("csrf", &token)],
    );
    assert_eq!(paused.status, 303, "{}", paused.body);
    let stopped = poll_until(&served, &cookie, ended);
    assert_eq!(stopped["resumable"], true, "{stopped}");
    assert!(
        stopped["state"]
            .as_str()
            .is_some_and(|s| s.starts_with("En pause.")),
        "{stopped}"
    );
    let before = relay.messages().len();
    assert!(before < 12, "paused before the end: {before} sent");
    let said = stopped["said"].to_string();
    assert!(!said.contains("missive send"), "{said}");

    let resumed = served.post(
        "/send/resume",
        Some(&served.origin()),
        Some(&cookie),
        &[("csrf", &token)],
    );
    assert_eq!(resumed.status, 303, "{}", resumed.body);
    let end = poll_until(&served, &cookie, ended);
    let left = 12 - before;
    assert_eq!(end["of"], format!("{left} sur {left}"), "{end}");
    let received = received_per_recipient(&relay);
    assert_eq!(received.len(), 12, "{received:?}");
    assert!(received.values().all(|count| *count == 1), "{received:?}");
    let ids: BTreeSet<String> = relay
        .messages()
        .iter()
        .filter_map(|m| m.parsed().message_id().map(str::to_owned))
        .collect();
    assert_eq!(ids.len(), 12);
    assert_eq!(relay.messages().len(), 12);

    let report = served.get("/results/report.csv", Some(&cookie));
    assert_eq!(report.status, 200, "{}", report.body);
    assert_eq!(
        report.header("Content-Disposition"),
        Some("attachment; filename=\"rapport.csv\"")
    );
    assert!(
        report.body.starts_with("\u{feff}ligne;destinataire;état;"),
        "{}",
        report.body
    );
    assert!(report.body.contains("\r\n"));
    assert_eq!(report.body.matches(";sent;").count(), 12, "{}", report.body);
    let results = served.get("/results", Some(&cookie)).body;
    assert!(results.contains(">Rapport (CSV)</a>"), "{results}");
    assert!(results.contains("<td>envoyé</td>"), "{results}");
    assert_eq!(served.interrupt(), Some(0));
}

#[test]
fn the_password_typed_in_the_page_logs_in_and_shows_nowhere() {
    let (_ca, relay, campaign) = sample_with_login(USER, PASSWORD);
    let mut command = missive(campaign.path());
    command.env_remove("MISSIVE_SMTP_PASSWORD");
    let served = Served::start(command, &[]);
    let (cookie, token) = open(&served);
    let confirm = served.get("/send/confirm", Some(&cookie)).body;
    assert!(
        confirm.contains("autocomplete=\"current-password\" required>"),
        "the page asks: {confirm}"
    );
    assert!(confirm.contains("Password of the SMTP relay:"), "{confirm}");
    // A wrong password: the relay refuses it, the page says so and asks again.
    start(&served, &cookie, &token, "12", &[("password", WRONG)]);
    let refused = poll_until(&served, &cookie, ended);
    assert_eq!(refused["resumable"], false, "{refused}");
    assert!(
        refused["state"]
            .as_str()
            .is_some_and(|s| s.contains("the relay refused the login")),
        "{refused}"
    );
    assert_eq!(relay.messages().len(), 0);
    let again = served.get("/send/confirm", Some(&cookie)).body;
    assert!(again.contains("type=\"password\""), "{again}");
    assert!(
        !again.contains("autocomplete=\"current-password\" required>"),
        "known, so not required: {again}"
    );
    assert!(again.contains("Given for this session"), "{again}");
    start(&served, &cookie, &token, "12", &[("password", PASSWORD)]);
    let end = poll_until(&served, &cookie, ended);
    assert_eq!(end["of"], "12 of 12", "{end}");
    assert_eq!(relay.messages().len(), 12);
    assert!(
        relay
            .messages()
            .iter()
            .all(|m| m.authenticated_as.as_deref() == Some(USER))
    );
    // Found in no page, no answer, no line printed, no file.
    let mut seen = vec![refused.to_string(), again];
    for path in [
        "/send",
        "/send/confirm",
        "/send/progress",
        "/results",
        "/results/report.csv",
        "/",
    ] {
        seen.push(served.get(path, Some(&cookie)).body);
    }
    for body in &seen {
        assert!(
            !body.contains(PASSWORD) && !body.contains(WRONG),
            "a password in {body}"
        );
    }
    let printed: Vec<String> = served.said.try_iter().collect();
    assert!(
        !printed
            .iter()
            .any(|line| line.contains(PASSWORD) || line.contains(WRONG)),
        "{printed:?}"
    );
    for entry in std::fs::read_dir(campaign.path().join(".missive")).expect("journal folder") {
        let bytes = std::fs::read(entry.expect("a file").path()).expect("readable");
        let needle = PASSWORD.as_bytes();
        assert!(!bytes.windows(needle.len()).any(|w| w == needle));
    }
    assert_eq!(served.interrupt(), Some(0));
}

#[test]
fn the_test_send_reaches_only_the_given_address_with_a_test_subject() {
    let relay = SmtpServer::builder().start();
    let campaign = sample_to(&relay, "unlimited", "");
    for (command, said) in [
        (
            missive(campaign.path()),
            "1 test message sent to moi@ac-lille.example",
        ),
        (
            french(campaign.path()),
            "1 message de test envoyé à moi@ac-lille.example",
        ),
    ] {
        let before = relay.messages().len();
        let served = Served::start(command, &[]);
        let (cookie, token) = open(&served);
        let forged = served.post(
            "/send/test",
            Some(&served.origin()),
            Some(&cookie),
            &[("address", "moi@ac-lille.example")],
        );
        assert_eq!(forged.status, 403);
        assert_eq!(
            relay.messages().len(),
            before,
            "a forged test sends nothing"
        );
        let sent = served.post(
            "/send/test",
            Some(&served.origin()),
            Some(&cookie),
            &[
                ("csrf", &token),
                ("address", "moi@ac-lille.example"),
                ("rows", "1"),
            ],
        );
        assert_eq!(sent.status, 200, "{}", sent.body);
        assert!(sent.body.contains(said), "{}", sent.body);
        let messages = relay.messages();
        assert_eq!(messages.len(), before + 1);
        let test = &messages[before];
        assert_eq!(test.rcpt_to, ["moi@ac-lille.example"]);
        let subject = test
            .parsed()
            .subject()
            .map(str::to_owned)
            .expect("a subject");
        assert!(subject.starts_with("[TEST]"), "{subject}");
        assert_eq!(progress(&served, &cookie), serde_json::Value::Null);
        assert_eq!(served.interrupt(), Some(0));
    }
    // A test send leaves the journal alone.
    assert!(
        campaign
            .report()
            .iter()
            .all(|entry| entry["status"] != "sent"),
        "{:?}",
        campaign.report()
    );
}

#[test]
fn ctrl_c_on_serve_stops_its_send_gently_and_the_next_send_finishes_it() {
    let relay = SmtpServer::builder().start();
    let campaign = sample_to(&relay, "2/s", "");
    let served = Served::start(missive(campaign.path()), &[]);
    let (cookie, token) = open(&served);
    start(&served, &cookie, &token, "12", &[]);
    poll_until(&served, &cookie, |now| {
        now["counts"]
            .as_str()
            .is_some_and(|c| !c.starts_with("0 sent"))
    });
    // Within 10 s, or `interrupt` fails.
    assert_eq!(served.interrupt(), Some(0));
    let first = relay.messages().len();
    assert!(first < 12, "stopped before the end: {first}");
    let statuses = count_statuses(&campaign.report());
    assert_eq!(
        statuses.get("sending"),
        None,
        "nothing left in flight: {statuses:?}"
    );
    assert_eq!(statuses.get("sent"), Some(&first), "{statuses:?}");
    let rest = run(campaign.send(&relay, &["--rate", "unlimited"]));
    assert_exit(&rest, 0);
    let received = received_per_recipient(&relay);
    assert_eq!(received.len(), 12, "{received:?}");
    assert!(received.values().all(|count| *count == 1), "{received:?}");
}

#[test]
fn a_failed_row_is_sent_again_from_the_results_page() {
    const REFUSED: &str = "ce.0594112k@ac-lille.example";
    let relay = SmtpServer::builder()
        .script(|event| match event {
            Event::Rcpt { to, attempt: 1 } if *to == REFUSED => {
                Some((550, "5.1.1 no such mailbox".to_owned()))
            }
            _ => None,
        })
        .start();
    let campaign = sample_to(&relay, "unlimited", "");
    let served = Served::start(missive(campaign.path()), &[]);
    let (cookie, token) = open(&served);
    start(&served, &cookie, &token, "12", &[]);
    let end = poll_until(&served, &cookie, ended);
    assert_eq!(end["counts"], "11 sent, 0 deferred, 1 failed", "{end}");
    assert!(
        end["state"]
            .as_str()
            .is_some_and(|s| s.contains("Results page")),
        "{end}"
    );
    let results = served.get("/results", Some(&cookie)).body;
    assert!(results.contains("<tr class=\"failed\">"), "{results}");
    assert!(
        results.contains("5.1.1 no such mailbox"),
        "the relay's reply: {results}"
    );
    assert!(results.contains("id=\"retry\""), "{results}");
    // What to do next is said as the page does it, not as a command to type.
    let said = end["said"].to_string();
    assert!(
        said.contains("press « Send again to the failed and deferred recipients »"),
        "{said}"
    );
    assert!(!said.contains("missive send"), "{said}");
    assert!(!results.contains("missive send"), "{results}");
    let confirm = served.get("/send/confirm?retry=1", Some(&cookie)).body;
    assert!(confirm.contains("Send 1 message?"), "{confirm}");
    start(&served, &cookie, &token, "1", &[("retry", "1")]);
    let again = poll_until(&served, &cookie, ended);
    assert_eq!(again["of"], "1 of 1", "{again}");
    assert_eq!(again["counts"], "1 sent, 0 deferred, 0 failed", "{again}");
    assert_eq!(received_per_recipient(&relay).get(REFUSED), Some(&1));
    assert_eq!(relay.messages().len(), 12);
    let results = served.get("/results", Some(&cookie)).body;
    assert!(!results.contains("id=\"retry\""), "{results}");
    assert_eq!(served.interrupt(), Some(0));
}
