//! `missive report`: one line per recipient, from the journal, as CSV or JSON lines, with
//! the keys `row`, `to`, `status`, `code`, `reply`, `message_id`, `attempts`, `time`.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use crate::cli::{ReportArgs, ReportFormat};
use crate::config;
use crate::exit_status::ExitStatus;
use crate::journal::{Entry, Journal};
use crate::pipeline::RunError;

pub fn run(args: &ReportArgs) -> Result<ExitStatus, RunError> {
    let path = config::journal_path(&args.common)?;
    let entries = Journal::open_existing(&path)?.entries()?;
    match &args.output {
        Some(file) => {
            let io_error = |source| RunError::Io {
                path: file.clone(),
                source,
            };
            let mut out = BufWriter::new(File::create(file).map_err(io_error)?);
            write(&entries, args.format, &mut out, file)?;
            out.flush().map_err(io_error)?;
            eprintln!(
                "`{}` line(s) written to `{}`",
                entries.len(),
                file.display()
            );
        }
        None => write(
            &entries,
            args.format,
            &mut std::io::stdout().lock(),
            Path::new("standard output"),
        )?,
    }
    Ok(ExitStatus::Success)
}

/// Writes the entries in `format`; `target` names the output in errors.
pub fn write(
    entries: &[Entry],
    format: ReportFormat,
    out: &mut dyn Write,
    target: &Path,
) -> Result<(), RunError> {
    let io_error = |source| RunError::Io {
        path: target.to_path_buf(),
        source,
    };
    match format {
        ReportFormat::Csv => {
            let mut csv = csv::Writer::from_writer(out);
            for entry in entries {
                csv.serialize(entry)
                    .map_err(|e| io_error(std::io::Error::other(e)))?;
            }
            csv.flush().map_err(io_error)
        }
        ReportFormat::Jsonl => {
            for entry in entries {
                serde_json::to_writer(&mut *out, entry).map_err(|e| io_error(e.into()))?;
                out.write_all(b"\n").map_err(io_error)?;
            }
            Ok(())
        }
    }
}
