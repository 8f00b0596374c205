//! `missive serve`'s Preview and Review pages in a real browser (headless Chromium through
//! chromedriver, as `serve_browser` drives it): the button makes the preview and the
//! gallery shows; a message chosen in the list shows framed, its text part and its HTML part
//! inside; a name typed and Approve shows the approval; the template changed, the Review
//! page says what changed and refuses to approve. In English and in French; screenshots in
//! `target/screenshots/serve-<lang>-{5-preview,6-message,7-approved,8-changed}.png`. A
//! message's remote image and script, planted in its template, neither load nor run.

use std::net::TcpListener;
use std::path::Path;
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use fantoccini::{Client, Locator};

use crate::harness::Campaign;
use crate::serve::{DEADLINE, Served, TEMPLATE};
use crate::serve_browser::{Driver, english, go, in_french, let_in, screenshot, wait_for_text};
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
pub async fn click(browser: &Client, css: &str) {
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
    let_in(&browser, &served).await;

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
    go(&browser, &served, "/review").await;
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
    go(&browser, &served, "/review").await;
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

/// A server on 127.0.0.1 that counts the connections it gets: a remote image's. Its port.
fn counting_server(count: Arc<AtomicUsize>) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
    let port = listener.local_addr().expect("its port").port();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            count.fetch_add(1, Ordering::SeqCst);
            drop(stream);
        }
    });
    port
}

#[tokio::test]
async fn a_message_s_remote_image_and_script_do_not_load_in_the_frame() {
    let Some(driver) = Driver::start() else {
        return;
    };
    let campaign = Campaign::sample();
    let requests = Arc::new(AtomicUsize::new(0));
    let port = counting_server(Arc::clone(&requests));
    let file = campaign.path().join(TEMPLATE);
    let text = std::fs::read_to_string(&file).expect("the template");
    let planted = format!(
        "<img src=\"http://127.0.0.1:{port}/remote.png\" alt=\"remote\">\
         <script>document.body.insertAdjacentHTML('beforeend', '<p id=\"ran\">ran</p>');\
         new Image().src = 'http://127.0.0.1:{port}/script.png';</script>\n\n\
         L’enseignement à distance reprend"
    );
    std::fs::write(
        &file,
        text.replacen("L’enseignement à distance reprend", &planted, 1),
    )
    .expect("planted");
    let served = Served::start(english(campaign.path()), &[]);
    let browser = driver.browser().await;
    let_in(&browser, &served).await;
    go(&browser, &served, "/preview").await;
    click(&browser, "button#make").await;
    wait_for_text(&browser, "section.message h2", "Message 1 of 12").await;
    browser
        .find(Locator::Css("iframe.message"))
        .await
        .expect("the message's frame")
        .enter_frame()
        .await
        .expect("into the frame");
    browser
        .find(Locator::Css("iframe.html"))
        .await
        .expect("the HTML part's frame")
        .enter_frame()
        .await
        .expect("into the HTML part");
    wait_for_text(&browser, "body", "enseignement à distance reprend").await;
    let image = browser
        .find(Locator::Css("img[alt='remote']"))
        .await
        .expect("the remote image's element");
    // The browser is done with the image (loaded or refused) before it says `complete`.
    let started = std::time::Instant::now();
    while image.prop("complete").await.expect("complete").as_deref() != Some("true") {
        assert!(started.elapsed() < DEADLINE, "the image never settled");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(
        browser.find(Locator::Css("#ran")).await.is_err(),
        "the message's script did not run"
    );
    assert_eq!(
        requests.load(Ordering::SeqCst),
        0,
        "nothing remote was asked for"
    );
    browser.close().await.expect("the session ends");
    assert_eq!(served.interrupt(), Some(0));
}
