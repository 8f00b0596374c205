//! The Send and Results pages' HTML: the count stated, every value escaped, no English in
//! French.

use super::*;
use crate::i18n::{Lang, audit::english_left, in_lang};
use crate::serve::pages::visible;
use crate::serve::run::Progress;

fn a_plan() -> PlanView {
    PlanView {
        folder: "/home/ien/rentree".into(),
        plan: Some("<b>envoyer 12 messages</b>".into()),
        messages: 12,
        approved: Some(t!("serve-send-approved", by = "Marie Dupont", at = "12/05")),
        wants_password: true,
        ..PlanView::default()
    }
}

fn a_run() -> Progress {
    Progress {
        total: 12,
        sent: 4,
        deferred: 1,
        started: Some(std::time::Instant::now()),
        said: ["<script>x</script>".to_owned()].into(),
        ..Progress::default()
    }
}

#[test]
fn the_send_page_states_the_count_escapes_and_says_no_english_in_french() {
    let pages = Pages::new().expect("the templates compile");
    let view = in_lang(Lang::Fr, a_plan);
    let form = TestForm {
        address: "\"><script>".into(),
        rows: 1,
        outcome: Some(TestSent {
            outcome: in_lang(Lang::Fr, || {
                t!("serve-test-sent", count = 1, address = "moi@ac-lille.fr")
            }),
            failed: false,
        }),
        ..TestForm::default()
    };
    let (asked, running) = in_lang(Lang::Fr, || {
        let asked = render(
            &pages,
            &Page {
                view: &view,
                progress: None,
                confirm: true,
                refusal: Some(&t!("serve-send-unconfirmed")),
                test: &form,
                csrf: "0123",
            },
        )
        .expect("renders");
        let running = render(
            &pages,
            &Page {
                view: &view,
                progress: Some(ProgressView::of(&a_run())),
                confirm: false,
                refusal: None,
                test: &TestForm::default(),
                csrf: "0123",
            },
        )
        .expect("renders");
        (asked, running)
    });
    assert!(asked.contains("Envoyer 12 messages\u{202f}?"), "{asked}");
    assert!(asked.contains("1 message de test envoyé à moi@ac-lille.fr"));
    assert!(asked.contains("type=\"password\""), "{asked}");
    assert!(asked.contains("approuvé par Marie Dupont"), "{asked}");
    assert!(running.contains("5 sur 12"), "{running}");
    assert!(
        running.contains("4 envoyés, 1 différé, 0 en échec"),
        "{running}"
    );
    assert!(!running.contains("id=\"confirm\""), "no plan while it runs");
    for html in [&asked, &running] {
        assert!(html.contains("<html lang=\"fr\">"), "{html}");
        for raw in ["<b>", "<script>x", "\"><script>"] {
            assert!(!html.contains(raw), "{raw} left as is in {html}");
        }
        let words = visible(html);
        assert_eq!(english_left(&words), Vec::<String>::new(), "{words}");
    }
}

#[test]
fn the_results_page_escapes_and_says_no_english_in_french() {
    use crate::serve::results_page::{ReportRow, ResultsView, render};
    let pages = Pages::new().expect("the templates compile");
    let html = in_lang(Lang::Fr, || {
        let view = ResultsView {
            folder: "/home/ien/rentree".into(),
            status: vec!["journal `x` : `2` destinataires".into()],
            rows: vec![ReportRow {
                row: "2".into(),
                to: "<i>a@b.fr</i>".into(),
                state: t!("serve-results-failed"),
                kind: "failed".into(),
                reply: "550 5.1.1 <inconnu>".into(),
            }],
            retry: true,
            ..ResultsView::default()
        };
        render(&pages, &view).expect("renders")
    });
    assert!(html.contains("id=\"retry\""), "{html}");
    assert!(html.contains("href=\"/results/report.csv\""), "{html}");
    assert!(
        !html.contains("<i>") && !html.contains("<inconnu>"),
        "{html}"
    );
    assert!(html.contains("<td>en échec</td>"), "{html}");
    let text = visible(&html).replace("550 5.1.1", "");
    assert_eq!(english_left(&text), Vec::<String>::new(), "{text}");
}

#[test]
fn a_test_send_goes_back_only_to_a_path_of_the_app() {
    for kept in ["/preview#test", "/preview?message=2", "/"] {
        assert_eq!(local_path(kept), Some(kept));
    }
    for refused in [
        "",
        "preview",
        "//evil.example/",
        "/\\evil.example/",
        "https://evil.example/",
        "/preview\r\nSet-Cookie: x=1",
        "/a b",
    ] {
        assert_eq!(local_path(refused), None, "{refused:?}");
    }
}
