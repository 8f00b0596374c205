//! A private Dovecot IMAP server: its configuration, runtime and state folders and the
//! mailbox (a Maildir) in a temporary folder; `imaps` (TLS from the first byte) and `imap`
//! (STARTTLS) on free loopback ports, with a certificate from a [`TestCa`]; one user,
//! [`IMAP_USER`] with [`IMAP_PASSWORD`] (a passwd-file); the folders INBOX, Sent and Drafts,
//! the last two with their RFC 6154 special-use flags (other names, or no flags, through
//! [`Dovecot::builder`]).
//!
//! Needs Debian's `dovecot-imapd`; without it a test says so and skips (under `CI=true` it
//! fails). No system service is used: `dovecot -F -c FILE` runs as a child of the test and
//! is stopped when the [`Dovecot`] is dropped. Run by a user, every Dovecot process runs as
//! that user; run by root, the master stays root and the others (login, mail, internal
//! processes) run as `nobody`, who owns the mailbox: Dovecot refuses to run its login
//! process as root.
//!
//! The library's own tests include this file by its path (`src/test_servers.rs`), so it
//! names nothing of the test binary but what that module provides too.
//!
//! What Dovecot does that a test must know:
//! - it counts loopback as secure: a plaintext login on 127.0.0.1 is accepted, so only its
//!   log tells whether a login used TLS ([`Dovecot::logins`]);
//! - a refused login is answered after about 0.5 s: with `auth_failure_delay = 0` and the
//!   auth penalty off, its auth process still looks at failures every 500 ms (with Dovecot's
//!   defaults it takes 1.5 to 2 s, and more with each failure from the same address);
//! - its LOGIN command goes through the PLAIN mechanism: without `plain` in
//!   `auth_mechanisms` it announces LOGINDISABLED;
//! - it keeps a message byte for byte, CRLF included (`mail_save_crlf = yes`); a message's
//!   flags are the letters after `:2,` in its file name (`S` seen, `D` draft, …);
//! - folder names are UTF-8 on disk (`.Éléments envoyés` below the Maildir, `:UTF-8`) and
//!   modified UTF-7 on the wire (`&AMk-l&AOk-ments envoy&AOk-s`).

use std::fs;
use std::io::{BufRead, BufReader};
use std::net::TcpStream;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use super::{Account, TestCa, account, eventually, free_port, is_root, skip_without};

const DOVECOT: &str = "/usr/sbin/dovecot";
/// The one user of the mailbox.
pub const IMAP_USER: &str = "ien.lille-1";
/// Its password: not ASCII, as a French teacher's may be; the tests look for it in outputs.
pub const IMAP_PASSWORD: &str = "imap-mot-de-passe-Rentrée";
/// How long the harness waits for Dovecot to start, stop or log a login.
const PATIENCE: Duration = Duration::from_secs(20);

/// Which folders a [`Dovecot`] has, and whether they carry their special-use flags.
pub struct DovecotBuilder {
    sent: String,
    drafts: String,
    special_use: bool,
    mechanisms: String,
    fsync: bool,
}

impl DovecotBuilder {
    /// The name of the sent-messages folder ("Sent" by default).
    pub fn sent_name(mut self, name: &str) -> Self {
        name.clone_into(&mut self.sent);
        self
    }

    /// The name of the drafts folder ("Drafts" by default).
    pub fn drafts_name(mut self, name: &str) -> Self {
        name.clone_into(&mut self.drafts);
        self
    }

    /// Whether LIST shows `\Sent` and `\Drafts` on them (yes by default), as servers with
    /// RFC 6154 do; without, a client must know them by name.
    pub fn special_use(mut self, special_use: bool) -> Self {
        self.special_use = special_use;
        self
    }

    /// The SASL mechanisms it offers (`plain login` by default). Without `plain` it also
    /// refuses the LOGIN command (LOGINDISABLED), which it runs through PLAIN.
    pub fn auth_mechanisms(mut self, mechanisms: &str) -> Self {
        mechanisms.clone_into(&mut self.mechanisms);
        self
    }

    /// Whether it waits for the disk after each message it stores (yes by default, as
    /// servers do): without, a measurement shows what the protocol and the client cost.
    pub fn fsync(mut self, fsync: bool) -> Self {
        self.fsync = fsync;
        self
    }

