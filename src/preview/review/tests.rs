//! The review lock's comparison, on hand-made plans.

use super::*;
use crate::preview::manifest::{EmlSample, FileHash, ManifestHead};

fn entry(line: u64, email: &str, sha: &str) -> PlanEntry {
    PlanEntry {
        row: format!("liste.csv:{line}"),
        key: email.to_string(),
        to: format!("Madame {line} <{email}>"),
        subject: "Rentrée numérique".into(),
        attachments: vec![("infographie.png".into(), 177_507)],
        sha256: sha.to_string(),
    }
}

fn files(template: &str, infographic: &str) -> CampaignFiles {
    CampaignFiles {
        template: FileHash {
            name: "message.md".into(),
            sha256: template.into(),
        },
        attachments: vec![FileHash {
            name: "infographie.png".into(),
            sha256: infographic.into(),
        }],
    }
}

fn review(plan: &[PlanEntry]) -> Review {
    Review {
        dir: PathBuf::from("revue"),
        plan: "0".repeat(64),
        manifest: Manifest {
            head: ManifestHead {
                format: FORMAT,
                missive: "test".into(),
                campaign: "rentree".into(),
                revision: "rev1".into(),
                files: files("t1", "i1"),
                eml: EmlSample::for_rows(plan.len(), 0),
            },
            messages: plan
                .iter()
                .enumerate()
                .map(|(index, plan)| ManifestEntry {
                    number: index + 1,
                    plan: plan.clone(),
                    message_id: format!("<{index}@x>"),
                    size: 1,
                    page: format!("messages/{:05}.html", index + 1),
                    file: None,
                    source: None,
                    stored: Vec::new(),
                })
                .collect(),
        },
    }
}

/// [`Review::check`] of a plan of the campaign `rentree`, without the messages' texts.
fn checked(
    review: &Review,
    revision: &str,
    files: &CampaignFiles,
    plan: &[PlanEntry],
) -> Result<(), Box<ReviewMismatch>> {
    review.check("rentree", revision, files, plan, &HashMap::new())
}

fn reviewed() -> Vec<PlanEntry> {
    vec![
        entry(2, "a@ac-lille.fr", "h1"),
        entry(3, "b@ac-lille.fr", "h2"),
        entry(4, "c@ac-lille.fr", "h3"),
    ]
}

#[test]
fn the_same_plan_passes_whatever_its_order() {
    let review = review(&reviewed());
    let mut plan = reviewed();
    plan.reverse();
    assert!(checked(&review, "rev1", &files("t1", "i1"), &plan).is_ok());
}

#[test]
fn added_removed_and_changed_recipients_are_named() {
    let review = review(&reviewed());
    let mut plan = reviewed();
    plan.remove(0);
    plan[0].subject = "Rentrée numérique — modifiée".into();
    plan[0].sha256 = "h2-bis".into();
    plan.push(entry(5, "d@ac-lille.fr", "h4"));
    let mismatch = checked(&review, "rev1", &files("t1", "i1"), &plan).expect_err("differs");
    assert_eq!(mismatch.added.len(), 1);
    assert_eq!(mismatch.removed.len(), 1);
    assert_eq!(mismatch.changed.len(), 1);
    let text = mismatch.to_string();
    assert!(
        text.contains("1 recipient added:\n      Madame 5 <d@ac-lille.fr> (liste.csv:5)"),
        "{text}"
    );
    assert!(
        text.contains("1 recipient removed:\n      Madame 2 <a@ac-lille.fr> (liste.csv:2)"),
        "{text}"
    );
    assert!(
        text.contains(
            "Madame 3 <b@ac-lille.fr> (liste.csv:3): subject `Rentrée numérique` → `Rentrée numérique — modifiée`"
        ),
        "{text}"
    );
    assert!(
        text.ends_with("then send with `--reviewed revue`"),
        "{text}"
    );
    assert!(
        !text.contains("template"),
        "the template did not change: {text}"
    );
}

#[test]
fn a_changed_template_or_attachment_is_named() {
    let review = review(&reviewed());
    let changed: Vec<PlanEntry> = reviewed()
        .into_iter()
        .map(|mut e| {
            e.sha256.push('x');
            e
        })
        .collect();
    let template =
        checked(&review, "rev2", &files("t2", "i1"), &changed).expect_err("template changed");
    let text = template.to_string();
    assert!(text.contains("the template `message.md` changed"), "{text}");
    assert!(!text.contains("attachment `"), "{text}");
    assert!(
        text.contains("3 messages changed:") && text.contains("its text or an attached file"),
        "{text}"
    );

    let attachment =
        checked(&review, "rev2", &files("t1", "i2"), &changed).expect_err("attachment changed");
    let text = attachment.to_string();
    assert!(
        text.contains("the attachment `infographie.png` changed"),
        "{text}"
    );
    assert!(!text.contains("template"), "{text}");
}

