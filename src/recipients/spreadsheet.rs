//! Spreadsheets (`.xlsx`, `.xlsm`, `.xls`, `.ods`), read with calamine: the first sheet or
//! `--sheet NAME`; the first non-empty row gives the column names; LINE is the sheet's row
//! number. A sheet is loaded whole (spreadsheet formats cannot be streamed row by row).
//!
//! Cells become text the way a French sheet shows them:
//! - a whole number stored as a float prints without decimals (`59000`, not `59000.0`);
//!   other numbers with a `.` and at most 15 significant digits, as Excel keeps them;
//! - a date prints `dd/mm/yyyy`, followed by `hh:mm` (and `:ss` when not zero) when it
//!   has a time; a time alone prints `hh:mm`;
//! - a boolean prints `TRUE` or `FALSE`; text is trimmed;
//! - an error cell (`#N/A`, `#DIV/0!`) is an error for its row, naming the column; so is
//!   a text cell holding exactly an error code, which is how an `.ods` file stores one.

use std::path::Path;
use std::sync::Arc;

use calamine::{Data, Range, Reader};

use super::columns::{self, Header};
use super::{Columns, ReadOptions, Recipient, RecipientError, RowRef};

/// A sheet of a workbook, held in memory and handed out row by row.
pub(super) struct SheetList {
    path: Arc<Path>,
    header: Header,
    kind: String,
    sheet: String,
    range: Range<Data>,
    /// The sheet's row number of the range's first row.
    first_line: u64,
    next: usize,
}

impl std::fmt::Debug for SheetList {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SheetList")
            .field("path", &self.path)
            .field("sheet", &self.sheet)
            .field("columns", &self.header.columns)
            .finish_non_exhaustive()
    }
}

/// Whether `path` names a spreadsheet, by its extension.
pub(super) fn is_spreadsheet(path: &Path) -> bool {
    let extension = path.extension().map(|e| e.to_string_lossy().to_lowercase());
    matches!(
        extension.as_deref(),
        Some("xlsx" | "xlsm" | "xls" | "xlsb" | "ods")
    )
}

impl SheetList {
    pub(super) fn open(path: &Path, options: &ReadOptions) -> Result<Self, RecipientError> {
        let unreadable = |error: calamine::Error| RecipientError::Spreadsheet {
            path: path.to_path_buf(),
            said: error.to_string(),
        };
        if let Err(source) = std::fs::metadata(path) {
            return Err(RecipientError::Open {
                path: path.to_path_buf(),
                source,
            });
        }
        let mut workbook = calamine::open_workbook_auto(path).map_err(unreadable)?;
        let names = workbook.sheet_names();
        let sheet = match &options.sheet {
            Some(wanted) => names
                .iter()
                .find(|n| *n == wanted)
                .or_else(|| names.iter().find(|n| n.eq_ignore_ascii_case(wanted)))
                .cloned()
                .ok_or_else(|| RecipientError::UnknownSheet {
                    path: path.to_path_buf(),
                    sheet: wanted.clone(),
                    available: names.clone(),
                })?,
            None => names
                .first()
                .cloned()
                .ok_or_else(|| RecipientError::Empty {
                    path: path.to_path_buf(),
                })?,
        };
        let range = workbook.worksheet_range(&sheet).map_err(unreadable)?;
        let first_line = range.start().map_or(1, |(row, _)| u64::from(row) + 1);
        let path: Arc<Path> = Arc::from(path);
        let mut next = 0;
        let header = loop {
            let Some(cells) = range.rows().nth(next) else {
                return Err(RecipientError::Empty {
                    path: path.to_path_buf(),
                });
            };
            next += 1;
            let names: Vec<String> = cells.iter().map(header_text).collect();
            if names.iter().any(|n| !n.trim().is_empty()) {
                let line = first_line + next as u64 - 1;
                break columns::header(&path, line, names)?;
            }
        };
        let kind = path
            .extension()
            .map_or_else(String::new, |e| e.to_string_lossy().to_uppercase());
        Ok(Self {
            path,
            header,
            kind,
            sheet,
            range,
            first_line,
            next,
        })
    }

