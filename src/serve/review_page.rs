//! The Review page (`/review`): whether the review folder holds a preview, how many messages,
//! whether and by whom it is approved; whether the campaign still makes the messages
//! previewed (compared as `missive approve` compares, nothing written), and if not what
//! changed; a form that approves by name, as `missive approve <campaign>/preview --by NAME`
//! does (`commands::approve::run`), and one that withdraws the approval.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Serialize;

use super::campaign_page::{common, missing};
use super::preview_page::{WRITING, review_folder};
use super::{App, ServeError, failed, let_in, page, posted};
use crate::cli::Approver;
use crate::error::RunError;
use crate::events::{Event, Observer};
use crate::preview::{Approval, Review};

/// The approval's file in the review folder (`missive approve` writes it).
const APPROVAL_FILE: &str = "approval.json";

/// What the page shows.
#[derive(Debug, Clone, Default, Serialize)]
pub(crate) struct ReviewView {
    /// The campaign folder, as given.
    pub folder: String,
    /// No campaign.toml in the folder: what to do instead.
    pub missing: Option<String>,
    /// The review folder.
    pub out: String,
    /// No preview there (or none that can be read): why, in words.
    pub no_preview: Option<String>,
    /// « 12 messages previewed », the plan's short fingerprint.
    pub messages: Option<String>,
    /// Who approved the preview, when, which plan, in words.
    pub approval: Option<String>,
    /// The approval cannot be read, or is for another preview.
    pub approval_problem: Option<String>,
    /// What changed since the preview, a line each; empty when nothing did.
    pub changed: Vec<Said>,
    /// The campaign cannot be compared with the preview (it cannot be read): why.
    pub compare_error: Option<String>,
    /// What approving just said.
    pub done: Vec<String>,
    /// Why approving or withdrawing was refused, a line each.
    pub refused: Vec<Said>,
}

/// A line of a longer saying, with its depth in the list it belongs to.
#[derive(Debug, Clone, Default, Serialize)]
pub(crate) struct Said {
    pub depth: usize,
    pub text: String,
}

/// `text`, a line each, its points (`  - …`) and their items (`      …`) marked by depth.
fn lines(text: &str) -> Vec<Said> {
    text.lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            let indent = line.len() - line.trim_start().len();
            let text = line.trim_start();
            let text = text.strip_prefix("- ").unwrap_or(text);
            let depth = match indent {
                0 => 0,
                1..=4 => 1,
                _ => 2,
            };
            Said {
                depth,
                text: text.to_owned(),
            }
        })
        .collect()
}

/// The page's routes.
pub(super) fn routes() -> Router<Arc<App>> {
    Router::new()
        .route("/review", get(show))
        .route("/review/approve", post(approve))
        .route("/review/withdraw", post(withdraw))
}

/// `GET /review`.
async fn show(State(app): State<Arc<App>>, headers: HeaderMap) -> Response {
    let session = match let_in(&app, &headers) {
        Ok(session) => session,
        Err(refused) => return refused,
    };
    let folder = app.folder.clone();
    let Ok(view) = tokio::task::spawn_blocking(move || view(&folder)).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    shown(&app, &view, &session.csrf)
}

/// `POST /review/approve`: approves by the name given, then shows the page.
async fn approve(State(app): State<Arc<App>>, headers: HeaderMap, body: Bytes) -> Response {
    let (session, fields) = match posted(&app, &headers, &body) {
        Ok(posted) => posted,
        Err(refusal) => return refusal,
    };
    let by = fields
        .into_iter()
        .find(|(name, _)| name == "by")
        .map(|(_, value)| value)
        .unwrap_or_default();
    let folder = app.folder.clone();
    let approved = tokio::task::spawn_blocking(move || {
        let (done, refused) = approved(&folder, &by);
        let mut view = view(&folder);
        view.done = done;
        view.refused = refused;
        view
    })
    .await;
    let Ok(view) = approved else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    shown(&app, &view, &session.csrf)
}

/// `POST /review/withdraw`: deletes the approval, then shows the page.
async fn withdraw(State(app): State<Arc<App>>, headers: HeaderMap, body: Bytes) -> Response {
    let (session, _) = match posted(&app, &headers, &body) {
        Ok(posted) => posted,
        Err(refusal) => return refusal,
    };
    let folder = app.folder.clone();
    let withdrawn = tokio::task::spawn_blocking(move || {
        let said = withdrawn(&folder);
        let mut view = view(&folder);
        match said {
            Ok(said) => view.done = vec![said],
            Err(said) => view.refused = lines(&said),
        }
        view
    })
    .await;
    let Ok(view) = withdrawn else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    shown(&app, &view, &session.csrf)
}

fn shown(app: &App, view: &ReviewView, csrf: &str) -> Response {
    match app.pages.review(view, csrf) {
        Ok(html) => page(StatusCode::OK, &[], html),
        Err(error) => failed(&error),
    }
}

