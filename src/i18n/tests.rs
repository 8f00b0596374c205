//! The language chosen, the message files of both languages, French typography.

use super::*;
use chrono::NaiveDateTime;
use std::collections::HashMap;

fn vars(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
    let map: HashMap<String, String> = pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    move |name| map.get(name).cloned()
}

/// The keys of a language's message files.
fn keys(files: &[(&str, &str)]) -> std::collections::BTreeSet<String> {
    let mut keys = std::collections::BTreeSet::new();
    for (path, text) in files {
        let resource =
            FluentResource::try_new((*text).to_owned()).unwrap_or_else(|_| panic!("{path} parses"));
        for entry in resource.entries() {
            if let fluent_syntax::ast::Entry::Message(message) = entry {
                assert!(
                    keys.insert(message.id.name.to_owned()),
                    "{path}: {} twice",
                    message.id.name
                );
            }
        }
    }
    keys
}

#[test]
fn both_languages_have_the_same_keys() {
    let (english, french) = (keys(EN), keys(FR));
    let only_english: Vec<_> = english.difference(&french).collect();
    let only_french: Vec<_> = french.difference(&english).collect();
    assert!(only_english.is_empty(), "not in French: {only_english:?}");
    assert!(only_french.is_empty(), "not in English: {only_french:?}");
}

/// Every `tr("key"` of the source, with its file.
fn keys_used(dir: &std::path::Path, found: &mut Vec<(String, String)>) {
    for entry in std::fs::read_dir(dir).expect("src reads") {
        let path = entry.expect("src reads").path();
        if path.is_dir() {
            keys_used(&path, found);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            let text = std::fs::read_to_string(&path).expect("a source file reads");
            let calls = text
                .match_indices("tr(\"")
                .chain(text.match_indices("t!(\""));
            for (at, call) in calls {
                let before = text[..at].chars().next_back();
                if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                    continue; // `attr("…`, not ours
                }
                let key = text[at + call.len()..].split('"').next().unwrap_or("");
                found.push((path.display().to_string(), key.to_owned()));
            }
        }
    }
}

#[test]
fn every_key_the_code_uses_is_in_both_languages() {
    let mut used = Vec::new();
    keys_used(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut used,
    );
    let (english, french) = (keys(EN), keys(FR));
    let missing: Vec<_> = used
        .iter()
        .filter(|(_, key)| key != "key" && !(english.contains(key) && french.contains(key)))
        .collect();
    assert!(
        missing.is_empty(),
        "keys missing from locales/: {missing:?}"
    );
    assert!(used.iter().any(|(_, key)| key == "confirm-choices"));
}

#[test]
fn messages_are_read_in_each_language() {
    let plan = || [("plan", FluentValue::from("3 messages"))];
    assert_eq!(
        tr_in(Lang::En, "confirm-send", &plan()),
        "About to send 3 messages."
    );
    assert_eq!(
        tr_in(Lang::Fr, "confirm-send", &plan()),
        "Prêt à envoyer 3 messages."
    );
    assert_eq!(tr_in(Lang::Fr, "confirm-choices", &[]), "[o/N]");
    assert_eq!(tr_in(Lang::En, "no-such-key", &[]), "no-such-key");
}

#[test]
fn french_text_gets_its_spaces_and_numbers_their_groups() {
    let said = tr_in(
        Lang::Fr,
        "error-same-problem",
        &[
            ("first", "liste.csv:2".into()),
            ("count", 1234.into()),
            ("lines", "3, 4".into()),
        ],
    );
    assert_eq!(
        said,
        "erreur\u{a0}: le même problème qu'à liste.csv:2 sur 1\u{202f}234 autres lignes (lignes 3, 4)"
    );
    let said = tr_in(
        Lang::En,
        "error-same-problem",
        &[
            ("first", "a :b".into()),
            ("count", 1.into()),
            ("lines", "9".into()),
        ],
    );
    assert_eq!(
        said,
        "error: the same problem as a :b on one more row (line 9)"
    );
    // An argument keeps its own spaces: only the translator's text is French-spaced.
    let said = tr_in(Lang::Fr, "error-line", &[("error", "a : b".into())]);
    assert_eq!(said, "erreur\u{a0}: a : b");
}

#[test]
fn the_system_is_quoted_in_french_and_left_alone_in_english() {
    let missing = std::io::Error::from(std::io::ErrorKind::NotFound);
    assert_eq!(system(&missing), missing.to_string());
    assert_eq!(
        in_lang(Lang::Fr, || system(&missing)),
        "fichier ou dossier introuvable"
    );
    let other = std::io::Error::other("disk on fire");
    assert_eq!(
        in_lang(Lang::Fr, || system(&other)),
        "le système répond «\u{a0}disk on fire\u{a0}»"
    );
}

