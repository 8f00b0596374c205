//! The shared journal: the same states as the `SQLite` journal, in a `PostgreSQL` database
//! that several `send` runs (on several machines) use at once.
//!
//! A database holds any number of campaigns, each known by its `id`. Every sender first
//! claims the recipients it will send (its id in `owner`, [`lease`]), a few at a time and
//! skipping rows another sender is claiming at that instant (`FOR UPDATE SKIP LOCKED`), so
//! each recipient is queued by one sender only. Its `sending` mark is then committed before
//! the message goes to the relay, exactly as in the `SQLite` journal, but only while the row
//! is still its own; the mark is refused, and the message skipped, otherwise.

mod address;
mod copies;
mod lease;
mod read;
mod register;
mod returns;
#[cfg(test)]
mod tests;
mod write;

use std::cell::{RefCell, RefMut};
use std::collections::{BTreeMap, HashMap};

use postgres::Client;

pub(super) use address::{Address, mask};
use lease::{PgClaimer, Seat};

use super::backend::{Backend, Change, Claimer, Register, SenderOptions};
use super::{
    Accepted, AddressProblem, AddressStates, Copy, CopyKind, CopyMark, Counts, Cursor,
    EarlierRevision, Entry, JournalError, Recorded, Return, State,
};

/// The schema this version writes; a database with a higher one is refused, not damaged.
/// Schema 2 keeps outcomes per address: an older missive, which would send a message again
/// to every address of it, refuses a database a sender of this one has used.
const SCHEMA_VERSION: i32 = 2;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS missive_schema (version INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS missive_campaigns (
    campaign   TEXT PRIMARY KEY,
    revision   TEXT                -- the revision accepted last
);
CREATE TABLE IF NOT EXISTS missive_senders (
    id          TEXT PRIMARY KEY,  -- HOST:PID:RANDOM
    campaign    TEXT NOT NULL,
    started     TIMESTAMPTZ NOT NULL,
    lease_until TIMESTAMPTZ NOT NULL
);
CREATE TABLE IF NOT EXISTS missive_recipients (
    campaign   TEXT NOT NULL,
    key        TEXT NOT NULL,      -- the normalised envelope recipients
    position   BIGINT,             -- order in the list at the last run; NULL: no longer listed
    row        TEXT NOT NULL,      -- FILE:LINE
    to_display TEXT NOT NULL,
    message_id TEXT NOT NULL,
    state      TEXT NOT NULL DEFAULT 'pending',
    attempts   INTEGER NOT NULL DEFAULT 0,
    code       INTEGER,
    reply      TEXT,
    revision   TEXT,               -- the campaign revision last handed to the relay
    relay      TEXT,               -- the relay of the last outcome, its URL without credentials
    owner      TEXT,               -- the sender holding it (missive_senders.id)
    changed    TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),  -- its state last changed
    created    BIGINT NOT NULL,    -- Unix seconds
    updated    BIGINT NOT NULL,
    PRIMARY KEY (campaign, key)
);
CREATE INDEX IF NOT EXISTS missive_recipients_state ON missive_recipients (campaign, state);
CREATE TABLE IF NOT EXISTS missive_skipped (
    campaign   TEXT NOT NULL,
    position   BIGINT NOT NULL,
    row        TEXT NOT NULL,
    reason     TEXT NOT NULL,
    at         BIGINT NOT NULL,
    PRIMARY KEY (campaign, position)
);
-- Added after the first version: a journal made before gets it, false in its rows.
ALTER TABLE missive_skipped ADD COLUMN IF NOT EXISTS duplicate BOOLEAN NOT NULL DEFAULT false;
-- Rows whose addresses are on the suppression list (they bounced for good).
ALTER TABLE missive_skipped ADD COLUMN IF NOT EXISTS suppressed BOOLEAN NOT NULL DEFAULT false;
-- Schema 2: each address's last outcome, for messages whose addresses did not all end the
-- same way (a refused Cc, a greylisted Bcc).
CREATE TABLE IF NOT EXISTS missive_addresses (
    campaign   TEXT NOT NULL,
    key        TEXT NOT NULL,      -- the message's (missive_recipients.key)
    address    TEXT NOT NULL,      -- one envelope address, normalised as in the key
    ord        INTEGER NOT NULL,   -- its place in the envelope (To, Cc, Bcc)
    state      TEXT NOT NULL,
    code       INTEGER,
    reply      TEXT,
    attempts   INTEGER NOT NULL DEFAULT 0,
    updated    BIGINT NOT NULL,    -- Unix seconds
    PRIMARY KEY (campaign, key, address)
);
-- The copies put in the mailbox (journal/copies.rs); an older missive leaves it alone.
CREATE TABLE IF NOT EXISTS missive_copies (
    campaign   TEXT NOT NULL,
    key        TEXT NOT NULL,      -- the message's (missive_recipients.key)
    kind       TEXT NOT NULL,      -- 'sent' or 'draft'
    state      TEXT NOT NULL,      -- 'appending', then 'done'
    folder     TEXT NOT NULL,
    uid        BIGINT,
    stands     BIGINT NOT NULL DEFAULT 1,
    at         BIGINT NOT NULL,    -- Unix seconds
    PRIMARY KEY (campaign, key, kind)
);
-- What `missive collect` read back (see journal/returns.rs), per campaign.
CREATE TABLE IF NOT EXISTS missive_returns (
    campaign   TEXT NOT NULL,
    key        TEXT NOT NULL,      -- the message's (missive_recipients.key)
    address    TEXT NOT NULL,
    kind       TEXT NOT NULL,      -- 'bounced', 'delayed', 'delivered', 'read'
    at         BIGINT NOT NULL,    -- Unix seconds
    status     TEXT,
    diagnostic TEXT,
    PRIMARY KEY (campaign, key, address, kind)
);
CREATE TABLE IF NOT EXISTS missive_cursors (
    campaign     TEXT NOT NULL,
    folder       TEXT NOT NULL,
    uid_validity BIGINT NOT NULL,
    last_uid     BIGINT NOT NULL,
    at           BIGINT NOT NULL,
    PRIMARY KEY (campaign, folder)
);
";

