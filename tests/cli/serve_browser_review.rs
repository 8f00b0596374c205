//! `missive serve`'s Preview and Review pages in a real browser (headless Chromium through
//! chromedriver, as `serve_browser` drives it): the button makes the preview and the
//! gallery shows; a message chosen in the list shows framed, its text part and its HTML part
//! inside; a name typed and Approve shows the approval; the template changed, the Review
//! page says what changed and refuses to approve. In English and in French; screenshots in
//! `target/screenshots/serve-<lang>-{5-preview,6-message,7-approved,8-changed}.png`.

use std::path::Path;
use std::process::Command;

use fantoccini::{Client, Locator};

use crate::harness::Campaign;
use crate::serve::Served;
use crate::serve_browser::{Driver, english, in_french, screenshot, wait_for_text};
use crate::serve_review::change_the_subject;

/// What one language shows.
struct Words {
    lang: &'static str,
    preview: &'static str,
    review: &'static str,
    none: &'static str,
    count: &'static str,
    message_2: &'static str,
    not_approved: &'static str,
    approved: &'static str,
    changed: &'static str,
    again: &'static str,
    refused: &'static str,
}

/// Clicks the element `css`.
async fn click(browser: &Client, css: &str) {
    browser
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|_| panic!("{css} on the page"))
        .click()
        .await
        .unwrap_or_else(|_| panic!("{css} clicked"));
}

/// Message 2, chosen in the list: framed without scripts, its parts inside.
async fn message_2_shows_framed(browser: &Client, words: &Words) {
    click(browser, ".gallery a[href='/preview?message=2#message']").await;
    wait_for_text(browser, "section.message h2", words.message_2).await;
    let frame = browser
        .find(Locator::Css("iframe.message"))
        .await
        .expect("the message's frame");
    assert_eq!(
        frame.attr("sandbox").await.expect("sandbox").as_deref(),
        Some("allow-same-origin")
    );
    frame.clone().enter_frame().await.expect("into the frame");
    let text = wait_for_text(browser, "pre.text", "enseignement à distance reprend").await;
    assert!(
        text.contains("Monsieur le directeur"),
        "row 2's own text: {text}"
    );
    let html = browser
        .find(Locator::Css("iframe.html"))
        .await
        .expect("the HTML part's frame");
    assert!(html.attr("srcdoc").await.expect("srcdoc").is_some());
    browser.enter_parent_frame().await.expect("back");
}

/// Goes through the Preview and Review pages of the sample in `command`'s language.
async fn preview_and_review_in_the_browser(command: fn(&Path) -> Command, words: &Words) {
    let Some(driver) = Driver::start() else {
        return;
    };
    let campaign = Campaign::sample();
    let served = Served::start(command(campaign.path()), &[]);
    let browser = driver.browser().await;
    let lang = words.lang;
    let origin = format!("http://127.0.0.1:{}", served.port);
    browser
        .goto(&format!("{origin}/?token={}", served.token))
        .await
        .expect("opens");

    // The Preview page from the bar: no preview yet, then the button makes it.
    click(&browser, "nav.pages a[href='/preview']").await;
    wait_for_text(&browser, "p.none", words.none).await;
    let button = browser
        .find(Locator::Css("button#make"))
        .await
        .expect("the button");
    assert_eq!(button.text().await.expect("its label"), words.preview);
    button.click().await.expect("makes the preview");
    wait_for_text(&browser, ".gallery .count", words.count).await;
    let rows = browser
        .find_all(Locator::Css(".gallery tbody tr"))
        .await
        .expect("rows");
    assert_eq!(rows.len(), 12, "a row a message");
    assert!(campaign.path().join("preview/manifest.json").is_file());
    screenshot(&browser, &format!("{lang}-5-preview")).await;

    message_2_shows_framed(&browser, words).await;
    screenshot(&browser, &format!("{lang}-6-message")).await;

    // The Review page: approved by the name typed.
    click(&browser, "nav.pages a[href='/review']").await;
    wait_for_text(&browser, "p.not-approved", words.not_approved).await;
    let by = browser
        .find(Locator::Css("input#by"))
        .await
        .expect("the name's box");
    by.send_keys("Marie Dupont").await.expect("typed");
    click(&browser, "button#approve").await;
    wait_for_text(&browser, "p.approved", words.approved).await;
    let approval = campaign.path().join("preview/approval.json");
    let written = std::fs::read_to_string(&approval).expect("approval.json");
    assert!(written.contains("Marie Dupont"), "{written}");
    screenshot(&browser, &format!("{lang}-7-approved")).await;

    // The template changed: what changed is said, and approving again is refused.
    change_the_subject(campaign.path());
    browser
        .goto(&format!("{origin}/review"))
        .await
        .expect("opens");
    let changes = wait_for_text(&browser, "section.changes", words.changed).await;
    assert!(changes.contains("message.md"), "{changes}");
    assert!(changes.contains(words.again), "{changes}");
    browser
        .find(Locator::Css("input#by"))
        .await
        .expect("the name's box")
        .send_keys("Paul Martin")
        .await
        .expect("typed");
    click(&browser, "button#approve").await;
    wait_for_text(&browser, "ul.refused", words.refused).await;
    assert_eq!(
        std::fs::read_to_string(&approval).expect("kept"),
        written,
        "the approval unchanged"
    );
    browser
        .goto(&format!("{origin}/review"))
        .await
        .expect("opens");
    wait_for_text(&browser, "section.changes", words.changed).await;
    screenshot(&browser, &format!("{lang}-8-changed")).await;
    assert_eq!(
        browser
            .find(Locator::Css("nav.pages a[aria-current]"))
            .await
            .expect("the page in the bar")
            .text()
            .await
            .expect("its name"),
        words.review
    );

    browser.close().await.expect("the session ends");
    assert_eq!(served.interrupt(), Some(0));
}

#[tokio::test]
async fn the_preview_and_review_pages_work_in_chromium() {
    preview_and_review_in_the_browser(
        english,
        &Words {
            lang: "en",
            preview: "Make the preview",
            review: "Review",
            none: "No preview yet",
            count: "12 messages, ",
            message_2: "Message 2 of 12: Rentrée numérique",
            not_approved: "Not approved yet.",
            approved: "Approved by Marie Dupont on ",
            changed: "The campaign changed since this preview:",
            again: "A new preview and a new approval are needed",
            refused: "nothing was approved",
        },
    )
    .await;
}

#[tokio::test]
async fn the_preview_and_review_pages_speak_french_in_chromium() {
    preview_and_review_in_the_browser(
        in_french,
        &Words {
            lang: "fr",
            preview: "Aperçu",
            review: "Relecture",
            none: "Pas encore d'aperçu",
            count: "12 messages, ",
            // WebDriver's element text shows the no-break space before `:` as a space.
            message_2: "Message 2 sur 12 : Rentrée numérique",
            not_approved: "Pas encore approuvé.",
            approved: "Approuvé par Marie Dupont le ",
            changed: "La campagne a changé depuis cet aperçu",
            again: "Il faut un nouvel aperçu et une nouvelle approbation",
            refused: "rien n'a été approuvé",
        },
    )
    .await;
}
