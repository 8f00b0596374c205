//! Sizes and durations as people read them, one way per language: `2.1 MB` / `2,1 Mo`,
//! `1 min 30 s`, `2 h 05 min` / `2 h 05`.

use std::fmt;

use crate::i18n::{Lang, lang};

/// A size in the run's language: `2.1 MB`, `2,1 Mo` ([`crate::i18n::size`]). English keeps
/// the plain space it always had (scripts and the journal read it); French, the no-break one.
pub(crate) struct Size(pub u64);

impl fmt::Display for Size {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let lang = lang();
        let size = crate::i18n::size(self.0, lang);
        match lang {
            Lang::Fr => f.write_str(&size),
            Lang::En => f.write_str(&size.replace('\u{a0}', " ")),
        }
    }
}

/// A duration in the run's language: `40 s`, `3 min`, `1 min 30 s`, `2 h 05 min` (French:
/// `2 h 05`, and no-break spaces, since the value is put in a sentence as it is).
pub(crate) struct Span(pub std::time::Duration);

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&span(self.0.as_secs(), lang()))
    }
}

/// `seconds` as [`Span`] says them in `lang`.
fn span(seconds: u64, lang: Lang) -> String {
    let (minutes, hours) = (seconds / 60 % 60, seconds / 3600);
    let words = match seconds {
        0..60 => format!("{seconds} s"),
        60..3600 if seconds.is_multiple_of(60) => format!("{minutes} min"),
        60..3600 => format!("{minutes} min {:02} s", seconds % 60),
        _ if lang == Lang::Fr => format!("{hours} h {minutes:02}"),
        _ => format!("{hours} h {minutes:02} min"),
    };
    match lang {
        Lang::Fr => words.replace(' ', "\u{a0}"),
        Lang::En => words,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::in_lang;

    #[test]
    fn durations_in_both_languages() {
        assert_eq!(span(4, Lang::En), "4 s");
        assert_eq!(span(180, Lang::En), "3 min");
        assert_eq!(span(90, Lang::En), "1 min 30 s");
        assert_eq!(span(3900, Lang::En), "1 h 05 min");
        assert_eq!(span(4, Lang::Fr), "4\u{a0}s");
        assert_eq!(span(180, Lang::Fr), "3\u{a0}min");
        assert_eq!(span(90, Lang::Fr), "1\u{a0}min\u{a0}30\u{a0}s");
        assert_eq!(span(3900, Lang::Fr), "1\u{a0}h\u{a0}05");
    }

    #[test]
    fn sizes_follow_the_run_s_language() {
        let size = || Size(2_500_000).to_string();
        assert_eq!(in_lang(Lang::En, size), "2.5 MB");
        assert_eq!(in_lang(Lang::En, || Size(512).to_string()), "512 B");
        assert_eq!(in_lang(Lang::Fr, size), "2,5\u{a0}Mo");
        assert_eq!(
            in_lang(Lang::Fr, || Span(std::time::Duration::from_secs(61))
                .to_string()),
            "1\u{a0}min\u{a0}01\u{a0}s"
        );
    }
}
