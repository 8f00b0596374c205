//! One message through an open session: MAIL, RCPT and DATA (pipelined when the relay
//! offers it), the journal's pass, then the message dot-stuffed and terminated, each step
//! under its own timeout; and what a failure means for a retry. When the relay pipelines
//! and another message is ready, that message's envelope goes in the same write as this
//! message's end (RFC 2920 lets the message text lead a group of commands): a session then
//! costs one round trip per message instead of two.

use lettre::Address;
use lettre::address::Envelope;
use lettre::transport::smtp::client::AsyncSmtpConnection;
use lettre::transport::smtp::commands::{Data, Mail, Quit, Rcpt};
use lettre::transport::smtp::extension::{MailParameter, RcptParameter};
use lettre::transport::smtp::response::Response;
use tokio::time::timeout;

use super::answer::{Accepted, Refusal, Step, SubmitError};
use super::connection::{Extensions, Timeouts};
use super::dot_stuffing::on_the_wire;
use super::watched::WriteFailed;
use super::{Admission, Reply, Verdict};
use crate::compose::MessageBytes;

mod settle;

/// What one command got: a reply (positive or a refusal), or nothing within its time.
type Answer = Result<Result<Response, lettre::transport::smtp::Error>, tokio::time::error::Elapsed>;

/// The journal's answer for one message, awaited once however many sessions try it: the
/// mark is written while the envelope crosses the network, and the message goes only once
/// the answer is yes.
pub(crate) struct Pass<'a> {
    pending: Option<Admission<'a>>,
    verdict: Option<Verdict>,
}

impl<'a> Pass<'a> {
    pub(crate) fn new(admission: Admission<'a>) -> Self {
        Self {
            pending: Some(admission),
            verdict: None,
        }
    }

    async fn granted(&mut self) -> bool {
        if let Some(admission) = self.pending.take() {
            self.verdict = Some(admission.await);
        }
        self.verdict == Some(Verdict::Send)
    }

    /// The journal's answer, known already.
    pub(crate) fn decided(verdict: Verdict) -> Self {
        Self {
            pending: None,
            verdict: Some(verdict),
        }
    }

    /// The journal's answer, once awaited.
    pub(crate) fn verdict(&self) -> Option<Verdict> {
        self.verdict
    }
}

/// An open, logged-in session.
pub(crate) struct Session {
    connection: AsyncSmtpConnection,
    timeouts: Timeouts,
    /// What the relay announced in its EHLO reply.
    extensions: Extensions,
    /// Set when a write on the connection failed (see [`super::watched`]).
    write_failed: WriteFailed,
    /// The session was dropped mid-transaction (in DATA, or waiting on a silent relay): it
    /// must not say QUIT, which the relay would read as message text or never answer.
    discarded: bool,
    /// Messages submitted in this session (to renew it after `per_connection`).
    pub submitted: usize,
    /// The next message's envelope went in the same write as the last message (RFC 2920
    /// allows the message text to lead a group): its replies are the next to read.
    chained: bool,
}

/// Text handed to lettre as it is: a pipelined group of commands, or a message already
/// dot-stuffed and terminated.
struct Wire<'a>(&'a str);

impl std::fmt::Display for Wire<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0)
    }
}

/// A message's envelope and size, as its MAIL, RCPT and DATA say them.
#[derive(Clone, Copy)]
pub(crate) struct Transaction<'a> {
    pub envelope: &'a Envelope,
    pub bytes: &'a MessageBytes,
    /// An address or a header beyond ASCII: MAIL says SMTPUTF8 when the relay offers it.
    pub smtputf8: bool,
    /// `receipts = ["delivery"]`: the ENVID (RFC 3461) its DSNs will carry, its Message-ID
    /// without the angle brackets; `None`: no DSN asked.
    pub envelope_id: Option<&'a str>,
}

