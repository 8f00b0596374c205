//! `missive serve` on a folder with no campaign (the start page: the sample, a received
//! .eml), the files a person gives through the pages (kept inside the campaign folder,
//! whatever name the browser sends): the real binary, spoken to over HTTP as a browser would,
//! and in Chromium.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::Command;

use crate::harness::{Campaign, french, missive};
use crate::serve::{DEADLINE, Reply, Served, csrf};

const BOUNDARY: &str = "----missiveTestBoundary7MA4YWxkTrZu0gW";

/// A `multipart/form-data` body as a browser sends it: the form token, then a file.
fn form_with_file(csrf: &str, field: &str, file_name: &str, content: &str) -> String {
    format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n\
         --{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{file_name}\"\r\n\
         Content-Type: application/octet-stream\r\n\r\n{content}\r\n--{BOUNDARY}--\r\n"
    )
}

/// Posts a file to `path` as the page's form does, from `origin`.
fn upload(
    served: &Served,
    path: &str,
    origin: &str,
    cookie: &str,
    form: (&str, &str, &str, &str),
) -> Reply {
    let (csrf, field, name, content) = form;
    let content_type = format!("multipart/form-data; boundary={BOUNDARY}");
    served.request(
        "POST",
        path,
        &[
            ("Content-Type", &content_type),
            ("Origin", origin),
            ("Cookie", cookie),
        ],
        &form_with_file(csrf, field, name, content),
    )
}

