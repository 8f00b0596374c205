//! `missive approve DIR --by NAME`: the reviewer's word that the plan previewed in DIR may be
//! sent. The plan is computed again and compared with DIR's manifest, as `send --reviewed`
//! does (a changed campaign is refused, naming what changed); then `DIR/approval.json` records
//! who approved which plan, and when.

use std::path::Path;
use std::time::SystemTime;

use crate::cli::{Approver, Common};
use crate::config::Campaign;
use crate::events::Observer;
use crate::exit_status::ExitStatus;
use crate::pipeline::{Flow, Item, Pipeline, RunError, Sink};
use crate::preview::{Approval, ReviewLock};

/// The sink of `approve`: each message noted in the plan compared with the reviewed one.
struct Comparing {
    lock: ReviewLock,
}

impl Sink for Comparing {
    type Note = ();

    fn take(&mut self, item: Item<()>) -> Result<Flow, RunError> {
        if let Ok((message, ())) = &item.content {
            self.lock.record(message);
        }
        Ok(Flow::Go)
    }
}

/// What the campaign makes, found the same as the plan previewed in a folder.
pub(crate) struct Compared {
    /// The plan's fingerprint.
    pub plan: String,
    /// How many messages it has.
    pub messages: usize,
    /// The review folder, as the lock found it.
    pub dir: std::path::PathBuf,
}

/// Whether the campaign of `common` still makes the messages previewed in `dir`: the plan
/// computed again and compared with the folder's manifest, nothing written. The refusal names
/// what changed.
pub(crate) fn compare(common: &Common, dir: &Path) -> Result<Compared, RunError> {
    let lock = ReviewLock::to_approve(dir)?;
    let campaign = Campaign::resolve(common)?;
    let (pipeline, rows) = Pipeline::open(campaign, SystemTime::now(), None)?;
    let mut sink = Comparing { lock };
    pipeline.pass(rows, &|_| (), &mut sink)?;
    let plan = sink.lock.plan().to_string();
    let (messages, dir) = sink.lock.check(&pipeline)?;
    Ok(Compared {
        plan,
        messages,
        dir,
    })
}

pub(crate) fn run(
    common: &Common,
    dir: &Path,
    by: &Approver,
    observer: &mut dyn Observer,
) -> Result<ExitStatus, RunError> {
    // An earlier approval that cannot be read is replaced all the same: approving again is
    // the fix its own error gives.
    let earlier = Approval::read(dir).unwrap_or(None);
    let Compared {
        plan,
        messages,
        dir,
    } = compare(common, dir)?;
    let approval = Approval::new(by, &plan, messages);
    approval.write(&dir)?;
    if let Some(earlier) = earlier {
        observer.tell(&|| {
            t!(
                "approve-replaced",
                by = earlier.by.as_str(),
                at = earlier.when()
            )
        });
    }
    let folder = dir.display().to_string();
    observer.tell(&|| {
        t!(
            "approve-done",
            by = approval.by.as_str(),
            messages = approval.messages,
            plan = approval.short_plan(),
            dir = folder.as_str()
        )
    });
    Ok(ExitStatus::Success)
}
