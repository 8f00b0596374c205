//! Hostile and broken input, one test each: every one makes `check`, `preview` and `send`
//! exit 1 with a `FILE:LINE:` citation and words that say what to do, and none panics,
//! sends (the SMTP server sees no session) or writes a preview.

use std::process::Output;

use crate::harness::{Campaign, SmtpServer, missive, run, text};

/// A template whose headers take a value from each column.
const TEMPLATE: &str = "From: Direction <direction@ecole-jules-ferry.fr>\nTo: {{ nom }} <{{ email }}>\nCc: {{ cc }}\nSubject: Rentrée, {{ sujet }}\nX-Ecole: {{ ecole }}\n\nBonjour {{ nom }},\nla classe virtuelle ouvre lundi.\n";
const HEADER: &str = "nom;email;cc;sujet;ecole\n";
const GOOD_ROW: &str = "Anne Dupré;anne@ac-lille.fr;;équipe;Jules-Ferry\n";

/// A campaign folder (`campagne/`) inside a folder that holds a file it may not reach.
struct Case {
    dir: Campaign,
}

impl Case {
    fn new(template: impl AsRef<[u8]>, list: impl AsRef<[u8]>) -> Self {
        let dir = Campaign::empty();
        dir.write("secret.txt", "not for the recipients");
        let case = Self { dir };
        case.file(
            "campaign.toml",
            "template = \"message.txt\"\nrecipients = \"liste.csv\"\n",
        )
        .file("message.txt", template)
        .file("liste.csv", list)
    }

    /// A list of the good row and, on line 3, `row`.
    fn row(row: &str) -> Self {
        Self::new(TEMPLATE, format!("{HEADER}{GOOD_ROW}{row}\n"))
    }

    fn path(&self) -> std::path::PathBuf {
        self.dir.path().join("campagne")
    }

    fn file(self, name: &str, bytes: impl AsRef<[u8]>) -> Self {
        self.dir.write(&format!("campagne/{name}"), bytes);
        self
    }

    fn run(&self, args: &[&str]) -> Output {
        let mut command = missive(self.path());
        command.args(args);
        run(command)
    }

    /// `check`, `preview` and `send` all exit 1 citing `citation` and saying `fix`; nothing
    /// is sent or previewed. Gives what `check` printed.
    fn refused(&self, citation: &str, fix: &str) -> String {
        let server = SmtpServer::builder().start();
        let url = server.url();
        let mut printed = String::new();
        for args in [
            &["check"][..],
            &["preview", "--out", "revue"],
            &["send", "--yes", "--rate", "unlimited", "--smtp", &url],
        ] {
            let output = self.run(args);
            let text = text(&output);
            let command = args[0];
            assert_eq!(output.status.code(), Some(1), "{command}: {text}");
            assert!(!text.contains("panicked"), "{command}: {text}");
            let cited = text
                .lines()
                .find(|l| l.starts_with(&format!("error: {citation}")))
                .unwrap_or_else(|| panic!("{command} does not cite `{citation}`: {text}"));
            assert!(
                cited.contains(fix),
                "{command} does not say `{fix}`: {cited}"
            );
            if command == "check" {
                printed = text;
            }
        }
        assert_eq!(server.sessions(), 0, "nothing may be sent");
        assert!(
            !self.path().join("revue").exists(),
            "nothing may be previewed"
        );
        printed
    }
}

// Header injection: a value from the data may not add a header line or a recipient.

#[test]
fn a_line_break_in_the_to_address_is_refused() {
    Case::row("Bob;\"bob@ac-lille.fr\r\nBcc: espion@example.org\";;x;y")
        .refused("liste.csv:3:", "remove it from the list");
}

#[test]
fn a_line_break_in_cc_is_refused() {
    Case::row("Bob;bob@ac-lille.fr;\"adj@ac-lille.fr\nBcc: espion@example.org\";x;y")
        .refused("liste.csv:3:", "remove it from the list");
}

