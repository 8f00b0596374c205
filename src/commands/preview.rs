//! `missive preview`: the dry-run, written for a reviewer; `--only N` writes one more `.eml`
//! into an existing preview; `--open` shows the gallery in the user's browser.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::path::Path;
use std::time::SystemTime;

use crate::cli::Common;
use crate::config::Campaign;
use crate::exit_status::ExitStatus;
use crate::filter::RowFilter;
use crate::pipeline::{Pipeline, RunError, Size, Survey};
use crate::preview::{
    self, CampaignFiles, EmptyFields, NextSteps, PreviewEnd, PreviewSetup, PreviewWriter, Review,
};
use crate::recipients::{self, RowRef};

/// What `preview` was asked for, besides the campaign.
#[derive(Debug, Clone, Copy)]
pub struct PreviewOptions<'a> {
    pub out: &'a Path,
    /// Open the gallery in a browser once written.
    pub open: bool,
    /// Write only the `.eml` of this message of an existing preview.
    pub only: Option<usize>,
}

pub fn run(common: &Common, options: PreviewOptions<'_>) -> Result<ExitStatus, RunError> {
    if let Some(number) = options.only {
        return one_eml(common, options.out, number);
    }
    let campaign = Campaign::resolve(common)?;
    let skip_invalid = campaign.skip_invalid;
    let (pipeline, rows) = Pipeline::open(campaign, SystemTime::now(), None)?;
    let count = recipients::open(&pipeline.campaign.recipients, &pipeline.campaign.read)?.count();
    let setup = PreviewSetup {
        campaign_id: pipeline.campaign.id.clone(),
        rows: count,
        next: next_steps(common, options.out, &pipeline),
        campaign_files: pipeline.composer.global_files().to_vec(),
    };
    let mut writer = PreviewWriter::create(options.out, setup)?;
    let empty = EmptyFields::new(pipeline.template.file(), rows.columns());
    // The empty fields of the rows read and not yet seen as messages: the pipeline reads a
    // batch of rows ahead, and yields their messages in the same order.
    let read_ahead = RefCell::new(VecDeque::new());
    let rows = rows.inspect(|row| {
        if let Ok(recipient) = row {
            read_ahead
                .borrow_mut()
                .push_back((recipient.at.clone(), empty.of(recipient)));
        }
    });
    let mut survey = Survey::default();
    for item in pipeline.messages(rows) {
        survey.record(&item);
        match &item {
            Ok(message) => {
                let fields = fields_of(&mut read_ahead.borrow_mut(), &message.at);
                writer.add(message, &fields)?;
            }
            Err(problem) if problem.is_warning() || skip_invalid => writer.add_problem(problem)?,
            Err(_) => {}
        }
    }
    if survey.errors > 0 && !skip_invalid {
        writer.abandon();
        return Err(RunError::InvalidRows {
            count: survey.errors,
        });
    }
    let index = writer.finish(&PreviewEnd {
        revision: pipeline.revision(),
        files: CampaignFiles::of(&pipeline),
        list: pipeline.campaign.recipients.display().to_string(),
        filter: pipeline.filter.as_ref().map(RowFilter::summary),
    })?;
    println!(
        "{} message(s), {} in all, previewed in {}",
        survey.messages,
        Size(survey.bytes),
        options.out.display()
    );
    if let Some(filter) = &pipeline.filter {
        println!("{}", filter.summary());
    }
    if survey.errors > 0 {
        println!("{} row(s) left out (listed above)", survey.errors);
    }
    println!("open {} in a browser to review them", index.display());
    if options.open {
        open_in_browser(&index);
    }
    Ok(ExitStatus::Success)
}

/// `--only N`: the `.eml` of message N, checked to be the one reviewed.
fn one_eml(common: &Common, out: &Path, number: usize) -> Result<ExitStatus, RunError> {
    let review = Review::load(out).map_err(|e| RunError::Refused(e.to_string()))?;
    let entry = review.message(number).ok_or_else(|| {
        RunError::Refused(format!(
            "the preview in `{}` has {} message(s), none numbered {number}; the numbers are those of its list",
            out.display(),
            review.manifest().messages.len()
        ))
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
        .ok_or_else(|| {
            RunError::Refused(format!(
                "row `{}` of message n° {number} is no longer in the list; preview again with `missive preview --out {}`",
                entry.plan.row,
                out.display()
            ))
        })?;
    let message = pipeline
        .messages(std::iter::once(Ok(recipient)))
        .next()
        .transpose()
        .map_err(|problem| RunError::Refused(format!("{problem}")))?
        .ok_or_else(|| RunError::Refused(format!("message n° {number} cannot be composed")))?;
    let path = preview::write_eml(&review, number, &message)?;
    println!("{}", path.display());
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
            "missive send{options} --to VOUS@{} --limit 3",
            sender_domain(pipeline)
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
fn open_in_browser(index: &Path) {
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
            println!("opening it with `{program}`");
            return;
        }
    }
    println!(
        "no browser found to open it (tried {}); open {} yourself, or set BROWSER",
        candidates
            .iter()
            .map(|(program, _)| format!("`{program}`"))
            .collect::<Vec<_>>()
            .join(", "),
        target.display()
    );
}

/// The empty fields of the row at `at`, read ahead; rows before it had no message (a
/// problem, a duplicate, another shard's) and are forgotten.
fn fields_of<F>(read_ahead: &mut VecDeque<(RowRef, Vec<F>)>, at: &RowRef) -> Vec<F> {
    while let Some((row, fields)) = read_ahead.pop_front() {
        if &row == at {
            return fields;
        }
    }
    Vec::new()
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
