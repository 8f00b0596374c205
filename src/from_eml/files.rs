//! The original's files, decoded once and written beside the template: the attachments (the
//! infographic) and the images its HTML shows. One file per distinct content: Outlook
//! pastes the infographic in the body as `image001.png` and attaches it as
//! `infographie-rentree.png`; both are the same bytes, written once under the attached name.
//! An image the HTML shows is embedded again by compose (not listed in `attachments`);
//! anything else is listed, so every relayed message carries it.

use super::received::Part;

/// The template's own names in its folder, never taken by a file of the original.
const RESERVED: [&str; 2] = ["message.html", "message.txt"];

/// A name longer than this (in characters) is cut, its extension kept.
const MAX_NAME: usize = 100;

/// One file to write beside the template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct ExtractedFile {
    pub name: String,
    pub bytes: Vec<u8>,
    /// Attached to every message (listed in campaign.toml); otherwise only shown inline.
    pub listed: bool,
}

/// The files, and which Content-ID became which file.
#[derive(Debug, Default)]
pub(super) struct Extracted {
    pub files: Vec<ExtractedFile>,
    /// Content-ID (lower case) and the name of its file, for the images the HTML shows.
    pub by_content_id: Vec<(String, String)>,
    pub left_out: Vec<super::LeftOut>,
}

impl Extracted {
    /// The file name of the image with this Content-ID.
    pub(super) fn name_of(&self, content_id: &str) -> Option<&str> {
        self.by_content_id
            .iter()
            .find(|(id, _)| id.eq_ignore_ascii_case(content_id))
            .map(|(_, name)| name.as_str())
    }
}

/// Groups the parts by content and names each group. `shown` holds the Content-IDs the
/// HTML body references (none for a text body).
pub(super) fn extract(parts: &[Part], shown: &[String]) -> Extracted {
    let is_shown = |part: &Part| {
        part.content_id
            .as_deref()
            .is_some_and(|id| shown.iter().any(|s| s.eq_ignore_ascii_case(id)))
    };
    let mut groups: Vec<Vec<&Part>> = Vec::new();
    let mut left_out = Vec::new();
    for part in parts {
        if part.bytes.is_empty() {
            left_out.push(super::LeftOut {
                name: part.name.clone().unwrap_or_else(|| part.mime_type.clone()),
                why: super::Why::Empty,
            });
            continue;
        }
        match groups.iter_mut().find(|g| g[0].bytes == part.bytes) {
            Some(group) => group.push(part),
            None => groups.push(vec![part]),
        }
    }
    let mut used: Vec<String> = RESERVED.iter().map(|r| (*r).to_string()).collect();
    let mut extracted = Extracted {
        left_out,
        ..Extracted::default()
    };
    for (index, group) in groups.iter().enumerate() {
        let name = unique(&proposed_name(group, index + 1), &mut used);
        for part in group.iter().filter(|p| is_shown(p)) {
            if let Some(id) = &part.content_id {
                extracted
                    .by_content_id
                    .push((id.to_lowercase(), name.clone()));
            }
        }
        extracted.files.push(ExtractedFile {
            name,
            bytes: group[0].bytes.clone(),
            // Shown only, and never attached by the sender: embedded, not listed.
            listed: !group.iter().all(|p| is_shown(p) && !p.attachment),
        });
    }
    extracted
}

/// The attached name first (what the sender chose), then any name, then the Content-ID
/// when it reads as a file name (`image001.png@01D73527.8A1B2C30`), then a made-up one.
fn proposed_name(group: &[&Part], position: usize) -> String {
    let named = group
        .iter()
        .filter(|p| p.attachment)
        .chain(group.iter())
        .find_map(|p| p.name.as_deref().map(clean))
        .filter(|n| !n.is_empty());
    let from_content_id = || {
        group
            .iter()
            .filter_map(|p| p.content_id.as_deref())
            .map(|id| clean(id.split('@').next().unwrap_or(id)))
            .find(|n| n.contains('.') && !n.starts_with('.'))
    };
    named.or_else(from_content_id).unwrap_or_else(|| {
        let mime = &group[0].mime_type;
        let stem = if mime.starts_with("image/") {
            "image"
        } else {
            "piece-jointe"
        };
        let extension = mime_guess::get_mime_extensions_str(mime)
            .and_then(|e| e.first())
            .map_or(String::new(), |e| format!(".{e}"));
        format!("{stem}-{position}{extension}")
    })
}

