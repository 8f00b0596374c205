//! `missive init`: writes the sample campaign, never overwriting a file.

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
    write_new(dir, &SAMPLE, "missive init DIR")?;
    crate::stdout::say!(
        "next: cd {} && missive check && missive preview",
        dir.display()
    );
    Ok(ExitStatus::Success)
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
        crate::stdout::say!("wrote {}", path.display());
    }
    Ok(())
}
