//! `missive init`: writes the sample campaign, never overwriting a file.

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

pub fn run(dir: &Path) -> Result<ExitStatus, RunError> {
    let existing: Vec<String> = SAMPLE
        .iter()
        .map(|(name, _)| dir.join(name))
        .filter(|path| path.exists())
        .map(|path| path.display().to_string())
        .collect();
    if !existing.is_empty() {
        return Err(RunError::Refused(format!(
            "nothing written: these files exist already and are never overwritten: {}; choose an empty folder with `missive init DIR`",
            existing.join(", ")
        )));
    }
    for (name, bytes) in SAMPLE {
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|source| RunError::Io {
                path: parent.to_path_buf(),
                source,
            })?;
        }
        std::fs::write(&path, bytes).map_err(|source| RunError::Io { path, source })?;
        println!("wrote {}", dir.join(name).display());
    }
    println!(
        "next: cd {} && missive check && missive preview",
        dir.display()
    );
    Ok(ExitStatus::Success)
}