/// A name safe as a file name, in a TOML string and in an HTML attribute: letters (accents
/// kept), digits, space and `-_.()+,`; anything else becomes `-`.
pub(super) fn clean(name: &str) -> String {
    let name = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let replaced: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || " -_.()+,".contains(c) {
                c
            } else {
                '-'
            }
        })
        .collect();
    let trimmed = replaced.trim_matches(|c: char| c == '.' || c == ' ' || c == '-');
    if trimmed.chars().count() <= MAX_NAME {
        return trimmed.to_string();
    }
    let (stem, extension) = split_extension(trimmed);
    let keep = MAX_NAME.saturating_sub(extension.chars().count());
    format!("{}{extension}", stem.chars().take(keep).collect::<String>())
}

/// `name-2.png` when `name.png` is taken (names compared case-blind, as on Windows).
fn unique(name: &str, used: &mut Vec<String>) -> String {
    let taken =
        |candidate: &str, used: &[String]| used.iter().any(|u| u.eq_ignore_ascii_case(candidate));
    let mut candidate = name.to_string();
    let (stem, extension) = split_extension(name);
    let mut counter = 2;
    while taken(&candidate, used) {
        candidate = format!("{stem}-{counter}{extension}");
        counter += 1;
    }
    used.push(candidate.clone());
    candidate
}

/// `("infographie", ".png")`; no extension for `README` or `.hidden`.
fn split_extension(name: &str) -> (&str, &str) {
    match name.rfind('.') {
        Some(dot) if dot > 0 => name.split_at(dot),
        _ => (name, ""),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn part(name: Option<&str>, id: Option<&str>, bytes: &[u8], attachment: bool) -> Part {
        Part {
            name: name.map(str::to_string),
            content_id: id.map(str::to_string),
            mime_type: "image/png".into(),
            bytes: bytes.to_vec(),
            attachment,
        }
    }

    #[test]
    fn the_same_bytes_pasted_and_attached_are_one_file_under_the_attached_name() {
        let parts = [
            part(
                Some("image001.png"),
                Some("image001.png@01D73527.8A1B2C30"),
                b"png",
                false,
            ),
            part(Some("infographie-rentree.png"), None, b"png", true),
            part(None, Some("logo@ac-lille.fr"), b"logo", false),
        ];
        let shown = [
            "IMAGE001.png@01D73527.8A1B2C30".to_string(),
            "logo@ac-lille.fr".to_string(),
        ];
        let extracted = extract(&parts, &shown);
        let names: Vec<(&str, bool)> = extracted
            .files
            .iter()
            .map(|f| (f.name.as_str(), f.listed))
            .collect();
        assert_eq!(
            names,
            [("infographie-rentree.png", true), ("image-2.png", false)]
        );
        assert_eq!(
            extracted.name_of("image001.png@01d73527.8a1b2c30"),
            Some("infographie-rentree.png")
        );
        assert_eq!(extracted.name_of("logo@ac-lille.fr"), Some("image-2.png"));
    }

    #[test]
    fn an_inline_image_the_html_does_not_show_is_attached() {
        let parts = [part(None, Some("image001.png@x"), b"png", false)];
        let extracted = extract(&parts, &[]);
        assert_eq!(extracted.files[0].name, "image001.png");
        assert!(extracted.files[0].listed);
        assert!(extracted.by_content_id.is_empty());
    }

    #[test]
    fn names_are_cleaned_and_never_collide() {
        assert_eq!(clean("C:\\Users\\ien\\note 26/04.pdf"), "04.pdf");
        assert_eq!(
            clean("infographie rentrée \"v2\".png"),
            "infographie rentrée -v2-.png"
        );
        assert_eq!(clean("..{{ secret }}"), "secret");
        assert_eq!(clean(&format!("{}.pdf", "a".repeat(300))).len(), MAX_NAME);
        let parts = [
            part(Some("message.html"), None, b"1", true),
            part(Some("Note.pdf"), None, b"2", true),
            part(Some("note.PDF"), None, b"3", true),
            part(Some("vide.txt"), None, b"", true),
        ];
        let extracted = extract(&parts, &[]);
        let names: Vec<&str> = extracted.files.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["message-2.html", "Note.pdf", "note-2.PDF"]);
        assert_eq!(extracted.left_out.len(), 1);
        assert_eq!(extracted.left_out[0].to_string(), "vide.txt (empty)");
    }
}