    /// Configures and starts an instance; `None` (with a notice) when Dovecot is not
    /// installed and CI is not set.
    pub fn start(self) -> Option<Dovecot> {
        if !Path::new(DOVECOT).is_file() {
            skip_without(
                "Dovecot is not installed: `apt-get install dovecot-imapd` (Debian), or run `.ci/run`, which installs it",
            );
            return None;
        }
        let dir = tempfile::tempdir().expect("temp dir");
        let as_root = is_root();
        if as_root {
            // Dovecot's processes run as `nobody` and must reach the mailbox inside.
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).expect("chmod");
        }
        let ca = TestCa::new(dir.path());
        let owner = account(as_root.then_some("nobody"));
        let chown_to = as_root.then_some((owner.uid, owner.gid));
        let (tls_port, plain_port) = (free_port(), free_port());
        let paths = Paths(dir.path().to_owned());
        fs::write(
            paths.config(),
            self.config(&paths, &ca, &owner, tls_port, plain_port),
        )
        .expect("dovecot.conf");
        let passwd = format!(
            "{IMAP_USER}:{{PLAIN}}{IMAP_PASSWORD}:{}:{}::{}::\n",
            owner.uid,
            owner.gid,
            paths.home().display()
        );
        fs::write(dir.path().join("passwd"), passwd).expect("passwd");
        fs::create_dir(paths.home()).expect("the user's home");
        own(&paths.home(), chown_to);
        let output = fs::File::create(paths.output()).expect("dovecot.out");
        // Its own process group, so that all its processes can be stopped at once.
        let server = Command::new(DOVECOT)
            .process_group(0)
            .arg("-F")
            .arg("-c")
            .arg(paths.config())
            .stdin(Stdio::null())
            .stdout(output.try_clone().expect("dovecot.out"))
            .stderr(output)
            .spawn()
            .expect("dovecot starts");
        let mut dovecot = Dovecot {
            dir,
            server,
            tls_port,
            plain_port,
            ca,
            chown_to,
            delivered: AtomicUsize::new(0),
        };
        dovecot.wait_ready();
        Some(dovecot)
    }

    fn config(
        &self,
        paths: &Paths,
        ca: &TestCa,
        owner: &Account,
        tls_port: u16,
        plain_port: u16,
    ) -> String {
        for name in [&self.sent, &self.drafts] {
            assert!(
                !name.contains(['"', '\\']),
                "a folder name for dovecot.conf without quotes or backslashes: {name}"
            );
        }
        let root = paths.0.display();
        let (sent_use, drafts_use) = if self.special_use {
            ("special_use = \\Sent", "special_use = \\Drafts")
        } else {
            ("", "")
        };
        format!(
            r#"# A private Dovecot for missive's tests (tests/cli/harness/dovecot.rs).
instance_name = missive-test
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
log_timestamp = "%Y-%m-%d %H:%M:%S "
protocols = imap
listen = 127.0.0.1
default_login_user = {login}
default_internal_user = {login}
default_internal_group = {group}
first_valid_uid = {uid}
first_valid_gid = {gid}
ssl = yes
ssl_cert = <{cert}
ssl_key = <{key}
auth_mechanisms = {mechanisms}
auth_failure_delay = 0
passdb {{
  driver = passwd-file
  args = scheme=PLAIN {root}/passwd
}}
userdb {{
  driver = passwd-file
  args = {root}/passwd
}}
mail_location = maildir:~/Maildir:UTF-8
mail_save_crlf = yes
mail_fsync = {fsync}
namespace inbox {{
  inbox = yes
  mailbox "{sent}" {{
    auto = create
    {sent_use}
  }}
  mailbox "{drafts}" {{
    auto = create
    {drafts_use}
  }}
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {plain_port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {tls_port}
    ssl = yes
  }}
}}
service anvil {{
  chroot =
  # No penalty for failed logins: each would otherwise wait longer, up to 15 s.
  unix_listener anvil-auth-penalty {{
    mode = 0
  }}
}}
"#,
            login = owner.name,
            group = owner.group,
            uid = owner.uid,
            gid = owner.gid,
            cert = ca.cert_file().display(),
            key = ca.key_file().display(),
            sent = self.sent,
            drafts = self.drafts,
            mechanisms = self.mechanisms,
            fsync = if self.fsync { "optimized" } else { "never" },
        )
    }
}

/// Where an instance keeps its files, inside its temporary folder.
struct Paths(PathBuf);

impl Paths {
    fn config(&self) -> PathBuf {
        self.0.join("dovecot.conf")
    }

    fn home(&self) -> PathBuf {
        self.0.join("home")
    }

    /// What `dovecot -F` prints before its log file is open (configuration errors).
    fn output(&self) -> PathBuf {
        self.0.join("dovecot.out")
    }

    fn log(&self) -> PathBuf {
        self.0.join("dovecot.log")
    }
}

