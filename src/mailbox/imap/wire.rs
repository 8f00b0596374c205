//! The conversation with an IMAP server, command by command. async-imap frames and parses
//! what the server sends (imap-proto underneath); missive writes each command with its own
//! tag and reads the responses up to the tagged one itself, so that it sees every response
//! code and the server's own words when it refuses. async-imap's commands would not do:
//! its `append` drops APPENDUID, its `list` takes no RETURN options, its client before the
//! login cannot ask CAPABILITY, and its errors are debug dumps of the response.

use std::fmt;
use std::time::Duration;

use async_imap::imap_proto::rfc4315::UidSetMember;
use async_imap::imap_proto::{Response, ResponseCode, Status};
use base64::Engine as _;
use tokio::io::{AsyncRead, AsyncWrite, AsyncWriteExt};

use super::error::{ImapError, Why, short};

/// A connection to the server, with or without TLS.
pub(super) trait Transport: AsyncRead + AsyncWrite + Unpin + Send + fmt::Debug {}

impl<T: AsyncRead + AsyncWrite + Unpin + Send + fmt::Debug> Transport for T {}

pub(super) type Stream = Box<dyn Transport>;

/// How a command ended.
#[derive(Debug)]
pub(super) struct Done {
    /// `OK`, as opposed to `NO` or `BAD`.
    pub ok: bool,
    /// The server's words after the status (and any response code).
    pub text: String,
    /// The UID of an appended message (`APPENDUID`, RFC 4315), when the server gave one.
    pub appended_uid: Option<u32>,
}

