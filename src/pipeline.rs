//! The one pass every command makes over the rows: load → filter → render → compose, then
//! each item to a [`Sink`]. `check`, `preview`, `send` (its first pass, and its second when
//! the messages were not kept) and the test send differ only in their sink, so a new
//! destination is a new sink, never a new loop (as ripgrep's searcher hands every match to
//! a printer).
//!
//! ```text
//! rows ──► --where ──► render ──► compose ──► --shard, duplicates ──► Sink::take
//!          (calling      (every core, in the list's order)             (calling thread)
//!           thread's reader)
//! ```

mod composed;
mod duplicates;
mod problem;
mod survey;

use std::sync::Arc;
use std::time::SystemTime;

use lettre::Address;

use crate::compose::{ComposeError, ComposeSettings, Composer, Outgoing};
use crate::config::Campaign;
use crate::filter::RowFilter;
use crate::lint::{self, Finding, SubjectLead};
use crate::recipients::{self, Recipient, RecipientError, RecipientReader, RowRef};
use crate::render::{BodyKind, EmptyFields, RenderedBody, Template, TemplateFile};
use crate::suppression::SuppressionList;

pub(crate) use crate::error::RunError;
pub(crate) use crate::units::Size;
use composed::Composed;
use duplicates::DuplicateIndex;
pub(crate) use duplicates::DuplicateIndexError;
pub(crate) use problem::Problem;
pub(crate) use survey::Survey;

/// A campaign ready to produce its messages.
pub(crate) struct Pipeline {
    pub campaign: Campaign,
    pub template: Template,
    pub composer: Composer,
    /// How the list was read (`CSV, UTF-8, delimiter ;`), for `check` to say, in both
    /// languages (`--events json` says it in English whatever the run's).
    pub list_format: crate::i18n::Said,
    /// `--where`: only the rows it keeps go further.
    pub filter: Option<RowFilter>,
    /// Addresses that bounced for good: left out of every message (none for a test send).
    pub suppression: Option<SuppressionList>,
    /// Where the template's subject stops being its own words, for the long-subject check.
    subject_lead: SubjectLead,
    /// What the last row's HTML tags gave the content checks, for the next row's.
    lint_memo: lint::Memo,
}

/// One item of the pass, in the list's order.
pub(crate) struct Item<N> {
    /// Its place among the items of the pass (messages and problems alike), from 0.
    pub position: usize,
    pub content: Result<(Outgoing, N), Problem>,
    /// What makes its message land in spam or read badly (see `lint`): warnings.
    pub findings: Vec<Finding>,
}

/// A row rendered and composed: its message, the sink's note and the content warnings, or
/// its problem; `None` when a `--where` naming `previous` left it out.
type RowOutcome<N> = Result<Option<(Outgoing, (N, Vec<Finding>))>, Problem>;

/// Whether the pass goes on after an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Flow {
    Go,
    Stop,
}

/// Where the items of a pass go. `Note` is what the sink learns of each row beside its
/// message, worked out on the composing threads (the preview's empty fields).
pub(crate) trait Sink {
    type Note: Send;
    /// Takes one item; a run-level fault ends the pass with that error.
    fn take(&mut self, item: Item<Self::Note>) -> Result<Flow, RunError>;
}

/// Items handed from the thread that composes them to the one that takes them, at once.
const HAND_OVER: usize = 64;

