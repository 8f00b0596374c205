//! The Recipients page of `missive serve` over HTTP with the real binary: how the list was
//! read, each problem at its row, the filter box; in English and French.

use crate::harness::{Campaign, french, missive};
use crate::serve::Served;

/// The Recipients page of `served`, with `query` (`?where=…`) when given.
fn recipients(served: &Served, cookie: &str, query: &str) -> String {
    let page = served.get(&format!("/recipients{query}"), Some(cookie));
    assert_eq!(page.status, 200, "{}", page.body);
    page.body
}

#[test]
fn the_recipients_page_says_how_the_list_was_read() {
    let campaign = Campaign::sample();
    let served = Served::start(missive(campaign.path()), &[]);
    assert_eq!(served.get("/recipients", None).status, 403);
    assert_eq!(served.get("/recipients?where=1", None).status, 403);
    let cookie = served.session();
    let page = recipients(&served, &cookie, "");
    for words in [
        "<a href=\"/\">Campaign</a>",
        "<a href=\"/recipients\" aria-current=\"page\">Recipients</a>",
        "recipients/directeurs.csv",
        "<dt>Encoding</dt><dd>UTF-8",
        "<dt>Delimiter</dt><dd>semicolon (`;`)</dd>",
        "<dt>Rows</dt><dd>12 rows</dd>",
        "<code>civilite</code>, <code>prenom</code>, <code>nom</code>, <code>email</code>, <code>ecole</code>, <code>commune</code>",
        "<th scope=\"col\">commune</th>",
        "<td>Hélène</td>",
        "<td>Dewaele</td>",
        "No problem found in the list.",
    ] {
        assert!(page.contains(words), "{words}: {page}");
    }
    // The Campaign page links back.
    let campaign_page = served.get("/", Some(&cookie)).body;
    assert!(
        campaign_page.contains("<a href=\"/recipients\">Recipients</a>"),
        "{campaign_page}"
    );
    assert_eq!(served.interrupt(), Some(0));
}

#[test]
fn a_broken_row_shows_at_its_row_and_the_filter_counts_what_it_keeps() {
    let campaign = Campaign::sample();
    let list = campaign.path().join("recipients/directeurs.csv");
    let text = std::fs::read_to_string(&list).expect("the list");
    std::fs::write(
        &list,
        text.replacen(
            "ce.0598021t@ac-lille.example",
            "ce.0598021t.ac-lille.example",
            1,
        ),
    )
    .expect("a slip in row 6");
    let served = Served::start(missive(campaign.path()), &[]);
    let cookie = served.session();
    let page = recipients(&served, &cookie, "");
    let problem = page
        .lines()
        .find(|line| line.contains("class=\"error\""))
        .unwrap_or_else(|| panic!("a problem: {page}"));
    assert!(problem.contains("row 6: "), "{problem}");
    assert!(
        problem.contains("ce.0598021t.ac-lille.example"),
        "{problem}"
    );

    let filtered = recipients(&served, &cookie, "?where=commune+%3D%3D+%22Lille%22");
    assert!(
        filtered.contains("3 rows of 12 meet the condition `commune == &quot;Lille&quot;`"),
        "{filtered}"
    );
    assert!(
        filtered.contains("value=\"commune == &quot;Lille&quot;\""),
        "the box keeps the condition: {filtered}"
    );

    let wrong = recipients(&served, &cookie, "?where=ville+%3D%3D+%22Lille%22");
    let error = wrong
        .lines()
        .find(|line| line.contains("class=\"error\"") && line.contains("--where"))
        .unwrap_or_else(|| panic!("the filter's error: {wrong}"));
    assert!(error.contains("`ville`"), "{error}");
    assert!(
        error.contains("commune"),
        "the columns it could use: {error}"
    );
    // The list is still shown.
    assert!(wrong.contains("<dt>Rows</dt><dd>12 rows</dd>"), "{wrong}");
    assert!(!wrong.contains("meet the condition"), "{wrong}");
    assert_eq!(served.interrupt(), Some(0));
}

#[test]
fn a_french_run_serves_the_recipients_page_in_french() {
    let campaign = Campaign::sample();
    let served = Served::start(french(campaign.path()), &[]);
    let cookie = served.session();
    let page = recipients(&served, &cookie, "?where=commune+%3D%3D+%22Lille%22");
    assert!(page.contains("<html lang=\"fr\">"), "{page}");
    for words in [
        ">Campagne</a>",
        ">Destinataires</a>",
        "Comment la liste de destinataires a été lue",
        "<dt>Encodage</dt><dd>UTF-8",
        "<dt>Séparateur</dt><dd>point-virgule (`;`)</dd>",
        "<dt>Lignes</dt><dd>12 lignes</dd>",
        "3 lignes sur 12 remplissent la condition",
        ">Filtrer</button>",
    ] {
        assert!(page.contains(words), "{words}: {page}");
    }
    assert_eq!(served.interrupt(), Some(0));
}
