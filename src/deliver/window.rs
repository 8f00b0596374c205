//! When sending is allowed: a daily window in local time (`18:00-07:30`, which may cross
//! midnight) and a moment before which nothing leaves (`--not-before`).

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

use chrono::{NaiveDateTime, NaiveTime, TimeDelta};

/// A daily window in local time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(try_from = "String")]
pub struct SendingWindow {
    pub start: NaiveTime,
    pub end: NaiveTime,
}

/// Why a window or a date is not understood.
#[derive(Debug, Clone, thiserror::Error)]
pub enum ScheduleError {
    #[error("{}", t!("delivery-bad-window", text = .0.as_str()))]
    Window(String),
    #[error("{}", t!("config-moment-invalid", text = .0.as_str()))]
    Moment(String),
}

impl FromStr for SendingWindow {
    type Err = ScheduleError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let error = || ScheduleError::Window(text.to_string());
        let (start, end) = text.split_once('-').ok_or_else(error)?;
        let time = |t: &str| crate::config::parse_time(t).ok_or_else(error);
        let window = Self {
            start: time(start)?,
            end: time(end)?,
        };
        if window.start == window.end {
            return Err(error());
        }
        Ok(window)
    }
}

impl TryFrom<String> for SendingWindow {
    type Error = ScheduleError;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        text.parse()
    }
}

impl SendingWindow {
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

/// A moment in local time, as `--not-before` takes it: `2021-04-25 18:00`,
/// `2021-04-25T18:00[:ss]`, or as French is written (`25/04/2021 à 18 h 00`): see
/// `config::parse_moment`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LocalMoment(pub NaiveDateTime);

impl FromStr for LocalMoment {
    type Err = ScheduleError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        crate::config::parse_moment(text)
            .map(Self)
            .ok_or_else(|| ScheduleError::Moment(text.to_string()))
    }
}

impl fmt::Display for LocalMoment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.format("%Y-%m-%d %H:%M:%S"))
    }
}

/// The sending window and the earliest moment, both optional.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Schedule {
    pub window: Option<SendingWindow>,
    pub not_before: Option<NaiveDateTime>,
}

impl Schedule {
    /// Whether sending is allowed now (local time); no window and no earliest moment: always.
    pub(crate) fn is_open_now(&self) -> bool {
        *self == Self::default() || self.wait_from(chrono::Local::now().naive_local()).is_none()
    }

    /// How long to wait from `now` (local time) before sending, and until when; `None` when
    /// sending is allowed now.
    pub(crate) fn wait_from(&self, now: NaiveDateTime) -> Option<(Duration, NaiveDateTime)> {
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
        text.parse::<LocalMoment>().expect("valid moment").0
    }

    fn window(text: &str) -> SendingWindow {
        text.parse().expect("valid window")
    }

    #[test]
    fn a_window_across_midnight_waits_for_the_evening() {
        let schedule = Schedule {
            window: Some(window("18:00-07:30")),
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
            window: Some(window("08:00-12:00")),
            not_before: None,
        };
        let (_, opens) = schedule.wait_from(at("2021-04-25 13:00")).expect("closed");
        assert_eq!(opens, at("2021-04-26 08:00"));
    }

    #[test]
    fn not_before_and_window_combine() {
        let schedule = Schedule {
            window: Some(window("18:00-07:30")),
            not_before: Some(at("2021-04-25 20:00")),
        };
        let (wait, opens) = schedule
            .wait_from(at("2021-04-25 19:00"))
            .expect("too early");
        assert_eq!(
            (wait, opens),
            (Duration::from_secs(3600), at("2021-04-25 20:00"))
        );
    }

    #[test]
    fn windows_and_moments_read_back_as_written_and_say_the_form_when_wrong() {
        assert_eq!(window("18:00-07:30").to_string(), "18:00-07:30");
        let moment: LocalMoment = "2021-04-25T18:00".parse().expect("valid");
        assert_eq!(moment.to_string().parse::<LocalMoment>().ok(), Some(moment));
        assert_eq!(window("18h-7h30").to_string(), "18:00-07:30");
        for bad in ["soir-matin", "08:00-08:00", "18:00", ""] {
            let error = bad.parse::<SendingWindow>().expect_err(bad).to_string();
            assert!(error.contains("like `18:00-07:30`"), "{error}");
        }
        let error = "demain".parse::<LocalMoment>().expect_err("not a date");
        assert!(
            error.to_string().contains("like `2021-04-25 18:00`"),
            "{error}"
        );
    }
}
