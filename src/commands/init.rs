//! `missive init`: writes the sample campaign, never overwriting a file. Its campaign.toml
//! is commented in the run's language (`init-sample-N` of locales/*/init.ftl).

use std::borrow::Cow;
use std::io::Write;
use std::path::Path;

use crate::exit_status::ExitStatus;
use crate::pipeline::RunError;

/// The sample campaign, built into the binary so `init` works anywhere.
const SAMPLE: [(&str, &[u8]); 5] = [
    ("campaign.toml", include_bytes!("../../campaign.toml")),
    (
        "templates/rentree-numerique/message.md",
        include_bytes!("../../templates/rentree-numerique/message.md"),
    ),
    (
        "templates/rentree-numerique/infographie-rentree.png",
        include_bytes!("../../templates/rentree-numerique/infographie-rentree.png"),
    ),
    (
        "templates/rentree-numerique/infographie-rentree.svg",
        include_bytes!("../../templates/rentree-numerique/infographie-rentree.svg"),
    ),
    (
        "recipients/directeurs.csv",
        include_bytes!("../../recipients/directeurs.csv"),
    ),
];

pub(crate) fn run(dir: &Path) -> Result<ExitStatus, RunError> {
    let files: Vec<(&str, Cow<'_, [u8]>)> = SAMPLE
        .iter()
        .map(|&(name, bytes)| {
            let bytes = if name == "campaign.toml" {
                Cow::Owned(commented(&String::from_utf8_lossy(bytes)).into_bytes())
            } else {
                Cow::Borrowed(bytes)
            };
            (name, bytes)
        })
        .collect();
    write_new(dir, &files, "missive init DIR")?;
    crate::stdout::say!("{}", t!("init-next", dir = dir.display().to_string()));
    Ok(ExitStatus::Success)
}

/// The sample's campaign.toml with its comments in the run's language: the N-th block of
/// comment lines becomes `init-sample-N`, a `# ` before each of its lines.
fn commented(toml: &str) -> String {
    let mut out = String::with_capacity(toml.len() + 256);
    let mut block = 0;
    let mut in_comment = false;
    for line in toml.lines() {
        if line.starts_with('#') {
            if !in_comment {
                block += 1;
                for said in sample_comment(block).lines() {
                    out.push_str(format!("# {said}").trim_end());
                    out.push('\n');
                }
            }
            in_comment = true;
        } else {
            in_comment = false;
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// The comment block `n` of the sample's campaign.toml; empty past the last.
fn sample_comment(n: usize) -> String {
    match n {
        1 => t!("init-sample-1"),
        2 => t!("init-sample-2"),
        3 => t!("init-sample-3"),
        4 => t!("init-sample-4"),
        5 => t!("init-sample-5"),
        6 => t!("init-sample-6"),
        _ => String::new(),
    }
}

/// Writes `files` (paths relative to `dir`) only if none of them exists yet: a campaign
/// someone edited is never overwritten, nor half-written. `retry` is the command that
/// names another folder.
pub(crate) fn write_new<N: AsRef<str>, B: AsRef<[u8]>>(
    dir: &Path,
    files: &[(N, B)],
    retry: &str,
) -> Result<(), RunError> {
    let existing: Vec<String> = files
        .iter()
        .map(|(name, _)| dir.join(name.as_ref()))
        .filter(|path| path.exists())
        .map(|path| path.display().to_string())
        .collect();
    if !existing.is_empty() {
        return Err(RunError::WouldOverwrite {
            existing,
            retry: retry.to_string(),
        });
    }
    for (name, bytes) in files {
        let path = dir.join(name.as_ref());
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|source| RunError::Io {
                path: parent.to_path_buf(),
                source,
            })?;
        }
        // `create_new`: a file appearing since the check above is not overwritten either.
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .and_then(|mut file| file.write_all(bytes.as_ref()))
            .map_err(|source| RunError::Io {
                path: path.clone(),
                source,
            })?;
        crate::stdout::say!("{}", t!("init-wrote", path = path.display().to_string()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Lang, in_lang};

    fn sample_toml() -> String {
        String::from_utf8_lossy(SAMPLE[0].1).into_owned()
    }

    #[test]
    fn the_sample_is_as_it_is_in_english() {
        assert_eq!(SAMPLE[0].0, "campaign.toml");
        assert_eq!(commented(&sample_toml()), sample_toml());
    }

    #[test]
    fn the_sample_is_commented_in_french_and_its_settings_unchanged() {
        let toml = sample_toml();
        let french = in_lang(Lang::Fr, || commented(&toml));
        assert!(
            french.starts_with("# La campagne d'exemple\u{a0}: la circulaire de la «\u{a0}rentrée numérique\u{a0}» du 26 avril 2021.\n"),
            "{french}"
        );
        assert!(
            french.contains("# Le relais de votre académie\u{a0}:"),
            "{french}"
        );
        let comments: Vec<&str> = french.lines().filter(|l| l.starts_with('#')).collect();
        assert!(comments.len() >= 6, "{french}");
        for comment in comments {
            let left = crate::i18n::audit::english_left(comment);
            assert!(left.is_empty(), "English left ({left:?}) in: {comment}");
        }
        let settings = |text: &str| -> Vec<String> {
            text.lines()
                .filter(|l| !l.starts_with('#'))
                .map(str::to_string)
                .collect()
        };
        assert_eq!(settings(&french), settings(&toml));
        let parsed: toml::Table = french.parse().expect("still TOML");
        assert_eq!(parsed["id"].as_str(), Some("rentree-numerique-2021"));
        // Every block has its words: the file has no seventh block the translation misses.
        assert_eq!(sample_comment(7), "");
        let blocks = toml
            .lines()
            .zip(std::iter::once("").chain(toml.lines()))
            .filter(|(line, before)| line.starts_with('#') && !before.starts_with('#'))
            .count();
        assert_eq!(blocks, 6);
    }
}
