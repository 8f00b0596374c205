//! The dry-run a reviewer reads, and the lock that binds the send to it.
//!
//! A preview folder holds:
//! - `index.html`, the list of every message (see [`gallery`]), with `assets/`;
//! - `messages/NNNNN.html`, one page per message (see [`page`]);
//! - `messages/NNNNN.mime`, every message as it would be sent but for the files `files/`
//!   holds (see [`source`]): the folder grows by each message's text only;
//! - `messages/NNNNN.eml`, the message itself, to open in a mail client: for every message
//!   up to [`EmlSample::ALL_UP_TO`] rows and a sample beyond, fewer when each carries a big
//!   file ([`EmlSample::BUDGET`]); `missive preview --only N` writes any other;
//! - `files/`, each distinct attached file once;
//! - `manifest.json`, the plan's fingerprint, which `send --reviewed` checks ([`Review`]);
//! - `template.json`, the template as reviewed, so a refused send names its changed lines;
//! - `approval.json`, once a reviewer approved that plan (`missive approve`, [`Approval`]).
//!
//! It is written in a side folder and moved into place only when complete, so a reviewer
//! never opens half a preview.

mod approval;
mod error;
mod files;
mod gallery;
pub(crate) mod html;
mod known;
#[cfg(test)]
mod language_tests;
mod manifest;
mod message_view;
mod page;
mod review;
mod source;
mod warnings;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::compose::{EncodedFile, Outgoing};
use crate::error::RunError;
use crate::pipeline::Problem;
pub(crate) use approval::{Approval, ApprovalError, refuse_if_approved};
pub(crate) use error::PreviewError;
pub(crate) use html::NextSteps;
pub(crate) use manifest::{CampaignFiles, EmlSample, ManifestEntry, ManifestHead, PlanEntry};
pub(crate) use review::{Review, ReviewError, ReviewLock, ReviewMismatch, TemplateCopy};
pub(crate) use warnings::EmptyFields;

use gallery::{Gallery, GalleryRow};
use manifest::ManifestWriter;
use message_view::MessageView;

const MESSAGES: &str = "messages";

/// An image the HTML part shows: its Content-ID, and its file in the preview.
type InlineImage = (String, String);

/// What a preview knows before its first message.
pub(crate) struct PreviewSetup {
    pub campaign_id: String,
    /// The list's row count, which decides the `.eml` sample.
    pub rows: usize,
    pub next: NextSteps,
    /// The files attached to every message, written once before the first message.
    pub campaign_files: Vec<Arc<EncodedFile>>,
}

/// What the index says once every message is written.
pub(crate) struct PreviewEnd {
    pub revision: String,
    pub files: CampaignFiles,
    /// The recipient list, as the user named it.
    pub list: String,
    /// `--where`: the preview holds only the rows it kept.
    pub filter: Option<crate::filter::FilterSummary>,
    /// The template as previewed.
    pub template: TemplateCopy,
}

/// Writes a preview folder message by message; memory stays flat but for one key per
/// recipient (to flag the same recipients twice).
pub(crate) struct PreviewWriter {
    out: PathBuf,
    partial: PathBuf,
    campaign_id: String,
    gallery: Gallery,
    files: files::FileStore,
    known: known::KnownFiles,
    manifest: ManifestWriter,
    eml: EmlSample,
    next: NextSteps,
    count: usize,
    /// The page of the last message, written once it is known whether another follows.
    pending: Option<(PathBuf, String)>,
    /// A digest of each recipient key, with its row's line.
    first_line: HashMap<[u8; 16], u64>,
}

