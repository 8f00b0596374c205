//! The language missive speaks, chosen once at start, and French as French is written.
//!
//! The foundation of issue 23: the choice ([`choose`]) and the typography ([`number`],
//! [`punctuate`], [`quote`], [`date_time`], [`size`]), pure functions over their inputs so the
//! tests need no process environment. The words themselves come next, in message files under
//! `locales/`; the commands call these helpers as they are translated, one by one.
#![allow(dead_code)] // the foundation: its callers are the commands still to translate

pub(crate) mod audit;

use std::sync::OnceLock;

use chrono::{Datelike, NaiveDateTime, Timelike};
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

/// A language missive speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Lang {
    En,
    Fr,
}

impl From<crate::cli::Language> for Lang {
    fn from(language: crate::cli::Language) -> Lang {
        match language {
            crate::cli::Language::En => Lang::En,
            crate::cli::Language::Fr => Lang::Fr,
        }
    }
}

impl Lang {
    /// The language of a locale name (`fr_FR.UTF-8`, `fr-CA`, `en_GB`, `C`): French when it
    /// starts with `fr`, English otherwise.
    pub(crate) fn of_locale(locale: &str) -> Lang {
        let locale = locale.trim().to_ascii_lowercase();
        let language = locale.split(['_', '-', '.', '@']).next().unwrap_or("");
        if language == "fr" { Lang::Fr } else { Lang::En }
    }
}

/// The language of this run: `flag` (`--lang`) wins over `MISSIVE_LANG`, which wins over the
/// first non-empty of `LC_ALL`, `LC_MESSAGES`, `LANG`; with none of them, `system` (the UI
/// language of Windows or macOS, `None` elsewhere); then English.
///
/// The variables are read as text, so French works where the French locale is not installed.
pub(crate) fn choose(
    flag: Option<Lang>,
    var: impl Fn(&str) -> Option<String>,
    system: Option<&str>,
) -> Lang {
    if let Some(lang) = flag {
        return lang;
    }
    ["MISSIVE_LANG", "LC_ALL", "LC_MESSAGES", "LANG"]
        .into_iter()
        .find_map(|name| var(name).filter(|value| !value.trim().is_empty()))
        .as_deref()
        .or(system)
        .map_or(Lang::En, Lang::of_locale)
}

/// The language of this run, set once by [`start`]; English until then (the unit tests).
static LANG: OnceLock<Lang> = OnceLock::new();

thread_local! {
    /// A language this thread speaks for a while instead ([`in_lang`]): the French audit.
    static OVERRIDE: std::cell::Cell<Option<Lang>> = const { std::cell::Cell::new(None) };
}

/// Chooses the language of this run from `--lang`, the environment and the system; the
/// first call wins.
pub(crate) fn start(flag: Option<Lang>) {
    let system = if cfg!(any(windows, target_os = "macos")) {
        sys_locale::get_locale()
    } else {
        None
    };
    let lang = choose(flag, |name| std::env::var(name).ok(), system.as_deref());
    let _ = LANG.set(lang);
}

/// The language of this run.
pub(crate) fn lang() -> Lang {
    OVERRIDE
        .get()
        .or_else(|| LANG.get().copied())
        .unwrap_or(Lang::En)
}

/// `words()` said in `lang` on this thread, whatever the run's language: the same error,
/// in the other language.
pub(crate) fn in_lang<R>(lang: Lang, words: impl FnOnce() -> R) -> R {
    let before = OVERRIDE.replace(Some(lang));
    let said = words();
    OVERRIDE.set(before);
    said
}

// The message files, embedded by build.rs: `EN` and `FR`, each `(path, text)`; a translator
// edits or adds `locales/<lang>/*.ftl`, never Rust.
include!(concat!(env!("OUT_DIR"), "/locales.rs"));

fn bundle(lang: Lang) -> &'static FluentBundle<FluentResource> {
    static EN_BUNDLE: OnceLock<FluentBundle<FluentResource>> = OnceLock::new();
    static FR_BUNDLE: OnceLock<FluentBundle<FluentResource>> = OnceLock::new();
    let (cell, files, id, formatter): (_, _, _, Formatter) = match lang {
        Lang::En => (&EN_BUNDLE, EN, unic_langid::langid!("en"), english_number),
        Lang::Fr => (&FR_BUNDLE, FR, unic_langid::langid!("fr"), french_number),
    };
    cell.get_or_init(|| {
        let mut bundle = FluentBundle::new_concurrent(vec![id]);
        bundle.set_use_isolating(false); // a terminal shows the isolation marks as boxes
        bundle.set_formatter(Some(formatter));
        if lang == Lang::Fr {
            bundle.set_transform(Some(french_spaces));
        }
        for (path, text) in files {
            let resource = FluentResource::try_new((*text).to_owned())
                .unwrap_or_else(|(_, errors)| panic!("{path}: {errors:?}"));
            bundle
                .add_resource(resource)
                .unwrap_or_else(|errors| panic!("{path}: a key met twice: {errors:?}"));
        }
        bundle
    })
}

