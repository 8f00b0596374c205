//! The Send page: the plan as `send`'s confirmation states it, "Envoyer" then a confirmation
//! that states the count, the send run by the app ([`super::run`]) with its progress polled
//! by a few lines of script (`/static/send.js`), "Pause" and "Reprendre", and a test send
//! ("M'envoyer un test") as `send --to` does it, whose form the Preview page includes too:
//! posted from there, it goes back there ([`TestForm::back`], [`Tested`]).

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, LOCATION};
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Serialize;
use tera::Context;

use super::pages::Pages;
use super::run_view::{self, PlanView, ProgressView, TestSent};
use super::{App, ServeError, failed, let_in, page, posted};

/// The page's routes.
pub(super) fn routes() -> Router<Arc<App>> {
    Router::new()
        .route("/send", get(send))
        .route("/send/confirm", get(confirm))
        .route("/send/start", post(start))
        .route("/send/pause", post(pause))
        .route("/send/resume", post(resume))
        .route("/send/test", post(test))
        .route("/send/progress", get(progress))
        .route("/static/send.js", get(script))
}

/// The test send's form, as the page shows it (a partial the Preview page may include).
#[derive(Debug, Clone, Default, Serialize)]
pub(crate) struct TestForm {
    pub address: String,
    pub rows: usize,
    pub filter: String,
    /// The relay logs in with a password nothing gives: the form asks for it.
    pub wants_password: bool,
    /// The page was given it for this session.
    pub password_known: bool,
    pub outcome: Option<TestSent>,
    /// The page the form is on, when not the Send page: where its post goes back to.
    pub back: String,
}

/// The outcomes of test sends posted from another page, kept for that page to show once,
/// and the address of the last test, offered again; by session (its form token).
#[derive(Default)]
pub(crate) struct Tested {
    outcomes: Mutex<HashMap<String, TestForm>>,
    addresses: Mutex<HashMap<String, String>>,
}

impl Tested {
    fn keep(&self, csrf: &str, form: TestForm) {
        self.outcomes
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(csrf.to_owned(), form);
    }

    /// `address` is the one the session of `csrf` sends its tests to.
    fn remember(&self, csrf: &str, address: &str) {
        self.addresses
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(csrf.to_owned(), address.to_owned());
    }

    /// An empty form, with the address the session of `csrf` sent its last test to.
    fn empty(&self, csrf: &str) -> TestForm {
        let address = self
            .addresses
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .get(csrf)
            .cloned()
            .unwrap_or_default();
        TestForm {
            address,
            rows: 1,
            ..TestForm::default()
        }
    }

    /// The outcome kept for the session of `csrf`, taken.
    pub(crate) fn take(&self, csrf: &str) -> Option<TestForm> {
        self.outcomes
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .remove(csrf)
    }
}

/// The test send's form on a page other than the Send page, at `back`: the outcome kept for
/// the session of `csrf` if a test was just sent from it, else an empty form. Blocking.
pub(crate) fn test_form(app: &App, csrf: &str, back: &str) -> TestForm {
    let form = app
        .tested
        .take(csrf)
        .unwrap_or_else(|| app.tested.empty(csrf));
    TestForm {
        wants_password: run_view::wants_password(&run_view::send_args(&app.folder, false)),
        password_known: app.runs.password().is_some(),
        back: back.to_owned(),
        ..form
    }
}

/// A path of this app to go back to: `/…` but not `//…` or `/\…`, which a browser takes for
/// another host, and nothing a header could not carry.
fn local_path(back: &str) -> Option<&str> {
    let elsewhere = back.starts_with("//")
        || back.starts_with("/\\")
        || back.chars().any(|c| c.is_control() || c.is_whitespace());
    (back.starts_with('/') && !elsewhere).then_some(back)
}

/// What the page shows besides the plan.
#[derive(Default)]
struct Shown {
    confirm: bool,
    retry: bool,
    refusal: Option<String>,
    test: Option<TestForm>,
    status: Option<StatusCode>,
}

/// `GET /send`.
async fn send(State(app): State<Arc<App>>, headers: HeaderMap) -> Response {
    match let_in(&app, &headers) {
        Ok(session) => {
            // Back from a test send posted from elsewhere with `back=/send`: what happened.
            let shown = Shown {
                test: app.tested.take(&session.csrf),
                ..Shown::default()
            };
            show(app, &session.csrf, shown).await
        }
        Err(refusal) => refusal,
    }
}

/// `GET /send/confirm[?retry=1]`: the plan again, and the question that states its count.
async fn confirm(State(app): State<Arc<App>>, headers: HeaderMap, uri: Uri) -> Response {
    let session = match let_in(&app, &headers) {
        Ok(session) => session,
        Err(refusal) => return refusal,
    };
    let retry = uri.query().is_some_and(|query| {
        url::form_urlencoded::parse(query.as_bytes())
            .any(|(name, value)| name == "retry" && value == "1")
    });
    let shown = Shown {
        confirm: true,
        retry,
        ..Shown::default()
    };
    show(app, &session.csrf, shown).await
}