#[test]
fn a_line_break_in_the_subject_is_refused() {
    Case::row("Bob;bob@ac-lille.fr;;\"x\r\nBcc: espion@example.org\";y")
        .refused("liste.csv:3:", "remove it from the list");
}

#[test]
fn a_line_break_in_a_header_of_ones_own_is_refused() {
    Case::row("Bob;bob@ac-lille.fr;;x;\"y\nReply-To: espion@example.org\"")
        .refused("liste.csv:3:", "remove it from the list");
}

#[test]
fn other_control_characters_in_subject_and_own_header_are_refused() {
    for control in ['\u{1b}', '\u{7}', '\u{7f}', '\u{85}'] {
        Case::row(&format!("Bob;bob@ac-lille.fr;;x{control}x;y"))
            .refused("liste.csv:3:", "remove it from the list");
        Case::row(&format!("Bob;bob@ac-lille.fr;;x;y{control}y"))
            .refused("liste.csv:3:", "remove it from the list");
    } // A zero byte makes the whole file binary, not text.
    Case::row("Bob;bob@ac-lille.fr;;x\u{0}x;y").refused("liste.csv:1:", "not text");
}

/// lettre panics on CR or LF in a mailbox's display name: missive never gets that far.
#[test]
fn a_line_break_in_a_display_name_is_refused_without_a_panic() {
    for name in [
        "\"Bob\rBcc: espion@example.org\"",
        "\"Bob\nX\"",
        "\"Bob\r\n.\"",
    ] {
        Case::row(&format!("{name};bob@ac-lille.fr;;x;y"))
            .refused("liste.csv:3:", "remove it from the list");
    }
}

#[test]
fn a_control_character_in_a_display_name_is_refused() {
    for control in ['\u{1}', '\u{1b}', '\u{7f}', '\u{85}', '\t'] {
        Case::row(&format!("Bob{control}Dylan;bob@ac-lille.fr;;x;y"))
            .refused("liste.csv:3:", "remove it");
    }
}

/// `| safe` skips Tera's escaping: a line break from the data is caught all the same, so a
/// name cannot smuggle in a Bcc.
#[test]
fn a_safe_filter_does_not_let_a_line_break_through() {
    let template = TEMPLATE.replace("{{ nom }} <", "{{ nom | safe }} <");
    Case::new(
        template,
        format!("{HEADER}{GOOD_ROW}\"Bob <bob@ac-lille.fr>\nBcc: espion@example.org\";bob@ac-lille.fr;;x;y\n"),
    )
    .refused("liste.csv:3:", "remove it from the list");
}

// Attachments named by the data stay in the campaign folder.

fn with_attachment(piece: &str) -> Case {
    let template = "From: direction@ecole-jules-ferry.fr\nTo: {{ email }}\nSubject: Note\nAttachment: {{ piece }}\n\nBonjour\n";
    Case::new(
        template,
        format!("email;piece\nanne@ac-lille.fr;note.pdf\nbob@ac-lille.fr;{piece}\n"),
    )
    .file("note.pdf", "%PDF-1.4")
}

#[test]
fn an_attachment_going_up_with_dot_dot_is_refused() {
    with_attachment("../secret.txt").refused("liste.csv:3:", "put the file in the campaign folder");
    with_attachment("sous/../../secret.txt")
        .refused("liste.csv:3:", "put the file in the campaign folder");
}

#[test]
fn an_attachment_with_an_absolute_path_is_refused() {
    let case = with_attachment("/etc/passwd");
    case.refused("liste.csv:3:", "put the file in the campaign folder");
    let outside = case.dir.path().join("secret.txt");
    with_attachment(&outside.display().to_string())
        .refused("liste.csv:3:", "put the file in the campaign folder");
    // Outside the folder, whether a file exists is not told either.
    let output = with_attachment("/nonexistent/x.pdf").refused("liste.csv:3:", "campaign folder");
    assert!(!output.contains("No such file"), "{output}");
}

