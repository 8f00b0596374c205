//! `approval.json` written and read back, and each file that cannot serve refused with words
//! that name it and say what to do.

use super::*;
use crate::i18n::{Lang, audit::english_left, in_lang};

fn marie() -> Approver {
    "  Marie Dupont ".parse().expect("a name")
}

fn plan() -> String {
    fingerprint(b"{\"format\":2}")
}

fn said(error: &ApprovalError) -> String {
    in_lang(Lang::En, || error.to_string())
}

#[test]
fn an_approval_is_read_back_as_written_and_replaced_whole() {
    let dir = tempfile::tempdir().expect("dir");
    assert_eq!(Approval::read(dir.path()).expect("readable"), None);
    let approval = Approval::new(&marie(), &plan(), 12);
    assert_eq!(approval.by, "Marie Dupont");
    approval.write(dir.path()).expect("written");
    let read = Approval::read(dir.path())
        .expect("readable")
        .expect("there");
    // The file keeps whole seconds.
    assert_eq!(read.at.timestamp(), approval.at.timestamp());
    assert_eq!((read.by.as_str(), read.messages), ("Marie Dupont", 12));
    assert_eq!(
        Approval::required(dir.path(), &plan()).expect("same plan"),
        read
    );
    let text = std::fs::read_to_string(dir.path().join(FILE)).expect("file");
    assert!(text.contains("\"approved_by\": \"Marie Dupont\""), "{text}");
    assert!(text.contains("Z\""), "UTC, RFC 3339: {text}");
    let mut other = Approval::new(&"Paul Martin".parse().expect("a name"), &plan(), 12);
    other.messages = 13;
    other.write(dir.path()).expect("replaced");
    let read = Approval::read(dir.path())
        .expect("readable")
        .expect("there");
    assert_eq!((read.by.as_str(), read.messages), ("Paul Martin", 13));
    assert_eq!(std::fs::read_dir(dir.path()).expect("dir").count(), 1);
}

#[test]
fn a_missing_approval_says_who_must_approve_and_how() {
    let dir = tempfile::tempdir().expect("dir");
    let error = Approval::required(dir.path(), &plan()).expect_err("none");
    let words = said(&error);
    assert!(matches!(error, ApprovalError::Missing { .. }));
    assert!(words.contains("has not been approved"), "{words}");
    assert!(words.contains("`missive approve "), "{words}");
}

#[test]
fn an_approval_of_another_plan_is_stale() {
    let dir = tempfile::tempdir().expect("dir");
    Approval::new(&marie(), &fingerprint(b"before"), 3)
        .write(dir.path())
        .expect("written");
    let error = Approval::required(dir.path(), &plan()).expect_err("another plan");
    let words = said(&error);
    assert!(
        words.contains("was previewed again after Marie Dupont approved it on"),
        "{words}"
    );
    assert!(words.contains("nothing was sent"), "{words}");
}

#[test]
fn a_malformed_or_foreign_file_names_itself_and_the_fix() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join(FILE);
    let check = |content: &str, expected: &str| {
        std::fs::write(&path, content).expect("written");
        let error = Approval::read(dir.path()).expect_err(content);
        let words = said(&error);
        assert!(words.contains(&path.display().to_string()), "{words}");
        assert!(words.contains(expected), "{words}");
        assert!(words.contains("delete it and ask the reviewer"), "{words}");
    };
    check("{ not json", "cannot read");
    check("{\"hello\": 1}", "is not an approval written by missive");
    let good = serde_json::json!({
        "format": 1,
        "approved_by": "Marie Dupont",
        "approved_at": "2021-04-26T16:00:00Z",
        "manifest_sha256": plan(),
        "messages": 12,
    });
    let mut bad_date = good.clone();
    bad_date["approved_at"] = "lundi".into();
    check(
        &bad_date.to_string(),
        "is not an approval written by missive",
    );
    let mut bad_plan = good.clone();
    bad_plan["manifest_sha256"] = "3f2a".into();
    check(
        &bad_plan.to_string(),
        "is not an approval written by missive",
    );
    let mut later = good.clone();
    later["format"] = 2.into();
    check(&later.to_string(), "is not an approval written by missive");
    std::fs::write(&path, good.to_string()).expect("written");
    assert!(Approval::read(dir.path()).expect("readable").is_some());
}

#[test]
fn a_preview_into_an_approved_folder_is_refused() {
    let dir = tempfile::tempdir().expect("dir");
    refuse_if_approved(dir.path()).expect("no approval yet");
    Approval::new(&marie(), &plan(), 12)
        .write(dir.path())
        .expect("written");
    let words = said(&refuse_if_approved(dir.path()).expect_err("approved"));
    assert!(
        words.contains("was approved by Marie Dupont on "),
        "{words}"
    );
    assert!(words.contains("(`--out OTHER`)"), "{words}");
    assert!(
        words.contains("approval.json` to withdraw the approval"),
        "{words}"
    );
}

#[test]
fn an_empty_name_is_refused() {
    assert!("  ".parse::<Approver>().is_err());
    assert_eq!(marie().to_string(), "Marie Dupont");
}

#[test]
fn every_error_is_said_in_french_with_no_english_left() {
    let approval = Approval::new(&marie(), &plan(), 12);
    let dir = PathBuf::from("revue");
    let errors = [
        ApprovalError::Missing { dir: dir.clone() },
        ApprovalError::Foreign {
            path: dir.join(FILE),
            dir: dir.clone(),
        },
        ApprovalError::Stale {
            dir: dir.clone(),
            approval: approval.clone(),
        },
        ApprovalError::Approved {
            dir: dir.clone(),
            approval,
        },
    ];
    for error in errors {
        let french = in_lang(Lang::Fr, || error.to_string());
        assert!(english_left(&french).is_empty(), "{french}");
        assert!(french.contains("revue"), "{french}");
    }
}
