//! The gallery in a real browser: headless Chromium opens the preview from `file://` URLs, as
//! a reviewer would, with no server. It checks that the list shows every recipient page by
//! page, that the search and the filter work from the address (`index.html#q=…`), that every
//! link resolves, that a message page shows the infographic, and that nothing planted in the
//! data or the template runs or loads anything remote.
//!
//! Chromium is Debian's `chromium` package; `.ci/run` installs it. When it is missing the
//! tests fail in CI (`CI` set) and are skipped, with a notice, elsewhere. Screenshots are kept
//! in `target/review-screenshots/` (a CI artifact).

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use assert_cmd::prelude::*;

use crate::harness::{Campaign, french, missive};

const PLANTED_NAME: &str = "<script>document.title='pwned'</script>";
const PLANTED_SCHOOL: &str = "École <svg onload=document.title='pwned'>";

/// A headless Chromium with a throwaway profile.
struct Browser {
    program: PathBuf,
    profile: tempfile::TempDir,
}

impl Browser {
    /// The browser, or `None` (with a notice) when it is missing outside CI.
    fn find() -> Option<Browser> {
        match chromium() {
            Some(program) => Some(Browser {
                program,
                profile: tempfile::tempdir().expect("profile dir"),
            }),
            None if in_ci() => {
                panic!(
                    "chromium is missing; CI must install it (`apt-get install -y chromium`, see .ci/run)"
                )
            }
            None => {
                eprintln!(
                    "notice: browser tests skipped: no chromium on PATH (install Debian's `chromium`)"
                );
                None
            }
        }
    }

    /// Runs Chromium on `url` with extra arguments; fails the test after a minute.
    fn run(&self, url: &str, extra: &[&str]) -> String {
        let mut child = Command::new(&self.program)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-dev-shm-usage",
                "--no-first-run",
                "--hide-scrollbars",
            ])
            .arg(format!("--user-data-dir={}", self.profile.path().display()))
            .args(extra)
            .arg(url)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromium starts");
        let mut stdout = child.stdout.take().expect("stdout");
        let reader = std::thread::spawn(move || {
            let mut text = String::new();
            std::io::Read::read_to_string(&mut stdout, &mut text).expect("chromium output");
            text
        });
        let started = Instant::now();
        loop {
            if child.try_wait().expect("wait").is_some() {
                break;
            }
            if started.elapsed() > Duration::from_secs(60) {
                let _ = child.kill();
                panic!("chromium took more than a minute on {url}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        reader.join().expect("reader")
    }

    /// The document after its scripts ran.
    fn dom(&self, url: &str) -> String {
        self.run(url, &["--virtual-time-budget=5000", "--dump-dom"])
    }

    fn screenshot(&self, url: &str, file: &Path) {
        let _ = std::fs::remove_file(file);
        self.run(
            url,
            &[
                "--virtual-time-budget=5000",
                "--window-size=1280,1000",
                &format!("--screenshot={}", file.display()),
            ],
        );
        assert!(file.is_file(), "no screenshot of {url}");
    }
}

/// Whether the tests run in CI (`CI` set, and not to `false`): a missing tool then fails the
/// test instead of skipping it.
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false")
}

/// The Chromium on the PATH, under one of its usual names.
pub fn chromium() -> Option<PathBuf> {
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .find_map(|name| which(name))
}

pub fn which(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join(name))
            .find(|path| path.is_file())
    })
}

fn url(path: &Path, fragment: &str) -> String {
    let path = path.canonicalize().expect("exists");
    format!("file://{}{fragment}", path.display())
}

fn screenshots() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/review-screenshots");
    std::fs::create_dir_all(&dir).expect("screenshot dir");
    dir
}

/// Every `name="…"` value of a document, its entities undone.
fn attributes(html: &str, name: &str) -> Vec<String> {
    let needle = format!(" {name}=\"");
    html.match_indices(&needle)
        .filter_map(|(at, _)| {
            let rest = &html[at + needle.len()..];
            rest.find('"').map(|end| {
                rest[..end]
                    .replace("&quot;", "\"")
                    .replace("&lt;", "<")
                    .replace("&gt;", ">")
                    .replace("&amp;", "&")
            })
        })
        .collect()
}