#[test]
fn an_attachment_through_a_symbolic_link_leaving_the_folder_is_refused() {
    let case = with_attachment("lien.txt");
    std::os::unix::fs::symlink(
        case.dir.path().join("secret.txt"),
        case.path().join("lien.txt"),
    )
    .expect("symlink");
    case.refused("liste.csv:3:", "put the file in the campaign folder");
}

/// An image the HTML shows is embedded from the campaign folder only, whoever named it.
#[test]
fn an_inline_image_leaving_the_folder_is_refused() {
    let template = "From: direction@ecole-jules-ferry.fr\nTo: {{ email }}\nSubject: Note\nContent-Type: text/markdown\n\nBonjour\n\n![plan]({{ piece }})\n";
    for piece in ["../secret.txt", "/etc/passwd"] {
        Case::new(
            template,
            format!("email;piece\nanne@ac-lille.fr;plan.png\nbob@ac-lille.fr;{piece}\n"),
        )
        .file("plan.png", b"\x89PNG\r\n\x1a\n")
        .refused("liste.csv:3:", "put the file in the campaign folder");
    }
}

#[test]
fn a_missing_attachment_is_an_error_for_its_row() {
    with_attachment("absente.pdf").refused("liste.csv:3:", "check the file name");
}

#[test]
fn a_folder_named_as_an_attachment_is_refused() {
    let case = with_attachment("dossier");
    std::fs::create_dir(case.path().join("dossier")).expect("folder");
    case.refused("liste.csv:3:", "name a file");
}

#[test]
fn a_message_over_max_message_size_is_an_error_for_its_row() {
    let case = with_attachment("grosse.bin")
        .file("grosse.bin", vec![0x5a; 4_000])
        .file(
            "campaign.toml",
            "template = \"message.txt\"\nrecipients = \"liste.csv\"\nmax_message_size = 3000\n",
        );
    case.refused("liste.csv:3:", "raise `max_message_size`");
}

// Lists that are not lists.

