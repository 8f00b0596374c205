//! The Preview page (`/preview`): a button that makes the preview, as `missive preview --out
//! <campaign>/preview` does (`commands::preview::run`, its words kept for the page), then the
//! gallery of that review folder and one message as its recipient will see it
//! ([`super::gallery_view`]), framed from the folder's own files ([`super::gallery_files`]).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Serialize;

use super::campaign_page::{common, missing};
use super::gallery_view::{self, Gallery};
use super::send_page::{self, TestForm};
use super::{App, ServeError, failed, gallery_files, let_in, page, posted};
use crate::commands::preview::PreviewOptions;
use crate::error::RunError;
use crate::events::{Event, Observer, RowState};
use crate::preview::{Approval, ApprovalError};

/// Where the page's test send's form comes back to: the page, at the form, which then says
/// what happened.
const PAGE: &str = "/preview#test";

/// The review folder's name in the campaign folder: where `missive preview` writes by default.
const REVIEW_FOLDER: &str = "preview";

/// One preview, approval or withdrawal at a time: two clicks never write the folder at once.
pub(super) static WRITING: Mutex<()> = Mutex::new(());

/// The review folder of the campaign folder `folder`.
pub(crate) fn review_folder(folder: &Path) -> PathBuf {
    folder.join(REVIEW_FOLDER)
}

/// What the page shows.
#[derive(Debug, Clone, Default, Serialize)]
pub(crate) struct PreviewView {
    /// The campaign folder, as given.
    pub folder: String,
    /// No campaign.toml in the folder: what to do instead.
    pub missing: Option<String>,
    /// The review folder.
    pub out: String,
    /// What the preview just made said, a line each.
    pub said: Vec<String>,
    /// The rows' problems the preview just made found.
    pub problems: Vec<String>,
    /// Why the preview was not made.
    pub refused: Option<String>,
    /// It was not made because the folder is approved: the Review page withdraws it.
    pub refused_approved: bool,
    /// Who approved the folder's preview, and when, in words.
    pub approval: Option<String>,
    /// The gallery, when the folder holds a preview.
    pub gallery: Option<Gallery>,
    /// "M'envoyer un test", as the Send page has it, coming back here.
    pub test: TestForm,
}

/// The preview's events, kept for the page.
#[derive(Default)]
struct Collecting {
    said: Vec<String>,
    problems: Vec<String>,
}

impl Observer for Collecting {
    fn event(&mut self, event: &Event<'_>) {
        match event {
            Event::Row(row) => match row.state {
                RowState::Ready { .. } => {}
                RowState::Invalid(problem)
                | RowState::Skipped(problem)
                | RowState::Duplicate(problem)
                | RowState::Suppressed(problem) => self.problems.push(problem.to_string()),
            },
            Event::Notice(notice) => self.problems.push(notice.to_string()),
            _ => {}
        }
    }

    fn say(&mut self, line: &str) {
        self.said.push(line.to_owned());
    }
}

/// The page's routes.
pub(super) fn routes() -> Router<Arc<App>> {
    Router::new().route("/preview", get(show).post(make)).route(
        &format!("{}{{*path}}", gallery_files::PREFIX),
        get(gallery_files::serve),
    )
}

/// `GET /preview[?message=N]`.
async fn show(State(app): State<Arc<App>>, headers: HeaderMap, uri: Uri) -> Response {
    let session = match let_in(&app, &headers) {
        Ok(session) => session,
        Err(refused) => return refused,
    };
    let message = uri.query().and_then(|query| {
        url::form_urlencoded::parse(query.as_bytes())
            .find(|(name, _)| name == "message")
            .and_then(|(_, value)| value.parse::<usize>().ok())
    });
    let (kept, csrf) = (Arc::clone(&app), session.csrf.clone());
    let Ok(view) = tokio::task::spawn_blocking(move || {
        let mut view = view(&kept.folder, message);
        view.test = send_page::test_form(&kept, &csrf, PAGE);
        if view.test.outcome.is_some() {
            at_its_top(&mut view);
        }
        view
    })
    .await
    else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    shown(&app, &view, &session.csrf)
}

/// The page stays where the person looks (the words of the preview just made, the form that
/// says how a test send went): the message's frame opens at its top, since its address at the
/// HTML part (`#…`) would scroll the page down to the frame once it loads. A message the
/// person picked in the list opens at its HTML part.
fn at_its_top(view: &mut PreviewView) {
    if let Some(message) = view
        .gallery
        .as_mut()
        .and_then(|gallery| gallery.message.as_mut())
        && let Some((page, _)) = message.page.split_once('#')
    {
        message.page = page.to_owned();
    }
}

