//! One message through an open session: MAIL, RCPT and DATA (pipelined when the relay
//! offers it), the journal's pass, then the message dot-stuffed and terminated, each step
//! under its own timeout; and what a failure means for a retry. When the relay pipelines
//! and another message is ready, that message's envelope goes in the same write as this
//! message's end (RFC 2920 lets the message text lead a group of commands): a session then
//! costs one round trip per message instead of two.

use lettre::address::Envelope;
use lettre::transport::smtp::client::AsyncSmtpConnection;
use lettre::transport::smtp::commands::{Data, Mail, Quit, Rcpt, Rset};
use lettre::transport::smtp::response::Response;
use tokio::time::timeout;

use super::connection::Timeouts;
use super::dot_stuffing::on_the_wire;
use super::{Admission, Verdict};
use crate::compose::MessageBytes;

/// Where a failed submission stopped, which decides whether it may be retried.
#[derive(Debug)]
pub(crate) enum SubmitError {
    /// Nothing of the message was accepted: a retry cannot duplicate it.
    BeforeData(lettre::transport::smtp::Error),
    /// MAIL got `503 Bad sequence of commands`: the server no longer knows this session (it
    /// forgot the login); nothing was handed over, and the session is closed.
    SessionLost(lettre::transport::smtp::Error),
    /// The server answered the end of the message with a refusal.
    Refused(lettre::transport::smtp::Error),
    /// The message may have been handed over, but no reply came: it may have been delivered.
    Unanswered(String),
    /// A step before the message timed out.
    Timeout(&'static str),
    /// The journal did not let the message go (the run was interrupted, or the journal
    /// cannot be written): nothing of it was handed over.
    NotAdmitted,
}

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
    /// The relay announced PIPELINING (RFC 2920): MAIL, RCPT and DATA go in one write.
    pipelining: bool,
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

impl Session {
    pub(super) fn new(
        connection: AsyncSmtpConnection,
        timeouts: Timeouts,
        pipelining: bool,
    ) -> Self {
        Self {
            connection,
            timeouts,
            pipelining,
            discarded: false,
            submitted: 0,
            chained: false,
        }
    }

