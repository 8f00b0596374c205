//! The start page: a folder with no campaign (no campaign.toml) offers to make one, from the
//! sample (`missive init DIR`'s own code, `commands::init::run`) or from a received email
//! saved as .eml (`missive init --from-eml FILE DIR`'s, `commands::init_from_eml::run`), the
//! .eml given through the page and kept in the folder. Once made, the Campaign page. Every
//! page asked for while there is no campaign sends the person here.

use std::path::Path;
use std::sync::Arc;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::header::LOCATION;
use axum::http::{HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Serialize;

use super::campaign_page::campaign_file;
use super::upload::{self, Refused};
use super::{App, failed, let_in, page, posted};

/// The start page's address.
const START: &str = "/start";

/// What the start page shows.
#[derive(Debug, Clone, Default, Serialize)]
pub(crate) struct StartView {
    /// The campaign folder, as given.
    pub folder: String,
    /// What went wrong with the last attempt, in words.
    pub not_made: Option<String>,
}

pub(super) fn routes() -> Router<Arc<App>> {
    Router::new()
        .route(START, get(start))
        .route("/start/sample", post(sample))
        .route("/start/eml", post(from_eml))
}

/// Before every page: while the folder has no campaign, a page asked for by a person let in
/// is the start page. The address with the token, the start page itself, forms and files
/// (a script, a style sheet: a name with a dot) go on.
pub(super) async fn to_start(
    State(app): State<Arc<App>>,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path();
    let stays = request.method() != Method::GET
        || path.starts_with(START)
        || path
            .rsplit('/')
            .next()
            .is_some_and(|last| last.contains('.'))
        || campaign_file(&app.folder).is_file()
        || app.access.session(request.headers()).is_none();
    if stays {
        return next.run(request).await;
    }
    see_other(START)
}

/// `GET /start`: the start page; the Campaign page once there is a campaign.
async fn start(State(app): State<Arc<App>>, headers: HeaderMap) -> Response {
    let session = match let_in(&app, &headers) {
        Ok(session) => session,
        Err(refusal) => return refusal,
    };
    if campaign_file(&app.folder).is_file() {
        return see_other("/");
    }
    show(&app, &session.csrf, None, StatusCode::OK)
}

/// `POST /start/sample`: the sample campaign written into the folder, as `missive init`.
async fn sample(State(app): State<Arc<App>>, headers: HeaderMap, body: Bytes) -> Response {
    let session = match posted(&app, &headers, &body) {
        Ok((session, _)) => session,
        Err(refusal) => return refusal,
    };
    let folder = app.folder.clone();
    match tokio::task::spawn_blocking(move || crate::commands::init::run(&folder)).await {
        Ok(Ok(_)) => see_other("/"),
        Ok(Err(error)) => show(
            &app,
            &session.csrf,
            Some(error.to_string()),
            StatusCode::CONFLICT,
        ),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// `POST /start/eml`: the received email kept in the folder, then the campaign relaying it,
/// as `missive init --from-eml`; the .eml taken back out when no campaign came of it.
async fn from_eml(State(app): State<Arc<App>>, headers: HeaderMap, body: Body) -> Response {
    let (session, form) = match upload::posted_file(&app, &headers, body).await {
        Ok(posted) => posted,
        Err(refusal) => return refusal,
    };
    let form = match form {
        Ok(form) => form,
        Err(refused) => return show(&app, &session.csrf, Some(refused.said()), refused.status()),
    };
    let Some(file) = form.file("eml") else {
        return show(
            &app,
            &session.csrf,
            Some(Refused::NoFile.said()),
            StatusCode::BAD_REQUEST,
        );
    };
    if !upload::is_kind(&file.name, &["eml"]) {
        let refused = Refused::Kind {
            name: file.name.clone(),
            kinds: ".eml".into(),
        };
        return show(&app, &session.csrf, Some(refused.said()), refused.status());
    }
    let folder = app.folder.clone();
    let (name, bytes) = (file.name.clone(), file.bytes.clone());
    let made = tokio::task::spawn_blocking(move || made_from_eml(&folder, &name, &bytes)).await;
    match made {
        Ok(Ok(())) => see_other("/"),
        Ok(Err(not_made)) => show(&app, &session.csrf, Some(not_made), StatusCode::CONFLICT),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// Keeps the .eml in `folder` and makes the campaign from it; blocking.
fn made_from_eml(folder: &Path, name: &str, bytes: &[u8]) -> Result<(), String> {
    // `missive serve NEW-FOLDER`: made here, as `init` makes it.
    std::fs::create_dir_all(folder).map_err(|error| {
        Refused::Unwritten {
            name: name.to_owned(),
            error: crate::i18n::system(&error),
        }
        .said()
    })?;
    let eml = upload::save_new(folder, name, bytes).map_err(|refused| refused.said())?;
    crate::commands::init_from_eml::run(&eml, folder, None)
        .map(|_| ())
        .map_err(|error| {
            let _ = std::fs::remove_file(&eml);
            error.to_string()
        })
}

fn show(app: &App, csrf: &str, not_made: Option<String>, status: StatusCode) -> Response {
    let view = StartView {
        folder: app.folder.display().to_string(),
        not_made,
    };
    match app.pages.start(&view, csrf) {
        Ok(html) => page(status, &[], html),
        Err(error) => failed(&error),
    }
}

fn see_other(to: &str) -> Response {
    page(
        StatusCode::SEE_OTHER,
        &[(LOCATION, to.to_owned())],
        String::new(),
    )
}
