//! `missive report`: one line per recipient, from the journal, as CSV or JSON lines, with
//! the keys `row`, `to`, `status`, `code`, `reply`, `message_id`, `attempts`, `time`,
//! `relay` (the relay of the last outcome, as its URL without credentials). A message whose
//! envelope addresses (To, Cc, Bcc) did not all end the same way is one line per address:
//! the same `row` and `message_id`, the address as `to`, and its own `status`, `code`,
//! `reply` (a deferred one's last reply, greylisting's say), `attempts` and `time`.
//! Given several journals (`--journal A --journal B`, the shards of a campaign), one report
//! of them all, each line starting with its `journal` and ending with `also_in`: the other
//! journals holding the same recipient, which should be none.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use serde::Serialize;

use crate::cli::{ReportArgs, ReportFormat};
use crate::config;
use crate::exit_status::ExitStatus;
use crate::journal::{self, JournalsRead, Merged};
use crate::pipeline::RunError;

pub(crate) fn run(args: &ReportArgs) -> Result<ExitStatus, RunError> {
    let JournalsRead {
        places: paths,
        campaign,
    } = config::journals_read(&args.common)?;
    if let [path] = paths.as_slice() {
        let journal = journal::open_existing(path, campaign.as_deref())?;
        let mut entries = journal.entries()?;
        let returns = journal.returns()?;
        for entry in &mut entries {
            entry.add_returns(&returns);
        }
        return output(&entries, args);
    }
    let entries = Merged::entries(&paths, campaign.as_deref())?;
    let shared = entries.iter().filter(|e| !e.also_in.is_empty()).count();
    if shared > 0 {
        eprintln!(
            "warning: `{shared}` line(s) are recipients found in more than one journal (column `also_in`): the shards overlapped, and these recipients may have got the message twice; give every machine the same list and the same `--shard I/N` count"
        );
    }
    output(&entries, args)
}

/// Writes the report where asked.
fn output<T: Serialize>(entries: &[T], args: &ReportArgs) -> Result<ExitStatus, RunError> {
    match &args.output {
        Some(file) => {
            let io_error = |source| RunError::Io {
                path: file.clone(),
                source,
            };
            let mut out = BufWriter::new(File::create(file).map_err(io_error)?);
            write(entries, args.format, &mut out, file)?;
            out.flush().map_err(io_error)?;
            eprintln!(
                "`{}` line(s) written to `{}`",
                entries.len(),
                file.display()
            );
        }
        None => write(
            entries,
            args.format,
            &mut std::io::stdout().lock(),
            Path::new("standard output"),
        )?,
    }
    Ok(ExitStatus::Success)
}

/// Writes the entries in `format`; `target` names the output in errors.
pub(crate) fn write<T: Serialize>(
    entries: &[T],
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
                csv.serialize(entry).map_err(|e| {
                    io_error(match e.into_kind() {
                        csv::ErrorKind::Io(error) => error,
                        other => std::io::Error::other(format!("{other:?}")),
                    })
                })?;
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
