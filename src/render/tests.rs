use std::path::Path;
use std::sync::Arc;

use super::*;

fn columns(names: &[&str]) -> Columns {
    names
        .iter()
        .map(|n| (*n).to_string())
        .collect::<Vec<_>>()
        .into()
}

fn recipient(names: &[&str], values: &[&str]) -> Recipient {
    Recipient {
        at: RowRef {
            file: Arc::from(Path::new("liste.csv")),
            line: 7,
        },
        columns: columns(names),
        values: values.iter().map(|v| (*v).to_string()).collect(),
    }
}

fn template(text: &str, names: &[&str]) -> Result<Template, TemplateError> {
    Template::compile(
        TemplateFile::parse(Path::new("message.md"), text)?,
        &columns(names),
    )
}

#[test]
fn renders_headers_and_markdown_body() {
    let t = template(
        "To: {{ nom }} <{{ email }}>\nCc: {{ cc }}\nSubject: Pour {{ ecole }}\nContent-Type: text/markdown\n\nBonjour **{{ nom }}** de {{ ecole }}\n",
        &["nom", "email", "cc", "ecole"],
    )
    .expect("compiles");
    let r = recipient(
        &["nom", "email", "cc", "ecole"],
        &["Hélène", "h@x.fr", "", "R&D <Lille>"],
    );
    let rendered = t.render(&r).expect("renders");
    let names: Vec<_> = rendered.headers.iter().map(|h| h.name.as_str()).collect();
    assert_eq!(names, ["To", "Cc", "Subject"]);
    assert_eq!(rendered.headers[2].value, "Pour R&D <Lille>");
    assert_eq!(rendered.headers[2].line, 3);
    let RenderedBody::Html { text, html } = rendered.body else {
        panic!("HTML body expected");
    };
    // The text alternative is written from the Markdown: no `**`, the value as written.
    assert_eq!(text, "Bonjour Hélène de R&D <Lille>\n".as_bytes());
    assert!(
        html.contains("<strong>Hélène</strong> de R&amp;D &lt;Lille&gt;"),
        "{html}"
    );
    assert!(
        html.contains("<title>Pour R&amp;D &lt;Lille&gt;</title>"),
        "{html}"
    );
    assert!(html.contains("<html lang=\"fr\">"), "{html}");
    let html = t.with_lang("br").render(&r).expect("renders").body;
    assert!(
        matches!(&html, RenderedBody::Html { html, .. } if html.contains("<html lang=\"br\">")),
        "{html:?}"
    );
}

#[test]
fn a_variable_that_is_not_a_column_is_named_with_its_line() {
    let error = template(
        "To: {{ email }}\nSubject: x\n\nBonjour\n{% if titre %}{{ titre }}{% endif %}\n",
        &["email"],
    )
    .err()
    .expect("unknown variable");
    assert_eq!(
        error.to_string(),
        "message.md:5: the template uses `titre` but the recipient list has no such column (columns: email)"
    );
}

#[test]
fn a_line_break_from_the_data_cannot_add_a_header() {
    let t = template(
        "To: {{ email }}\nSubject: {{ sujet }}\n\nx\n",
        &["email", "sujet"],
    )
    .expect("compiles");
    let r = recipient(
        &["email", "sujet"],
        &["a@b.fr", "Salut\r\nBcc: victime@x.fr"],
    );
    let error = t.render(&r).expect_err("line break");
    assert!(
        matches!(error, RenderError::LineBreakInHeader { line: 2, .. }),
        "{error}"
    );
    assert!(
        error
            .to_string()
            .starts_with("liste.csv:7: the value put in header `Subject`")
    );
}

#[test]
fn a_line_break_from_the_data_is_kept_in_the_body() {
    let t = template(
        "To: {{ email }}\nSubject: x\n\n{{ adresse }}\n",
        &["email", "adresse"],
    )
    .expect("compiles");
    let r = recipient(&["email", "adresse"], &["a@b.fr", "1 rue\nLille"]);
    let rendered = t.render(&r).expect("renders");
    assert_eq!(rendered.body, RenderedBody::Plain("1 rue\nLille\n".into()));
}

#[test]
fn syntax_errors_point_at_the_file_line() {
    let error = template(
        "To: {{ email }}\nSubject: x\n\nligne 3\nligne 4 {{ email \n",
        &["email"],
    )
    .err()
    .expect("syntax error");
    let TemplateError::Syntax { line, .. } = error else {
        panic!("syntax error expected, got {error}");
    };
    assert_eq!(line, 5);
}

