//! The Recipients page's content: how the list campaign.toml names was read (its file, its
//! format, encoding, delimiter or sheet, its columns, its rows), its first rows, and every
//! problem `check` finds at its row; with a filter, how many rows it keeps. All of it from
//! `check`'s own pass (`commands::check::run`): its `ListOpened`, `Row` and `ListRead`
//! events, the list read once.

use std::path::Path;
use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Serialize;

use super::campaign_page::{Shown, common, missing};
use super::{App, failed, let_in, list_upload, page};
use crate::cli::CheckArgs;
use crate::error::RunError;
use crate::events::{Event, Observer, RowState};
use crate::recipients::ListShape;

/// What the page shows of the campaign's list.
#[derive(Debug, Clone, Default, Serialize)]
pub(crate) struct RecipientsView {
    /// The campaign folder, as given.
    pub folder: String,
    /// No campaign.toml in the folder: what to do instead.
    pub missing: Option<String>,
    /// The list's file.
    pub file: Option<String>,
    /// How it was read, in words, a fact a line: format, encoding, delimiter or sheet.
    pub how: Vec<Fact>,
    /// The list's columns.
    pub columns: Vec<String>,
    /// The rows read, in words ("12 rows"), once the list was read to its end.
    pub rows: Option<String>,
    /// The filter's expression, as typed.
    pub filter: Option<String>,
    /// How many rows the filter keeps, in words.
    pub matched: Option<String>,
    /// The filter's own error, in words.
    pub filter_error: Option<String>,
    /// The first rows, their values in the columns' order.
    pub first: Vec<Vec<String>>,
    /// How many rows the table shows, in words, when it shows fewer than the list has.
    pub first_said: Option<String>,
    /// Errors and warnings of the check, "row 7: …" first when on a row.
    pub problems: Vec<Shown>,
}

pub(super) fn routes() -> Router<Arc<App>> {
    Router::new()
        .route("/recipients", get(recipients))
        .route("/recipients/list", post(list_upload::given))
}

/// `GET /recipients[?where=EXPR]`: the Recipients page, the list read by `check`'s pass
/// (with `--where EXPR`).
async fn recipients(State(app): State<Arc<App>>, headers: HeaderMap, uri: Uri) -> Response {
    let session = match let_in(&app, &headers) {
        Ok(session) => session,
        Err(refusal) => return refusal,
    };
    let filter = uri.query().and_then(|query| {
        url::form_urlencoded::parse(query.as_bytes())
            .find(|(name, _)| name == "where")
            .map(|(_, value)| value.trim().to_owned())
            .filter(|value| !value.is_empty())
    });
    show(app, session.csrf, filter, None, None, StatusCode::OK).await
}

/// The Recipients page, the list read off the connections' threads; `kept` or `not_kept`
/// says how a list given through the page went.
pub(super) async fn show(
    app: Arc<App>,
    csrf: String,
    filter: Option<String>,
    kept: Option<String>,
    not_kept: Option<String>,
    status: StatusCode,
) -> Response {
    let folder = app.folder.clone();
    let Ok(view) = tokio::task::spawn_blocking(move || view(&folder, filter.as_deref())).await
    else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    match app
        .pages
        .recipients(&view, &csrf, kept.as_deref(), not_kept.as_deref())
    {
        Ok(html) => page(status, &[], html),
        Err(error) => failed(&error),
    }
}

/// One fact of how the list was read: its name and its value, in words.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Fact {
    pub name: String,
    pub value: String,
}

impl Fact {
    fn new(name: String, value: String) -> Self {
        Self { name, value }
    }
}

/// The check's events, kept for the page.
#[derive(Default)]
struct Collecting {
    file: Option<String>,
    shape: Option<ListShape>,
    columns: Vec<String>,
    rows: Option<usize>,
    matched: Option<usize>,
    first: Vec<Vec<String>>,
    problems: Vec<Shown>,
}

impl Observer for Collecting {
    fn event(&mut self, event: &Event<'_>) {
        match event {
            Event::ListOpened {
                file,
                shape,
                columns,
                ..
            } => {
                self.file = Some(file.display().to_string());
                self.shape = Some((*shape).clone());
                self.columns = columns.to_vec();
            }
            Event::ListRead {
                rows,
                first,
                matched,
            } => {
                self.rows = Some(*rows);
                self.matched = *matched;
                self.first = first.iter().map(|row| row.values.clone()).collect();
            }
            Event::Row(row) => {
                let (kind, problem) = match row.state {
                    RowState::Ready { .. } => return,
                    RowState::Invalid(problem) | RowState::Skipped(problem) => ("error", problem),
                    RowState::Duplicate(problem) | RowState::Suppressed(problem) => {
                        ("warning", problem)
                    }
                };
                let text = problem.to_string();
                let text = match row.at {
                    Some(at) => t!(
                        "serve-at-row",
                        row = at.line,
                        problem = without_place(&text, &at.to_string())
                    ),
                    None => text,
                };
                self.problems.push(Shown::new(kind, None, text));
            }
            Event::Notice(notice) => {
                self.problems
                    .push(Shown::new("warning", None, notice.to_string()));
            }
            _ => {}
        }
    }

    fn say(&mut self, _line: &str) {}
}

