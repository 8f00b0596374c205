//! The whole path of `missive serve` in a real browser, as a person takes it: headless
//! Chromium (driven as `serve_browser` does), the real binary on an empty folder, a real SMTP
//! test server. The printed address opens the start page; the sample becomes the campaign; a
//! slip in the template shows the check error at its line, then the fix shows none; the
//! Recipients page reads the list; the Preview page makes the preview and sends a test; the
//! Review page records an approval; the Send page names the approver, asks for the count,
//! and shows the progress to its end without a reload; the Results page shows every row
//! sent and gives the report. Then the refusals: a form from another port, a list whose
//! name leaves the folder, the address without its token. In English and in French;
//! screenshots of every page in `target/screenshots/path-<lang>-NN-<page>.png`.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use fantoccini::key::Key;
use fantoccini::{Client, Locator};

use crate::harness::SmtpServer;
use crate::serve::{Served, TEMPLATE};
use crate::serve_browser::{
    Driver, SLIP, cross_site_page, english, go, in_french, let_in, page_text,
    type_at_end_of_line_3, wait_for_text,
};
use crate::serve_browser_review::click;
use crate::serve_start::files_of;

/// The test address of "Send me a test".
const ME: &str = "moi@ac-lille.example";

/// What one language shows.
struct Words {
    lang: &'static str,
    start: &'static str,
    error: &'static str,
    no_problem: &'static str,
    rows: &'static str,
    count: &'static str,
    message_1: &'static str,
    test_sent: &'static str,
    approved: &'static str,
    plan_approved: &'static str,
    question: &'static str,
    done: &'static str,
    sent: &'static str,
    header: &'static str,
    refused: &'static str,
}

/// Saves a screenshot of the page as `target/screenshots/path-<lang>-<name>.png`.
async fn shot(browser: &Client, lang: &str, name: &str) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&dir).expect("screenshot dir");
    let png = browser.screenshot().await.expect("a screenshot");
    assert!(png.starts_with(b"\x89PNG"), "a PNG");
    std::fs::write(dir.join(format!("path-{lang}-{name}.png")), png).expect("written");
}

/// The rows of the table in `css`.
async fn rows_of(browser: &Client, css: &str) -> Vec<fantoccini::elements::Element> {
    browser
        .find_all(Locator::Css(&format!("{css} tbody tr")))
        .await
        .expect("rows")
}

/// Types `keys` into the field `css`.
async fn type_into(browser: &Client, css: &str, keys: &str) {
    browser
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|_| panic!("{css} on the page"))
        .send_keys(keys)
        .await
        .expect("typed");
}

/// What the promise `promise`, made in the page, gives (or its error, in words).
async fn awaited(browser: &Client, promise: &str) -> serde_json::Value {
    let script = format!(
        "const done = arguments[arguments.length - 1];\n\
         ({promise}).then(done, error => done(String(error)));"
    );
    browser
        .execute_async(&script, Vec::new())
        .await
        .expect("the script runs")
}

/// The sample's relay made `relay`, with no login, as a person edits campaign.toml; fast
/// enough for the test, slow enough (10 a second, one at a time) to show the send going.
fn relay_to(folder: &Path, relay: &SmtpServer) {
    let file = folder.join("campaign.toml");
    let text = std::fs::read_to_string(&file).expect("campaign.toml");
    let text = text
        .replace(
            "url = \"smtp://smtp.ac-lille.example:587?tls=required\"",
            &format!("url = \"{}\"", relay.url()),
        )
        .replace("username = \"ien.lille-1\"\n", "")
        .replace("rate = \"30/min\"", "rate = \"10/s\"")
        .replace("concurrency = 2", "concurrency = 1");
    assert!(text.contains(&relay.url()), "{text}");
    std::fs::write(&file, text).expect("campaign.toml");
}

