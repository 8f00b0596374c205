//! `missive preview`: the dry-run, written for a reviewer.

use std::path::Path;
use std::time::SystemTime;

use crate::cli::Common;
use crate::config::Campaign;
use crate::exit_status::ExitStatus;
use crate::pipeline::{Pipeline, RunError, Size, Survey};
use crate::preview::PreviewWriter;

pub fn run(common: &Common, out: &Path) -> Result<ExitStatus, RunError> {
    let campaign = Campaign::resolve(common)?;
    let skip_invalid = campaign.skip_invalid;
    let (pipeline, rows) = Pipeline::open(campaign, SystemTime::now(), None)?;
    let mut writer = PreviewWriter::create(out, &pipeline.campaign.id)?;
    let mut survey = Survey::default();
    for item in pipeline.messages(rows) {
        survey.record(&item);
        if let Ok(message) = &item {
            writer.add(message)?;
        }
    }
    if survey.errors > 0 && !skip_invalid {
        writer.abandon();
        return Err(RunError::InvalidRows {
            count: survey.errors,
        });
    }
    let index = writer.finish(pipeline.revision())?;
    println!(
        "{} message(s), {} in all, previewed in {}",
        survey.messages,
        Size(survey.bytes),
        out.display()
    );
    if survey.errors > 0 {
        println!("{} row(s) left out (listed above)", survey.errors);
    }
    println!("open {} in a browser to review them", index.display());
    Ok(ExitStatus::Success)
}
