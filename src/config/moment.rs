//! Dates and times as people write them, in French or in English, for `--not-before` and
//! the sending window (`--window`, `[throttle] window`): the same forms in any language.
//!
//! - a date: `2021-04-25`, `25/04/2021` (also `25.04.2021`, `25-04-2021`), `25 avril 2021`,
//!   `1er avril 2021`, `25 April 2021`;
//! - then a time, perhaps after `à` or `at`: `18:00`, `18:00:30`, `18h00`, `18h`, `18 h 00`.
//!
//! What missive prints reads back: `26 avril 2021 à 18 h 00` (its no-break spaces
//! included), `26 April 2021 at 18:00`, `2021-04-26 18:00:00`.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

/// The month names read, French (with and without accents) and English, lower case.
const MONTHS: [(&str, u32); 30] = [
    ("janvier", 1),
    ("février", 2),
    ("fevrier", 2),
    ("mars", 3),
    ("avril", 4),
    ("mai", 5),
    ("juin", 6),
    ("juillet", 7),
    ("août", 8),
    ("aout", 8),
    ("septembre", 9),
    ("octobre", 10),
    ("novembre", 11),
    ("décembre", 12),
    ("decembre", 12),
    ("january", 1),
    ("february", 2),
    ("march", 3),
    ("april", 4),
    ("may", 5),
    ("june", 6),
    ("july", 7),
    ("august", 8),
    ("september", 9),
    ("october", 10),
    ("november", 11),
    ("december", 12),
    ("sept", 9),
    ("déc", 12),
    ("dec", 12),
];

/// A date and time in local time, in any of the forms above; `None` otherwise.
pub(crate) fn parse_moment(text: &str) -> Option<NaiveDateTime> {
    // ISO 8601's `T` may come in lower case: `plain` lowers everything.
    let text = plain(text);
    let upper = text.to_uppercase();
    let iso = [
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M:%S",
    ];
    if let Some(moment) = iso
        .iter()
        .find_map(|format| NaiveDateTime::parse_from_str(&upper, format).ok())
    {
        return Some(moment);
    }
    let words: Vec<&str> = text
        .split([' ', ','])
        .filter(|word| !word.is_empty() && !matches!(*word, "à" | "a" | "at" | "le" | "on"))
        .collect();
    let (date, rest) = match words.first().copied() {
        Some(first) if first.contains(['/', '.', '-']) => (numeric_date(first)?, &words[1..]),
        Some(_) if words.len() >= 3 => (named_date(&words[..3])?, &words[3..]),
        _ => return None,
    };
    Some(date.and_time(parse_time(&rest.concat())?))
}

/// A time of day: `18:00`, `18:00:30`, `18h00`, `18h`, `18 h 00`, `7h30`; `None` otherwise.
pub(crate) fn parse_time(text: &str) -> Option<NaiveTime> {
    let text: String = plain(text).chars().filter(|c| *c != ' ').collect();
    let (hour, rest) = text.split_once(['h', ':'])?;
    let (minute, second) = match rest.split_once(':') {
        Some((minute, second)) => (minute, Some(second)),
        None => (rest, None),
    };
    let number =
        |part: &str| (1..=2).contains(&part.len()) && part.chars().all(|c| c.is_ascii_digit());
    // `18h` is 18:00; `18:` is not a time, nor is `18h5`.
    let minute = match minute {
        "" if text.contains('h') && second.is_none() => "0",
        m if m.len() == 2 && number(m) => m,
        _ => return None,
    };
    let second = match second {
        None => "0",
        Some(s) if s.len() == 2 && number(s) => s,
        Some(_) => return None,
    };
    if !number(hour) {
        return None;
    }
    NaiveTime::from_hms_opt(
        hour.parse().ok()?,
        minute.parse().ok()?,
        second.parse().ok()?,
    )
}

/// `text` trimmed, in lower case, its no-break spaces made plain.
fn plain(text: &str) -> String {
    text.trim()
        .replace(['\u{a0}', '\u{202f}'], " ")
        .to_lowercase()
}

/// `25/04/2021`, `25.04.2021`, `25-04-2021`: day, month, year of four digits.
fn numeric_date(text: &str) -> Option<NaiveDate> {
    let parts: Vec<&str> = text.split(['/', '.', '-']).collect();
    let [day, month, year] = parts.as_slice() else {
        return None;
    };
    // `2021-04-25 18h00`: the ISO date, a French time.
    let (day, year) = if day.len() == 4 {
        (year, day)
    } else {
        (day, year)
    };
    if year.len() != 4 || day.len() > 2 || month.len() > 2 {
        return None;
    }
    NaiveDate::from_ymd_opt(year.parse().ok()?, month.parse().ok()?, day.parse().ok()?)
}

