//! `missive init` and `missive preview` on the sample campaign: no server needed.

use assert_cmd::prelude::*;

use crate::harness::{Campaign, french, missive, text};

#[test]
fn init_writes_the_sample_and_never_overwrites() {
    let dir = tempfile::tempdir().expect("temp dir");
    missive(dir.path())
        .args(["init", "campagne"])
        .assert()
        .success();
    let template = dir
        .path()
        .join("campagne/templates/rentree-numerique/message.md");
    assert!(template.is_file());
    std::fs::write(&template, "edited by the inspector").expect("edit");
    let again = missive(dir.path())
        .args(["init", "campagne"])
        .output()
        .expect("runs");
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("never overwritten"));
    assert_eq!(
        std::fs::read_to_string(&template).expect("read"),
        "edited by the inspector"
    );
}

#[test]
fn preview_writes_one_eml_per_message_an_index_and_a_manifest() {
    let dir = Campaign::sample();
    let checked = missive(dir.path()).arg("check").output().expect("runs");
    assert!(checked.status.success());
    let output = String::from_utf8_lossy(&checked.stdout);
    assert!(output.contains("12 messages ready"), "{output}");
    assert!(
        output.contains("delimiter `;`"),
        "check says how it read the list: {output}"
    );

    missive(dir.path())
        .args(["preview", "--out", "revue"])
        .assert()
        .success();
    let out = dir.path().join("revue");
    let emls: Vec<_> = std::fs::read_dir(out.join("messages"))
        .expect("messages folder")
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "eml"))
        .collect();
    assert_eq!(emls.len(), 12);
    let index = std::fs::read_to_string(out.join("index.html")).expect("index");
    assert!(index.contains("Hélène Lefèvre"), "names shown decoded");
    assert!(index.contains("infographie-rentree.png"));
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).expect("manifest"))
            .expect("json");
    let messages = manifest["messages"].as_array().expect("messages");
    assert_eq!(messages.len(), 12);
    assert_eq!(manifest["campaign"], "rentree-numerique-2021");

    // A second preview replaces the first; any other folder is left alone.
    missive(dir.path())
        .args(["preview", "--out", "revue"])
        .assert()
        .success();
    std::fs::create_dir(dir.path().join("documents")).expect("mkdir");
    std::fs::write(dir.path().join("documents/rapport.odt"), "x").expect("write");
    let refused = missive(dir.path())
        .args(["preview", "--out", "documents"])
        .output()
        .expect("runs");
    assert_eq!(refused.status.code(), Some(1));
    assert!(dir.path().join("documents/rapport.odt").is_file());
}

#[test]
fn a_broken_row_stops_the_preview_unless_skipped() {
    let dir = Campaign::sample();
    let list = dir.path().join("recipients/directeurs.csv");
    let mut text = std::fs::read_to_string(&list).expect("list");
    text.push_str("Madame;Anne;Sans-Adresse;pas-une-adresse;École du Nord;Lille\r\n");
    std::fs::write(&list, text).expect("write");
    let failed = missive(dir.path())
        .args(["preview", "--out", "revue"])
        .output()
        .expect("runs");
    assert_eq!(failed.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&failed.stderr);
    let line = stderr
        .lines()
        .find(|l| l.contains("recipients/directeurs.csv:14: header `To` (template line 2)"))
        .unwrap_or_else(|| panic!("the row and the template line are named: {stderr}"));
    assert!(
        line.contains("pas-une-adresse") && line.contains("is not an email address"),
        "{line}"
    );
    assert!(!dir.path().join("revue").exists(), "nothing half-written");
    missive(dir.path())
        .args(["preview", "--out", "revue", "--skip-invalid"])
        .assert()
        .success();
    let emls = std::fs::read_dir(dir.path().join("revue/messages"))
        .expect("messages")
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "eml"))
        .count();
    assert_eq!(
        emls, 12,
        "the valid rows are previewed, the broken one left out"
    );
}

