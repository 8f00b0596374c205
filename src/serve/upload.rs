//! Files a person gives the web app (a received email, a recipient list): read from a
//! `multipart/form-data` form (a plain `<input type="file">`, which also takes a dropped
//! file; no script), no bigger than [`LIMIT`], and written inside the campaign folder only:
//! the name the browser sends is reduced to a plain file name ([`plain_name`]), the file is
//! made new in the folder itself (never in a subfolder, which could be a link elsewhere), and
//! a file of that name already there is kept: the new one gets another name, and the page
//! says which.

use std::io::Write;
use std::path::{Path, PathBuf};

use axum::body::Body;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::Serialize;

use super::App;
use super::access::Session;
use axum::http::header::{CONTENT_LENGTH, CONTENT_TYPE};

/// The biggest file taken.
pub(crate) const LIMIT: usize = 25 * 1024 * 1024;

/// Room for the form around the file (its boundaries, its form token).
const FORM_ROOM: usize = 64 * 1024;

/// A form's file input (`templates/file_input.html`), which also takes a dropped file.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct FileInput {
    /// The field's name.
    pub field: &'static str,
    /// The kinds offered (`.csv,.xlsx`).
    pub accept: &'static str,
    pub label: String,
    pub button: String,
    /// The size limit, in words.
    pub limit: String,
}

impl FileInput {
    pub(crate) fn new(
        field: &'static str,
        accept: &'static str,
        label: String,
        button: String,
    ) -> Self {
        Self {
            field,
            accept,
            label,
            button,
            limit: t!("serve-upload-limit", limit = LIMIT / (1024 * 1024)),
        }
    }
}

/// A form's file.
#[derive(Debug)]
pub(crate) struct File {
    /// The name the browser sent, as sent.
    pub name: String,
    pub bytes: Vec<u8>,
}

/// A form with a file: its text fields and its files, by field name.
#[derive(Debug, Default)]
pub(crate) struct Form {
    pub fields: Vec<(String, String)>,
    pub files: Vec<(String, File)>,
}

impl Form {
    /// The text of field `name`.
    pub(crate) fn field(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(field, _)| field == name)
            .map(|(_, value)| value.as_str())
    }

    /// The file of field `name`, when one was chosen.
    pub(crate) fn file(&self, name: &str) -> Option<&File> {
        self.files
            .iter()
            .find(|(field, file)| field == name && !(file.name.is_empty() && file.bytes.is_empty()))
            .map(|(_, file)| file)
    }
}

/// Why a file was not taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Refused {
    /// Bigger than [`LIMIT`].
    TooBig,
    /// Not a form with a file, or cut short.
    NotAForm,
    /// No file chosen.
    NoFile,
    /// A name that is no file name once reduced (empty, dots, a device).
    Name(String),
    /// Not one of the kinds the page takes.
    Kind { name: String, kinds: String },
    /// The file system's refusal.
    Unwritten { name: String, error: String },
}

impl Refused {
    /// The HTTP status the page is sent with.
    pub(crate) fn status(&self) -> StatusCode {
        match self {
            Self::TooBig => StatusCode::PAYLOAD_TOO_LARGE,
            Self::Unwritten { .. } => StatusCode::INTERNAL_SERVER_ERROR,
            _ => StatusCode::BAD_REQUEST,
        }
    }

    /// In words, in the run's language.
    pub(crate) fn said(&self) -> String {
        match self {
            Self::TooBig => t!("serve-upload-too-big", limit = LIMIT / (1024 * 1024)),
            Self::NotAForm => t!("serve-upload-not-a-form"),
            Self::NoFile => t!("serve-upload-no-file"),
            Self::Name(name) => t!("serve-upload-bad-name", name = name.as_str()),
            Self::Kind { name, kinds } => t!(
                "serve-upload-kind",
                name = name.as_str(),
                kinds = kinds.as_str()
            ),
            Self::Unwritten { name, error } => t!(
                "serve-upload-unwritten",
                name = name.as_str(),
                error = error.as_str()
            ),
        }
    }
}

/// A form with a file posted by a session: the session, then the form or why it was not
/// taken (too big, not a form: said on the page, nothing done); or the 403 to answer with,
/// for a request without a session or a form from elsewhere (the origin, the form token).
pub(super) async fn posted_file(
    app: &App,
    headers: &HeaderMap,
    body: Body,
) -> Result<(Session, Result<Form, Refused>), Response> {
    let session = super::let_in(app, headers)?;
    let form = match read(headers, body).await {
        Ok(form) => form,
        Err(refused) => return Ok((session, Err(refused))),
    };
    let csrf = form.field("csrf").unwrap_or_default();
    if !app.access.may_post(headers, &session, csrf) {
        return Err(super::refused(app));
    }
    Ok((session, Ok(form)))
}

/// Reads a `multipart/form-data` body, refusing it past [`LIMIT`] without reading it all.
pub(crate) async fn read(headers: &HeaderMap, body: Body) -> Result<Form, Refused> {
    let declared = headers
        .get(CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<usize>().ok());
    if declared.is_some_and(|length| length > LIMIT + FORM_ROOM) {
        return Err(Refused::TooBig);
    }
    let boundary = headers
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(boundary)
        .ok_or(Refused::NotAForm)?;
    parse(&boundary, body).await
}