impl PreviewWriter {
    /// Starts a preview in `out`. An earlier preview there is replaced at the end; any other
    /// non-empty folder is refused, so nothing of the user's is deleted.
    pub(crate) fn create(out: &Path, setup: PreviewSetup) -> Result<Self, RunError> {
        if out.exists() {
            let is_preview = out.join(manifest::FILE).is_file();
            let is_empty = std::fs::read_dir(out).map_err(io(out))?.next().is_none();
            if !is_preview && !is_empty {
                return Err(PreviewError::NotAPreview {
                    out: out.to_path_buf(),
                }
                .into());
            }
        }
        let partial = partial_path(out);
        if partial.exists() {
            std::fs::remove_dir_all(&partial).map_err(io(&partial))?;
        }
        std::fs::create_dir_all(partial.join(MESSAGES)).map_err(io(&partial))?;
        let mut files = files::FileStore::new(&partial).map_err(io(&partial))?;
        let known = known::KnownFiles::new(&setup.campaign_files, |name, bytes| {
            files.store(name, bytes)
        })
        .map_err(io(&partial))?;
        Ok(Self {
            out: out.to_path_buf(),
            gallery: Gallery::start(&partial).map_err(io(&partial))?,
            files,
            known,
            manifest: ManifestWriter::create(&partial).map_err(io(&partial))?,
            partial,
            campaign_id: setup.campaign_id,
            eml: EmlSample::for_rows(setup.rows, known::swapped_size(&setup.campaign_files)),
            next: setup.next,
            count: 0,
            pending: None,
            first_line: HashMap::new(),
        })
    }

    /// Adds one message; `empty_fields` are the columns its template uses that its row leaves
    /// empty.
    pub(crate) fn add(
        &mut self,
        message: &Outgoing,
        empty_fields: &[String],
        findings: &[crate::lint::Finding],
    ) -> Result<(), RunError> {
        self.count += 1;
        let number = self.count;
        let files = &mut self.files;
        let swapped = self
            .known
            .swap(&message.bytes, |name, bytes| files.store(name, bytes))
            .map_err(io(&self.partial.join(files::DIR)))?;
        let view = MessageView::parse(&swapped).ok_or_else(|| PreviewError::Unreadable {
            at: message.at.clone(),
        })?;
        let (shown, images) = self.shown_files(&view)?;
        let size = message.bytes.len() as u64;
        let labels = self.warnings(message, empty_fields, findings);
        let eml = self.eml.keeps(number);
        let eml_name = format!("{MESSAGES}/{number:05}.eml");
        if eml {
            let path = self.partial.join(&eml_name);
            std::fs::write(&path, message.bytes.contiguous()).map_err(io(&path))?;
        }
        let source_name = source::name(number);
        let path = self.partial.join(&source_name);
        std::fs::write(&path, self.known.source(&message.bytes)).map_err(io(&path))?;
        let envelope: Vec<String> = message
            .envelope
            .to()
            .iter()
            .map(ToString::to_string)
            .collect();
        let row = message.at.to_string();
        let html = page::render(&page::Page {
            number,
            row: &row,
            subject: &message.subject,
            size,
            warnings: &labels,
            view: &view,
            envelope: &envelope,
            files: &shown,
            images: &images,
            eml,
            next: &self.next,
        });
        self.flush_pending(true)?;
        let page_name = format!("{MESSAGES}/{number:05}.html");
        self.pending = Some((self.partial.join(&page_name), html));
        let (name, address) = names(&view.to, &message.to);
        self.gallery
            .row(GalleryRow {
                number: Some(number),
                line: message.at.line,
                name,
                address,
                subject: message.subject.clone(),
                attachments: message.attachments.clone(),
                size,
                warnings: labels,
                eml,
            })
            .map_err(io(&self.partial))?;
        self.manifest
            .add(&ManifestEntry {
                number,
                plan: PlanEntry::of(message),
                message_id: message.message_id.clone(),
                size,
                page: page_name,
                file: eml.then_some(eml_name),
                source: Some(source_name),
                stored: shown
                    .iter()
                    .map(|file| (file.name.clone(), file.path.clone()))
                    .collect(),
            })
            .map_err(io(&self.partial))
    }