/// The value of the field `name`.
fn field<'a>(fields: &'a [(String, String)], name: &str) -> Option<&'a str> {
    fields
        .iter()
        .find(|(field, _)| field == name)
        .map(|(_, value)| value.as_str())
}

/// `POST /send/start`: the confirmed send starts; without the count confirmed, nothing does.
async fn start(State(app): State<Arc<App>>, headers: HeaderMap, body: Bytes) -> Response {
    let (session, fields) = match posted(&app, &headers, &body) {
        Ok(posted) => posted,
        Err(refusal) => return refusal,
    };
    let retry = field(&fields, "retry") == Some("1");
    let Some(confirmed) = field(&fields, "confirmed").and_then(|count| count.parse().ok()) else {
        let shown = Shown {
            retry,
            refusal: Some(t!("serve-send-unconfirmed")),
            status: Some(StatusCode::BAD_REQUEST),
            ..Shown::default()
        };
        return show(app, &session.csrf, shown).await;
    };
    if let Some(password) = field(&fields, "password") {
        app.runs.give_password(password);
    }
    let args = run_view::send_args(&app.folder, retry);
    let went = app_start(&app, args, Some(confirmed));
    started(app, &session.csrf, went).await
}

/// Starts `args`; whether it could (another send runs).
fn app_start(app: &App, args: crate::cli::SendArgs, confirmed: Option<usize>) -> bool {
    app.runs.start(args, confirmed).is_ok()
}

/// After a start: the page, where the progress shows; or why it did not start.
async fn started(app: Arc<App>, csrf: &str, started: bool) -> Response {
    if started {
        return page(
            StatusCode::SEE_OTHER,
            &[(LOCATION, "/send".to_owned())],
            String::new(),
        );
    }
    let shown = Shown {
        refusal: Some(t!("serve-send-already")),
        status: Some(StatusCode::CONFLICT),
        ..Shown::default()
    };
    show(app, csrf, shown).await
}

/// `POST /send/pause`: the running send stops gently, as at a first Ctrl-C.
async fn pause(State(app): State<Arc<App>>, headers: HeaderMap, body: Bytes) -> Response {
    if let Err(refusal) = posted(&app, &headers, &body) {
        return refusal;
    }
    app.runs.pause();
    page(
        StatusCode::SEE_OTHER,
        &[(LOCATION, "/send".to_owned())],
        String::new(),
    )
}

/// `POST /send/resume`: the send starts again; its journal sends what is left.
async fn resume(State(app): State<Arc<App>>, headers: HeaderMap, body: Bytes) -> Response {
    let session = match posted(&app, &headers, &body) {
        Ok((session, _)) => session,
        Err(refusal) => return refusal,
    };
    let retry = app.runs.progress().is_some_and(|progress| progress.retry);
    let args = run_view::send_args(&app.folder, retry);
    let went = app_start(&app, args, None);
    started(app, &session.csrf, went).await
}

/// `POST /send/test`: "M'envoyer un test", then the page saying what happened: the page the
/// form came from (its field `back`, a path of this app), else the Send page.
async fn test(State(app): State<Arc<App>>, headers: HeaderMap, body: Bytes) -> Response {
    let (session, fields) = match posted(&app, &headers, &body) {
        Ok(posted) => posted,
        Err(refusal) => return refusal,
    };
    if let Some(password) = field(&fields, "password") {
        app.runs.give_password(password);
    }
    let address = field(&fields, "address")
        .unwrap_or_default()
        .trim()
        .to_owned();
    let rows = field(&fields, "rows")
        .and_then(|rows| rows.trim().parse().ok())
        .unwrap_or(1);
    let filter = field(&fields, "where")
        .map(str::trim)
        .filter(|filter| !filter.is_empty())
        .map(str::to_owned);
    let folder = app.folder.clone();
    let password = app.runs.password();
    let (to, kept) = (address.clone(), filter.clone());
    let Ok(outcome) = tokio::task::spawn_blocking(move || {
        run_view::test_send(&folder, &to, rows, kept, password.as_ref())
    })
    .await
    else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    app.tested.remember(&session.csrf, &address);
    let form = TestForm {
        address,
        rows,
        filter: filter.unwrap_or_default(),
        outcome: Some(outcome),
        ..TestForm::default()
    };
    if let Some(back) = field(&fields, "back").and_then(local_path) {
        app.tested.keep(&session.csrf, form);
        return page(
            StatusCode::SEE_OTHER,
            &[(LOCATION, back.to_owned())],
            String::new(),
        );
    }
    let shown = Shown {
        test: Some(form),
        ..Shown::default()
    };
    show(app, &session.csrf, shown).await
}