/// `25 avril 2021`, `1er avril 2021`, `25 April 2021`.
fn named_date(words: &[&str]) -> Option<NaiveDate> {
    let [day, month, year] = words else {
        return None;
    };
    let day = day.strip_suffix("er").unwrap_or(day);
    let month = month.trim_end_matches('.');
    let (_, month) = MONTHS.iter().find(|(name, _)| *name == month)?;
    if year.len() != 4 {
        return None;
    }
    NaiveDate::from_ymd_opt(year.parse().ok()?, *month, day.parse().ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Lang, date_time};

    fn at(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S").expect("a moment")
    }

    #[test]
    fn a_french_user_writes_dates_as_french_is_written() {
        let six_pm = at("2021-04-25 18:00:00");
        for written in [
            "2021-04-25 18:00",
            "2021-04-25T18:00",
            "25/04/2021 18:00",
            "25/04/2021 18h00",
            "25/04/2021 18h",
            "25/04/2021 18H00",
            "25/04/2021 à 18 h 00",
            "25/04/2021 à 18h",
            "25.04.2021 18:00",
            "25-04-2021 18:00",
            "25 avril 2021 18:00",
            "25 avril 2021 à 18 h 00",
            "25 Avril 2021, 18h00",
            "  25 avril 2021 18h  ",
            "25 April 2021 at 18:00",
            "2021-04-25 18h00",
        ] {
            assert_eq!(parse_moment(written), Some(six_pm), "{written}");
        }
        assert_eq!(
            parse_moment("1er août 2021 à 7 h 05"),
            Some(at("2021-08-01 07:05:00"))
        );
        assert_eq!(
            parse_moment("1er aout 2021 7h05"),
            Some(at("2021-08-01 07:05:00"))
        );
        assert_eq!(
            parse_moment("5/4/2021 8:30:15"),
            Some(at("2021-04-05 08:30:15"))
        );
    }

    #[test]
    fn what_missive_prints_reads_back() {
        let moment = at("2021-04-26 18:00:00");
        for lang in [Lang::Fr, Lang::En] {
            let printed = date_time(moment, lang);
            assert_eq!(parse_moment(&printed), Some(moment), "{printed}");
        }
    }

    #[test]
    fn what_is_not_a_date_and_time_is_refused() {
        for bad in [
            "demain",
            "",
            "25/04/2021",
            "25/04/21 18:00",
            "31/04/2021 18:00",
            "25 avril 18:00",
            "25 avrill 2021 18:00",
            "25/04/2021 25h00",
            "25/04/2021 18h5",
            "25/04/2021 18:",
            "04/25/2021 18:00",
            "25/04/2021 18h00 demain",
        ] {
            assert_eq!(parse_moment(bad), None, "{bad}");
        }
    }

    #[test]
    fn times_of_day_in_both_ways() {
        let time = |h, m| NaiveTime::from_hms_opt(h, m, 0);
        assert_eq!(parse_time("18:00"), time(18, 0));
        assert_eq!(parse_time("18h00"), time(18, 0));
        assert_eq!(parse_time("18h"), time(18, 0));
        assert_eq!(parse_time(" 7 h 30 "), time(7, 30));
        assert_eq!(parse_time("07:30"), time(7, 30));
        for bad in ["18", "h30", "18:0", "18h300", "24:00", "soir", ""] {
            assert_eq!(parse_time(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_bad_date_says_the_forms_in_the_runs_language() {
        use crate::deliver::window::LocalMoment;
        use crate::i18n::in_lang;
        let error = "demain 18h".parse::<LocalMoment>().expect_err("not a date");
        assert_eq!(
            error.to_string(),
            "`demain 18h` is not a date and time; write a local time like `2021-04-25 18:00`, \
             `25/04/2021 18:00`, `25/04/2021 18h00` or `25 April 2021 18:00`"
        );
        assert_eq!(
            in_lang(Lang::Fr, || error.to_string()),
            "«\u{a0}demain 18h\u{a0}» n'est pas une date et une heure\u{202f}; écrivez une heure \
             locale comme `25/04/2021 18:00`, `25/04/2021 à 18 h 00`, `25 avril 2021 18h00` ou \
             `2021-04-25 18:00`"
        );
        let moment: LocalMoment = "25/04/2021 à 18 h 00".parse().expect("French");
        assert_eq!(moment.to_string(), "2021-04-25 18:00:00");
    }
}
