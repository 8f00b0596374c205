//! The index that finds a second message to the same envelope, in memory bounded whatever
//! the length of the list, and exact: it never takes a new recipient for a duplicate (a
//! duplicate is not sent) and never misses one.
//!
//! Each envelope is a 128-bit digest and the line where it first appeared (24 bytes). The
//! newest [`BUDGET`] entries stay in memory, in a small open-addressing table; when it is
//! full, they are sorted and written as one run to a temporary file, deleted as soon as it
//! is created (nothing is left behind, even when the process is killed). Runs are merged two
//! by two when the older is less than twice the newer (a binary counter), so a list of `n`
//! rows has at most `log2(n / BUDGET) + 1` runs and every entry is rewritten that many times
//! at most. A Bloom filter of fixed size stands in front of the runs: a new envelope reads
//! the disk only when the filter says "maybe" (for a million rows, 1 in 1,300), and then
//! finds the answer by binary search in each run, the last 4 kB in one read.
//!
//! Memory: 4 MB for the table, 2 MB for the filter, 200 kB of file buffers while merging.
//! Disk: 24 bytes a row, twice that for a moment while two runs merge.
//!
//! Measured on 2026-11-28 (release build, 2 shared cores, `missive check` of a generated
//! list of 4 columns, same output before and after): peak RSS 15.0, 29.3 and 87.0 MB at
//! 100k, 300k and 1M rows with the former `HashMap` of every row, 13.4, 16.0 and 15.9 MB
//! with this index; wall time 1.4, 4.8-5.2 and 21 s either way (no difference beyond the
//! noise: the rows' rendering is the cost). 1M rows with 9,915 duplicates of random earlier
//! rows: the same 9,915 warnings, each naming the same first line, at 16 MB instead of 87.

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// Entries kept in memory before they are written as a run: 3 MB, and 1 MB of slots.
const BUDGET: usize = 1 << 17;
/// Bits of the Bloom filter: 2 MB.
const BLOOM_BITS: usize = 1 << 24;
/// Bits set per entry: for a million rows in 2^24 bits, 1 false "maybe" in 1,300.
const BLOOM_PROBES: u64 = 6;
/// Bytes of one entry on disk: the digest, then the line (little-endian).
const ENTRY: usize = 24;
/// A search reads what is left of the run in one go once it fits in 4 kB.
const BLOCK: usize = 4096 / ENTRY;
/// Buffer of each file read or written while spilling and merging.
const IO_BUFFER: usize = 64 * 1024;

/// The temporary files of the index could not be written or read back.
#[derive(Debug, thiserror::Error)]
pub(crate) enum DuplicateIndexError {
    #[error("{}", t!("pipeline-index-write", dir = dir.display().to_string(), error = crate::i18n::system(source)))]
    Write { dir: PathBuf, source: io::Error },
    #[error("{}", t!("pipeline-index-read", dir = dir.display().to_string(), error = crate::i18n::system(source)))]
    Read { dir: PathBuf, source: io::Error },
}

/// Every envelope seen so far, with the line of its first occurrence.
pub(super) struct DuplicateIndex {
    /// Where the runs are written: the system's temporary folder (`TMPDIR`).
    dir: PathBuf,
    recent: Recent,
    bloom: Bloom,
    /// Sorted runs on disk, oldest (and largest) first; no digest is in two of them, nor in
    /// `recent` too.
    runs: Vec<Run>,
}

impl Default for DuplicateIndex {
    fn default() -> Self {
        Self::with_limits(std::env::temp_dir(), BUDGET, BLOOM_BITS)
    }
}

impl DuplicateIndex {
    /// An index writing its runs in `dir`, keeping `budget` entries in memory and a filter of
    /// `bloom_bits` (rounded up to a power of two). Its memory is reserved at once but touched
    /// only as it fills; nothing is written before the first run.
    fn with_limits(dir: PathBuf, budget: usize, bloom_bits: usize) -> Self {
        Self {
            dir,
            recent: Recent::with_capacity(budget.clamp(1, 1 << 30)),
            bloom: Bloom::with_bits(bloom_bits),
            runs: Vec::new(),
        }
    }

    /// The line where `digest` was first inserted, or `None` when it is new: it is then
    /// recorded at `line`. After an error the index is incomplete and must not be used.
    pub(super) fn insert_or_first(
        &mut self,
        digest: [u8; 16],
        line: u64,
    ) -> Result<Option<u64>, DuplicateIndexError> {
        let slot = match self.recent.find(&digest) {
            Ok(first) => return Ok(Some(first)),
            Err(slot) => slot,
        };
        if !self.runs.is_empty() && self.bloom.may_hold(&digest) {
            for run in &self.runs {
                if let Some(first) = run.find(&digest).map_err(|e| self.read_error(e))? {
                    return Ok(Some(first));
                }
            }
        }
        self.recent.insert(slot, Entry { digest, line });
        if self.recent.is_full() {
            self.spill()?;
        }
        Ok(None)
    }

