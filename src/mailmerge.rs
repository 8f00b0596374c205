//! The files of the Python `mailmerge` tool (2.x), read as they are.
//!
//! A mailmerge folder holds `mailmerge_template.txt`, `mailmerge_database.csv` and
//! `mailmerge_server.conf`. The template and the list are already in missive's formats (the
//! template is headers, a blank line, a Jinja2 body close enough to Tera; the list's BOM and
//! delimiter are detected as mailmerge does). The server file is INI: its `[smtp_server]`
//! section becomes the `[smtp]` and `[throttle]` of a campaign, so `missive send -c
//! mailmerge_server.conf` works, and a folder with the two files and no campaign.toml is a
//! campaign by itself.

use std::path::{Path, PathBuf};

/// mailmerge's default file names, looked for in the current folder.
pub(crate) const TEMPLATE: &str = "mailmerge_template.txt";
pub(crate) const DATABASE: &str = "mailmerge_database.csv";
pub(crate) const SERVER_CONF: &str = "mailmerge_server.conf";

/// A line of `mailmerge_server.conf` that cannot be used, and what to write instead.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{problem}")]
pub(crate) struct ServerConfError {
    pub line: usize,
    pub problem: ServerConfProblem,
}

/// What is wrong in `mailmerge_server.conf`, said when shown (`locales/*/config.ftl`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum ServerConfProblem {
    #[error("{}", t!("config-mailmerge-no-host"))]
    NoHost,
    #[error("{}", t!("config-mailmerge-bad-port", value = .0.as_str()))]
    BadPort(String),
    #[error("{}", t!("config-mailmerge-no-port"))]
    NoPort,
    #[error("{}", t!("config-mailmerge-xoauth"))]
    Xoauth,
    #[error("{}", t!("config-mailmerge-security", value = .0.as_str()))]
    Security(String),
    #[error("{}", t!("config-mailmerge-ratelimit", value = .0.as_str()))]
    RateLimit(String),
    #[error("{}", t!("config-mailmerge-not-key-value", line = .0.as_str()))]
    NotKeyValue(String),
    #[error("{}", t!("config-mailmerge-no-section"))]
    NoSection,
}

/// Whether a campaign file given with `-c` is mailmerge's INI rather than campaign.toml: its
/// name ends in `.conf`, or it has a `[smtp_server]` section.
pub(crate) fn is_server_conf(path: &Path, text: &str) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("conf"))
        || text
            .lines()
            .any(|line| line.trim().eq_ignore_ascii_case("[smtp_server]"))
}

/// The campaign the current folder makes without campaign.toml: mailmerge's template and
/// list, and its server file when there is one. `None` unless both files are here.
pub(crate) fn campaign_here() -> Option<MailmergeFolder> {
    let here = Path::new(".");
    if !(here.join(TEMPLATE).is_file() && here.join(DATABASE).is_file()) {
        return None;
    }
    let server = Some(PathBuf::from(SERVER_CONF)).filter(|p| p.is_file());
    Some(MailmergeFolder { server })
}

/// A folder laid out as mailmerge wants it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct MailmergeFolder {
    /// `mailmerge_server.conf`, when the folder has one: it is then the campaign file.
    pub server: Option<PathBuf>,
}

/// The template and the list, named as in campaign.toml (relative to the server file).
pub(crate) fn default_files() -> toml::Table {
    let mut table = toml::Table::new();
    table.insert("template".into(), TEMPLATE.into());
    table.insert("recipients".into(), DATABASE.into());
    table
}

/// Translates `mailmerge_server.conf` into the keys of campaign.toml: `template` and
/// `recipients` beside it, `[smtp] url` and `username`, `[throttle] rate`.
pub(crate) fn campaign_table(text: &str) -> Result<toml::Table, ServerConfError> {
    let server = smtp_server_section(text)?;
    let get = |key: &str| server.iter().find(|(k, _, _)| k == key);
    let host = get("host").ok_or(ServerConfError {
        line: 1,
        problem: ServerConfProblem::NoHost,
    })?;
    let port = match get("port") {
        Some((_, value, line)) => value.parse::<u16>().map_err(|_| ServerConfError {
            line: *line,
            problem: ServerConfProblem::BadPort(value.clone()),
        })?,
        None => {
            return Err(ServerConfError {
                line: host.2,
                problem: ServerConfProblem::NoPort,
            });
        }
    };
    let security = get("security").map(|(_, value, line)| (value.as_str(), *line));
    let scheme = match security {
        Some(("SSL/TLS", _)) => "smtps://{host}:{port}",
        Some(("STARTTLS", _)) => "smtp://{host}:{port}?tls=required",
        // mailmerge's PLAIN logs in without TLS: missive allows that to this machine only,
        // or with `--insecure`, like any plaintext relay.
        None | Some(("Never" | "PLAIN", _)) => "smtp://{host}:{port}",
        Some(("XOAUTH", line)) => {
            return Err(ServerConfError {
                line,
                problem: ServerConfProblem::Xoauth,
            });
        }
        Some((other, line)) => {
            return Err(ServerConfError {
                line,
                problem: ServerConfProblem::Security(other.to_owned()),
            });
        }
    };
    let url = scheme
        .replace("{host}", host.1.as_str())
        .replace("{port}", &port.to_string());
    let mut smtp = toml::Table::new();
    smtp.insert("url".into(), url.into());
    if let Some((_, username, _)) = get("username") {
        smtp.insert("username".into(), username.clone().into());
    }
    let mut table = default_files();
    table.insert("smtp".into(), smtp.into());
    if let Some((_, value, line)) = get("ratelimit") {
        let per_minute = value.parse::<u32>().map_err(|_| ServerConfError {
            line: *line,
            problem: ServerConfProblem::RateLimit(value.clone()),
        })?;
        // mailmerge's 0 is "no limit"; missive keeps its own polite default then.
        if per_minute > 0 {
            let mut throttle = toml::Table::new();
            throttle.insert("rate".into(), format!("{per_minute}/min").into());
            table.insert("throttle".into(), throttle.into());
        }
    }
    Ok(table)
}

