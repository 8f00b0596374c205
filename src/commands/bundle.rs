//! `missive bundle` packs the campaign into one file for others to relay;
//! `missive init --from BUNDLE` unpacks one, never overwriting a file.

use std::path::{Path, PathBuf};

use crate::bundle;
use crate::cli::Common;
use crate::config::Campaign;
use crate::exit_status::ExitStatus;
use crate::pipeline::{RunError, Size};

/// Packs the campaign into `output` (default: `<campaign id>.tar`).
pub(crate) fn run(common: &Common, output: Option<&Path>) -> Result<ExitStatus, RunError> {
    let campaign = Campaign::resolve(common)?;
    let files = bundle::collect(&campaign)?;
    let out = output.map_or_else(
        || PathBuf::from(format!("{}.tar", campaign.id)),
        Path::to_path_buf,
    );
    bundle::write_tar(&out, &files)?;
    for (name, bytes) in &files {
        // `Size`: sizes one way per language, as every command prints them.
        let size = Size(bytes.len() as u64).to_string();
        crate::stdout::say!(
            "  {}",
            t!("bundle-file", name = name.as_str(), size = size.clone())
        );
    }
    crate::stdout::say!(
        "{}",
        t!(
            "bundle-wrote",
            out = out.display().to_string(),
            count = files.len(),
            name = out.file_name().map_or_else(
                || out.display().to_string(),
                |n| n.to_string_lossy().into_owned()
            ),
        )
    );
    Ok(ExitStatus::Success)
}

/// Unpacks `bundle` into `dir`: every entry checked first, nothing overwritten.
pub(crate) fn unpack(bundle_file: &Path, dir: &Path) -> Result<ExitStatus, RunError> {
    let files = bundle::read_tar(bundle_file)?;
    let retry = format!("missive init --from {} DIR", bundle_file.display());
    crate::commands::init::write_new(dir, &files, &retry)?;
    crate::stdout::say!(
        "{}",
        t!("bundle-unpacked-next", dir = dir.display().to_string())
    );
    Ok(ExitStatus::Success)
}
