//! The language missive speaks, chosen once at start ([`choose`]), and its words: the message
//! files under `locales/`, embedded by build.rs and said by `t!` in the run's language (or
//! another, [`in_lang`]); French typography in [`typography`]; the French audit in [`audit`].

pub(crate) mod audit;
mod typography;

#[cfg(test)]
use typography::punctuate;
pub(crate) use typography::{MOIS, date_time, number, punctuate_in, quote, size};

use std::sync::OnceLock;

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

/// Where the words of this run are read: a terminal, unless this process serves the web app's
/// pages ([`for_pages`]). Every message is given it as `$reader` (`terminal` or `page`), so
/// that a message file says "run `missive send` again" to one and "press Envoyer" to the other.
static PAGES: OnceLock<()> = OnceLock::new();

/// From now on, what this process says is read in the web app's pages (`missive serve`).
pub(crate) fn for_pages() {
    let _ = PAGES.set(());
}

/// The `$reader` every message is given.
fn reader() -> &'static str {
    if PAGES.get().is_some() {
        "page"
    } else {
        "terminal"
    }
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
    fluent_args.set("reader", reader());
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

#[cfg(test)]
mod tests;
