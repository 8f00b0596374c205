//! A private Postfix instance: its own configuration, queue and data folders in a temporary
//! folder, smtpd on a free loopback port, delivering mail for [`DOMAIN`] (the domain of
//! [`super::Campaign::new`]'s heads) to a Maildir.
//!
//! Needs Debian's `postfix` package and root (Postfix starts as root and drops to its own
//! user).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use super::{account, free_port, is_root, skip_without, text};

const POSTFIX: &str = "/usr/sbin/postfix";
/// The domain the private Postfix delivers to its Maildir: the test list's domain.
pub const DOMAIN: &str = "ac-lille.example";

/// A private Postfix instance, stopped when dropped.
pub struct Postfix {
    dir: tempfile::TempDir,
    port: u16,
}

impl Postfix {
    /// Configures and starts an instance in a temporary folder; `None` (with a notice) when
    /// this machine cannot run one and CI is not set.
    pub fn start() -> Option<Self> {
        Self::start_with("")
    }

    /// Same, with `extra` lines appended to its main.cf.
    pub fn start_with(extra: &str) -> Option<Self> {
        if !Path::new(POSTFIX).is_file() {
            skip_without(
                "Postfix is not installed: `apt-get install postfix` (Debian), or run `.ci/run`, which installs it",
            );
            return None;
        }
        if !is_root() {
            eprintln!(
                "skipped: a private Postfix instance is started as root; run the tests as root (as `.ci/run` does in its container)"
            );
            return None;
        }
        let dir = tempfile::tempdir().expect("temp dir");
        let port = free_port();
        let postfix = Self { dir, port };
        postfix.configure(extra);
        let started = postfix.postfix(&["start"]);
        assert!(
            started.status.success(),
            "postfix start: {}\n{}",
            text(&started),
            postfix.log()
        );
        postfix.wait_listening();
        Some(postfix)
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn configure(&self, extra: &str) {
        use std::os::unix::fs::{PermissionsExt, chown};
        let root = self.dir.path();
        // Postfix's own processes run as `postfix` and must reach the queue inside.
        std::fs::set_permissions(root, std::fs::Permissions::from_mode(0o755)).expect("chmod");
        for folder in ["etc", "queue", "data", "mail"] {
            std::fs::create_dir(self.path(folder)).expect("a Postfix folder");
        }
        let postfix_uid = account(Some("postfix")).uid;
        chown(self.path("data"), Some(postfix_uid), None).expect("chown data");
        // The virtual delivery agent writes the Maildir as `nobody`.
        let nobody = account(Some("nobody"));
        let (user, group) = (nobody.uid, nobody.gid);
        chown(self.path("mail"), Some(user), Some(group)).expect("chown mail");
        let root = root.display();
        let main_cf = format!(
            "compatibility_level = 3.6
queue_directory = {root}/queue
data_directory = {root}/data
mail_owner = postfix
setgid_group = postdrop
syslog_name = postfix-missive-test
maillog_file_prefixes = {root}
maillog_file = {root}/maillog
inet_interfaces = loopback-only
inet_protocols = ipv4
myhostname = postfix.missive.test
mydomain = missive.test
myorigin = $myhostname
mydestination = localhost
mynetworks = 127.0.0.0/8
smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination
alias_maps =
alias_database =
local_recipient_maps =
biff = no
virtual_mailbox_domains = {DOMAIN}
virtual_mailbox_base = {root}/mail
virtual_mailbox_maps = static:inbox/
virtual_uid_maps = static:{user}
virtual_gid_maps = static:{group}
virtual_minimum_uid = 1
{extra}
"
        );
        std::fs::write(self.path("etc/main.cf"), main_cf).expect("main.cf");
        // Debian's master.cf: the installed one, or the package's copy when Postfix was
        // installed unconfigured (as `.ci/run` does).
        let master = [
            "/etc/postfix/master.cf",
            "/usr/share/postfix/master.cf.dist",
        ]
        .iter()
        .find_map(|path| std::fs::read_to_string(path).ok())
        .expect("Debian's master.cf (/etc/postfix or /usr/share/postfix), installed with Postfix");
        std::fs::write(self.path("etc/master.cf"), master_cf(&master, self.port))
            .expect("master.cf");
    }

    /// `postfix -c DIR ARGS`, its messages on a pseudo-terminal-less stderr going to the log.
    fn postfix(&self, args: &[&str]) -> std::process::Output {
        Command::new(POSTFIX)
            .arg("-c")
            .arg(self.path("etc"))
            .args(args)
            .output()
            .expect("postfix runs")
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(self.path("maillog")).unwrap_or_default()
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    fn wait_listening(&self) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", self.port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "Postfix does not listen on port {}:\n{}",
                self.port,
                self.log()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The delivered messages, once there are `count` of them (bounded wait).
    pub fn wait_for_maildir(&self, count: usize) -> Vec<Vec<u8>> {
        let new = self.path("mail/inbox/new");
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let files: Vec<PathBuf> = std::fs::read_dir(&new)
                .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
                .unwrap_or_default();
            if files.len() >= count {
                return files
                    .iter()
                    .map(|f| std::fs::read(f).expect("a delivered message"))
                    .collect();
            }
            assert!(
                Instant::now() < deadline,
                "{} of {count} message(s) delivered after 60 s:\n{}",
                files.len(),
                self.log()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Postfix {
    fn drop(&mut self) {
        let _ = self.postfix(&["stop"]);
    }
}

/// Debian's master.cf for a private instance: smtpd on `127.0.0.1:PORT`, nothing chrooted
/// (a chroot would need copies of /etc inside the queue).
fn master_cf(master: &str, port: u16) -> String {
    let mut out = String::new();
    for line in master.lines() {
        let fields: Vec<&str> = line.split_whitespace().collect();
        let service = !line.starts_with(['#', ' ', '\t']) && fields.len() >= 8;
        if service {
            let mut fields: Vec<String> = fields.iter().map(ToString::to_string).collect();
            fields[4] = "n".into();
            if fields[0] == "smtp" && fields[1] == "inet" {
                fields[0] = format!("127.0.0.1:{port}");
            }
            out.push_str(&fields.join(" "));
        } else {
            out.push_str(line);
        }
        out.push('\n');
    }
    out
}
