//! A sender's seat in a shared journal: its row in `missive_senders`, whose lease a
//! heartbeat thread renews while the sender lives, and the claims it takes on recipients.
//!
//! A recipient belongs to the sender named in its `owner` column for as long as that
//! sender's lease runs. When a lease lapses (the sender was killed, its machine lost power
//! or the network), any other sender's heartbeat, or the next sender to start, turns the
//! dead sender's `sending` rows `uncertain` (they may have been delivered) and lets its
//! other claims go (they were never handed to a relay).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::Duration;

use postgres::{Client, NoTls};

use super::{ABANDONED, CLAIMABLE, PgJournal, in_flight_addresses, pg};
use crate::journal::JournalError;
use crate::journal::backend::Claimer;

/// What this sender's seat shares with its heartbeat and claimer threads.
pub(super) struct Seat {
    pub id: String,
    pub campaign: String,
    /// The states besides `pending` and `deferred` this run sends (`--retry-…`).
    pub extra: Vec<String>,
    /// Set when the lease could not be renewed in time: the run must stop.
    pub lost: Arc<AtomicBool>,
    stop: Option<mpsc::Sender<()>>,
    heartbeat: Option<JoinHandle<()>>,
}

impl Seat {
    /// Takes a seat: a row in `missive_senders` with a fresh lease, renewed every quarter
    /// of `lease` by a thread with its own connection.
    pub(super) fn take(
        journal: &mut PgJournal,
        campaign: &str,
        extra: Vec<String>,
    ) -> Result<Self, JournalError> {
        let host = std::fs::read_to_string("/etc/hostname")
            .map(|name| name.trim().to_string())
            .unwrap_or_default();
        let id = format!("{host}:{}:{:08x}", std::process::id(), fastrand::u32(..));
        let lease = interval(journal.address.lease);
        journal
            .client
            .get_mut()
            .execute(
                "INSERT INTO missive_senders (id, campaign, started, lease_until)
                 VALUES ($1, $2, clock_timestamp(), clock_timestamp() + $3::float8 * interval '1 second')",
                &[&id, &campaign, &lease],
            )
            .map_err(pg(&journal.name))?;
        let lost = Arc::new(AtomicBool::new(false));
        let (stop, stopped) = mpsc::channel();
        let mut client = journal.connect()?;
        let beat = Beat {
            id: id.clone(),
            campaign: campaign.to_string(),
            lease,
            lost: Arc::clone(&lost),
        };
        let every = journal.address.lease / 4;
        let heartbeat = std::thread::Builder::new()
            .name("journal-lease".into())
            .spawn(move || {
                while let Err(mpsc::RecvTimeoutError::Timeout) = stopped.recv_timeout(every) {
                    beat.renew(&mut client);
                }
            })
            .map_err(|source| JournalError::Io {
                path: journal.name.clone().into(),
                source,
            })?;
        Ok(Self {
            id,
            campaign: campaign.to_string(),
            extra,
            lost,
            stop: Some(stop),
            heartbeat: Some(heartbeat),
        })
    }
}

impl Drop for Seat {
    fn drop(&mut self) {
        drop(self.stop.take());
        if let Some(heartbeat) = self.heartbeat.take() {
            let _ = heartbeat.join();
        }
    }
}

struct Beat {
    id: String,
    campaign: String,
    lease: f64,
    lost: Arc<AtomicBool>,
}

impl Beat {
    /// Renews this sender's lease, and settles the claims of senders whose lease lapsed.
    /// A failure is not fatal until the lease itself has run out.
    fn renew(&self, client: &mut Client) {
        let renewed = client.execute(
            "UPDATE missive_senders SET lease_until = clock_timestamp() + $2::float8 * interval '1 second'
             WHERE id = $1 AND lease_until > clock_timestamp()",
            &[&self.id, &self.lease],
        );
        if let Ok(0) = renewed {
            self.lost.store(true, Ordering::SeqCst);
        }
        let _ = settle_dead(client, &self.campaign, ABANDONED);
    }
}

