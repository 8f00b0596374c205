//! `missive report`: one line per recipient, from the journal, as CSV or JSON lines, with
//! the keys `row`, `to`, `status`, `code`, `reply`, `message_id`, `attempts`, `time`,
//! `relay` (the relay of the last outcome, as its URL without credentials). A message whose
//! envelope addresses (To, Cc, Bcc) did not all end the same way is one line per address:
//! the same `row` and `message_id`, the address as `to`, and its own `status`, `code`,
//! `reply` (a deferred one's last reply, greylisting's say), `attempts` and `time`.
//! Given several journals (`--journal A --journal B`, the shards of a campaign), one report
//! of them all, each line starting with its `journal` and ending with `also_in`: the other
//! journals holding the same recipient, which should be none.
//!
//! The CSV's header row is in the run's language; its rows never change with it. Under French,
//! or with `--excel`, the CSV is the form French Excel opens directly: `;` between columns,
//! UTF-8 with a byte-order mark, lines ending in CRLF.

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
    match &args.output {
        Some(file) => {
            let io_error = |source| RunError::Io {
                path: file.clone(),
                source,
            };
            let mut out = BufWriter::new(File::create(file).map_err(io_error)?);
            let count = write_to(args, &mut out, file)?;
            out.flush().map_err(io_error)?;
            eprintln!(
                "{}",
                t!(
                    "report-written",
                    count = count,
                    file = file.display().to_string()
                )
            );
        }
        None => {
            write_to(
                args,
                &mut std::io::stdout().lock(),
                Path::new(&t!("report-standard-output")),
            )?;
        }
    }
    Ok(ExitStatus::Success)
}

/// Writes the report of the journals `args` name into `out` (`target` names it in errors),
/// in the form `args` asks: the web app's download is this too. How many lines.
pub(crate) fn write_to(
    args: &ReportArgs,
    out: &mut dyn Write,
    target: &Path,
) -> Result<usize, RunError> {
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
        write(&entries, format(args), out, target)?;
        return Ok(entries.len());
    }
    let entries = Merged::entries(&paths, campaign.as_deref())?;
    let shared = entries.iter().filter(|e| !e.also_in.is_empty()).count();
    if shared > 0 {
        let warning = || {
            t!(
                "warning-line",
                warning = t!("report-overlap", count = shared)
            )
        };
        crate::i18n::audit::check(warning);
        eprintln!("{}", warning());
    }
    write(&entries, format(args), out, target)?;
    Ok(entries.len())
}

/// How the report is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Form {
    /// CSV as scripts read it: `,`, no byte-order mark.
    Csv,
    /// CSV as French Excel opens it: `;`, UTF-8 with a byte-order mark, CRLF.
    Excel,
    Jsonl,
}

/// The form asked: `--format jsonl`; otherwise Excel's CSV with `--excel` or under French.
fn format(args: &ReportArgs) -> Form {
    match args.format {
        ReportFormat::Jsonl => Form::Jsonl,
        ReportFormat::Csv if args.excel || crate::i18n::lang() == crate::i18n::Lang::Fr => {
            Form::Excel
        }
        ReportFormat::Csv => Form::Csv,
    }
}

/// The byte-order mark that tells Excel the file is UTF-8.
const BOM: &[u8] = "\u{feff}".as_bytes();

