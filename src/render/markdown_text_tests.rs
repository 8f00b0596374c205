use pulldown_cmark::{Options, Parser};

use super::*;

fn text(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let events: Vec<Event<'_>> = Parser::new_ext(markdown, options).collect();
    write(&events)
}

#[test]
fn paragraphs_wrap_between_words_and_never_inside_a_url() {
    let url = "https://www.education.gouv.fr/un-chemin-bien-trop-long-pour-tenir-sur-une-seule-ligne-de-texte";
    let written = text(&format!(
        "{}\nvoir {url} ici.\n\nSecond paragraphe.",
        "L’enseignement à distance reprend le lundi. ".repeat(4)
    ));
    let lines: Vec<&str> = written.lines().collect();
    assert!(lines.len() > 3, "{written}");
    for line in &lines {
        assert!(line.chars().count() <= WIDTH || *line == url, "{line}");
    }
    assert!(lines.contains(&url), "{written}");
    assert!(
        written.ends_with("ici.\n\nSecond paragraphe.\n"),
        "{written}"
    );
}

#[test]
fn emphasis_is_dropped_and_code_kept_as_is() {
    assert_eq!(
        text("**Objet :** la *rentrée*, ~~hier~~ `ls -l` et __lundi__"),
        "Objet : la rentrée, hier ls -l et lundi\n"
    );
    assert_eq!(
        text("Avant\n\n```\nfn main() {\n    dire(\"**bonjour**\");\n}\n```\n\nAprès"),
        "Avant\n\nfn main() {\n    dire(\"**bonjour**\");\n}\n\nAprès\n"
    );
}

#[test]
fn lists_keep_markers_with_hanging_indents_and_nesting() {
    let written = text(
        "Points :\n\n- un\n- deux mots qui font une ligne bien plus longue que soixante-douze colonnes en tout\n  - imbriqué\n- trois\n\n3. premier\n4. second\n\nFin",
    );
    assert_eq!(
        written,
        "Points :\n\n- un\n- deux mots qui font une ligne bien plus longue que soixante-douze\n  colonnes en tout\n  - imbriqué\n- trois\n\n3. premier\n4. second\n\nFin\n"
    );
    let loose = text("1. un\n\n   suite\n\n2. deux\n");
    assert_eq!(loose, "1. un\n\n   suite\n\n2. deux\n");
}

#[test]
fn links_show_their_url_once_and_images_their_alt_text() {
    assert_eq!(
        text(
            "Voir [le site du CNED](https://ecole.cned.fr), <https://dane.ac-lille.fr/>, [https://a.fr](https://a.fr) et <ien@ac-lille.fr>."
        ),
        "Voir le site du CNED <https://ecole.cned.fr>, https://dane.ac-lille.fr/,\nhttps://a.fr et ien@ac-lille.fr.\n"
    );
    assert_eq!(
        text("![Infographie : les *bons* réflexes](infographie.png)\n\n![](x.png)"),
        "[image: Infographie : les bons réflexes]\n\n[image]\n"
    );
    assert_eq!(
        text("[![Logo](logo.png)](https://ac-lille.fr)"),
        "[image: Logo] <https://ac-lille.fr>\n"
    );
}

#[test]
fn headings_are_set_apart_and_underlined() {
    assert_eq!(
        text("Avant\n# Rentrée numérique\nTexte\n## Les *comptes*\n### Détail\nFin"),
        "Avant\n\nRentrée numérique\n=================\n\nTexte\n\nLes comptes\n-----------\n\nDétail\n------\n\nFin\n"
    );
}

#[test]
fn hard_breaks_quotes_rules_and_raw_html() {
    assert_eq!(
        text("Claire V.  \nInspectrice\\\nLille"),
        "Claire V.\nInspectrice\nLille\n"
    );
    assert_eq!(
        text("> Citation sur\n> deux lignes\n>\n> et un second paragraphe\n\nAprès"),
        "> Citation sur deux lignes\n>\n> et un second paragraphe\n\nAprès\n"
    );
    assert_eq!(
        text("Un\n\n---\n\nDeux"),
        format!("Un\n\n{}\n\nDeux\n", "-".repeat(72))
    );
    assert_eq!(
        text("Un<br>deux <b>gras</b>\n\n<div>\nbloc\n</div>"),
        "Un\ndeux gras\n\nbloc\n"
    );
}

#[test]
fn tables_read_as_aligned_columns() {
    assert_eq!(
        text("| École | Commune |\n|---|---|\n| Jules-Ferry | Lille |\n| Pasteur | Roubaix |\n"),
        "École        Commune\n-----------  -------\nJules-Ferry  Lille\nPasteur      Roubaix\n"
    );
}
