//! The French audit: with `MISSIVE_AUDIT_FRENCH` set, a run in English says every error and
//! warning it prints again in French, to itself, and stops with exit code 70 on the first
//! English word left in it. The CLI tests set it on every run, so every error path the suite
//! provokes is proven in both languages.
//!
//! What the French text quotes is not looked at: `code`, « data », “data”, and any word with
//! a digit, a dot, a slash, an `@`, a `_`, a `-` or an `=` (paths, addresses, flags, URLs).

use super::Lang;

/// The variable that turns the audit on.
const VARIABLE: &str = "MISSIVE_AUDIT_FRENCH";

/// The exit code of a run whose French still has English in it.
const EXIT_CODE: i32 = 70;

/// Words that are English and not French. Short on purpose: one of them in a French sentence
/// is a slip, never a coincidence.
const ENGLISH: &[&str] = &[
    "the",
    "is",
    "are",
    "was",
    "were",
    "not",
    "to",
    "of",
    "and",
    "with",
    "from",
    "this",
    "that",
    "these",
    "those",
    "cannot",
    "can",
    "could",
    "should",
    "must",
    "will",
    "would",
    "for",
    "in",
    "at",
    "by",
    "it",
    "its",
    "be",
    "been",
    "has",
    "have",
    "after",
    "before",
    "add",
    "remove",
    "again",
    "try",
    "only",
    "which",
    "when",
    "where",
    "there",
    "here",
    "than",
    "more",
    "then",
    "file",
    "files",
    "row",
    "rows",
    "line",
    "lines",
    "column",
    "columns",
    "fix",
    "give",
    "use",
    "found",
    "missing",
    "invalid",
    "unknown",
    "nothing",
    "sent",
    "send",
    "recipient",
    "recipients",
    "template",
    "warning",
    "warnings",
    "error",
    "errors",
    "folder",
    "without",
    "read",
    "write",
    "written",
    "empty",
    "already",
    "yet",
    "still",
    "each",
    "every",
    "none",
    "any",
    "all",
    "but",
    "because",
    "into",
    "your",
    "you",
    "no",
    "yes",
    "or",
    "one",
    "two",
    "what",
    "how",
    "why",
    "so",
    "do",
    "does",
    "did",
];

/// The English words left in `french`, outside what it quotes.
pub(crate) fn english_left(french: &str) -> Vec<String> {
    let mut plain = String::with_capacity(french.len());
    let mut closing: Option<char> = None;
    for c in french.chars() {
        match closing {
            Some(end) if c == end => closing = None,
            Some(_) => {}
            None => match c {
                '`' => closing = Some('`'),
                '«' => closing = Some('»'),
                '“' => closing = Some('”'),
                _ => plain.push(c),
            },
        }
    }
    plain
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '(' | ')' | '!' | '?'))
        .filter(|word| {
            !word.chars().any(|c| {
                c.is_ascii_digit() || matches!(c, '.' | '/' | '\\' | '@' | '_' | '-' | '=' | '<')
            })
        })
        .flat_map(|word| word.split(['\'', '’', ':']))
        .filter(|word| ENGLISH.contains(&word.to_lowercase().as_str()))
        .map(str::to_owned)
        .collect()
}

/// With the audit on and this run in English: `words` said again in French, and the run
/// stopped if English is left in it.
pub(crate) fn check(words: impl FnOnce() -> String) {
    if std::env::var_os(VARIABLE).is_none() || super::lang() == Lang::Fr {
        return;
    }
    let french = super::in_lang(Lang::Fr, words);
    let left = english_left(&french);
    if !left.is_empty() {
        eprintln!(
            "French audit: English left ({}) in: {french}",
            left.join(", ")
        );
        std::process::exit(EXIT_CODE);
    }
}

#[cfg(test)]
mod tests {
    use super::english_left;

    #[test]
    fn french_with_its_quotes_passes() {
        let french = "ligne 4 de « recipients.csv » : l'adresse « the@x.fr » n'est pas valide ; \
                      corrigez-la, ou donnez `--skip-invalid` (relais : “550 no such user”)";
        assert_eq!(english_left(french), Vec::<String>::new());
    }

    #[test]
    fn an_english_word_is_found() {
        assert_eq!(
            english_left("ligne 4 : the address is invalid"),
            ["the", "is", "invalid"]
        );
        assert_eq!(english_left("3 row(s) deferred"), ["row"]);
    }
}
