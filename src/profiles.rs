//! SMTP profiles: a head configures their mailbox once, in
//! `$XDG_CONFIG_HOME/missive/config.toml` (`~/.config/missive/config.toml` by default), and
//! every campaign names it (`profile = "academie"` in campaign.toml, or `--profile academie`):
//!
//! ```toml
//! [profile.academie]
//! url = "smtp://smtp.ac-lille.fr:587?tls=required"
//! username = "jdupont"
//! password_command = "pass show academie/smtp"
//! ca_file = "ac-lille-ca.pem"   # relative to this file's folder
//! ```
//!
//! A profile comes last: flags, then environment, then the campaign's own `[smtp]` keys win
//! over it. The secret is taken as a whole: a campaign that names its own
//! `password_command` or `token_command` takes neither from the profile.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::config::{ConfigError, RelaySection, SmtpSection, TomlRefusal};
use crate::i18n::system;

/// A profile that cannot be used, with where to fix it; said when shown
/// (`locales/*/config.ftl`).
#[derive(Debug, thiserror::Error)]
pub(crate) enum ProfileError {
    /// `reason`: `missing` (no such file) or `empty` (a file with no profile).
    #[error(
        "{}",
        t!(
            "config-profile-no-file",
            name = name.as_str(),
            path = path.display().to_string(),
            reason = *reason,
        )
    )]
    NoFile {
        name: String,
        path: PathBuf,
        reason: &'static str,
    },
    #[error(
        "{}",
        t!(
            "config-profile-unknown",
            name = name.as_str(),
            path = path.display().to_string(),
            known = known.as_str(),
        )
    )]
    Unknown {
        name: String,
        path: PathBuf,
        known: String,
    },
    #[error(
        "{}",
        t!("config-profile-read", path = path.display().to_string(), system = system(source))
    )]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "{}",
        t!(
            "config-at",
            at = format!("{}:{line}", path.display()),
            problem = refusal.to_string(),
        )
    )]
    Syntax {
        path: PathBuf,
        line: usize,
        refusal: TomlRefusal,
    },
    #[error(
        "{}",
        t!("config-profile-password", path = path.display().to_string(), name = name.as_str())
    )]
    Password { path: PathBuf, name: String },
    #[error(
        "{}",
        t!(
            "config-profile-password-and-token",
            path = path.display().to_string(),
            name = name.as_str(),
        )
    )]
    PasswordAndToken { path: PathBuf, name: String },
    #[error(
        "{}",
        t!(
            "config-profile-url-and-relays",
            path = path.display().to_string(),
            name = name.as_str(),
        )
    )]
    UrlAndRelays { path: PathBuf, name: String },
    #[error("{0}")]
    Relay(Box<ConfigError>),
    #[error("{}", t!("config-profile-no-home"))]
    NoHome,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    #[serde(default)]
    profile: BTreeMap<String, Profile>,
}

/// One `[profile.NAME]` section: the keys of a campaign's `[smtp]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Profile {
    url: Option<String>,
    username: Option<String>,
    password_command: Option<String>,
    token_command: Option<String>,
    ca_file: Option<PathBuf>,
    /// `[[profile.NAME.relay]]`: a pool of relays, as a campaign's `[[smtp.relay]]`.
    #[serde(default)]
    relay: Vec<RelaySection>,
    /// Only so it can be refused with an explanation.
    password: Option<toml::Value>,
}

/// `$XDG_CONFIG_HOME/missive/config.toml`; else, on Windows, `missive\config.toml` in the
/// Roaming `AppData` folder (`C:\Users\Alice\AppData\Roaming`), where Windows programs keep
/// their settings; else `$HOME/.config/missive/config.toml` (Linux and macOS).
pub(crate) fn config_path() -> Result<PathBuf, ProfileError> {
    let non_empty = |name| {
        std::env::var_os(name)
            .filter(|value| !value.is_empty())
            .map(PathBuf::from)
    };
    config_path_from(
        non_empty("XDG_CONFIG_HOME"),
        system_config_folder(),
        non_empty("HOME"),
    )
    .ok_or(ProfileError::NoHome)
}

/// The system's own folder for settings: Windows's Roaming `AppData` (its Known Folder, through
/// the `directories` crate); `None` elsewhere, where the home folder's `.config` is the rule.
fn system_config_folder() -> Option<PathBuf> {
    #[cfg(windows)]
    {
        directories::BaseDirs::new().map(|folders| folders.config_dir().to_path_buf())
    }
    #[cfg(not(windows))]
    {
        None
    }
}

/// [`config_path`] from what it reads: `XDG_CONFIG_HOME` (ignored when relative, the XDG rule),
/// the system's settings folder, `HOME`.
fn config_path_from(
    xdg_config_home: Option<PathBuf>,
    system: Option<PathBuf>,
    home: Option<PathBuf>,
) -> Option<PathBuf> {
    let in_folder = |folder: PathBuf| folder.join("missive").join("config.toml");
    xdg_config_home
        .filter(|folder| folder.is_absolute())
        .or(system)
        .or_else(|| home.map(|home| home.join(".config")))
        .map(in_folder)
}

