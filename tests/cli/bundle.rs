//! `missive bundle` packs the sample campaign without its list or login; `missive init --from`
//! unpacks it, never overwriting, and a head runs it against their own list unchanged.

use std::io::Read;
use std::path::Path;

use assert_cmd::prelude::*;

use crate::harness::{Campaign, assert_exit, french, missive, text};

/// The inspector's campaign: the sample, with a login and a password command.
fn inspector() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    missive(dir.path())
        .args(["init", "campagne"])
        .assert()
        .success();
    let file = dir.path().join("campagne/campaign.toml");
    let text = std::fs::read_to_string(&file).expect("campaign.toml");
    let text = text.replace(
        "username = \"ien.lille-1\"",
        "username = \"ien.lille-1\"\npassword_command = \"pass show academie/smtp\"",
    );
    std::fs::write(&file, text).expect("campaign.toml");
    dir
}

fn entries(bundle: &Path) -> Vec<(String, Vec<u8>)> {
    let mut archive = tar::Archive::new(std::fs::File::open(bundle).expect("bundle"));
    archive
        .entries()
        .expect("a tar")
        .map(|entry| {
            let mut entry = entry.expect("entry");
            let name = entry.path().expect("path").display().to_string();
            let mut bytes = Vec::new();
            entry.read_to_end(&mut bytes).expect("read");
            (name, bytes)
        })
        .collect()
}

#[test]
fn a_bundle_holds_the_template_and_limits_but_no_list_and_no_login() {
    let dir = inspector();
    let campaign = dir.path().join("campagne");
    let packed = missive(&campaign)
        .args(["bundle", "-o", "../circulaire.tar"])
        .output()
        .expect("runs");
    assert!(packed.status.success(), "{}", text(&packed));
    let files = entries(&dir.path().join("circulaire.tar"));
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    assert!(names.contains(&"campaign.toml"), "{names:?}");
    assert!(
        names.contains(&"templates/rentree-numerique/message.md"),
        "{names:?}"
    );
    assert!(
        names.contains(&"templates/rentree-numerique/infographie-rentree.png"),
        "{names:?}"
    );
    assert!(
        !names
            .iter()
            .any(|n| n.starts_with("recipients/") || n.starts_with('.')),
        "{names:?}"
    );
    let toml = files
        .iter()
        .find(|(n, _)| n == "campaign.toml")
        .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
        .expect("campaign.toml");
    for gone in ["recipients =", "username", "password_command", "pass show"] {
        assert!(!toml.contains(gone), "`{gone}` left in:\n{toml}");
    }
    assert!(toml.contains("rate = \"30/min\""), "{toml}");
    assert!(toml.contains("url = "), "{toml}");
}

#[test]
fn a_head_unpacks_it_and_runs_it_against_their_own_list() {
    let dir = inspector();
    missive(dir.path().join("campagne"))
        .args(["bundle", "-o", "../circulaire.tar"])
        .assert()
        .success();
    let head = dir.path().join("ecole");
    let unpacked = missive(dir.path())
        .args(["init", "--from", "circulaire.tar", "ecole"])
        .output()
        .expect("runs");
    assert!(unpacked.status.success(), "{}", text(&unpacked));
    assert!(
        head.join("templates/rentree-numerique/message.md")
            .is_file()
    );

    // Their own list: two rows with the template's columns.
    std::fs::write(
        head.join("mes-collegues.csv"),
        "civilite;prenom;nom;email;ecole;commune\nMadame;Anne;Roussel;anne.roussel@ac-lille.fr;École Jules-Ferry;Lille\nMonsieur;Paul;Caron;paul.caron@ac-lille.fr;École Jules-Ferry;Lille\n",
    )
    .expect("list");
    let checked = missive(&head)
        .args(["check", "-r", "mes-collegues.csv"])
        .output()
        .expect("runs");
    assert!(checked.status.success(), "{}", text(&checked));
    assert!(
        text(&checked).contains("2 messages ready"),
        "{}",
        text(&checked)
    );

    // Unpacking again is refused, and nothing is overwritten.
    let template = head.join("templates/rentree-numerique/message.md");
    std::fs::write(&template, "edited").expect("edit");
    let again = missive(dir.path())
        .args(["init", "--from", "circulaire.tar", "ecole"])
        .output()
        .expect("runs");
    assert_exit(&again, 1);
    assert!(
        text(&again).contains("never overwritten"),
        "{}",
        text(&again)
    );
    assert_eq!(std::fs::read_to_string(&template).expect("read"), "edited");
}

