//! Relay bundles: a campaign packed into one `.tar` an inspector sends to school heads, who
//! unpack it (`missive init --from BUNDLE`) and run it against their own list.
//!
//! A bundle holds the template's folder (its images, its per-recipient attachments), the files
//! attached to every message, and a `campaign.toml` keeping the limits (`[throttle]`) but not
//! the list (`recipients`), nor who logs in and how (`username`, `password_command`,
//! `token_command`, `ca_file`, `profile`): no list, no secret. Hidden files, the journal,
//! previews and recipient lists (`.csv`, `.xlsx`, `.ods`…) are never packed.

use std::io::Read;
use std::path::{Component, Path, PathBuf};

use crate::config::{CAMPAIGN_FILE, Campaign};

/// A bundle's files above this total are refused when unpacking: a campaign is a template,
/// an infographic and a few attachments, not gigabytes.
const MAX_UNPACKED: u64 = 256 * 1024 * 1024;
/// What a list looks like: never packed, whatever its name.
const LIST_EXTENSIONS: [&str; 7] = ["csv", "tsv", "xlsx", "xls", "ods", "sqlite", "eml"];
/// The keys a bundle's campaign.toml never carries: the sender's list and login.
const STRIPPED: [&str; 2] = ["recipients", "profile"];
const STRIPPED_SMTP: [&str; 5] = [
    "username",
    "password_command",
    "token_command",
    "ca_file",
    "password",
];

/// A campaign that cannot be packed, or a bundle that cannot be unpacked.
#[derive(Debug, thiserror::Error)]
pub(crate) enum BundleError {
    #[error(
        "{}",
        t!(
            "bundle-io",
            path = path.display().to_string(),
            error = crate::i18n::system(source)
        )
    )]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "{}",
        t!(
            "bundle-outside",
            path = path.display().to_string(),
            root = root.display().to_string()
        )
    )]
    Outside { path: PathBuf, root: PathBuf },
    /// `message`: the TOML library's own words.
    #[error(
        "{}",
        t!(
            "bundle-campaign-file",
            path = path.display().to_string(),
            said = message.as_str()
        )
    )]
    CampaignFile { path: PathBuf, message: String },
    #[error(
        "{}",
        t!(
            "bundle-refused",
            bundle = bundle.display().to_string(),
            entry = entry.as_str(),
            reason = reason.word()
        )
    )]
    Refused {
        bundle: PathBuf,
        entry: String,
        reason: Refusal,
    },
}

/// Why an entry of a bundle is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// A link or a device, not a file.
    Link,
    /// Its path leads outside the folder.
    Outside,
    /// It makes the files bigger than [`MAX_UNPACKED`].
    TooBig,
    /// campaign.toml is missing: not a bundle.
    NoCampaign,
}

impl Refusal {
    /// The word `bundle-refused` chooses its words by.
    fn word(self) -> &'static str {
        match self {
            Self::Link => "link",
            Self::Outside => "outside",
            Self::TooBig => "too-big",
            Self::NoCampaign => "no-campaign",
        }
    }
}

/// The files of a bundle, by their path inside it (`/`-separated, relative).
pub(crate) type Files = Vec<(String, Vec<u8>)>;

/// The files a campaign's bundle holds, campaign.toml first.
pub(crate) fn collect(campaign: &Campaign) -> Result<Files, BundleError> {
    let root = &campaign.root;
    let mut files = vec![(CAMPAIGN_FILE.to_string(), Vec::new())];
    let template_dir = campaign.template_dir();
    let template = campaign
        .template
        .canonicalize()
        .map_err(io(&campaign.template))?;
    let list = campaign.recipients.canonicalize().ok();
    let mut found = Vec::new();
    walk(&template_dir, &mut found).map_err(io(&template_dir))?;
    found.retain(|path| Some(path) != list.as_ref());
    if !found.contains(&template) {
        found.push(template.clone());
    }
    for attachment in &campaign.attachments {
        let path = attachment.canonicalize().map_err(io(attachment))?;
        if !found.contains(&path) {
            found.push(path);
        }
    }
    for path in found {
        let name = inside(root, &path)?;
        let bytes = std::fs::read(&path).map_err(io(&path))?;
        files.push((name, bytes));
    }
    let toml = stripped_campaign(campaign, root, &template)?;
    files[0].1 = toml.into_bytes();
    Ok(files)
}

