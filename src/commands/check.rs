//! `missive check`: load, render and compose every row; report every problem; send nothing.

use std::time::SystemTime;

use crate::cli::CheckArgs;
use crate::commands::send::pace;
use crate::config::{Campaign, Pace};
use crate::deliver::RelayUrl;
use crate::exit_status::ExitStatus;
use crate::pipeline::{Pipeline, RunError, Size, Survey};

pub fn run(args: &CheckArgs) -> Result<ExitStatus, RunError> {
    let campaign = Campaign::resolve(&args.common)?;
    let campaign_for_plan = campaign.clone();
    let (pipeline, rows) = Pipeline::open(campaign, SystemTime::now(), None)?;
    println!(
        "{}: {} ({} columns: {})",
        pipeline.campaign.recipients.display(),
        pipeline.list_format,
        rows.columns().len(),
        rows.columns().join(", ")
    );
    let mut survey = Survey::default();
    for item in pipeline.messages(rows) {
        survey.record(&item);
    }
    let shard = pipeline
        .campaign
        .shard
        .map(|shard| format!("shard {shard}: "))
        .unwrap_or_default();
    println!(
        "{shard}{} message(s) ready, {} in all{}",
        survey.messages,
        Size(survey.bytes),
        match survey.warnings {
            0 => String::new(),
            n => format!(", {n} warning(s)"),
        }
    );
    if let Some(filter) = &pipeline.filter {
        println!("{}", filter.summary());
    }
    println!(
        "{}",
        sending_plan(
            &campaign_for_plan,
            args.relay.smtp.as_ref(),
            survey.messages
        )
    );
    if survey.errors > 0 {
        println!("{} problem(s) to fix before sending", survey.errors);
        return Ok(ExitStatus::InputError);
    }
    Ok(ExitStatus::Success)
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
