//! `missive preview`: the dry-run, written for a reviewer; `--only N` writes one more `.eml`
//! into an existing preview; `--open` shows the gallery in the user's browser.

use std::path::Path;
use std::time::SystemTime;

use crate::cli::Common;
use crate::config::Campaign;
use crate::events::{Event, Observer, Summary};
use crate::exit_status::ExitStatus;
use crate::filter::RowFilter;
use crate::pipeline::{Flow, Item, Pipeline, RunError, Sink, Survey};
use crate::preview::{
    self, CampaignFiles, EmptyFields, NextSteps, PreviewEnd, PreviewError, PreviewSetup,
    PreviewWriter, Review, TemplateCopy,
};
use crate::recipients;

/// What `preview` was asked for, besides the campaign.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PreviewOptions<'a> {
    pub out: &'a Path,
    /// Open the gallery in a browser once written.
    pub open: bool,
    /// Write only the `.eml` of this message of an existing preview.
    pub only: Option<usize>,
    /// `--deny-warnings`: a warning ends the run, nothing written.
    pub deny_warnings: bool,
    /// Say which file to open in a browser to read the gallery: a person at a terminal
    /// needs it; the web app shows the gallery itself.
    pub say_where: bool,
}

/// The sink of `preview`: each message written for the reviewer, each row's fate told.
struct Writing<'o> {
    writer: PreviewWriter,
    survey: Survey,
    observer: &'o mut dyn Observer,
}

impl Sink for Writing<'_> {
    /// The row's fields the template uses that are empty.
    type Note = Vec<String>;

    fn take(&mut self, item: Item<Vec<String>>) -> Result<Flow, RunError> {
        self.survey.record(&item, self.observer, true);
        match &item.content {
            Ok((message, empty_fields)) => {
                self.writer.add(message, empty_fields, &item.findings)?;
            }
            Err(problem)
                if problem.is_warning()
                    || problem.is_suppressed()
                    || self.survey.skips_invalid() =>
            {
                self.writer.add_problem(problem)?;
            }
            Err(_) => {}
        }
        Ok(Flow::Go)
    }
}

pub(crate) fn run(
    common: &Common,
    options: PreviewOptions<'_>,
    observer: &mut dyn Observer,
) -> Result<ExitStatus, RunError> {
    if let Some(number) = options.only {
        return one_eml(common, options.out, number, observer);
    }
    // An approved folder would pass for a version nobody saw.
    preview::refuse_if_approved(options.out)?;
    let campaign = Campaign::resolve(common)?;
    let (pipeline, rows) = Pipeline::open(campaign, SystemTime::now(), None)?;
    let count = recipients::open(&pipeline.campaign.recipients, &pipeline.campaign.read)?.count();
    let setup = PreviewSetup {
        campaign_id: pipeline.campaign.id.clone(),
        rows: count,
        next: next_steps(common, options.out, &pipeline),
        campaign_files: pipeline.composer.global_files().to_vec(),
    };
    let writer = PreviewWriter::create(options.out, setup)?;
    let empty = EmptyFields::new(pipeline.template.file(), rows.columns());
    let mut sink = Writing {
        writer,
        survey: Survey::new(pipeline.campaign.skip_invalid),
        observer,
    };
    pipeline.pass(rows, &|recipient| empty.of(recipient), &mut sink)?;
    let Writing {
        writer,
        survey,
        observer,
    } = sink;
    if survey.blocks() {
        writer.abandon();
        return Err(RunError::InvalidRows {
            count: survey.errors,
            rows: survey.broken_rows,
        });
    }
    if let Err(denied) =
        survey.end_warnings(pipeline.template.file(), observer, options.deny_warnings)
    {
        writer.abandon();
        return Err(denied);
    }
    let index = writer.finish(&PreviewEnd {
        revision: pipeline.revision(),
        files: CampaignFiles::of(&pipeline),
        list: pipeline.campaign.recipients.display().to_string(),
        filter: pipeline.filter.as_ref().map(RowFilter::summary),
        template: TemplateCopy::of(pipeline.template.file()),
    })?;
    observer.tell(&|| {
        t!(
            "gallery-done",
            count = survey.messages,
            size = crate::i18n::size(survey.bytes, crate::i18n::lang()),
            out = options.out.display().to_string()
        )
    });
    if let Some(filter) = &pipeline.filter {
        observer.tell(&|| filter.summary().to_string());
    }
    if survey.skipped > 0 {
        observer.tell(&|| t!("gallery-left-out", count = survey.skipped));
    }
    survey.tell_suppressed(pipeline.suppression.as_ref(), observer);
    if options.say_where {
        observer.tell(&|| t!("gallery-open", index = index.display().to_string()));
    }
    if options.open {
        open_in_browser(&index, observer);
    }
    observer.event(&Event::Summary(&Summary {
        command: "preview",
        total: survey.messages + survey.broken_rows + survey.warnings + survey.suppressed,
        ready: Some(survey.messages),
        invalid: Some(0),
        duplicates: Some(survey.warnings),
        skipped: survey.skipped,
        suppressed: survey.suppressed,
        bytes: survey.bytes,
        exit_code: ExitStatus::Success as u8,
        ..Summary::default()
    }));
    Ok(ExitStatus::Success)
}