#[test]
fn columns_with_spaces_are_reachable_through_row() {
    let t = template(
        "To: {{ email }}\nSubject: x\n\n{{ row[\"Nom de l'école\"] }}\n",
        &["email", "Nom de l'école"],
    )
    .expect("compiles");
    let r = recipient(
        &["email", "Nom de l'école"],
        &["a@b.fr", "École Jules-Ferry"],
    );
    assert_eq!(
        t.render(&r).expect("renders").body,
        RenderedBody::Plain("École Jules-Ferry\n".into())
    );
}

#[test]
fn headers_inside_an_if_are_left_out_when_false() {
    let t = template(
        "To: {{ email }}\n{% if cc %}Cc: {{ cc }}\n{% endif %}Subject: x\n\nbody\n",
        &["email", "cc"],
    )
    .expect("compiles");
    let without = t
        .render(&recipient(&["email", "cc"], &["a@b.fr", ""]))
        .expect("renders");
    assert_eq!(without.values("cc").count(), 0);
    let with = t
        .render(&recipient(&["email", "cc"], &["a@b.fr", "c@d.fr"]))
        .expect("renders");
    assert_eq!(
        with.values("CC").next().map(|h| h.value.as_str()),
        Some("c@d.fr")
    );
}

#[test]
fn aliases_worked_out_once_serve_every_row_and_a_row_of_another_list_brings_its_own() {
    let names = ColumnNames::of(&columns(&["Nom de l'école", "email"]));
    let same = names.context(&recipient(
        &["Nom de l'école", "email"],
        &["École Jules-Ferry", "a@b.fr"],
    ));
    assert_eq!(
        same.get("nom_de_l_ecole").and_then(tera::Value::as_str),
        Some("École Jules-Ferry")
    );
    let row = same.get("row").and_then(tera::Value::as_map).expect("row");
    assert_eq!(row.len(), 2);
    assert!(
        row.values()
            .any(|v| v.as_str() == Some("École Jules-Ferry"))
    );
    let other = names.context(&recipient(&["Commune", "email"], &["Lille", "c@d.fr"]));
    assert_eq!(
        other.get("commune").and_then(tera::Value::as_str),
        Some("Lille")
    );
    assert!(other.get("nom_de_l_ecole").is_none());
}

#[test]
fn an_html_body_gets_a_text_alternative_and_a_template_may_give_its_own() {
    let names = ["email", "ecole"];
    let r = recipient(&names, &["h@x.fr", "R&D <Lille>"]);
    let html = template(
        "To: {{ email }}\nContent-Type: text/html\nSubject: x\n\n<p>Pour <b>{{ ecole }}</b> : <a href=\"https://a.fr\">site</a></p>\n",
        &names,
    )
    .expect("compiles");
    let RenderedBody::Html { text, .. } = html.render(&r).expect("renders").body else {
        panic!("HTML body expected");
    };
    assert_eq!(
        String::from_utf8(text).expect("utf-8"),
        "Pour R&D <Lille> : site <https://a.fr>\n"
    );
    let own = "To: {{ email }}\nContent-Type: multipart/alternative; boundary=\"b\"\nSubject: x\n\n--b\nContent-Type: text/plain\n\nPour **{{ ecole }}**\n--b\nContent-Type: text/markdown\n\nPour **{{ ecole }}**\n--b--\n";
    let RenderedBody::Html { text, html } = template(own, &names)
        .expect("compiles")
        .render(&r)
        .expect("renders")
        .body
    else {
        panic!("HTML body expected");
    };
    // The template's own text part is used as written, values as they are.
    assert_eq!(text, "Pour **R&D <Lille>**".as_bytes());
    assert!(
        html.contains("<strong>R&amp;D &lt;Lille&gt;</strong>"),
        "{html}"
    );
    let error = template(
        &own.replace("Pour **{{ ecole }}**\n--b\n", "{{ commune }}\n--b\n"),
        &names,
    )
    .err()
    .expect("unknown column");
    assert!(
        error
            .to_string()
            .starts_with("message.md:8: the template uses `commune`"),
        "{error}"
    );
}

