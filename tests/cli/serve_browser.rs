//! `missive serve` in a real browser: headless Chromium driven through chromedriver (the
//! W3C `WebDriver` protocol; the `fantoccini` client), as a person uses the Campaign page: the
//! printed address opens it, a slip typed in the editor and saved shows the check error at its
//! line, the fix saved shows none; an address without the token shows the refusal page. In
//! English and in French.
//!
//! Chromium and chromedriver are Debian's `chromium` and `chromium-driver`; `.ci/run`
//! installs them. When one is missing the test fails in CI (`CI` set) and is skipped, with a
//! notice, elsewhere (the rule of tests/cli/browser.rs). Screenshots of each state are kept in
//! `target/screenshots/` (`serve-<lang>-<state>.png`).

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use fantoccini::key::Key;
use fantoccini::{Client, ClientBuilder, Locator};

use crate::browser::{chromium, in_ci, which};
use crate::harness::{Campaign, french, missive};
use crate::serve::{DEADLINE, Served, TEMPLATE};

/// What is typed at the end of the template's line 3 (its Subject): a column the list lacks.
pub const SLIP: &str = " {{ ecolee }}";

/// A chromedriver on a free loopback port, ended with the test, its browser too.
pub struct Driver {
    child: Child,
    port: u16,
    chromium: PathBuf,
    profile: tempfile::TempDir,
    /// The browser session's id: a test that fails ends it in `drop`, since chromedriver
    /// killed leaves its Chromium running.
    session: Mutex<Option<String>>,
}