/// What to send when the server asks for more (a `+` continuation).
#[derive(Clone, Copy)]
pub(super) enum Continuation<'a> {
    /// Nothing is expected.
    Nothing,
    /// The bytes of the `{n}` literal that ends the command.
    Literal(&'a [u8]),
    /// A SASL initial response, sent in base64; any later challenge (an XOAUTH2 error) gets
    /// an empty answer, which tells the server to finish.
    Sasl(&'a [u8]),
}

/// An open connection and its command tags.
pub(super) struct Wire {
    client: async_imap::Client<Stream>,
    tags: u32,
    server: String,
}

impl Wire {
    /// `server` names it in errors (its address, never a password).
    pub(super) fn new(stream: Stream, server: String) -> Self {
        Self {
            client: async_imap::Client::new(stream),
            tags: 0,
            server,
        }
    }

    pub(super) fn server(&self) -> &str {
        &self.server
    }

    /// The connection underneath, for TLS after STARTTLS. Whatever the server sent after
    /// its reply and before the TLS handshake is dropped, as RFC 3501 §6.2.1 asks.
    pub(super) fn into_stream(self) -> Stream {
        self.client.into_inner()
    }

    fn broke(&self, step: &'static str, reason: &str) -> ImapError {
        ImapError::Protocol {
            server: self.server.clone(),
            step,
            reason: short(reason),
        }
    }

    /// Reads the server's greeting: `* OK` (or `* PREAUTH`); a `* BYE` is a refusal.
    pub(super) async fn greeting(&mut self, limit: Duration) -> Result<(), ImapError> {
        let step = "waiting for the greeting";
        let response = tokio::time::timeout(limit, self.client.read_response())
            .await
            .map_err(|_| ImapError::timeout(&self.server, step, limit))?
            .map_err(|e| self.broke(step, &e.to_string()))?
            .ok_or_else(|| self.broke(step, "it closed the connection"))?;
        match response.parsed() {
            Response::Data {
                status: Status::Ok | Status::PreAuth,
                ..
            } => Ok(()),
            Response::Data { outcome, .. } => Err(ImapError::Connect {
                server: self.server.clone(),
                reason: Why::Greeted(short(outcome.information.as_deref().unwrap_or("BYE"))),
            }),
            other => Err(self.broke(step, &format!("it sent {other:?}"))),
        }
    }

    /// Sends `command` (its tag added), answers continuations as `continuation` says, and
    /// reads to the tagged end; every untagged response goes to `untagged`. The whole
    /// exchange has `limit`; after a timeout the session is of no further use.
    pub(super) async fn run(
        &mut self,
        command: &str,
        continuation: Continuation<'_>,
        step: &'static str,
        limit: Duration,
        untagged: impl FnMut(&Response<'_>),
    ) -> Result<Done, ImapError> {
        tokio::time::timeout(limit, self.exchange(command, continuation, step, untagged))
            .await
            .map_err(|_| ImapError::timeout(&self.server, step, limit))?
    }

    async fn exchange(
        &mut self,
        command: &str,
        continuation: Continuation<'_>,
        step: &'static str,
        mut untagged: impl FnMut(&Response<'_>),
    ) -> Result<Done, ImapError> {
        self.tags += 1;
        let tag = format!("m{}", self.tags);
        self.send(format!("{tag} {command}\r\n").as_bytes(), step)
            .await?;
        let mut continued = 0;
        let mut farewell = None;
        loop {
            let response = self
                .client
                .read_response()
                .await
                .map_err(|e| self.broke(step, &e.to_string()))?;
            let Some(response) = response else {
                let reason = farewell.map_or_else(
                    || "it closed the connection".to_owned(),
                    |words| format!("it closed the connection, saying {words}"),
                );
                return Err(self.broke(step, &reason));
            };
            match response.parsed() {
                Response::Done {
                    tag: done_tag,
                    status,
                    outcome,
                } if done_tag.0 == tag => {
                    let appended_uid = match &outcome.code {
                        Some(ResponseCode::AppendUid(_, uids)) => match uids.as_slice() {
                            [UidSetMember::Uid(uid)] => Some(*uid),
                            _ => None,
                        },
                        _ => None,
                    };
                    return Ok(Done {
                        ok: *status == Status::Ok,
                        text: short(outcome.information.as_deref().unwrap_or_default()),
                        appended_uid,
                    });
                }
                Response::Continue(_) => {
                    continued += 1;
                    let answer = match (continuation, continued) {
                        (Continuation::Literal(bytes), 1) => [bytes, b"\r\n"].concat(),
                        (Continuation::Sasl(initial), 1) => {
                            let encoded = base64::engine::general_purpose::STANDARD.encode(initial);
                            format!("{encoded}\r\n").into_bytes()
                        }
                        (Continuation::Sasl(_), _) => b"\r\n".to_vec(),
                        _ => return Err(self.broke(step, "it asked for more than the command")),
                    };
                    self.send(&answer, step).await?;
                }
                Response::Data {
                    status: Status::Bye,
                    outcome,
                } => farewell = Some(outcome.information.as_deref().unwrap_or("BYE").to_owned()),
                other => untagged(other),
            }
        }
    }

    async fn send(&mut self, bytes: &[u8], step: &'static str) -> Result<(), ImapError> {
        let stream = self.client.get_mut();
        let written = async {
            stream.write_all(bytes).await?;
            stream.flush().await
        };
        written.await.map_err(|e| self.broke(step, &e.to_string()))
    }
}

/// `text` as an IMAP quoted string; `None` when it holds a line break or NUL, which no quoted
/// string can carry.
pub(super) fn quoted(text: &str) -> Option<String> {
    if text.contains(['\r', '\n', '\0']) {
        return None;
    }
    Some(format!(
        "\"{}\"",
        text.replace('\\', "\\\\").replace('"', "\\\"")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quoted_string_escapes_quotes_and_backslashes_and_refuses_line_breaks() {
        assert_eq!(quoted("Sent").as_deref(), Some(r#""Sent""#));
        assert_eq!(quoted(r#"a"b\c"#).as_deref(), Some(r#""a\"b\\c""#));
        assert_eq!(quoted("Rentrée").as_deref(), Some("\"Rentrée\""));
        for broken in ["a\r\nb", "a\nb", "a\0b"] {
            assert_eq!(quoted(broken), None, "{broken:?}");
        }
    }
}
