//! `missive drafts`: the messages `send` would send, put in the mailbox's Drafts folder
//! instead, for a head who sends them from their own mail client. The same first pass as
//! `send` (every row checked, the review lock, `--where`, `--limit`), the same confirmation;
//! nothing goes over SMTP. The journal marks each message `drafted` once its draft is in
//! the folder, so a second run puts none there twice and `send` leaves them alone.

use std::sync::Arc;
use std::time::SystemTime;

use super::first_pass::FirstPass;
use super::nothing_left;
use crate::cli::DraftsArgs;
use crate::commands::copies::{Filed, Filing, Folder as _, ToFile, file};
use crate::commands::mailbox::{self, FolderRole};
use crate::config::{Campaign, ImapSettings};
use crate::events::{Event, Observer, Summary};
use crate::exit_status::ExitStatus;
use crate::journal::{CopyKind, CopyState, JournalOptions, Resend, SendJournal};
use crate::pipeline::{Pipeline, RunError};
use crate::preview::ReviewLock;
use crate::recipients;

pub(crate) fn run(args: &DraftsArgs, observer: &mut dyn Observer) -> Result<ExitStatus, RunError> {
    let campaign = Campaign::resolve(&args.common)?;
    let mailbox = ImapSettings::required(args.mailbox.flags(), &campaign)?;
    let review = args.reviewed.as_deref().map(ReviewLock::open).transpose()?;
    let skip_invalid = campaign.skip_invalid;
    let (pipeline, rows) = Pipeline::open(campaign, SystemTime::now(), None)?;
    let options = JournalOptions {
        place: pipeline.campaign.journal.clone(),
        campaign: pipeline.campaign.id.clone(),
        resend: Resend::default(),
        new_revision: args.new_revision,
    };
    let mut journal = SendJournal::open_with(&options, pipeline.revision())?;
    let plan = journal.plan()?;
    let mut first = FirstPass::new(
        Some(plan),
        review,
        args.limit.map_or(usize::MAX, crate::cli::Count::get),
        skip_invalid,
        args.warnings.deny_warnings,
        observer,
    );
    pipeline.pass(rows, &|_| (), &mut first)?;
    let (survey, kept, observer) = first.finish(&pipeline)?;
    if survey.messages == 0 {
        let what = |journal: &str| t!("send-drafts-nothing", journal = journal);
        return nothing_left(&journal, &survey, &what, observer);
    }
    let plan = super::Plan::Drafts {
        messages: survey.messages,
        mailbox: mailbox.url.clone(),
    };
    if !super::ask(args.yes, plan, observer)? {
        observer.tell(&|| t!("send-drafts-not-confirmed"));
        return Ok(ExitStatus::Success);
    }
    let mut folder = mailbox::open_folder(&mailbox, FolderRole::Drafts, None)?;
    let revision = pipeline.revision();
    let selection = journal.selection().clone();
    let backend = journal.backend();
    backend.accept_revision(&revision)?;
    let copies = backend.copies(CopyKind::Draft)?;
    let now = SystemTime::now();
    let messages: Box<dyn Iterator<Item = ToFile>> = match kept {
        Some(kept) => Box::new(
            kept.into_iter()
                .map(move |message: Arc<_>| ToFile::dated(&message, now)),
        ),
        None => Box::new(
            pipeline
                .messages(recipients::open(
                    &pipeline.campaign.recipients,
                    &pipeline.campaign.read,
                )?)
                .filter_map(Result::ok)
                .filter_map(|message| selection.to_send(message))
                .take(survey.messages)
                .map(move |message| ToFile::dated(&message, now)),
        ),
    };
    let filed = file(
        &mut folder,
        backend,
        CopyKind::Draft,
        &copies,
        messages,
        1,
        observer,
    )?;
    // Every draft in the folder makes its message `drafted`, those of a run that stopped
    // before saying so too.
    for (key, copy) in backend.copies(CopyKind::Draft)? {
        if copy.state == CopyState::Done {
            let reply = format!("in Drafts `{}`", copy.folder);
            backend.mark_drafted(&key, &reply, &revision)?;
        }
    }
    let name = folder.name().to_string();
    folder.close();
    tell(&filed, &name, observer)
}

/// What the run put in Drafts; a mailbox that stopped taking them stops the run (exit 4),
/// and the next run puts in the rest.
fn tell(filed: &Filed, folder: &str, observer: &mut dyn Observer) -> Result<ExitStatus, RunError> {
    observer.tell(&|| filed.line(Filing::Drafts, folder));
    if let Some(error) = &filed.stopped {
        return Err(RunError::Mailbox(mailbox::MailboxError::Stopped {
            folder: folder.to_string(),
            reason: error.clone(),
            left: filed.left,
        }));
    }
    observer.tell(&|| t!("send-drafts-next"));
    observer.event(&Event::Summary(&Summary {
        command: "drafts",
        total: filed.appended + filed.found,
        exit_code: ExitStatus::Success as u8,
        counts: vec![("drafted", filed.appended), ("found", filed.found)],
        ..Summary::default()
    }));
    Ok(ExitStatus::Success)
}