#[test]
fn auto_submitted_false_leaves_the_header_out_and_a_bad_lang_is_named() {
    let dir = Campaign::sample();
    let toml = std::fs::read_to_string(dir.path().join("campaign.toml")).expect("read");
    assert!(
        toml.contains("auto_submitted = true"),
        "the sample says it: {toml}"
    );
    let headers_of_first = |dir: &Campaign| {
        missive(dir.path())
            .args(["preview", "--out", "revue"])
            .assert()
            .success();
        let messages = dir.path().join("revue/messages");
        let mut emls: Vec<_> = std::fs::read_dir(&messages)
            .expect("messages")
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "eml"))
            .collect();
        emls.sort();
        let text = std::fs::read_to_string(&emls[0]).expect("eml");
        std::fs::remove_dir_all(dir.path().join("revue")).expect("clean");
        text[..text.find("\r\n\r\n").expect("head")].to_string()
    };
    assert!(headers_of_first(&dir).contains("Auto-Submitted: auto-generated"));

    dir.write(
        "campaign.toml",
        toml.replace("auto_submitted = true", "auto_submitted = false"),
    );
    let head = headers_of_first(&dir);
    assert!(!head.contains("Auto-Submitted"), "{head}");

    dir.write(
        "campaign.toml",
        toml.replace("lang = \"fr\"", "lang = \"français\""),
    );
    let out = missive(dir.path()).arg("check").output().expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("campaign.toml:"),
        "names the file and line: {err}"
    );
    assert!(err.contains("not a language tag"), "{err}");
    assert!(err.contains("\"fr\""), "says what to write: {err}");
}

/// The sample greets each head as the list says: "Madame la directrice" for `Madame` and
/// `Mme`, "Monsieur le directeur" for `Monsieur` and `M.`; its addresses reach nobody
/// (`.example`, RFC 2606).
#[test]
fn the_sample_greets_each_head_as_the_list_says_at_addresses_that_reach_nobody() {
    let campaign = Campaign::sample();
    let list = campaign.path().join("recipients/directeurs.csv");
    let text = std::fs::read_to_string(&list).expect("the list");
    let edited = text
        .replacen("\nMadame;Hélène", "\nMme;Hélène", 1)
        .replacen("\nMonsieur;Jérôme", "\nM.;Jérôme", 1);
    assert_ne!(edited, text);
    std::fs::write(&list, edited).expect("the list");
    missive(campaign.path())
        .args(["preview", "--out", "revue"])
        .assert()
        .success();
    let mut greetings = std::collections::BTreeMap::new();
    for eml in crate::from_eml::previewed(&campaign.path().join("revue/messages")) {
        let message = crate::harness::parse_mime(&eml);
        let to = message.to().and_then(|a| a.first()).expect("To");
        let address = to.address().expect("an address").to_string();
        assert!(address.ends_with("@ac-lille.example"), "{address}");
        let body = message.body_text(0).expect("a text part").to_string();
        let greeting = if body.contains("Madame la directrice,") {
            "Madame"
        } else if body.contains("Monsieur le directeur,") {
            "Monsieur"
        } else {
            panic!("no greeting for {address}: {body}")
        };
        greetings.insert(to.name().expect("a name").to_string(), greeting);
    }
    assert_eq!(greetings.len(), 12);
    assert_eq!(greetings["Hélène Lefèvre"], "Madame", "Mme");
    assert_eq!(greetings["Jérôme N'Diaye"], "Monsieur", "M.");
    assert_eq!(greetings["Françoise Dupré-Ménard"], "Madame");
    assert_eq!(greetings["Benoît Vandamme"], "Monsieur");
}

/// Under a French locale `init` comments the sample's campaign.toml in French, its settings
/// the same; under `LANG=C` it is the file of the repository, as it always was.
#[test]
fn init_comments_the_sample_in_the_users_language() {
    let dir = tempfile::tempdir().expect("temp dir");
    let said = french(dir.path())
        .args(["init", "campagne"])
        .output()
        .expect("runs");
    assert!(said.status.success(), "{}", text(&said));
    let stdout = String::from_utf8_lossy(&said.stdout);
    assert!(
        stdout.contains("écrit\u{a0}: campagne/campaign.toml"),
        "{stdout}"
    );
    assert!(
        stdout.contains("ensuite\u{a0}: cd campagne && missive check && missive preview"),
        "{stdout}"
    );
    let toml = std::fs::read_to_string(dir.path().join("campagne/campaign.toml")).expect("toml");
    assert!(
        toml.starts_with("# La campagne d'exemple\u{a0}: la circulaire"),
        "{toml}"
    );
    assert!(
        toml.contains("# Le mot de passe n'est jamais écrit ici"),
        "{toml}"
    );
    assert!(!toml.contains("# The "), "{toml}");

    missive(dir.path())
        .args(["init", "english"])
        .assert()
        .success();
    let english = std::fs::read_to_string(dir.path().join("english/campaign.toml")).expect("toml");
    let repository = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/campaign.toml"))
        .expect("the sample");
    assert_eq!(english, repository);
    let settings = |text: &str| -> Vec<String> {
        text.lines()
            .filter(|line| !line.starts_with('#'))
            .map(str::to_string)
            .collect()
    };
    assert_eq!(settings(&toml), settings(&english));
}