#[test]
fn the_same_recipient_twice_is_compared_as_many_times() {
    let mut plan = reviewed();
    plan.push(entry(9, "a@ac-lille.fr", "h1"));
    let review = review(&plan);
    assert!(checked(&review, "rev1", &files("t1", "i1"), &plan).is_ok());
    plan.pop();
    let mismatch = checked(&review, "rev1", &files("t1", "i1"), &plan).expect_err("one fewer");
    assert_eq!(mismatch.removed.len(), 1);
    assert!(mismatch.added.is_empty() && mismatch.changed.is_empty());
}

#[test]
fn long_lists_are_counted_not_printed() {
    let review = review(&reviewed());
    let mut plan = reviewed();
    for line in 10..40 {
        plan.push(entry(line, &format!("n{line}@ac-lille.fr"), "new"));
    }
    let text = checked(&review, "rev1", &files("t1", "i1"), &plan)
        .expect_err("added")
        .to_string();
    assert!(text.contains("30 recipients added:"), "{text}");
    assert!(text.contains("and 20 more"), "{text}");
}

#[test]
fn a_folder_without_a_preview_or_from_another_version_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let missing = Review::load(dir.path()).expect_err("no manifest");
    assert!(
        missing.to_string().contains("holds no preview"),
        "{missing}"
    );
    std::fs::write(
        dir.path().join(manifest::FILE),
        r#"{"format":1,"messages":[]}"#,
    )
    .expect("write");
    let old = Review::load(dir.path()).expect_err("old format");
    assert!(old.to_string().contains("preview again"), "{old}");
}

#[test]
fn what_changed_is_said_in_french() {
    use crate::i18n::{Lang, in_lang};
    let review = review(&reviewed());
    let mut plan = reviewed();
    plan.remove(0);
    plan[0].subject = "Rentrée numérique — modifiée".into();
    plan[0].attachments.clear();
    plan[0].sha256 = "h2-bis".into();
    plan.push(entry(5, "d@ac-lille.fr", "h4"));
    let mismatch = checked(&review, "rev1", &files("t2", "i1"), &plan).expect_err("differs");
    let french = in_lang(Lang::Fr, || mismatch.to_string());
    for said in [
        "les messages ne sont pas ceux relus dans «\u{a0}revue\u{a0}»\u{202f}; rien n'a été envoyé\u{a0}:\n",
        "  - le modèle «\u{a0}message.md\u{a0}» a changé\n",
        "  - 1 destinataire ajouté\u{a0}:\n      Madame 5 <d@ac-lille.fr> (liste.csv:5)\n",
        "  - 1 destinataire retiré\u{a0}:\n      Madame 2 <a@ac-lille.fr> (liste.csv:2)\n",
        "  - 1 message modifié\u{a0}:\n      Madame 3 <b@ac-lille.fr> (liste.csv:3)\u{a0}: \
         objet «\u{a0}Rentrée numérique\u{a0}» → «\u{a0}Rentrée numérique — modifiée\u{a0}»\u{202f}; \
         pièces jointes «\u{a0}infographie.png\u{a0}» (177\u{202f}507 octets) → aucune\n",
        "refaites l'aperçu (`missive preview --out revue`, une fois «\u{a0}revue/approval.json\u{a0}» supprimé), faites-le relire et approuver, puis envoyez avec `--reviewed revue`",
    ] {
        assert!(french.contains(said), "`{said}` not in:\n{french}");
    }
    assert!(
        crate::i18n::audit::english_left(&french).is_empty(),
        "{french}"
    );
    let english = mismatch.to_string();
    assert!(
        english.contains("attachments `infographie.png` (177,507 bytes) → none"),
        "{english}"
    );
}

#[test]
fn an_unreadable_manifest_is_said_in_french_around_the_readers_words() {
    use crate::i18n::{Lang, in_lang};
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join(manifest::FILE), "{ pas du json").expect("write");
    let error = Review::load(dir.path()).expect_err("not JSON");
    let french = in_lang(Lang::Fr, || error.to_string());
    assert!(french.starts_with("impossible de lire «\u{a0}"), "{french}");
    assert!(
        french.contains("ce n'est pas du JSON valide, le lecteur dit «\u{a0}key must be a string"),
        "{french}"
    );
    assert!(
        crate::i18n::audit::english_left(&french).is_empty(),
        "{french}"
    );
    assert!(error.to_string().starts_with("cannot read `"), "{error}");
}