/// Every file under `dir` worth packing: no hidden entry, no list, no preview folder.
fn walk(dir: &Path, found: &mut Vec<PathBuf>) -> std::io::Result<()> {
    if dir.join("manifest.json").is_file() {
        return Ok(());
    }
    let mut entries: Vec<_> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(std::fs::DirEntry::file_name);
    for entry in entries {
        let name = entry.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        let path = entry.path();
        let kind = entry.file_type()?;
        if kind.is_dir() {
            walk(&path, found)?;
        } else if kind.is_file() && !is_list(&path) {
            found.push(path.canonicalize()?);
        }
    }
    Ok(())
}

fn is_list(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| LIST_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// `path` relative to the campaign's `root`, `/`-separated.
fn inside(root: &Path, path: &Path) -> Result<String, BundleError> {
    let outside = || BundleError::Outside {
        path: path.to_path_buf(),
        root: root.to_path_buf(),
    };
    let relative = path.strip_prefix(root).map_err(|_| outside())?;
    let parts: Vec<String> = relative
        .components()
        .map(|c| match c {
            Component::Normal(part) => Ok(part.to_string_lossy().into_owned()),
            _ => Err(outside()),
        })
        .collect::<Result<_, _>>()?;
    Ok(parts.join("/"))
}

/// The campaign's campaign.toml without list or login, or one written for a campaign given
/// by flags; its template and attachments named relative to the bundle's root.
fn stripped_campaign(
    campaign: &Campaign,
    root: &Path,
    template: &Path,
) -> Result<String, BundleError> {
    let from_file = campaign
        .file
        .as_ref()
        .filter(|f| f.extension().is_some_and(|e| e == "toml"));
    let mut table = match from_file {
        Some(file) => {
            let text = std::fs::read_to_string(file).map_err(io(file))?;
            text.parse::<toml::Table>()
                .map_err(|e| BundleError::CampaignFile {
                    path: file.clone(),
                    message: e.to_string(),
                })?
        }
        None => toml::Table::new(),
    };
    for key in STRIPPED {
        table.remove(key);
    }
    if let Some(toml::Value::Table(smtp)) = table.get_mut("smtp") {
        for key in STRIPPED_SMTP {
            smtp.remove(key);
        }
    }
    table.insert("template".into(), inside(root, template)?.into());
    let attachments = campaign
        .attachments
        .iter()
        .map(|a| {
            let path = a.canonicalize().map_err(io(a))?;
            inside(root, &path).map(toml::Value::from)
        })
        .collect::<Result<Vec<_>, _>>()?;
    table.insert("attachments".into(), attachments.into());
    let body = toml::to_string(&table).map_err(|e| BundleError::CampaignFile {
        path: PathBuf::from(CAMPAIGN_FILE),
        message: e.to_string(),
    })?;
    let comment = t!("bundle-campaign-comment")
        .lines()
        .fold(String::new(), |mut out, line| {
            out.push_str("# ");
            out.push_str(line);
            out.push('\n');
            out
        });
    Ok(format!("{comment}{body}"))
}

/// Writes `files` as a tar archive to `out`.
pub(crate) fn write_tar(out: &Path, files: &Files) -> Result<(), BundleError> {
    let file = std::fs::File::create(out).map_err(io(out))?;
    let mut builder = tar::Builder::new(std::io::BufWriter::new(file));
    for (name, bytes) in files {
        let mut header = tar::Header::new_ustar();
        header.set_size(bytes.len() as u64);
        header.set_mode(0o644);
        header.set_mtime(0);
        header.set_entry_type(tar::EntryType::Regular);
        builder
            .append_data(&mut header, name, bytes.as_slice())
            .map_err(io(out))?;
    }
    builder
        .into_inner()
        .and_then(|mut w| std::io::Write::flush(&mut w))
        .map_err(io(out))
}

/// The files of the bundle `path`: regular files with plain relative paths only, so nothing
/// lands outside the folder it is unpacked into.
pub(crate) fn read_tar(path: &Path) -> Result<Files, BundleError> {
    let file = std::fs::File::open(path).map_err(io(path))?;
    let mut archive = tar::Archive::new(std::io::BufReader::new(file));
    let refuse = |entry: &str, reason| BundleError::Refused {
        bundle: path.to_path_buf(),
        entry: entry.to_string(),
        reason,
    };
    let mut files = Vec::new();
    let mut total = 0u64;
    for entry in archive.entries().map_err(io(path))? {
        let mut entry = entry.map_err(io(path))?;
        let name = entry.path().map_err(io(path))?.into_owned();
        let shown = name.display().to_string();
        match entry.header().entry_type() {
            tar::EntryType::Directory => continue,
            tar::EntryType::Regular => {}
            _ => return Err(refuse(&shown, Refusal::Link)),
        }
        let plain = name.components().all(|c| matches!(c, Component::Normal(_)));
        if !plain || name.as_os_str().is_empty() {
            return Err(refuse(&shown, Refusal::Outside));
        }
        total = total.saturating_add(entry.size());
        if total > MAX_UNPACKED {
            return Err(refuse(&shown, Refusal::TooBig));
        }
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).map_err(io(path))?;
        let parts: Vec<String> = name
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        files.push((parts.join("/"), bytes));
    }
    if !files.iter().any(|(name, _)| name == CAMPAIGN_FILE) {
        return Err(refuse(CAMPAIGN_FILE, Refusal::NoCampaign));
    }
    Ok(files)
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> BundleError + use<> {
    let path = path.to_path_buf();
    move |source| BundleError::Io { path, source }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tar_with(entries: &[(&str, tar::EntryType)]) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("b.tar");
        let mut builder = tar::Builder::new(std::fs::File::create(&path).expect("create"));
        for (name, kind) in entries {
            let mut header = tar::Header::new_gnu();
            header.set_size(1);
            header.set_entry_type(*kind);
            // `append_data` refuses `..`: write the name as a hostile tool would.
            let bytes = header.as_old_mut().name.as_mut();
            bytes[..name.len()].copy_from_slice(name.as_bytes());
            header.set_cksum();
            builder.append(&header, &b"x"[..]).expect("append");
        }
        builder.finish().expect("finish");
        (dir, path)
    }

    #[test]
    fn entries_leaving_the_folder_or_links_are_refused() {
        for (name, kind) in [
            ("../evil.sh", tar::EntryType::Regular),
            ("/etc/evil", tar::EntryType::Regular),
            ("templates/link", tar::EntryType::Symlink),
        ] {
            let (_dir, path) =
                tar_with(&[("campaign.toml", tar::EntryType::Regular), (name, kind)]);
            let refused = read_tar(&path).expect_err(name);
            let error = refused.to_string();
            assert!(error.contains(name), "{error}");
            assert!(error.contains("nothing was written"), "{error}");
            let french = crate::i18n::in_lang(crate::i18n::Lang::Fr, || refused.to_string());
            assert!(french.contains("rien n'a été écrit"), "{french}");
            assert!(
                crate::i18n::audit::english_left(&french).is_empty(),
                "{french}"
            );
        }
        let (_dir, path) = tar_with(&[("campaign.toml", tar::EntryType::Regular)]);
        assert_eq!(read_tar(&path).expect("plain").len(), 1);
    }

    #[test]
    fn a_refused_bundle_is_said_in_both_languages() {
        let refused = BundleError::Refused {
            bundle: "circulaire.tar".into(),
            entry: "templates/lien".into(),
            reason: Refusal::Link,
        };
        assert_eq!(
            refused.to_string(),
            "circulaire.tar: `templates/lien` is a link or a device, not a file; nothing was written: ask for the bundle again, made by `missive bundle`"
        );
        assert_eq!(
            crate::i18n::in_lang(crate::i18n::Lang::Fr, || refused.to_string()),
            "circulaire.tar\u{a0}: «\u{a0}templates/lien\u{a0}» est un lien ou un périphérique, pas un fichier\u{202f}; \
             rien n'a été écrit\u{a0}: demandez de nouveau le paquet, fait par `missive bundle`"
        );
    }
}
