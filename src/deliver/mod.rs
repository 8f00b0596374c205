//! Delivery: messages go to the relay over a few reused SMTP sessions, and each comes back
//! as an [`Outcome`]. A failure for one recipient is data; only faults that stop every
//! message (the relay unreachable, the login refused) end the run.

mod relay_url;
mod session;
mod tls_stream;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use tokio::sync::{Mutex, mpsc};

use crate::compose::Outgoing;
pub use relay_url::{RelayUrl, RelayUrlError, Security};
pub use session::{Connector, Session, SessionError, SubmitError, Timeouts};

/// The server's reply, as a report shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    pub code: Option<u16>,
    pub text: String,
}

impl std::fmt::Display for Reply {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.code {
            Some(code) => write!(f, "{code} {}", self.text),
            None => f.write_str(&self.text),
        }
    }
}

/// What became of one message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The relay accepted it.
    Sent(Reply),
    /// The relay refused it for good (5xx).
    Failed(Reply),
    /// The relay asked to try later (4xx), or the session broke before the message was handed
    /// over: sending it again cannot duplicate it.
    Deferred(Reply),
    /// The message was handed over but no reply came: it may have been delivered.
    Uncertain(Reply),
}

/// One message's result.
#[derive(Debug, Clone)]
pub struct Delivered {
    pub message: Arc<Outgoing>,
    pub outcome: Outcome,
}

/// How sessions are used.
#[derive(Debug, Clone, Copy)]
pub struct SessionPolicy {
    /// SMTP sessions at once (lettre's pool does not bound this; we do).
    pub concurrency: usize,
    /// Messages before a session is renewed.
    pub per_connection: usize,
}

/// Sends every message received on `jobs` and reports each on `results`.
/// Returns the fault that stopped the run, if one did; messages not yet taken stay unsent.
pub async fn deliver(
    connector: Arc<Connector>,
    policy: SessionPolicy,
    jobs: mpsc::Receiver<Arc<Outgoing>>,
    results: mpsc::Sender<Delivered>,
) -> Result<(), SessionError> {
    let jobs = Arc::new(Mutex::new(jobs));
    let stop = Arc::new(AtomicBool::new(false));
    let mut workers = tokio::task::JoinSet::new();
    for _ in 0..policy.concurrency.max(1) {
        workers.spawn(worker(
            Arc::clone(&connector),
            policy,
            Arc::clone(&jobs),
            results.clone(),
            Arc::clone(&stop),
        ));
    }
    drop(results);
    let mut fault = None;
    while let Some(joined) = workers.join_next().await {
        match joined {
            Ok(Ok(())) => {}
            Ok(Err(error)) => {
                fault.get_or_insert(error);
            }
            Err(panic) => std::panic::resume_unwind(panic.into_panic()),
        }
    }
    fault.map_or(Ok(()), Err)
}

async fn worker(
    connector: Arc<Connector>,
    policy: SessionPolicy,
    jobs: Arc<Mutex<mpsc::Receiver<Arc<Outgoing>>>>,
    results: mpsc::Sender<Delivered>,
    stop: Arc<AtomicBool>,
) -> Result<(), SessionError> {
    let mut session: Option<Session> = None;
    loop {
        if stop.load(Ordering::Relaxed) {
            break;
        }
        let Some(message) = jobs.lock().await.recv().await else {
            break;
        };
        let reusable = match session.take() {
            Some(open) if open.is_usable() && open.submitted < policy.per_connection => Some(open),
            Some(spent) => {
                spent.quit().await;
                None
            }
            None => None,
        };
        let reused = reusable.is_some();
        let mut open = match reusable {
            Some(open) => open,
            None => match connector.connect().await {
                Ok(open) => open,
                Err(error) => {
                    stop.store(true, Ordering::Relaxed);
                    return Err(error);
                }
            },
        };
        let mut result = open.submit(&message.envelope, &message.bytes).await;
        if reused && is_dead_session(&result) {
            // A reused session the server had closed (after a refusal, or idle too long):
            // nothing was handed over, so a fresh session may carry the same message.
            open = match connector.connect().await {
                Ok(open) => open,
                Err(error) => {
                    stop.store(true, Ordering::Relaxed);
                    return Err(error);
                }
            };
            result = open.submit(&message.envelope, &message.bytes).await;
        }
        let outcome = classify(result);
        if open.is_usable() {
            session = Some(open);
        }
        if results.send(Delivered { message, outcome }).await.is_err() {
            break;
        }
    }
    if let Some(open) = session {
        open.quit().await;
    }
    Ok(())
}

fn is_dead_session(
    result: &Result<lettre::transport::smtp::response::Response, SubmitError>,
) -> bool {
    matches!(result, Err(SubmitError::BeforeData(error)) if !error.is_transient() && !error.is_permanent())
}

fn classify(result: Result<lettre::transport::smtp::response::Response, SubmitError>) -> Outcome {
    match result {
        Ok(response) => Outcome::Sent(Reply {
            code: Some(u16::from(response.code())),
            text: response.message().collect::<Vec<_>>().join(" "),
        }),
        Err(SubmitError::BeforeData(error) | SubmitError::Refused(error)) => {
            let reply = Reply {
                code: error.status().map(u16::from),
                text: reply_text(&error),
            };
            if error.is_permanent() {
                Outcome::Failed(reply)
            } else {
                Outcome::Deferred(reply)
            }
        }
        Err(SubmitError::Timeout(step)) => Outcome::Deferred(Reply {
            code: None,
            text: format!("no reply while {step}"),
        }),
        Err(SubmitError::Unanswered(reason)) => Outcome::Uncertain(Reply {
            code: None,
            text: reason,
        }),
    }
}

/// The server's words without lettre's framing ("permanent error (550): …").
fn reply_text(error: &lettre::transport::smtp::Error) -> String {
    let mut text = error.to_string();
    if let Some(source) = std::error::Error::source(error) {
        text = source.to_string();
    }
    text.trim().to_string()
}
