//! `--events json`: one JSON object per line on standard output for each event, ending with
//! a `summary` object, for scripts and the web app. Words for a person go to standard error.
//!
//! Every object has `event` and `time` (RFC 3339). A row (`check`, `preview`) has `row`
//! (`FILE:LINE`), `line`, `address` (bare) and `state` (`ready`, `invalid`, `skipped`,
//! `duplicate`), with `problems` when it has any; a message's outcome (`send`) has `row`,
//! `address`, `state` (`sent`, `failed`, `deferred`, `uncertain`), `code` and `reply`
//! when the relay gave one, `attempts` and `relay`. A `notice` has `kind`, `warning` and
//! `message`, and the data of its kind: `needs_smtputf8` (an address only a relay with
//! SMTPUTF8 carries) has `row`, `line`, `header`, `template_line`, `column` and `address`;
//! `ascii_domains` has `count`, `written` and `sent`; `content` (what makes messages land in
//! spam or read badly, said once for all the messages that have it) has `check` (the
//! warning's name, e.g. `image_only`), `template` and `template_line` when it comes from the
//! template, `row` and `line` of the first message with it, and `count`, the messages with it.

use std::io::Write;

use serde_json::{Value, json};

use super::{Event, Notice, Observer, RowState, Summary};
use crate::deliver::{Delivered, Outcome, Reply};
use crate::lint::Place;
use crate::pipeline::Problem;

/// See the module documentation.
pub(crate) struct JsonLines<W: Write> {
    out: W,
    /// The reader went away: nothing more is written, and the run stops.
    closed: bool,
}

impl JsonLines<std::io::Stdout> {
    pub(crate) fn stdout() -> Self {
        Self::new(std::io::stdout())
    }
}

impl<W: Write> JsonLines<W> {
    pub(crate) fn new(out: W) -> Self {
        Self { out, closed: false }
    }

    fn write(&mut self, object: &Object) {
        if self.closed {
            return;
        }
        // The whole line in one write: a reader never sees half an object.
        let Ok(mut line) = serde_json::to_vec(object) else {
            return;
        };
        line.push(b'\n');
        let written = self.out.write_all(&line).and_then(|()| self.out.flush());
        if written.is_err() {
            self.closed = true;
        }
    }
}

impl<W: Write> Observer for JsonLines<W> {
    fn event(&mut self, event: &Event<'_>) {
        // A script reads the same words whatever the language of the person who ran it.
        let object = crate::i18n::in_lang(crate::i18n::Lang::En, || object(event));
        if let Some(object) = object {
            self.write(&object);
        }
    }

    fn say(&mut self, line: &str) {
        eprintln!("{line}");
    }

    fn is_closed(&self) -> bool {
        self.closed
    }
}

/// A JSON object whose keys keep the order they were put in: `event` first.
struct Object(Vec<(&'static str, Value)>);

impl serde::Serialize for Object {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(key, value)| (key, value)))
    }
}

/// The JSON object of `event`; `None` for what only a person's display needs.
fn object(event: &Event<'_>) -> Option<Object> {
    let mut object = Object(Vec::new());
    let mut put = |key: &'static str, value: Value| object.0.push((key, value));
    match event {
        Event::ListOpened {
            file,
            format,
            columns,
            ..
        } => {
            put("event", json!("list"));
            put("file", json!(file.display().to_string()));
            put("format", json!(format));
            put("columns", json!(columns));
        }
        Event::Row(row) => {
            put("event", json!("row"));
            if let Some(at) = row.at {
                put("row", json!(at.to_string()));
                put("line", json!(at.line));
            }
            put("address", json!(row.address));
            put("state", json!(row.state.word()));
            match row.state {
                RowState::Ready { bytes } => put("bytes", json!(bytes)),
                RowState::Invalid(problem)
                | RowState::Skipped(problem)
                | RowState::Duplicate(problem) => {
                    put("problems", json!([problem.to_string()]));
                }
                RowState::Suppressed(problem) => {
                    put("problems", json!([problem.to_string()]));
                    if let Problem::Suppressed { left_out, .. } = problem {
                        let addresses: Vec<&str> = left_out
                            .iter()
                            .map(|(address, _)| address.as_str())
                            .collect();
                        put("suppressed", json!(addresses));
                    }
                }
            }
        }
        Event::Sending { messages, estimate } => {
            put("event", json!("sending"));
            put("messages", json!(messages));
            put("estimate_seconds", json!(estimate.map(|e| e.as_secs())));
        }
        Event::Delivered(delivered) => delivered_object(delivered, &mut put),
        Event::Elsewhere { .. } | Event::SendingEnded | Event::ListRead { .. } => return None,
        Event::Filed {
            kind,
            folder,
            key,
            message_id,
            found,
        } => {
            put("event", json!("filed"));
            put("kind", json!(kind.as_str()));
            put("folder", json!(folder));
            put("addresses", json!(key.split(',').collect::<Vec<_>>()));
            put("message_id", json!(message_id));
            put("found", json!(found));
        }
        Event::Returned(fact) => {
            put("event", json!("returned"));
            put("kind", json!(fact.kind.as_str()));
            put("address", json!(fact.address));
            put("addresses", json!(fact.key.split(',').collect::<Vec<_>>()));
            put(
                "at",
                json!(
                    chrono::DateTime::from_timestamp(fact.at, 0)
                        .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
                ),
            );
            put("status", json!(fact.status));
            put("diagnostic", json!(fact.diagnostic));
        }
        Event::Notice(notice) => {
            put("event", json!("notice"));
            put("kind", json!(notice.word()));
            put("warning", json!(notice.is_warning()));
            put("message", json!(notice.to_string()));
            notice_data(notice, &mut put);
        }
        Event::Summary(summary) => summary_object(summary, &mut put),
        Event::Failed { error, exit_code } => {
            // The run ends here: its summary says so, with the error's words.
            put("event", json!("summary"));
            put("error", json!(error.to_string()));
            put("exit_code", json!(exit_code));
        }
    }
    put(
        "time",
        json!(chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)),
    );
    Some(object)
}

