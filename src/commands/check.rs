//! `missive check`: load, render and compose every row; report every problem; send nothing.

use std::time::SystemTime;

use crate::cli::CheckArgs;
use crate::commands::send::pace;
use crate::config::{Campaign, Pace};
use crate::deliver::RelayUrl;
use crate::events::{Event, Observer, Summary};
use crate::exit_status::ExitStatus;
use crate::pipeline::{Flow, Item, Pipeline, RunError, Sink, Survey};
use crate::units::Size;

/// The sink of `check`: it counts, and tells each row's fate.
struct Tallying<'o> {
    survey: Survey,
    observer: &'o mut dyn Observer,
}

impl Sink for Tallying<'_> {
    type Note = ();

    fn take(&mut self, item: Item<()>) -> Result<Flow, RunError> {
        self.survey.record(&item, self.observer, true);
        Ok(Flow::Go)
    }
}

pub(crate) fn run(args: &CheckArgs, observer: &mut dyn Observer) -> Result<ExitStatus, RunError> {
    let campaign = Campaign::resolve(&args.common)?;
    let campaign_for_plan = campaign.clone();
    let (pipeline, rows) = Pipeline::open(campaign, SystemTime::now(), None)?;
    observer.event(&Event::ListOpened {
        file: &pipeline.campaign.recipients,
        format: &pipeline.list_format,
        columns: rows.columns(),
    });
    observer.say(&format!(
        "{}: {} ({} columns: {})",
        pipeline.campaign.recipients.display(),
        pipeline.list_format,
        rows.columns().len(),
        rows.columns().join(", ")
    ));
    let mut sink = Tallying {
        survey: Survey::new(pipeline.campaign.skip_invalid),
        observer,
    };
    pipeline.pass(rows, &|_| (), &mut sink)?;
    let Tallying { survey, observer } = sink;
    if let Some(notice) = survey.ascii_domains() {
        observer.event(&Event::Notice(&notice));
    }
    // Said after the rows' own problems, and before the counts; an error with
    // `--deny-warnings`, once the counts are said.
    let denied = survey
        .end_warnings(
            pipeline.template.file(),
            observer,
            args.warnings.deny_warnings,
        )
        .err();
    let shard = pipeline
        .campaign
        .shard
        .map(|shard| format!("shard {shard}: "))
        .unwrap_or_default();
    observer.say(&format!(
        "{shard}{} message(s) ready, {} in all{}",
        survey.messages,
        Size(survey.bytes),
        match survey.warning_count() {
            0 => String::new(),
            n => format!(", {n} warning(s)"),
        }
    ));
    if let Some(filter) = &pipeline.filter {
        observer.say(&filter.summary().to_string());
    }
    observer.say(&sending_plan(
        &campaign_for_plan,
        args.relay.smtp.as_ref(),
        survey.messages,
    ));
    let status = if survey.blocks() {
        observer.say(&format!(
            "{} problem(s) to fix before sending, on {} row(s); fix them, or give `--skip-invalid` to send the other rows without them",
            survey.errors, survey.broken_rows
        ));
        ExitStatus::InputError
    } else {
        if survey.skipped > 0 {
            observer.say(&format!(
                "{} row(s) with problems will be left out (`--skip-invalid`)",
                survey.skipped
            ));
        }
        if let Some(line) = survey.suppressed_line(pipeline.suppression.as_ref()) {
            observer.say(&line);
        }
        ExitStatus::Success
    };
    if let Some(denied) = denied.filter(|_| status == ExitStatus::Success) {
        return Err(denied);
    }
    observer.event(&Event::Summary(&Summary {
        command: "check",
        total: survey.messages + survey.broken_rows + survey.warnings + survey.suppressed,
        ready: Some(survey.messages),
        invalid: Some(survey.broken_rows - survey.skipped),
        duplicates: Some(survey.warnings),
        skipped: survey.skipped,
        suppressed: survey.suppressed,
        bytes: survey.bytes,
        exit_code: status as u8,
        ..Summary::default()
    }));
    Ok(status)
}

/// The limits `send` would apply through `relay` (`--smtp`, `MISSIVE_SMTP_URL`) or the
/// campaign's relays, and how long they make the run last. Without a relay configured yet,
/// the limits of a remote relay are shown.
fn sending_plan(campaign: &Campaign, relay: Option<&RelayUrl>, messages: usize) -> String {
    match Pace::resolve(relay, campaign) {
        Ok(plan) => format!("sending plan: {}", pace(&plan, messages)),
        Err(error) => format!("sending plan: {error}"),
    }
}