    /// Whether the envelope of another message may go in the same write as this one's
    /// text: the relay pipelines.
    pub(crate) fn can_chain(&self) -> bool {
        self.pipelining && self.is_usable()
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
    /// envelope goes in the same write as this message: one round trip per message.
    pub(crate) async fn submit(
        &mut self,
        envelope: &Envelope,
        bytes: &MessageBytes,
        pass: &mut Pass<'_>,
        chained: bool,
        next: Option<&Envelope>,
    ) -> Result<Response, SubmitError> {
        if chained {
            self.chained = false;
            let mail = timeout(self.timeouts.command, self.connection.read_response()).await;
            self.envelope_replies(envelope, mail).await?;
            self.admitted(pass).await?;
        } else if self.pipelining {
            self.pipelined_envelope(envelope).await?;
            self.admitted(pass).await?;
        } else {
            self.stepwise_envelope(envelope, pass).await?;
        }
        self.submitted += 1;
        let next = next.filter(|_| self.pipelining);
        let group = next.map(envelope_group).unwrap_or_default();
        let mut wire = on_the_wire(bytes, group.len(), std::time::SystemTime::now());
        wire.extend_from_slice(group.as_bytes());
        let sent = if let Ok(text) = std::str::from_utf8(&wire) {
            timeout(self.timeouts.data, self.connection.command(Wire(text))).await
        } else {
            // Not text (8-bit data missive never composes): lettre stuffs it itself, and
            // nothing goes with it.
            let whole = bytes.to_vec();
            let body = whole.strip_suffix(b"\r\n").unwrap_or(&whole);
            let sent = timeout(self.timeouts.data, self.connection.message(body)).await;
            return self.message_reply(sent);
        };
        let reply = self.message_reply(sent);
        // A reply, even a refusal, keeps the session in step: the next envelope's replies
        // follow.
        self.chained = next.is_some() && matches!(&reply, Ok(_) | Err(SubmitError::Refused(_)));
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

    /// What the reply to a message's end means.
    fn message_reply(
        &mut self,
        sent: Result<Result<Response, lettre::transport::smtp::Error>, tokio::time::error::Elapsed>,
    ) -> Result<Response, SubmitError> {
        match sent {
            Err(_) => {
                self.discard();
                Err(SubmitError::Unanswered(format!(
                    "no reply within {} s after the message was sent",
                    self.timeouts.data.as_secs()
                )))
            }
            Ok(Ok(response)) => Ok(response),
            Ok(Err(e)) if e.is_transient() || e.is_permanent() => Err(SubmitError::Refused(e)),
            Ok(Err(e)) => {
                self.discard();
                Err(SubmitError::Unanswered(e.to_string()))
            }
        }
    }

    /// One command, one reply, in turn (a relay without PIPELINING).
    async fn stepwise_envelope(
        &mut self,
        envelope: &Envelope,
        pass: &mut Pass<'_>,
    ) -> Result<(), SubmitError> {
        let command = self.timeouts.command;
        let mail = self
            .connection
            .command(Mail::new(envelope.from().cloned(), vec![]));
        let mail = timeout(command, mail).await;
        if let Ok(Err(refusal)) = &mail
            && is_bad_sequence(refusal)
        {
            return Err(self.session_lost(mail));
        }
        self.settle("sending MAIL FROM", mail).await?;
        for recipient in envelope.to() {
            let rcpt = timeout(
                command,
                self.connection
                    .command(Rcpt::new(recipient.clone(), vec![])),
            )
            .await;
            self.settle("sending RCPT TO", rcpt).await?;
        }
        if !pass.granted().await {
            self.reset().await;
            return Err(SubmitError::NotAdmitted);
        }
        let data = timeout(command, self.connection.command(Data)).await;
        self.settle("sending DATA", data).await?;
        Ok(())
    }

    /// MAIL, every RCPT and DATA in one write, then their replies in order (RFC 2920).
    async fn pipelined_envelope(&mut self, envelope: &Envelope) -> Result<(), SubmitError> {
        let group = envelope_group(envelope);
        let mail = timeout(self.timeouts.command, self.connection.command(Wire(&group))).await;
        self.envelope_replies(envelope, mail).await
    }

    /// The replies to a pipelined envelope, `mail` the first: every one is read, refusals
    /// included, so the session stays in step.
    async fn envelope_replies(
        &mut self,
        envelope: &Envelope,
        mail: Result<Result<Response, lettre::transport::smtp::Error>, tokio::time::error::Elapsed>,
    ) -> Result<(), SubmitError> {
        let command = self.timeouts.command;
        if let Ok(Err(refusal)) = &mail
            && is_bad_sequence(refusal)
        {
            return Err(self.session_lost(mail));
        }
        let mut refusal = None;
        let mut note = |step: &'static str, reply| match reply {
            Err(_) => Err(SubmitError::Timeout(step)),
            Ok(Err(e)) => {
                refusal.get_or_insert(e);
                Ok(())
            }
            Ok(Ok(_)) => Ok(()),
        };
        let mut steps = note("sending MAIL FROM", mail);
        for _ in envelope.to() {
            if steps.is_ok() {
                let rcpt = timeout(command, self.connection.read_response()).await;
                steps = note("sending RCPT TO", rcpt);
            }
        }
        let mut in_data = false;
        if steps.is_ok() {
            let data = timeout(command, self.connection.read_response()).await;
            in_data = matches!(&data, Ok(Ok(_)));
            steps = note("sending DATA", data);
        }
        if let Err(timed_out) = steps {
            self.discard();
            return Err(timed_out);
        }
        match refusal {
            None => Ok(()),
            Some(refusal) => {
                if in_data {
                    // A relay that took DATA after refusing a recipient would deliver to
                    // the others: leave without the final dot, so nothing is delivered.
                    self.discard();
                } else {
                    self.reset().await;
                }
                Err(SubmitError::BeforeData(refusal))
            }
        }
    }

    /// MAIL got `503 Bad sequence of commands`: some servers (mailin among them) forget the
    /// login at the RSET that follows a refusal, and answer the next MAIL so. This session
    /// can carry nothing more, and nothing of this message was handed over.
    fn session_lost(
        &mut self,
        mail: Result<Result<Response, lettre::transport::smtp::Error>, tokio::time::error::Elapsed>,
    ) -> SubmitError {
        self.discard();
        match mail {
            Ok(Err(refusal)) => SubmitError::SessionLost(refusal),
            _ => unreachable!("called for a refused MAIL only"),
        }
    }

    async fn settle(
        &mut self,
        step: &'static str,
        result: Result<
            Result<Response, lettre::transport::smtp::Error>,
            tokio::time::error::Elapsed,
        >,
    ) -> Result<Response, SubmitError> {
        match result {
            Err(_) => {
                self.discard();
                Err(SubmitError::Timeout(step))
            }
            Ok(Err(e)) => {
                self.reset().await;
                Err(SubmitError::BeforeData(e))
            }
            Ok(Ok(response)) => Ok(response),
        }
    }

    /// After a refused command, RSET so the session can carry the next message.
    async fn reset(&mut self) {
        if !self.is_usable() {
            return;
        }
        let reset = timeout(self.timeouts.command, self.connection.command(Rset)).await;
        if !matches!(reset, Ok(Ok(_))) {
            self.discard();
        }
    }

    /// Gives the session up without a word: it closes when dropped.
    fn discard(&mut self) {
        self.discarded = true;
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
}

/// MAIL, RCPT for each recipient and DATA, as one group of commands.
fn envelope_group(envelope: &Envelope) -> String {
    let mut group = Mail::new(envelope.from().cloned(), vec![]).to_string();
    for recipient in envelope.to() {
        group.push_str(&Rcpt::new(recipient.clone(), vec![]).to_string());
    }
    group.push_str(&Data.to_string());
    group
}

fn is_bad_sequence(refusal: &lettre::transport::smtp::Error) -> bool {
    refusal.status().map(u16::from) == Some(503)
}