    /// Writes the entries in memory as a new run, then merges runs of about the same size.
    fn spill(&mut self) -> Result<(), DuplicateIndexError> {
        let entries = self.recent.sorted();
        for entry in entries {
            self.bloom.insert(&entry.digest);
        }
        let run = Run::collect(&self.dir, entries.iter().copied().map(Ok))?;
        self.recent.clear();
        self.runs.push(run);
        while let [.., older, newer] = self.runs.as_slice()
            && older.len < 2 * newer.len
        {
            let newer = self.runs.pop();
            let older = self.runs.pop();
            if let (Some(older), Some(newer)) = (older, newer) {
                let merged = Run::merge(&self.dir, &older, &newer)?;
                // The two files are closed, so deleted, only once the merged run is whole.
                self.runs.push(merged);
            }
        }
        Ok(())
    }

    fn read_error(&self, source: io::Error) -> DuplicateIndexError {
        DuplicateIndexError::Read {
            dir: self.dir.clone(),
            source,
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Entry {
    digest: [u8; 16],
    line: u64,
}

impl Entry {
    fn to_bytes(self) -> [u8; ENTRY] {
        let mut bytes = [0; ENTRY];
        bytes[..16].copy_from_slice(&self.digest);
        bytes[16..].copy_from_slice(&self.line.to_le_bytes());
        bytes
    }

    fn from_bytes(bytes: &[u8]) -> Self {
        let mut entry = Self {
            digest: [0; 16],
            line: 0,
        };
        entry.digest.copy_from_slice(&bytes[..16]);
        let mut line = [0; 8];
        line.copy_from_slice(&bytes[16..ENTRY]);
        entry.line = u64::from_le_bytes(line);
        entry
    }
}

/// The entries not yet written, found by open addressing: digests are already uniform, so
/// their first bytes are the hash.
struct Recent {
    /// At most `capacity` entries, then they are written as a run.
    capacity: usize,
    entries: Vec<Entry>,
    /// Twice as many slots as entries: 0 is empty, `n` is `entries[n - 1]`.
    slots: Vec<u32>,
}

impl Recent {
    fn with_capacity(capacity: usize) -> Self {
        Self {
            capacity,
            entries: Vec::with_capacity(capacity),
            slots: vec![0; (capacity * 2).next_power_of_two()],
        }
    }

    /// The line of `digest`, or the empty slot where it goes.
    fn find(&self, digest: &[u8; 16]) -> Result<u64, usize> {
        let mask = self.slots.len() - 1;
        let mut slot = first_word(digest) & mask;
        loop {
            match self.slots[slot] as usize {
                0 => return Err(slot),
                n if self.entries[n - 1].digest == *digest => return Ok(self.entries[n - 1].line),
                _ => slot = (slot + 1) & mask,
            }
        }
    }

    fn insert(&mut self, slot: usize, entry: Entry) {
        self.entries.push(entry);
        // At most 2^30 entries (see `with_limits`).
        #[allow(clippy::cast_possible_truncation)]
        let position = self.entries.len() as u32;
        self.slots[slot] = position;
    }

    fn is_full(&self) -> bool {
        self.entries.len() >= self.capacity
    }

    /// The entries sorted by digest; the slots no longer match until `clear`.
    fn sorted(&mut self) -> &[Entry] {
        self.entries.sort_unstable_by_key(|entry| entry.digest);
        &self.entries
    }

    fn clear(&mut self) {
        self.entries.clear();
        self.slots.fill(0);
    }
}

/// The first 8 bytes of a digest, as an index.
fn first_word(digest: &[u8; 16]) -> usize {
    let mut word = [0; 8];
    word.copy_from_slice(&digest[..8]);
    // Truncated on 32-bit targets: any bits of a uniform digest will do.
    #[allow(clippy::cast_possible_truncation)]
    let index = u64::from_le_bytes(word) as usize;
    index
}

/// "Certainly not written" or "maybe written", for the digests in the runs.
struct Bloom {
    words: Vec<u64>,
}

impl Bloom {
    fn with_bits(bits: usize) -> Self {
        Self {
            words: vec![0; bits.next_power_of_two().div_ceil(64)],
        }
    }

    /// The bits of a digest: `h1 + i * h2` (Kirsch and Mitzenmacher), from its two halves.
    fn bits(&self, digest: &[u8; 16]) -> impl Iterator<Item = (usize, u64)> + use<> {
        let mut half = [0; 8];
        half.copy_from_slice(&digest[..8]);
        let h1 = u64::from_le_bytes(half);
        half.copy_from_slice(&digest[8..]);
        let h2 = u64::from_le_bytes(half) | 1;
        let mask = (self.words.len() as u64 * 64) - 1;
        (0..BLOOM_PROBES).map(move |i| {
            let bit = h1.wrapping_add(i.wrapping_mul(h2)) & mask;
            // Below the number of bits, which is a `usize`.
            #[allow(clippy::cast_possible_truncation)]
            let word = (bit / 64) as usize;
            (word, 1 << (bit % 64))
        })
    }

    fn insert(&mut self, digest: &[u8; 16]) {
        for (word, bit) in self.bits(digest) {
            self.words[word] |= bit;
        }
    }

    fn may_hold(&self, digest: &[u8; 16]) -> bool {
        self.bits(digest)
            .all(|(word, bit)| self.words[word] & bit != 0)
    }
}

/// Entries sorted by digest in a temporary file of their own.
struct Run {
    file: File,
    /// Number of entries.
    len: u64,
}

impl Run {
    /// A run of `entries`, which come sorted.
    fn collect(
        dir: &Path,
        entries: impl Iterator<Item = Result<Entry, DuplicateIndexError>>,
    ) -> Result<Self, DuplicateIndexError> {
        let write_error = |source| DuplicateIndexError::Write {
            dir: dir.to_path_buf(),
            source,
        };
        let file = temporary_file(dir).map_err(write_error)?;
        let mut out = BufWriter::with_capacity(IO_BUFFER, file);
        let mut len = 0;
        for entry in entries {
            out.write_all(&entry?.to_bytes()).map_err(write_error)?;
            len += 1;
        }
        let file = out.into_inner().map_err(|e| write_error(e.into_error()))?;
        Ok(Self { file, len })
    }

    /// The runs' entries, in one run: the two hold no digest in common.
    fn merge(dir: &Path, older: &Run, newer: &Run) -> Result<Self, DuplicateIndexError> {
        let read_error = |source| DuplicateIndexError::Read {
            dir: dir.to_path_buf(),
            source,
        };
        let mut a = older.entries().map_err(read_error)?;
        let mut b = newer.entries().map_err(read_error)?;
        let mut next_a = a.next().transpose().map_err(read_error)?;
        let mut next_b = b.next().transpose().map_err(read_error)?;
        let merged = std::iter::from_fn(|| {
            let take_a = match (&next_a, &next_b) {
                (None, None) => return None,
                (Some(x), Some(y)) => x.digest < y.digest,
                (Some(_), None) => true,
                (None, Some(_)) => false,
            };
            let (taken, source) = if take_a {
                (next_a.take(), &mut a)
            } else {
                (next_b.take(), &mut b)
            };
            let refill = match source.next().transpose() {
                Ok(next) => next,
                Err(e) => return Some(Err(read_error(e))),
            };
            if take_a {
                next_a = refill;
            } else {
                next_b = refill;
            }
            taken.map(Ok)
        });
        Self::collect(dir, merged)
    }

    /// Every entry, in order, read from the start of the file.
    fn entries(&self) -> io::Result<impl Iterator<Item = io::Result<Entry>> + '_> {
        let mut file = &self.file;
        file.seek(SeekFrom::Start(0))?;
        let mut reader = BufReader::with_capacity(IO_BUFFER, file);
        let mut bytes = [0; ENTRY];
        Ok((0..self.len).map(move |_| {
            reader.read_exact(&mut bytes)?;
            Ok(Entry::from_bytes(&bytes))
        }))
    }

    /// The line recorded with `digest`, if it is here: a binary search, one entry per read
    /// until what is left fits in [`BLOCK`] entries, read at once.
    fn find(&self, digest: &[u8; 16]) -> io::Result<Option<u64>> {
        let (mut low, mut high) = (0, self.len);
        let mut bytes = [0; ENTRY * BLOCK];
        while high - low > BLOCK as u64 {
            let middle = low + (high - low) / 2;
            read_at(&self.file, &mut bytes[..ENTRY], middle * ENTRY as u64)?;
            let entry = Entry::from_bytes(&bytes);
            match entry.digest.cmp(digest) {
                std::cmp::Ordering::Less => low = middle + 1,
                std::cmp::Ordering::Greater => high = middle,
                std::cmp::Ordering::Equal => return Ok(Some(entry.line)),
            }
        }
        // At most BLOCK entries are left.
        #[allow(clippy::cast_possible_truncation)]
        let left = &mut bytes[..(high - low) as usize * ENTRY];
        read_at(&self.file, left, low * ENTRY as u64)?;
        Ok(left
            .chunks_exact(ENTRY)
            .find(|bytes| bytes[..16] == digest[..])
            .map(|bytes| Entry::from_bytes(bytes).line))
    }
}

#[cfg(unix)]
fn read_at(file: &File, buffer: &mut [u8], offset: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buffer, offset)
}

#[cfg(not(unix))]
fn read_at(mut file: &File, buffer: &mut [u8], offset: u64) -> io::Result<()> {
    file.seek(SeekFrom::Start(offset))?;
    file.read_exact(buffer)
}

/// A new file in `dir`, already deleted: it lives while it is open, and is gone with the
/// process however it ends.
fn temporary_file(dir: &Path) -> io::Result<File> {
    let mut attempts = 0;
    loop {
        let path = dir.join(format!(
            ".missive-duplicates-{}-{:016x}",
            std::process::id(),
            fastrand::u64(..)
        ));
        match OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(file) => {
                fs::remove_file(&path)?;
                return Ok(file);
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && attempts < 8 => attempts += 1,
            Err(e) => return Err(e),
        }
    }
}

#[cfg(test)]
mod tests;
