//! What must hold whatever the input, checked by the property tests (`tests/cli/properties.rs`)
//! and by the cargo-fuzz targets (`fuzz/`): no panic, and every error starts with the
//! `FILE:LINE:` of a line the file has.

use std::path::Path;
use std::sync::Arc;

use missive::recipients::{self, Columns, ReadOptions, Recipient, RowRef};
use missive::render::{Template, TemplateFile};

/// Whether `message` starts with `file:LINE:`, LINE in `1..=max_line`.
pub fn cites(message: &str, file: &str, max_line: usize) -> bool {
    let Some(rest) = message
        .strip_prefix(file)
        .and_then(|rest| rest.strip_prefix(':'))
    else {
        return false;
    };
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    let line: usize = rest[..digits].parse().unwrap_or(0);
    (1..=max_line).contains(&line) && rest[digits..].starts_with(':')
}

/// A template file is split, compiled against two columns and rendered for one row (whose
/// values hold a line break and a control character), or refused citing its line.
pub fn template_holds(text: &str) {
    let file_name = "message.md";
    let lines = text.lines().count() + 1;
    let file = match TemplateFile::parse(Path::new(file_name), text) {
        Ok(file) => file,
        Err(error) => {
            let message = error.to_string();
            assert!(cites(&message, file_name, lines), "{message}");
            return;
        }
    };
    assert!(
        (2..=lines + 1).contains(&file.body_line),
        "{}",
        file.body_line
    );
    let columns: Columns = Arc::from(vec!["nom".to_string(), "email".to_string()]);
    let template = match Template::compile(file, &columns) {
        Ok(template) => template,
        Err(error) => {
            let message = error.to_string();
            assert!(cites(&message, file_name, lines), "{message}");
            return;
        }
    };
    let recipient = Recipient {
        at: RowRef {
            file: Arc::from(Path::new("liste.csv")),
            line: 2,
        },
        columns,
        values: vec!["Anne\r\nBcc: x@y.fr".into(), "anne@ac-lille.fr\u{7}".into()],
    };
    if let Err(error) = template.render(&recipient) {
        let message = error.to_string();
        assert!(
            cites(&message, file_name, lines) || cites(&message, "liste.csv", 2),
            "{message}"
        );
    }
}

/// A list of any bytes is read, every row or its problem, or refused; a text list's
/// problems cite one of its lines, a spreadsheet's name the file.
pub fn list_holds(bytes: &[u8], extension: &str) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(format!("liste.{extension}"));
    std::fs::write(&path, bytes).expect("write the list");
    let file = path.display().to_string();
    let text = !matches!(extension, "xlsx" | "ods");
    let lines = if text {
        bytes.iter().filter(|b| matches!(b, b'\n' | b'\r')).count() + 1
    } else {
        usize::MAX
    };
    let said = |message: &str| {
        if text {
            assert!(cites(message, &file, lines), "{message}");
        } else {
            assert!(message.starts_with(&file), "{message}");
        }
    };
    match recipients::open(&path, &ReadOptions::default()) {
        Err(error) => said(&error.to_string()),
        Ok(reader) => {
            for row in reader.take(100_000) {
                match row {
                    Ok(recipient) => assert!(recipient.at.line >= 1),
                    Err(error) => {
                        assert!(error.row().is_some(), "{error}");
                        said(&error.to_string());
                    }
                }
            }
        }
    }
}