/// The gallery follows the language: French pages under a French locale, English ones under
/// `LANG=C`, and `preview` says what it wrote in the same language.
#[test]
fn the_gallery_and_what_preview_says_follow_the_language() {
    let dir = Campaign::sample();
    let previewed = french(dir.path())
        .args(["preview", "--out", "revue"])
        .output()
        .expect("runs");
    assert!(previewed.status.success(), "{}", text(&previewed));
    let said = String::from_utf8_lossy(&previewed.stdout);
    assert!(said.contains("12 messages, "), "{said}");
    assert!(
        said.contains("\u{a0}Mo en tout, aperçu écrit dans «\u{a0}revue\u{a0}»"),
        "{said}"
    );
    assert!(
        said.contains("dans un navigateur pour les relire"),
        "{said}"
    );
    let index = std::fs::read_to_string(dir.path().join("revue/index.html")).expect("index");
    for french in [
        "<html lang=\"fr\">",
        "<title>Aperçu avant envoi — rentree-numerique-2021</title>",
        "<li><strong>12</strong> messages</li>",
        "<li><strong>0</strong> ligne sans envoi</li>",
        "<li><strong>1</strong> fichier joint distinct</li>",
        "<th scope=\"col\">Pièces jointes</th>",
        "Après la relecture",
        "--to VOUS@ac-lille.example --limit 3",
        "<code>missive approve revue --by NOM</code>",
        "(177,5\u{a0}ko)",
        "aria-label=\"voir le message n° 1\">voir</a>",
        "data-all-other=\"{count} lignes, lignes {first} à {last}.\"",
    ] {
        assert!(index.contains(french), "`{french}` not in:\n{index}");
    }
    let page = std::fs::read_to_string(dir.path().join("revue/messages/00001.html")).expect("page");
    for french in [
        "<h2 id=\"en-tetes\">En-têtes</h2>",
        "Objet <span class=\"note\">(<code>Subject</code>)</span>",
        "Message suivant (n° 2) →",
        "Relecture terminée\u{202f}?",
    ] {
        assert!(page.contains(french), "`{french}` not in:\n{page}");
    }

    let previewed = missive(dir.path())
        .args(["preview", "--out", "review"])
        .output()
        .expect("runs");
    assert!(previewed.status.success(), "{}", text(&previewed));
    let said = String::from_utf8_lossy(&previewed.stdout);
    assert!(
        said.contains("\u{a0}MB in all, previewed in review"),
        "{said}"
    );
    assert!(said.contains("in a browser to review them"), "{said}");
    let index = std::fs::read_to_string(dir.path().join("review/index.html")).expect("index");
    for english in [
        "<html lang=\"en\">",
        "<title>Preview before sending — rentree-numerique-2021</title>",
        "<li><strong>12</strong> messages</li>",
        "<li><strong>0</strong> rows that send nothing</li>",
        "<li><strong>1</strong> distinct attached file</li>",
        "After the review",
        "--to YOU@ac-lille.example --limit 3",
        "<code>missive approve review --by NAME</code>",
        "(177.5\u{a0}kB)",
        "aria-label=\"view message no. 1\">view</a>",
    ] {
        assert!(index.contains(english), "`{english}` not in:\n{index}");
    }
    for french in ["Aperçu", "Pièces jointes", "ko)", "sans envoi"] {
        assert!(!index.contains(french), "`{french}` in the English gallery");
    }
    let page =
        std::fs::read_to_string(dir.path().join("review/messages/00001.html")).expect("page");
    assert!(page.contains("<th scope=\"row\">Subject</th>"), "{page}");
}

/// A folder that is not a preview is refused in the user's language, and nothing of it is
/// touched.
#[test]
fn a_folder_that_is_not_a_preview_is_refused_in_french() {
    let dir = Campaign::sample();
    std::fs::create_dir(dir.path().join("documents")).expect("mkdir");
    std::fs::write(dir.path().join("documents/rapport.odt"), "x").expect("write");
    let refused = french(dir.path())
        .args(["preview", "--out", "documents"])
        .output()
        .expect("runs");
    assert_eq!(refused.status.code(), Some(1), "{}", text(&refused));
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(
        said.contains(
            "«\u{a0}documents\u{a0}»\u{a0}: le dossier existe et n'est pas un aperçu précédent\u{202f}; \
             choisissez-en un autre avec `--out DOSSIER`"
        ),
        "{said}"
    );
    assert!(dir.path().join("documents/rapport.odt").is_file());
}