/// The files of `folder`, sorted, without the journal and previews the app may write.
pub fn files_of(folder: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(folder)
        .expect("reads the folder")
        .map(|entry| {
            entry
                .expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}

#[test]
fn a_folder_without_a_campaign_opens_the_start_page_and_the_sample_makes_one() {
    let folder = tempfile::tempdir().expect("a folder");
    let served = Served::start(missive(folder.path()), &[]);
    let cookie = served.session();
    for page in ["/", "/recipients", "/preview"] {
        let sent = served.get(page, Some(&cookie));
        assert_eq!(sent.status, 303, "{page}: {}", sent.body);
        assert_eq!(sent.header("Location"), Some("/start"), "{page}");
    }
    // A file a page would load (a script) is not a page: not sent there.
    assert_eq!(served.get("/app.js", Some(&cookie)).status, 404);
    // Without a session: refused, not sent to the start page.
    assert_eq!(served.get("/start", None).status, 403);
    let start = served.get("/start", Some(&cookie));
    assert_eq!(start.status, 200, "{}", start.body);
    for offered in [
        "action=\"/start/sample\"",
        "action=\"/start/eml\" enctype=\"multipart/form-data\"",
        "accept=\".eml",
        "Create the sample campaign",
        "has no campaign yet (no campaign.toml)",
        "missive init",
    ] {
        assert!(start.body.contains(offered), "{offered}: {}", start.body);
    }
    let token = csrf(&start.body);

    // From another site: refused, nothing written.
    let elsewhere = served.post(
        "/start/sample",
        Some("http://127.0.0.1:1"),
        Some(&cookie),
        &[("csrf", &token)],
    );
    assert_eq!(elsewhere.status, 403);
    assert!(files_of(folder.path()).is_empty());

    let made = served.post(
        "/start/sample",
        Some(&served.origin()),
        Some(&cookie),
        &[("csrf", &token)],
    );
    assert_eq!(made.status, 303, "{}", made.body);
    assert_eq!(made.header("Location"), Some("/"));
    assert_eq!(
        files_of(folder.path()),
        ["campaign.toml", "recipients", "templates"]
    );
    let campaign = served.get("/", Some(&cookie));
    assert_eq!(campaign.status, 200, "{}", campaign.body);
    assert!(
        campaign.body.contains("rentree-numerique") && campaign.body.contains("<textarea"),
        "{}",
        campaign.body
    );
    // The start page, once there is a campaign, is the Campaign page.
    assert_eq!(
        served.get("/start", Some(&cookie)).header("Location"),
        Some("/")
    );
    assert_eq!(served.interrupt(), Some(0));
}

#[test]
fn a_received_email_becomes_the_campaign_relaying_it() {
    let parent = tempfile::tempdir().expect("a folder");
    // A folder still to make, as `missive serve relais` names it.
    let folder = parent.path().join("relais");
    let served = Served::start(missive(parent.path()), &["relais"]);
    let cookie = served.session();
    let token = csrf(&served.get("/start", Some(&cookie)).body);
    let origin = served.origin();

    let not_an_email = upload(
        &served,
        "/start/eml",
        &origin,
        &cookie,
        (&token, "eml", "liste.csv", "nom;email\r\n"),
    );
    assert_eq!(not_an_email.status, 400, "{}", not_an_email.body);
    assert!(
        not_an_email
            .body
            .contains("is not of a kind this page takes (.eml)"),
        "{}",
        not_an_email.body
    );
    assert!(!folder.exists());

    let fixture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/eml/thunderbird.eml"
    );
    let eml = std::fs::read_to_string(fixture).expect("the fixture");
    let made = upload(
        &served,
        "/start/eml",
        &origin,
        &cookie,
        (
            &token,
            "eml",
            "C:\\Users\\ien\\Bureau\\circulaire.eml",
            &eml,
        ),
    );
    assert_eq!(made.status, 303, "{}", made.body);
    assert_eq!(made.header("Location"), Some("/"));
    let files = files_of(&folder);
    assert!(
        files.contains(&"campaign.toml".to_owned()) && files.contains(&"circulaire.eml".to_owned()),
        "{files:?}"
    );
    assert_eq!(
        std::fs::read_to_string(folder.join("circulaire.eml")).expect("kept"),
        eml
    );
    let campaign = served.get("/", Some(&cookie));
    assert_eq!(campaign.status, 200, "{}", campaign.body);
    assert_eq!(served.interrupt(), Some(0));
}

/// A list of two heads with the sample's columns, as a spreadsheet exports it.
const LIST: &str = "civilite;prenom;nom;email;ecole;commune\r\n\
    Madame;Anne;Durand;durand@ac-exemple.fr;École Jules-Ferry;Lille\r\n\
    Monsieur;Paul;Martin;martin@ac-exemple.fr;École Jean-Jaurès;Roubaix\r\n";

#[test]
fn a_given_list_stays_in_the_folder_whatever_its_name_and_becomes_the_campaign_s() {
    // The campaign in a folder of its own, to see that nothing appears beside it.
    let parent = tempfile::tempdir().expect("a folder");
    let made = missive(parent.path())
        .args(["init", "campagne"])
        .output()
        .expect("runs");
    assert!(made.status.success(), "{made:?}");
    let campaign = parent.path().join("campagne");
    let outside = tempfile::tempdir().expect("a folder");
    // A subfolder that is a link to a folder outside the campaign's.
    #[cfg(unix)]
    std::os::unix::fs::symlink(outside.path(), campaign.join("lien")).expect("links");
    let served = Served::start(missive(&campaign), &[]);
    let cookie = served.session();
    let page = served.get("/recipients", Some(&cookie));
    assert!(
        page.body
            .contains("action=\"/recipients/list\" enctype=\"multipart/form-data\""),
        "{}",
        page.body
    );
    let token = csrf(&page.body);
    let origin = served.origin();

    // A list from another site: refused, nothing written.
    let before = files_of(&campaign);
    let elsewhere = upload(
        &served,
        "/recipients/list",
        "http://127.0.0.1:1",
        &cookie,
        (&token, "list", "x.csv", LIST),
    );
    assert_eq!(elsewhere.status, 403);
    assert_eq!(files_of(&campaign), before);

    let mut kept = Vec::new();
    for sent in [
        "../x.csv",
        "..\\x.csv",
        "/etc/x.csv",
        "C:\\x.csv",
        "%2e%2e%2fx.csv",
        "lien/x.csv",
        "../../../../../../../../tmp/x.csv",
    ] {
        let given = upload(
            &served,
            "/recipients/list",
            &origin,
            &cookie,
            (&token, "list", sent, LIST),
        );
        assert_eq!(given.status, 200, "{sent}: {}", given.body);
        assert!(
            std::fs::read_dir(outside.path())
                .expect("reads")
                .next()
                .is_none(),
            "{sent}"
        );
        assert_eq!(files_of(parent.path()), ["campagne"], "{sent}");
        assert!(!Path::new("/etc/x.csv").exists() && !Path::new("/tmp/x.csv").exists());
        let new: Vec<String> = files_of(&campaign)
            .into_iter()
            .filter(|name| name.starts_with('x'))
            .filter(|name| !kept.contains(name))
            .collect();
        assert_eq!(new.len(), 1, "{sent}: one new file in the folder: {new:?}");
        kept.push(new[0].clone());
        assert_eq!(
            std::fs::read_to_string(campaign.join(&new[0])).expect("reads"),
            LIST
        );
    }
    // The first kept its name; the next ones did not replace it.
    assert_eq!(kept[0], "x.csv");
    assert_eq!(kept[1], "x-2.csv");

    // The last list is the campaign's, read as the page says.
    let toml = std::fs::read_to_string(campaign.join("campaign.toml")).expect("reads");
    let last = kept.last().expect("a list");
    assert!(toml.contains(&format!("recipients = \"{last}\"")), "{toml}");
    assert!(toml.contains("[smtp]"), "the rest kept: {toml}");
    let shown = served.get("/recipients", Some(&cookie));
    for words in ["semicolon (`;`)", "2 rows", "durand@ac-exemple.fr"] {
        assert!(shown.body.contains(words), "{words}: {}", shown.body);
    }

    // A file that is not a list: refused, nothing written.
    let before = files_of(&campaign);
    let program = upload(
        &served,
        "/recipients/list",
        &origin,
        &cookie,
        (&token, "list", "programme.exe", "MZ"),
    );
    assert_eq!(program.status, 400, "{}", program.body);
    assert_eq!(files_of(&campaign), before);
    assert_eq!(served.interrupt(), Some(0));
}

#[test]
fn a_file_too_big_is_refused_before_it_is_read() {
    let campaign = Campaign::sample();
    let served = Served::start(missive(campaign.path()), &[]);
    let cookie = served.session();
    let before = files_of(campaign.path());
    // Said to be 30 MB; the app answers without waiting for it.
    let mut stream = TcpStream::connect(("127.0.0.1", served.port)).expect("connects");
    stream.set_read_timeout(Some(DEADLINE)).expect("timeout");
    let head = format!(
        "POST /recipients/list HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nOrigin: {}\r\nCookie: {cookie}\r\n\
         Content-Type: multipart/form-data; boundary={BOUNDARY}\r\nContent-Length: 30000000\r\n\r\n--{BOUNDARY}\r\n",
        served.port,
        served.origin()
    );
    stream.write_all(head.as_bytes()).expect("sends");
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(answer.contains("bigger than 25 MB"), "{answer}");
    assert_eq!(files_of(campaign.path()), before);
}

/// In Chromium, as a person: the start page, a received email given through its file input,
/// then a list given through the Recipients page's (the file inputs a dropped file also
/// fills). Screenshots in `target/screenshots/serve-start-*.png`.
async fn start_page_in_chromium(command: fn(&Path) -> Command, words: &BrowserWords) {
    use crate::serve_browser::{Driver, go, let_in, page_text, screenshot, wait_for_text};
    use fantoccini::Locator;

    let Some(driver) = Driver::start() else {
        return;
    };
    let lang = words.lang;
    let folder = tempfile::tempdir().expect("a folder");
    let served = Served::start(command(folder.path()), &[]);
    let browser = driver.browser().await;
    let origin = served.origin();
    let_in(&browser, &served).await;
    wait_for_text(&browser, "h1", words.start).await;
    assert_eq!(
        browser.current_url().await.expect("url").as_str(),
        format!("{origin}/start")
    );
    screenshot(&browser, &format!("start-{lang}-0-no-campaign")).await;

    let eml = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/eml/outlook.eml"
    );
    let input = browser
        .find(Locator::Css("input#eml"))
        .await
        .expect("the file input");
    input.send_keys(eml).await.expect("a file chosen");
    browser
        .find(Locator::Css("form[action='/start/eml'] button"))
        .await
        .expect("the button")
        .click()
        .await
        .expect("clicked");
    wait_for_text(&browser, "h1", words.campaign).await;
    assert_eq!(
        browser.current_url().await.expect("url").as_str(),
        format!("{origin}/")
    );
    assert!(folder.path().join("campaign.toml").is_file());
    assert!(folder.path().join("outlook.eml").is_file());
    screenshot(&browser, &format!("start-{lang}-1-campaign-from-eml")).await;

    // A list with a name a spreadsheet gives, accents and spaces kept.
    let lists = tempfile::tempdir().expect("a folder");
    let list = lists.path().join("équipe école 2026.csv");
    std::fs::write(
        &list,
        "prenom;nom;email\r\nAnne;Durand;anne.durand@ac-exemple.fr\r\nPaul;Martin;paul.martin@ac-exemple.fr\r\n",
    )
    .expect("writes");
    go(&browser, &served, "/recipients").await;
    browser
        .find(Locator::Css("input#list"))
        .await
        .expect("the file input")
        .send_keys(&list.display().to_string())
        .await
        .expect("a file chosen");
    browser
        .find(Locator::Css("form[action='/recipients/list'] button"))
        .await
        .expect("the button")
        .click()
        .await
        .expect("clicked");
    wait_for_text(&browser, "p.kept", words.kept).await;
    let shown = page_text(&browser).await;
    assert!(shown.contains(words.rows), "{shown}");
    assert!(shown.contains("anne.durand@ac-exemple.fr"), "{shown}");
    assert!(folder.path().join("équipe école 2026.csv").is_file());
    let toml = std::fs::read_to_string(folder.path().join("campaign.toml")).expect("reads");
    assert!(
        toml.contains("recipients = \"équipe école 2026.csv\""),
        "{toml}"
    );
    screenshot(&browser, &format!("start-{lang}-2-list-given")).await;

    browser.close().await.expect("the session ends");
    assert_eq!(served.interrupt(), Some(0));
}

/// The words the browser test looks for, in one language.
struct BrowserWords {
    lang: &'static str,
    start: &'static str,
    campaign: &'static str,
    kept: &'static str,
    rows: &'static str,
}

#[tokio::test]
async fn the_start_page_and_a_given_list_work_in_chromium() {
    let words = BrowserWords {
        lang: "en",
        start: "Start a campaign",
        campaign: "Campaign",
        kept: "is now in the campaign folder",
        rows: "2 rows",
    };
    start_page_in_chromium(|dir| missive(dir), &words).await;
}

#[tokio::test]
async fn the_start_page_and_a_given_list_speak_french_in_chromium() {
    let words = BrowserWords {
        lang: "fr",
        start: "Démarrer une campagne",
        campaign: "Campagne",
        kept: "est maintenant dans le dossier de la campagne",
        rows: "2 lignes",
    };
    start_page_in_chromium(|dir| french(dir), &words).await;
}
