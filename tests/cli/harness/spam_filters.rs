//! Two real spam filters that score a message as the relay received it, with the network
//! off: [`SpamAssassin`] (`spamassassin -L`, Bayes off, a private home folder) and a private
//! [`Rspamd`] (its own configuration, database and run folders in a temporary folder, its
//! worker on a free loopback port, every module that asks the network or Redis switched
//! off). Only the local, content-and-structure rules remain: what missive's messages decide.
//!
//! Without Debian's `spamassassin` or `rspamd` the tests say why they skipped; with
//! `CI=true` they fail (`.ci/run` installs both).

use std::fmt;
use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::{free_port, is_root, skip_without, text, unprivileged};

/// What a filter made of one message: its total and the rules (`spamassassin`) or symbols
/// (rspamd) that fired, with their points.
#[derive(Clone, Debug)]
pub struct Score {
    pub filter: &'static str,
    pub total: f64,
    pub rules: Vec<(String, f64)>,
}

impl Score {
    /// Whether `rule` fired.
    pub fn hit(&self, rule: &str) -> bool {
        self.rules.iter().any(|(name, _)| name == rule)
    }
}

impl fmt::Display for Score {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {:.1}:", self.filter, self.total)?;
        for (rule, points) in &self.rules {
            write!(f, " {rule} {points:+.1}")?;
        }
        Ok(())
    }
}

/// `spamassassin` with its local tests only: `spamassassin -L -t`, the preferences of a
/// private home folder (Bayes and its auto-learning off, no RBL, Razor, Pyzor or DCC).
pub struct SpamAssassin {
    home: tempfile::TempDir,
}

/// The user preferences: Bayes would score what the home folder's empty database learnt
/// (nothing), and every network test is off even if `-L` were forgotten.
const SPAMASSASSIN_PREFS: &str = "use_bayes 0
bayes_auto_learn 0
skip_rbl_checks 1
use_razor2 0
use_pyzor 0
use_dcc 0
";

impl SpamAssassin {
    /// `None` (with a notice) when `spamassassin` is not installed and CI is not set.
    pub fn new() -> Option<Self> {
        if which("spamassassin").is_none() {
            skip_without(
                "SpamAssassin is not installed: `apt-get install spamassassin` (Debian), or run `.ci/run`, which installs it",
            );
            return None;
        }
        let home = tempfile::tempdir().expect("temp dir");
        std::fs::write(home.path().join("user_prefs"), SPAMASSASSIN_PREFS).expect("user_prefs");
        Some(Self { home })
    }

    /// Scores `message` (the bytes the relay received).
    pub fn score(&self, message: &[u8]) -> Score {
        let mut child = Command::new("spamassassin")
            .args(["-L", "-t", "-p"])
            .arg(self.home.path().join("user_prefs"))
            .env("HOME", self.home.path())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spamassassin runs");
        let mut stdin = child.stdin.take().expect("stdin");
        let message = message.to_vec();
        let writer = std::thread::spawn(move || stdin.write_all(&message));
        let output = child.wait_with_output().expect("spamassassin ends");
        writer.join().expect("writer").expect("message written");
        assert!(output.status.success(), "spamassassin: {}", text(&output));
        parse_spamassassin(&String::from_utf8_lossy(&output.stdout))
            .unwrap_or_else(|| panic!("no report in spamassassin's output: {}", text(&output)))
    }
}

/// The total and the rules of the report `-t` appends:
///
/// ```text
/// Content analysis details:   (2.8 points, 5.0 required)
///
///  pts rule name              description
/// ---- ---------------------- --------------------------------------------------
///  2.8 HTML_IMAGE_ONLY_28     BODY: HTML: images with 2400-2800 bytes of words
/// ```
fn parse_spamassassin(output: &str) -> Option<Score> {
    let (_, report) = output.split_once("Content analysis details:")?;
    let total = report.split_once('(')?.1.split_once(" points")?.0;
    let table = report.split_once("\n---- ")?.1.split_once('\n')?.1;
    let rules = table
        .lines()
        .take_while(|line| !line.trim().is_empty())
        .filter_map(|line| {
            let mut words = line.split_whitespace();
            let points = words.next()?.parse().ok()?;
            Some((words.next()?.to_string(), points))
        })
        .collect();
    Some(Score {
        filter: "SpamAssassin",
        total: total.trim().parse().ok()?,
        rules,
    })
}