/// `POST /preview`: makes the preview, then shows it.
async fn make(State(app): State<Arc<App>>, headers: HeaderMap, body: Bytes) -> Response {
    let (session, _) = match posted(&app, &headers, &body) {
        Ok(posted) => posted,
        Err(refusal) => return refusal,
    };
    let (kept, csrf) = (Arc::clone(&app), session.csrf.clone());
    let made = tokio::task::spawn_blocking(move || {
        let made = made(&kept.folder);
        let mut view = view(&kept.folder, None);
        view.test = send_page::test_form(&kept, &csrf, PAGE);
        view.said = made.said;
        view.problems = made.problems;
        view.refused = made.refused;
        view.refused_approved = made.refused_approved;
        at_its_top(&mut view);
        view
    })
    .await;
    let Ok(view) = made else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    shown(&app, &view, &session.csrf)
}

fn shown(app: &App, view: &PreviewView, csrf: &str) -> Response {
    match app.pages.preview(view, csrf) {
        Ok(html) => page(StatusCode::OK, &[], html),
        Err(error) => failed(&error),
    }
}

impl super::pages::Pages {
    /// The Preview page.
    pub(crate) fn preview(&self, view: &PreviewView, csrf: &str) -> Result<String, ServeError> {
        let mut context = tera::Context::new();
        context.insert("view", view);
        context.insert("csrf", csrf);
        context.insert("test", &view.test);
        context.insert("current", "preview");
        let mut words = BTreeMap::from([
            ("title", t!("serve-preview-title")),
            ("heading", t!("serve-preview-heading")),
            ("folder", t!("serve-folder")),
            ("make", t!("serve-preview-make")),
            ("make_note", t!("serve-preview-make-note")),
            ("said", t!("serve-preview-said")),
            ("problems", t!("serve-preview-problems")),
            ("refused_approved", t!("serve-preview-refused-approved")),
            ("to_review", t!("serve-preview-to-review")),
            ("none", t!("serve-preview-none")),
            ("messages", t!("serve-preview-messages")),
            ("number", t!("serve-preview-number")),
            ("recipient", t!("serve-preview-recipient")),
            ("subject", t!("serve-preview-subject")),
            ("size", t!("serve-preview-size")),
            ("warnings", t!("serve-preview-warnings")),
            ("sends_nothing", t!("serve-preview-sends-nothing")),
            ("to", t!("serve-preview-to")),
            ("attachments", t!("serve-preview-attachments")),
            ("no_attachment", t!("serve-preview-no-attachment")),
            ("eml", t!("serve-preview-eml")),
            ("frame", t!("serve-preview-frame")),
        ]);
        send_page::test_words(&mut words);
        self.render(super::pages::PREVIEW, context, &words)
    }
}

/// What making the preview said.
struct Made {
    said: Vec<String>,
    problems: Vec<String>,
    refused: Option<String>,
    refused_approved: bool,
}

/// Makes the preview of the campaign of `folder` into its review folder, as `missive preview
/// --out <folder>/preview` does. Blocking.
fn made(folder: &Path) -> Made {
    let out = review_folder(folder);
    let options = PreviewOptions {
        out: &out,
        open: false,
        only: None,
        deny_warnings: false,
        say_where: false,
    };
    let mut collecting = Collecting::default();
    let result = {
        let _one_at_a_time = WRITING
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        crate::commands::preview::run(&common(folder), options, &mut collecting)
    };
    let refused_approved = matches!(
        result,
        Err(RunError::Approval(ApprovalError::Approved { .. }))
    );
    Made {
        said: collecting.said,
        problems: collecting.problems,
        refused: result.err().map(|error| error.to_string()),
        refused_approved,
    }
}

/// What the page shows of the campaign of `folder` and its review folder, message `message`
/// (else the first) shown. Blocking.
pub(crate) fn view(folder: &Path, message: Option<usize>) -> PreviewView {
    let out = review_folder(folder);
    let mut view = PreviewView {
        folder: folder.display().to_string(),
        out: out.display().to_string(),
        missing: missing(folder),
        ..PreviewView::default()
    };
    if view.missing.is_some() {
        return view;
    }
    view.approval = match Approval::read(&out) {
        Ok(Some(approval)) => Some(t!(
            "serve-preview-approved",
            by = approval.by.as_str(),
            at = approval.when()
        )),
        Ok(None) => None,
        Err(error) => Some(error.to_string()),
    };
    view.gallery = gallery_view::read(&out, message);
    view
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_review_folder_is_where_preview_writes_by_default() {
        assert_eq!(
            review_folder(Path::new("rentree")),
            Path::new("rentree/preview")
        );
    }
}
