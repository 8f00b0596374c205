# What `missive status` prints (src/commands/status.rs): the journal's counts and what to do
# next. The terms: locales/glossary.md. A key here is in fr/status.ftl too.

# $journal: where the journal would be
status-no-journal = no journal at `{ $journal }`: nothing was sent for this campaign yet; `missive send` starts it
# $journal: the journal's name; $counted: status-recipients, or status-rows and what follows
status-journal = journal `{ $journal }`: { $counted }
status-next = next: { $step }

## What the counts count
status-recipients = `{ $count }` { $count ->
    [one] recipient
   *[other] recipients
}
status-rows = `{ $count }` { $count ->
    [one] row
   *[other] rows
} in the list: { $recipients }
status-rows-skipped = `{ $count }` { $count ->
    [one] row
   *[other] rows
} left out, never sent
status-rows-duplicates = `{ $count }` { $count ->
    [one] row
   *[other] rows
} repeating an earlier row's recipients, who got one message
status-rows-suppressed = `{ $count }` { $count ->
    [one] row
   *[other] rows
} left out, their addresses having bounced for good earlier

## The counts per state: a heading for a count of $count
status-state-pending = pending
status-state-sending = sending
status-state-sent = sent
status-state-failed = failed
status-state-deferred = deferred
status-state-uncertain = uncertain
status-state-drafted = drafted
# $state: a status-state-*
status-state-count = { $state } { $count }

## Rows left out
status-skipped = `{ $count }` { $count ->
    [one] row
   *[other] rows
} of the list left out by the last `missive send` (its `--skip-invalid`), never sent:
# $reason: a row left out, as the send that left it out recorded it (in that run's language)
status-skipped-row = { $row }: { $reason }
status-skipped-more = and `{ $count }` more (see `missive report`)
status-unlisted = `{ $count }` more no longer in the list, kept for the record (see `missive report`)

## Per relay
status-per-relay = per relay:
# $relay: the relay's name; $counts: status-state-count, "a, b"
status-relay = { $relay }: { $counts }

## Several journals (the shards of a campaign)
status-shard-journal = journal `{ $journal }`: `{ $count }` { $count ->
    [one] recipient
   *[other] recipients
}, `{ $sent }` sent
status-journals = `{ $count }` journals: { $counted } in all
status-overlap = `{ $count }` { $count ->
    [one] recipient is in more than one journal: the shards overlapped and they may have got the message twice
   *[other] recipients are in more than one journal: the shards overlapped and they may have got the message twice
} (see `missive report`, column `also_in`); give every machine the same list and the same `--shard I/N` count

## Copies in the mailbox's Sent folder; $folder: status-folder, or nothing
status-folder = {" "}`{ $folder }`
status-copies-one = copies in Sent{ $folder }: the first message, standing for `{ $count }` sent
status-copies = copies in Sent{ $folder }: `{ $done }` of `{ $sent }` sent
status-copies-missing = next: `missive send` again puts the `{ $count }` missing { $count ->
    [one] copy
   *[other] copies
} in Sent (it sends nothing twice)

## What `missive collect` found
status-returns = came back (missive collect): { $counts }
status-return-bounced = bounced `{ $count }`
status-return-delayed = delayed `{ $count }`
status-return-delivered = delivered `{ $count }`
status-return-read = read `{ $count }`
# $address: the address that bounced; $status: its status code; $said: the server's words
status-bounced = bounced: { $address } ({ $status })
status-bounced-said = bounced: { $address } ({ $status }: { $said })
status-no-status = no status
status-bounced-more = and `{ $count }` more: see `missive report`
status-bounced-next = next: correct the bounced addresses in the list, or remove them; `missive send` then sends to each corrected address as a new recipient