/// The `key = value` pairs of `[smtp_server]` (lowercased keys, with their line), as
/// Python's `configparser` reads them: `=` or `:`, `#` and `;` comments on their own line.
fn smtp_server_section(text: &str) -> Result<Vec<(String, String, usize)>, ServerConfError> {
    let mut pairs = Vec::new();
    let mut in_section = false;
    let mut found = false;
    for (index, raw) in text.lines().enumerate() {
        let line_number = index + 1;
        let line = raw.trim();
        if line.is_empty() || line.starts_with(['#', ';']) {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            in_section = name.trim() == "smtp_server";
            found |= in_section;
            continue;
        }
        if !in_section {
            continue;
        }
        let Some(split) = line.find(['=', ':']) else {
            return Err(ServerConfError {
                line: line_number,
                problem: ServerConfProblem::NotKeyValue(line.to_owned()),
            });
        };
        let key = line[..split].trim().to_ascii_lowercase();
        let value = line[split + 1..].trim().to_string();
        pairs.push((key, value, line_number));
    }
    if !found {
        return Err(ServerConfError {
            line: 1,
            problem: ServerConfProblem::NoSection,
        });
    }
    Ok(pairs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url_of(text: &str) -> String {
        let table = campaign_table(text).expect("valid");
        table["smtp"]["url"].as_str().expect("url").to_string()
    }

    #[test]
    fn the_three_securities_become_relay_addresses() {
        let conf = "[smtp_server]\nhost = smtp.gmail.com\nport = 465\nsecurity = SSL/TLS\nusername = YOUR_USERNAME_HERE\n";
        assert_eq!(url_of(conf), "smtps://smtp.gmail.com:465");
        let table = campaign_table(conf).expect("valid");
        assert_eq!(
            table["smtp"]["username"].as_str(),
            Some("YOUR_USERNAME_HERE")
        );
        assert_eq!(table["template"].as_str(), Some(TEMPLATE));
        assert_eq!(
            url_of("[smtp_server]\nhost: smtp.ac-lille.fr\nport: 587\nsecurity: STARTTLS\n"),
            "smtp://smtp.ac-lille.fr:587?tls=required"
        );
        assert_eq!(
            url_of("# local\n[smtp_server]\nhost = localhost\nport = 25\nsecurity = Never\n"),
            "smtp://localhost:25"
        );
        assert_eq!(
            url_of("[smtp_server]\nhost = 127.0.0.1\nport = 2525\n"),
            "smtp://127.0.0.1:2525"
        );
    }

    #[test]
    fn the_rate_limit_is_per_minute_and_zero_keeps_the_default() {
        let table =
            campaign_table("[smtp_server]\nhost = h\nport = 25\nratelimit = 30\n").expect("valid");
        assert_eq!(table["throttle"]["rate"].as_str(), Some("30/min"));
        let table =
            campaign_table("[smtp_server]\nhost = h\nport = 25\nratelimit = 0\n").expect("valid");
        assert!(!table.contains_key("throttle"));
    }

    #[test]
    fn mistakes_name_their_line_and_the_fix() {
        let error = campaign_table("[smtp_server]\nhost = h\nport = 25\nsecurity = TLS\n")
            .expect_err("unknown");
        assert_eq!(error.line, 4);
        assert!(error.to_string().contains("STARTTLS"), "{error}");
        let error =
            campaign_table("[smtp_server]\nhost = h\nport = abc\n").expect_err("not a port");
        assert_eq!(error.line, 3);
        let error = campaign_table("[server]\nhost = h\n").expect_err("no section");
        assert!(error.to_string().contains("[smtp_server]"), "{error}");
        let error = campaign_table("[smtp_server]\nhost = h\nport = 465\nsecurity = XOAUTH\n")
            .expect_err("xoauth");
        assert!(error.to_string().contains("token_command"), "{error}");
    }

    #[test]
    fn a_conf_file_is_told_from_campaign_toml() {
        assert!(is_server_conf(Path::new("mailmerge_server.conf"), ""));
        assert!(is_server_conf(
            Path::new("x.ini"),
            "[smtp_server]\nhost = h\n"
        ));
        assert!(!is_server_conf(
            Path::new("campaign.toml"),
            "[smtp]\nurl = \"x\"\n"
        ));
    }

    #[test]
    fn mistakes_are_said_in_french() {
        use crate::i18n::{Lang, in_lang};
        let error = campaign_table("[smtp_server]\nhost = h\nport = abc\n").expect_err("port");
        assert_eq!(
            in_lang(Lang::Fr, || error.to_string()),
            "`port = abc` n'est pas un numéro de port\u{202f}; écrivez par exemple `port = 587`"
        );
        assert_eq!(
            error.to_string(),
            "`port = abc` is not a port number; write e.g. `port = 587`"
        );
    }
}