type Formatter =
    fn(&FluentValue<'_>, &intl_memoizer::concurrent::IntlLangMemoizer) -> Option<String>;

/// The text of a French message (never its arguments) with the no-break spaces French puts
/// before `:` `;` `?` `!` and inside « »: a translator types plain spaces.
fn french_spaces(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains([' ', '«', '»']) {
        return text.into();
    }
    text.replace(" :", "\u{a0}:")
        .replace(" ;", "\u{202f};")
        .replace(" ?", "\u{202f}?")
        .replace(" !", "\u{202f}!")
        .replace("« ", "«\u{a0}")
        .replace(" »", "\u{a0}»")
        .into()
}

/// A whole number argument with its thousands grouped ([`number`]); Fluent's own way
/// otherwise. Codes, ports and years are passed as text, never grouped.
fn grouped(value: &FluentValue<'_>, lang: Lang) -> Option<String> {
    let FluentValue::Number(n) = value else {
        return None;
    };
    let whole =
        n.value.fract() == 0.0 && n.value >= 0.0 && n.options.minimum_fraction_digits.is_none();
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // whole and positive
    whole.then(|| number(n.value as u64, lang))
}

fn english_number(
    value: &FluentValue<'_>,
    _: &intl_memoizer::concurrent::IntlLangMemoizer,
) -> Option<String> {
    grouped(value, Lang::En)
}

fn french_number(
    value: &FluentValue<'_>,
    _: &intl_memoizer::concurrent::IntlLangMemoizer,
) -> Option<String> {
    grouped(value, Lang::Fr)
}

/// The message `key` in this run's language, with its arguments (`&[("count", 3.into())]`);
/// `t!` says it shorter.
///
/// A key missing from a message file shows as the key itself; the tests fail on it first.
pub(crate) fn tr(key: &str, args: &[(&str, FluentValue<'_>)]) -> String {
    tr_in(lang(), key, args)
}

/// [`tr`] in a given language.
pub(crate) fn tr_in(lang: Lang, key: &str, args: &[(&str, FluentValue<'_>)]) -> String {
    let bundle = bundle(lang);
    let Some(pattern) = bundle.get_message(key).and_then(|message| message.value()) else {
        return key.to_owned();
    };
    let mut fluent_args = FluentArgs::new();
    for (name, value) in args {
        fluent_args.set(*name, value.clone());
    }
    let mut errors = Vec::new();
    bundle
        .format_pattern(pattern, Some(&fluent_args), &mut errors)
        .into_owned()
}

/// The message `key` in this run's language: `t!("error-line", error = text)`.
/// Each value is anything a [`FluentValue`] is made from: a number (plurals are chosen on
/// it, and its thousands grouped), a `&str` or a `String`.
macro_rules! t {
    ($key:literal $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::i18n::tr(
            $key,
            &[$((stringify!($name), ::fluent_bundle::FluentValue::from($value))),*],
        )
    };
}

/// Words said once in both languages, for a value that is not kept (an error that cannot be
/// cloned into an event): shown in the language of the moment it is shown, so the French audit
/// and `--events json` (English) see their own.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Said {
    en: String,
    fr: String,
}

impl Said {
    pub(crate) fn of(words: impl Fn() -> String) -> Said {
        Said {
            en: in_lang(Lang::En, &words),
            fr: in_lang(Lang::Fr, &words),
        }
    }
}

impl From<&str> for Said {
    /// Words that are the same in both languages (a code, a reply).
    fn from(words: &str) -> Said {
        Said {
            en: words.to_owned(),
            fr: words.to_owned(),
        }
    }
}

impl Said {
    /// The words in `lang`, whatever the run's language.
    pub(crate) fn to_string_in(&self, lang: Lang) -> String {
        match lang {
            Lang::En => self.en.clone(),
            Lang::Fr => self.fr.clone(),
        }
    }
}

impl std::fmt::Display for Said {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match lang() {
            Lang::En => &self.en,
            Lang::Fr => &self.fr,
        })
    }
}

/// What the system said (a missing file, a refused connection): its own words in English; in
/// French, the common cases said in French and the others quoted as they are.
pub(crate) fn system(error: &std::io::Error) -> String {
    use std::io::ErrorKind;
    if lang() == Lang::En {
        return error.to_string();
    }
    let key = match error.kind() {
        ErrorKind::NotFound => "system-not-found",
        ErrorKind::PermissionDenied => "system-permission-denied",
        ErrorKind::AlreadyExists => "system-already-exists",
        ErrorKind::IsADirectory => "system-is-a-directory",
        ErrorKind::NotADirectory => "system-not-a-directory",
        ErrorKind::ConnectionRefused => "system-connection-refused",
        ErrorKind::ConnectionReset | ErrorKind::ConnectionAborted => "system-connection-reset",
        ErrorKind::TimedOut => "system-timed-out",
        ErrorKind::UnexpectedEof => "system-unexpected-eof",
        ErrorKind::StorageFull => "system-storage-full",
        ErrorKind::ReadOnlyFilesystem => "system-read-only",
        _ => return tr("system-other", &[("said", error.to_string().into())]),
    };
    tr(key, &[])
}

/// The no-break space French puts before `:` and inside « ».
const NBSP: char = '\u{a0}';
/// The narrow no-break space: thousands, and before `;` `?` `!`.
const NNBSP: char = '\u{202f}';

/// `n` with its thousands grouped: `1 234 567` in French (narrow no-break space, as CLDR and
/// the Imprimerie nationale write it, and it never breaks a number across lines), `1,234,567`
/// in English.
pub(crate) fn number(n: u64, lang: Lang) -> String {
    let separator = match lang {
        Lang::Fr => NNBSP,
        Lang::En => ',',
    };
    let digits = n.to_string();
    let mut grouped = String::with_capacity(digits.len() * 2);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(separator);
        }
        grouped.push(digit);
    }
    grouped
}