impl<'a> Transaction<'a> {
    pub(crate) fn of(message: &'a crate::compose::Outgoing) -> Self {
        Self {
            envelope: &message.envelope,
            bytes: &message.bytes,
            smtputf8: message.needs_smtputf8(),
            envelope_id: message
                .wants_dsn
                .then(|| message.message_id.trim_matches(['<', '>'])),
        }
    }
}

impl Session {
    pub(super) fn new(
        connection: AsyncSmtpConnection,
        timeouts: Timeouts,
        extensions: Extensions,
        write_failed: WriteFailed,
    ) -> Self {
        Self {
            connection,
            timeouts,
            extensions,
            write_failed,
            discarded: false,
            submitted: 0,
            chained: false,
        }
    }

    /// What the relay announced.
    pub(crate) fn extensions(&self) -> &Extensions {
        &self.extensions
    }

    /// Whether the envelope of another message may go in the same write as this one's
    /// text: the relay pipelines.
    pub(crate) fn can_chain(&self) -> bool {
        self.extensions.pipelining && self.is_usable()
    }

    /// Whether an envelope went with the last message and the session is still in step:
    /// the message it belongs to must be submitted next, with `chained`.
    pub(crate) fn has_chained(&self) -> bool {
        self.chained && self.is_usable()
    }

    /// MAIL, RCPT for each recipient, DATA (in one write when the relay pipelines), then,
    /// once `pass` is granted, the message, dot-stuffed and terminated in one write. With
    /// `chained`, the envelope went with the previous message ([`Session::has_chained`]):
    /// only its replies are read. With `next` (a relay that pipelines), the next message's
    /// envelope goes in the same write as this message: one round trip per message. The
    /// message goes to the addresses RCPT accepts; those it refuses are in the answer.
    pub(crate) async fn submit(
        &mut self,
        this: Transaction<'_>,
        pass: &mut Pass<'_>,
        chained: bool,
        next: Option<Transaction<'_>>,
    ) -> Result<Accepted, SubmitError> {
        let mut refused = Vec::new();
        if chained {
            self.chained = false;
            let mail = timeout(self.timeouts.command, self.connection.read_response()).await;
            self.envelope_replies(this.envelope, mail, &mut refused)
                .await?;
            self.admitted(pass).await?;
        } else if self.extensions.pipelining {
            let group = self.envelope_group(this);
            let mail = timeout(self.timeouts.command, self.connection.command(Wire(&group))).await;
            self.envelope_replies(this.envelope, mail, &mut refused)
                .await?;
            self.admitted(pass).await?;
        } else {
            self.stepwise_envelope(this, pass, &mut refused).await?;
        }
        self.submitted += 1;
        let next = next.filter(|_| self.extensions.pipelining);
        let group = next
            .map(|next| self.envelope_group(next))
            .unwrap_or_default();
        let mut wire = on_the_wire(this.bytes, group.len(), std::time::SystemTime::now());
        wire.extend_from_slice(group.as_bytes());
        self.write_failed.clear();
        let sent = if let Ok(text) = std::str::from_utf8(&wire) {
            timeout(self.timeouts.data, self.connection.command(Wire(text))).await
        } else {
            // Not text (8-bit data missive never composes): lettre stuffs it itself, and
            // nothing goes with it.
            let whole = this.bytes.to_vec();
            let body = whole.strip_suffix(b"\r\n").unwrap_or(&whole);
            let sent = timeout(self.timeouts.data, self.connection.message(body)).await;
            return self.message_reply(sent, refused, false);
        };
        let reply = self.message_reply(sent, refused, next.is_some());
        // A reply, even a refusal, keeps the session in step: the next envelope's replies
        // follow.
        self.chained = next.is_some()
            && matches!(
                &reply,
                Ok(_)
                    | Err(SubmitError::Refused {
                        step: Step::Dot,
                        ..
                    })
            )
            && self.is_usable();
        reply
    }

