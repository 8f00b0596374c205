//! Header text beyond ASCII, written so that every mail client reads the same thing
//! (RFC 2047). lettre cut a subject into base64 words by bytes, one of them padded: `GMime`
//! (mu, notmuch, Evolution) stopped at the padded word and showed "Collège Jean-Mac". Here:
//!
//! - only the words that need it are encoded, the plain ones stay as they are;
//! - an encoded word is `Q` (readable, and shorter than base64 for French) in UTF-8, and
//!   ends at a space of the text, never inside a character: two encoded words next to each
//!   other are read as one text with the whitespace between them dropped, so the space the
//!   text had is carried inside the first one, as `_`;
//! - `Q` keeps only the characters RFC 2047 §5(3) allows in a display name (letters,
//!   digits, `!*+-/`), so the same encoder serves the Subject and the names of addresses;
//! - each encoded word is at most 75 characters, and a header is folded at its spaces so
//!   that its lines are at most 78 characters where its words allow.
//!
//! Headers in UTF-8 (RFC 6532, for a relay that offers SMTPUTF8) keep their display names
//! as they are, quoted when they need it.

use lettre::message::Mailbox;

/// The longest encoded word RFC 2047 §2 allows.
const WORD_MAX: usize = 75;
/// `=?UTF-8?Q?` and `?=`.
const WORD_OVERHEAD: usize = "=?UTF-8?Q?".len() + "?=".len();
/// The line length RFC 5322 §2.1.1 asks for.
const LINE_MAX: usize = 78;

/// The value of an unstructured header (Subject, a template's own header) named `name`,
/// encoded and folded: what goes after `Name: `.
pub(super) fn unstructured(name: &str, text: &str) -> String {
    let words: Vec<&str> = text.split(' ').collect();
    let encode: Vec<bool> = spread_over_spaces(
        &words,
        &words
            .iter()
            .map(|word| !word.is_ascii() || word.contains("=?"))
            .collect::<Vec<_>>(),
    );
    let groups: Vec<Vec<String>> = atoms(&words, &encode)
        .into_iter()
        .map(|atom| vec![atom])
        .collect();
    fold_groups(name, &groups)
}

/// The value of an address header (From, To, Cc, Reply-To) named `name` holding
/// `mailboxes`, folded between addresses, or between the words of one too long for a line;
/// `utf8`: the header is written in UTF-8 (RFC 6532), its names as they are.
pub(super) fn mailbox_list(name: &str, mailboxes: &[Mailbox], utf8: bool) -> String {
    let groups: Vec<Vec<String>> = mailboxes
        .iter()
        .enumerate()
        .map(|(index, mailbox)| {
            let mut own = match mailbox.name.as_deref() {
                Some(name) if !name.is_empty() => phrase(name, utf8),
                _ => Vec::new(),
            };
            own.push(if own.is_empty() {
                mailbox.email.to_string()
            } else {
                format!("<{}>", mailbox.email)
            });
            if index + 1 < mailboxes.len()
                && let Some(last) = own.last_mut()
            {
                last.push(',');
            }
            own
        })
        .collect();
    fold_groups(name, &groups)
}

/// A display name as the atoms of a phrase: as it is when every word is an atom; quoted
/// when it is ASCII (or UTF-8 is allowed) but holds a special such as `,` or `.`;
/// otherwise its words beyond ASCII or holding a special encoded.
fn phrase(name: &str, utf8: bool) -> Vec<String> {
    let words: Vec<&str> = name.split(' ').collect();
    let is_atom = |word: &&str| !word.is_empty() && word.chars().all(|c| is_atext(c, utf8));
    if words.iter().all(is_atom) {
        return words.iter().map(|w| (*w).to_string()).collect();
    }
    if utf8 || name.is_ascii() {
        let mut quoted = String::with_capacity(name.len() + 2);
        quoted.push('"');
        for c in name.chars() {
            if c == '"' || c == '\\' {
                quoted.push('\\');
            }
            quoted.push(c);
        }
        quoted.push('"');
        return vec![quoted];
    }
    let encode: Vec<bool> = words.iter().map(|w| !is_atom(w)).collect();
    atoms(&words, &spread_over_spaces(&words, &encode))
}

/// RFC 5322's atext (and, in a UTF-8 header, any character beyond ASCII: RFC 6532).
fn is_atext(c: char, utf8: bool) -> bool {
    c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~".contains(c) || (utf8 && !c.is_ascii())
}

