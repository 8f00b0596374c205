//! The Date header line, written without allocating, in one fixed-length form: what lettre
//! writes (RFC 5322, 3.3, in UTC: `Date: Mon, 26 Apr 2021 06:00:00 +0000` CRLF). A preview
//! shows the time it was made; `send` writes the time each message is handed to the relay,
//! which may be hours after the run started (a sending window, a slow rate): spam filters
//! score a Date hours before the arrival (`SpamAssassin`'s `DATE_IN_PAST_03_06`).

use std::time::{SystemTime, UNIX_EPOCH};

use crate::calendar::civil_date;

/// The length of every Date line [`date_line`] writes, CRLF included.
pub const DATE_LINE_LEN: usize = 39;

/// The last second with a four-digit year: 9999-12-31 23:59:59 UTC.
const LAST_SECOND: u64 = 253_402_300_799;

const DAYS: [&[u8; 3]; 7] = [b"Thu", b"Fri", b"Sat", b"Sun", b"Mon", b"Tue", b"Wed"];
const MONTHS: [&[u8; 3]; 12] = [
    b"Jan", b"Feb", b"Mar", b"Apr", b"May", b"Jun", b"Jul", b"Aug", b"Sep", b"Oct", b"Nov", b"Dec",
];

/// `Date: Www, DD Mmm YYYY HH:MM:SS +0000` CRLF for `time` (a time before 1970 is written as
/// 1970's first second, one after year 9999 as its last).
pub fn date_line(time: SystemTime) -> [u8; DATE_LINE_LEN] {
    let seconds = time
        .duration_since(UNIX_EPOCH)
        .map_or(0, |since| since.as_secs())
        .min(LAST_SECOND);
    let days = seconds / 86_400;
    let of_day = seconds % 86_400;
    // At most 2,932,896 days: no conversion below loses anything.
    let (year, month, day) = civil_date(i64::try_from(days).unwrap_or(0));
    let month_name = MONTHS[usize::try_from(month - 1).unwrap_or(0)];
    let day_name = DAYS[usize::try_from(days % 7).unwrap_or(0)];
    let mut line = *b"Date: Thu, 01 Jan 1970 00:00:00 +0000\r\n";
    line[6..9].copy_from_slice(day_name);
    digits(&mut line[11..13], day.unsigned_abs());
    line[14..17].copy_from_slice(month_name);
    digits(&mut line[18..22], year.unsigned_abs());
    digits(&mut line[23..25], of_day / 3600);
    digits(&mut line[26..28], of_day / 60 % 60);
    digits(&mut line[29..31], of_day % 60);
    line
}

/// `value` in decimal, right-aligned in `out`, zeros in front.
fn digits(out: &mut [u8], mut value: u64) {
    for byte in out.iter_mut().rev() {
        *byte = b'0' + (value % 10) as u8;
        value /= 10;
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use lettre::message::header::{self, Headers};

    use super::*;

    /// The Date line lettre writes for `time`.
    fn lettres(time: SystemTime) -> String {
        let mut headers = Headers::new();
        headers.set(header::Date::new(time));
        headers.to_string()
    }

    fn at(seconds: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(seconds)
    }

    #[test]
    fn the_line_is_lettres_for_every_kind_of_day() {
        // Every day from 1970 to 2110 at a time of day that moves, leap days and year ends
        // among them, and the last second of a four-digit year.
        let mut seconds = 0;
        while seconds < 4_400_000_000 {
            let line = date_line(at(seconds));
            assert_eq!(String::from_utf8_lossy(&line), lettres(at(seconds)));
            seconds += 86_400 + 3_607;
        }
        for edge in [0, 951_782_400, 4_107_542_399, LAST_SECOND] {
            assert_eq!(
                String::from_utf8_lossy(&date_line(at(edge))),
                lettres(at(edge))
            );
        }
        assert_eq!(
            &date_line(at(1_619_416_800)),
            b"Date: Mon, 26 Apr 2021 06:00:00 +0000\r\n"
        );
    }

    #[test]
    fn times_out_of_range_keep_the_fixed_length() {
        assert_eq!(
            &date_line(UNIX_EPOCH - Duration::from_secs(5))[..22],
            b"Date: Thu, 01 Jan 1970"
        );
        assert_eq!(
            &date_line(at(LAST_SECOND + 86_400 * 400)),
            b"Date: Fri, 31 Dec 9999 23:59:59 +0000\r\n"
        );
    }
}