/// The boundary of a `multipart/form-data` content type.
fn boundary(content_type: &str) -> Option<String> {
    multer::parse_boundary(content_type)
        .ok()
        .filter(|value| !value.is_empty() && value.len() <= 200)
}

/// The parts of a `multipart/form-data` body (RFC 7578), read by `multer` as they come, the
/// whole no bigger than [`LIMIT`] and the room around it; a body cut short is no form.
async fn parse(boundary: &str, body: Body) -> Result<Form, Refused> {
    let limits = multer::SizeLimit::new()
        .whole_stream((LIMIT + FORM_ROOM) as u64)
        .per_field(LIMIT as u64);
    let constraints = multer::Constraints::new().size_limit(limits);
    let mut multipart =
        multer::Multipart::with_constraints(body.into_data_stream(), boundary, constraints);
    let mut form = Form::default();
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|error| refused(&error))?
    {
        let name = field.name().ok_or(Refused::NotAForm)?.to_owned();
        let file_name = field.file_name().map(str::to_owned);
        let bytes = field.bytes().await.map_err(|error| refused(&error))?;
        match file_name {
            Some(file_name) => form.files.push((
                name,
                File {
                    name: file_name,
                    bytes: bytes.to_vec(),
                },
            )),
            None => form
                .fields
                .push((name, String::from_utf8_lossy(&bytes).into_owned())),
        }
    }
    Ok(form)
}

/// What `multer` found wrong with a form: too big, or no form.
fn refused(error: &multer::Error) -> Refused {
    match error {
        multer::Error::StreamSizeExceeded { .. } | multer::Error::FieldSizeExceeded { .. } => {
            Refused::TooBig
        }
        _ => Refused::NotAForm,
    }
}

/// The names Windows gives to devices: no file may take them.
const DEVICES: [&str; 22] = [
    "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8",
    "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
];

/// `sent` reduced to a plain file name: percent-escapes decoded (browsers escape `"` and line
/// ends that way), only what follows the last `/` or `\`, no drive letter, no control
/// character or direction mark, none of Windows' forbidden characters, no leading dot or space, no trailing dot
/// or space, at most 150 characters; `None` when nothing is left or it names a device.
pub(crate) fn plain_name(sent: &str) -> Option<String> {
    let decoded = percent_encoding::percent_decode_str(sent).decode_utf8_lossy();
    let last = decoded.rsplit(['/', '\\']).next().unwrap_or_default();
    let bytes = last.as_bytes();
    let last = if bytes.len() >= 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':' {
        &last[2..]
    } else {
        last
    };
    let cleaned: String = last
        .chars()
        .filter(|c| !c.is_control() && !is_direction_mark(*c))
        .map(|c| match c {
            '<' | '>' | ':' | '"' | '|' | '?' | '*' => '_',
            other => other,
        })
        .collect();
    let cleaned = cleaned
        .trim_start_matches(|c: char| c == '.' || c.is_whitespace())
        .trim_end_matches(|c: char| c == '.' || c.is_whitespace());
    let cleaned: String = cleaned.chars().take(150).collect();
    let stem = cleaned.split('.').next().unwrap_or_default().trim();
    if cleaned.is_empty()
        || DEVICES
            .iter()
            .any(|device| stem.eq_ignore_ascii_case(device))
    {
        return None;
    }
    Some(cleaned)
}

/// The marks that change the direction text is shown in (`liste\u{202e}vsc.exe` shows as
/// `listeexe.csv`): a file name has no use for them.
fn is_direction_mark(c: char) -> bool {
    matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Writes `bytes` as a new file of `folder` named after `sent` (reduced by [`plain_name`]);
/// when that name is taken, `name-2.ext`, `name-3.ext`…: the file's path. Blocking.
pub(crate) fn save_new(folder: &Path, sent: &str, bytes: &[u8]) -> Result<PathBuf, Refused> {
    let name = plain_name(sent).ok_or_else(|| Refused::Name(sent.to_owned()))?;
    let (stem, extension) = match name.rsplit_once('.') {
        Some((stem, extension)) if !stem.is_empty() => (stem, Some(extension)),
        _ => (name.as_str(), None),
    };
    for n in 1..1000 {
        let candidate = match (n, extension) {
            (1, _) => name.clone(),
            (_, Some(extension)) => format!("{stem}-{n}.{extension}"),
            (_, None) => format!("{stem}-{n}"),
        };
        let path = folder.join(&candidate);
        // `create_new`: never an existing file, nor a link of that name to elsewhere.
        let opened = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path);
        let written = match opened {
            Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(error) => Err(error),
            Ok(mut file) => file.write_all(bytes).and_then(|()| file.sync_all()),
        };
        return match written {
            Ok(()) => Ok(path),
            Err(error) => {
                let _ = std::fs::remove_file(&path);
                Err(Refused::Unwritten {
                    name: candidate,
                    error: crate::i18n::system(&error),
                })
            }
        };
    }
    Err(Refused::Name(sent.to_owned()))
}

/// Whether `name` ends in one of `kinds` (`["csv", "xlsx"]`), in any case.
pub(crate) fn is_kind(name: &str, kinds: &[&str]) -> bool {
    name.rsplit_once('.').is_some_and(|(_, extension)| {
        kinds
            .iter()
            .any(|kind| extension.eq_ignore_ascii_case(kind))
    })
}

#[cfg(test)]
#[path = "upload_tests.rs"]
mod tests;