/// Writes the entries in `form`; `target` names the output in errors.
pub(crate) fn write<T: Serialize>(
    entries: &[T],
    form: Form,
    out: &mut dyn Write,
    target: &Path,
) -> Result<(), RunError> {
    let io_error = |source| RunError::Io {
        path: target.to_path_buf(),
        source,
    };
    let csv_error = |e: csv::Error| match e.into_kind() {
        csv::ErrorKind::Io(error) => error,
        other => std::io::Error::other(format!("{other:?}")),
    };
    match form {
        Form::Csv | Form::Excel => {
            let Some(first) = entries.first() else {
                return Ok(());
            };
            let mut builder = csv::WriterBuilder::new();
            builder.has_headers(false);
            if form == Form::Excel {
                out.write_all(BOM).map_err(io_error)?;
                builder.delimiter(b';').terminator(csv::Terminator::CRLF);
            }
            let mut csv = builder.from_writer(out);
            let headings: Vec<String> = columns(first)
                .map_err(|e| io_error(csv_error(e)))?
                .iter()
                .map(|name| heading(name))
                .collect();
            csv.write_record(&headings)
                .map_err(|e| io_error(csv_error(e)))?;
            for entry in entries {
                csv.serialize(entry).map_err(|e| io_error(csv_error(e)))?;
            }
            csv.flush().map_err(io_error)
        }
        Form::Jsonl => {
            for entry in entries {
                serde_json::to_writer(&mut *out, entry).map_err(|e| io_error(e.into()))?;
                out.write_all(b"\n").map_err(io_error)?;
            }
            Ok(())
        }
    }
}

/// The names of an entry's columns, as serde gives them.
fn columns<T: Serialize>(entry: &T) -> Result<Vec<String>, csv::Error> {
    let mut probe = csv::Writer::from_writer(Vec::new());
    probe.serialize(entry)?;
    let bytes = probe
        .into_inner()
        .map_err(|e| csv::Error::from(std::io::Error::other(e.to_string())))?;
    let mut reader = csv::ReaderBuilder::new().from_reader(bytes.as_slice());
    Ok(reader.headers()?.iter().map(str::to_string).collect())
}

/// A column's heading in the run's language; a column unknown here keeps its name.
fn heading(column: &str) -> String {
    match column {
        "journal" => t!("report-column-journal"),
        "row" => t!("report-column-row"),
        "to" => t!("report-column-to"),
        "status" => t!("report-column-status"),
        "code" => t!("report-column-code"),
        "reply" => t!("report-column-reply"),
        "message_id" => t!("report-column-message-id"),
        "attempts" => t!("report-column-attempts"),
        "time" => t!("report-column-time"),
        "relay" => t!("report-column-relay"),
        "returned" => t!("report-column-returned"),
        "returned_time" => t!("report-column-returned-time"),
        "returned_status" => t!("report-column-returned-status"),
        "returned_diagnostic" => t!("report-column-returned-diagnostic"),
        "read_time" => t!("report-column-read-time"),
        "also_in" => t!("report-column-also-in"),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Lang, in_lang};

    #[derive(Serialize)]
    struct Line {
        journal: &'static str,
        row: &'static str,
        status: &'static str,
        code: Option<u16>,
        also_in: &'static str,
        unknown_here: u8,
    }

    fn written(form: Form) -> String {
        let lines = [Line {
            journal: "a.sqlite",
            row: "liste.csv:2",
            status: "sent",
            code: Some(250),
            also_in: "",
            unknown_here: 7,
        }];
        let mut out = Vec::new();
        write(&lines, form, &mut out, Path::new("x")).expect("written");
        String::from_utf8(out).expect("UTF-8")
    }

    #[test]
    fn the_header_row_is_in_the_language_and_the_rows_never_change() {
        assert_eq!(
            written(Form::Csv),
            "journal,row,status,code,also_in,unknown_here\na.sqlite,liste.csv:2,sent,250,,7\n"
        );
        assert_eq!(
            in_lang(Lang::Fr, || written(Form::Excel)),
            "\u{feff}journal;ligne;état;code;aussi dans;unknown_here\r\na.sqlite;liste.csv:2;sent;250;;7\r\n"
        );
        assert_eq!(
            written(Form::Excel),
            "\u{feff}journal;row;status;code;also_in;unknown_here\r\na.sqlite;liste.csv:2;sent;250;;7\r\n"
        );
        let none: [Line; 0] = [];
        let mut out = Vec::new();
        write(&none, Form::Excel, &mut out, Path::new("x")).expect("written");
        assert!(out.is_empty(), "no rows, nothing written");
    }
}