    /// Adds a row that sends nothing: a duplicate, or a row left out by `--skip-invalid`.
    pub(crate) fn add_problem(&mut self, problem: &Problem) -> Result<(), RunError> {
        let (warning, address) = match problem {
            Problem::Duplicate { first, key, .. } => (
                warnings::Warning::Duplicate {
                    first_line: first.line,
                    sent: false,
                },
                key.clone(),
            ),
            Problem::Suppressed { left_out, .. } => {
                let addresses: Vec<String> = left_out.iter().map(|(a, _)| a.clone()).collect();
                let address = addresses.join(", ");
                (warnings::Warning::Suppressed(addresses), address)
            }
            other => (warnings::Warning::Skipped(other.to_string()), String::new()),
        };
        self.gallery
            .row(GalleryRow {
                line: problem.row().map_or(0, |row| row.line),
                address,
                warnings: vec![warning.label()],
                ..GalleryRow::default()
            })
            .map_err(io(&self.partial))
    }

    /// Completes the preview and moves it into place; returns the index page's path.
    pub(crate) fn finish(mut self, end: &PreviewEnd) -> Result<PathBuf, RunError> {
        self.flush_pending(false)?;
        let generated =
            crate::i18n::date_time(chrono::Local::now().naive_local(), crate::i18n::lang());
        let info = gallery::IndexInfo {
            campaign: &self.campaign_id,
            list: &end.list,
            filter: end.filter.as_ref(),
            revision: &end.revision,
            generated: &generated,
            eml_rule: &self.eml.describe(),
            files: self.files.count(),
            next: &self.next,
        };
        self.gallery
            .finish(&self.partial, &info)
            .map_err(io(&self.partial))?;
        let head = ManifestHead {
            format: manifest::FORMAT,
            missive: env!("CARGO_PKG_VERSION").into(),
            campaign: self.campaign_id.clone(),
            revision: end.revision.clone(),
            files: end.files.clone(),
            eml: self.eml,
        };
        self.manifest
            .finish(&self.partial, &head)
            .map_err(io(&self.partial))?;
        end.template
            .write(&self.partial)
            .map_err(io(&self.partial))?;
        if self.out.exists() {
            std::fs::remove_dir_all(&self.out).map_err(io(&self.out))?;
        }
        std::fs::rename(&self.partial, &self.out).map_err(io(&self.out))?;
        Ok(self.out.join(gallery::FILE))
    }

    /// Abandons the preview (a row was broken): nothing half-written is left.
    pub(crate) fn abandon(self) {
        let _ = std::fs::remove_dir_all(&self.partial);
    }

    /// The message's files, each written once in `files/`, and the images its HTML shows by
    /// Content-ID with the file standing for each.
    fn shown_files(
        &mut self,
        view: &MessageView<'_>,
    ) -> Result<(Vec<page::ShownFile>, Vec<InlineImage>), RunError> {
        let mut shown = Vec::with_capacity(view.files.len());
        let mut images = Vec::new();
        for file in &view.files {
            let (path, size) = match self.known.recognise(&file.bytes) {
                Some(known) => (known.path.clone(), known.size),
                None => (
                    self.files
                        .store(&file.name, &file.bytes)
                        .map_err(io(&self.partial.join(files::DIR)))?,
                    file.bytes.len() as u64,
                ),
            };
            let inline = file.content_id.as_ref().is_some_and(|id| {
                view.html
                    .as_ref()
                    .is_some_and(|html| html.contains(&format!("cid:{id}")))
            });
            if let (true, Some(id)) = (inline, &file.content_id) {
                images.push((id.clone(), path.clone()));
            }
            shown.push(page::ShownFile {
                name: file.name.clone(),
                content_type: file.content_type.clone(),
                size,
                path,
                inline,
            });
        }
        Ok((shown, images))
    }