/// Who may claim a row (in a statement where `$3` is this sender, `$4` the states its
/// `--retry-…` flags add): nobody else alive holds it, and it is in a state this run sends,
/// or one of its addresses is; a failed or uncertain one only if no one changed the row
/// since this run started.
const CLAIMABLE: &str = "(r.owner IS NULL OR r.owner = $3
      OR NOT EXISTS (SELECT 1 FROM missive_senders s
                     WHERE s.id = r.owner AND s.lease_until >= clock_timestamp()))
  AND (r.state IN ('pending', 'deferred')
      OR ((r.state = ANY($4)
           OR (r.state <> 'sending' AND EXISTS (SELECT 1 FROM missive_addresses a
               WHERE a.campaign = r.campaign AND a.key = r.key AND a.state = ANY($4))))
          AND r.changed < (SELECT started FROM missive_senders WHERE id = $3)))";

/// A step of a statement whose step `settled` made messages `uncertain` (returning their
/// `key`; `$1` is the campaign): their addresses in flight become uncertain too, with the
/// statement's parameters `reply` and `now`.
fn in_flight_addresses(reply: &str, now: &str) -> String {
    format!(
        "addresses AS (
             UPDATE missive_addresses a SET state = 'uncertain', code = NULL, reply = {reply},
                 updated = {now}
             FROM settled WHERE a.campaign = $1 AND a.key = settled.key AND a.state = 'sending'
             RETURNING 1)"
    )
}

/// The reply kept for a message whose sender died while it was being sent.
const ABANDONED: &str = "its sender stopped (killed, crashed or cut off) while it was being sent, and its lease ran out: it may have been delivered";

/// A shared journal, for one campaign.
pub(super) struct PgJournal {
    /// `status` reads through `&self`; one thread uses a journal at a time.
    client: RefCell<Client>,
    address: Address,
    name: String,
    campaign: String,
    seat: Option<Seat>,
    /// The writer's statements, prepared once.
    statements: Option<write::Statements>,
}

impl PgJournal {
    /// Opens the campaign's journal in the database for reading (`status`, `report`).
    /// `campaign` comes from campaign.toml when there is one, else from `?campaign=`, else
    /// it is the database's only campaign.
    pub(super) fn open(url: &str, campaign: Option<&str>) -> Result<Self, JournalError> {
        let address = Address::parse(url)?;
        let name = address.shown.clone();
        let mut client = lease::connect(&address.config, &name)?;
        prepare(&mut client, &name, false)?;
        let campaign = match address.campaign.as_deref().or(campaign) {
            Some(campaign) => campaign.to_string(),
            None => only_campaign(&mut client, &name)?,
        };
        Ok(Self {
            client: RefCell::new(client),
            address,
            name,
            campaign,
            seat: None,
            statements: None,
        })
    }

