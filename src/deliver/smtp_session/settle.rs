//! How the relay's answers to MAIL, RCPT and DATA settle a message: accepted, refused for
//! some recipients, refused, or the session given up; and the RSET after a refusal.

use lettre::transport::smtp::commands::Rset;
use tokio::time::timeout;

use super::super::Reply;
use super::super::answer::{Refusal, Step, SubmitError};
use super::Answer;
use super::Session;

impl Session {
    /// The reply to MAIL FROM. `503 Bad sequence of commands`: some servers (mailin among
    /// them) forget the login at the RSET that follows a refusal, and answer the next MAIL
    /// so; this session can carry nothing more, and nothing of this message was handed over.
    pub(super) async fn settle_mail(&mut self, mail: Answer) -> Result<(), SubmitError> {
        match self.refusal(Step::Mail, mail)? {
            None => Ok(()),
            Some(reply) if reply.code == Some(503) => {
                self.discard();
                Err(SubmitError::SessionLost(reply))
            }
            Some(reply) => {
                if !self.extensions.pipelining {
                    self.reset().await;
                }
                Err(SubmitError::Refused {
                    step: Step::Mail,
                    reply,
                    refused: Vec::new(),
                })
            }
        }
    }

    /// The reply to one RCPT TO: a refusal (other than 421) is that address's alone.
    pub(super) fn settle_rcpt(
        &mut self,
        recipient: &lettre::Address,
        rcpt: Answer,
        refused: &mut Vec<Refusal>,
    ) -> Result<(), SubmitError> {
        match self.refusal(Step::Rcpt, rcpt)? {
            None => Ok(()),
            Some(reply) if reply.is_closing() => {
                self.discard();
                Err(SubmitError::Refused {
                    step: Step::Rcpt,
                    reply,
                    refused: std::mem::take(refused),
                })
            }
            Some(reply) => {
                refused.push((recipient.clone(), reply));
                Ok(())
            }
        }
    }

    /// The reply to DATA: `354` to go on; a refusal ends the transaction (the addresses
    /// RCPT refused go with it).
    pub(super) async fn settle_data(
        &mut self,
        data: Answer,
        refused: &mut Vec<Refusal>,
    ) -> Result<(), SubmitError> {
        let Some(reply) = self.refusal(Step::Data, data)? else {
            return Ok(());
        };
        if reply.is_closing() {
            self.discard();
        } else {
            self.reset().await;
        }
        Err(SubmitError::Refused {
            step: Step::Data,
            reply,
            refused: std::mem::take(refused),
        })
    }

    /// A command's reply: `None` when positive, the refusal, or the fault when no reply
    /// came or it did not read as SMTP (the session is then given up).
    pub(super) fn refusal(
        &mut self,
        step: Step,
        answer: Answer,
    ) -> Result<Option<Reply>, SubmitError> {
        match answer {
            Ok(Ok(_)) => Ok(None),
            Ok(Err(error)) => {
                if let Some(reply) = Reply::of_refusal(&error) {
                    if reply.is_closing() {
                        self.discard();
                    }
                    return Ok(Some(reply));
                }
                self.discard();
                Err(SubmitError::Broken {
                    step,
                    reason: format!(
                        "the relay broke the session while {}: {error}",
                        step.doing()
                    ),
                })
            }
            Err(_) => {
                self.discard();
                Err(SubmitError::Broken {
                    step,
                    reason: format!(
                        "no reply within {} s while {}",
                        self.timeouts.command.as_secs(),
                        step.doing()
                    ),
                })
            }
        }
    }

    /// After a refused command, RSET so the session can carry the next message.
    pub(super) async fn reset(&mut self) {
        if !self.is_usable() {
            return;
        }
        let reset = timeout(self.timeouts.command, self.connection.command(Rset)).await;
        if !matches!(reset, Ok(Ok(_))) {
            self.discard();
        }
    }

    /// Gives the session up without a word: it closes when dropped.
    pub(super) fn discard(&mut self) {
        self.discarded = true;
    }
}