/// `--only N`: the `.eml` of message N, checked to be the one reviewed: from the preview
/// itself when it can, else composed again from the campaign.
fn one_eml(
    common: &Common,
    out: &Path,
    number: usize,
    observer: &mut dyn Observer,
) -> Result<ExitStatus, RunError> {
    let review = Review::load(out)?;
    if let Some(path) = preview::write_eml_from_source(&review, number)? {
        observer.tell(&|| path.display().to_string());
        return Ok(ExitStatus::Success);
    }
    let entry = review
        .message(number)
        .ok_or_else(|| PreviewError::NoSuchMessage {
            dir: out.to_path_buf(),
            number,
            count: review.manifest().messages.len(),
        })?;
    let line = entry
        .plan
        .row
        .rsplit_once(':')
        .and_then(|(_, line)| line.parse::<u64>().ok());
    let campaign = Campaign::resolve(common)?;
    let (pipeline, rows) = Pipeline::open(campaign, SystemTime::now(), None)?;
    let recipient = rows
        .filter_map(Result::ok)
        .find(|recipient| Some(recipient.at.line) == line)
        .ok_or_else(|| PreviewError::RowGone {
            row: entry.plan.row.clone(),
            number,
            dir: out.to_path_buf(),
        })?;
    let message = pipeline
        .messages(std::iter::once(Ok(recipient)))
        .next()
        .ok_or(PreviewError::RowGone {
            row: entry.plan.row.clone(),
            number,
            dir: out.to_path_buf(),
        })?
        .map_err(|problem| PreviewError::CannotCompose {
            number,
            problem: Box::new(problem),
        })?;
    let path = preview::write_eml(&review, number, &message)?;
    observer.tell(&|| path.display().to_string());
    Ok(ExitStatus::Success)
}