impl Pipeline {
    /// Opens the list, compiles the template against its columns, encodes the attachments.
    pub(crate) fn open(
        campaign: Campaign,
        date: SystemTime,
        test_recipient: Option<Address>,
    ) -> Result<(Self, RecipientReader), RunError> {
        let rows = recipients::open(&campaign.recipients, &campaign.read)?;
        let template =
            Template::load(&campaign.template, rows.columns())?.with_lang(&campaign.lang);
        let test_recipient_given = test_recipient.is_some();
        // Read once for the whole run; the messages and `--where` share it.
        let follow_up = campaign
            .follow_up
            .as_ref()
            .map(|earlier| crate::follow_up::load(earlier, &campaign).map(Arc::new))
            .transpose()?;
        let earlier_known = follow_up.is_some();
        let settings = ComposeSettings {
            campaign_id: campaign.id.clone(),
            template_dir: campaign.template_dir(),
            campaign_root: campaign.root.clone(),
            attachments: campaign.attachments.clone(),
            max_message_size: campaign.max_message_size,
            test_recipient,
            auto_submitted: campaign.auto_submitted,
            delivery_receipts: campaign.delivery_receipts,
            read_receipts: campaign.read_receipts,
            follow_up,
        };
        let composer = Composer::new(settings, date)?;
        let suppression = match (&campaign.suppression, test_recipient_given) {
            (Some(path), false) => Some(SuppressionList::load(path)?).filter(|l| !l.is_empty()),
            _ => None,
        };
        let list_format = crate::i18n::Said::of(|| rows.format_description());
        let filter = campaign
            .filter
            .as_deref()
            .map(|expression| RowFilter::compile(expression, rows.columns(), earlier_known))
            .transpose()?;
        let subject_lead = template
            .file()
            .headers
            .lines()
            .find_map(|line| {
                let (name, value) = line.split_once(':')?;
                name.trim().eq_ignore_ascii_case("subject").then_some(value)
            })
            .map_or(SubjectLead::Fixed(0), SubjectLead::of);
        Ok((
            Self {
                campaign,
                template,
                composer,
                list_format,
                filter,
                suppression,
                subject_lead,
                lint_memo: lint::Memo::default(),
            },
            rows,
        ))
    }

    /// The campaign's revision: SHA-256 of the template and of every campaign attachment.
    /// A change after part of a campaign was sent is a new revision.
    pub(crate) fn revision(&self) -> String {
        use sha2::{Digest, Sha256};
        let mut hash = Sha256::new();
        let file = self.template.file();
        hash.update(file.headers.as_bytes());
        hash.update(b"\0");
        hash.update(file.body.as_bytes());
        for attachment in self.composer.global_files() {
            hash.update(b"\0");
            hash.update(attachment.file_name.as_bytes());
            hash.update(attachment.body.clone().into_vec());
        }
        crate::compose::hex(&hash.finalize())
    }

    /// The pass: every row of `rows` rendered and composed (on every core, while `sink`
    /// takes the items before on this thread), in the list's order, to `sink`, until the
    /// rows end or the sink says stop. `note` runs beside the composing of each row that
    /// reads. A failure of the index of duplicates ends the pass with that error: the rest
    /// of the list cannot be checked.
    pub(crate) fn pass<S, R>(
        &self,
        rows: R,
        note: &(dyn Fn(&Recipient) -> S::Note + Sync),
        sink: &mut S,
    ) -> Result<(), RunError>
    where
        S: Sink,
        R: IntoIterator<Item = Result<Recipient, RecipientError>> + Send,
        R::IntoIter: Send,
    {
        std::thread::scope(|scope| {
            let (batches, composed) = std::sync::mpsc::sync_channel::<Vec<Item<S::Note>>>(4);
            scope.spawn(move || {
                let mut items = self.items(rows, note).enumerate();
                loop {
                    let batch: Vec<Item<S::Note>> = items
                        .by_ref()
                        .take(HAND_OVER)
                        .map(|(position, content)| {
                            let (content, findings) = match content {
                                Ok((message, (note, findings))) => (Ok((message, note)), findings),
                                Err(problem) => (Err(problem), Vec::new()),
                            };
                            Item {
                                position,
                                content,
                                findings,
                            }
                        })
                        .collect();
                    if batch.is_empty() || batches.send(batch).is_err() {
                        return;
                    }
                }
            });
            for item in composed.into_iter().flatten() {
                if let Err(Problem::DuplicateIndex(fault)) = &item.content {
                    return Err(RunError::DuplicateIndex(Arc::clone(fault)));
                }
                if sink.take(item)? == Flow::Stop {
                    break;
                }
            }
            Ok(())
        })
    }