    /// Opens the journal for a `send` run: a seat with a lease, renewed while it runs.
    pub(super) fn open_for_sending(
        url: &str,
        options: &SenderOptions<'_>,
    ) -> Result<Self, JournalError> {
        let mut journal = Self::open(url, Some(options.campaign))?;
        prepare(journal.client.get_mut(), &journal.name, true)?;
        let campaign = journal.campaign.clone();
        journal
            .client
            .get_mut()
            .execute(
                "INSERT INTO missive_campaigns (campaign) VALUES ($1) ON CONFLICT DO NOTHING",
                &[&campaign],
            )
            .map_err(pg(&journal.name))?;
        let mut extra = Vec::new();
        if options.resend.failed {
            extra.push(State::Failed.as_str().to_string());
        }
        if options.resend.uncertain {
            extra.push(State::Uncertain.as_str().to_string());
        }
        journal.seat = Some(Seat::take(&mut journal, &campaign, extra)?);
        Ok(journal)
    }

    fn client_for_reading(&self) -> RefMut<'_, Client> {
        self.client.borrow_mut()
    }

    fn connect(&self) -> Result<Client, JournalError> {
        lease::connect(&self.address.config, &self.name)
    }

    fn seat(&self) -> Result<&Seat, JournalError> {
        self.seat.as_ref().ok_or_else(|| JournalError::Address {
            url: self.name.clone(),
            reason: AddressProblem::ReadOnly,
        })
    }

    fn state(&self, word: &str) -> Result<State, JournalError> {
        State::parse(word).ok_or_else(|| JournalError::UnknownState {
            path: self.name.clone().into(),
            word: word.to_string(),
        })
    }
}

/// Creates the tables when missing, one sender at a time, and refuses a newer schema; for a
/// sender (`upgrade`), records the schema as this version's (an older sender then refuses
/// the database). Reading (`status`, `report`) leaves an older version as it is.
fn prepare(client: &mut Client, name: &str, upgrade: bool) -> Result<(), JournalError> {
    let on = pg(name);
    let mut transaction = client.transaction().map_err(&on)?;
    transaction
        .execute(
            "SELECT pg_advisory_xact_lock(hashtext('missive schema'))",
            &[],
        )
        .map_err(&on)?;
    transaction.batch_execute(SCHEMA).map_err(&on)?;
    let found: Option<i32> = transaction
        .query_opt("SELECT max(version) FROM missive_schema", &[])
        .map_err(&on)?
        .and_then(|row| row.get(0));
    match found {
        Some(found) if found > SCHEMA_VERSION => {
            return Err(JournalError::Newer {
                path: name.into(),
                found: i64::from(found),
            });
        }
        Some(found) if found == SCHEMA_VERSION || !upgrade => {}
        _ => {
            transaction
                .execute(
                    "INSERT INTO missive_schema (version) VALUES ($1)",
                    &[&SCHEMA_VERSION],
                )
                .map_err(&on)?;
        }
    }
    transaction.commit().map_err(&on)
}

fn only_campaign(client: &mut Client, name: &str) -> Result<String, JournalError> {
    let rows = client
        .query(
            "SELECT campaign FROM missive_campaigns ORDER BY campaign",
            &[],
        )
        .map_err(pg(name))?;
    let campaigns: Vec<String> = rows.iter().map(|row| row.get(0)).collect();
    match campaigns.as_slice() {
        [one] => Ok(one.clone()),
        [] => Err(JournalError::Missing { path: name.into() }),
        several => Err(JournalError::Address {
            url: name.to_string(),
            reason: AddressProblem::Campaigns(several.to_vec()),
        }),
    }
}

impl Backend for PgJournal {
    fn name(&self) -> String {
        format!("{}, campaign {}", self.name, self.campaign)
    }

    fn states(&self) -> Result<HashMap<String, State>, JournalError> {
        read::states(self)
    }

    fn counts(&self) -> Result<Counts, JournalError> {
        read::counts(self)
    }

    fn entries(&self) -> Result<Vec<Entry>, JournalError> {
        read::entries(self)
    }

    fn address_states(&self) -> Result<AddressStates, JournalError> {
        read::address_states(self)
    }

    fn relay_counts(&self) -> Result<BTreeMap<String, BTreeMap<State, usize>>, JournalError> {
        read::relay_counts(self)
    }

    fn settle_abandoned(&mut self, reply: &str) -> Result<usize, JournalError> {
        lease::settle_dead(self.client.get_mut(), &self.campaign, reply)
            .map(|count| usize::try_from(count).unwrap_or(usize::MAX))
            .map_err(pg(&self.name))
    }