    /// Past DATA, the journal's answer: the only way out without handing the message over
    /// is to leave.
    async fn admitted(&mut self, pass: &mut Pass<'_>) -> Result<(), SubmitError> {
        if pass.granted().await {
            return Ok(());
        }
        self.discard();
        Err(SubmitError::NotAdmitted)
    }

    /// What the reply to a message's end means. A write that failed means the end of the
    /// message never went (unless another envelope followed it in the same write: then it
    /// may have).
    fn message_reply(
        &mut self,
        sent: Answer,
        refused: Vec<Refusal>,
        followed: bool,
    ) -> Result<Accepted, SubmitError> {
        match sent {
            Err(_) => {
                self.discard();
                Err(SubmitError::Unanswered(format!(
                    "no reply within {} s after the message was sent",
                    self.timeouts.data.as_secs()
                )))
            }
            Ok(Ok(response)) => Ok(Accepted {
                reply: Reply::of(&response),
                refused,
            }),
            Ok(Err(error)) => {
                if let Some(reply) = Reply::of_refusal(&error) {
                    if reply.is_closing() {
                        self.discard();
                    }
                    return Err(SubmitError::Refused {
                        step: Step::Dot,
                        reply,
                        refused,
                    });
                }
                self.discard();
                if self.write_failed.is_set() && !followed {
                    Err(SubmitError::Broken {
                        step: Step::Dot,
                        reason: format!(
                            "the connection broke while the message was being sent ({error})"
                        ),
                    })
                } else {
                    Err(SubmitError::Unanswered(format!(
                        "the message was sent, but {}",
                        unanswered(&error)
                    )))
                }
            }
        }
    }

    /// One command, one reply, in turn (a relay without PIPELINING).
    async fn stepwise_envelope(
        &mut self,
        this: Transaction<'_>,
        pass: &mut Pass<'_>,
        refused: &mut Vec<Refusal>,
    ) -> Result<(), SubmitError> {
        let command = self.timeouts.command;
        let mail = self.mail_command(this);
        let mail = timeout(command, self.connection.command(mail)).await;
        self.settle_mail(mail).await?;
        for recipient in this.envelope.to() {
            let rcpt = timeout(
                command,
                self.connection.command(self.rcpt_command(this, recipient)),
            )
            .await;
            self.settle_rcpt(recipient, rcpt, refused)?;
        }
        if refused.len() == this.envelope.to().len() {
            self.reset().await;
            return Err(SubmitError::NoRecipient(std::mem::take(refused)));
        }
        if !pass.granted().await {
            self.reset().await;
            return Err(SubmitError::NotAdmitted);
        }
        let data = timeout(command, self.connection.command(Data)).await;
        self.settle_data(data, refused).await
    }

    /// The replies to a pipelined envelope, `mail` the first: every one is read, refusals
    /// included, so the session stays in step.
    async fn envelope_replies(
        &mut self,
        envelope: &Envelope,
        mail: Answer,
        refused: &mut Vec<Refusal>,
    ) -> Result<(), SubmitError> {
        let command = self.timeouts.command;
        let mail = self.settle_mail(mail).await;
        // After a refused MAIL, RCPT and DATA get refusals too ("503 need MAIL"): they
        // are read all the same, so the session stays in step.
        let mut in_step = !matches!(
            mail,
            Err(SubmitError::Broken { .. } | SubmitError::SessionLost(_))
        ) && self.is_usable();
        let mut first_fault = mail.err();
        for recipient in envelope.to() {
            if !in_step {
                break;
            }
            let rcpt = timeout(command, self.connection.read_response()).await;
            match self.settle_rcpt(recipient, rcpt, refused) {
                Ok(()) => {}
                Err(fault) => {
                    in_step = !matches!(fault, SubmitError::Broken { .. });
                    first_fault.get_or_insert(fault);
                }
            }
        }
        if !in_step {
            self.discard();
            return Err(first_fault.unwrap_or(SubmitError::Broken {
                step: Step::Rcpt,
                reason: "the session was lost".into(),
            }));
        }
        let data = timeout(command, self.connection.read_response()).await;
        let everyone_refused = refused.len() == envelope.to().len();
        if first_fault.is_none() && !everyone_refused {
            return self.settle_data(data, refused).await;
        }
        // The transaction failed, or has nobody to go to: DATA should have been refused.
        if let Ok(Err(_)) = data {
            self.reset().await;
        } else {
            // In DATA all the same (or no reply): leave without the final dot, so nothing
            // is delivered.
            self.discard();
        }
        Err(first_fault.unwrap_or_else(|| SubmitError::NoRecipient(std::mem::take(refused))))
    }

