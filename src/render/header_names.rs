//! The names of a template's header lines: the standard ones, their French names (`Objet :`
//! for `Subject:`), and the near misses of a typing slip.

/// The French names of the standard headers, lower case, with what they stand for: a
/// French template may write `Objet :`, `De :`, `À :`, `Cci :`, `Répondre à :`.
const FRENCH_NAMES: [(&str, &str); 10] = [
    ("objet", "Subject"),
    ("de", "From"),
    ("à", "To"),
    ("a", "To"),
    ("cci", "Bcc"),
    ("répondre à", "Reply-To"),
    ("repondre a", "Reply-To"),
    ("répondre-à", "Reply-To"),
    ("pièce jointe", "Attachment"),
    ("piece jointe", "Attachment"),
];

/// The header a name before a colon stands for: a standard header by its English name
/// as written, a French name by the English one (`Objet` → `Subject`, `À` → `To`), either with
/// spaces before the colon as French writes it (`Objet :`, `Subject :`); `None` for what is not
/// a header name.
pub fn header_name(name: &str) -> Option<&str> {
    let trimmed = name.trim_end_matches([' ', '\t', '\u{a0}', '\u{202f}']);
    let words: Vec<&str> = trimmed
        .split([' ', '\u{a0}'])
        .filter(|w| !w.is_empty())
        .collect();
    let lower = words.join(" ").to_lowercase();
    if let Some((_, standard)) = FRENCH_NAMES.iter().find(|(french, _)| *french == lower) {
        return Some(standard);
    }
    if is_header_name(name) {
        return Some(name);
    }
    let known = KNOWN_HEADERS
        .iter()
        .find(|k| k.eq_ignore_ascii_case(trimmed));
    known.filter(|_| trimmed != name).copied()
}

/// RFC 5322 field names: printable ASCII except colon; we also refuse spaces.
pub fn is_header_name(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_graphic() && b != b':')
}

/// The headers missive gives a meaning to.
const KNOWN_HEADERS: [&str; 9] = [
    "From",
    "To",
    "Cc",
    "Bcc",
    "Reply-To",
    "Subject",
    "Attachment",
    "Content-Type",
    "Sender",
];

/// A header name one or two typing slips away from a known one (`Subjet`, `Atachment`,
/// `Reply-to:` is fine: names are case-insensitive). `X-` headers are the user's own.
pub(super) fn near_miss(name: &str) -> Option<&'static str> {
    let lower = name.to_ascii_lowercase();
    if lower.starts_with("x-") || KNOWN_HEADERS.iter().any(|k| k.eq_ignore_ascii_case(name)) {
        return None;
    }
    KNOWN_HEADERS
        .iter()
        .copied()
        .filter(|known| known.len() > 3)
        .find(|known| edit_distance(&lower, &known.to_ascii_lowercase()) <= 2)
}

/// The name among `names` one or two typing slips from `written` (`nmo` for `nom`, `Ecole`
/// for `ecole`), the nearest first; `None` when none is that near.
pub(super) fn nearest<'a>(written: &str, names: impl Iterator<Item = &'a str>) -> Option<String> {
    let lower = written.to_lowercase();
    names
        .map(|name| (edit_distance(&lower, &name.to_lowercase()), name))
        .filter(|&(distance, name)| distance <= 2 && distance < name.chars().count())
        .min()
        .map(|(_, name)| name.to_string())
}

/// Levenshtein distance, for typo suggestions on short names.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current.push(substitution.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}
