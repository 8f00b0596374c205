use super::*;

/// `value` as a mail client reads the header `name`, parsed by mail-parser.
fn read_subject(value: &str) -> String {
    let message = format!("From: a@b.example\r\nSubject: {value}\r\n\r\nx\r\n");
    mail_parser::MessageParser::default()
        .parse(message.as_bytes())
        .expect("parsed")
        .subject()
        .expect("a subject")
        .to_string()
}

fn read_to(value: &str) -> Vec<(Option<String>, String)> {
    let message = format!("From: a@b.example\r\nTo: {value}\r\n\r\nx\r\n");
    let parsed = mail_parser::MessageParser::default()
        .parse(message.as_bytes())
        .expect("parsed");
    parsed
        .to()
        .expect("To")
        .iter()
        .map(|a| {
            (
                a.name().map(str::to_string),
                a.address().expect("an address").to_string(),
            )
        })
        .collect()
}

/// Every line of `name: value` is at most 78 characters, every encoded word at most 75,
/// and each one decodes on its own to whole characters, ending at a space of the text
/// unless it ends the run.
fn assert_well_cut(name: &str, value: &str) {
    let header = format!("{name}: {value}");
    for line in header.split("\r\n") {
        assert!(line.len() <= LINE_MAX, "line of {}: {line:?}", line.len());
    }
    let unfolded = header.replace("\r\n", "");
    let words: Vec<&str> = unfolded.split(' ').collect();
    for (index, word) in words.iter().enumerate() {
        let Some(inner) = word
            .trim_end_matches(',')
            .strip_prefix("=?UTF-8?Q?")
            .and_then(|w| w.strip_suffix("?="))
        else {
            continue;
        };
        assert!(word.trim_end_matches(',').len() <= WORD_MAX, "{word}");
        let bytes = decode_q(inner);
        let text =
            String::from_utf8(bytes).unwrap_or_else(|_| panic!("{word} cuts a character in two"));
        let next_is_encoded = words
            .get(index + 1)
            .is_some_and(|next| next.starts_with("=?"));
        // A word of the text too long for one encoded word is cut between characters
        // only when the encoded word is full (no room for one more, up to 12 characters).
        let full = word.len() > WORD_MAX - 12;
        if next_is_encoded && !word.ends_with(',') && !full {
            assert!(
                text.ends_with(' '),
                "{word:?} ends inside a word of the text ({text:?})"
            );
        }
    }
}

fn decode_q(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut index = 0;
    while index < bytes.len() {
        match bytes[index] {
            b'_' => out.push(b' '),
            b'=' => {
                let hex = std::str::from_utf8(&bytes[index + 1..index + 3]).expect("hex");
                out.push(u8::from_str_radix(hex, 16).expect("hex"));
                index += 2;
            }
            other => out.push(other),
        }
        index += 1;
    }
    out
}

fn mailbox(text: &str) -> Mailbox {
    crate::recipients::address::parse_one(text).expect("a mailbox")
}

#[test]
fn a_subject_encodes_only_its_words_beyond_ascii_in_q() {
    let subject = "Rentrée numérique du 26 avril — recommandations pour Collège Jean-Macé";
    let value = unstructured("Subject", subject);
    assert_eq!(
        value,
        "=?UTF-8?Q?Rentr=C3=A9e_num=C3=A9rique?= du 26 avril\r\n \
         =?UTF-8?Q?=E2=80=94?= recommandations pour\r\n \
         =?UTF-8?Q?Coll=C3=A8ge_Jean-Mac=C3=A9?="
    );
    assert_well_cut("Subject", &value);
    assert_eq!(read_subject(&value), subject);
}

#[test]
fn ascii_stays_as_it_is_folded_at_its_spaces() {
    let subject =
        "Digital back to school on April 26: recommendations for every school of the district";
    let value = unstructured("Subject", subject);
    assert!(value.is_ascii() && !value.contains("=?"), "{value}");
    assert_well_cut("Subject", &value);
    assert_eq!(read_subject(&value), subject);
    // Text that looks like an encoded word is encoded, so that it reads as written.
    let tricky = "=?UTF-8?Q?x?= is not encoded";
    assert_eq!(read_subject(&unstructured("Subject", tricky)), tricky);
}

#[test]
fn long_text_beyond_ascii_is_cut_at_spaces_into_words_of_75_at_most() {
    let subjects = [
        "Rentrée numérique : créer dès maintenant les comptes « Ma classe à la maison » \
         pour l’école élémentaire Françoise-Dolto de Villeneuve-d’Ascq",
        "Ελληνικά και русский текст: ёлка, ещё, объём — 日本語のテキストもここにあります、とても長い行です",
        // Two spaces in a row between encoded words, and spaces at the ends.
        " Élèves  déconnectés ",
        // A word longer than an encoded word: cut between characters, never inside one.
        &"é".repeat(60),
        "emoji 🎒📚✏️ rentrée",
    ];
    for subject in subjects {
        let value = unstructured("Subject", subject);
        assert_well_cut("Subject", &value);
        assert_eq!(read_subject(&value), subject.trim(), "{value}");
    }
}

#[test]
fn display_names_are_quoted_or_encoded_as_a_phrase_needs() {
    let list = [
        mailbox(
            "Inspection de l'Éducation nationale, circonscription de Lille 1 <ien.lille-1@ac-lille.example>",
        ),
        mailbox("Hélène Lefèvre <ce.0594112k@ac-lille.example>"),
        mailbox("\"Dupont, Jean\" <j.dupont@ac-lille.example>"),
        mailbox("M. Loïc O'Neil <l@ac-lille.example>"),
        mailbox("Jean Dupont <jean@ac-lille.example>"),
        mailbox("nobody@ac-lille.example"),
    ];
    let value = mailbox_list("To", &list, false);
    assert!(value.is_ascii());
    assert_well_cut("To", &value);
    assert!(
        value.contains("\"Dupont, Jean\" <j.dupont@ac-lille.example>,"),
        "{value}"
    );
    assert!(
        value.contains("Jean Dupont <jean@ac-lille.example>"),
        "{value}"
    );
    let read = read_to(&value);
    let expected: Vec<(Option<String>, String)> = list
        .iter()
        .map(|m| (m.name.clone(), m.email.to_string()))
        .collect();
    assert_eq!(read, expected, "{value}");
}

#[test]
fn a_utf8_header_keeps_its_names_as_they_are() {
    let list = [
        mailbox("Élodie Martin <élodie@ac-lyon.example>"),
        mailbox("\"Dupré, Anne\" <anne@ac-lyon.example>"),
    ];
    let value = mailbox_list("To", &list, true);
    assert_eq!(
        value,
        "Élodie Martin <élodie@ac-lyon.example>,\r\n \"Dupré, Anne\" <anne@ac-lyon.example>"
    );
}

#[test]
fn a_long_address_list_is_folded_between_addresses_at_78() {
    let list: Vec<Mailbox> = (1..=6)
        .map(|i| mailbox(&format!("Directrice {i} <ce.059{i}112k@ac-lille.example>")))
        .collect();
    let value = mailbox_list("Cc", &list, false);
    assert_well_cut("Cc", &value);
    assert!(value.lines().count() >= 3, "{value}");
    for line in value.split("\r\n").skip(1) {
        assert!(line.starts_with(' '), "a folded line starts with a space");
    }
}