/// A running private Dovecot, stopped when dropped.
pub struct Dovecot {
    dir: tempfile::TempDir,
    server: Child,
    tls_port: u16,
    plain_port: u16,
    ca: TestCa,
    /// Who owns what the harness puts in the mailbox, when the tests run as root: the
    /// account Dovecot's processes run as.
    chown_to: Option<(u32, u32)>,
    delivered: AtomicUsize,
}

/// One login Dovecot accepted, as it logged it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImapLogin {
    pub user: String,
    /// The mechanism: `PLAIN` (LOGIN and AUTHENTICATE PLAIN alike), `LOGIN`, …
    pub method: String,
    /// Whether TLS protected the session (`imaps`, or after STARTTLS). A plaintext login on
    /// loopback is logged as `secured` instead.
    pub tls: bool,
}

impl Dovecot {
    /// An instance with INBOX, and Sent and Drafts with their special-use flags.
    pub fn start() -> Option<Self> {
        Self::builder().start()
    }

    /// An instance whose folders have the names French Outlook gives them ("Éléments
    /// envoyés", "Brouillons") and no special-use flags, as on a server without RFC 6154.
    pub fn french() -> Option<Self> {
        Self::builder()
            .sent_name("Éléments envoyés")
            .drafts_name("Brouillons")
            .special_use(false)
            .start()
    }

    pub fn builder() -> DovecotBuilder {
        DovecotBuilder {
            sent: "Sent".to_owned(),
            drafts: "Drafts".to_owned(),
            special_use: true,
            mechanisms: "plain login".to_owned(),
            fsync: true,
        }
    }

    /// TLS from the first byte: `imaps://127.0.0.1:PORT`.
    pub fn imaps_url(&self) -> String {
        format!("imaps://127.0.0.1:{}", self.tls_port)
    }

    /// STARTTLS on the plain port: `imap://127.0.0.1:PORT?tls=required`.
    pub fn starttls_url(&self) -> String {
        format!("{}?tls=required", self.plain_url())
    }

    /// No TLS (Dovecot still logs in on loopback): `imap://127.0.0.1:PORT`.
    pub fn plain_url(&self) -> String {
        format!("imap://127.0.0.1:{}", self.plain_port)
    }

    /// The certificate authority to trust (`--ca-file`).
    pub fn ca_file(&self) -> &Path {
        self.ca.ca_file()
    }

