//! One sender per journal: an OS lock on a file beside it.
//!
//! The lock is `flock`-style (`File::try_lock`): the kernel releases it when the process
//! ends, however it ends, so a killed sender never leaves a stale lock behind. The file
//! itself stays (removing it would let two processes lock two different files); it holds
//! the process id of the sender, for the message a second sender prints.
//!
//! A second `send` is refused at once and exits 4, "stopped early, can be resumed", not 1:
//! nothing is wrong with its input, and running it again once the first is done is the fix.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use super::JournalError;

/// Held for as long as a `send` runs; dropping it releases the lock.
#[derive(Debug)]
pub(crate) struct SenderLock {
    _file: File,
}

impl SenderLock {
    /// The lock file of a journal: `journal.sqlite.lock` beside `journal.sqlite`.
    pub(crate) fn path_for(journal: &Path) -> PathBuf {
        let mut name = journal.file_name().unwrap_or_default().to_os_string();
        name.push(".lock");
        journal.with_file_name(name)
    }

    /// Takes the lock at once, or says which process holds it.
    pub(crate) fn acquire(journal: &Path) -> Result<Self, JournalError> {
        let path = Self::path_for(journal);
        if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(folder).map_err(|source| JournalError::Io {
                path: folder.to_path_buf(),
                source,
            })?;
        }
        let io_error = |source| JournalError::Io {
            path: path.clone(),
            source,
        };
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(io_error)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                let mut holder = String::new();
                let _ = file.read_to_string(&mut holder);
                return Err(JournalError::Busy {
                    journal: journal.to_path_buf(),
                    holder: holder.trim().parse().ok(),
                });
            }
            Err(TryLockError::Error(source)) => return Err(io_error(source)),
        }
        file.set_len(0).map_err(io_error)?;
        file.seek(SeekFrom::Start(0)).map_err(io_error)?;
        writeln!(file, "{}", std::process::id()).map_err(io_error)?;
        Ok(Self { _file: file })
    }
}