    /// Whether the session can carry another message.
    pub(crate) fn is_usable(&self) -> bool {
        !self.discarded && !self.connection.has_broken()
    }

    /// Says goodbye (best effort: the messages are already accepted).
    pub(crate) async fn quit(mut self) {
        if self.is_usable() {
            let _ = timeout(self.timeouts.command, self.connection.command(Quit)).await;
        }
    }

    /// MAIL FROM with the parameters the relay announced: `SIZE=` (RFC 1870) when it
    /// announced SIZE, `SMTPUTF8` (RFC 6531) when an address needs it.
    fn mail_command(&self, this: Transaction<'_>) -> Mail {
        let mut parameters = Vec::new();
        if self.extensions.size.is_some() {
            parameters.push(MailParameter::Size(this.bytes.len()));
        }
        if self.extensions.smtputf8 && this.smtputf8 {
            parameters.push(MailParameter::SmtpUtfEight);
        }
        if let Some(id) = this.envelope_id.filter(|_| self.extensions.dsn) {
            // Headers only: a bounce of a 10 MB circular need not carry it back.
            parameters.push(MailParameter::Other {
                keyword: "RET".into(),
                value: Some("HDRS".into()),
            });
            parameters.push(MailParameter::Other {
                keyword: "ENVID".into(),
                value: Some(super::dsn::xtext(id)),
            });
        }
        Mail::new(this.envelope.from().cloned(), parameters)
    }

    /// RCPT TO for `recipient`, asking for every notification when the message wants them
    /// and the relay offers DSN (RFC 3461).
    fn rcpt_command(&self, this: Transaction<'_>, recipient: &Address) -> Rcpt {
        let parameters = if this.envelope_id.is_some() && self.extensions.dsn {
            vec![RcptParameter::Other {
                keyword: "NOTIFY".into(),
                value: Some("SUCCESS,FAILURE,DELAY".into()),
            }]
        } else {
            vec![]
        };
        Rcpt::new(recipient.clone(), parameters)
    }

    /// Whether the relay offers DSN (RFC 3461): without it, no receipt of delivery comes.
    pub(crate) fn offers_dsn(&self) -> bool {
        self.extensions.dsn
    }

    /// MAIL, RCPT for each recipient and DATA, as one group of commands.
    fn envelope_group(&self, this: Transaction<'_>) -> String {
        let mut group = self.mail_command(this).to_string();
        for recipient in this.envelope.to() {
            group.push_str(&self.rcpt_command(this, recipient).to_string());
        }
        group.push_str(&Data.to_string());
        group
    }
}

/// Whether an address of the envelope has a non-ASCII local part: only a relay that
/// announces SMTPUTF8 can carry it (headers in UTF-8 go all the same).
pub(crate) fn envelope_needs_smtputf8(envelope: &Envelope) -> bool {
    envelope
        .from()
        .into_iter()
        .chain(envelope.to())
        .any(|address| !address.user().is_ascii())
}

/// Why a reply after the message reads as none.
fn unanswered(error: &lettre::transport::smtp::Error) -> String {
    let text = error.to_string();
    if text.contains("incomplete response") {
        "the relay closed the connection without answering".into()
    } else if error.is_response() {
        format!("the relay's answer does not read as SMTP ({text})")
    } else {
        format!("the connection broke before the relay answered ({text})")
    }
}