    pub(super) fn columns(&self) -> &Columns {
        &self.header.columns
    }

    pub(super) fn path(&self) -> &Path {
        &self.path
    }

    /// How the sheet was read, as data.
    pub(super) fn shape(&self) -> super::ListShape {
        super::ListShape::Sheet {
            kind: self.kind.clone(),
            sheet: self.sheet.clone(),
        }
    }

    pub(super) fn format_description(&self) -> String {
        t!(
            "recipients-format-sheet",
            kind = self.kind.as_str(),
            sheet = self.sheet.as_str()
        )
    }
}

impl Iterator for SheetList {
    type Item = Result<Recipient, RecipientError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let cells = self.range.rows().nth(self.next)?;
            let at = RowRef {
                file: Arc::clone(&self.path),
                line: self.first_line + self.next as u64,
            };
            self.next += 1;
            // Empty rows, often left at the end, are not recipients.
            if cells.iter().all(|c| header_text(c).trim().is_empty()) {
                continue;
            }
            let mut fields = Vec::with_capacity(cells.len());
            for (index, cell) in cells.iter().enumerate() {
                match cell_text(cell) {
                    Ok(text) => fields.push(text),
                    Err(error) => {
                        let column = self
                            .header
                            .columns
                            .get(index)
                            .cloned()
                            .unwrap_or_else(|| format!("{}", index + 1));
                        return Some(Err(RecipientError::CellError { at, column, error }));
                    }
                }
            }
            // Every row of a sheet is as wide as its header: the delimiter is never cited.
            return Some(columns::row(&self.header, at, fields, ','));
        }
    }
}

/// What a formula that failed shows, in every office suite.
const ERROR_CODES: [&str; 8] = [
    "#N/A", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!", "Err:502",
];

fn header_text(cell: &Data) -> String {
    cell_text(cell).unwrap_or_else(|error| error)
}

/// A cell as the sheet shows it (see the module's rules); an error cell gives its code.
fn cell_text(cell: &Data) -> Result<String, String> {
    Ok(match cell {
        Data::Empty => String::new(),
        Data::String(text) if ERROR_CODES.contains(&text.trim()) => {
            return Err(text.trim().to_string());
        }
        Data::String(text) => text.trim().to_string(),
        Data::Int(number) => number.to_string(),
        Data::Float(number) => number_text(*number),
        Data::Bool(true) => "TRUE".into(),
        Data::Bool(false) => "FALSE".into(),
        Data::DateTime(value) if value.is_duration() => duration_text(value.as_f64()),
        Data::DateTime(value) => {
            let (year, month, day, hour, minute, second, _) = value.to_ymd_hms_milli();
            let time = (hour, minute, second);
            if value.as_f64() < 1.0 {
                time_text(time)
            } else {
                date_text((year, month, day), time)
            }
        }
        Data::DateTimeIso(text) => iso_date_text(text).unwrap_or_else(|| text.clone()),
        Data::DurationIso(text) => iso_duration_text(text).unwrap_or_else(|| text.clone()),
        Data::Error(error) => return Err(error.to_string()),
    })
}

/// Whole numbers without `.0`; others with at most 15 significant digits, as Excel shows.
fn number_text(number: f64) -> String {
    if number.fract() == 0.0 && number.abs() < 1e15 {
        #[allow(clippy::cast_possible_truncation)] // whole and below 1e15: exact
        return (number as i64).to_string();
    }
    #[allow(clippy::cast_possible_truncation)] // a digit count, far inside i32
    let magnitude = number.abs().log10().floor() as i32;
    let decimals = usize::try_from((14 - magnitude).clamp(0, 15)).unwrap_or(0);
    let text = format!("{number:.decimals$}");
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    }
}

fn date_text((year, month, day): (u16, u8, u8), time: (u8, u8, u8)) -> String {
    let date = format!("{day:02}/{month:02}/{year:04}");
    if time == (0, 0, 0) {
        date
    } else {
        format!("{date} {}", time_text(time))
    }
}