/// Start page → Campaign page, the slip then its fix.
async fn start_and_campaign(browser: &Client, served: &Served, folder: &Path, words: &Words) {
    let lang = words.lang;
    let origin = served.origin();
    let_in(browser, served).await;
    wait_for_text(browser, "h1", words.start).await;
    assert_eq!(
        browser.current_url().await.expect("url").as_str(),
        format!("{origin}/start")
    );
    shot(browser, lang, "00-start").await;
    click(browser, "form[action='/start/sample'] button").await;
    wait_for_text(browser, ".problems", words.no_problem).await;
    assert!(folder.join("campaign.toml").is_file());

    let file = folder.join(TEMPLATE);
    let original = std::fs::read_to_string(&file).expect("the template");
    type_at_end_of_line_3(browser, SLIP).await;
    click(browser, "form[action='/template'] button").await;
    let problems = wait_for_text(browser, ".problems", words.error).await;
    assert!(problems.contains("ecolee"), "{problems}");
    shot(browser, lang, "01-campaign-error").await;
    let backspaces = char::from(Key::Backspace).to_string().repeat(SLIP.len());
    type_at_end_of_line_3(browser, &backspaces).await;
    click(browser, "form[action='/template'] button").await;
    let problems = wait_for_text(browser, ".problems", words.no_problem).await;
    assert!(!problems.contains("ecolee"), "{problems}");
    assert_eq!(std::fs::read_to_string(&file).expect("reads"), original);
    shot(browser, lang, "02-campaign-fixed").await;
}

/// Recipients → Preview (with its test send) → Review.
async fn recipients_preview_review(browser: &Client, relay: &SmtpServer, words: &Words) {
    let lang = words.lang;
    click(browser, "nav.pages a[href='/recipients']").await;
    wait_for_text(browser, "dl.how", words.rows).await;
    assert_eq!(rows_of(browser, "section.rows").await.len(), 12);
    shot(browser, lang, "03-recipients").await;

    click(browser, "nav.pages a[href='/preview']").await;
    click(browser, "button#make").await;
    wait_for_text(browser, ".gallery .count", words.count).await;
    wait_for_text(browser, "section.message h2", words.message_1).await;
    assert_eq!(rows_of(browser, ".gallery").await.len(), 12);
    shot(browser, lang, "04-preview").await;

    type_into(browser, "input#test-address", ME).await;
    click(browser, "button#test-send").await;
    wait_for_text(browser, "[data-field='test-outcome']", words.test_sent).await;
    let url = browser.current_url().await.expect("url");
    assert_eq!(
        (url.path(), url.fragment()),
        ("/preview", Some("test")),
        "back at the form"
    );
    let received = relay.messages();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].rcpt_to, [ME]);
    let subject = received[0].parsed().subject().map(str::to_owned);
    assert!(
        subject.as_deref().is_some_and(|s| s.starts_with("[TEST]")),
        "{subject:?}"
    );
    // Once the message's frame has loaded, the page is still at the form.
    let in_view = awaited(
        browser,
        "new Promise(loaded => {\
           const frame = document.querySelector('iframe.message');\
           const done = () => requestAnimationFrame(() => requestAnimationFrame(loaded));\
           const inner = frame.contentDocument;\
           inner && inner.URL !== 'about:blank' && inner.readyState === 'complete'\
             ? done() : frame.addEventListener('load', done);\
         }).then(() => {\
           const top = document.getElementById('test').getBoundingClientRect().top;\
           return top > -1 && top < window.innerHeight;\
         })",
    )
    .await;
    assert_eq!(in_view, true, "the outcome is in view");
    shot(browser, lang, "05-test-sent").await;

    click(browser, "nav.pages a[href='/review']").await;
    type_into(browser, "input#by", "Marie Dupont").await;
    click(browser, "button#approve").await;
    wait_for_text(browser, "p.approved", words.approved).await;
    shot(browser, lang, "06-approved").await;
}

