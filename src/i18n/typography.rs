//! French as French is written, English as English is: numbers, punctuation, quotes, dates
//! and sizes, pure functions of their input and a language.

use chrono::{Datelike, NaiveDateTime, Timelike};

use super::{Lang, lang};

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