fn time_text((hour, minute, second): (u8, u8, u8)) -> String {
    if second == 0 {
        format!("{hour:02}:{minute:02}")
    } else {
        format!("{hour:02}:{minute:02}:{second:02}")
    }
}

fn duration_text(days: f64) -> String {
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // seconds of a duration
    let seconds = (days * 86_400.0).round().max(0.0) as u64;
    format!(
        "{}:{:02}:{:02}",
        seconds / 3600,
        seconds / 60 % 60,
        seconds % 60
    )
}

/// `2026-04-26` or `2026-04-26T18:30:00` (the `OpenDocument` form) as a French sheet shows it.
fn iso_date_text(text: &str) -> Option<String> {
    let (date, time) = text.split_once('T').unwrap_or((text, ""));
    let mut parts = date.splitn(3, '-');
    let year = parts.next()?.parse().ok()?;
    let month = parts.next()?.parse().ok()?;
    let day = parts.next()?.parse().ok()?;
    let time = if time.is_empty() {
        (0, 0, 0)
    } else {
        let mut parts = time.splitn(3, ':');
        let hour = parts.next()?.parse().ok()?;
        let minute = parts.next()?.parse().ok()?;
        let second: f64 = parts.next().unwrap_or("0").parse().ok()?;
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // 0 to 59
        let second = second.clamp(0.0, 59.0) as u8;
        (hour, minute, second)
    };
    Some(date_text((year, month, day), time))
}

/// `PT10H30M00S` (an `OpenDocument` time of day) as `10:30`.
fn iso_duration_text(text: &str) -> Option<String> {
    let rest = text.strip_prefix("PT")?;
    let (hours, rest) = rest.split_once('H')?;
    let (minutes, rest) = rest.split_once('M')?;
    let seconds: f64 = rest.strip_suffix('S').unwrap_or("0").parse().ok()?;
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // 0 to 59
    let seconds = seconds.clamp(0.0, 59.0) as u8;
    Some(time_text((
        hours.parse().ok()?,
        minutes.parse().ok()?,
        seconds,
    )))
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{CellErrorType, ExcelDateTime, ExcelDateTimeType};

    fn shown(cell: &Data) -> String {
        cell_text(cell).expect("a value")
    }

    #[test]
    fn numbers_print_as_the_sheet_shows_them() {
        assert_eq!(shown(&Data::Float(59000.0)), "59000");
        assert_eq!(shown(&Data::Float(-3.0)), "-3");
        assert_eq!(shown(&Data::Float(3.5)), "3.5");
        assert_eq!(shown(&Data::Float(0.1 + 0.2)), "0.3");
        assert_eq!(shown(&Data::Float(1234.5678)), "1234.5678");
        assert_eq!(shown(&Data::Int(62100)), "62100");
        assert_eq!(shown(&Data::Bool(true)), "TRUE");
        assert_eq!(shown(&Data::String("  Lille ".into())), "Lille");
    }

    #[test]
    fn dates_print_day_first() {
        let date = |value| {
            Data::DateTime(ExcelDateTime::new(
                value,
                ExcelDateTimeType::DateTime,
                false,
            ))
        };
        assert_eq!(shown(&date(46_138.0)), "26/04/2026");
        assert_eq!(shown(&date(46_138.75)), "26/04/2026 18:00");
        assert_eq!(shown(&date(0.375)), "09:00");
        assert_eq!(shown(&Data::DateTimeIso("2026-04-26".into())), "26/04/2026");
        assert_eq!(
            shown(&Data::DateTimeIso("2026-04-26T18:30:00".into())),
            "26/04/2026 18:30"
        );
        assert_eq!(shown(&Data::DurationIso("PT10H30M00S".into())), "10:30");
    }

    #[test]
    fn an_error_cell_gives_its_code() {
        assert_eq!(
            cell_text(&Data::Error(CellErrorType::NA)),
            Err("#N/A".into())
        );
        assert_eq!(cell_text(&Data::String("#N/A".into())), Err("#N/A".into()));
    }
}
