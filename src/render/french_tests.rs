//! A template in French and its errors in both languages: the French header names, the
//! subject line, the words of every template error.

use std::path::Path;

use super::tests::{recipient, template};
use super::*;

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
