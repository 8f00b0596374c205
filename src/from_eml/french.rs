//! The words French mail clients use when forwarding: `TR : ` before the subject, and the
//! block (De, Date, Objet, À) that introduces the forwarded message, with the date written
//! out (`lundi 19 avril 2021 à 17:42`).

use chrono::{Datelike, NaiveDate, Weekday};
use mail_parser::DateTime;

use super::received::Received;

/// The forwarding mark of French mail clients (Outlook, Thunderbird, webmails).
pub(super) const FORWARD_MARK: &str = "TR : ";

/// Marks a subject may already start with: forwarding marks of French and English clients.
const MARKS: [&str; 4] = ["tr", "fwd", "fw", "transf"];

/// The line that opens the forwarded block, as Thunderbird writes it in French.
pub(super) const FORWARDED_LINE: &str = "-------- Message transféré --------";

/// `TR : <subject>`, without stacking marks: `TR : TR : x` and `Fwd: x` both give `TR : x`.
pub(super) fn forward_subject(original: &str) -> String {
    let mut rest = original.trim();
    while let Some(after) = strip_mark(rest) {
        rest = after.trim_start();
    }
    if rest.is_empty() {
        format!("{FORWARD_MARK}(sans objet)")
    } else {
        format!("{FORWARD_MARK}{rest}")
    }
}

/// The subject after one leading mark (`TR:`, `Tr :`, `Fwd:`, `FW :`), if it has one.
fn strip_mark(subject: &str) -> Option<&str> {
    MARKS.iter().find_map(|mark| {
        let head = subject.get(..mark.len())?;
        if !head.eq_ignore_ascii_case(mark) {
            return None;
        }
        subject[mark.len()..].trim_start().strip_prefix(':')
    })
}

/// `lundi 19 avril 2021 à 17:42`, in the sender's own time zone (as the header gives it).
pub(super) fn date(date: &DateTime) -> Option<String> {
    let day = NaiveDate::from_ymd_opt(
        i32::from(date.year),
        u32::from(date.month),
        u32::from(date.day),
    )?;
    let weekday = match day.weekday() {
        Weekday::Mon => "lundi",
        Weekday::Tue => "mardi",
        Weekday::Wed => "mercredi",
        Weekday::Thu => "jeudi",
        Weekday::Fri => "vendredi",
        Weekday::Sat => "samedi",
        Weekday::Sun => "dimanche",
    };
    let month = crate::i18n::MOIS.get(usize::from(date.month).checked_sub(1)?)?;
    Some(format!(
        "{weekday} {} {month} {} à {:02}:{:02}",
        date.day, date.year, date.hour, date.minute
    ))
}

/// The lines of the forwarded block: label and value, in the order French clients use.
pub(super) fn forwarded_block(received: &Received) -> Vec<(&'static str, String)> {
    let mut lines = Vec::new();
    if let Some(from) = &received.from {
        lines.push(("De", from.clone()));
    }
    if let Some(date) = received.date.as_ref().and_then(date) {
        lines.push(("Date", date));
    }
    lines.push(("Objet", received.subject.clone()));
    if let Some(to) = &received.to {
        lines.push(("À", to.clone()));
    }
    if let Some(cc) = &received.cc {
        lines.push(("Cc", cc.clone()));
    }
    lines
}

/// The head's note as first written: a sentence that reads well if left as it is (the
/// sender is named in the block below, so no `de`/`d’` to get wrong here).
pub(super) fn note(attached: usize) -> String {
    let with = match attached {
        0 => "",
        1 => ", avec sa pièce jointe",
        _ => ", avec ses pièces jointes",
    };
    format!("Je vous transmets ci-dessous, pour information, le message que j’ai reçu{with}.")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mark_is_added_once() {
        assert_eq!(
            forward_subject("Rentrée numérique du 26 avril"),
            "TR : Rentrée numérique du 26 avril"
        );
        assert_eq!(forward_subject("TR : TR: Tr :x"), "TR : x");
        assert_eq!(forward_subject("Fwd: FW : Note"), "TR : Note");
        assert_eq!(forward_subject("Travaux : école"), "TR : Travaux : école");
        assert_eq!(forward_subject("  "), "TR : (sans objet)");
        assert_eq!(forward_subject("RE : réunion"), "TR : RE : réunion");
    }

    #[test]
    fn dates_are_written_out_in_french() {
        let monday = DateTime {
            year: 2021,
            month: 4,
            day: 19,
            hour: 17,
            minute: 42,
            second: 10,
            tz_before_gmt: false,
            tz_hour: 2,
            tz_minute: 0,
        };
        assert_eq!(
            date(&monday).as_deref(),
            Some("lundi 19 avril 2021 à 17:42")
        );
        let impossible = DateTime {
            month: 13,
            ..monday
        };
        assert_eq!(date(&impossible), None);
    }
}
