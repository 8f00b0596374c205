//! Files that go into messages, read and base64-encoded once per run and shared by every
//! message that carries them.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use lettre::message::Body;
use lettre::message::header::ContentType;

/// One file, encoded once.
#[derive(Debug)]
pub struct EncodedFile {
    /// The file's canonical path (the cache key).
    pub path: PathBuf,
    /// The name shown to the recipient.
    pub file_name: String,
    pub content_type: ContentType,
    /// The encoded body: cloning it copies bytes but never encodes again.
    pub body: Body,
    /// The file's size in bytes, before encoding.
    pub size: u64,
    /// SHA-256 of `body`, worked out the first time it is asked for: see
    /// [`EncodedFile::sha256`].
    pub sha256: OnceLock<[u8; 32]>,
}

impl EncodedFile {
    /// SHA-256 of the encoded body, hashed once however many messages ask: a message's
    /// fingerprint takes it in place of the body (see `Outgoing::fingerprint`).
    pub fn sha256(&self) -> &[u8; 32] {
        use sha2::{Digest, Sha256};
        self.sha256
            .get_or_init(|| Sha256::digest(self.body.as_ref()).into())
    }
}

/// Why a file cannot be attached.
#[derive(Debug, Clone, thiserror::Error)]
pub enum AttachmentError {
    #[error("{}", t!("compose-attachment-unreadable", path = path.as_str(), reason = crate::i18n::system(source)))]
    Unreadable {
        path: String,
        source: Arc<std::io::Error>,
    },
    /// A file whose type the mail library cannot name (its own words, in English).
    #[error("{}", t!("compose-attachment-type", path = path.as_str(), said = said.as_str()))]
    UnknownType { path: String, said: String },
    #[error("{}", t!("compose-attachment-missing", path = path.as_str(), folder = folder.as_str()))]
    Missing { path: String, folder: String },
    #[error("{}", t!("compose-attachment-outside", path = path.as_str(), root = root.as_str()))]
    OutsideCampaign { path: String, root: String },
    #[error("{}", t!("compose-attachment-folder", path = path.as_str()))]
    NotAFile { path: String },
}

/// Above this total, newly seen files are encoded for each message instead of cached, so a
/// list with one distinct file per recipient does not fill memory.
const CACHE_BUDGET: u64 = 256 * 1024 * 1024;

/// Every file read during a run, by canonical path.
#[derive(Debug, Default)]
pub struct AttachmentStore {
    cache: Mutex<Cache>,
}

#[derive(Debug, Default)]
struct Cache {
    files: HashMap<PathBuf, Arc<EncodedFile>>,
    bytes: u64,
}

impl AttachmentStore {
    /// Loads a file the user named directly (campaign.toml or `-a`): no folder restriction.
    pub fn load_trusted(&self, path: &Path) -> Result<Arc<EncodedFile>, AttachmentError> {
        let canonical = canonical(path)?;
        self.load_canonical(&canonical)
    }

    /// Loads a file named by the template or the data, relative to `base`, refusing any path
    /// that leaves `root` (`..`, an absolute path, a symbolic link pointing outside).
    pub fn load_within(
        &self,
        base: &Path,
        relative: &str,
        root: &Path,
    ) -> Result<Arc<EncodedFile>, AttachmentError> {
        let joined = base.join(relative);
        let outside = || AttachmentError::OutsideCampaign {
            path: relative.to_string(),
            root: root.display().to_string(),
        };
        // Refused before the file system is asked, so that whether a file exists outside the
        // folder is never told.
        if !lexically_within(&joined, root) {
            return Err(outside());
        }
        if !joined.exists() && joined.symlink_metadata().is_err() {
            return Err(AttachmentError::Missing {
                path: relative.to_string(),
                folder: base.display().to_string(),
            });
        }
        let canonical = canonical(&joined).map_err(|e| match e {
            AttachmentError::Unreadable { source, .. } => AttachmentError::Unreadable {
                path: relative.to_string(),
                source,
            },
            AttachmentError::NotAFile { .. } => AttachmentError::NotAFile {
                path: relative.to_string(),
            },
            other => other,
        })?;
        // A symbolic link may still point outside.
        if !canonical.starts_with(root) {
            return Err(outside());
        }
        self.load_canonical(&canonical)
    }