impl Driver {
    /// Starts chromedriver and waits until it says it is ready; `None` (with a notice) when
    /// chromium or chromedriver is missing outside CI.
    pub fn start() -> Option<Driver> {
        let (Some(chromium), Some(driver)) = (chromium(), which("chromedriver")) else {
            let missing = if chromium().is_none() {
                "no chromium on PATH (install Debian's `chromium` and `chromium-driver`)"
            } else {
                "no chromedriver on PATH (install Debian's `chromium-driver`)"
            };
            assert!(!in_ci(), "{missing}; CI must install it (see .ci/run)");
            eprintln!("notice: serve browser tests skipped: {missing}");
            return None;
        };
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .expect("a free port")
            .port();
        let child = Command::new(driver)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let driver = Driver {
            child,
            port,
            chromium,
            profile: tempfile::tempdir().expect("profile dir"),
            session: Mutex::new(None),
        };
        let started = Instant::now();
        while !driver.ready() {
            assert!(
                started.elapsed() < DEADLINE,
                "chromedriver not ready on port {port} after {DEADLINE:?}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        Some(driver)
    }

    /// Whether `GET /status` answers `"ready": true`.
    fn ready(&self) -> bool {
        self.request("GET", "/status", "\"ready\":true")
    }

    /// Sends `method path` to chromedriver and reads its answer until it holds `until` (it
    /// may keep the connection open), the end, or a deadline: whether `until` was seen.
    fn request(&self, method: &str, path: &str, until: &str) -> bool {
        let Ok(mut stream) = TcpStream::connect(("127.0.0.1", self.port)) else {
            return false;
        };
        let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
        let request = format!(
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nContent-Length: 0\r\n\
             Connection: close\r\n\r\n",
            self.port
        );
        if stream.write_all(request.as_bytes()).is_err() {
            return false;
        }
        let mut answer = Vec::new();
        let mut chunk = [0; 4096];
        while let Ok(read @ 1..) = stream.read(&mut chunk) {
            answer.extend_from_slice(&chunk[..read]);
            if String::from_utf8_lossy(&answer).contains(until) {
                return true;
            }
        }
        false
    }

    /// A new headless Chromium session.
    pub async fn browser(&self) -> Client {
        let options = serde_json::json!({
            "binary": self.chromium,
            "args": [
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                "--window-size=1280,1000",
                format!("--user-data-dir={}", self.profile.path().display()),
            ],
        });
        let mut capabilities = serde_json::Map::new();
        capabilities.insert("goog:chromeOptions".to_owned(), options);
        let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(capabilities)
            .connect(&format!("http://127.0.0.1:{}", self.port))
            .await
            .expect("a browser session");
        *self.session.lock().expect("session id") = client.session_id().await.expect("its id");
        client
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        // A session still open (the test failed before closing it) quits its Chromium.
        if let Some(id) = self.session.get_mut().ok().and_then(Option::take) {
            self.request("DELETE", &format!("/session/{id}"), "\"value\"");
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Waits until the text of `css` contains `words`; fails with what the page shows after
/// Opens the address `served` printed, with its token: the session's cookie is then set.
pub async fn let_in(browser: &Client, served: &Served) {
    browser
        .goto(&format!("{}/?token={}", served.origin(), served.token))
        .await
        .expect("opens");
}

/// Goes to the page at `path` of `served`.
pub async fn go(browser: &Client, served: &Served, path: &str) {
    browser
        .goto(&format!("{}{path}", served.origin()))
        .await
        .expect("opens");
}

/// [`DEADLINE`].
pub async fn wait_for_text(browser: &Client, css: &str, words: &str) -> String {
    let started = Instant::now();
    loop {
        let shown = match browser.find(Locator::Css(css)).await {
            Ok(element) => element.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        };
        if shown.contains(words) {
            return shown;
        }
        if started.elapsed() > DEADLINE {
            let page = browser.source().await.unwrap_or_default();
            panic!("`{words}` not in `{css}` after {DEADLINE:?}: {shown}\n{page}");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The visible text of the whole page.
pub async fn page_text(browser: &Client) -> String {
    browser
        .find(Locator::Css("body"))
        .await
        .expect("a body")
        .text()
        .await
        .expect("its text")
}

/// Saves a screenshot of the page as `target/screenshots/serve-<name>.png`.
pub async fn screenshot(browser: &Client, name: &str) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&dir).expect("screenshot dir");
    let png = browser.screenshot().await.expect("a screenshot");
    assert!(png.starts_with(b"\x89PNG"), "a PNG");
    std::fs::write(dir.join(format!("serve-{name}.png")), png).expect("screenshot written");
}

/// Puts the caret at the end of the editor's line 3 (the Subject) as a person would with
/// the keyboard, then types `keys`.
pub async fn type_at_end_of_line_3(browser: &Client, keys: &str) {
    let editor = browser
        .find(Locator::Css("textarea#text"))
        .await
        .expect("the editor");
    editor.click().await.expect("the editor takes focus");
    let to_line_3 = format!(
        "{}{}{}{}{}{}",
        char::from(Key::Control),
        char::from(Key::Home),
        char::from(Key::Null),
        char::from(Key::Down),
        char::from(Key::Down),
        char::from(Key::End),
    );
    editor.send_keys(&to_line_3).await.expect("to line 3");
    editor.send_keys(keys).await.expect("typed");
}

/// Another site on 127.0.0.1 (another port: the same site for the browser's `SameSite` rule):
/// every request gets a page whose form posts `text` to the app's `/template` with `token`,
/// the page's own form token, as a page that had stolen it would. Its address.
pub fn cross_site_page(app_port: u16, token: &str, text: &str) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
    let port = listener.local_addr().expect("its port").port();
    let html = format!(
        "<!doctype html><title>elsewhere</title>\
         <form method=\"post\" action=\"http://127.0.0.1:{app_port}/template\">\
         <input type=\"hidden\" name=\"csrf\" value=\"{token}\">\
         <input type=\"hidden\" name=\"text\" value=\"{text}\">\
         <button id=\"go\" type=\"submit\">Go</button></form>"
    );
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut request = Vec::new();
            let mut chunk = [0; 4096];
            while let Ok(read @ 1..) = stream.read(&mut chunk) {
                request.extend_from_slice(&chunk[..read]);
                if request.windows(4).any(|w| w == b"\r\n\r\n") {
                    break;
                }
            }
            let _ = write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\
                 Content-Length: {}\r\nConnection: close\r\n\r\n{html}",
                html.len()
            );
        }
    });
    format!("http://127.0.0.1:{port}/")
}

/// A form of another port, even with the page's own form token, is refused, the template
/// unchanged: the browser sends the session cookie (same site) but its own `Origin`.
async fn a_form_of_another_port_is_refused(
    browser: &Client,
    port: u16,
    file: &Path,
    original: &str,
    words: &Words,
) {
    let token = browser
        .find(Locator::Css("input[name='csrf']"))
        .await
        .expect("the form token")
        .attr("value")
        .await
        .expect("its value")
        .expect("a value");
    browser
        .goto(&cross_site_page(port, &token, "hijacked"))
        .await
        .expect("opens the other site");
    browser
        .find(Locator::Css("#go"))
        .await
        .expect("its button")
        .click()
        .await
        .expect("posts");
    wait_for_text(browser, "body", words.refused).await;
    assert_eq!(
        browser.current_url().await.expect("url").as_str(),
        format!("http://127.0.0.1:{port}/template"),
        "the other site's form reached the app"
    );
    assert_eq!(
        std::fs::read_to_string(file).expect("the template"),
        original,
        "the file unchanged"
    );
    screenshot(
        browser,
        &format!("{}-4-cross-site-form-refused", words.lang),
    )
    .await;
}

/// What one language shows.
struct Words {
    lang: &'static str,
    refused: &'static str,
    save: &'static str,
    error: &'static str,
    saved: &'static str,
    no_problem: &'static str,
}

/// Goes through the Campaign page of the sample in `command`'s language.
async fn campaign_page_in_the_browser(command: fn(&Path) -> Command, words: &Words) {
    let Some(driver) = Driver::start() else {
        return;
    };
    let campaign = Campaign::sample();
    let file = campaign.path().join(TEMPLATE);
    let original = std::fs::read_to_string(&file).expect("the template");
    let served = Served::start(command(campaign.path()), &[]);
    let browser = driver.browser().await;
    let lang = words.lang;
    let origin = format!("http://127.0.0.1:{}", served.port);

    // Without the token: the refusal page, in the run's language.
    browser.goto(&format!("{origin}/")).await.expect("opens");
    let refused = page_text(&browser).await;
    assert!(refused.contains(words.refused), "{refused}");
    assert!(!refused.contains(words.save), "{refused}");
    screenshot(&browser, &format!("{lang}-0-refused-without-token")).await;
    browser
        .goto(&format!("{origin}/?token=0123456789abcdef0123"))
        .await
        .expect("opens");
    assert!(page_text(&browser).await.contains(words.refused));

    // The printed address: the Campaign page, the token gone from the address bar.
    let_in(&browser, &served).await;
    wait_for_text(&browser, ".problems", words.no_problem).await;
    assert_eq!(
        browser.current_url().await.expect("url").as_str(),
        format!("{origin}/")
    );
    let lang_attr = browser
        .find(Locator::Css("html"))
        .await
        .expect("html")
        .attr("lang")
        .await
        .expect("lang");
    assert_eq!(lang_attr.as_deref(), Some(lang));
    let save = browser
        .find(Locator::Css("form[action='/template'] button"))
        .await
        .expect("the Save button");
    assert_eq!(save.text().await.expect("its label"), words.save);
    screenshot(&browser, &format!("{lang}-1-opened")).await;

    // A slip typed in the editor and saved: the check error, at its line, as text.
    type_at_end_of_line_3(&browser, SLIP).await;
    save.click().await.expect("Save");
    wait_for_text(&browser, "p.saved", words.saved).await;
    let problems = wait_for_text(&browser, ".problems", words.error).await;
    assert!(problems.contains("ecolee"), "{problems}");
    assert!(!problems.contains(words.no_problem), "{problems}");
    let flagged = browser
        .find(Locator::Css("li.flagged"))
        .await
        .expect("the line marked");
    assert_eq!(
        flagged.attr("id").await.expect("id").as_deref(),
        Some("line-3")
    );
    assert!(flagged.text().await.expect("text").contains("{{ ecolee }}"));
    assert_eq!(
        std::fs::read_to_string(&file).expect("the template"),
        original.replacen(" {{ ecole }}\n", &format!(" {{{{ ecole }}}}{SLIP}\n"), 1),
        "the slip saved, on line 3"
    );
    screenshot(&browser, &format!("{lang}-2-check-error-line-3")).await;

    // The slip removed and saved: no problem remains, the file is as it was.
    let backspaces = char::from(Key::Backspace).to_string().repeat(SLIP.len());
    type_at_end_of_line_3(&browser, &backspaces).await;
    browser
        .find(Locator::Css("form[action='/template'] button"))
        .await
        .expect("the Save button")
        .click()
        .await
        .expect("Save");
    let problems = wait_for_text(&browser, ".problems", words.no_problem).await;
    assert!(!problems.contains("ecolee"), "{problems}");
    assert!(
        browser
            .find_all(Locator::Css("li.flagged"))
            .await
            .expect("find")
            .is_empty()
    );
    wait_for_text(&browser, "p.saved", words.saved).await;
    assert_eq!(
        std::fs::read_to_string(&file).expect("the template"),
        original,
        "fixed, with the file's own line ends"
    );
    screenshot(&browser, &format!("{lang}-3-fixed")).await;

    a_form_of_another_port_is_refused(&browser, served.port, &file, &original, words).await;

    browser.close().await.expect("the session ends");
    assert_eq!(served.interrupt(), Some(0));
}

pub fn english(dir: &Path) -> Command {
    missive(dir)
}

pub fn in_french(dir: &Path) -> Command {
    french(dir)
}

#[tokio::test]
async fn the_campaign_page_works_in_chromium() {
    campaign_page_in_the_browser(
        english,
        &Words {
            lang: "en",
            refused: "Access refused",
            save: "Save",
            error: "line 3: the template uses `ecolee` but the recipient list has no such column",
            saved: "Template saved, and checked again.",
            no_problem: "No problem found.",
        },
    )
    .await;
}

#[tokio::test]
async fn the_campaign_page_speaks_french_in_chromium() {
    campaign_page_in_the_browser(
        in_french,
        &Words {
            lang: "fr",
            refused: "Accès refusé",
            save: "Enregistrer",
            // WebDriver's element text shows the no-break space before `:` as a space.
            error: "ligne 3 : le modèle emploie",
            saved: "Modèle enregistré, et vérifié de nouveau.",
            no_problem: "Aucun problème trouvé.",
        },
    )
    .await;
}