#[test]
fn a_thread_can_speak_the_other_language_for_a_while() {
    let said = in_lang(Lang::Fr, || tr("error-line", &[("error", "x".into())]));
    assert_eq!(said, "erreur\u{a0}: x");
    assert_eq!(lang(), Lang::En);
}

#[test]
fn the_flag_wins_over_every_variable() {
    let env = vars(&[("MISSIVE_LANG", "fr"), ("LC_ALL", "fr_FR.UTF-8")]);
    assert_eq!(choose(Some(Lang::En), &env, Some("fr-FR")), Lang::En);
    assert_eq!(choose(Some(Lang::Fr), vars(&[]), None), Lang::Fr);
}

#[test]
fn missive_lang_wins_over_the_locale() {
    let env = vars(&[("MISSIVE_LANG", "en"), ("LC_ALL", "fr_FR.UTF-8")]);
    assert_eq!(choose(None, env, None), Lang::En);
    let env = vars(&[("MISSIVE_LANG", "fr"), ("LANG", "C")]);
    assert_eq!(choose(None, env, None), Lang::Fr);
}

#[test]
fn lc_all_then_lc_messages_then_lang() {
    let env = vars(&[("LC_ALL", "C"), ("LC_MESSAGES", "fr_FR"), ("LANG", "fr_FR")]);
    assert_eq!(choose(None, env, None), Lang::En);
    let env = vars(&[("LC_MESSAGES", "fr_BE.UTF-8"), ("LANG", "en_US.UTF-8")]);
    assert_eq!(choose(None, env, None), Lang::Fr);
    let env = vars(&[("LANG", "fr_FR.UTF-8")]);
    assert_eq!(choose(None, env, None), Lang::Fr);
}

#[test]
fn an_empty_variable_counts_as_unset() {
    let env = vars(&[("LC_ALL", ""), ("LANG", "fr_FR.UTF-8")]);
    assert_eq!(choose(None, env, None), Lang::Fr);
}

#[test]
fn the_system_language_only_without_any_variable() {
    assert_eq!(choose(None, vars(&[]), Some("fr-FR")), Lang::Fr);
    assert_eq!(
        choose(None, vars(&[("LANG", "C")]), Some("fr-FR")),
        Lang::En
    );
    assert_eq!(choose(None, vars(&[]), None), Lang::En);
}

#[test]
fn french_only_for_fr_locales() {
    for french in ["fr", "fr_FR.UTF-8", "fr-CA", "FR_fr", "fr_FR@euro"] {
        assert_eq!(Lang::of_locale(french), Lang::Fr, "{french}");
    }
    for other in ["C", "POSIX", "C.UTF-8", "en_GB", "fra", "fy_NL", ""] {
        assert_eq!(Lang::of_locale(other), Lang::En, "{other}");
    }
}

#[test]
fn numbers_are_grouped_by_thousands() {
    assert_eq!(number(0, Lang::Fr), "0");
    assert_eq!(number(999, Lang::Fr), "999");
    assert_eq!(number(1234, Lang::Fr), "1\u{202f}234");
    assert_eq!(number(1_234_567, Lang::Fr), "1\u{202f}234\u{202f}567");
    assert_eq!(number(1_234_567, Lang::En), "1,234,567");
}

#[test]
fn french_punctuation_gets_its_no_break_spaces() {
    assert_eq!(punctuate("Envoyer ?"), "Envoyer\u{202f}?");
    assert_eq!(punctuate("Envoyer?"), "Envoyer\u{202f}?");
    assert_eq!(punctuate("suivant : missive"), "suivant\u{a0}: missive");
    assert_eq!(punctuate("un ; deux !"), "un\u{202f}; deux\u{202f}!");
    assert_eq!(punctuate("https://x.fr à 18:00"), "https://x.fr à 18:00");
    assert_eq!(punctuate("déjà\u{a0}: fait"), "déjà\u{a0}: fait");
}

#[test]
fn quotes_are_guillemets_in_french() {
    assert_eq!(quote("Objet", Lang::Fr), "«\u{a0}Objet\u{a0}»");
    assert_eq!(quote("Subject", Lang::En), "“Subject”");
}

#[test]
fn dates_and_times_as_people_write_them() {
    let at = NaiveDateTime::parse_from_str("2021-04-26 18:00", "%Y-%m-%d %H:%M").unwrap();
    assert_eq!(
        date_time(at, Lang::Fr),
        "26\u{a0}avril\u{a0}2021 à 18\u{a0}h\u{a0}00"
    );
    assert_eq!(date_time(at, Lang::En), "26 April 2021 at 18:00");
}

#[test]
fn sizes_have_their_units_and_decimal_mark() {
    assert_eq!(size(2_500_000, Lang::Fr), "2,5\u{a0}Mo");
    assert_eq!(size(2_500_000, Lang::En), "2.5\u{a0}MB");
    assert_eq!(size(512, Lang::Fr), "512\u{a0}o");
    assert_eq!(size(1_500, Lang::En), "1.5\u{a0}kB");
}