/// `GET /send/progress`: where the send is, in the page's words (JSON).
async fn progress(State(app): State<Arc<App>>, headers: HeaderMap) -> Response {
    if let Err(refusal) = let_in(&app, &headers) {
        return refusal;
    }
    let view = app
        .runs
        .progress()
        .map(|progress| ProgressView::of(&progress));
    let Ok(json) = serde_json::to_string(&view) else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    served(json, "application/json")
}

/// `GET /static/send.js`: the few lines that poll the progress.
async fn script(State(app): State<Arc<App>>, headers: HeaderMap) -> Response {
    if let Err(refusal) = let_in(&app, &headers) {
        return refusal;
    }
    served(
        include_str!("templates/send.js").to_owned(),
        "text/javascript; charset=utf-8",
    )
}

/// A body that is not a page, with its type, kept by no cache.
fn served(body: String, kind: &'static str) -> Response {
    let mut response = body.into_response();
    let all = response.headers_mut();
    all.insert(CONTENT_TYPE, HeaderValue::from_static(kind));
    all.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// The page: the progress of the send the app runs or ran; the plan, unless a send runs.
async fn show(app: Arc<App>, csrf: &str, shown: Shown) -> Response {
    let progress = app.runs.progress();
    let running = progress
        .as_ref()
        .is_some_and(|progress| progress.end.is_none());
    let folder = app.folder.clone();
    let password = app.runs.password();
    let retry = shown.retry;
    let view = if running {
        PlanView {
            folder: folder.display().to_string(),
            ..PlanView::default()
        }
    } else {
        let Ok(view) =
            tokio::task::spawn_blocking(move || run_view::plan(&folder, retry, password.as_ref()))
                .await
        else {
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        };
        view
    };
    let test = shown.test.unwrap_or_else(|| app.tested.empty(csrf));
    let test = TestForm {
        wants_password: view.wants_password,
        password_known: view.password_known,
        ..test
    };
    let html = render(
        &app.pages,
        &Page {
            view: &view,
            progress: progress.as_ref().map(ProgressView::of),
            confirm: shown.confirm,
            refusal: shown.refusal.as_deref(),
            test: &test,
            csrf,
        },
    );
    match html {
        Ok(html) => page(shown.status.unwrap_or(StatusCode::OK), &[], html),
        Err(error) => failed(&error),
    }
}

/// What the page is made of.
pub(super) struct Page<'a> {
    pub view: &'a PlanView,
    /// The send the app runs or ran; the plan shows unless it runs.
    pub progress: Option<ProgressView>,
    /// The question that states the count.
    pub confirm: bool,
    pub refusal: Option<&'a str>,
    pub test: &'a TestForm,
    pub csrf: &'a str,
}

/// The page's HTML.
pub(super) fn render(pages: &Pages, shown: &Page<'_>) -> Result<String, ServeError> {
    let running = shown
        .progress
        .as_ref()
        .is_some_and(|progress| progress.running);
    let mut context = Context::new();
    context.insert("view", shown.view);
    context.insert("progress", &shown.progress);
    context.insert("running", &running);
    context.insert("confirm", &shown.confirm);
    context.insert("refusal", &shown.refusal);
    context.insert("test", shown.test);
    context.insert("csrf", shown.csrf);
    context.insert("current", "send");
    let count = shown.view.messages;
    let mut words = BTreeMap::from([
        ("title", t!("serve-send-title")),
        ("heading", t!("serve-send-heading")),
        ("folder", t!("serve-folder")),
        ("plan", t!("serve-send-plan")),
        ("progress", t!("serve-send-progress")),
        ("send", t!("serve-send-send")),
        ("question", t!("serve-send-question", count = count)),
        ("yes", t!("serve-send-yes", count = count)),
        ("cancel", t!("serve-send-cancel")),
        ("password", t!("serve-send-password")),
        ("pause", t!("serve-send-pause")),
        ("resume", t!("serve-send-resume")),
    ]);
    test_words(&mut words);
    pages.render_page("send.html", context, &words)
}

/// The words of the test send's form (`templates/test_send.html`), for a page that includes
/// it; its values are the context's `test` ([`TestForm`]) and `csrf`.
pub(crate) fn test_words(words: &mut BTreeMap<&'static str, String>) {
    words.insert("test_heading", t!("serve-test-heading"));
    words.insert("test_address", t!("serve-test-address"));
    words.insert("test_rows", t!("serve-test-rows"));
    words.insert("test_where", t!("serve-test-where"));
    words.insert("test_send", t!("serve-test-send"));
    words.insert("password", t!("serve-send-password"));
    words.insert("password_known", t!("serve-send-password-known"));
}

#[cfg(test)]
mod tests;