    #[allow(clippy::unused_self)] // asked of the server, as its URLs are
    pub fn user(&self) -> &'static str {
        IMAP_USER
    }

    /// Drops a message into `folder` ("INBOX", "Sent", …) as a delivery agent does: written
    /// in `tmp/`, then moved to `new/`. Dovecot gives it the next UID when a client looks.
    pub fn deliver(&self, folder: &str, bytes: &[u8]) {
        let dir = self.folder(folder);
        let n = self.delivered.fetch_add(1, Ordering::SeqCst);
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .expect("a clock after 1970");
        let name = format!(
            "{}.M{:06}P{}Q{n}.missive-test",
            now.as_secs(),
            now.subsec_micros(),
            std::process::id()
        );
        let tmp = dir.join("tmp").join(&name);
        fs::write(&tmp, bytes).expect("a message in tmp/");
        own(&tmp, self.chown_to);
        fs::rename(&tmp, dir.join("new").join(&name)).expect("a message moved to new/");
    }

    /// Every message in `folder`, with its flags (`\Seen`, `\Draft`, `\Flagged`,
    /// `\Answered`, `\Deleted`; a keyword as its letter), in the order of their file names.
    pub fn messages(&self, folder: &str) -> Vec<(Vec<String>, Vec<u8>)> {
        let dir = self.folder(folder);
        // Dovecot moves files from new/ to cur/ as it sees them: list again if one moved
        // between the listing and the reading.
        let deadline = Instant::now() + PATIENCE;
        loop {
            let mut files: Vec<PathBuf> = ["new", "cur"]
                .iter()
                .flat_map(|sub| fs::read_dir(dir.join(sub)).expect("a Maildir folder"))
                .map(|entry| entry.expect("a Maildir entry").path())
                .collect();
            files.sort_by(|a, b| a.file_name().cmp(&b.file_name()));
            let read: Result<Vec<_>, _> = files
                .iter()
                .map(|file| fs::read(file).map(|bytes| (flags_of(file), bytes)))
                .collect();
            match read {
                Ok(messages) => return messages,
                Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                    assert!(Instant::now() < deadline, "the Maildir keeps changing");
                }
                Err(error) => panic!("read a message of `{folder}`: {error}"),
            }
        }
    }

    /// Dovecot's log (and what it printed before opening it).
    pub fn log(&self) -> String {
        let paths = self.paths();
        let early = fs::read_to_string(paths.output()).unwrap_or_default();
        early + &fs::read_to_string(paths.log()).unwrap_or_default()
    }

    /// The logins Dovecot accepted so far, from its log.
    pub fn logins(&self) -> Vec<ImapLogin> {
        self.log()
            .lines()
            .filter_map(|line| {
                let (_, login) = line.split_once("imap-login: Info: Login: ")?;
                let fields: Vec<&str> = login.split(", ").collect();
                let field = |name: &str| fields.iter().find_map(|f| f.strip_prefix(name));
                Some(ImapLogin {
                    user: field("user=<")?.trim_end_matches('>').to_owned(),
                    method: field("method=")?.to_owned(),
                    tls: fields.contains(&"TLS"),
                })
            })
            .collect()
    }

    /// The logins, once there are at least `count`: Dovecot's log process writes them a
    /// moment after the client is in.
    pub fn wait_for_logins(&self, count: usize) -> Vec<ImapLogin> {
        let mut logins = Vec::new();
        let logged = eventually(PATIENCE, || {
            logins = self.logins();
            logins.len() >= count
        });
        assert!(
            logged,
            "{} of {count} login(s) logged after {PATIENCE:?}:\n{}",
            logins.len(),
            self.log()
        );
        logins
    }

    fn paths(&self) -> Paths {
        Paths(self.dir.path().to_owned())
    }

    /// A folder's Maildir (`.NAME` below the Maildir; the Maildir itself for INBOX), made
    /// if it is not there yet.
    fn folder(&self, folder: &str) -> PathBuf {
        let mut dir = self.paths().home().join("Maildir");
        let mut made = vec![dir.clone()];
        if !folder.eq_ignore_ascii_case("INBOX") {
            dir = dir.join(format!(".{folder}"));
            made.push(dir.clone());
        }
        for sub in ["cur", "new", "tmp"] {
            fs::create_dir_all(dir.join(sub)).expect("a Maildir folder");
            made.push(dir.join(sub));
        }
        if dir.file_name() != Some("Maildir".as_ref()) {
            let marker = dir.join("maildirfolder");
            fs::write(&marker, "").expect("maildirfolder");
            made.push(marker);
        }
        for path in &made {
            own(path, self.chown_to);
        }
        dir
    }

    /// Greeted on the plain port: Dovecot greets once its auth process is ready, and both
    /// listeners are open by then.
    fn wait_ready(&mut self) {
        let ready = eventually(PATIENCE, || {
            if let Ok(Some(status)) = self.server.try_wait() {
                panic!("Dovecot stopped ({status}):\n{}", self.log());
            }
            greeting(self.plain_port).is_some_and(|line| line.starts_with("* OK"))
        });
        assert!(
            ready,
            "Dovecot did not greet on port {} within {PATIENCE:?}:\n{}",
            self.plain_port,
            self.log()
        );
    }
}

impl Drop for Dovecot {
    /// Stops every process of the instance, its group at once: `dovecot stop` waits a
    /// second or more for the master to stop its children, one test after another.
    fn drop(&mut self) {
        let group = format!("-{}", self.server.id());
        let signal = |name: &str| {
            let _ = Command::new("kill").args([name, "--", &group]).output();
        };
        signal("-TERM");
        let deadline = Instant::now() + PATIENCE;
        while matches!(self.server.try_wait(), Ok(None)) && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(10));
        }
        signal("-KILL");
        let _ = self.server.wait();
    }
}

/// The first line a server sends on `port`, if it sends one within 5 s.
fn greeting(port: u16) -> Option<String> {
    let stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    let mut line = String::new();
    BufReader::new(stream).read_line(&mut line).ok()?;
    Some(line)
}

/// The IMAP flags a Maildir file name carries after `:2,`.
fn flags_of(file: &Path) -> Vec<String> {
    let name = file
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    let letters = name.split_once(":2,").map_or("", |(_, letters)| letters);
    letters
        .chars()
        .map(|letter| match letter {
            'S' => "\\Seen".to_owned(),
            'D' => "\\Draft".to_owned(),
            'F' => "\\Flagged".to_owned(),
            'R' => "\\Answered".to_owned(),
            'T' => "\\Deleted".to_owned(),
            keyword => keyword.to_string(),
        })
        .collect()
}

/// Gives `path` to `owner` (uid, gid), if any.
fn own(path: &Path, owner: Option<(u32, u32)>) {
    if let Some((uid, gid)) = owner {
        std::os::unix::fs::chown(path, Some(uid), Some(gid))
            .unwrap_or_else(|e| panic!("chown `{}`: {e}", path.display()));
    }
}