/// The text between `<tbody id="lignes">` and `</tbody>`: the rows shown.
fn shown_rows(dom: &str) -> &str {
    let start = dom.find("<tbody id=\"lignes\">").expect("the list");
    let end = dom[start..].find("</tbody>").expect("end of the list");
    &dom[start..start + end]
}

/// Every local link and image of a page resolves to a file of the preview.
fn assert_links_resolve(page: &Path, html: &str) {
    let base = page.parent().expect("folder");
    for target in attributes(html, "href")
        .into_iter()
        .chain(attributes(html, "src"))
    {
        let file = target.split('#').next().unwrap_or_default();
        if file.is_empty() || file.starts_with("https://") || file.starts_with("cid:") {
            continue;
        }
        assert!(
            base.join(file).is_file(),
            "{}: `{target}` does not resolve",
            page.display()
        );
    }
}

/// The sample campaign, with rows a reviewer must notice and data that must never run,
/// previewed in French.
fn campaign() -> Campaign {
    let dir = campaign_data();
    french(dir.path())
        .args(["preview", "--out", "revue"])
        .assert()
        .success();
    dir
}

/// The sample campaign with the rows of [`campaign`], not yet previewed.
fn campaign_data() -> Campaign {
    let dir = Campaign::sample();
    let list = dir.path().join("recipients/directeurs.csv");
    let mut text = std::fs::read_to_string(&list).expect("list");
    let _ = write!(
        text,
        "Monsieur;Zoé;{PLANTED_NAME};planted@ac-lille.example;{PLANTED_SCHOOL};Lille\r\n\
         Madame;;Sansprénom;vide@ac-lille.example;École du Nord;Lille\r\n\
         Madame;Hélène;Lefèvre;ce.0594112k@ac-lille.example;École élémentaire Jules-Ferry;Lille\r\n"
    );
    for n in 0..60 {
        let _ = write!(
            text,
            "Monsieur;Paul;Martin{n};paul.martin{n}@ac-lille.example;École {n};Lille\r\n"
        );
    }
    std::fs::write(&list, text).expect("write list");
    dir
}

#[test]
fn the_gallery_lists_searches_and_links_in_a_real_browser() {
    let Some(browser) = Browser::find() else {
        return;
    };
    let dir = campaign();
    let out = dir.path().join("revue");
    let index = out.join("index.html");
    let list = std::fs::read_to_string(dir.path().join("recipients/directeurs.csv")).expect("list");
    let expected: BTreeSet<String> = list
        .lines()
        .skip(1)
        .filter_map(|line| line.split(';').nth(3).map(str::to_string))
        .collect();

    // Every recipient is listed, fifty rows a page; the planted markup is only text.
    let mut listed = BTreeSet::new();
    for page in 1..=2 {
        let dom = browser.dom(&url(&index, &format!("#p={page}")));
        assert!(dom.contains("<title>Aperçu avant envoi"), "{dom}");
        assert!(!dom.contains("pwned</title>"), "a script of the data ran");
        let rows = shown_rows(&dom);
        assert_eq!(
            rows.matches("<tr").count(),
            if page == 1 { 50 } else { 75 - 50 }
        );
        for address in &expected {
            if rows.contains(&format!(">{address}<")) {
                listed.insert(address.clone());
            }
        }
        assert_links_resolve(&index, &dom);
    }
    assert_eq!(listed, expected, "every recipient is listed");
    let first = browser.dom(&url(&index, ""));
    assert!(first.contains("&lt;script&gt;document.title='pwned'&lt;/script&gt;"));
    assert!(
        first.contains("75 lignes, lignes 1 à 50."),
        "{}",
        shown_rows(&first)
    );

    // The search comes from the address, accents and case ignored.
    for query in ["#q=Lef%C3%A8vre", "#q=lefevre"] {
        let dom = browser.dom(&url(&index, query));
        let rows = shown_rows(&dom);
        assert_eq!(rows.matches("<tr").count(), 1, "{query}: {rows}");
        assert!(rows.contains("Hélène Lefèvre"), "{rows}");
        assert!(dom.contains("1 ligne trouvée"), "{dom}");
    }
    let twice = browser.dom(&url(&index, "#q=ce.0594112k"));
    let rows = shown_rows(&twice);
    assert_eq!(rows.matches("<tr").count(), 2, "{rows}");
    assert!(
        rows.contains("doublon de la ligne 2&nbsp;: non envoyé"),
        "{rows}"
    );
    let warned = browser.dom(&url(&index, "#f=ignorees"));
    assert_eq!(shown_rows(&warned).matches("<tr").count(), 1);
    let empty = browser.dom(&url(&index, "#q=champ%20vide"));
    assert!(shown_rows(&empty).contains("champ vide&nbsp;: prenom"));

    browser.screenshot(&url(&index, ""), &screenshots().join("index.png"));

    // Every message page: its links resolve, it names the next one, nothing of it runs.
    let pages: Vec<PathBuf> = std::fs::read_dir(out.join("messages"))
        .expect("messages")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "html"))
        .collect();
    assert_eq!(
        pages.len(),
        74,
        "one page per message; the duplicate has none"
    );
    for page in &pages {
        let html = std::fs::read_to_string(page).expect("page");
        assert_links_resolve(page, &html);
    }
}

