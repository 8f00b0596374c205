//! Property tests of the two parsers that read what users hand in: the template's header
//! block and the recipient list. Whatever the input, no panic, and an error cites a file
//! and a line (`properties/checks.rs`). `fuzz/` runs the same checks under libFuzzer.
//! Cases found are kept below as plain tests.

#[path = "../properties/checks.rs"]
mod checks;

use proptest::prelude::*;

/// Lines that look like a template: headers (known, French, misspelled, folded, Tera tags), blank
/// lines, Tera syntax, control characters.
fn template_line() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("From: Direction <d@ac-lille.fr>".to_string()),
        Just("To: {{ nom }} <{{ email }}>".to_string()),
        Just("Subjet: x".to_string()),
        Just("Subject: x".to_string()),
        Just("Objet : {{ nom }}".to_string()),
        Just("À : {{ email }}".to_string()),
        Just("Content-Type: text/markdown".to_string()),
        Just("Attachment: {{ nom }}.pdf".to_string()),
        Just("{% if nom %}".to_string()),
        Just("{% endif %}".to_string()),
        Just("  folded".to_string()),
        "[A-Za-z-]{1,12}: [ -~]{0,20}",
        "[{}%#a-z: <>@\\\\]{0,16}",
        any::<String>(),
    ]
}

fn template_text() -> impl Strategy<Value = String> {
    (
        proptest::collection::vec(template_line(), 0..12),
        prop_oneof![Just("\n"), Just("\r\n")],
    )
        .prop_map(|(lines, end)| lines.join(end))
}

/// Bytes that look like a list: delimiters, quotes, line ends, accents in both encodings,
/// byte-order marks, zero bytes.
fn list_bytes() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        Just(b"nom;email\n".to_vec()),
        Just(b"a;b@x.fr\r\n".to_vec()),
        Just(b";".to_vec()),
        Just(b",".to_vec()),
        Just(b"\t".to_vec()),
        Just(b"\"".to_vec()),
        Just(b"\n".to_vec()),
        Just(b"\r".to_vec()),
        Just(b"\xef\xbb\xbf".to_vec()),
        Just(b"\xff\xfe".to_vec()),
        Just(b"\xe9".to_vec()),
        Just("é".as_bytes().to_vec()),
        Just(vec![0]),
        proptest::collection::vec(any::<u8>(), 0..8),
    ];
    proptest::collection::vec(piece, 0..40).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(256)
    ))]

    #[test]
    fn any_template_is_read_or_refused_with_its_line(text in template_text()) {
        checks::template_holds(&text);
    }

    #[test]
    fn any_string_as_a_template_is_read_or_refused(text in any::<String>()) {
        checks::template_holds(&text);
    }

    #[test]
    fn any_text_list_is_read_or_refused_with_its_line(bytes in list_bytes()) {
        checks::list_holds(&bytes, "csv");
    }

    #[test]
    fn any_bytes_as_a_list_are_read_or_refused(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        checks::list_holds(&bytes, "csv");
        checks::list_holds(&bytes, "txt");
    }

    #[test]
    fn any_bytes_as_a_spreadsheet_are_refused_naming_it(bytes in proptest::collection::vec(any::<u8>(), 0..256)) {
        checks::list_holds(&bytes, "xlsx");
        checks::list_holds(&bytes, "ods");
    }
}