/// French punctuation for a sentence: a no-break space before `:` (full) and `;` `?` `!`
/// (narrow), replacing a plain space there. A `:` not followed by a space or the end (`https:`,
/// `18:00`) is left alone.
pub(crate) fn punctuate(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        let space = match c {
            ':' => NBSP,
            ';' | '?' | '!' => NNBSP,
            _ => {
                out.push(c);
                continue;
            }
        };
        let ends_word = chars.get(i + 1).is_none_or(|next| next.is_whitespace());
        let after_text = i > 0 && !matches!(chars[i - 1], NBSP | NNBSP);
        if ends_word && after_text {
            if out.ends_with(' ') {
                out.pop();
            }
            out.push(space);
        }
        out.push(c);
    }
    out
}

/// [`punctuate`] when this run speaks French; `text` as it is in English.
pub(crate) fn punctuate_in(text: &str) -> String {
    match lang() {
        Lang::Fr => punctuate(text),
        Lang::En => text.to_owned(),
    }
}

/// `text` between quotes: « text » in French (no-break spaces inside), “text” in English.
pub(crate) fn quote(text: &str, lang: Lang) -> String {
    match lang {
        Lang::Fr => format!("«{NBSP}{text}{NBSP}»"),
        Lang::En => format!("“{text}”"),
    }
}

/// The months in French, lower case as French writes them.
pub(crate) const MOIS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A date and time as people write it: `26 avril 2021 à 18 h 00`, `26 April 2021 at 18:00`.
pub(crate) fn date_time(at: NaiveDateTime, lang: Lang) -> String {
    let month = at.month0() as usize;
    let (day, year, hour, minute) = (at.day(), at.year(), at.hour(), at.minute());
    match lang {
        Lang::Fr => format!(
            "{day}{NBSP}{}{NBSP}{year} à {hour}{NBSP}h{NBSP}{minute:02}",
            MOIS[month]
        ),
        Lang::En => format!("{day} {} {year} at {hour:02}:{minute:02}", MONTHS[month]),
    }
}

/// A size in bytes, decimal units, one decimal past a kilobyte: `2,5 Mo` / `2.5 MB`, `512 o` /
/// `512 B`.
pub(crate) fn size(bytes: u64, lang: Lang) -> String {
    let (units, comma) = match lang {
        Lang::Fr => (["o", "ko", "Mo", "Go"], true),
        Lang::En => (["B", "kB", "MB", "GB"], false),
    };
    if bytes < 1000 {
        return format!("{bytes}{NBSP}{}", units[0]);
    }
    #[allow(clippy::cast_precision_loss)] // a size shown to one decimal
    let mut value = bytes as f64 / 1000.0;
    let mut unit = 1;
    while value >= 1000.0 && unit < units.len() - 1 {
        value /= 1000.0;
        unit += 1;
    }
    let shown = format!("{value:.1}");
    let shown = if comma {
        shown.replace('.', ",")
    } else {
        shown
    };
    format!("{shown}{NBSP}{}", units[unit])
}

#[cfg(test)]
mod tests {
    use super::*;
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
            let resource = FluentResource::try_new((*text).to_owned())
                .unwrap_or_else(|_| panic!("{path} parses"));
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
}
