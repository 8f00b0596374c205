//! The user's mailbox over IMAP: find the Sent and Drafts folders, put a copy of a message
//! in one ([`Mailbox::append`]), tell whether a copy is there already (a resumed run), and
//! read a folder's new messages in batches, read-only ([`Mailbox::examine`],
//! [`Mailbox::fetch_after`]).
//!
//! One [`Mailbox`] is one session, opened with the relay's login rules: TLS (from the first
//! byte, or STARTTLS) with `--ca-file` roots, a password or an `OAuth2` token. Commands run one
//! at a time, each under a timeout; after a timeout or a broken connection the session is of
//! no further use: open another.
#![allow(dead_code, unused_imports)] // wired to the commands of issue 22

mod connection;
mod error;
mod folders;
mod url;
mod utf7;
mod wire;

use std::time::Duration;

use async_imap::imap_proto::{
    AttributeValue, MailboxDatum, Outcome, Response, ResponseCode, Status,
};
use chrono::{DateTime, FixedOffset};
use rustls_pki_types::CertificateDer;

use crate::deliver::login::Login;
use connection::Capabilities;
use error::Why;
pub(crate) use error::{FolderRole, ImapError};
pub(crate) use folders::Folder;
use folders::Listed;
pub(crate) use url::{ImapSecurity, ImapUrl, ImapUrlError};
use wire::{Continuation, Done, Wire, quoted};

/// How long each step may take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ImapTimeouts {
    /// Opening the connection, and each TLS handshake.
    pub connect: Duration,
    /// The greeting, and each command's answer (LIST, SEARCH, the login).
    pub command: Duration,
    /// A command that carries messages: an APPEND, or one batch of FETCH.
    pub transfer: Duration,
}

impl Default for ImapTimeouts {
    /// A mail server answers a command at once or not at all; a batch of messages may take
    /// a while over a slow line.
    fn default() -> Self {
        Self {
            connect: Duration::from_secs(15),
            command: Duration::from_secs(60),
            transfer: Duration::from_secs(180),
        }
    }
}

/// A flag a message is stored with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MessageFlag {
    /// Read: a copy in Sent is not news to its sender.
    Seen,
    /// A draft, for the Drafts folder.
    Draft,
}

impl MessageFlag {
    fn wire(self) -> &'static str {
        match self {
            Self::Seen => "\\Seen",
            Self::Draft => "\\Draft",
        }
    }
}

/// A folder opened read-only: what a reader remembers to find where it stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct FolderState {
    /// UIDs are valid as long as this does not change (RFC 3501 §2.3.1.1).
    pub uid_validity: u32,
    /// The UID the next message will get, when the server says (it should).
    pub uid_next: Option<u32>,
    /// How many messages the folder holds.
    pub exists: u32,
}

/// A message read from a folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Fetched {
    pub uid: u32,
    /// The whole message, as stored.
    pub bytes: Vec<u8>,
}

/// A logged-in session with the user's mailbox.
pub(crate) struct Mailbox {
    wire: Wire,
    offered: Capabilities,
    timeouts: ImapTimeouts,
    /// The folder EXAMINE opened, which FETCH and SEARCH look in.
    examined: Option<Folder>,
}