/// The sample circular (`missive init`) for one fixed row: its text alternative and its HTML,
/// pinned. The row is the test's own, so a change to the sample list does not move these.
#[test]
fn the_sample_circular_text_and_html_are_pinned() {
    let names = ["civilite", "prenom", "nom", "email", "ecole", "commune"];
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/rentree-numerique/message.md");
    let template = Template::load(&path, &columns(&names)).expect("the sample compiles");
    let row = recipient(
        &names,
        &[
            "Madame",
            "Hélène",
            "Lefèvre",
            "helene.lefevre@ecoles.example",
            "École élémentaire Jules-Ferry & <Annexe>",
            "Lille",
        ],
    );
    let rendered = template.render(&row).expect("renders");
    let RenderedBody::Html { html, text } = rendered.body else {
        panic!("the sample is Markdown: an HTML body");
    };
    insta::assert_snapshot!("sample_text", String::from_utf8(text).expect("utf-8"));
    insta::assert_snapshot!("sample_html", html);
}

fn parsed(text: &str) -> Result<TemplateFile, TemplateError> {
    TemplateFile::parse(Path::new("message.md"), text)
}

#[test]
fn french_header_names_stand_for_the_standard_ones() {
    let file = parsed(
        "De : Direction <d@x.fr>\nÀ : {{ email }}\nCci: archives@x.fr\nRépondre à : secretariat@x.fr\nObjet : Rentrée : {{ ecole }}\n\nCorps\n",
    )
    .expect("valid");
    assert_eq!(
        file.headers,
        "From: Direction <d@x.fr>\nTo: {{ email }}\nBcc: archives@x.fr\nReply-To: secretariat@x.fr\nSubject: Rentrée : {{ ecole }}\n"
    );
    assert_eq!(file.header_line("subject"), Some(5));
    for (written, standard) in [
        ("Objet", "Subject"),
        ("OBJET ", "Subject"),
        ("objet\u{a0}", "Subject"),
        ("De", "From"),
        ("À", "To"),
        ("A", "To"),
        ("a ", "To"),
        ("Cc ", "Cc"),
        ("Cci", "Bcc"),
        ("Répondre à", "Reply-To"),
        ("Repondre a ", "Reply-To"),
        ("Pièce jointe", "Attachment"),
        ("Subject ", "Subject"),
        ("Reply-To", "Reply-To"),
    ] {
        assert_eq!(header_name(written), Some(standard), "{written:?}");
    }
    // Any other name is kept as written; a space inside or before the colon is no header.
    assert_eq!(header_name("X-Ecole"), Some("X-Ecole"));
    assert_eq!(header_name("TO"), Some("TO"));
    assert_eq!(header_name("Bonjour à tous"), None);
    assert_eq!(header_name("Nom "), None);
    // A literal French From is checked as a From.
    let error = parsed("De : Direction\nObjet : x\n\nx\n").expect_err("no address");
    assert!(
        matches!(&error, TemplateError::Address { line: 1, header, .. } if header == "From"),
        "{error}"
    );
}

#[test]
fn a_french_template_renders_its_headers_under_their_standard_names() {
    let t = template(
        "De : Direction <d@x.fr>\nÀ : {{ email }}\n{% if email %}Objet : Rentrée à {{ email }}{% endif %}\n\nx\n",
        &["email"],
    )
    .expect("compiles");
    let rendered = t
        .render(&recipient(&["email"], &["a@b.fr"]))
        .expect("renders");
    let headers: Vec<(&str, &str, usize)> = rendered
        .headers
        .iter()
        .map(|h| (h.name.as_str(), h.value.as_str(), h.line))
        .collect();
    assert_eq!(
        headers,
        [
            ("From", "Direction <d@x.fr>", 1),
            ("To", "a@b.fr", 2),
            ("Subject", "Rentrée à a@b.fr", 1),
        ]
    );
}

#[test]
fn a_template_without_a_subject_line_is_refused_in_both_languages() {
    use crate::i18n::{Lang, in_lang};
    let error = parsed("From: a@b.fr\nTo: {{ email }}\n\nCorps\n").expect_err("no subject");
    assert!(
        matches!(error, TemplateError::NoSubject { line: 3, .. }),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "message.md:3: the template has no `Subject:` line; add one before this blank line (`Subject: …`, or `Objet : …` in French), or an empty `Subject:` line to send without a subject"
    );
    assert_eq!(
        in_lang(Lang::Fr, || error.to_string()),
        "message.md:3\u{a0}: le modèle n'a pas de ligne d'objet\u{202f}; ajoutez-en une avant cette ligne vide (`Objet\u{a0}: …`, ou `Subject: …`), ou une ligne `Objet\u{a0}:` vide pour envoyer sans objet"
    );
    // An empty subject line says so on purpose; a subject set inside a tag counts.
    assert!(parsed("From: a@b.fr\nObjet :\n\nCorps\n").is_ok());
    assert!(parsed("From: a@b.fr\nSubject:\n\nCorps\n").is_ok());
    assert!(
        parsed("From: a@b.fr\n{% if x %}Subject: a{% else %}Objet : b{% endif %}\n\nCorps\n")
            .is_ok()
    );
    // A subject in the body is no subject line.
    assert!(matches!(
        parsed("From: a@b.fr\n\nSubject: x\n"),
        Err(TemplateError::NoSubject { line: 2, .. })
    ));
}

