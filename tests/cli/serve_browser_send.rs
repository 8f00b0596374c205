//! The Send and Results pages of `missive serve` in headless Chromium (the helpers of
//! `tests/cli/serve_browser.rs`): Envoyer, the question that states the count, the progress
//! reaching « 12 sur 12 » without a reload, then the Results page. In English and in French;
//! screenshots `target/screenshots/serve-<lang>-5-send-*.png` and `-6-results.png`.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use fantoccini::{Client, Locator};

use crate::harness::{Campaign, SmtpServer};
use crate::serve::{DEADLINE, Served};
use crate::serve_browser::{
    Driver, english, go, in_french, let_in, page_text, screenshot, wait_for_text,
};

/// What one language shows.
struct Words {
    lang: &'static str,
    question: &'static str,
    yes: &'static str,
    done: &'static str,
    over: &'static str,
    sent: &'static str,
}

/// The sample, sending to `relay` slowly enough (4 a second) for the page to show it going.
fn sample_to(relay: &SmtpServer) -> Campaign {
    let campaign = Campaign::sample_with_smtp("", &format!("url = \"{}\"", relay.url()));
    let file = campaign.path().join("campaign.toml");
    let text = std::fs::read_to_string(&file).expect("campaign.toml");
    std::fs::write(&file, text.replace("rate = \"30/min\"", "rate = \"4/s\"")).expect("toml");
    campaign
}

/// Clicks the element `css`.
async fn click(browser: &Client, css: &str) {
    browser
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|_| panic!("{css} on the page"))
        .click()
        .await
        .expect("clicked");
}

/// Runs `script` in the page: its value.
async fn run_script(browser: &Client, script: &str) -> serde_json::Value {
    browser
        .execute(script, Vec::new())
        .await
        .expect("the script runs")
}

async fn send_page_in_the_browser(command: fn(&Path) -> Command, words: &Words) {
    let Some(driver) = Driver::start() else {
        return;
    };
    let relay = SmtpServer::builder().start();
    let campaign = sample_to(&relay);
    let served = Served::start(command(campaign.path()), &[]);
    let browser = driver.browser().await;
    let lang = words.lang;
    let_in(&browser, &served).await;
    go(&browser, &served, "/send").await;
    wait_for_text(&browser, "[data-field='plan']", "12").await;
    screenshot(&browser, &format!("{lang}-5-send-plan")).await;

    click(&browser, "#send").await;
    let question = wait_for_text(&browser, ".question", words.question).await;
    assert!(question.contains("12"), "{question}");
    let yes = browser
        .find(Locator::Css("#confirm"))
        .await
        .expect("the yes");
    assert_eq!(yes.text().await.expect("its label"), words.yes);
    screenshot(&browser, &format!("{lang}-5-send-confirm")).await;
    yes.click().await.expect("confirmed");

    // The progress page; a mark left in it shows it is never loaded again.
    wait_for_text(&browser, "#progress", "12").await;
    run_script(&browser, "document.body.dataset.kept = 'yes'; return true;").await;
    let started = Instant::now();
    let mut shot = false;
    loop {
        let of = page_text(&browser).await;
        if of.contains(words.done) {
            break;
        }
        assert!(started.elapsed() < DEADLINE, "no end: {of}");
        if !shot {
            // On its way.
            screenshot(&browser, &format!("{lang}-5-send-progress")).await;
            shot = true;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    wait_for_text(&browser, "[data-field='state']", words.over).await;
    assert_eq!(
        run_script(&browser, "return document.body.dataset.kept || '';").await,
        "yes",
        "the page was loaded again"
    );
    let pause_hidden =
        run_script(&browser, "return document.getElementById('pause').hidden;").await;
    assert_eq!(pause_hidden, true, "no Pause once it is over");
    assert_eq!(relay.messages().len(), 12);
    screenshot(&browser, &format!("{lang}-5-send-done")).await;

    click(&browser, "a[href='/results']").await;
    wait_for_text(&browser, "table", words.sent).await;
    screenshot(&browser, &format!("{lang}-6-results")).await;

    browser.close().await.expect("the session ends");
    assert_eq!(served.interrupt(), Some(0));
}

#[tokio::test]
async fn the_send_page_sends_and_shows_its_progress_in_chromium() {
    send_page_in_the_browser(
        english,
        &Words {
            lang: "en",
            question: "Send 12 messages?",
            yes: "Yes, send 12 messages",
            done: "12 of 12",
            over: "The send is over: every message was sent.",
            sent: "sent",
        },
    )
    .await;
}

#[tokio::test]
async fn the_send_page_speaks_french_in_chromium() {
    send_page_in_the_browser(
        in_french,
        &Words {
            lang: "fr",
            // WebDriver's element text shows the no-break space before `?` as a space.
            question: "Envoyer 12 messages",
            yes: "Oui, envoyer 12 messages",
            done: "12 sur 12",
            over: "L'envoi est terminé",
            sent: "envoyé",
        },
    )
    .await;
}