#[test]
fn a_message_page_shows_the_infographic_and_runs_nothing() {
    let Some(browser) = Browser::find() else {
        return;
    };
    let dir = campaign();
    let out = dir.path().join("revue");
    let planted = out.join("messages/00013.html");
    let dom = browser.dom(&url(&planted, ""));
    assert!(!dom.contains("<title>pwned"), "a script of the data ran");
    assert!(dom.contains("Message n° 13"), "{dom}");
    assert!(dom.contains("sandbox=\"allow-same-origin\""), "{dom}");
    assert!(!dom.contains("allow-scripts"));

    // The infographic: an image of the page and of the HTML part, written once in files/.
    let infographic = std::fs::read(
        dir.path()
            .join("templates/rentree-numerique/infographie-rentree.png"),
    )
    .expect("infographic");
    let images: Vec<String> = attributes(&dom, "src")
        .into_iter()
        .filter(|src| src.ends_with("infographie-rentree.png"))
        .collect();
    assert!(!images.is_empty(), "{dom}");
    for image in &images {
        let file = planted.parent().expect("folder").join(image);
        assert_eq!(std::fs::read(&file).expect("image"), infographic);
    }
    assert_eq!(
        std::fs::read_dir(out.join("files")).expect("files").count(),
        1
    );
    let srcdoc = &attributes(&dom, "srcdoc")[0];
    assert!(srcdoc.contains("img-src data: cid: 'self'"), "{srcdoc}");
    assert!(
        srcdoc.contains("src=\"../files/"),
        "the HTML part shows the file: {srcdoc}"
    );

    browser.screenshot(&url(&planted, ""), &screenshots().join("message.png"));
}