/// Send → its progress to the end → Results, every row sent, the report: its text.
async fn send_and_results(browser: &Client, relay: &SmtpServer, words: &Words) -> String {
    let lang = words.lang;
    click(browser, "nav.pages a[href='/send']").await;
    wait_for_text(browser, "section.plan", words.plan_approved).await;
    click(browser, "#send").await;
    let question = wait_for_text(browser, ".question", words.question).await;
    assert!(question.contains("12"), "{question}");
    shot(browser, lang, "07-send-confirm").await;
    click(browser, "#confirm").await;

    // A mark left in the page shows it is never loaded again.
    wait_for_text(browser, "#progress", "12").await;
    browser
        .execute("document.body.dataset.kept = 'yes';", Vec::new())
        .await
        .expect("marked");
    shot(browser, lang, "08-send-progress").await;
    wait_for_text(browser, "[data-field='of']", words.done).await;
    let kept = browser
        .execute("return document.body.dataset.kept || '';", Vec::new())
        .await
        .expect("runs");
    assert_eq!(kept, "yes", "the page was loaded again");
    shot(browser, lang, "09-send-done").await;

    click(browser, "nav.pages a[href='/results']").await;
    wait_for_text(browser, "table", words.sent).await;
    let rows = rows_of(browser, "table").await;
    assert_eq!(rows.len(), 12);
    for row in rows {
        let text = row.text().await.expect("its text");
        assert!(text.contains(words.sent), "{text}");
    }
    shot(browser, lang, "10-results").await;
    let report = awaited(
        browser,
        "fetch('/results/report.csv').then(reply => reply.text())",
    )
    .await;
    let report = report.as_str().expect("the report's text");
    let lines: Vec<&str> = report.lines().collect();
    assert!(
        lines[0]
            .trim_start_matches('\u{feff}')
            .starts_with(words.header),
        "{report}"
    );
    assert_eq!(lines.len(), 13, "{report}");
    assert_eq!(relay.messages().len(), 13);
    report.to_owned()
}