/// A private rspamd, stopped when dropped.
pub struct Rspamd {
    dir: tempfile::TempDir,
    port: u16,
}

/// The modules that ask the network (DNS lists, URL lists, fuzzy hashes, DCC, SPF, DKIM,
/// DMARC, ARC, MX, ASN, hostname checks, remote updates) or Redis (Bayes' neighbours:
/// neural, reputation, greylisting, rate limits, replies, history): switched off, so a score
/// depends on the message alone and the test needs no network.
const RSPAMD_OFF: [&str; 29] = [
    "rbl",
    "surbl",
    "fuzzy_check",
    "dcc",
    "neural",
    "reputation",
    "asn",
    "spf",
    "dkim",
    "dmarc",
    "arc",
    "mx_check",
    "hfilter",
    "greylist",
    "ratelimit",
    "replies",
    "history_redis",
    "url_redirector",
    "external_services",
    "antivirus",
    "clickhouse",
    "elastic",
    "bimi",
    "p0f",
    "metadata_exporter",
    "rspamd_update",
    "whitelist",
    "emails",
    "dkim_signing",
];

impl Rspamd {
    /// Configures and starts an instance; `None` (with a notice) when `rspamd` is not
    /// installed and CI is not set.
    pub fn start() -> Option<Self> {
        if which("rspamd").is_none() || which("rspamc").is_none() {
            skip_without(
                "rspamd is not installed: `apt-get install rspamd` (Debian), or run `.ci/run`, which installs it",
            );
            return None;
        }
        let rspamd = Self {
            dir: tempfile::tempdir().expect("temp dir"),
            port: free_port(),
        };
        rspamd.configure();
        let mut command = Command::new("rspamd");
        command.arg("-c").arg(rspamd.path("rspamd.conf"));
        for (name, folder) in [
            ("CONFDIR", PathBuf::from("/etc/rspamd")),
            ("LOCAL_CONFDIR", rspamd.dir.path().to_path_buf()),
            ("DBDIR", rspamd.path("db")),
            ("RUNDIR", rspamd.path("run")),
            ("LOGDIR", rspamd.path("log")),
        ] {
            command
                .arg("--var")
                .arg(format!("{name}={}", folder.display()));
        }
        // rspamd refuses to run as root: as root the tests run it as `nobody`.
        // The daemon keeps what it inherits open: its start-up messages go to a file, not
        // to a pipe that would never close.
        let said = std::fs::File::create(rspamd.path("log/start.txt")).expect("start.txt");
        let mut command = unprivileged(command)?;
        let started = command
            .stdout(said.try_clone().expect("start.txt"))
            .stderr(said)
            .status()
            .expect("rspamd runs");
        assert!(
            started.success(),
            "rspamd: {started}\n{}\n{}",
            std::fs::read_to_string(rspamd.path("log/start.txt")).unwrap_or_default(),
            rspamd.log()
        );
        rspamd.wait_ready();
        Some(rspamd)
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn configure(&self) {
        use std::os::unix::fs::PermissionsExt;
        for folder in ["local.d", "db", "run", "log"] {
            std::fs::create_dir(self.path(folder)).expect("an rspamd folder");
        }
        // Debian's modules and rules (CONFDIR), with only the top-level file ours: one
        // normal worker on our port, no controller, proxy or fuzzy storage.
        let conf = format!(
            r#".include "$CONFDIR/common.conf"
options {{
    pidfile = "$RUNDIR/rspamd.pid";
    .include "$CONFDIR/options.inc"
    .include(try=true; priority=1,duplicate=merge) "$LOCAL_CONFDIR/local.d/options.inc"
}}
logging {{
    type = "file";
    filename = "$LOGDIR/rspamd.log";
    level = "notice";
}}
worker "normal" {{
    bind_socket = "127.0.0.1:{}";
    .include "$CONFDIR/worker-normal.inc"
    count = 1;
}}
"#,
            self.port
        );
        std::fs::write(self.path("rspamd.conf"), conf).expect("rspamd.conf");
        for module in RSPAMD_OFF {
            std::fs::write(
                self.path(&format!("local.d/{module}.conf")),
                "enabled = false;\n",
            )
            .expect("a module's override");
        }
        // A resolver that answers nothing, for whatever still asks.
        std::fs::write(
            self.path("local.d/options.inc"),
            "dns { nameserver = [\"127.0.0.1:1\"]; timeout = 0.1s; retransmits = 1; }\n",
        )
        .expect("options.inc");
        if is_root() {
            // `nobody` writes its database, pid and log here.
            for folder in ["", "db", "run", "log"] {
                std::fs::set_permissions(self.path(folder), std::fs::Permissions::from_mode(0o777))
                    .expect("chmod");
            }
        }
    }

    /// Waits for the worker to answer `GET /ping`.
    fn wait_ready(&self) {
        let deadline = Instant::now() + super::PATIENCE;
        loop {
            if self
                .get("/ping")
                .is_some_and(|reply| reply.contains("pong"))
            {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "rspamd did not answer on 127.0.0.1:{} within {:?}:\n{}",
                self.port,
                super::PATIENCE,
                self.log()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn get(&self, path: &str) -> Option<String> {
        let mut stream = std::net::TcpStream::connect(("127.0.0.1", self.port)).ok()?;
        stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
        write!(
            stream,
            "GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        )
        .ok()?;
        let mut reply = String::new();
        stream.read_to_string(&mut reply).ok()?;
        Some(reply)
    }

    fn log(&self) -> String {
        std::fs::read_to_string(self.path("log/rspamd.log")).unwrap_or_default()
    }

    /// Scores `message` (the bytes the relay received) with `rspamc`.
    pub fn score(&self, message: &[u8]) -> Score {
        let file = self.dir.path().join("message.eml");
        std::fs::write(&file, message).expect("the message to scan");
        let output = Command::new("rspamc")
            .args(["-h", &format!("127.0.0.1:{}", self.port), "-j", "symbols"])
            .arg(&file)
            .output()
            .expect("rspamc runs");
        assert!(output.status.success(), "rspamc: {}", text(&output));
        let reply: serde_json::Value = serde_json::from_slice(&output.stdout)
            .unwrap_or_else(|e| panic!("rspamc's JSON ({e}): {}", text(&output)));
        let mut rules: Vec<(String, f64)> = reply["symbols"]
            .as_object()
            .unwrap_or_else(|| panic!("no symbols in rspamc's reply: {reply}"))
            .iter()
            .map(|(name, symbol)| (name.clone(), symbol["score"].as_f64().unwrap_or(0.0)))
            .collect();
        rules.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()).then(a.0.cmp(&b.0)));
        Score {
            filter: "rspamd",
            total: reply["score"]
                .as_f64()
                .unwrap_or_else(|| panic!("no score in rspamc's reply: {reply}")),
            rules,
        }
    }
}

impl Drop for Rspamd {
    fn drop(&mut self) {
        if let Ok(pid) = std::fs::read_to_string(self.path("run/rspamd.pid")) {
            let _ = Command::new("kill").arg(pid.trim()).status();
        }
    }
}

fn which(program: &str) -> Option<PathBuf> {
    std::env::var_os("PATH")?
        .to_str()?
        .split(':')
        .chain(["/usr/bin", "/usr/sbin"])
        .map(|folder| Path::new(folder).join(program))
        .find(|path| path.is_file())
}