#[test]
fn a_file_that_is_not_a_bundle_is_refused() {
    let dir = Campaign::empty();
    dir.write("x.tar", b"not a tar at all, just text");
    let output = missive(dir.path())
        .args(["init", "--from", "x.tar", "ici"])
        .output()
        .expect("runs");
    assert_exit(&output, 1);
    assert!(!dir.path().join("ici/campaign.toml").exists());
}

/// Under a French locale `bundle` and `init --from` say what they did in French, and the
/// bundle's campaign.toml tells its receiver in French what to set; the settings are the same.
#[test]
fn a_bundle_is_made_and_unpacked_in_french() {
    let dir = inspector();
    let campaign = dir.path().join("campagne");
    let packed = french(&campaign)
        .args(["bundle", "-o", "../circulaire.tar"])
        .output()
        .expect("runs");
    assert!(packed.status.success(), "{}", text(&packed));
    let said = String::from_utf8_lossy(&packed.stdout);
    assert!(
        said.contains("  templates/rentree-numerique/message.md ("),
        "{said}"
    );
    assert!(
        said.contains(
            "écrit\u{a0}: ../circulaire.tar\u{202f}; 4 fichiers, sans liste de destinataires ni identifiant\u{202f}; \
             qui le reçoit lance `missive init --from circulaire.tar DOSSIER`"
        ),
        "{said}"
    );
    let files = entries(&dir.path().join("circulaire.tar"));
    let toml = files
        .iter()
        .find(|(n, _)| n == "campaign.toml")
        .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
        .expect("campaign.toml");
    assert!(
        toml.starts_with(
            "# Déballé d'un paquet fait par `missive bundle`\u{a0}: sans liste ni identifiant.\n"
        ),
        "{toml}"
    );
    assert!(toml.contains("rate = \"30/min\""), "{toml}");

    let unpacked = french(dir.path())
        .args(["init", "--from", "circulaire.tar", "ecole"])
        .output()
        .expect("runs");
    assert!(unpacked.status.success(), "{}", text(&unpacked));
    assert!(
        text(&unpacked).contains("ensuite\u{a0}: cd ecole && donnez votre liste à `recipients`"),
        "{}",
        text(&unpacked)
    );

    let english = missive(&campaign)
        .args(["bundle", "-o", "../english.tar"])
        .output()
        .expect("runs");
    assert!(
        String::from_utf8_lossy(&english.stdout)
            .contains("wrote ../english.tar: 4 files, no recipient list"),
        "{}",
        text(&english)
    );
}

/// `init --from-eml` says what it relays and the next steps in the user's language.
#[test]
fn init_from_eml_says_what_to_do_next_in_french() {
    let dir = Campaign::empty();
    let eml = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/eml/thunderbird.eml"
    );
    let said = french(dir.path())
        .args(["init", "--from-eml", eml, "relais"])
        .output()
        .expect("runs");
    assert!(said.status.success(), "{}", text(&said));
    let stdout = String::from_utf8_lossy(&said.stdout);
    for french in [
        "relais de «\u{a0}Rentrée numérique du 26 avril — recommandations\u{a0}»",
        "sous l'objet «\u{a0}TR : Rentrée numérique du 26 avril — recommandations\u{a0}»",
        "joint à chaque message\u{a0}: infographie-rentree.png",
        "ensuite\u{a0}:\n",
        "  1. dans relais/",
        "mettez votre nom et votre adresse sur la ligne `From:` (ou `De\u{a0}:`) et écrivez votre mot sous `Bonjour {{ prenom }},`",
        "  4. `missive send --to votre.adresse@… --limit 1` (un essai à vous-même), puis `missive send`",
    ] {
        assert!(stdout.contains(french), "`{french}` not in:\n{stdout}");
    }
    let english = missive(dir.path())
        .args(["init", "--from-eml", eml, "relay"])
        .output()
        .expect("runs");
    assert!(english.status.success(), "{}", text(&english));
    let stdout = String::from_utf8_lossy(&english.stdout);
    assert!(
        stdout.contains("relaying `Rentrée numérique du 26 avril — recommandations`"),
        "{stdout}"
    );
    assert!(stdout.contains("  2. put your staff in relay/"), "{stdout}");
}
