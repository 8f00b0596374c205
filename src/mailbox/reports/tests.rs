//! The shapes reports are written in, in `variants`.

use super::*;

mod variants;

fn time(rfc3339: &str) -> Time {
    DateTime::parse_from_rfc3339(rfc3339).expect("a test date")
}
