//! A private `PostgreSQL` for the shared-journal tests: `initdb` into a temporary folder,
//! the server on a free loopback port, stopped when dropped. No system service is used.
//!
//! `PostgreSQL` refuses to run as root, so as root (CI's container) the cluster belongs to
//! the `postgres` user of Debian's package and its programs run through `runuser`. Without
//! `PostgreSQL` the tests say why they skipped; with `CI=true` they fail (`.ci/run`
//! installs Debian's `postgresql`).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

use super::{free_port, is_root, skip_without, text};

/// The database user's password: the tests look for it in every output.
pub const DB_PASSWORD: &str = "pg-mot-de-passe-Rentrée";
const USER: &str = "missive";

/// A running private server.
pub struct Postgres {
    dir: tempfile::TempDir,
    bin: PathBuf,
    port: u16,
    as_user: Option<&'static str>,
    databases: AtomicUsize,
}

impl Postgres {
    /// Starts a server; `None` (with a notice) when this machine has no `PostgreSQL` and CI
    /// is not set.
    pub fn start() -> Option<Self> {
        let Some(bin) = bin_dir() else {
            skip_without(
                "PostgreSQL is not installed: `apt-get install postgresql` (Debian), or run `.ci/run`, which installs it",
            );
            return None;
        };
        let dir = tempfile::tempdir().expect("temp dir");
        let as_user = is_root().then_some("postgres");
        if as_user.is_some() {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o777))
                .expect("chmod");
        }
        let server = Self {
            dir,
            bin,
            port: free_port(),
            as_user,
            databases: AtomicUsize::new(0),
        };
        let password_file = server.path("password");
        std::fs::write(&password_file, DB_PASSWORD).expect("password file");
        let data = server.path("data");
        let init = server.run(
            "initdb",
            &[
                "-D",
                path_arg(&data),
                "-U",
                USER,
                "--pwfile",
                path_arg(&password_file),
                "--auth-host=scram-sha-256",
                "--auth-local=trust",
                "--no-sync",
            ],
        );
        assert!(init.status.success(), "initdb: {}", text(&init));
        server.start_again();
        Some(server)
    }

    /// Starts the server (again, after [`Postgres::stop`]), on the same port and data.
    pub fn start_again(&self) {
        let options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50",
            self.port,
            self.dir.path().display()
        );
        let (data, log) = (self.path("data"), self.path("server.log"));
        let started = self.run(
            "pg_ctl",
            &[
                "-D",
                path_arg(&data),
                "-l",
                path_arg(&log),
                "-o",
                &options,
                "-w",
                "-t",
                "60",
                "start",
            ],
        );
        assert!(
            started.status.success(),
            "pg_ctl start: {}\n{}",
            text(&started),
            std::fs::read_to_string(&log).unwrap_or_default()
        );
    }

    /// Stops the server the way an administrator does (`pg_ctl stop -m fast`): the
    /// sessions connected to it are ended.
    pub fn stop(&self) {
        let data = self.path("data");
        let stopped = self.run(
            "pg_ctl",
            &["-D", path_arg(&data), "-m", "fast", "-w", "stop"],
        );
        assert!(stopped.status.success(), "pg_ctl stop: {}", text(&stopped));
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn run(&self, program: &str, args: &[&str]) -> Output {
        let program = self.bin.join(program);
        let mut command = match self.as_user {
            Some(user) => {
                let mut command = Command::new("runuser");
                command.args(["-u", user, "--"]).arg(&program);
                command
            }
            None => Command::new(&program),
        };
        command
            .args(args)
            .current_dir(self.dir.path())
            .output()
            .expect("a PostgreSQL program runs")
    }

    /// A fresh, empty database, and the journal URL to it (without the password: the
    /// tests give it as `PGPASSWORD`).
    pub fn database(&self, lease: &str) -> String {
        let n = self.databases.fetch_add(1, Ordering::SeqCst);
        let name = format!("journal_{n}");
        let mut client = self.client("postgres");
        client
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .expect("create a database");
        format!(
            "postgres://{USER}@127.0.0.1:{}/{name}?lease={lease}",
            self.port
        )
    }

    /// A connection for the test's own checks.
    pub fn client(&self, database: &str) -> postgres::Client {
        postgres::Config::new()
            .host("127.0.0.1")
            .port(self.port)
            .user(USER)
            .password(DB_PASSWORD)
            .dbname(database)
            .connect(postgres::NoTls)
            .expect("connect to the test server")
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        let data = self.path("data");
        let _ = self.run(
            "pg_ctl",
            &["-D", path_arg(&data), "-m", "immediate", "stop"],
        );
    }
}

/// Debian's newest `PostgreSQL` programs, or those on the `PATH`.
fn bin_dir() -> Option<PathBuf> {
    let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .map(|entry| entry.path().join("bin"))
        .filter(|bin| bin.join("initdb").is_file() && bin.join("pg_ctl").is_file())
        .collect();
    versions.sort_by_key(|bin| {
        bin.parent()
            .and_then(Path::file_name)
            .and_then(|v| v.to_str())
            .and_then(|v| v.parse::<u32>().ok())
            .unwrap_or(0)
    });
    versions.pop().or_else(|| {
        let output = Command::new("pg_config").arg("--bindir").output().ok()?;
        let bin = PathBuf::from(String::from_utf8_lossy(&output.stdout).trim());
        bin.join("initdb").is_file().then_some(bin)
    })
}

fn path_arg(path: &Path) -> &str {
    path.to_str().expect("a UTF-8 temporary path")
}
