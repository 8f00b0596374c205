//! A shared journal's address: `postgres://USER@HOST:PORT/DATABASE?campaign=ID&lease=60s`.
//!
//! `campaign` and `lease` are missive's own; the rest goes to the `PostgreSQL` client as
//! libpq would read it. The password comes from the URL, `PGPASSWORD` or the password file
//! (`PGPASSFILE`, `~/.pgpass`), and never shows: the URL missive prints has it masked.
//!
//! There is no TLS to the database: a host other than this machine (or a Unix socket) is
//! refused, and a remote database is reached through an SSH tunnel
//! (`ssh -L 5432:127.0.0.1:5432 db.example`), which encrypts and authenticates the way.

use std::net::IpAddr;
use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;

use postgres::config::{Host, SslMode};

use crate::journal::{AddressProblem, JournalError};

/// How long a sender's claims outlive its last sign of life, unless `lease=` says.
const DEFAULT_LEASE: Duration = Duration::from_secs(60);

/// A parsed shared-journal address.
#[derive(Clone)]
pub(crate) struct Address {
    pub config: postgres::Config,
    /// The URL as messages show it: the password masked.
    pub shown: String,
    /// `?campaign=ID`: the campaign to read, when it cannot come from campaign.toml.
    pub campaign: Option<String>,
    pub lease: Duration,
}

impl Address {
    pub(crate) fn parse(text: &str) -> Result<Self, JournalError> {
        let shown = mask(text);
        let refuse = |reason: AddressProblem| JournalError::Address {
            url: shown.clone(),
            reason,
        };
        let mut url =
            url::Url::parse(text).map_err(|e| refuse(AddressProblem::Unreadable(e.to_string())))?;
        let mut campaign = None;
        let mut lease = DEFAULT_LEASE;
        let mut kept = Vec::new();
        for (name, value) in url.query_pairs() {
            match name.as_ref() {
                "campaign" => campaign = Some(value.into_owned()),
                "lease" => {
                    lease = parse_lease(&value)
                        .ok_or_else(|| refuse(AddressProblem::Lease(value.clone().into_owned())))?;
                }
                _ => kept.push((name.into_owned(), value.into_owned())),
            }
        }
        url.query_pairs_mut().clear().extend_pairs(&kept);
        if kept.is_empty() {
            url.set_query(None);
        }
        let mut config = postgres::Config::from_str(url.as_str())
            .map_err(|e| refuse(AddressProblem::Unreadable(e.to_string())))?;
        if config.get_ssl_mode() == SslMode::Require {
            return Err(refuse(AddressProblem::SslRequired));
        }
        config.ssl_mode(SslMode::Disable);
        if let Some(host) = config
            .get_hosts()
            .iter()
            .find(|host| !is_this_machine(host))
        {
            let name = match host {
                Host::Tcp(name) => name.clone(),
                // Only Unix has sockets in the postgres crate: Windows knows `Tcp` alone.
                #[cfg(unix)]
                Host::Unix(path) => path.display().to_string(),
            };
            return Err(refuse(AddressProblem::Remote(name)));
        }
        if config.get_hosts().is_empty() {
            config.host("localhost");
        }
        if config.get_user().is_none()
            && let Ok(user) = std::env::var("PGUSER").or_else(|_| std::env::var("USER"))
        {
            config.user(&user);
        }
        if config.get_password().is_none() {
            if let Some(password) = std::env::var_os("PGPASSWORD") {
                config.password(password.into_encoded_bytes());
            } else if let Some(password) = password_file_entry(&config) {
                config.password(password);
            }
        }
        if config.get_application_name().is_none() {
            config.application_name("missive");
        }
        config.connect_timeout(Duration::from_secs(10));
        Ok(Self {
            config,
            shown,
            campaign,
            lease,
        })
    }
}

/// The URL with its password (in the authority or as `password=`) replaced by `***`.
pub(crate) fn mask(text: &str) -> String {
    let Ok(mut url) = url::Url::parse(text) else {
        return "the `postgres://` address given".into();
    };
    if url.password().is_some() {
        let _ = url.set_password(Some("***"));
    }
    if url.query_pairs().any(|(name, _)| name == "password") {
        let pairs: Vec<(String, String)> = url
            .query_pairs()
            .map(|(name, value)| {
                let value = if name == "password" {
                    "***".into()
                } else {
                    value.into_owned()
                };
                (name.into_owned(), value)
            })
            .collect();
        url.query_pairs_mut().clear().extend_pairs(&pairs);
    }
    url.to_string()
}

fn is_this_machine(host: &Host) -> bool {
    match host {
        Host::Tcp(name) => {
            name.eq_ignore_ascii_case("localhost")
                || name
                    .trim_start_matches('[')
                    .trim_end_matches(']')
                    .parse::<IpAddr>()
                    .is_ok_and(|ip| ip.is_loopback())
        }
        #[cfg(unix)]
        Host::Unix(_) => true,
    }
}

