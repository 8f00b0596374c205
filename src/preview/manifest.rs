//! `manifest.json`: what was reviewed, message by message, so a later send can prove it sends
//! the same plan (see [`super::Review`]).
//!
//! One message per line, so two manifests compare with `diff` and a big one is written as it
//! goes, never held whole.

use std::io::{self, BufRead, BufWriter, Write};
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::compose::{Outgoing, hex};
use crate::pipeline::Pipeline;

pub(super) const FILE: &str = "manifest.json";
/// Version 2 added the template's and attachments' own hashes and the message numbers;
/// version 3 hashes a message's attached files as their own SHA-256 (`Outgoing::fingerprint`).
pub(super) const FORMAT: u32 = 3;

/// Everything but the messages.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub(crate) struct ManifestHead {
    pub format: u32,
    /// The version of missive that wrote it.
    pub missive: String,
    pub campaign: String,
    /// The campaign's revision (template and attachments), as the journal knows it.
    pub revision: String,
    #[serde(flatten)]
    pub files: CampaignFiles,
    /// How the `.eml` files were chosen.
    pub eml: EmlSample,
}

/// The whole manifest, as read back.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub(crate) struct Manifest {
    #[serde(flatten)]
    pub head: ManifestHead,
    pub messages: Vec<ManifestEntry>,
}

/// The files every message is made from, each with its own hash, so a change is named.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub(crate) struct CampaignFiles {
    pub template: FileHash,
    /// Files attached to every message (`attachments` of campaign.toml, `-a`).
    pub attachments: Vec<FileHash>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub(crate) struct FileHash {
    pub name: String,
    pub sha256: String,
}

impl CampaignFiles {
    pub(crate) fn of(pipeline: &Pipeline) -> Self {
        let file = pipeline.template.file();
        Self {
            template: FileHash {
                name: file.path.display().to_string(),
                sha256: super::TemplateCopy::of(file).sha256(),
            },
            attachments: pipeline
                .composer
                .global_files()
                .iter()
                .map(|f| FileHash {
                    name: f.file_name.clone(),
                    sha256: hex(f.sha256()),
                })
                .collect(),
        }
    }
}

/// Which messages got their `.eml`: all of them up to [`EmlSample::ALL_UP_TO`] rows; beyond,
/// the first [`EmlSample::FIRST`] then one every `every`, about [`EmlSample::SPREAD`] more.
/// When the `.eml` files of messages that carry big files would pass [`EmlSample::BUDGET`],
/// only the first [`EmlSample::FEW`] get theirs (`every` is then 0): every message is kept
/// all the same, without those files, in its source (see `preview::source`), and
/// `preview --only N` writes any `.eml` from it.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
pub(crate) struct EmlSample {
    pub first: usize,
    pub every: usize,
}

impl EmlSample {
    pub(crate) const ALL_UP_TO: usize = 1_000;
    pub(crate) const FIRST: usize = 200;
    pub(crate) const SPREAD: usize = 300;
    /// The `.eml` files of a preview, in bytes, when every message has its own: a head's
    /// dozens of messages with the infographic (about 250 kB each) still all have theirs.
    pub(crate) const BUDGET: u64 = 4 * 1024 * 1024;
    /// The `.eml` files beyond the budget: enough to open a few in a mail client, few enough
    /// that the folder can be mailed to a reviewer (mail servers often refuse 10 MB).
    pub(crate) const FEW: usize = 5;

    /// The sample for a list of `rows` rows whose messages each carry `shared` bytes of
    /// files (encoded) besides their text.
    pub(crate) fn for_rows(rows: usize, shared: u64) -> Self {
        let fit = usize::try_from(Self::BUDGET / shared.max(1)).unwrap_or(usize::MAX);
        if shared > 0 && rows > fit {
            return Self {
                first: fit.clamp(1, Self::FEW),
                every: 0,
            };
        }
        if rows <= Self::ALL_UP_TO {
            return Self {
                first: rows,
                every: 1,
            };
        }
        Self {
            first: Self::FIRST,
            every: (rows - Self::FIRST).div_ceil(Self::SPREAD),
        }
    }

    /// Whether message `number` (from 1) gets its `.eml`.
    pub(crate) fn keeps(self, number: usize) -> bool {
        number <= self.first || (self.every > 0 && (number - self.first).is_multiple_of(self.every))
    }

    /// The rule in a sentence, for the gallery.
    pub(crate) fn describe(self) -> String {
        match self.every {
            0 => t!("gallery-eml-first", first = self.first),
            1 => t!("gallery-eml-all"),
            every => t!("gallery-eml-sample", first = self.first, every = every),
        }
    }
}

/// One message of the plan: what identifies it and what a change is described by.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub(crate) struct PlanEntry {
    /// `FILE:LINE` of the recipient's row.
    pub row: String,
    /// The normalised envelope recipients.
    pub key: String,
    pub to: String,
    pub subject: String,
    pub attachments: Vec<(String, u64)>,
    /// SHA-256 of the message without its Date header.
    pub sha256: String,
}

impl PlanEntry {
    pub(crate) fn of(message: &Outgoing) -> Self {
        Self {
            row: message.at.to_string(),
            key: message.key.clone(),
            to: message.to.clone(),
            subject: message.subject.clone(),
            attachments: message.attachments.clone(),
            sha256: message.fingerprint(),
        }
    }
}