/// The refusals: a form of another port, a list whose name leaves the folder, the address
/// without its token.
async fn refusals(browser: &Client, served: &Served, parent: &Path, folder: &Path, words: &Words) {
    let lang = words.lang;
    let origin = served.origin();
    let template = folder.join(TEMPLATE);
    let before = std::fs::read_to_string(&template).expect("the template");

    // A list whose name leaves the folder, posted by the page's own script.
    go(browser, served, "/recipients").await;
    let status = awaited(
        browser,
        "(() => {\
           const form = new FormData();\
           form.append('csrf', document.querySelector(\"input[name='csrf']\").value);\
           form.append('list', new Blob(['email\\nanne@ac-exemple.fr\\n']), '../evil.csv');\
           return fetch('/recipients/list', {method: 'POST', body: form});\
         })().then(reply => reply.status)",
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(files_of(parent), ["campagne"], "nothing beside the folder");
    assert_eq!(
        std::fs::read_to_string(folder.join("evil.csv")).expect("kept inside"),
        "email\nanne@ac-exemple.fr\n"
    );
    let toml = std::fs::read_to_string(folder.join("campaign.toml")).expect("reads");
    assert!(toml.contains("recipients = \"evil.csv\""), "{toml}");
    browser.refresh().await.expect("reloads");
    wait_for_text(browser, ".problems", "email").await;
    shot(browser, lang, "11-upload-kept-inside").await;

    // A form of another port, with the page's own form token: refused, nothing changed.
    let token = browser
        .execute(
            "return document.querySelector(\"input[name='csrf']\").value;",
            Vec::new(),
        )
        .await
        .expect("the form token");
    let token = token.as_str().expect("a value");
    browser
        .goto(&cross_site_page(served.port, token, "hijacked"))
        .await
        .expect("opens the other site");
    click(browser, "#go").await;
    wait_for_text(browser, "body", words.refused).await;
    assert_eq!(
        std::fs::read_to_string(&template).expect("reads"),
        before,
        "the template unchanged"
    );
    shot(browser, lang, "12-refused-cross-site").await;

    // Without the session and the token: refused.
    browser.delete_all_cookies().await.expect("cookies gone");
    for path in ["/", "/results", "/?token=0123456789abcdef0123"] {
        browser
            .goto(&format!("{origin}{path}"))
            .await
            .expect("opens");
        let text = page_text(browser).await;
        assert!(text.contains(words.refused), "{path}: {text}");
    }
    let status = awaited(browser, "fetch('/').then(reply => reply.status)").await;
    assert_eq!(status, 403);
    shot(browser, lang, "13-refused-no-token").await;
}

/// The whole path in `command`'s language.
async fn the_whole_path(command: fn(&Path) -> Command, words: &Words) {
    let started = Instant::now();
    let Some(driver) = Driver::start() else {
        return;
    };
    let relay = SmtpServer::builder().start();
    let parent = tempfile::tempdir().expect("a folder");
    let folder = parent.path().join("campagne");
    std::fs::create_dir(&folder).expect("an empty folder");
    let served = Served::start(command(&folder), &[]);
    let browser = driver.browser().await;

    start_and_campaign(&browser, &served, &folder, words).await;
    relay_to(&folder, &relay);
    recipients_preview_review(&browser, &relay, words).await;
    let report = send_and_results(&browser, &relay, words).await;

    // Each campaign recipient once, and the test address once, read by the MIME parser.
    let received = relay.messages();
    let mut campaign: Vec<String> = Vec::new();
    for message in &received {
        let subject = message.parsed().subject().map(str::to_owned);
        let subject = subject.expect("a subject");
        if message.rcpt_to == [ME] {
            assert!(subject.starts_with("[TEST]"), "{subject}");
        } else {
            assert!(!subject.starts_with("[TEST]"), "{subject}");
            assert!(subject.contains("Rentrée numérique"), "{subject}");
            assert_eq!(message.rcpt_to.len(), 1, "{:?}", message.rcpt_to);
            assert!(report.contains(&message.rcpt_to[0]), "{report}");
            campaign.extend(message.rcpt_to.iter().cloned());
        }
    }
    campaign.sort();
    campaign.dedup();
    assert_eq!(campaign.len(), 12, "each recipient once: {campaign:?}");
    assert_eq!(received.len(), 13);

    refusals(&browser, &served, parent.path(), &folder, words).await;
    browser.close().await.expect("the session ends");
    assert_eq!(served.interrupt(), Some(0));
    eprintln!("the whole path in {}: {:?}", words.lang, started.elapsed());
}

#[tokio::test]
async fn the_whole_path_in_chromium() {
    the_whole_path(
        english,
        &Words {
            lang: "en",
            start: "Start a campaign",
            error: "line 3: the template uses `ecolee`",
            no_problem: "No problem found.",
            rows: "12 rows",
            count: "12 messages, ",
            message_1: "Message 1 of 12",
            test_sent: "1 test message sent to moi@ac-lille.example",
            approved: "Approved by Marie Dupont on ",
            plan_approved: "approved by Marie Dupont",
            question: "Send 12 messages?",
            done: "12 of 12",
            sent: "sent",
            header: "row,to,status,",
            refused: "Access refused",
        },
    )
    .await;
}

#[tokio::test]
async fn the_whole_path_speaks_french_in_chromium() {
    // WebDriver's element text shows a no-break space before `:` or `?` as a space.
    the_whole_path(
        in_french,
        &Words {
            lang: "fr",
            start: "Démarrer une campagne",
            error: "ligne 3 : le modèle emploie",
            no_problem: "Aucun problème trouvé.",
            rows: "12 lignes",
            count: "12 messages, ",
            message_1: "Message 1 sur 12",
            test_sent: "1 message de test envoyé à moi@ac-lille.example",
            approved: "Approuvé par Marie Dupont le ",
            plan_approved: "approuvé par Marie Dupont",
            question: "Envoyer 12 messages",
            done: "12 sur 12",
            sent: "envoyé",
            header: "ligne;destinataire;état;",
            refused: "Accès refusé",
        },
    )
    .await;
}
