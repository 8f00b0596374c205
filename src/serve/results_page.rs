//! The Results page: what `missive status` says and the per-recipient report of `missive
//! report`, each through its command's own code; "Rapport" downloads the report as `report
//! --format csv` writes it in the interface's language; failed and deferred rows can be sent
//! again (`send --retry-failed`, confirmed on the Send page).

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Serialize;
use tera::Context;

use super::campaign_page::{common, missing};
use super::pages::Pages;
use super::{App, ServeError, failed, let_in, page};
use crate::cli::{ReportArgs, ReportFormat};
use crate::commands::report;

/// The page's routes.
pub(super) fn routes() -> Router<Arc<App>> {
    Router::new()
        .route("/results", get(results))
        .route("/results/report.csv", get(report_csv))
}

/// What the page shows.
#[derive(Debug, Clone, Default, Serialize)]
pub(crate) struct ResultsView {
    pub folder: String,
    pub missing: Option<String>,
    /// What `missive status` says.
    pub status: Vec<String>,
    /// The report's lines.
    pub rows: Vec<ReportRow>,
    /// Some rows failed or are deferred: they can be sent again.
    pub retry: bool,
    pub error: Option<String>,
}

/// One line of the report.
#[derive(Debug, Clone, Default, Serialize)]
pub(crate) struct ReportRow {
    pub row: String,
    pub to: String,
    /// The state, in the interface's words.
    pub state: String,
    /// `sent`, `failed`…, for the page's style.
    pub kind: String,
    pub reply: String,
}

/// The report's arguments for the campaign of `folder`.
fn report_args(folder: &Path, format: ReportFormat) -> ReportArgs {
    ReportArgs {
        common: common(folder),
        format,
        output: None,
        excel: false,
    }
}

/// Status and report of `folder`'s journal, by their commands' code. Blocking.
pub(crate) fn view(folder: &Path) -> ResultsView {
    let mut view = ResultsView {
        folder: folder.display().to_string(),
        missing: missing(folder),
        ..ResultsView::default()
    };
    if view.missing.is_some() {
        return view;
    }
    let (status, said) = crate::stdout::captured(|| crate::commands::status::run(&common(folder)));
    view.status = said;
    if let Err(error) = status {
        view.error = Some(error.to_string());
        return view;
    }
    let mut lines = Vec::new();
    let args = report_args(folder, ReportFormat::Jsonl);
    // No journal yet: status said so.
    if report::write_to(&args, &mut lines, Path::new("report")).is_err() {
        return view;
    }
    view.rows = String::from_utf8_lossy(&lines)
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .map(|entry| row(&entry))
        .collect();
    view.retry = view
        .rows
        .iter()
        .any(|row| row.kind == "failed" || row.kind == "deferred");
    view
}

/// A report line as the table shows it.
fn row(entry: &serde_json::Value) -> ReportRow {
    let text = |key: &str| match &entry[key] {
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(text) => text.clone(),
        other => other.to_string(),
    };
    let kind = text("status");
    let state = match kind.as_str() {
        "pending" => t!("serve-results-pending"),
        "sending" => t!("serve-results-sending"),
        "sent" => t!("serve-results-sent"),
        "failed" => t!("serve-results-failed"),
        "deferred" => t!("serve-results-deferred"),
        "uncertain" => t!("serve-results-uncertain"),
        "drafted" => t!("serve-results-drafted"),
        other => other.to_owned(),
    };
    // `FILE:LINE`: the page names the file once, the row by its line.
    let place = text("row");
    let row = place
        .rsplit_once(':')
        .map_or_else(|| place.clone(), |(_, line)| line.to_owned());
    ReportRow {
        row,
        to: text("to"),
        state,
        kind,
        reply: text("reply"),
    }
}

/// `GET /results`.
async fn results(State(app): State<Arc<App>>, headers: HeaderMap) -> Response {
    if let Err(refusal) = let_in(&app, &headers) {
        return refusal;
    }
    let folder = app.folder.clone();
    let Ok(view) = tokio::task::spawn_blocking(move || view(&folder)).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    match render(&app.pages, &view) {
        Ok(html) => page(StatusCode::OK, &[], html),
        Err(error) => failed(&error),
    }
}

/// The page's HTML.
pub(super) fn render(pages: &Pages, view: &ResultsView) -> Result<String, ServeError> {
    let mut context = Context::new();
    context.insert("view", view);
    context.insert("current", "results");
    let words = BTreeMap::from([
        ("title", t!("serve-results-title")),
        ("heading", t!("serve-results-heading")),
        ("folder", t!("serve-folder")),
        ("status", t!("serve-results-status")),
        ("report", t!("serve-results-report")),
        ("download", t!("serve-results-download")),
        ("retry", t!("serve-results-retry")),
        ("empty", t!("serve-results-empty")),
        ("row", t!("report-column-row")),
        ("to", t!("report-column-to")),
        ("state", t!("report-column-status")),
        ("reply", t!("report-column-reply")),
    ]);
    pages.render_page("results.html", context, &words)
}

/// `GET /results/report.csv`: "Rapport", the CSV `report --format csv` writes (French: `;`,
/// a byte-order mark, CRLF), as a download.
async fn report_csv(State(app): State<Arc<App>>, headers: HeaderMap) -> Response {
    if let Err(refusal) = let_in(&app, &headers) {
        return refusal;
    }
    let folder = app.folder.clone();
    let Ok(written) = tokio::task::spawn_blocking(move || {
        let mut csv = Vec::new();
        let args = report_args(&folder, ReportFormat::Csv);
        report::write_to(&args, &mut csv, Path::new("report.csv")).map(|_| csv)
    })
    .await
    else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let csv = match written {
        Ok(csv) => csv,
        Err(error) => return (StatusCode::NOT_FOUND, error.to_string()).into_response(),
    };
    let file = t!("serve-results-file");
    let disposition = format!("attachment; filename=\"{file}\"");
    let mut response = csv.into_response();
    let all = response.headers_mut();
    all.insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    all.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        all.insert(CONTENT_DISPOSITION, value);
    }
    response
}
