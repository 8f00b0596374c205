//! `--shard I/N`: a deterministic split of the recipient list, so that N machines each send
//! their share of one campaign with their own journal.
//!
//! A message belongs to shard `1 + (h mod N)`, where `h` is the first 8 bytes (big-endian)
//! of the SHA-256 of its recipient key ([`crate::compose::Outgoing::key`], the normalised
//! envelope). The key, not the row, decides: a list sorted or edited between runs sends each
//! recipient from the same machine, and duplicates of one recipient fall into one shard.
//! Rows of other shards are left out before anything sees them: they are neither sent nor
//! recorded in this shard's journal.

use std::fmt;
use std::str::FromStr;

use sha2::{Digest, Sha256};

/// One share of the list: shard `index` of `count`, numbered from 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    index: u64,
    count: u64,
}

impl Shard {
    /// Shard `index` of `count`; `None` unless `1 <= index <= count`.
    pub fn new(index: u64, count: u64) -> Option<Self> {
        (1..=count)
            .contains(&index)
            .then_some(Self { index, count })
    }

    /// The shard number, from 1.
    pub fn index(self) -> u64 {
        self.index
    }

    /// How many shards the list is split into.
    pub fn count(self) -> u64 {
        self.count
    }

    /// The shard (from 1) a recipient key belongs to, when the list is split in `count`.
    pub fn of_key(key: &str, count: u64) -> u64 {
        let hash = Sha256::digest(key.as_bytes());
        let mut head = [0; 8];
        head.copy_from_slice(&hash[..8]);
        u64::from_be_bytes(head) % count.max(1) + 1
    }

    /// Whether the message for `key` is this shard's to send.
    pub fn holds(self, key: &str) -> bool {
        Self::of_key(key, self.count) == self.index
    }

    /// The journal's file name for this shard (`journal-shard-2-of-3.sqlite`), so that
    /// shards run from one folder never share a journal.
    pub fn journal_file_name(self) -> String {
        format!("journal-shard-{}-of-{}.sqlite", self.index, self.count)
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

/// A `--shard` value that is not `I/N`; said when shown (`locales/*/config.ftl`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", t!("config-shard-invalid", text = .0.as_str()))]
pub struct ShardError(String);

impl FromStr for Shard {
    type Err = ShardError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let refused = || ShardError(text.to_owned());
        let (index, count) = text.split_once('/').ok_or_else(refused)?;
        let number = |part: &str| part.trim().parse::<u64>().ok();
        match (number(index), number(count)) {
            (Some(index), Some(count)) => Shard::new(index, count).ok_or_else(refused),
            _ => Err(refused()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_i_of_n_and_refuses_the_rest() {
        assert_eq!("2/3".parse(), Ok(Shard { index: 2, count: 3 }));
        assert_eq!("1/1".parse(), Ok(Shard { index: 1, count: 1 }));
        for bad in ["0/3", "4/3", "3", "a/b", "1/0", "", "/"] {
            let error = bad.parse::<Shard>().expect_err(bad);
            assert!(error.to_string().contains("--shard 2/3"), "{error}");
        }
    }

    #[test]
    fn every_key_is_in_exactly_one_shard_and_the_split_is_even() {
        let count = 3;
        let shards: Vec<Shard> = (1..=count)
            .map(|i| Shard::new(i, count).expect("a shard"))
            .collect();
        let mut sizes = [0usize; 3];
        for n in 0..3000 {
            let key = format!("ce.{n:07}@ac-lille.example");
            let holders: Vec<&Shard> = shards.iter().filter(|s| s.holds(&key)).collect();
            assert_eq!(holders.len(), 1, "{key}");
            sizes[usize::try_from(holders[0].index - 1).expect("small")] += 1;
        }
        assert!(
            sizes.iter().all(|&size| (900..=1100).contains(&size)),
            "{sizes:?}"
        );
    }

    #[test]
    fn the_split_is_pinned() {
        // Machines running different versions must agree: the hash and its use are fixed.
        assert_eq!(Shard::of_key("ce.0000001@ac-lille.example", 1), 1);
        let pinned: Vec<u64> = (0..8)
            .map(|n| Shard::of_key(&format!("ce.{n:07}@ac-lille.example"), 4))
            .collect();
        // Computed independently: `sha256(key)[..8]` big-endian, modulo 4, plus 1.
        assert_eq!(pinned, [2, 3, 4, 3, 3, 4, 4, 1]);
    }

    #[test]
    fn a_bad_shard_is_said_in_french() {
        use crate::i18n::{Lang, in_lang};
        let error = "4/3".parse::<Shard>().expect_err("beyond");
        assert_eq!(
            in_lang(Lang::Fr, || error.to_string()),
            "«\u{a0}4/3\u{a0}» n'est pas une part\u{a0}: écrivez la part sous la forme I/N, par \
             exemple `--shard 2/3` pour la deuxième de trois machines (I de 1 à N)"
        );
    }
}