/// `60`, `60s`, `500ms`, `2min`.
fn parse_lease(text: &str) -> Option<Duration> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: u64 = number.parse().ok()?;
    let lease = match unit {
        "" | "s" => Duration::from_secs(number),
        "ms" => Duration::from_millis(number),
        "min" | "m" => Duration::from_secs(number.checked_mul(60)?),
        _ => return None,
    };
    (!lease.is_zero()).then_some(lease)
}

/// The password for this host, port, database and user in the password file, as libpq
/// reads it: `HOST:PORT:DATABASE:USER:PASSWORD` lines, `*` matching anything.
fn password_file_entry(config: &postgres::Config) -> Option<Vec<u8>> {
    let file = std::env::var_os("PGPASSFILE")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".pgpass")))?;
    let text = std::fs::read_to_string(file).ok()?;
    let host = match config.get_hosts().first() {
        Some(Host::Tcp(name)) => name.clone(),
        // A socket is this machine, as libpq names it in the password file.
        _ => "localhost".into(),
    };
    let port = config
        .get_ports()
        .first()
        .copied()
        .unwrap_or(5432)
        .to_string();
    let user = config.get_user().unwrap_or_default();
    let database = config.get_dbname().unwrap_or(user);
    let wanted = [host.as_str(), port.as_str(), database, user];
    text.lines()
        .filter(|line| !line.starts_with('#'))
        .find_map(|line| {
            let fields = split_pgpass(line);
            let [h, p, d, u, password] = fields.as_slice() else {
                return None;
            };
            let matches = [h, p, d, u]
                .iter()
                .zip(wanted)
                .all(|(field, want)| field.as_str() == "*" || field.as_str() == want);
            matches.then(|| password.clone().into_bytes())
        })
}

/// A password-file line's fields: `:` separates, `\` escapes.
fn split_pgpass(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        let c = match c {
            '\\' => match chars.next() {
                Some(next) => next,
                None => break,
            },
            ':' if fields.len() < 5 => {
                fields.push(String::new());
                continue;
            }
            c => c,
        };
        if let Some(field) = fields.last_mut() {
            field.push(c);
        }
    }
    fields
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_password_never_shows() {
        let shown = mask("postgres://missive:s3cret@127.0.0.1:5432/missive?campaign=rentree");
        assert!(!shown.contains("s3cret"), "{shown}");
        assert!(shown.contains("missive:***@127.0.0.1"), "{shown}");
        let shown = mask("postgres://missive@127.0.0.1/missive?password=s3cret");
        assert!(!shown.contains("s3cret"), "{shown}");
        let error = Address::parse("postgres://missive:s3cret@db.example:5432/missive")
            .err()
            .expect("refused");
        assert!(!error.to_string().contains("s3cret"), "{error}");
    }

    #[test]
    fn missive_s_own_settings_are_taken_out_of_the_url() {
        let address = Address::parse(
            "postgres://missive:pw@127.0.0.1:5433/journal?campaign=rentree&lease=2s",
        )
        .expect("valid");
        assert_eq!(address.campaign.as_deref(), Some("rentree"));
        assert_eq!(address.lease, Duration::from_secs(2));
        assert_eq!(address.config.get_dbname(), Some("journal"));
        assert_eq!(address.config.get_ports(), [5433]);
        assert_eq!(address.config.get_password(), Some(&b"pw"[..]));
    }

    #[test]
    fn a_remote_database_without_tls_is_refused() {
        for url in [
            "postgres://missive@db.example/missive",
            "postgres://missive@10.0.0.5/missive",
            "postgres://missive@127.0.0.1/missive?sslmode=require",
        ] {
            let error = Address::parse(url).err().expect("refused");
            assert!(error.to_string().contains("SSH tunnel"), "{error}");
        }
        for url in [
            "postgres://missive@localhost/missive",
            "postgres://missive@[::1]:5432/missive",
            "postgresql://missive@127.0.0.1/missive?host=/run/postgresql",
        ] {
            assert!(Address::parse(url).is_ok(), "{url}");
        }
    }

    #[test]
    fn leases_read_as_durations() {
        assert_eq!(parse_lease("90"), Some(Duration::from_secs(90)));
        assert_eq!(parse_lease("500ms"), Some(Duration::from_millis(500)));
        assert_eq!(parse_lease("2min"), Some(Duration::from_secs(120)));
        assert_eq!(parse_lease("0"), None);
        assert_eq!(parse_lease("soon"), None);
    }

    #[test]
    fn password_file_lines_split_on_unescaped_colons() {
        assert_eq!(
            split_pgpass(r"127.0.0.1:*:missive:ien:pa\:ss:word"),
            ["127.0.0.1", "*", "missive", "ien", "pa:ss:word"]
        );
    }
}
