//! The index against a plain `HashMap`, with budgets tiny enough to spill and merge often,
//! and filters tiny enough to say "maybe" to almost anything.

use std::collections::HashMap;

use proptest::prelude::*;

use super::{DuplicateIndex, DuplicateIndexError};

/// A uniform digest, as the pipeline makes them.
fn digest(key: u32) -> [u8; 16] {
    use sha2::{Digest, Sha256};
    let hash = Sha256::digest(key.to_le_bytes());
    let mut digest = [0; 16];
    digest.copy_from_slice(&hash[..16]);
    digest
}

/// A digest far from uniform (its first half is zero): the index must stay exact, only slower.
fn skewed(key: u32) -> [u8; 16] {
    let mut digest = [0; 16];
    digest[12..].copy_from_slice(&key.to_be_bytes());
    digest
}

/// Inserts every key at its position (the line) into the index and into a `HashMap`, and
/// checks that both give the same answer each time; checks the index's bounds on the way.
fn agrees(keys: &[u32], make: fn(u32) -> [u8; 16], budget: usize, bloom_bits: usize) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut index = DuplicateIndex::with_limits(dir.path().to_path_buf(), budget, bloom_bits);
    let mut expected: HashMap<[u8; 16], u64> = HashMap::new();
    for (line, &key) in (1..).zip(keys) {
        let digest = make(key);
        let first = index.insert_or_first(digest, line).expect("index");
        assert_eq!(
            first,
            expected.get(&digest).copied(),
            "key {key} at line {line}"
        );
        expected.entry(digest).or_insert(line);
        assert!(index.recent.entries.len() < budget.max(1));
        let spilled = expected.len() / budget.max(1);
        assert!(index.runs.len() <= spilled.max(1).ilog2() as usize + 1);
    }
    let on_disk: u64 = index.runs.iter().map(|run| run.len).sum();
    assert_eq!(
        on_disk + index.recent.entries.len() as u64,
        expected.len() as u64
    );
    // The runs are deleted as soon as they are created.
    let left: Vec<_> = std::fs::read_dir(dir.path()).expect("list").collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn matches_a_hash_map_across_spills_and_merges() {
    let mut random = fastrand::Rng::with_seed(7);
    for (budget, bloom_bits) in [(1, 64), (2, 64), (3, 1 << 12), (7, 64), (64, 1 << 16)] {
        for pool in [5, 50, 5_000] {
            let keys: Vec<u32> = (0..3_000).map(|_| random.u32(0..pool)).collect();
            agrees(&keys, digest, budget, bloom_bits);
            agrees(&keys, skewed, budget, bloom_bits);
        }
    }
}

#[test]
fn finds_the_first_line_in_large_runs() {
    // Runs longer than a block, so the binary search reads entries one by one first.
    let mut keys: Vec<u32> = (0..20_000).collect();
    keys.extend((0..20_000).rev().step_by(3));
    keys.extend(20_000..21_000);
    keys.extend((0..21_000).step_by(7));
    agrees(&keys, digest, 1_000, 1 << 10);
    agrees(&keys, skewed, 4_096, 1 << 20);
}

#[test]
fn an_unwritable_folder_is_an_error_that_names_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let missing = dir.path().join("gone");
    let mut index = DuplicateIndex::with_limits(missing.clone(), 2, 64);
    assert_eq!(
        index.insert_or_first(digest(1), 2).expect("in memory"),
        None
    );
    let error = index
        .insert_or_first(digest(2), 3)
        .expect_err("the first run cannot be written");
    assert!(
        matches!(error, DuplicateIndexError::Write { .. }),
        "{error:?}"
    );
    let message = error.to_string();
    assert!(
        message.contains(&missing.display().to_string()),
        "{message}"
    );
    assert!(message.contains("TMPDIR"), "{message}");
}

proptest! {
    #[test]
    fn agrees_with_a_hash_map(
        keys in proptest::collection::vec(0u32..200, 0..600),
        budget in 1usize..40,
        bloom_bits in prop_oneof![Just(64usize), Just(1 << 14)],
    ) {
        agrees(&keys, digest, budget, bloom_bits);
        agrees(&keys, skewed, budget, bloom_bits);
    }
}