impl Mailbox {
    /// Connects to `url`, secures the session and logs in as `login` says: a password with
    /// AUTHENTICATE PLAIN (or LOGIN), an `OAuth2` token with AUTHENTICATE XOAUTH2. The secret
    /// goes over TLS only, but for a password to this machine.
    pub(crate) async fn open(
        url: &ImapUrl,
        login: &Login,
        extra_roots: &[CertificateDer<'static>],
        timeouts: ImapTimeouts,
    ) -> Result<Self, ImapError> {
        let (wire, offered) = connection::open(url, login, extra_roots, timeouts).await?;
        Ok(Self {
            wire,
            offered,
            timeouts,
            examined: None,
        })
    }

    /// The folder for `role`: `configured` when given (the `sent_folder` or `drafts_folder`
    /// setting; it must exist), else the one the server flags for that use, else one of the
    /// names clients give it ("Sent", "Éléments envoyés", "Brouillons", …).
    pub(crate) async fn find_folder(
        &mut self,
        role: FolderRole,
        configured: Option<&str>,
    ) -> Result<Folder, ImapError> {
        let listed = self.folders().await?;
        folders::choose(&listed, role, configured, self.wire.server())
    }

    /// Every folder, with the special-use flags asked for when the server knows them.
    async fn folders(&mut self) -> Result<Vec<Listed>, ImapError> {
        let command = if self.offered.has("SPECIAL-USE") {
            r#"LIST "" "*" RETURN (SPECIAL-USE)"#
        } else {
            r#"LIST "" "*""#
        };
        let mut listed = Vec::new();
        let done = self
            .command(command, "listing the folders (LIST)", |response| {
                if let Response::MailboxData(MailboxDatum::List(data)) = response {
                    listed.push(Listed::read(data));
                }
            })
            .await?;
        self.refused_unless_ok(done, "LIST")?;
        Ok(listed)
    }

    /// Stores `message` in `folder` with `flags` and, if given, the date it shows as
    /// received (else the server's now). Says its UID when the server tells (UIDPLUS).
    pub(crate) async fn append(
        &mut self,
        folder: &Folder,
        message: &[u8],
        flags: &[MessageFlag],
        internal_date: Option<DateTime<FixedOffset>>,
    ) -> Result<Option<u32>, ImapError> {
        let flags: Vec<&str> = flags.iter().map(|flag| flag.wire()).collect();
        // RFC 3501's date-time: the day padded with a space, English month names.
        let date = internal_date.map(|date| date.format(r#" "%e-%b-%Y %H:%M:%S %z""#).to_string());
        let command = format!(
            "APPEND {} ({}){} {{{}}}",
            self.folder_argument(folder, "APPEND")?,
            flags.join(" "),
            date.unwrap_or_default(),
            message.len()
        );
        let done = self
            .wire
            .run(
                &command,
                Continuation::Literal(message),
                "storing a message (APPEND)",
                self.timeouts.transfer,
                |_| {},
            )
            .await?;
        let uid = done.appended_uid;
        self.refused_unless_ok(done, "APPEND")?;
        Ok(uid)
    }

    /// Whether `folder` holds a message with this Message-ID (with or without its angle
    /// brackets): a run that resumes asks before storing a copy again. Leaves `folder`
    /// examined.
    pub(crate) async fn contains_message_id(
        &mut self,
        folder: &Folder,
        message_id: &str,
    ) -> Result<bool, ImapError> {
        self.examine(folder).await?;
        let bare = message_id
            .trim()
            .trim_start_matches('<')
            .trim_end_matches('>');
        // A header search matches a substring: the brackets keep `<a@x>` from `<ba@x>`.
        let Some(wanted) = quoted(&format!("<{bare}>")) else {
            return Ok(false);
        };
        let uids = self.search(&format!("HEADER Message-ID {wanted}")).await?;
        Ok(!uids.is_empty())
    }

    /// Opens `folder` read-only (EXAMINE: nothing read in it becomes `\Seen`), for
    /// [`Mailbox::fetch_after`].
    pub(crate) async fn examine(&mut self, folder: &Folder) -> Result<FolderState, ImapError> {
        self.examined = None;
        let command = format!("EXAMINE {}", self.folder_argument(folder, "EXAMINE")?);
        let (mut uid_validity, mut uid_next, mut exists) = (None, None, None);
        let done = self
            .command(
                &command,
                "opening a folder (EXAMINE)",
                |response| match response {
                    Response::MailboxData(MailboxDatum::Exists(count)) => exists = Some(*count),
                    Response::Data {
                        status: Status::Ok,
                        outcome: Outcome { code, .. },
                    } => match code {
                        Some(ResponseCode::UidValidity(value)) => uid_validity = Some(*value),
                        Some(ResponseCode::UidNext(value)) => uid_next = Some(*value),
                        _ => {}
                    },
                    _ => {}
                },
            )
            .await?;
        self.refused_unless_ok(done, "EXAMINE")?;
        let missing = |what: &str| ImapError::Protocol {
            server: self.wire.server().to_owned(),
            step: "opening a folder (EXAMINE)",
            reason: format!("it did not give the folder's {what}"),
        };
        let state = FolderState {
            uid_validity: uid_validity.ok_or_else(|| missing("UIDVALIDITY"))?,
            uid_next,
            exists: exists.ok_or_else(|| missing("message count (EXISTS)"))?,
        };
        self.examined = Some(folder.clone());
        Ok(state)
    }

    /// Up to `batch` messages of the examined folder whose UID is above `after`, in UID
    /// order, without marking them `\Seen` (BODY.PEEK). Call again with the last UID
    /// until none come: a folder of any size is read a batch at a time.
    pub(crate) async fn fetch_after(
        &mut self,
        after: u32,
        batch: usize,
    ) -> Result<Vec<Fetched>, ImapError> {
        if self.examined.is_none() {
            return Err(ImapError::Protocol {
                server: self.wire.server().to_owned(),
                step: "reading messages (FETCH)",
                reason: "no folder was opened first (EXAMINE)".to_owned(),
            });
        }
        let Some(from) = after.checked_add(1) else {
            return Ok(Vec::new());
        };
        // `N:*` is "N to the highest UID", which is below N when nothing is above it: the
        // last message comes back for nothing new. Keep only what is really after.
        let mut uids: Vec<u32> = self.search(&format!("UID {from}:*")).await?;
        uids.retain(|&uid| uid > after);
        uids.sort_unstable();
        uids.truncate(batch);
        let (Some(&first), Some(&last)) = (uids.first(), uids.last()) else {
            return Ok(Vec::new());
        };
        let mut fetched = Vec::with_capacity(uids.len());
        let done = self
            .wire
            .run(
                &format!("UID FETCH {first}:{last} (UID BODY.PEEK[])"),
                Continuation::Nothing,
                "reading messages (FETCH)",
                self.timeouts.transfer,
                |response| {
                    if let Response::Fetch(_, attributes) = response
                        && let Some(message) = message_of(attributes)
                    {
                        fetched.push(message);
                    }
                },
            )
            .await?;
        self.refused_unless_ok(done, "FETCH")?;
        fetched.retain(|message| (first..=last).contains(&message.uid));
        fetched.sort_unstable_by_key(|message| message.uid);
        fetched.dedup_by_key(|message| message.uid);
        Ok(fetched)
    }

    /// Ends the session politely.
    pub(crate) async fn logout(mut self) -> Result<(), ImapError> {
        let done = self.command("LOGOUT", "logging out", |_| {}).await?;
        self.refused_unless_ok(done, "LOGOUT")
    }

    /// UID SEARCH in the examined folder.
    async fn search(&mut self, criteria: &str) -> Result<Vec<u32>, ImapError> {
        let mut uids = Vec::new();
        let done = self
            .command(
                &format!("UID SEARCH {criteria}"),
                "searching a folder (SEARCH)",
                |response| {
                    if let Response::MailboxData(MailboxDatum::Search(found)) = response {
                        uids.extend_from_slice(found);
                    }
                },
            )
            .await?;
        self.refused_unless_ok(done, "SEARCH")?;
        Ok(uids)
    }

    async fn command(
        &mut self,
        command: &str,
        step: &'static str,
        untagged: impl FnMut(&Response<'_>),
    ) -> Result<Done, ImapError> {
        let limit = self.timeouts.command;
        self.wire
            .run(command, Continuation::Nothing, step, limit, untagged)
            .await
    }

    fn refused_unless_ok(&self, done: Done, command: &'static str) -> Result<(), ImapError> {
        if done.ok {
            Ok(())
        } else {
            Err(ImapError::Refused {
                server: self.wire.server().to_owned(),
                command,
                reply: Why::Said(done.text),
            })
        }
    }

    fn folder_argument(&self, folder: &Folder, command: &'static str) -> Result<String, ImapError> {
        quoted(folder.wire()).ok_or_else(|| ImapError::Refused {
            server: self.wire.server().to_owned(),
            command,
            reply: Why::LineBreak(folder.to_string()),
        })
    }
}

/// The UID and the whole message of a FETCH response; `None` for one that carries neither
/// (a flag change the server reports on its own).
fn message_of(attributes: &[AttributeValue<'_>]) -> Option<Fetched> {
    let mut uid = None;
    let mut bytes = None;
    for attribute in attributes {
        match attribute {
            AttributeValue::Uid(value) => uid = Some(*value),
            AttributeValue::BodySection {
                section: None,
                data: Some(data),
                ..
            }
            | AttributeValue::Rfc822(Some(data)) => bytes = Some(data.to_vec()),
            _ => {}
        }
    }
    Some(Fetched {
        uid: uid?,
        bytes: bytes?,
    })
}

/// Fails unless `error` says each of `phrases`.
#[cfg(test)]
fn assert_says(error: &impl std::fmt::Display, phrases: &[&str]) {
    let message = error.to_string();
    for phrase in phrases {
        assert!(message.contains(phrase), "{message}\nshould say: {phrase}");
    }
}

#[cfg(test)]
mod tests;