/// The data a notice of some kinds carries beside its words.
fn notice_data(notice: &Notice, put: &mut impl FnMut(&'static str, Value)) {
    match notice {
        Notice::NeedsSmtpUtf8 {
            at,
            header,
            line,
            column,
            address,
        } => {
            put("row", json!(at.to_string()));
            put("line", json!(at.line));
            put("header", json!(header));
            put("template_line", json!(line));
            put("column", json!(column));
            put("address", json!(address));
        }
        Notice::AsciiDomains {
            count,
            written,
            sent,
        } => {
            put("count", json!(count));
            put("written", json!(written));
            put("sent", json!(sent));
        }
        Notice::Content {
            finding,
            place,
            first,
            count,
        } => {
            put("check", json!(finding.word()));
            if let Place::Template { path, line } = place {
                put("template", json!(path.display().to_string()));
                put("template_line", json!(line));
            }
            put("row", json!(first.to_string()));
            put("line", json!(first.line));
            put("count", json!(count));
        }
        Notice::MoreContent { kind, count } => {
            put("check", json!(kind));
            put("count", json!(count));
        }
        Notice::SuppressedAddress { at, address, .. } => {
            put("row", json!(at.to_string()));
            put("line", json!(at.line));
            put("address", json!(address));
        }
        _ => {}
    }
}

fn delivered_object(delivered: &Delivered, put: &mut impl FnMut(&'static str, Value)) {
    let message = &delivered.message;
    put("event", json!("message"));
    put("row", json!(message.at.to_string()));
    put("line", json!(message.at.line));
    let addresses: Vec<String> = message
        .envelope
        .to()
        .iter()
        .map(ToString::to_string)
        .collect();
    put("address", json!(addresses.first()));
    if addresses.len() > 1 {
        put("addresses", json!(addresses));
    }
    put("message_id", json!(message.message_id));
    let (state, Reply { code, text }) = match &delivered.outcome {
        Outcome::Sent(reply) => ("sent", reply),
        Outcome::Failed(reply) => ("failed", reply),
        Outcome::Deferred(reply) => ("deferred", reply),
        Outcome::Uncertain(reply) => ("uncertain", reply),
    };
    put("state", json!(state));
    put("code", json!(code));
    put("reply", json!(text));
    put("attempts", json!(delivered.attempts));
    put("relay", json!(delivered.relay.as_deref()));
}

fn summary_object(summary: &Summary, put: &mut impl FnMut(&'static str, Value)) {
    put("event", json!("summary"));
    put("command", json!(summary.command));
    put("total", json!(summary.total));
    for (key, count) in [
        ("ready", summary.ready),
        ("invalid", summary.invalid),
        ("duplicates", summary.duplicates),
        ("sent", summary.sent),
        ("failed", summary.failed),
        ("deferred", summary.deferred),
        ("uncertain", summary.uncertain),
    ] {
        if let Some(count) = count {
            put(key, json!(count));
        }
    }
    put("skipped", json!(summary.skipped));
    if summary.suppressed > 0 {
        put("suppressed", json!(summary.suppressed));
    }
    put("bytes", json!(summary.bytes));
    for (key, count) in &summary.counts {
        put(key, json!(count));
    }
    put("exit_code", json!(summary.exit_code));
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A writer whose reader went away after `room` bytes.
    struct ClosedAfter {
        room: usize,
        written: Vec<u8>,
    }

    impl Write for ClosedAfter {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            if self.written.len() + bytes.len() > self.room {
                return Err(std::io::ErrorKind::BrokenPipe.into());
            }
            self.written.extend_from_slice(bytes);
            Ok(bytes.len())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn every_line_is_one_object_and_the_summary_carries_the_counts() {
        let mut lines = JsonLines::new(Vec::new());
        let summary = Summary {
            command: "send",
            total: 3,
            sent: Some(2),
            failed: Some(1),
            deferred: Some(0),
            uncertain: Some(0),
            skipped: 1,
            exit_code: 3,
            ..Summary::default()
        };
        lines.event(&Event::Summary(&summary));
        lines.event(&Event::Summary(&summary));
        let text = String::from_utf8(lines.out).expect("UTF-8");
        let objects: Vec<Value> = text
            .lines()
            .map(|line| serde_json::from_str(line).expect("one object per line"))
            .collect();
        assert_eq!(objects.len(), 2);
        let last = &objects[1];
        assert_eq!(last["event"], "summary");
        assert_eq!(
            (
                &last["total"],
                &last["sent"],
                &last["failed"],
                &last["skipped"]
            ),
            (&json!(3), &json!(2), &json!(1), &json!(1))
        );
        assert!(last.get("ready").is_none(), "{last}");
        let time = last["time"].as_str().expect("a time");
        assert!(chrono::DateTime::parse_from_rfc3339(time).is_ok(), "{time}");
    }

    #[test]
    fn a_reader_that_goes_away_closes_the_stream_without_a_panic() {
        let mut lines = JsonLines::new(ClosedAfter {
            room: 10,
            written: Vec::new(),
        });
        assert!(!lines.is_closed());
        lines.event(&Event::Summary(&Summary::default()));
        assert!(lines.is_closed());
        lines.event(&Event::Summary(&Summary::default()));
        assert!(lines.out.written.is_empty());
    }
}