/// One message of the preview.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub(crate) struct ManifestEntry {
    /// Its number in the gallery, from 1.
    pub number: usize,
    #[serde(flatten)]
    pub plan: PlanEntry,
    pub message_id: String,
    pub size: u64,
    /// The message's page, relative to the preview folder.
    pub page: String,
    /// The `.eml` file, relative to the preview folder, when it was written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// The message without the files `files/` holds (see `preview::source`), relative to
    /// the preview folder; absent from a preview of an earlier missive.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Each of its files by name, and where `files/` keeps it (relative to the preview
    /// folder); empty in a preview of an earlier missive.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stored: Vec<(String, String)>,
}

/// Writes the messages as they come into a side file; [`ManifestWriter::finish`] puts the
/// head first.
pub(super) struct ManifestWriter {
    lines: BufWriter<std::fs::File>,
    path: std::path::PathBuf,
    count: usize,
}

impl ManifestWriter {
    pub(super) fn create(dir: &Path) -> io::Result<Self> {
        let path = dir.join(format!("{FILE}.messages"));
        Ok(Self {
            lines: BufWriter::new(std::fs::File::create(&path)?),
            path,
            count: 0,
        })
    }

    pub(super) fn add(&mut self, entry: &ManifestEntry) -> io::Result<()> {
        serde_json::to_writer(&mut self.lines, entry).map_err(io::Error::other)?;
        self.lines.write_all(b"\n")?;
        self.count += 1;
        Ok(())
    }

    /// Writes `manifest.json` in `dir`: the head, then one message per line.
    pub(super) fn finish(mut self, dir: &Path, head: &ManifestHead) -> io::Result<()> {
        self.lines.flush()?;
        drop(self.lines);
        let head = serde_json::to_string(head).map_err(io::Error::other)?;
        let mut out = BufWriter::new(std::fs::File::create(dir.join(FILE))?);
        let open = head
            .strip_suffix('}')
            .ok_or_else(|| io::Error::other("the manifest's head is not a JSON object"))?;
        out.write_all(open.as_bytes())?;
        out.write_all(b",\"messages\":[")?;
        let lines = io::BufReader::new(std::fs::File::open(&self.path)?);
        for (index, line) in lines.lines().enumerate() {
            out.write_all(if index == 0 { b"\n" } else { b",\n" })?;
            out.write_all(line?.as_bytes())?;
        }
        out.write_all(b"\n]}\n")?;
        out.flush()?;
        std::fs::remove_file(&self.path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_has_its_eml_in_a_small_run_and_a_sample_in_a_big_one() {
        let small = EmlSample::for_rows(1_000, 0);
        assert!((1..=1_000).all(|n| small.keeps(n)));
        let big = EmlSample::for_rows(100_000, 0);
        let kept = (1..=100_000).filter(|&n| big.keeps(n)).count();
        assert!(big.keeps(200) && !big.keeps(201));
        assert!((450..=550).contains(&kept), "{kept}");
    }

    #[test]
    fn messages_with_a_big_file_get_their_eml_within_the_budget() {
        // The sample's infographic, 177,507 bytes, is 240,500 bytes once encoded.
        let infographic = 240_500;
        let twelve = EmlSample::for_rows(12, infographic);
        assert!((1..=12).all(|n| twelve.keeps(n)), "{twelve:?}");
        let heads = EmlSample::for_rows(200, infographic);
        let kept = (1..=200).filter(|&n| heads.keeps(n)).count();
        assert_eq!(kept, EmlSample::FEW, "{heads:?}");
        assert!(heads.keeps(5) && !heads.keeps(6) && !heads.keeps(200));
        let huge = EmlSample::for_rows(100_000, 20 * 1024 * 1024);
        assert_eq!((1..=100_000).filter(|&n| huge.keeps(n)).count(), 1);
    }

    #[test]
    fn the_manifest_reads_back_as_written() {
        let dir = tempfile::tempdir().expect("temp dir");
        let head = ManifestHead {
            format: FORMAT,
            missive: "0.1.0".into(),
            campaign: "c".into(),
            revision: "r".into(),
            files: CampaignFiles::default(),
            eml: EmlSample::for_rows(2, 0),
        };
        let entry = ManifestEntry {
            number: 1,
            plan: PlanEntry {
                row: "l.csv:2".into(),
                key: "a@b.fr".into(),
                to: "A <a@b.fr>".into(),
                subject: "Objet".into(),
                attachments: vec![("x.png".into(), 3)],
                sha256: "00".into(),
            },
            message_id: "<m@b.fr>".into(),
            size: 10,
            page: "messages/00001.html".into(),
            file: None,
            source: Some("messages/00001.mime".into()),
            stored: vec![("x.png".into(), "files/00-x.png".into())],
        };
        let mut writer = ManifestWriter::create(dir.path()).expect("create");
        writer.add(&entry).expect("add");
        writer.add(&entry).expect("add");
        writer.finish(dir.path(), &head).expect("finish");
        let text = std::fs::read_to_string(dir.path().join(FILE)).expect("read");
        let manifest: Manifest = serde_json::from_str(&text).expect("json");
        assert_eq!(manifest.head, head);
        assert_eq!(manifest.messages, [entry.clone(), entry]);
        assert_eq!(text.lines().count(), 4, "one message per line: {text}");
    }
}