#[test]
fn template_errors_are_said_in_french_with_what_they_quote() {
    use crate::i18n::{Lang, in_lang};
    let french = |text: &str, names: &[&str]| {
        let error = template(text, names).err().expect("refused");
        in_lang(Lang::Fr, || error.to_string())
    };
    assert_eq!(
        french(
            "To: {{ email }}\nSubject: x\n\n{{ titre }}\n",
            &["email", "Nom de l'école"]
        ),
        "message.md:4\u{a0}: le modèle emploie «\u{a0}titre\u{a0}», mais la liste de destinataires n'a pas de colonne de ce nom (colonnes\u{a0}: «\u{a0}email\u{a0}», nom_de_l_ecole pour «\u{a0}Nom de l'école\u{a0}»)"
    );
    assert_eq!(
        french(
            "To: {{ email }}\nSubject: x\n\nligne {{ email \n",
            &["email"]
        ),
        "message.md:4\u{a0}: erreur de syntaxe dans le modèle\u{a0}: `{{` ouvert ici n'est jamais fermé\u{202f}; fermez-le par `}}` sur la même ligne"
    );
    assert_eq!(
        french(
            "To: {{ email }}\nSubject: x\n\n{% if email %}oui\n",
            &["email"]
        ),
        "message.md:4\u{a0}: erreur de syntaxe dans le modèle\u{a0}: `{% if %}` ouvert ici n'a pas de `{% endif %}`\u{202f}; ajoutez-le (une balise ouverte dans les en-têtes doit aussi s'y fermer, avant la ligne vide)"
    );
    let filter = french(
        "To: {{ email }}\nSubject: x\n\n{{ email | majuscules }}\n",
        &["email"],
    );
    assert!(
        filter.starts_with("message.md:4\u{a0}: erreur de syntaxe dans le modèle\u{a0}: Tera indique «\u{a0}")
            && filter.ends_with("\u{a0}»\u{202f}; vérifiez son orthographe (les filtres de Tera comprennent `upper`, `lower`, `title`, `trim`, `replace`, `default`)"),
        "{filter}"
    );
    assert_eq!(
        french("To: a@b.fr\nSubjet: x\n\nx\n", &[]),
        "message.md:2\u{a0}: missive ne connaît pas l'en-tête «\u{a0}Subjet\u{a0}»\u{202f}; vouliez-vous dire `Subject`\u{202f}? (un en-tête à vous doit commencer par `X-`)"
    );
    let multipart = "To: {{ email }}\nSubject: x\nContent-Type: multipart/alternative; boundary=\"b\"\n\n--b\nContent-Type: text/plain\n\nA\n--b\nContent-Type: text/plain\n\nB\n";
    assert_eq!(
        french(multipart, &["email"]),
        "message.md:9\u{a0}: une deuxième partie text/plain (la première commence à la ligne 8)\u{202f}; gardez une partie text/plain et une partie text/html ou text/markdown"
    );
    for said in [
        french("To: {{ email }}\nSubject: x\n\n{{ titre }}\n", &["email"]),
        french(multipart, &["email"]),
    ] {
        assert_eq!(
            crate::i18n::audit::english_left(&said),
            Vec::<String>::new()
        );
    }
}

