//! Postfix's `smtp-sink`: an SMTP server that announces PIPELINING (the recording server
//! does not), dumps each message to a file, and plays a faulty relay from its flags.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::{free_port, is_root, skip_without};

const SMTP_SINK: &str = "/usr/sbin/smtp-sink";

/// An `smtp-sink` on a free loopback port, dumping each message to a file; killed when
/// dropped.
pub struct SmtpSink {
    child: Child,
    port: u16,
    dumps: tempfile::TempDir,
}

impl SmtpSink {
    pub fn start(options: &[&str]) -> Option<Self> {
        if !Path::new(SMTP_SINK).is_file() {
            skip_without(
                "Postfix's smtp-sink is not installed: `apt-get install postfix` (Debian), or run `.ci/run`, which installs it",
            );
            return None;
        }
        let dumps = tempfile::tempdir().expect("temp dir");
        let mut command = Command::new(SMTP_SINK);
        if is_root() {
            // smtp-sink refuses to keep root's privileges: it writes its dumps as `nobody`.
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(dumps.path(), std::fs::Permissions::from_mode(0o777))
                .expect("chmod");
            command.args(["-u", "nobody"]);
        }
        let port = free_port();
        let template = format!("{}/message.", dumps.path().display());
        let child = command
            .args(["-d", &template])
            .args(options)
            .arg(format!("127.0.0.1:{port}"))
            .arg("64")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("smtp-sink starts");
        let sink = Self { child, port, dumps };
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "smtp-sink does not listen");
            std::thread::sleep(Duration::from_millis(20));
        }
        Some(sink)
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// The messages received, without the lines smtp-sink puts before them (up to its
    /// three-line `Received:`) and the empty line it puts after, lines ending in LF.
    pub fn received(&self) -> Vec<String> {
        let files: Vec<PathBuf> = std::fs::read_dir(self.dumps.path())
            .expect("dump folder")
            .map(|entry| entry.expect("an entry").path())
            .collect();
        files
            .iter()
            .map(|file| {
                let dump = std::fs::read_to_string(file).expect("a dump file");
                let start = dump
                    .find("Received: ")
                    .expect("smtp-sink's Received header");
                let mut lines = dump[start..].lines().skip(1);
                // The header's two continuation lines.
                lines.next();
                lines.next();
                let mut message = lines.fold(String::new(), |mut message, line| {
                    message.push_str(line);
                    message.push('\n');
                    message
                });
                assert!(
                    message.ends_with("\n\n"),
                    "the dump ends with an empty line"
                );
                message.pop();
                message
            })
            .collect()
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
