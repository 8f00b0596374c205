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

pub(super) fn recipient(names: &[&str], values: &[&str]) -> Recipient {
    Recipient {
        at: RowRef {
            file: Arc::from(Path::new("liste.csv")),
            line: 7,
        },
        columns: columns(names),
        values: values.iter().map(|v| (*v).to_string()).collect(),
    }
}

pub(super) fn template(text: &str, names: &[&str]) -> Result<Template, TemplateError> {
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
