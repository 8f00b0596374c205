//! `missive serve`'s web app: the routes and who may use them. A request without the
//! session the printed address's token grants is refused (403); a form is taken only from the
//! app's own origin with its session's form token ([`access`]). The pages show what the
//! command line's stages find, through the same pipeline ([`campaign_page`]). While the
//! folder has no campaign, every page is the start page ([`start_page`]); a file given
//! through a page stays inside the campaign folder ([`upload`]).

mod access;
mod campaign_page;
mod error;
mod gallery_files;
mod gallery_view;
mod list_upload;
mod pages;
mod preview_page;
mod recipients_page;
mod results_page;
mod review_page;
mod run;
mod run_view;
mod send_page;
mod start_page;
mod upload;

use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::header::{
    CACHE_CONTROL, CONTENT_SECURITY_POLICY, LOCATION, REFERRER_POLICY, SET_COOKIE,
};
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};

pub(crate) use access::random_token;
pub(crate) use error::ServeError;

/// What every request of one `missive serve` shares.
pub(crate) struct App {
    folder: PathBuf,
    access: access::Access,
    pages: pages::Pages,
    /// The send the app runs or ran last.
    runs: Arc<run::Runs>,
    /// The test sends' outcomes to show on the page their form came from.
    tested: send_page::Tested,
}

impl App {
    /// The app for the campaign folder `folder`, listening on `port`, opened by `token`.
    pub(crate) fn new(folder: PathBuf, port: u16, token: String) -> Result<Self, ServeError> {
        Ok(Self {
            folder,
            access: access::Access::new(token, port),
            pages: pages::Pages::new()?,
            runs: Arc::default(),
            tested: send_page::Tested::default(),
        })
    }

    /// Stops the send the app runs, if any, as a first Ctrl-C stops `send` (Ctrl-C on
    /// `missive serve`), and waits up to `within` for it to end; whether none runs now.
    pub(crate) fn stop_send(&self, within: std::time::Duration) -> bool {
        self.runs.pause();
        self.runs.wait(within)
    }
}

/// The routes.
pub(crate) fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/", get(campaign))
        .route("/template", post(save_template))
        .merge(recipients_page::routes())
        .merge(start_page::routes())
        .merge(preview_page::routes())
        .merge(review_page::routes())
        .merge(send_page::routes())
        .merge(results_page::routes())
        .fallback(elsewhere)
        .layer(axum::middleware::from_fn_with_state(
            Arc::clone(&app),
            start_page::to_start,
        ))
        .with_state(app)
}

/// `GET /`: the Campaign page; with the address's token, a session first.
async fn campaign(State(app): State<Arc<App>>, headers: HeaderMap, uri: Uri) -> Response {
    let token = uri.query().and_then(|query| {
        url::form_urlencoded::parse(query.as_bytes())
            .find(|(name, _)| name == "token")
            .map(|(_, value)| value.into_owned())
    });
    if let Some(token) = token {
        if !app.access.is_token(&token) {
            return refused(&app);
        }
        // The token leaves the address bar: the page is shown again without it.
        return match app.access.open_session() {
            Ok(cookie) => page(
                StatusCode::SEE_OTHER,
                &[(SET_COOKIE, cookie), (LOCATION, "/".to_owned())],
                String::new(),
            ),
            Err(error) => failed(&error),
        };
    }
    let Some(session) = app.access.session(&headers) else {
        return refused(&app);
    };
    show_campaign(app, session.csrf, None, None).await
}

/// `POST /template`: saves the edited template, then shows the page with the new check.
async fn save_template(State(app): State<Arc<App>>, headers: HeaderMap, body: Bytes) -> Response {
    let (session, fields) = match posted(&app, &headers, &body) {
        Ok(posted) => posted,
        Err(refusal) => return refusal,
    };
    let text = fields
        .into_iter()
        .find(|(name, _)| name == "text")
        .map(|(_, value)| value);
    let Some(text) = text else {
        return show_campaign(app, session.csrf, None, None).await;
    };
    let folder = app.folder.clone();
    let saved =
        tokio::task::spawn_blocking(move || campaign_page::save_template(&folder, &text)).await;
    match saved {
        Ok(Ok(())) => show_campaign(app, session.csrf, Some(t!("serve-saved")), None).await,
        Ok(Err(not_saved)) => show_campaign(app, session.csrf, None, Some(not_saved)).await,
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// The session of a request, or the 403 to answer it with.
fn let_in(app: &App, headers: &HeaderMap) -> Result<access::Session, Response> {
    app.access.session(headers).ok_or_else(|| refused(app))
}

/// A form posted by a session from the app's own origin with its form token: the session and
/// the form's fields, in their order; or the 403 to answer it with. The form token's own
/// field, `csrf`, is among them.
fn posted(
    app: &App,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<(access::Session, Vec<(String, String)>), Response> {
    let session = let_in(app, headers)?;
    let fields: Vec<(String, String)> = url::form_urlencoded::parse(body)
        .map(|(name, value)| (name.into_owned(), value.into_owned()))
        .collect();
    let csrf = fields
        .iter()
        .find(|(name, _)| name == "csrf")
        .map_or("", |(_, value)| value.as_str());
    if !app.access.may_post(headers, &session, csrf) {
        return Err(refused(app));
    }
    Ok((session, fields))
}

/// Any other address: 403 without a session, 404 with one.
async fn elsewhere(State(app): State<Arc<App>>, headers: HeaderMap) -> Response {
    if app.access.session(&headers).is_none() {
        return refused(&app);
    }
    StatusCode::NOT_FOUND.into_response()
}

/// The Campaign page, the check run off the connections' threads.
async fn show_campaign(
    app: Arc<App>,
    csrf: String,
    saved: Option<String>,
    not_saved: Option<String>,
) -> Response {
    let folder = app.folder.clone();
    let Ok(view) = tokio::task::spawn_blocking(move || campaign_page::view(&folder)).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    match app
        .pages
        .campaign(&view, &csrf, saved.as_deref(), not_saved.as_deref())
    {
        Ok(html) => page(StatusCode::OK, &[], html),
        Err(error) => failed(&error),
    }
}

/// 403, with a short page in the run's language.
fn refused(app: &App) -> Response {
    match app.pages.refused() {
        Ok(html) => page(StatusCode::FORBIDDEN, &[], html),
        Err(error) => failed(&error),
    }
}

/// 500, saying what went wrong.
fn failed(error: &ServeError) -> Response {
    (StatusCode::INTERNAL_SERVER_ERROR, error.to_string()).into_response()
}

/// A page that no other site may frame, that no cache keeps, and whose address goes to no
/// other site. `same-origin`, not `no-referrer`: under `no-referrer` a browser sends
/// `Origin: null` with the page's own forms, which the origin check must then refuse.
fn page(
    status: StatusCode,
    headers: &[(axum::http::HeaderName, String)],
    html: String,
) -> Response {
    let mut response = (status, Html(html)).into_response();
    let all = response.headers_mut();
    all.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    all.insert(REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    all.insert(
        CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'none'; form-action 'self'"),
    );
    for (name, value) in headers {
        if let Ok(value) = HeaderValue::from_str(value) {
            all.append(name, value);
        }
    }
    response
}