/// Fills the `[smtp]` keys the campaign leaves unset from profile `name`.
pub(crate) fn apply(name: &str, smtp: &mut SmtpSection) -> Result<(), ProfileError> {
    let path = config_path()?;
    let profile = load(&path, name)?;
    let folder = path.parent().map(Path::to_path_buf).unwrap_or_default();
    fill(smtp, profile, &folder);
    Ok(())
}

/// What TOML refuses in the configuration file's `text`, said in this thread's language.
fn reread(text: &str) -> Option<String> {
    toml::from_str::<ConfigFile>(text)
        .err()
        .map(|e| e.message().to_owned())
}

fn load(path: &Path, name: &str) -> Result<Profile, ProfileError> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            return Err(ProfileError::NoFile {
                name: name.to_string(),
                path: path.to_path_buf(),
                reason: "missing",
            });
        }
        Err(source) => {
            return Err(ProfileError::Read {
                path: path.to_path_buf(),
                source,
            });
        }
    };
    let mut file: ConfigFile = toml::from_str(&text).map_err(|e| ProfileError::Syntax {
        path: path.to_path_buf(),
        line: e
            .span()
            .map_or(1, |span| text[..span.start].matches('\n').count() + 1),
        refusal: TomlRefusal::new(&text, reread, e.message().to_owned()),
    })?;
    let known = file.profile.keys().cloned().collect::<Vec<_>>();
    let profile = file.profile.remove(name).ok_or_else(|| {
        if known.is_empty() {
            ProfileError::NoFile {
                name: name.to_string(),
                path: path.to_path_buf(),
                reason: "empty",
            }
        } else {
            ProfileError::Unknown {
                name: name.to_string(),
                path: path.to_path_buf(),
                known: known.join(", "),
            }
        }
    })?;
    let refuse = |error: fn(PathBuf, String) -> ProfileError| error(path.into(), name.into());
    if profile.password.is_some() {
        return Err(refuse(|path, name| ProfileError::Password { path, name }));
    }
    if profile.password_command.is_some() && profile.token_command.is_some() {
        return Err(refuse(|path, name| ProfileError::PasswordAndToken {
            path,
            name,
        }));
    }
    let mut profile = profile;
    if profile.url.is_some() && !profile.relay.is_empty() {
        return Err(refuse(|path, name| ProfileError::UrlAndRelays {
            path,
            name,
        }));
    }
    RelaySection::check_entries(&mut profile.relay, path, &format!("profile.{name}.relay"))
        .map_err(|error| ProfileError::Relay(Box::new(error)))?;
    Ok(profile)
}