impl super::pages::Pages {
    /// The Review page.
    pub(crate) fn review(&self, view: &ReviewView, csrf: &str) -> Result<String, ServeError> {
        let mut context = tera::Context::new();
        context.insert("view", view);
        context.insert("csrf", csrf);
        context.insert("current", "review");
        let words = BTreeMap::from([
            ("title", t!("serve-review-title")),
            ("heading", t!("serve-review-heading")),
            ("folder", t!("serve-folder")),
            ("state", t!("serve-review-state")),
            ("not_approved", t!("serve-review-not-approved")),
            ("to_preview", t!("serve-review-to-preview")),
            ("no_preview_do", t!("serve-review-no-preview-do")),
            ("changes", t!("serve-review-changes")),
            ("same", t!("serve-review-same")),
            ("changed", t!("serve-review-changed")),
            ("again", t!("serve-review-again")),
            ("again_approved", t!("serve-review-again-approved")),
            ("approve", t!("serve-review-approve")),
            ("approve_note", t!("serve-review-approve-note")),
            ("by", t!("serve-review-by")),
            ("withdraw", t!("serve-review-withdraw")),
            ("withdraw_note", t!("serve-review-withdraw-note")),
        ]);
        self.render(super::pages::REVIEW, context, &words)
    }
}

/// What `approve` says, kept for the page.
#[derive(Default)]
struct Collecting {
    said: Vec<String>,
}

impl Observer for Collecting {
    fn event(&mut self, _event: &Event<'_>) {}

    fn say(&mut self, line: &str) {
        self.said.push(line.to_owned());
    }
}

/// Approves the review folder of `folder` by `by`, as `missive approve DIR --by NAME` does:
/// what it said, or why it refused. Blocking.
fn approved(folder: &Path, by: &str) -> (Vec<String>, Vec<Said>) {
    let Ok(by) = by.parse::<Approver>() else {
        return (Vec::new(), lines(&t!("serve-review-no-name")));
    };
    let mut collecting = Collecting::default();
    let result = {
        let _one_at_a_time = WRITING
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        crate::commands::approve::run(
            &common(folder),
            &review_folder(folder),
            &by,
            &mut collecting,
        )
    };
    match result {
        Ok(_) => (collecting.said, Vec::new()),
        Err(error) => (collecting.said, lines(&error.to_string())),
    }
}

/// Deletes the approval of the review folder of `folder`: what to say, or why not.
fn withdrawn(folder: &Path) -> Result<String, String> {
    let out = review_folder(folder);
    let _one_at_a_time = WRITING
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let by = match Approval::read(&out) {
        Ok(Some(approval)) => approval.by,
        Ok(None) => return Err(t!("serve-review-none-to-withdraw")),
        // One that cannot be read is withdrawn all the same: that is its error's own fix.
        Err(_) => String::new(),
    };
    let file = out.join(APPROVAL_FILE);
    std::fs::remove_file(&file).map_err(|error| {
        t!(
            "serve-review-not-withdrawn",
            file = file.display().to_string(),
            error = crate::i18n::system(&error)
        )
    })?;
    Ok(t!("serve-review-withdrawn", by = by.as_str()))
}

/// Whether the campaign of `folder` still makes the messages previewed in `out`: the
/// comparison `missive approve` makes before approving, nothing written.
fn compared(folder: &Path, out: &Path) -> Result<(), RunError> {
    crate::commands::approve::compare(&common(folder), out).map(|_| ())
}

/// What the page shows of the campaign of `folder` and its review folder. Blocking.
pub(crate) fn view(folder: &Path) -> ReviewView {
    let out = review_folder(folder);
    let mut view = ReviewView {
        folder: folder.display().to_string(),
        out: out.display().to_string(),
        missing: missing(folder),
        ..ReviewView::default()
    };
    if view.missing.is_some() {
        return view;
    }
    let review = match Review::load(&out) {
        Ok(review) => review,
        Err(error) => {
            view.no_preview = Some(error.to_string());
            return view;
        }
    };
    view.messages = Some(t!(
        "serve-review-messages",
        count = review.manifest().messages.len(),
        plan = format!("{}…", &review.plan()[..review.plan().len().min(12)])
    ));
    match Approval::required(&out, review.plan()) {
        Ok(approval) => {
            view.approval = Some(t!(
                "serve-review-approved",
                by = approval.by.as_str(),
                at = approval.when(),
                plan = approval.short_plan(),
                count = approval.messages
            ));
        }
        Err(crate::preview::ApprovalError::Missing { .. }) => {}
        Err(problem) => view.approval_problem = Some(problem.to_string()),
    }
    match compared(folder, &out) {
        Ok(()) => {}
        // The points of what changed; the page says itself what it means and what to do.
        Err(RunError::NotReviewed(mismatch)) => {
            view.changed = lines(&mismatch.to_string())
                .into_iter()
                .filter(|said| said.depth > 0)
                .collect();
        }
        Err(error) => view.compare_error = Some(error.to_string()),
    }
    view
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_said_in_lines_keeps_its_depth() {
        let said = lines(
            "nothing was approved:\n  - the template changed\n  - 1 message changed:\n      a@b.fr (liste.csv:3): its text\nmake a new preview",
        );
        let depths: Vec<usize> = said.iter().map(|said| said.depth).collect();
        assert_eq!(depths, vec![0, 1, 1, 2, 0]);
        assert_eq!(said[1].text, "the template changed");
        assert_eq!(said[3].text, "a@b.fr (liste.csv:3): its text");
    }
}
