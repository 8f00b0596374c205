//! `files/`: every distinct attached file, written once however many messages carry it, so a
//! campaign of 100,000 messages with one infographic stores the infographic once.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

pub(super) const DIR: &str = "files";

/// The files written so far, by content.
#[derive(Debug)]
pub(super) struct FileStore {
    dir: PathBuf,
    by_content: HashMap<[u8; 32], String>,
}

impl FileStore {
    pub(super) fn new(preview: &Path) -> std::io::Result<Self> {
        let dir = preview.join(DIR);
        std::fs::create_dir_all(&dir)?;
        Ok(Self {
            dir,
            by_content: HashMap::new(),
        })
    }

    /// The file's path relative to the preview folder (`files/3f2a…-infographie.png`),
    /// written the first time these bytes are seen.
    pub(super) fn store(&mut self, name: &str, bytes: &[u8]) -> std::io::Result<String> {
        let digest: [u8; 32] = Sha256::digest(bytes).into();
        if let Some(found) = self.by_content.get(&digest) {
            return Ok(found.clone());
        }
        let file_name = format!("{}-{}", crate::compose::hex(&digest[..8]), safe_name(name));
        std::fs::write(self.dir.join(&file_name), bytes)?;
        let relative = format!("{DIR}/{file_name}");
        self.by_content.insert(digest, relative.clone());
        Ok(relative)
    }

    /// How many distinct files were written.
    pub(super) fn count(&self) -> usize {
        self.by_content.len()
    }
}

/// A name safe on every file system and in a URL: letters (accents kept), digits, `.`, `-`,
/// `_`; anything else becomes `_`. An empty or hidden name gets a prefix.
fn safe_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .take(80)
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if cleaned.is_empty() || cleaned.starts_with('.') {
        format!("fichier{cleaned}")
    } else {
        cleaned
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_bytes_are_written_once() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut store = FileStore::new(dir.path()).expect("store");
        let first = store
            .store("infographie rentrée.png", b"PNG")
            .expect("write");
        let again = store.store("autre-nom.png", b"PNG").expect("write");
        let other = store.store("../../etc/passwd", b"other").expect("write");
        assert_eq!(first, again);
        assert!(first.ends_with("-infographie_rentrée.png"), "{first}");
        assert!(
            other.starts_with("files/") && !other[6..].contains('/'),
            "{other}"
        );
        assert_eq!(store.count(), 2);
        assert_eq!(
            std::fs::read_dir(dir.path().join(DIR))
                .expect("dir")
                .count(),
            2
        );
    }
}
