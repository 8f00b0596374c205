//! `missive serve`: the real binary on a campaign `missive init` wrote, spoken to over HTTP
//! as a browser would (the token, the cookie, forms), and stopped with Ctrl-C (SIGINT).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::harness::{Campaign, french, missive, signal, spawn};

/// How long the app has to print its address, answer a request or stop.
pub const DEADLINE: Duration = Duration::from_secs(20);

/// The sample's template, where campaign.toml names it.
pub const TEMPLATE: &str = "templates/rentree-numerique/message.md";

/// A running `missive serve --no-open`.
pub struct Served {
    child: Child,
    pub port: u16,
    pub token: String,
    /// The lines it printed after the address.
    pub said: mpsc::Receiver<String>,
}

/// What the app answered.
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }
}

impl Served {
    /// Starts `command` (`missive` or `french`) as `serve --no-open` and reads the address
    /// it prints first.
    pub fn start(command: Command, args: &[&str]) -> Self {
        Self::start_opening(command, args, false)
    }

    /// [`Served::start`], asking to open a browser when `open`.
    fn start_opening(mut command: Command, args: &[&str], open: bool) -> Self {
        command.arg("serve").args(args);
        if !open {
            command.arg("--no-open");
        }
        Self::spawned(command)
    }

    /// Starts `command`, a `missive` that serves, and reads the address it prints first.
    pub fn spawned(command: Command) -> Self {
        let mut child = spawn(command);
        let stdout = child.stdout.take().expect("standard output");
        let (lines, said) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if lines.send(line).is_err() {
                    break;
                }
            }
        });
        let first = said
            .recv_timeout(DEADLINE)
            .expect("serve prints its address");
        let rest = first
            .strip_prefix("http://127.0.0.1:")
            .unwrap_or_else(|| panic!("the address first, as it is: {first}"));
        let (port, token) = rest.split_once("/?token=").expect("a token in the address");
        assert!(token.len() >= 16, "a long token: {token}");
        Self {
            port: port.parse().expect("a port"),
            token: token.to_owned(),
            child,
            said,
        }
    }

    /// One HTTP/1.1 request, `headers` added, the whole answer read.
    pub fn request(&self, method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> Reply {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connects");
        stream.set_read_timeout(Some(DEADLINE)).expect("timeout");
        let mut request = format!(
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\nContent-Length: {}\r\n",
            self.port,
            body.len()
        );
        for (name, value) in headers {
            request.push_str(name);
            request.push_str(": ");
            request.push_str(value);
            request.push_str("\r\n");
        }
        request.push_str("\r\n");
        request.push_str(body);
        stream.write_all(request.as_bytes()).expect("sends");
        let mut answer = Vec::new();
        stream.read_to_end(&mut answer).expect("reads the answer");
        let answer = String::from_utf8_lossy(&answer).into_owned();
        let (head, body) = answer.split_once("\r\n\r\n").expect("a head and a body");
        let mut lines = head.lines();
        let status = lines
            .next()
            .and_then(|line| line.split(' ').nth(1))
            .and_then(|code| code.parse().ok())
            .expect("a status line");
        let headers = lines
            .filter_map(|line| line.split_once(':'))
            .map(|(name, value)| (name.trim().to_owned(), value.trim().to_owned()))
            .collect();
        Reply {
            status,
            headers,
            body: body.to_owned(),
        }
    }

    pub fn get(&self, path: &str, cookie: Option<&str>) -> Reply {
        let headers: Vec<(&str, &str)> = cookie.map(|c| ("Cookie", c)).into_iter().collect();
        self.request("GET", path, &headers, "")
    }

    /// A form posted to `path` with `origin`, the session's `cookie` and these fields.
    pub fn post(
        &self,
        path: &str,
        origin: Option<&str>,
        cookie: Option<&str>,
        fields: &[(&str, &str)],
    ) -> Reply {
        let body = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(fields)
            .finish();
        let mut headers = vec![("Content-Type", "application/x-www-form-urlencoded")];
        headers.extend(origin.map(|o| ("Origin", o)));
        headers.extend(cookie.map(|c| ("Cookie", c)));
        self.request("POST", path, &headers, &body)
    }

    /// The app's own origin.
    pub fn origin(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Opens the printed address: the session's cookie (`name=value`).
    pub fn session(&self) -> String {
        let opened = self.get(&format!("/?token={}", self.token), None);
        assert_eq!(opened.status, 303, "{}", opened.body);
        assert_eq!(opened.header("Location"), Some("/"));
        let cookie = opened.header("Set-Cookie").expect("a session cookie");
        for part in ["HttpOnly", "SameSite=Strict", "Path=/"] {
            assert!(cookie.contains(part), "{cookie}");
        }
        cookie.split(';').next().expect("name=value").to_owned()
    }

    /// Ctrl-C, then waits for the end: its exit code.
    pub fn interrupt(mut self) -> Option<i32> {
        signal(&self.child, "INT");
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(10) {
            if let Some(status) = self.child.try_wait().expect("waits") {
                return status.code();
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        panic!("serve still running 10 s after Ctrl-C");
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The form token of a page.
pub fn csrf(page: &str) -> String {
    let start = page.find("name=\"csrf\" value=\"").expect("a form token") + 19;
    let end = start + page[start..].find('"').expect("its end");
    page[start..end].to_owned()
}

#[test]
fn only_the_printed_address_opens_the_campaign_page() {
    let campaign = Campaign::sample();
    let served = Served::start(missive(campaign.path()), &[]);
    let said = served
        .said
        .recv_timeout(DEADLINE)
        .expect("a line for a person");
    assert!(said.contains("Ctrl-C stops it"), "{said}");

    let without = served.get("/", None);
    assert_eq!(without.status, 403);
    assert!(without.body.contains("Access refused"), "{}", without.body);
    assert!(
        without.body.contains("<html lang=\"en\">"),
        "{}",
        without.body
    );
    assert_eq!(served.get("/?token=0123456789abcdef0123", None).status, 403);
    assert_eq!(
        served
            .get("/", Some(&format!("missive_{}=forged", served.port)))
            .status,
        403
    );

    let cookie = served.session();
    let page = served.get("/", Some(&cookie));
    assert_eq!(page.status, 200, "{}", page.body);
    assert_eq!(page.header("Cache-Control"), Some("no-store"));
    // Not `no-referrer`: a browser then sends `Origin: null` with the page's own forms.
    assert_eq!(page.header("Referrer-Policy"), Some("same-origin"));
    assert!(
        page.body
            .contains("Subject: Rentrée numérique du 26 avril — recommandations pour {{ ecole }}"),
        "the template's text: {}",
        page.body
    );
    assert!(
        page.body.contains("<span class=\"number\">3</span>"),
        "numbered lines"
    );
    assert!(
        page.body.contains("<code>civilite</code>"),
        "the list's columns"
    );
    assert!(page.body.contains("No problem found."), "{}", page.body);
    assert!(page.body.contains("12 messages ready"), "{}", page.body);
    assert!(page.body.contains(">Save</button>") && page.body.contains(">Check</button>"));

    assert_eq!(served.interrupt(), Some(0));
}

#[test]
fn a_check_error_shows_at_its_line_and_only_a_form_of_the_page_saves() {
    let campaign = Campaign::sample();
    let file = campaign.path().join(TEMPLATE);
    let fixed = std::fs::read_to_string(&file).expect("the template");
    let broken = fixed.replacen("{{ ecole }}", "{{ ecolee }}", 1);
    std::fs::write(&file, &broken).expect("a slip in the subject");
    let served = Served::start(missive(campaign.path()), &[]);
    let cookie = served.session();
    let page = served.get("/", Some(&cookie)).body;
    assert!(
        page.contains(
            "line 3: the template uses `ecolee` but the recipient list has no such column"
        ),
        "{page}"
    );
    assert!(
        page.contains("<li id=\"line-3\" class=\"flagged\">"),
        "the line marked in the template: {page}"
    );
    assert!(page.contains("<a href=\"#line-3\">"), "{page}");
    let token = csrf(&page);
    let own = served.origin();
    let other = format!("http://127.0.0.1:{}", served.port.wrapping_add(1));

    let refusals = [
        ("no origin", None, Some(cookie.as_str()), token.as_str()),
        (
            "no form token",
            Some(own.as_str()),
            Some(cookie.as_str()),
            "",
        ),
        (
            "a wrong form token",
            Some(own.as_str()),
            Some(cookie.as_str()),
            "0000",
        ),
        (
            "another port",
            Some(other.as_str()),
            Some(cookie.as_str()),
            token.as_str(),
        ),
        ("no session", Some(own.as_str()), None, token.as_str()),
    ];
    for (what, origin, session, form_token) in refusals {
        let reply = served.post(
            "/template",
            origin,
            session,
            &[("csrf", form_token), ("text", &fixed)],
        );
        assert_eq!(reply.status, 403, "{what}: {}", reply.body);
        assert_eq!(
            std::fs::read_to_string(&file).expect("the template"),
            broken,
            "{what}: the file unchanged"
        );
    }

    let saved = served.post(
        "/template",
        Some(&own),
        Some(&cookie),
        &[("csrf", &token), ("text", &fixed.replace('\n', "\r\n"))],
    );
    assert_eq!(saved.status, 200, "{}", saved.body);
    assert!(
        saved.body.contains("Template saved, and checked again."),
        "{}",
        saved.body
    );
    assert!(!saved.body.contains("ecolee"), "{}", saved.body);
    assert!(saved.body.contains("No problem found."), "{}", saved.body);
    assert!(!saved.body.contains("class=\"flagged\""), "{}", saved.body);
    assert_eq!(
        std::fs::read_to_string(&file).expect("the template"),
        fixed,
        "saved with the file's own line ends"
    );
    assert_eq!(served.interrupt(), Some(0));
}

#[test]
fn ctrl_c_stops_it_while_a_connection_stays_open() {
    let campaign = Campaign::sample();
    let served = Served::start(missive(campaign.path()), &[]);
    // A request begun and never finished holds its connection.
    let mut held = TcpStream::connect(("127.0.0.1", served.port)).expect("connects");
    held.write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        .expect("half a request");
    assert_eq!(served.interrupt(), Some(0));
}

#[test]
fn a_french_run_serves_french_pages() {
    let campaign = Campaign::sample();
    let file = campaign.path().join(TEMPLATE);
    let text = std::fs::read_to_string(&file).expect("the template");
    std::fs::write(&file, text.replacen("{{ ecole }}", "{{ ecolee }}", 1)).expect("a slip");
    let served = Served::start(french(campaign.path()), &[]);
    let said = served
        .said
        .recv_timeout(DEADLINE)
        .expect("a line for a person");
    assert!(said.contains("Ctrl-C l'arrête"), "{said}");
    let refused = served.get("/", None);
    assert_eq!(refused.status, 403);
    assert!(refused.body.contains("Accès refusé"), "{}", refused.body);
    let cookie = served.session();
    let page = served.get("/", Some(&cookie)).body;
    assert!(page.contains("<html lang=\"fr\">"), "{page}");
    for words in [
        "Campagne",
        "Modèle",
        "Colonnes de la liste",
        ">Enregistrer</button>",
        ">Vérifier</button>",
    ] {
        assert!(page.contains(words), "{words}: {page}");
    }
    let problem = page
        .lines()
        .find(|line| line.contains("class=\"error\""))
        .unwrap_or_else(|| panic!("a problem: {page}"));
    assert!(problem.contains("ligne 3"), "{problem}");
    assert!(problem.contains("le modèle emploie"), "{problem}");
    assert!(problem.contains("ecolee"), "{problem}");
    assert_eq!(served.interrupt(), Some(0));
}

#[test]
fn without_a_display_it_prints_the_address_only() {
    let campaign = Campaign::sample();
    let mut command = missive(campaign.path());
    command.env_remove("DISPLAY").env_remove("WAYLAND_DISPLAY");
    let served = Served::start_opening(command, &[], true);
    let said: Vec<String> = (0..2)
        .map(|_| served.said.recv_timeout(DEADLINE).expect("a line"))
        .collect();
    assert!(
        said[1].contains("no display here: open the address above"),
        "{said:?}"
    );
    assert_eq!(served.interrupt(), Some(0));
}
