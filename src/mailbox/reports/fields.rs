//! The machine-readable part of a report: header-like fields in groups separated by blank
//! lines (RFC 3464 §2.1 for `message/delivery-status`, RFC 8098 §3.1 for
//! `message/disposition-notification`), and the values they hold.
//!
//! Written by many MTAs and clients, so read leniently: LF or CRLF, folded lines, names in any
//! case, stray lines without a colon skipped, a recipient's fields not always separated from
//! the next recipient's by a blank line.

use chrono::{DateTime, FixedOffset};

/// One field: its name as written (compare with [`Field::is`]) and its unfolded value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Field {
    name: String,
    pub(super) value: String,
}

impl Field {
    pub(super) fn is(&self, name: &str) -> bool {
        self.name.eq_ignore_ascii_case(name)
    }
}

/// The groups of fields of a report body, in order; empty groups are dropped.
pub(super) fn groups(body: &[u8]) -> Vec<Vec<Field>> {
    let text = String::from_utf8_lossy(body);
    let mut groups = vec![Vec::new()];
    let mut current: Option<Field> = None;
    for line in text.split('\n') {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim().is_empty() {
            if let Some(field) = current.take() {
                push(&mut groups, field);
            }
            groups.push(Vec::new());
        } else if line.starts_with([' ', '\t']) {
            // A folded line goes on the field above; one with no field above is noise.
            if let Some(field) = current.as_mut() {
                field.value.push(' ');
                field.value.push_str(line.trim());
            }
        } else {
            if let Some(field) = current.take() {
                push(&mut groups, field);
            }
            current = line.split_once(':').and_then(|(name, value)| {
                let name = name.trim();
                let is_name =
                    !name.is_empty() && name.bytes().all(|b| b.is_ascii_graphic() && b != b':');
                is_name.then(|| Field {
                    name: name.to_owned(),
                    value: value.trim().to_owned(),
                })
            });
        }
    }
    if let Some(field) = current {
        push(&mut groups, field);
    }
    groups.retain(|group| !group.is_empty());
    groups
}

fn push(groups: &mut [Vec<Field>], field: Field) {
    if let Some(last) = groups.last_mut() {
        last.push(field);
    }
}

/// The value of the first field named `name` in `fields`.
pub(super) fn first<'a>(fields: &'a [Field], name: &str) -> Option<&'a str> {
    fields
        .iter()
        .find(|field| field.is(name))
        .map(|field| field.value.as_str())
        .filter(|value| !value.is_empty())
}

/// A `type; address` value (`rfc822; Jean.Dupont@AC-Lille.example`) as the bare address: the
/// type and any angle brackets removed, the domain in lower case. `utf-8` addresses (RFC 6533)
/// have their `\x{HEX}` escapes decoded.
pub(super) fn address(value: &str) -> Option<String> {
    let (kind, address) = match value.split_once(';') {
        Some((kind, address)) => (kind.trim(), address),
        None => ("rfc822", value),
    };
    let address = address.trim();
    let address = address
        .strip_prefix('<')
        .and_then(|a| a.strip_suffix('>'))
        .unwrap_or(address)
        .trim();
    let address = if kind.eq_ignore_ascii_case("utf-8") {
        unescape_utf8(address)
    } else {
        address.to_owned()
    };
    if address.is_empty() {
        return None;
    }
    Some(match address.rsplit_once('@') {
        Some((local, domain)) => format!("{local}@{}", domain.to_lowercase()),
        None => address,
    })
}

/// RFC 6533's `utf-8-addr-xtext`: `\x{E9}` stands for `é`; anything malformed stays as written.
fn unescape_utf8(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("\\x{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 3..];
        let decoded = after.split_once('}').and_then(|(hex, tail)| {
            let c = u32::from_str_radix(hex, 16).ok().and_then(char::from_u32)?;
            Some((c, tail))
        });
        if let Some((c, tail)) = decoded {
            out.push(c);
            rest = tail;
        } else {
            out.push_str("\\x{");
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// An enhanced status code (`5.1.1`, Exchange's `5.1.10`) at the start of `value`, a comment
/// or text after it ignored.
pub(super) fn status(value: &str) -> Option<String> {
    let code: String = value
        .trim_start()
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    let parts: Vec<&str> = code.split('.').collect();
    let valid = parts.len() == 3
        && matches!(parts[0], "2" | "4" | "5")
        && parts[1..]
            .iter()
            .all(|p| (1..=3).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()));
    valid.then_some(code)
}

/// The text of a `type; text` field (`smtp; 550 5.1.1 …`, Postfix's `X-Postfix; …`): the
/// diagnostic type removed when there is one.
pub(super) fn without_type(value: &str) -> Option<String> {
    let text = match value.split_once(';') {
        Some((kind, text)) if is_atom(kind.trim()) => text,
        _ => value,
    };
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

fn is_atom(word: &str) -> bool {
    !word.is_empty()
        && word
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// An RFC 5322 date (`Mon, 7 Dec 2026 09:14:05 +0100 (CET)`), as mail-parser reads them.
pub(super) fn date(value: &str) -> Option<DateTime<FixedOffset>> {
    mail_parser::DateTime::parse_rfc822(value).and_then(|date| to_chrono(&date))
}

/// mail-parser's date as chrono's, offset kept; `None` for an impossible date.
pub(super) fn to_chrono(date: &mail_parser::DateTime) -> Option<DateTime<FixedOffset>> {
    if !date.is_valid() {
        return None;
    }
    let offset = i32::from(date.tz_hour) * 3600 + i32::from(date.tz_minute) * 60;
    let offset = FixedOffset::east_opt(if date.tz_before_gmt { -offset } else { offset })?;
    DateTime::from_timestamp(date.to_timestamp(), 0).map(|utc| utc.with_timezone(&offset))
}

/// A Message-ID as missive stores it, without angle brackets: the first `<…>` of the value,
/// else the value itself when it is one word.
pub(super) fn message_id(value: &str) -> Option<String> {
    let value = value.trim();
    let id = match value.find('<') {
        Some(start) => {
            let inner = &value[start + 1..];
            inner.split_once('>').map_or(inner, |(id, _)| id)
        }
        None => value,
    };
    let id = id.trim();
    let one_word = !id.is_empty() && !id.contains(char::is_whitespace);
    one_word.then(|| id.to_owned())
}