/// The commands the gallery gives for the next steps, with the options of this preview.
fn next_steps(common: &Common, out: &Path, pipeline: &Pipeline) -> NextSteps {
    let mut options = Vec::new();
    let mut add = |flag: &str, value: &Path| {
        options.push(flag.to_string());
        options.push(quote(&value.display().to_string()));
    };
    if let Some(file) = &common.campaign {
        add("-c", file);
    }
    if let Some(file) = &common.template {
        add("-t", file);
    }
    if let Some(file) = &common.recipients {
        add("-r", file);
    }
    for file in &common.attach {
        add("-a", file);
    }
    if let Some(shard) = common.shard {
        options.push(format!("--shard {shard}"));
    }
    let delimiter = common.delimiter.map(|d| d.to_string());
    let encoding = common.encoding.map(|e| e.flag_name().to_string());
    for (flag, value) in [
        ("--delimiter", &delimiter),
        ("--encoding", &encoding),
        ("--sheet", &common.sheet),
        ("--where", &common.filter),
    ] {
        if let Some(value) = value {
            options.push(flag.to_string());
            options.push(quote(value));
        }
    }
    for (flag, set) in [
        ("--allow-duplicates", common.allow_duplicates),
        ("--skip-invalid", common.skip_invalid),
    ] {
        if set {
            options.push(flag.to_string());
        }
    }
    let options = if options.is_empty() {
        String::new()
    } else {
        format!(" {}", options.join(" "))
    };
    let out = quote(&out.display().to_string());
    NextSteps {
        test_send: format!(
            "missive send{options} --to {}@{} --limit 3",
            t!("gallery-next-you"),
            sender_domain(pipeline)
        ),
        approve: format!(
            "missive approve {out} --by {}{options}",
            t!("gallery-next-name")
        ),
        send: format!("missive send{options} --reviewed {out}"),
        one_eml: format!("missive preview{options} --out {out} --only {{N}}"),
    }
}

/// The domain of the template's `From:` address, for the test send's example address.
fn sender_domain(pipeline: &Pipeline) -> String {
    let headers = &pipeline.template.file().headers;
    headers
        .lines()
        .find(|line| line.to_ascii_lowercase().starts_with("from:"))
        .and_then(|line| line.rsplit_once('@'))
        .map(|(_, rest)| {
            rest.chars()
                .take_while(|c| c.is_alphanumeric() || matches!(c, '.' | '-'))
                .collect::<String>()
        })
        .filter(|domain| domain.contains('.'))
        .unwrap_or_else(|| "example.org".into())
}

/// A word as a POSIX shell reads it.
fn quote(word: &str) -> String {
    let plain = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_alphanumeric() || "@%+=:,./_-".contains(c));
    if plain {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
    }
}

/// Opens the gallery in the user's browser, best effort: `$BROWSER`, then the system's
/// opener. Says so when there is none.
fn open_in_browser(index: &Path, observer: &mut dyn Observer) {
    let target = index.canonicalize().unwrap_or_else(|_| index.to_path_buf());
    let mut candidates: Vec<(String, Vec<String>)> = Vec::new();
    if let Ok(browser) = std::env::var("BROWSER")
        && !browser.trim().is_empty()
    {
        candidates.push((browser, Vec::new()));
    }
    let system: &[(&str, &[&str])] = if cfg!(target_os = "macos") {
        &[("open", &[])]
    } else if cfg!(windows) {
        &[("cmd", &["/C", "start", ""])]
    } else {
        &[("xdg-open", &[]), ("gio", &["open"])]
    };
    for (program, args) in system {
        candidates.push((
            (*program).to_string(),
            args.iter().map(|a| (*a).to_string()).collect(),
        ));
    }
    for (program, args) in &candidates {
        let started = std::process::Command::new(program)
            .args(args)
            .arg(&target)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn();
        if started.is_ok() {
            observer.tell(&|| t!("gallery-opening", program = program.as_str()));
            return;
        }
    }
    observer.tell(&|| {
        t!(
            "gallery-no-browser",
            tried = candidates
                .iter()
                .map(|(program, _)| format!("`{program}`"))
                .collect::<Vec<_>>()
                .join(", "),
            index = target.display().to_string()
        )
    });
}

#[cfg(test)]
mod tests {
    use super::quote;

    #[test]
    fn words_are_quoted_only_when_the_shell_needs_it() {
        assert_eq!(quote("revue"), "revue");
        assert_eq!(quote("listes/école 2021.csv"), "'listes/école 2021.csv'");
        assert_eq!(quote("l'école"), "'l'\\''école'");
    }
}
