//! When sending is allowed: a daily window in local time (`18:00-07:30`, which may cross
//! midnight) and a moment before which nothing leaves (`--not-before`).

use std::fmt;
use std::time::Duration;

use chrono::{NaiveDateTime, NaiveTime, TimeDelta};

/// A daily window in local time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SendingWindow {
    pub start: NaiveTime,
    pub end: NaiveTime,
}

/// Why a window or a date is not understood.
#[derive(Debug, Clone, thiserror::Error)]
pub enum ScheduleError {
    #[error("`{0}` is not a sending window; write it like `18:00-07:30` (local time)")]
    Window(String),
    #[error("`{0}` is not a date and time; write it like `2021-04-25 18:00` (local time)")]
    Moment(String),
}

impl SendingWindow {
    pub fn parse(text: &str) -> Result<Self, ScheduleError> {
        let error = || ScheduleError::Window(text.to_string());
        let (start, end) = text.split_once('-').ok_or_else(error)?;
        let time = |t: &str| NaiveTime::parse_from_str(t.trim(), "%H:%M").map_err(|_| error());
        let window = Self {
            start: time(start)?,
            end: time(end)?,
        };
        if window.start == window.end {
            return Err(error());
        }
        Ok(window)
    }

    fn contains(&self, time: NaiveTime) -> bool {
        if self.start < self.end {
            self.start <= time && time < self.end
        } else {
            time >= self.start || time < self.end
        }
    }
}

impl fmt::Display for SendingWindow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}-{}",
            self.start.format("%H:%M"),
            self.end.format("%H:%M")
        )
    }
}

/// Parses `2021-04-25 18:00` or `2021-04-25T18:00[:ss]`, local time.
pub fn parse_moment(text: &str) -> Result<NaiveDateTime, ScheduleError> {
    let trimmed = text.trim();
    [
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M:%S",
    ]
    .iter()
    .find_map(|format| NaiveDateTime::parse_from_str(trimmed, format).ok())
    .ok_or_else(|| ScheduleError::Moment(text.to_string()))
}

/// The sending window and the earliest moment, both optional.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Schedule {
    pub window: Option<SendingWindow>,
    pub not_before: Option<NaiveDateTime>,
}

impl Schedule {
    /// Whether sending is allowed now (local time); no window and no earliest moment: always.
    pub fn is_open_now(&self) -> bool {
        *self == Self::default() || self.wait_from(chrono::Local::now().naive_local()).is_none()
    }

    /// How long to wait from `now` (local time) before sending, and until when; `None` when
    /// sending is allowed now.
    pub fn wait_from(&self, now: NaiveDateTime) -> Option<(Duration, NaiveDateTime)> {
        let mut opens = now;
        if let Some(not_before) = self.not_before {
            opens = opens.max(not_before);
        }
        if let Some(window) = self.window
            && !window.contains(opens.time())
        {
            let mut candidate = opens.date().and_time(window.start);
            if candidate < opens {
                candidate += TimeDelta::days(1);
            }
            opens = candidate;
        }
        (opens > now).then(|| ((opens - now).to_std().unwrap_or_default(), opens))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> NaiveDateTime {
        parse_moment(text).expect("valid moment")
    }

    #[test]
    fn a_window_across_midnight_waits_for_the_evening() {
        let schedule = Schedule {
            window: Some(SendingWindow::parse("18:00-07:30").expect("valid")),
            not_before: None,
        };
        assert_eq!(schedule.wait_from(at("2021-04-25 19:00")), None);
        assert_eq!(schedule.wait_from(at("2021-04-26 07:00")), None);
        let (wait, opens) = schedule.wait_from(at("2021-04-26 07:30")).expect("closed");
        assert_eq!(opens, at("2021-04-26 18:00"));
        assert_eq!(wait, Duration::from_secs(10 * 3600 + 30 * 60));
    }

    #[test]
    fn a_day_window_waits_for_the_next_morning() {
        let schedule = Schedule {
            window: Some(SendingWindow::parse("08:00-12:00").expect("valid")),
            not_before: None,
        };
        let (_, opens) = schedule.wait_from(at("2021-04-25 13:00")).expect("closed");
        assert_eq!(opens, at("2021-04-26 08:00"));
    }

    #[test]
    fn not_before_and_window_combine() {
        let schedule = Schedule {
            window: Some(SendingWindow::parse("18:00-07:30").expect("valid")),
            not_before: Some(at("2021-04-25 20:00")),
        };
        let (wait, opens) = schedule
            .wait_from(at("2021-04-25 19:00"))
            .expect("too early");
        assert_eq!(
            (wait, opens),
            (Duration::from_secs(3600), at("2021-04-25 20:00"))
        );
        assert!(SendingWindow::parse("18h-7h").is_err());
        assert!(SendingWindow::parse("08:00-08:00").is_err());
        assert!(parse_moment("demain").is_err());
    }
}
