//! Images of the campaign referenced by the HTML body (`<img src="infographie.png">`) are
//! embedded in the message and referenced by Content-ID, so they show without remote content.

use std::sync::Arc;

use super::{AttachmentError, EncodedFile};

/// The HTML with `src` rewritten to `cid:` references, and the files to embed.
pub(super) struct Embedded {
    pub html: String,
    pub files: Vec<(String, Arc<EncodedFile>)>,
}

/// Rewrites every relative `src="…"` of the HTML; `load` resolves and reads the file.
pub(super) fn embed(
    html: &str,
    mut load: impl FnMut(&str) -> Result<Arc<EncodedFile>, AttachmentError>,
) -> Result<Embedded, AttachmentError> {
    let mut out = String::with_capacity(html.len());
    let mut files: Vec<(String, Arc<EncodedFile>)> = Vec::new();
    let mut rest = html;
    while let Some(found) = rest.find("src=\"") {
        let value_start = found + "src=\"".len();
        let Some(value_len) = rest[value_start..].find('"') else {
            break;
        };
        let source = &rest[value_start..value_start + value_len];
        out.push_str(&rest[..value_start]);
        if is_local(source) {
            let decoded = decode_entities(source);
            let file = load(&decoded)?;
            let content_id = if let Some((id, _)) = files.iter().find(|(_, f)| f.path == file.path)
            {
                id.clone()
            } else {
                let id = format!("image{}.{}@missive", files.len() + 1, short_id(&file));
                files.push((id.clone(), file));
                id
            };
            out.push_str("cid:");
            out.push_str(&content_id);
        } else {
            out.push_str(source);
        }
        rest = &rest[value_start + value_len..];
    }
    out.push_str(rest);
    Ok(Embedded { html: out, files })
}

fn is_local(source: &str) -> bool {
    !source.is_empty()
        && !source.contains("://")
        && !source.starts_with("cid:")
        && !source.starts_with("data:")
        && !source.starts_with("//")
        && !source.starts_with('#')
}

/// The file name a `src` attribute means: HTML entities, then percent-encoding
/// (Markdown writes `infographie%20rentr%C3%A9e.png` for `infographie rentrée.png`).
fn decode_entities(source: &str) -> String {
    let unescaped = source
        .replace("&amp;", "&")
        .replace("&quot;", "\"")
        .replace("&#39;", "'");
    percent_encoding::percent_decode_str(&unescaped)
        .decode_utf8_lossy()
        .into_owned()
}

fn short_id(file: &EncodedFile) -> String {
    use sha2::{Digest, Sha256};
    super::hex(&Sha256::digest(file.file_name.as_bytes()))[..12].to_string()
}
