//! The Campaign page's content: the template's text by line, the list's columns, and what
//! `missive check` finds. The check is `check`'s own run (`commands::check::run`), with an
//! observer that keeps its events for the page instead of printing them.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::cli::{CheckArgs, Common};
use crate::config::{CAMPAIGN_FILE, Campaign};
use crate::error::RunError;
use crate::events::{Event, Observer, RowState};
use crate::pipeline::Problem;

/// What the page shows of a campaign folder.
#[derive(Debug, Clone, Default, Serialize)]
pub(crate) struct CampaignView {
    /// The campaign folder, as given.
    pub folder: String,
    /// No campaign.toml in the folder: what to do instead.
    pub missing: Option<String>,
    /// The template file campaign.toml names.
    pub template_file: Option<String>,
    /// The template's text, whole, for the editor.
    pub text: String,
    /// The template's lines, numbered from 1.
    pub lines: Vec<Line>,
    /// The list's columns.
    pub columns: Vec<String>,
    /// Errors and warnings of the check, each with its line when it has one.
    pub problems: Vec<Shown>,
    /// The check's own lines for a person (messages ready, the sending plan).
    pub said: Vec<String>,
}

/// One line of the template.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Line {
    pub number: usize,
    pub text: String,
    /// A problem of the check is on this line.
    pub flagged: bool,
}

/// One problem as the page says it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Shown {
    /// `error` or `warning`.
    pub kind: &'static str,
    /// The template's line, when the problem is on one.
    pub line: Option<usize>,
    /// The words, "line 4: …" first when it is on a line.
    pub text: String,
}

impl Shown {
    pub(crate) fn new(kind: &'static str, line: Option<usize>, problem: String) -> Self {
        let text = match line {
            Some(line) => t!("serve-at-line", line = line, problem = problem),
            None => problem,
        };
        Self { kind, line, text }
    }
}

/// The check's events, kept for the page.
#[derive(Default)]
struct Collecting {
    problems: Vec<Shown>,
    said: Vec<String>,
}

impl Observer for Collecting {
    fn event(&mut self, event: &Event<'_>) {
        match event {
            Event::Row(row) => match row.state {
                RowState::Ready { .. } => {}
                RowState::Invalid(problem) | RowState::Skipped(problem) => {
                    self.problems
                        .push(Shown::new("error", line_of(problem), problem.to_string()));
                }
                RowState::Duplicate(problem) | RowState::Suppressed(problem) => {
                    self.problems.push(Shown::new(
                        "warning",
                        line_of(problem),
                        problem.to_string(),
                    ));
                }
            },
            Event::Notice(notice) => {
                self.problems
                    .push(Shown::new("warning", None, notice.to_string()));
            }
            _ => {}
        }
    }

    fn say(&mut self, line: &str) {
        self.said.push(line.to_owned());
    }
}

/// The template's line a row's problem is on, when it is on one.
fn line_of(problem: &Problem) -> Option<usize> {
    match problem {
        Problem::Render(error) => Some(error.line()),
        Problem::EmptyAddress { line, .. } => Some(*line),
        _ => None,
    }
}

/// The campaign file of `folder`.
pub(crate) fn campaign_file(folder: &Path) -> PathBuf {
    folder.join(CAMPAIGN_FILE)
}

/// What to do when `folder` has no campaign.toml; `None` when it has one.
pub(crate) fn missing(folder: &Path) -> Option<String> {
    let shown = folder.display().to_string();
    (!campaign_file(folder).is_file()).then(|| {
        t!(
            "serve-no-campaign",
            folder = shown.as_str(),
            command = format!("missive init {shown}")
        )
    })
}

/// The campaign of `folder`, as `check` resolves it.
pub(crate) fn resolve(folder: &Path) -> Result<Campaign, RunError> {
    Ok(Campaign::resolve(&common(folder))?)
}

pub(crate) fn common(folder: &Path) -> Common {
    Common {
        campaign: Some(campaign_file(folder)),
        ..Common::default()
    }
}

/// Reads the campaign of `folder` and checks it, as `missive check` does. Blocking.
pub(crate) fn view(folder: &Path) -> CampaignView {
    let mut view = CampaignView {
        folder: folder.display().to_string(),
        ..CampaignView::default()
    };
    view.missing = missing(folder);
    if view.missing.is_some() {
        return view;
    }
    let campaign = match resolve(folder) {
        Ok(campaign) => campaign,
        Err(error) => {
            view.problems
                .push(Shown::new("error", None, error.to_string()));
            return view;
        }
    };
    view.template_file = Some(campaign.template.display().to_string());
    match std::fs::read(&campaign.template) {
        Ok(bytes) => view.text = String::from_utf8_lossy(&bytes).into_owned(),
        Err(error) => view.problems.push(Shown::new(
            "error",
            None,
            t!(
                "serve-unreadable",
                file = campaign.template.display().to_string(),
                error = crate::i18n::system(&error)
            ),
        )),
    }
    view.lines = view
        .text
        .lines()
        .enumerate()
        .map(|(index, text)| Line {
            number: index + 1,
            text: text.to_owned(),
            flagged: false,
        })
        .collect();
    // The list's columns, read by the list's own stage; a list that cannot be read is the
    // check's problem, said below.
    if let Ok(rows) = crate::recipients::open(&campaign.recipients, &campaign.read) {
        view.columns = rows.columns().to_vec();
    }
    let args = CheckArgs {
        common: common(folder),
        ..CheckArgs::default()
    };
    let mut collecting = Collecting::default();
    if let Err(error) = crate::commands::check::run(&args, &mut collecting) {
        let line = match &error {
            RunError::Template(template) => template.line(),
            _ => None,
        };
        let text = error.to_string();
        // The page says the line itself, beside the template.
        let text = line
            .map(|line| format!("{}:{line}", campaign.template.display()))
            .and_then(|place| text.strip_prefix(&place))
            .map(|rest| rest.trim_start_matches(|c: char| c == ':' || c.is_whitespace()))
            .map_or_else(|| text.clone(), str::to_owned);
        collecting.problems.push(Shown::new("error", line, text));
    }
    for line in &mut view.lines {
        line.flagged = collecting
            .problems
            .iter()
            .any(|problem| problem.line == Some(line.number));
    }
    view.problems = collecting.problems;
    view.said = collecting.said;
    view
}

/// Writes `text` into the template file campaign.toml names, with the file's own line
/// ends (a browser sends CRLF); through a file beside it, so that a failed write leaves
/// the template as it was.
pub(crate) fn save_template(folder: &Path, text: &str) -> Result<(), String> {
    let campaign = resolve(folder).map_err(|error| error.to_string())?;
    let path = campaign.template;
    let crlf = std::fs::read(&path).is_ok_and(|bytes| bytes.windows(2).any(|pair| pair == b"\r\n"));
    let text = if crlf {
        text.to_owned()
    } else {
        text.replace("\r\n", "\n")
    };
    let beside = path.with_extension("missive-saving");
    let written = std::fs::write(&beside, text).and_then(|()| std::fs::rename(&beside, &path));
    written.map_err(|error| {
        let _ = std::fs::remove_file(&beside);
        t!(
            "serve-not-saved",
            file = path.display().to_string(),
            error = crate::i18n::system(&error)
        )
    })
}