/// A template whose HTML part carries a script and a remote image, as a careless or hostile
/// template could: the frame runs neither and asks the network for nothing.
#[test]
fn the_sandboxed_frame_runs_no_script_and_loads_nothing_remote() {
    let Some(browser) = Browser::find() else {
        return;
    };
    let listener = TcpListener::bind("127.0.0.1:0").expect("listener");
    let port = listener.local_addr().expect("port").port();
    let hits = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&hits);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            counter.fetch_add(1, Ordering::SeqCst);
            drop(stream);
        }
    });

    // The probe works: without sandbox and policy, Chromium runs the script and fetches.
    let control = tempfile::tempdir().expect("temp dir");
    let page = control.path().join("control.html");
    std::fs::write(
        &page,
        format!(
            "<!DOCTYPE html><title>t</title><iframe srcdoc=\"&lt;img src=&quot;http://127.0.0.1:{port}/x.png&quot;&gt;\
             &lt;script&gt;parent.document.title='pwned'&lt;/script&gt;\"></iframe>"
        ),
    )
    .expect("control page");
    assert!(
        browser
            .dom(&url(&page, ""))
            .contains("<title>pwned</title>")
    );
    assert!(
        hits.load(Ordering::SeqCst) > 0,
        "the control fetched nothing"
    );
    hits.store(0, Ordering::SeqCst);

    let dir = Campaign::sample();
    let folder = dir.path().join("templates/rentree-numerique");
    std::fs::write(
        folder.join("note.html"),
        format!(
            "From: IEN <ien.lille-1@ac-lille.fr>\nTo: {{{{ prenom }}}} {{{{ nom }}}} <{{{{ email }}}}>\n\
             Subject: Note pour {{{{ ecole }}}}\nContent-Type: text/html\n\n\
             <p style=\"color: #1f3a60\">Bonjour {{{{ prenom }}}},</p>\n\
             <img src=\"infographie-rentree.png\" alt=\"infographie\">\n\
             <img src=\"http://127.0.0.1:{port}/pixel.png\" alt=\"pixel\">\n\
             <script>parent.document.title='pwned'; document.title='pwned'</script>\n"
        ),
    )
    .expect("template");
    missive(dir.path())
        .args(["preview", "--out", "revue", "-t"])
        .arg(folder.join("note.html"))
        .assert()
        .success();
    let message = dir.path().join("revue/messages/00001.html");
    let dom = browser.dom(&url(&message, ""));
    assert!(dom.contains("<title>Message no. 1"), "{dom}");
    assert!(!dom.contains("pwned</title>"), "the message's script ran");
    assert_eq!(
        hits.load(Ordering::SeqCst),
        0,
        "the frame fetched remote content"
    );
    let srcdoc = &attributes(&dom, "srcdoc")[0];
    assert!(srcdoc.contains("src=\"../files/"), "{srcdoc}");
}

/// Under `LANG=C` the gallery speaks English, its script too: the list, the search's count,
/// the sizes and the pages' words.
#[test]
fn the_gallery_speaks_english_under_an_english_locale() {
    let Some(browser) = Browser::find() else {
        return;
    };
    let dir = campaign_data();
    missive(dir.path())
        .args(["preview", "--out", "revue"])
        .assert()
        .success();
    let index = dir.path().join("revue/index.html");
    let first = browser.dom(&url(&index, ""));
    assert!(first.contains("<html lang=\"en\""), "{first}");
    assert!(first.contains("<title>Preview before sending"), "{first}");
    assert!(first.contains("75 rows, rows 1 to 50."), "{first}");
    assert!(first.contains("Page 1 of 2"), "{first}");
    let rows = shown_rows(&first);
    assert!(rows.contains(">view</a>"), "{rows}");
    assert!(rows.contains("aria-label=\"view message no. 1\""), "{rows}");
    assert!(rows.contains("(177.5&nbsp;kB)"), "sizes in English: {rows}");
    let found = browser.dom(&url(&index, "#q=lefevre"));
    assert!(found.contains("1 row found, rows 1 to 1."), "{found}");
    let found = browser.dom(&url(&index, "#q=ce.0594112k"));
    assert!(found.contains("2 rows found, rows 1 to 2."), "{found}");
    assert!(
        shown_rows(&found).contains("duplicate of row 2: not sent"),
        "{found}"
    );
    let message = browser.dom(&url(&dir.path().join("revue/messages/00001.html"), ""));
    assert!(
        message.contains("<h2 id=\"en-tetes\">Headers</h2>"),
        "{message}"
    );
    assert!(message.contains("Next message (no. 2) →"), "{message}");
    for french in ["Aperçu", "Ligne", "voir", "octets", "Pièces jointes"] {
        assert!(!first.contains(french), "`{french}` in the English list");
    }
}
