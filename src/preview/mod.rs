//! The dry-run a reviewer reads: one `.eml` per message, `index.html` listing them, and
//! `manifest.json`, the plan's fingerprint. Written in a side folder and moved into place
//! only when complete, so a reviewer never opens half a preview.

mod gallery;
mod manifest;

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::compose::Outgoing;
use crate::pipeline::RunError;
pub use manifest::{Manifest, ManifestEntry};

/// Writes a preview folder message by message.
pub struct PreviewWriter {
    out: PathBuf,
    partial: PathBuf,
    gallery: gallery::Gallery<BufWriter<File>>,
    manifest: Manifest,
}

impl PreviewWriter {
    /// Starts a preview in `out`. An earlier preview there is replaced at the end; any other
    /// non-empty folder is refused, so nothing of the user's is deleted.
    pub fn create(out: &Path, campaign_id: &str) -> Result<Self, RunError> {
        let io = |path: &Path| {
            let path = path.to_path_buf();
            move |source| RunError::Io { path, source }
        };
        if out.exists() {
            let is_preview = out.join(manifest::FILE).is_file();
            let is_empty = std::fs::read_dir(out).map_err(io(out))?.next().is_none();
            if !is_preview && !is_empty {
                return Err(RunError::Refused(format!(
                    "{}: the folder exists and is not an earlier preview; choose another with `--out DIR`",
                    out.display()
                )));
            }
        }
        let partial = partial_path(out);
        if partial.exists() {
            std::fs::remove_dir_all(&partial).map_err(io(&partial))?;
        }
        std::fs::create_dir_all(partial.join(MESSAGES)).map_err(io(&partial))?;
        let index = partial.join(gallery::FILE);
        let file = File::create(&index).map_err(io(&index))?;
        let gallery =
            gallery::Gallery::start(BufWriter::new(file), campaign_id).map_err(io(&index))?;
        Ok(Self {
            out: out.to_path_buf(),
            partial,
            gallery,
            manifest: Manifest::new(campaign_id),
        })
    }

    /// Adds one message.
    pub fn add(&mut self, message: &Outgoing) -> Result<(), RunError> {
        let number = self.manifest.messages.len() + 1;
        let name = format!("{MESSAGES}/{number:05}-{}.eml", file_stem(&message.key));
        let path = self.partial.join(&name);
        std::fs::write(&path, &message.bytes).map_err(|source| RunError::Io { path, source })?;
        let entry = ManifestEntry::of(message, name);
        self.gallery.row(&entry).map_err(|source| RunError::Io {
            path: self.partial.join(gallery::FILE),
            source,
        })?;
        self.manifest.messages.push(entry);
        Ok(())
    }

    /// Completes the preview and moves it into place; returns the index page's path.
    pub fn finish(self, template_fingerprint: String) -> Result<PathBuf, RunError> {
        let io = |path: PathBuf| move |source| RunError::Io { path, source };
        let index = self.partial.join(gallery::FILE);
        self.gallery
            .finish(self.manifest.messages.len())
            .and_then(|mut writer| writer.flush())
            .map_err(io(index))?;
        let mut manifest = self.manifest;
        manifest.template_sha256 = template_fingerprint;
        let manifest_path = self.partial.join(manifest::FILE);
        let json = serde_json::to_vec_pretty(&manifest).map_err(|e| RunError::Io {
            path: manifest_path.clone(),
            source: std::io::Error::other(e),
        })?;
        std::fs::write(&manifest_path, json).map_err(io(manifest_path))?;
        if self.out.exists() {
            std::fs::remove_dir_all(&self.out).map_err(io(self.out.clone()))?;
        }
        std::fs::rename(&self.partial, &self.out).map_err(io(self.out.clone()))?;
        Ok(self.out.join(gallery::FILE))
    }

    /// Abandons the preview (a row was broken): nothing half-written is left.
    pub fn abandon(self) {
        drop(self.gallery);
        let _ = std::fs::remove_dir_all(&self.partial);
    }
}

const MESSAGES: &str = "messages";

fn partial_path(out: &Path) -> PathBuf {
    let mut name = out
        .file_name()
        .map_or_else(|| "preview".into(), std::ffi::OsStr::to_os_string);
    name.push(".partial");
    out.with_file_name(name)
}

/// A file name from a recipient key: letters, digits, `.`, `-`, `_` and `@` only.
fn file_stem(key: &str) -> String {
    key.chars()
        .take(60)
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '@') {
                c
            } else {
                '_'
            }
        })
        .collect()
}
