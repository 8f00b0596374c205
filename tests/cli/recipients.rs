//! Recipient lists as French offices make them (tests/fixtures/recipients/README.md says
//! how each was made), read by the real binary: every format gives the same decoded names
//! in the To header and the same subjects, and every problem is cited as `FILE:LINE`.

use std::path::{Path, PathBuf};
use std::process::Output;

use crate::harness::{french, missive, parse_mime, run, text};

/// The lists that hold the same four school heads, one per format.
const SAME_HEADS: [&str; 6] = [
    "directeurs-cp1252.csv",
    "directeurs-utf8-bom.csv",
    "directeurs-unicode.txt",
    "directeurs-virgule.csv",
    "directeurs.xlsx",
    "directeurs.ods",
];

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/recipients")
}

/// The binary, run in the fixtures folder so that messages cite short, stable paths.
fn in_fixtures(args: &[&str]) -> Output {
    let mut command = missive(fixtures());
    command.args(args);
    run(command)
}

/// What the binary said about the list: the line naming how it was read (it starts with
/// the list's name), then every error and warning; summary lines belong to other stages.
fn transcript(output: &Output) -> String {
    text(output)
        .lines()
        .filter(|line| {
            line.starts_with("error: ")
                || line.starts_with("warning: ")
                || line.starts_with("directeurs")
                || line.starts_with("problemes")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// What a reader sees of one message: To (name and address), Cc addresses, Subject.
#[derive(Debug, PartialEq, Eq)]
struct Seen {
    to: Vec<(String, String)>,
    cc: Vec<String>,
    subject: String,
}

/// Previews `list` with `template` and parses every .eml written, in the list's order.
fn previewed(template: &str, list: &str, extra: &[&str]) -> (Output, Vec<Seen>) {
    let out = tempfile::tempdir().expect("temp dir");
    let out_arg = out.path().to_string_lossy().into_owned();
    let mut args = vec!["preview", "-t", template, "-r", list, "--out", &out_arg];
    args.extend_from_slice(extra);
    let output = in_fixtures(&args);
    let mut files: Vec<PathBuf> = std::fs::read_dir(out.path().join("messages"))
        .map(|dir| dir.map(|e| e.expect("entry").path()).collect())
        .unwrap_or_default();
    files.retain(|file| file.extension().is_some_and(|e| e == "eml"));
    files.sort();
    let seen = files
        .iter()
        .map(|file| {
            let bytes = std::fs::read(file).expect("eml");
            let message = parse_mime(&bytes);
            let addresses = |list: Option<&mail_parser::Address<'_>>| -> Vec<(String, String)> {
                list.map(|a| {
                    a.iter()
                        .map(|a| {
                            (
                                a.name().unwrap_or_default().to_string(),
                                a.address().unwrap_or_default().to_string(),
                            )
                        })
                        .collect()
                })
                .unwrap_or_default()
            };
            Seen {
                to: addresses(message.to()),
                cc: addresses(message.cc())
                    .into_iter()
                    .map(|(_, a)| a)
                    .collect(),
                subject: message.subject().unwrap_or_default().to_string(),
            }
        })
        .collect();
    (output, seen)
}

fn expected_heads() -> Vec<Seen> {
    let head = |name: &str, address: &str, cc: &[&str], subject: &str| Seen {
        to: vec![(name.to_string(), address.to_string())],
        cc: cc.iter().map(ToString::to_string).collect(),
        subject: subject.to_string(),
    };
    vec![
        head(
            "Madame Hélène N'Diaye",
            "h.ndiaye@ac-lille.fr",
            &[],
            "Réunion du 26/04/2026 — École Cœur « Les Œillets » (59000 Lille)",
        ),
        head(
            "Monsieur François Lefèvre",
            "francois.lefevre@ac-lille.fr",
            &["ce.0590001a@ac-lille.fr", "adjoint.jj@ac-lille.fr"],
            "Réunion du 27/04/2026 — École Jean-Jaurès; site B (59100 Roubaix)",
        ),
        head(
            "Madame Anne-Cécile Dupré, née Le Goff",
            "ac.dupre@ac-lille.fr",
            &[],
            "Réunion du 28/04/2026 — École maternelle Désiré-Verhaeghe (59800 Lille)",
        ),
        head(
            "Monsieur Jean-Noël Œuvrard",
            "jn.oeuvrard@ac-lille.fr",
            &[],
            "Réunion du 04/05/2026 — École Françoise-Dolto (62300 Lens)",
        ),
    ]
}

#[test]
fn every_format_gives_the_same_names_and_subjects() {
    for list in SAME_HEADS {
        let (output, seen) = previewed("message.md", list, &[]);
        assert!(output.status.success(), "{list}: {}", transcript(&output));
        assert_eq!(seen, expected_heads(), "{list}");
    }
}

#[test]
fn check_says_how_each_list_was_read() {
    let said: Vec<String> = SAME_HEADS
        .iter()
        .map(|list| {
            let output = in_fixtures(&["check", "-t", "message.md", "-r", list]);
            assert!(output.status.success(), "{list}: {}", transcript(&output));
            transcript(&output)
        })
        .collect();
    insta::assert_snapshot!(said.join("\n\n"));
}

#[test]
fn options_force_what_detection_would_decide() {
    let output = in_fixtures(&[
        "check",
        "-t",
        "message.md",
        "-r",
        "directeurs-cp1252.csv",
        "--encoding",
        "windows-1252",
        "--delimiter",
        ";",
    ]);
    assert!(output.status.success(), "{}", transcript(&output));
    assert!(
        transcript(&output).starts_with(
            "directeurs-cp1252.csv: text, Windows-1252 (as `--encoding` says), delimiter `;` (as `--delimiter` says)"
        ),
        "{}",
        transcript(&output)
    );
    let sheet = in_fixtures(&[
        "check",
        "-t",
        "message.md",
        "-r",
        "directeurs.ods",
        "--sheet",
        "directeurs",
    ]);
    assert!(sheet.status.success(), "{}", transcript(&sheet));
}

#[test]
fn every_problem_is_cited_by_file_and_line_at_once() {
    let output = in_fixtures(&["check", "-t", "problemes.md", "-r", "problemes.csv"]);
    assert_eq!(output.status.code(), Some(1));
    insta::assert_snapshot!(transcript(&output));
}

#[test]
fn spreadsheet_problems_cite_the_row_numbers() {
    let said: Vec<String> = ["problemes-tableur.xlsx", "problemes-tableur.ods"]
        .iter()
        .map(|list| {
            let output = in_fixtures(&["check", "-t", "problemes.md", "-r", list]);
            assert_eq!(output.status.code(), Some(1), "{list}");
            transcript(&output)
        })
        .collect();
    insta::assert_snapshot!(said.join("\n\n"));
}

#[test]
fn skip_invalid_sends_the_valid_rows_once() {
    let (refused, none) = previewed("problemes.md", "problemes.csv", &[]);
    assert_eq!(refused.status.code(), Some(1), "{}", transcript(&refused));
    assert!(none.is_empty());

    let (output, seen) = previewed("problemes.md", "problemes.csv", &["--skip-invalid"]);
    assert!(output.status.success(), "{}", transcript(&output));
    let to: Vec<&str> = seen.iter().map(|s| s.to[0].1.as_str()).collect();
    assert_eq!(to, ["h.lefevre@ac-lille.fr", "p.petit@ac-lille.fr"]);

    let (output, seen) = previewed(
        "problemes.md",
        "problemes.csv",
        &["--skip-invalid", "--allow-duplicates"],
    );
    assert!(output.status.success(), "{}", transcript(&output));
    let to: Vec<&str> = seen.iter().map(|s| s.to[0].1.as_str()).collect();
    assert_eq!(
        to,
        [
            "h.lefevre@ac-lille.fr",
            "H.Lefevre@ac-lille.fr",
            "p.petit@ac-lille.fr"
        ]
    );
}

#[test]
fn lists_that_cannot_be_read_say_why() {
    // An encoding missive does not know is a bad flag value: a usage error (exit 2).
    let cases = [
        ("entetes.csv", &[][..], 1),
        ("directeurs.pdf", &[][..], 1),
        ("directeurs.xlsx", &["--sheet", "Feuille2"][..], 1),
        ("absente.csv", &[][..], 1),
        (
            "directeurs-unicode.txt",
            &["--encoding", "windows-1252"][..],
            1,
        ),
        ("directeurs-cp1252.csv", &["--encoding", "ebcdic"][..], 2),
    ];
    let said: Vec<String> = cases
        .iter()
        .map(|(list, extra, code)| {
            let mut args = vec!["check", "-t", "problemes.md", "-r", list];
            args.extend_from_slice(extra);
            let output = in_fixtures(&args);
            assert_eq!(output.status.code(), Some(*code), "{list}");
            let command = format!("$ missive check -r {list} {}", extra.join(" "));
            format!("{}\n{}", command.trim_end(), transcript(&output))
        })
        .collect();
    insta::assert_snapshot!(said.join("\n\n"));
}

#[test]
fn lists_that_cannot_be_read_say_why_in_french() {
    let said = |list: &str, extra: &[&str]| {
        let mut command = french(fixtures());
        command
            .args(["check", "-t", "problemes.md", "-r", list])
            .args(extra);
        let output = run(command);
        assert_eq!(output.status.code(), Some(1), "{list}: {}", text(&output));
        text(&output)
    };
    let headers = said("entetes.csv", &[]);
    for line in [
        "erreur\u{a0}: entetes.csv:1\u{a0}: les colonnes «\u{a0}Nom\u{a0}» et «\u{a0}nom\u{a0}» \
         s'écrivent toutes deux `nom` dans les modèles\u{202f}; renommez l'une d'elles",
        "erreur\u{a0}: entetes.csv:1\u{a0}: la colonne 3 n'a pas de nom\u{202f}; donnez un nom à \
         chaque colonne dans la ligne d'en-tête",
        "erreur\u{a0}: entetes.csv:1\u{a0}: deux colonnes s'appellent «\u{a0}email\u{a0}»\u{202f}; \
         renommez l'une d'elles",
    ] {
        assert!(
            headers.lines().any(|said| said == line),
            "{line}\n{headers}"
        );
    }
    assert!(said("directeurs.pdf", &[]).contains(
        "erreur\u{a0}: directeurs.pdf:1\u{a0}: ce fichier n'est pas une liste de destinataires \
             mais un document PDF\u{202f}; donnez une liste CSV, .xlsx ou .ods"
    ));
    assert!(said("absente.csv", &[]).contains(
        "erreur\u{a0}: absente.csv\u{a0}: impossible de lire la liste de destinataires\u{a0}: \
             fichier ou dossier introuvable\u{202f}; vérifiez le chemin donné avec `-r`"
    ));
    assert!(said("directeurs.xlsx", &["--sheet", "Feuille2"]).contains(
        "il n'y a pas de feuille «\u{a0}Feuille2\u{a0}»\u{202f}; les feuilles sont \
             «\u{a0}directeurs\u{a0}»\u{a0}: donnez l'une d'elles à `--sheet`"
    ));
    // The same run under `LANG=C` stays English.
    assert!(
        transcript(&in_fixtures(&[
            "check",
            "-t",
            "problemes.md",
            "-r",
            "directeurs.pdf"
        ]))
        .starts_with("error: directeurs.pdf:1: this is not a recipient list but a PDF document;")
    );
}

#[test]
fn check_says_in_french_how_a_list_was_read() {
    let mut command = french(fixtures());
    command.args(["check", "-t", "message.md", "-r", "directeurs-cp1252.csv"]);
    let output = run(command);
    assert!(output.status.success(), "{}", text(&output));
    assert!(
        text(&output).contains(
            "texte, Windows-1252 (pas de l'UTF-8\u{a0}: octet `0xE9` à la \
             ligne 1), séparateur `;`"
        ),
        "{}",
        text(&output)
    );
}
