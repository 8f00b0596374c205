//! `missive check`: load, render and compose every row; report every problem; send nothing.

use std::time::SystemTime;

use crate::cli::Common;
use crate::config::Campaign;
use crate::exit_status::ExitStatus;
use crate::pipeline::{Pipeline, RunError, Size, Survey};

pub fn run(common: &Common) -> Result<ExitStatus, RunError> {
    let campaign = Campaign::resolve(common)?;
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
    println!(
        "{} message(s) ready, {} in all{}",
        survey.messages,
        Size(survey.bytes),
        match survey.warnings {
            0 => String::new(),
            n => format!(", {n} warning(s)"),
        }
    );
    if survey.errors > 0 {
        println!("{} problem(s) to fix before sending", survey.errors);
        return Ok(ExitStatus::InputError);
    }
    Ok(ExitStatus::Success)
}