/// The campaign's keys win; the secret's source comes whole from one side. A campaign that
/// names its relay (`url` or `[[smtp.relay]]`) takes none of the profile's.
fn fill(smtp: &mut SmtpSection, profile: Profile, folder: &Path) {
    if smtp.url.is_none() && smtp.relay.is_empty() {
        smtp.relay = profile
            .relay
            .into_iter()
            .map(|mut relay| {
                relay.ca_file = relay.ca_file.map(|file| folder.join(file));
                relay
            })
            .collect();
    }
    smtp.url = smtp.url.take().or(profile.url);
    smtp.username = smtp.username.take().or(profile.username);
    if smtp.password_command.is_none() && smtp.token_command.is_none() {
        smtp.password_command = profile.password_command;
        smtp.token_command = profile.token_command;
    }
    smtp.ca_file = smtp
        .ca_file
        .take()
        .or_else(|| profile.ca_file.map(|file| folder.join(file)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_configuration_file_is_found_where_each_system_keeps_settings() {
        let path = PathBuf::from;
        let home = || Some(path("/home/alice"));
        let appdata = || Some(path("/Users/Alice/AppData/Roaming"));
        // An absolute XDG_CONFIG_HOME wins everywhere; a relative one is ignored.
        assert_eq!(
            config_path_from(Some(path("/etc/xdg-alice")), appdata(), home()),
            Some(path("/etc/xdg-alice/missive/config.toml"))
        );
        assert_eq!(
            config_path_from(Some(path("relative")), None, home()),
            Some(path("/home/alice/.config/missive/config.toml"))
        );
        // Windows: the Roaming AppData folder, even where a shell set HOME.
        assert_eq!(
            config_path_from(None, appdata(), home()),
            Some(path("/Users/Alice/AppData/Roaming/missive/config.toml"))
        );
        // Linux and macOS: the home folder's .config.
        assert_eq!(
            config_path_from(None, None, home()),
            Some(path("/home/alice/.config/missive/config.toml"))
        );
        assert_eq!(config_path_from(None, None, None), None);
    }

    fn write(text: &str) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("config.toml");
        std::fs::write(&path, text).expect("config");
        (dir, path)
    }

    const TWO: &str = "[profile.academie]\nurl = \"smtps://smtp.ac-lille.fr:465\"\nusername = \"jdupont\"\npassword_command = \"pass show academie\"\nca_file = \"ca.pem\"\n\n[profile.ecole]\nurl = \"smtp://mail.ecole.fr:587?tls=required\"\n";

    #[test]
    fn the_campaign_keys_win_and_the_rest_comes_from_the_profile() {
        let (dir, path) = write(TWO);
        let profile = load(&path, "academie").expect("known");
        let mut smtp = SmtpSection::default();
        smtp.username = Some("mdurand".into());
        smtp.token_command = Some("oauth2 token".into());
        fill(&mut smtp, profile, dir.path());
        assert_eq!(smtp.url.as_deref(), Some("smtps://smtp.ac-lille.fr:465"));
        assert_eq!(smtp.username.as_deref(), Some("mdurand"));
        assert_eq!(smtp.password_command, None, "the campaign's token is kept");
        assert_eq!(smtp.token_command.as_deref(), Some("oauth2 token"));
        assert_eq!(smtp.ca_file, Some(dir.path().join("ca.pem")));
    }

    #[test]
    fn a_profile_pool_serves_a_campaign_that_names_no_relay() {
        let (dir, path) = write(
            "[profile.pool]\nusername = \"ien\"\n[[profile.pool.relay]]\nurl = \"smtps://a.example\"\nca_file = \"a.pem\"\n[[profile.pool.relay]]\nurl = \"smtps://b.example\"\nweight = 0\n",
        );
        let error = load(&path, "pool").expect_err("weight 0").to_string();
        assert!(error.contains("[[profile.pool.relay]] #2"), "{error}");
        std::fs::write(
            &path,
            "[profile.pool]\n[[profile.pool.relay]]\nurl = \"smtps://a.example\"\nca_file = \"a.pem\"\n",
        )
        .expect("config");
        let mut smtp = SmtpSection::default();
        fill(&mut smtp, load(&path, "pool").expect("valid"), dir.path());
        assert_eq!(smtp.relay.len(), 1);
        assert_eq!(smtp.relay[0].ca_file, Some(dir.path().join("a.pem")));
        let mut own = SmtpSection::default();
        own.url = Some("smtps://own.example".into());
        fill(&mut own, load(&path, "pool").expect("valid"), dir.path());
        assert!(own.relay.is_empty(), "a campaign naming its relay keeps it");
    }

    #[test]
    fn an_unknown_profile_lists_the_known_ones() {
        let (_dir, path) = write(TWO);
        let error = load(&path, "rectorat").expect_err("unknown").to_string();
        assert!(error.contains("`rectorat`"), "{error}");
        assert!(error.contains("academie, ecole"), "{error}");
    }

    #[test]
    fn a_password_in_a_profile_is_refused_without_echoing_it() {
        let (_dir, path) = write("[profile.academie]\npassword = \"hunter2\"\n");
        let error = load(&path, "academie").expect_err("refused").to_string();
        assert!(error.contains("password_command"), "{error}");
        assert!(!error.contains("hunter2"), "{error}");
    }

    #[test]
    fn a_missing_file_says_where_to_write_the_profile() {
        let dir = tempfile::tempdir().expect("temp dir");
        let error = load(&dir.path().join("none.toml"), "academie")
            .expect_err("missing")
            .to_string();
        assert!(error.contains("[profile.academie]"), "{error}");
    }

    #[test]
    fn profile_errors_are_said_in_french() {
        use crate::i18n::{Lang, in_lang};
        let (_dir, path) = write(TWO);
        let error = load(&path, "rectorat").expect_err("unknown");
        let french = in_lang(Lang::Fr, || error.to_string());
        assert!(
            french.starts_with("aucun profil «\u{a0}rectorat\u{a0}» dans «\u{a0}"),
            "{french}"
        );
        assert!(
            french.ends_with(
                "\u{a0}»\u{202f}; les profils qui s'y trouvent sont\u{a0}: academie, ecole"
            ),
            "{french}"
        );
        let (_dir, path) = write("[profile.academie]\npassword = \"hunter2\"\n");
        let error = load(&path, "academie").expect_err("refused");
        let french = in_lang(Lang::Fr, || error.to_string());
        assert!(french.contains("le profil «\u{a0}academie\u{a0}» contient un mot de passe"));
        assert!(!french.contains("hunter2"), "{french}");
        let (_dir, path) = write("[profile.academie]\nurl = 3\n");
        let error = load(&path, "academie").expect_err("not a string");
        let french = in_lang(Lang::Fr, || error.to_string());
        assert!(
            french.contains(":2\u{a0}: le lecteur TOML dit «\u{a0}"),
            "{french}"
        );
    }
}