/// `text` without the place it starts with (`list.csv:7: …`): the page says the row itself.
fn without_place(text: &str, place: &str) -> String {
    text.strip_prefix(place)
        .map_or(text, |rest| {
            rest.trim_start_matches(|c: char| c == ':' || c.is_whitespace())
        })
        .to_owned()
}

/// A delimiter in words.
fn delimiter_in_words(delimiter: u8) -> String {
    match delimiter {
        b';' => t!("serve-delimiter-semicolon"),
        b',' => t!("serve-delimiter-comma"),
        b'\t' => t!("serve-delimiter-tab"),
        other => t!(
            "serve-delimiter-other",
            delimiter = char::from(other).to_string()
        ),
    }
}

/// How the list was read, a fact a line.
fn how(shape: &ListShape) -> Vec<Fact> {
    match shape {
        ListShape::Text {
            encoding,
            delimiter,
        } => vec![
            Fact::new(t!("serve-list-format"), t!("serve-list-text")),
            Fact::new(t!("serve-list-encoding"), encoding.clone()),
            Fact::new(t!("serve-list-delimiter"), delimiter_in_words(*delimiter)),
        ],
        ListShape::Sheet { kind, sheet } => vec![
            Fact::new(
                t!("serve-list-format"),
                t!("serve-list-sheet-kind", kind = kind.as_str()),
            ),
            Fact::new(t!("serve-list-sheet"), sheet.clone()),
        ],
    }
}

/// `missive check --where FILTER` on the campaign of `folder`, its events to `collecting`.
fn checked(
    folder: &Path,
    filter: Option<&str>,
    collecting: &mut Collecting,
) -> Result<crate::exit_status::ExitStatus, RunError> {
    let mut args = CheckArgs {
        common: common(folder),
        ..CheckArgs::default()
    };
    args.common.filter = filter.map(str::to_owned);
    crate::commands::check::run(&args, collecting)
}

/// Reads the campaign's list through `check`'s pass, with `filter` as `--where`. Blocking.
pub(crate) fn view(folder: &Path, filter: Option<&str>) -> RecipientsView {
    let mut view = RecipientsView {
        folder: folder.display().to_string(),
        filter: filter.map(str::to_owned),
        ..RecipientsView::default()
    };
    view.missing = missing(folder);
    if view.missing.is_some() {
        return view;
    }
    let mut collecting = Collecting::default();
    match checked(folder, filter, &mut collecting) {
        // The filter is refused before the list is read: the page shows the list without it.
        Err(error @ RunError::Filter(_)) => {
            view.filter_error = Some(error.to_string());
            collecting = Collecting::default();
            if let Err(error) = checked(folder, None, &mut collecting) {
                collecting
                    .problems
                    .push(Shown::new("error", None, error.to_string()));
            }
        }
        Err(error) => collecting
            .problems
            .push(Shown::new("error", None, error.to_string())),
        Ok(_) => {}
    }
    view.file = collecting.file;
    view.how = collecting.shape.as_ref().map(how).unwrap_or_default();
    view.columns = collecting.columns;
    view.rows = collecting
        .rows
        .map(|rows| t!("serve-list-rows", count = rows));
    if let (Some(matched), Some(rows), Some(expression)) =
        (collecting.matched, collecting.rows, filter)
    {
        view.matched = Some(t!(
            "serve-filter-matched",
            matched = matched,
            total = rows,
            expression = expression
        ));
    }
    if collecting
        .rows
        .is_some_and(|rows| rows > collecting.first.len())
    {
        view.first_said = Some(t!("serve-first-rows", count = collecting.first.len()));
    }
    view.first = collecting.first;
    view.problems = collecting.problems;
    view
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_s_place_is_said_once() {
        assert_eq!(
            without_place("liste.csv:7: pas une adresse", "liste.csv:7"),
            "pas une adresse"
        );
        assert_eq!(without_place("autre chose", "liste.csv:7"), "autre chose");
    }

    #[test]
    fn how_a_list_was_read_is_said_in_french_with_no_english_left() {
        use crate::i18n::{Lang, audit::english_left, in_lang};
        let text = ListShape::Text {
            encoding: "UTF-8".into(),
            delimiter: b'\t',
        };
        let sheet = ListShape::Sheet {
            kind: "xlsx".into(),
            sheet: "Écoles".into(),
        };
        let said = in_lang(Lang::Fr, || {
            [how(&text), how(&sheet)]
                .concat()
                .iter()
                .map(|fact| format!("{} {}", fact.name, fact.value))
                .collect::<Vec<_>>()
                .join(" ; ")
        });
        assert_eq!(english_left(&said), Vec::<String>::new(), "{said}");
        for words in ["Séparateur tabulation", "Feuille Écoles", "classeur (xlsx)"] {
            assert!(said.contains(words), "{words}: {said}");
        }
        let english = in_lang(Lang::En, || how(&sheet));
        assert_eq!(english[0].value, "spreadsheet (xlsx)");
    }

    #[test]
    fn the_delimiter_is_said_in_words() {
        use crate::i18n::{Lang, in_lang};
        assert!(in_lang(Lang::Fr, || delimiter_in_words(b';')).contains("point-virgule"));
        assert!(in_lang(Lang::En, || delimiter_in_words(b',')).contains("comma"));
        assert!(in_lang(Lang::Fr, || delimiter_in_words(b'\t')).contains("tabulation"));
    }
}