    /// What the reviewer should look at in this message, in words.
    fn warnings(
        &mut self,
        message: &Outgoing,
        empty_fields: &[String],
        findings: &[crate::lint::Finding],
    ) -> Vec<String> {
        let size = message.bytes.len() as u64;
        let mut warnings = warnings::of_message(size, empty_fields, findings);
        if !message.suppressed.is_empty() {
            warnings.push(warnings::Warning::Suppressed(
                message.suppressed.iter().map(|(a, _)| a.clone()).collect(),
            ));
        }
        let digest = key_digest(&message.key);
        if let Some(first) = self.first_line.get(&digest) {
            warnings.push(warnings::Warning::Duplicate {
                first_line: *first,
                sent: true,
            });
        } else {
            self.first_line.insert(digest, message.at.line);
        }
        warnings.iter().map(warnings::Warning::label).collect()
    }

    fn flush_pending(&mut self, has_next: bool) -> Result<(), RunError> {
        if let Some((path, html)) = self.pending.take() {
            let number = self.count - usize::from(has_next);
            let html = html.replace(page::NAVIGATION, &page::navigation(number, has_next));
            std::fs::write(&path, html).map_err(io(&path))?;
        }
        Ok(())
    }
}

/// Writes one reviewed message's `.eml` into its preview, after checking it is the very
/// message reviewed; returns the file's path.
pub(crate) fn write_eml(
    review: &Review,
    number: usize,
    message: &Outgoing,
) -> Result<PathBuf, RunError> {
    let entry = review
        .message(number)
        .ok_or_else(|| PreviewError::NoSuchMessage {
            dir: review.dir().to_path_buf(),
            number,
            count: review.manifest().messages.len(),
        })?;
    if message.fingerprint() != entry.plan.sha256 {
        return Err(PreviewError::NoLongerReviewed {
            number,
            to: entry.plan.to.clone(),
            dir: review.dir().to_path_buf(),
        }
        .into());
    }
    let path = review.dir().join(format!("{MESSAGES}/{number:05}.eml"));
    std::fs::write(&path, message.bytes.contiguous()).map_err(io(&path))?;
    Ok(path)
}

/// Writes one reviewed message's `.eml` from its preview alone: its source with its files put
/// back, checked to be the message reviewed (its fingerprint the manifest's). `None` when the
/// preview cannot give it (written by an earlier missive, or a file of it changed since).
pub(crate) fn write_eml_from_source(
    review: &Review,
    number: usize,
) -> Result<Option<PathBuf>, RunError> {
    let Some(entry) = review.message(number).filter(|e| e.source.is_some()) else {
        return Ok(None);
    };
    let Ok(bytes) = std::fs::read(review.dir().join(source::name(number))) else {
        return Ok(None);
    };
    let Some(message) = source::rebuild_checked(review.dir(), &bytes, &entry.plan.sha256) else {
        return Ok(None);
    };
    let path = review.dir().join(format!("{MESSAGES}/{number:05}.eml"));
    std::fs::write(&path, message.contiguous()).map_err(io(&path))?;
    Ok(Some(path))
}

/// The recipients' names and addresses, as read back from the message; the To header as
/// composed when it has none.
fn names(to: &[(String, String)], fallback: &str) -> (String, String) {
    if to.is_empty() {
        return (String::new(), fallback.to_string());
    }
    let join = |pick: fn(&(String, String)) -> &str| {
        to.iter()
            .map(pick)
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(", ")
    };
    (join(|(name, _)| name), join(|(_, address)| address))
}

/// A recipient key in 16 bytes: 100,000 keys as strings would take ten times more.
fn key_digest(key: &str) -> [u8; 16] {
    use sha2::{Digest, Sha256};
    let mut digest = [0; 16];
    digest.copy_from_slice(&Sha256::digest(key.as_bytes())[..16]);
    digest
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> RunError + use<> {
    let path = path.to_path_buf();
    move |source| RunError::Io { path, source }
}

fn partial_path(out: &Path) -> PathBuf {
    let mut name = out
        .file_name()
        .map_or_else(|| "preview".into(), std::ffi::OsStr::to_os_string);
    name.push(".partial");
    out.with_file_name(name)
}