/// Turns the `sending` rows of senders whose lease lapsed `uncertain` with `reply`, and lets
/// their other claims go. Returns how many became uncertain.
pub(super) fn settle_dead(
    client: &mut Client,
    campaign: &str,
    reply: &str,
) -> Result<u64, postgres::Error> {
    let now = super::now();
    let uncertain: i64 = client
        .query_one(
            &format!(
                "WITH settled AS (
                     UPDATE missive_recipients r SET state = 'uncertain', code = NULL,
                         reply = $2, updated = $3, changed = clock_timestamp()
                     WHERE r.campaign = $1 AND r.state = 'sending' AND r.owner IS NOT NULL
                       AND NOT EXISTS (SELECT 1 FROM missive_senders s
                           WHERE s.id = r.owner AND s.lease_until >= clock_timestamp())
                     RETURNING r.key),
                 {}
                 SELECT count(*) FROM settled",
                in_flight_addresses("$2", "$3")
            ),
            &[&campaign, &reply, &now],
        )?
        .get(0);
    client.execute(
        "UPDATE missive_recipients r SET owner = NULL
         WHERE r.campaign = $1 AND r.state <> 'sending' AND r.owner IS NOT NULL
           AND r.state IN ('pending', 'deferred')
           AND NOT EXISTS (SELECT 1 FROM missive_senders s
                           WHERE s.id = r.owner AND s.lease_until >= clock_timestamp())",
        &[&campaign],
    )?;
    Ok(u64::try_from(uncertain).unwrap_or(0))
}

/// Seconds, for `$n::float8 * interval '1 second'`.
fn interval(duration: Duration) -> f64 {
    duration.as_secs_f64()
}

/// Claims recipients for one run over its own connection (the queue's thread).
pub(super) struct PgClaimer {
    client: Client,
    name: String,
    id: String,
    campaign: String,
    extra: Vec<String>,
}

impl PgClaimer {
    /// A claim need not wait for the disk: the `sending` mark that follows it is committed
    /// durably, and carries it there (the log is written in order).
    pub(super) fn new(mut client: Client, name: String, seat: &Seat) -> Result<Self, JournalError> {
        client
            .batch_execute("SET synchronous_commit TO OFF")
            .map_err(pg(&name))?;
        Ok(Self {
            client,
            name,
            id: seat.id.clone(),
            campaign: seat.campaign.clone(),
            extra: seat.extra.clone(),
        })
    }
}

impl Claimer for PgClaimer {
    /// One statement: the keys not locked by another sender's claim at this instant
    /// (`SKIP LOCKED`) and still free (unowned, owned by a sender whose lease lapsed, or
    /// by this run) and in a state this run sends.
    fn claim(&mut self, keys: &[&str]) -> Result<Vec<bool>, JournalError> {
        let wanted: Vec<&str> = keys.to_vec();
        let query = format!(
            "WITH free AS (
                 SELECT r.campaign, r.key FROM missive_recipients r
                 WHERE r.campaign = $1 AND r.key = ANY($2) AND {CLAIMABLE}
                 FOR UPDATE SKIP LOCKED)
             UPDATE missive_recipients r SET owner = $3 FROM free
             WHERE r.campaign = free.campaign AND r.key = free.key
             RETURNING r.key"
        );
        let rows = self
            .client
            .query(&query, &[&self.campaign, &wanted, &self.id, &self.extra])
            .map_err(pg(&self.name))?;
        let held: std::collections::HashSet<String> = rows.iter().map(|row| row.get(0)).collect();
        Ok(keys.iter().map(|key| held.contains(*key)).collect())
    }

    fn unfinished(&mut self, keys: &[&str]) -> Result<Vec<bool>, JournalError> {
        let wanted: Vec<&str> = keys.to_vec();
        let rows = self
            .client
            .query(
                "SELECT key FROM missive_recipients
                 WHERE campaign = $1 AND key = ANY($2)
                   AND state IN ('pending', 'deferred', 'sending')",
                &[&self.campaign, &wanted],
            )
            .map_err(pg(&self.name))?;
        let open: std::collections::HashSet<String> = rows.iter().map(|row| row.get(0)).collect();
        Ok(keys.iter().map(|key| open.contains(*key)).collect())
    }
}

/// A fresh connection to the same database.
pub(super) fn connect(config: &postgres::Config, name: &str) -> Result<Client, JournalError> {
    config.connect(NoTls).map_err(pg(name))
}