    fn load_canonical(&self, canonical: &Path) -> Result<Arc<EncodedFile>, AttachmentError> {
        if let Some(found) = self.lock().files.get(canonical) {
            return Ok(Arc::clone(found));
        }
        let encoded = Arc::new(encode(canonical)?);
        let mut cache = self.lock();
        if cache.bytes + encoded.size <= CACHE_BUDGET {
            cache.bytes += encoded.size;
            cache
                .files
                .insert(canonical.to_path_buf(), Arc::clone(&encoded));
        }
        Ok(encoded)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Cache> {
        // A panic while holding this lock leaves a consistent map: keep using it.
        self.cache
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// How many distinct files were encoded and kept (for tests and benchmarks).
    pub fn cached_files(&self) -> usize {
        self.lock().files.len()
    }
}

/// Whether `path`, its `.` and `..` resolved as written (links aside), stays in `root`.
fn lexically_within(path: &Path, root: &Path) -> bool {
    use std::path::Component;
    let mut resolved = PathBuf::new();
    for component in path.components() {
        match component {
            Component::ParentDir => {
                if !resolved.pop() {
                    return false;
                }
            }
            Component::CurDir => {}
            other => resolved.push(other),
        }
    }
    resolved.starts_with(root)
}

fn canonical(path: &Path) -> Result<PathBuf, AttachmentError> {
    let canonical = path
        .canonicalize()
        .map_err(|e| AttachmentError::Unreadable {
            path: path.display().to_string(),
            source: Arc::new(e),
        })?;
    if canonical.is_dir() {
        return Err(AttachmentError::NotAFile {
            path: path.display().to_string(),
        });
    }
    Ok(canonical)
}

fn encode(path: &Path) -> Result<EncodedFile, AttachmentError> {
    let bytes = std::fs::read(path).map_err(|e| AttachmentError::Unreadable {
        path: path.display().to_string(),
        source: Arc::new(e),
    })?;
    let size = bytes.len() as u64;
    let guessed = mime_guess::from_path(path).first_or_octet_stream();
    let content_type = ContentType::parse(guessed.essence_str())
        .or_else(|_| ContentType::parse("application/octet-stream"))
        .map_err(|e| AttachmentError::UnknownType {
            path: path.display().to_string(),
            said: e.to_string(),
        })?;
    let file_name = path
        .file_name()
        .map_or_else(|| "attachment".into(), |n| n.to_string_lossy().into_owned());
    Ok(EncodedFile {
        path: path.to_path_buf(),
        file_name,
        content_type,
        body: Body::new(bytes),
        size,
        sha256: OnceLock::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_encoded_once_and_paths_cannot_escape() {
        let root = tempfile::tempdir().expect("temp dir");
        let campaign = root.path().join("campagne");
        std::fs::create_dir(&campaign).expect("mkdir");
        std::fs::write(campaign.join("a.png"), b"\x89PNG").expect("write");
        std::fs::write(root.path().join("secret.txt"), b"no").expect("write");
        let store = AttachmentStore::default();
        let campaign = campaign.canonicalize().expect("canonical");
        let first = store
            .load_within(&campaign, "a.png", &campaign)
            .expect("inside");
        let again = store
            .load_within(&campaign, "./a.png", &campaign)
            .expect("inside");
        assert!(Arc::ptr_eq(&first, &again));
        assert_eq!(store.cached_files(), 1);
        assert_eq!(
            first.content_type,
            ContentType::parse("image/png").expect("type")
        );
        assert!(matches!(
            store.load_within(&campaign, "../secret.txt", &campaign),
            Err(AttachmentError::OutsideCampaign { .. })
        ));
        assert!(matches!(
            store.load_within(&campaign, "/etc/hostname", &campaign),
            Err(AttachmentError::OutsideCampaign { .. } | AttachmentError::Unreadable { .. })
        ));
        assert!(matches!(
            store.load_within(&campaign, "absent.pdf", &campaign),
            Err(AttachmentError::Missing { .. })
        ));
        assert!(matches!(
            store.load_within(&campaign, "/nonexistent/absent.pdf", &campaign),
            Err(AttachmentError::OutsideCampaign { .. })
        ));
    }
}