/// Spaces in a row (empty words between two others) are kept by every reader only inside
/// an encoded word: such an empty word is encoded with the words on either side.
fn spread_over_spaces(words: &[&str], encode: &[bool]) -> Vec<bool> {
    let mut spread = encode.to_vec();
    for index in 0..words.len() {
        if !words[index].is_empty() {
            continue;
        }
        let before = (0..index).rev().find(|&i| !words[i].is_empty());
        let after = (index + 1..words.len()).find(|&i| !words[i].is_empty());
        if let (Some(before), Some(after)) = (before, after) {
            spread[before..=after].fill(true);
        }
    }
    spread
}

/// The atoms of a text whose words are joined by single spaces: plain words as they are,
/// each run of words to encode as encoded words holding the spaces between them.
fn atoms(words: &[&str], encode: &[bool]) -> Vec<String> {
    let mut atoms = Vec::new();
    let mut index = 0;
    while index < words.len() {
        if !encode[index] {
            atoms.push(words[index].to_string());
            index += 1;
            continue;
        }
        let end = (index..words.len())
            .find(|&i| !encode[i])
            .unwrap_or(words.len());
        atoms.extend(encoded_words(&words[index..end]));
        index = end;
    }
    atoms
}

/// `words`, joined by spaces, as encoded words that each end at a space (carried inside,
/// as `_`) or, for a word too long for one, at a character.
fn encoded_words(words: &[&str]) -> Vec<String> {
    let room = WORD_MAX - WORD_OVERHEAD;
    let mut out = Vec::new();
    let mut current = String::new();
    for (index, word) in words.iter().enumerate() {
        let mut encoded = q(word);
        if index + 1 < words.len() {
            encoded.push('_');
        }
        if !current.is_empty() && current.len() + encoded.len() > room {
            out.push(wrap(&current));
            current.clear();
        }
        if encoded.len() <= room {
            current.push_str(&encoded);
            continue;
        }
        // A word too long for one encoded word: cut between its characters.
        for c in word.chars() {
            let one = q(c.encode_utf8(&mut [0; 4]));
            if current.len() + one.len() > room {
                out.push(wrap(&current));
                current.clear();
            }
            current.push_str(&one);
        }
        if index + 1 < words.len() {
            if current.len() + 1 > room {
                out.push(wrap(&current));
                current.clear();
            }
            current.push('_');
        }
    }
    if !current.is_empty() {
        out.push(wrap(&current));
    }
    out
}

fn wrap(q_text: &str) -> String {
    format!("=?UTF-8?Q?{q_text}?=")
}

/// `text` in RFC 2047 `Q` with the characters a display name allows (§5(3)).
fn q(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    for byte in text.bytes() {
        match byte {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'!' | b'*' | b'+' | b'-' | b'/' => {
                out.push(byte as char);
            }
            b' ' => out.push('_'),
            _ => {
                const HEX: &[u8; 16] = b"0123456789ABCDEF";
                out.push('=');
                out.push(HEX[usize::from(byte >> 4)] as char);
                out.push(HEX[usize::from(byte & 15)] as char);
            }
        }
    }
    out
}

/// The atoms of `groups` joined by spaces, folded so that lines stay within [`LINE_MAX`]:
/// before a group that fits on a line of its own but not on this one, else before an atom
/// that would pass it (an atom longer than a line has one of its own).
fn fold_groups(name: &str, groups: &[Vec<String>]) -> String {
    let width = |atom: &String| atom.chars().count();
    let mut out = String::new();
    let mut line = name.len() + 2;
    let mut first = true;
    for group in groups {
        let whole = group.iter().map(|a| width(a) + 1).sum::<usize>();
        if !first && line + whole > LINE_MAX && whole < LINE_MAX {
            out.push_str("\r\n");
            line = 0;
        }
        for atom in group {
            // A line of whitespace alone may not be folded (RFC 5322 §3.2.2); the first
            // atom may go to the next line too (`Subject:` then the fold).
            let fold = width(atom) > 0
                && line > 0
                && line + 1 + width(atom) > LINE_MAX
                && (!first || width(atom) < LINE_MAX);
            if fold {
                out.push_str("\r\n");
                line = 0;
            }
            if !first || fold {
                out.push(' ');
                line += 1;
            }
            first = false;
            out.push_str(atom);
            line += width(atom);
        }
    }
    out
}

#[cfg(test)]
mod tests;