#[test]
fn an_unknown_variable_near_a_column_gets_it_suggested() {
    use crate::i18n::{Lang, in_lang};
    let error = template(
        "To: {{ email }}\nSubject: x\n\nBonjour {{ prenon }}\n",
        &["email", "prenom", "Nom de l'école"],
    )
    .err()
    .expect("unknown variable");
    assert_eq!(
        error.to_string(),
        "message.md:4: the template uses `prenon` but the recipient list has no such column; did you mean `prenom`? (columns: email, prenom, nom_de_l_ecole for `Nom de l'école`)"
    );
    assert_eq!(
        in_lang(Lang::Fr, || error.to_string()),
        "message.md:4\u{a0}: le modèle emploie «\u{a0}prenon\u{a0}», mais la liste de destinataires n'a pas de colonne de ce nom\u{202f}; vouliez-vous dire `prenom`\u{202f}? (colonnes\u{a0}: «\u{a0}email\u{a0}», «\u{a0}prenom\u{a0}», nom_de_l_ecole pour «\u{a0}Nom de l'école\u{a0}»)"
    );
    let far = template(
        "To: {{ email }}\nSubject: x\n\n{{ commune }}\n",
        &["email", "nom"],
    )
    .err()
    .expect("unknown variable");
    assert!(!far.to_string().contains("did you mean"), "{far}");
}

/// A multipart problem of each kind.
fn multipart_problems() -> Vec<MultipartProblem> {
    vec![
        MultipartProblem::NoBoundary,
        MultipartProblem::NoDelimiter {
            boundary: "b".into(),
            header_line: 3,
        },
        MultipartProblem::NotAPartHeader {
            text: "Bonjour".into(),
        },
        MultipartProblem::PartType {
            value: "application/pdf".into(),
        },
        MultipartProblem::TransferEncoding {
            value: "base64".into(),
        },
        MultipartProblem::UselessHeader {
            name: "X-Note".into(),
        },
        MultipartProblem::NoBlankLine,
        MultipartProblem::NoContentType,
        MultipartProblem::SecondPart {
            plain: false,
            first: 12,
        },
        MultipartProblem::NoPart,
    ]
}

/// Every template and rendering error, said in French, leaves no English outside what it
/// quotes.
#[test]
fn every_template_error_is_french_in_french() {
    use crate::i18n::{Lang, audit, in_lang};
    use errors::SyntaxHint;
    let path = || std::path::PathBuf::from("message.md");
    let row = recipient(&["email"], &["a@b.fr"]).at;
    let problems = multipart_problems();
    let syntax = [
        SyntaxProblem::Unclosed {
            opener: "{%",
            closer: "%}",
        },
        SyntaxProblem::Unended { name: "for".into() },
        SyntaxProblem::Tera {
            said: "Unknown tag `endfi`".into(),
            hint: SyntaxHint::UnknownTag,
        },
        SyntaxProblem::Tera {
            said: "Unknown template `x`".into(),
            hint: SyntaxHint::UnknownTemplate,
        },
        SyntaxProblem::Tera {
            said: "expected an identifier".into(),
            hint: SyntaxHint::Other,
        },
    ];
    let mut said: Vec<String> = Vec::new();
    let mut say =
        |error: &dyn std::fmt::Display| said.push(in_lang(Lang::Fr, || error.to_string()));
    for problem in problems {
        say(&TemplateError::Multipart {
            path: path(),
            line: 4,
            problem,
        });
    }
    for problem in syntax {
        say(&TemplateError::Syntax {
            path: path(),
            line: 4,
            problem,
        });
    }
    say(&TemplateError::Read {
        path: path(),
        source: std::io::Error::from(std::io::ErrorKind::NotFound),
    });
    say(&TemplateError::NotUtf8 {
        path: path(),
        line: 2,
    });
    say(&TemplateError::NoHeaders { path: path() });
    say(&TemplateError::NoBlankLine {
        path: path(),
        line: 2,
    });
    say(&TemplateError::NotAHeader {
        path: path(),
        line: 2,
        text: "the body is here".into(),
    });
    say(&TemplateError::UnsupportedContentType {
        path: path(),
        line: 2,
        value: "application/pdf".into(),
    });
    say(&RenderError::Template {
        path: path(),
        line: 5,
        row: row.clone(),
        message: "Filter `round` received an incorrect type for arg `value`".into(),
    });
    say(&RenderError::LineBreakInHeader {
        path: path(),
        line: 2,
        row: row.clone(),
        header: "Subject".into(),
    });
    say(&RenderError::MalformedHeader {
        path: path(),
        line: 1,
        row,
        text: "the line".into(),
    });
    for french in &said {
        assert_eq!(
            audit::english_left(french),
            Vec::<String>::new(),
            "{french}"
        );
        assert!(
            french.starts_with("message.md") || french.starts_with("liste.csv:"),
            "{french}"
        );
    }
    assert_eq!(
        said[15],
        "message.md\u{a0}: impossible de lire le modèle\u{a0}: fichier ou dossier introuvable"
    );
}