    /// The messages of `rows`, in order, without their problems: the second pass of a send
    /// whose messages were not kept, and `preview --only`.
    pub(crate) fn messages<'a, R>(
        &'a self,
        rows: R,
    ) -> impl Iterator<Item = Result<Outgoing, Problem>> + 'a
    where
        R: IntoIterator<Item = Result<Recipient, RecipientError>>,
        R::IntoIter: 'a,
    {
        self.items(rows, &|_| ())
            .map(|item| item.map(|(message, _)| message))
    }

    /// Every row's message (with its note) or problem, in the list's order, in memory that
    /// stays flat whatever the length of the list (the index of envelopes seen writes to
    /// temporary files beyond 131,072 rows: see `pipeline/duplicates.rs`). A second message
    /// to the same envelope is a warning and is not sent, unless the campaign allows
    /// duplicates; when the index's files fail, that error is the last item. With
    /// `--shard`, the messages of other shards are left out, as if not listed; a row with a
    /// problem is reported by every shard, since its recipient is not known.
    fn items<'a, R, N: Send + 'a>(
        &'a self,
        rows: R,
        note: &'a (dyn Fn(&Recipient) -> N + Sync),
    ) -> impl Iterator<Item = Result<(Outgoing, (N, Vec<Finding>)), Problem>> + 'a
    where
        R: IntoIterator<Item = Result<Recipient, RecipientError>>,
        R::IntoIter: 'a,
    {
        // Rendered and composed on every core, in the list's order. `--where`: a row it
        // leaves out goes no further, as if it were not listed (one naming `previous` is
        // decided once the row's message is composed: see `compose`).
        let composed = Composed::new(
            rows.into_iter().filter_map(move |row| match &self.filter {
                Some(filter) if !filter.needs_message() => filter.select(row),
                _ => Some(row),
            }),
            move |row| self.compose(row, note),
            |item: &RowOutcome<N>| match item {
                Ok(Some((m, _))) => m.bytes.len(),
                _ => 0,
            },
        );
        let mut seen = (!self.campaign.allow_duplicates).then(DuplicateIndex::default);
        let mut failed = false;
        // `Some(None)` skips a row; `None` ends the pass, after the index failed.
        composed
            .map_while(move |item| {
                if failed {
                    return None;
                }
                let (message, note) = match item {
                    Ok(Some(noted)) => noted,
                    Ok(None) => return Some(None),
                    Err(problem) => return Some(Some(Err(problem))),
                };
                if self
                    .campaign
                    .shard
                    .is_some_and(|shard| !shard.holds(&message.key))
                {
                    return Some(None);
                }
                let message = match self.suppress(message) {
                    Ok(message) => message,
                    Err(problem) => return Some(Some(Err(problem))),
                };
                let Some(seen) = &mut seen else {
                    return Some(Some(Ok((message, note))));
                };
                match seen.insert_or_first(envelope_digest(&message.key), message.at.line) {
                    Ok(None) => Some(Some(Ok((message, note)))),
                    Ok(Some(line)) => Some(Some(Err(Problem::Duplicate {
                        first: RowRef {
                            file: Arc::clone(&message.at.file),
                            line,
                        },
                        at: message.at.clone(),
                        key: message.key.clone(),
                    }))),
                    Err(error) => {
                        failed = true;
                        Some(Some(Err(Problem::DuplicateIndex(Arc::new(error)))))
                    }
                }
            })
            .flatten()
    }

    /// The message without the addresses of the suppression list, which it names; a row
    /// whose every address is listed sends nothing.
    fn suppress(&self, message: Outgoing) -> Result<Outgoing, Problem> {
        let Some(list) = &self.suppression else {
            return Ok(message);
        };
        let listed: Vec<(String, crate::i18n::Said)> = message
            .envelope
            .to()
            .iter()
            .filter_map(|address| {
                let text = address.to_string();
                list.get(&text)
                    .map(|entry| (text, crate::i18n::Said::of(|| entry.why())))
            })
            .collect();
        if listed.is_empty() {
            return Ok(message);
        }
        match message.only_to(|address| list.get(address.as_ref()).is_none()) {
            Some(mut rest) => {
                rest.suppressed = listed;
                Ok(rest)
            }
            None => Err(Problem::Suppressed {
                at: message.at.clone(),
                left_out: listed,
            }),
        }
    }

    /// One row's message, the sink's note on it, and what makes it land in spam or read
    /// badly; `None` when a `--where` naming `previous` leaves it out (its recipient, and so
    /// what the earlier campaign sent them, is known only now).
    fn compose<N>(
        &self,
        row: Result<Recipient, RecipientError>,
        note: &(dyn Fn(&Recipient) -> N + Sync),
    ) -> RowOutcome<N> {
        let recipient = row.map_err(|e| Problem::Recipient(Arc::new(e)))?;
        let rendered = self.template.render(&recipient)?;
        let mut message = self
            .composer
            .compose(&rendered)
            .map_err(|error| self.named_columns(error, &recipient))?;
        if let Some(filter) = self.filter.as_ref().filter(|f| f.needs_message())
            && !filter
                .decide(&recipient, message.previous.as_deref())
                .map_err(|e| Problem::Recipient(Arc::new(e)))?
        {
            return Ok(None);
        }
        for address in &mut message.international {
            address.column = self
                .header_columns(address.line, &recipient)
                .and_then(|used| used.holding(&recipient, &address.written));
        }
        let findings = lint::message(
            lint_body(&rendered.body, self.template.file()),
            &message.subject,
            self.subject_lead,
            message.bytes.len() as u64,
            &self.lint_memo,
        );
        Ok(Some((message, (note(&recipient), findings))))
    }

    /// An address the row left empty is named by its column (`the Courriel column is
    /// empty`), not shown as the broken address it made (`Mme Boucher <>`); a wrong
    /// address, by the column that holds it, when one does.
    fn named_columns(&self, mut error: ComposeError, recipient: &Recipient) -> Problem {
        if let ComposeError::Address {
            header,
            line,
            column,
            error: wrong,
            ..
        } = &mut error
            && let Some(used) = self.header_columns(*line, recipient)
        {
            let columns = used.of(recipient);
            if !columns.is_empty() {
                return Problem::EmptyAddress {
                    at: recipient.at.clone(),
                    header: header.clone(),
                    line: *line,
                    columns,
                };
            }
            *column = used.holding(recipient, wrong.text());
        }
        error.into()
    }

    /// The columns the template's header on line `line` uses.
    fn header_columns(&self, line: usize, recipient: &Recipient) -> Option<EmptyFields> {
        let text = self
            .template
            .file()
            .headers
            .lines()
            .nth(line.saturating_sub(1))?;
        Some(EmptyFields::in_line(text, &recipient.columns))
    }
}

/// The body as the content checks read it: the one place that looks into a rendered body
/// for them. A text part missive wrote (from the Markdown, or derived from the HTML) says
/// all the HTML says; one the template gives is measured against it.
fn lint_body<'a>(body: &'a RenderedBody, template: &TemplateFile) -> lint::Body<'a> {
    match body {
        RenderedBody::Plain(_) => lint::Body {
            html: None,
            text: None,
            text_generated: false,
            authored: false,
        },
        RenderedBody::Html { html, text } => lint::Body {
            html: Some(html),
            text: Some(text),
            text_generated: template.own_text.is_none(),
            authored: template.body_kind == BodyKind::Html,
        },
    }
}

/// Envelope keys, short and fixed-size; two keys sharing a digest would take 2^64 rows.
fn envelope_digest(key: &str) -> [u8; 16] {
    use sha2::{Digest, Sha256};
    let hash = Sha256::digest(key.as_bytes());
    let mut digest = [0; 16];
    digest.copy_from_slice(&hash[..16]);
    digest
}