    fn held_elsewhere(&mut self) -> Result<Option<(usize, std::time::Duration)>, JournalError> {
        let row = self
            .client
            .get_mut()
            .query_one(
                "SELECT count(*),
                        COALESCE(EXTRACT(EPOCH FROM max(s.lease_until) - clock_timestamp()), 0)::float8
                 FROM missive_recipients r JOIN missive_senders s ON s.id = r.owner
                 WHERE r.campaign = $1 AND r.state = 'sending'
                   AND s.lease_until >= clock_timestamp()",
                &[&self.campaign],
            )
            .map_err(pg(&self.name))?;
        let count: i64 = row.get(0);
        let seconds: f64 = row.get(1);
        Ok((count > 0).then(|| {
            (
                usize::try_from(count).unwrap_or(usize::MAX),
                std::time::Duration::from_secs_f64(seconds.max(0.0)),
            )
        }))
    }

    fn earlier_revision(&self, current: &str) -> Result<Option<EarlierRevision>, JournalError> {
        read::earlier_revision(self, current)
    }

    fn accept_revision(&mut self, revision: &str) -> Result<(), JournalError> {
        self.client
            .get_mut()
            .execute(
                "INSERT INTO missive_campaigns (campaign, revision) VALUES ($1, $2)
                 ON CONFLICT (campaign) DO UPDATE SET revision = excluded.revision",
                &[&self.campaign, &revision],
            )
            .map(drop)
            .map_err(pg(&self.name))
    }

    fn register(&mut self) -> Result<Box<dyn Register + '_>, JournalError> {
        Ok(Box::new(register::PgRegistration::new(self)))
    }

    fn apply(&mut self, changes: &[Change<'_>], revision: &str) -> Result<Vec<bool>, JournalError> {
        write::apply(self, changes, revision)
    }

    fn settle_unanswered(&mut self, reply: &str) -> Result<usize, JournalError> {
        let id = self.seat()?.id.clone();
        let on = pg(&self.name);
        let mut transaction = self.client.get_mut().transaction().map_err(&on)?;
        let uncertain: i64 = transaction
            .query_one(
                &format!(
                    "WITH settled AS (
                         UPDATE missive_recipients SET state = 'uncertain', code = NULL,
                             reply = $3, updated = $4, changed = clock_timestamp()
                         WHERE campaign = $1 AND owner = $2 AND state = 'sending'
                         RETURNING key),
                     {}
                     SELECT count(*) FROM settled",
                    in_flight_addresses("$3", "$4")
                ),
                &[&self.campaign, &id, &reply, &now()],
            )
            .map_err(&on)?
            .get(0);
        transaction
            .execute(
                "UPDATE missive_recipients SET owner = NULL
                 WHERE campaign = $1 AND owner = $2 AND state IN ('pending', 'deferred')",
                &[&self.campaign, &id],
            )
            .map_err(&on)?;
        transaction
            .execute(
                "UPDATE missive_senders SET lease_until = clock_timestamp() WHERE id = $1",
                &[&id],
            )
            .map_err(&on)?;
        transaction.commit().map_err(&on)?;
        Ok(usize::try_from(uncertain).unwrap_or(usize::MAX))
    }

    fn claimer(&mut self) -> Result<Option<Box<dyn Claimer>>, JournalError> {
        let client = self.connect()?;
        let claimer = PgClaimer::new(client, self.name.clone(), self.seat()?)?;
        Ok(Some(Box::new(claimer)))
    }

    fn copies(&self, kind: CopyKind) -> Result<HashMap<String, Copy>, JournalError> {
        copies::copies(self, kind)
    }

    fn mark_copy(&mut self, mark: CopyMark<'_>) -> Result<(), JournalError> {
        copies::mark_copy(self, mark)
    }

    fn accepted(&self) -> Result<Vec<Accepted>, JournalError> {
        copies::accepted(self)
    }

    fn mark_drafted(&mut self, key: &str, reply: &str, revision: &str) -> Result<(), JournalError> {
        copies::mark_drafted(self, key, reply, revision)
    }

    fn returns(&self) -> Result<HashMap<String, Vec<Return>>, JournalError> {
        returns::returns(self)
    }

    fn messages_by_id(&self) -> Result<HashMap<String, Recorded>, JournalError> {
        returns::messages_by_id(self)
    }

    fn cursor(&self, folder: &str) -> Result<Option<Cursor>, JournalError> {
        returns::cursor(self, folder)
    }

    fn record_returns(
        &mut self,
        facts: &[Return],
        folder: &str,
        cursor: Cursor,
    ) -> Result<(), JournalError> {
        returns::record_returns(self, facts, folder, cursor)
    }
}

/// Maps a `PostgreSQL` error to one that names the journal (its URL without the password).
fn pg(name: &str) -> impl Fn(postgres::Error) -> JournalError + '_ {
    move |source| JournalError::Postgres {
        journal: name.to_string(),
        source,
    }
}

fn now() -> i64 {
    super::now()
}