#[test]
fn binary_data_as_a_list_is_refused() {
    let bytes: Vec<u8> = (0..4096u32).map(|i| (i * 7919 % 251) as u8).collect();
    Case::new(TEMPLATE, bytes).refused("liste.csv:1:", "give a CSV, .xlsx or .ods list");
    Case::new(TEMPLATE, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").refused("liste.csv:1:", "give a CSV");
}

#[test]
fn an_empty_list_is_refused() {
    Case::new(TEMPLATE, "").refused("liste.csv:1:", "header line with the column names");
    Case::new(TEMPLATE, "\r\n \n\n").refused("liste.csv:1:", "header line");
}

#[test]
fn a_header_without_rows_is_refused() {
    Case::new(TEMPLATE, HEADER).refused("liste.csv:1:", "add one line per recipient");
}

#[test]
fn rows_with_missing_or_extra_fields_are_refused() {
    Case::row("Bob;bob@ac-lille.fr;;x").refused("liste.csv:3:", "check for a missing or extra `;`");
    Case::row("Bob;bob@ac-lille.fr;;x;y;z").refused("liste.csv:3:", "extra `;`");
}

#[test]
fn an_unclosed_quote_in_the_list_is_refused() {
    Case::row("\"Bob;bob@ac-lille.fr;;x;y").refused("liste.csv:3:", "quote");
}

// Templates that are not templates.

#[test]
fn a_template_without_headers_is_refused() {
    Case::new(
        "Bonjour {{ nom }},\nla classe ouvre lundi.\n",
        format!("{HEADER}{GOOD_ROW}"),
    )
    .refused("message.txt:1:", "header lines (From:, To:, Subject:)");
}

#[test]
fn a_template_without_a_blank_line_is_refused() {
    let list = format!("{HEADER}{GOOD_ROW}");
    Case::new("From: a@ac-lille.fr\nTo: {{ email }}\nSubject: x\n", &list)
        .refused("message.txt:3:", "blank line");
    Case::new(
        "From: a@ac-lille.fr\nTo: {{ email }}\nBonjour {{ nom }}\n",
        &list,
    )
    .refused("message.txt:3:", "blank line");
}

#[test]
fn an_unclosed_tera_tag_is_refused_at_its_line() {
    let list = format!("{HEADER}{GOOD_ROW}");
    let body = "From: a@ac-lille.fr\nTo: {{ email }}\nSubject: x\n\nBonjour";
    Case::new(format!("{body} {{{{ nom\n\nA lundi\n"), &list).refused("message.txt:5:", "}}");
    Case::new(format!("{body}\n{{% if nom %}}\n{{{{ nom }}}}\n"), &list)
        .refused("message.txt:6:", "{% endif %}");
    Case::new(format!("{body} {{# note\n\nA lundi\n"), &list).refused("message.txt:5:", "#}");
    Case::new(
        "From: a@ac-lille.fr\nTo: {{ email }}\nSubject: {% if nom %}x\n\n{% endif %}\n",
        &list,
    )
    .refused("message.txt:3:", "{% endif %}");
}

#[test]
fn an_unknown_tag_or_filter_is_refused_at_its_line() {
    let list = format!("{HEADER}{GOOD_ROW}");
    Case::new(
        "From: a@ac-lille.fr\nTo: {{ email }}\nSubject: x\n\n{% endif %}\n",
        &list,
    )
    .refused("message.txt:5:", "{% if %}");
    Case::new(
        "From: a@ac-lille.fr\nTo: {{ email }}\nSubject: {{ nom | majuscules }}\n\nx\n",
        &list,
    )
    .refused("message.txt:3:", "majuscules");
}

#[test]
fn invalid_utf8_in_a_template_is_refused_at_its_line() {
    let list = format!("{HEADER}{GOOD_ROW}");
    Case::new(
        b"From: a@ac-lille.fr\nTo: {{ email }}\nSubject: \xe9t\xe9\n\nx\n",
        &list,
    )
    .refused("message.txt:3:", "save it as UTF-8");
    Case::new(
        b"From: a@ac-lille.fr\nTo: {{ email }}\n\nBonjour\n\xff\n",
        &list,
    )
    .refused("message.txt:5:", "save it as UTF-8");
}

#[test]
fn a_from_that_is_not_an_address_is_refused_at_its_template_line() {
    let list = format!("{HEADER}{GOOD_ROW}");
    for from in [
        "Direction de l'école",
        "Direction <direction>",
        "a@b@c",
        "<>",
    ] {
        Case::new(
            TEMPLATE.replacen("Direction <direction@ecole-jules-ferry.fr>", from, 1),
            &list,
        )
        .refused("message.txt:1:", "name@domain");
    }
}

#[test]
fn a_from_from_the_data_that_is_not_an_address_is_an_error_for_its_row() {
    let template = TEMPLATE.replacen(
        "Direction <direction@ecole-jules-ferry.fr>",
        "{{ ecole }}",
        1,
    );
    Case::new(template, format!("{HEADER}{GOOD_ROW}")).refused("liste.csv:2:", "name@domain");
}

#[test]
fn a_misspelled_header_gets_a_suggestion() {
    let template = TEMPLATE.replace("Subject:", "Subjet:");
    let output = Case::new(template, format!("{HEADER}{GOOD_ROW}"))
        .refused("message.txt:4:", "did you mean `Subject`?");
    assert!(output.contains("`Subjet`"), "{output}");
}

#[test]
fn a_header_missive_writes_itself_is_refused() {
    let template = TEMPLATE.replace("X-Ecole:", "Message-ID:");
    Case::new(template, format!("{HEADER}{GOOD_ROW}"))
        .refused("liste.csv:2:", "remove it from the template");
}

#[test]
fn an_unsupported_content_type_is_refused() {
    let template = TEMPLATE.replace("X-Ecole: {{ ecole }}", "Content-Type: application/pdf");
    Case::new(template, format!("{HEADER}{GOOD_ROW}")).refused("message.txt:5:", "text/markdown");
}
