# What missive says of the journal, where it records what was sent (SQLite, or a shared
# PostgreSQL database). The terms: locales/glossary.md. $reason: a library's own words.

journal-io = `{ $path }`: { $reason }; check that the folder exists and is writable, or give `--journal FILE`
journal-sqlite = the journal `{ $path }`: { $reason }; check the disk and the file's permissions
journal-busy = another `missive send` is already sending with the journal `{ $journal }`; wait for it to end (or stop it with Ctrl-C), then run `missive send` again to go on
journal-busy-process = another `missive send` (process `{ $pid }`) is already sending with the journal `{ $journal }`; wait for it to end (or stop it with Ctrl-C), then run `missive send` again to go on
journal-earlier-revision = { $sent ->
    [one] `{ $sent }` recipient already got
   *[other] `{ $sent }` recipients already got
} an earlier version of this campaign{ $uncertain ->
    [0] {""}
   *[other] {" "}(and `{ $uncertain }` may have)
}, and the template or an attachment changed since; to send this version to the others, run `missive send --new-revision`; to send everyone the same version, put the earlier files back
journal-missing = no journal at `{ $path }`: nothing was sent for this campaign yet; run `missive send`, or give the journal's place with `--journal FILE`
# $companions: the files beside it, `a` and `b`
journal-vanished = the journal `{ $path }` is { $emptied ->
    [yes] empty
   *[no] missing
}, but { $companions } beside it show that `missive send` ran with it: it was deleted or emptied since, and sending now would send the whole campaign again to everyone; put the journal back (from a backup or the recycle bin), or, to start over on purpose and send to everyone again, delete { $companions } too (or give another `--journal FILE`)
journal-and = and
journal-newer = the journal `{ $path }` was written by a newer missive (schema `{ $found }`, this one reads `{ $reads }`); use that version, or give another `--journal FILE`
journal-address = the shared journal `{ $url }` cannot be used: { $reason }
journal-postgres = the shared journal `{ $journal }`: { $reason }; check that the database is running and reachable, and the user and password (`PGPASSWORD` or `~/.pgpass`)
journal-lease-lost = this sender's lease on the shared journal `{ $journal }` ran out (the database was out of reach too long): its messages in flight are now uncertain; run `missive send` again to go on
journal-mark-log = cannot write the journal's mark log `{ $path }`: { $reason }; no other message was sent. Free some space (or mend the folder's permissions), then run `missive send` again: it settles what was in flight first
journal-unknown-state = the journal `{ $path }` holds the state `{ $word }`, which this missive does not know; use the version that wrote it

## Why a shared journal's address cannot be used
journal-address-unreadable = { $reason }
journal-address-lease = `lease={ $value }` is not a duration; write `lease=60s` (or `500ms`, `2min`)
journal-address-sslmode = `sslmode=require`: this missive has no TLS to the database; reach a remote database through an SSH tunnel (`ssh -L 5432:127.0.0.1:5432 HOST`) and give `postgres://USER@127.0.0.1:5432/DATABASE`
journal-address-remote = `{ $host }` is not this machine, and this missive has no TLS to the database; reach it through an SSH tunnel (`ssh -L 5432:127.0.0.1:5432 { $host }`) and give `postgres://USER@127.0.0.1:5432/DATABASE`
journal-address-read-only = opened for reading only
journal-address-campaigns = it holds the campaigns { $campaigns }; run in the campaign's folder, or add `?campaign=ID` to the address

## What to do next (`status`, the end of `send`): one line per kind of recipient left
journal-next-pending = `{ $count }` { $count ->
    [one] recipient
   *[other] recipients
} still to send: { $reader ->
    [page] press Send on the Send page to go on
   *[other] run `missive send` to go on
} (what was sent is not sent again)
journal-next-last-reply = {" "}(last reply: `{ $reply }`)
journal-next-deferred = `{ $count }` deferred: the receiving server asked to try later{ $last }; { $reader ->
    [page] press Send on the Send page again in a few minutes
   *[other] run `missive send` again in a few minutes
}: it tries them again, to the addresses still waiting only
journal-next-sending = `{ $count }` being sent now, or left by a run that was killed: the next `missive send` counts them uncertain
journal-next-uncertain = `{ $count }` may have been delivered (their run stopped before the relay replied): { $reader ->
    [page] see them on the Results page; `missive send --retry-uncertain`, in a terminal, sends them again with the same Message-ID
   *[other] check `missive report`, then `missive send --retry-uncertain` sends them again with the same Message-ID
}
journal-next-failed = `{ $count }` refused by the relay: { $reader ->
    [page] see why on the Results page, correct the list, then press « Send again to the failed and deferred recipients » there
   *[other] see why with `missive report`, correct the list, then run `missive send --retry-failed`
}
# $addresses: each `address` (row: reply); $more: journal-next-more, or nothing
journal-next-refused = `{ $count }` { $count ->
    [one] address
   *[other] addresses
} refused by the relay while their message reached its other recipients (a Cc, a Bcc…): { $addresses }{ $more }; { $reader ->
    [page] see the Results page, correct them in the list, then its « Send again to the failed and deferred recipients » sends to them alone
   *[other] see `missive report`, correct them in the list, then `missive send --retry-failed` sends to them alone
}
journal-next-more = {" "}and `{ $more }` more
journal-refused-address = `{ $address }` ({ $row }: { $reply })
journal-next-drafted = `{ $count }` { $count ->
    [one] message is
   *[other] messages are
} in your mailbox's Drafts folder (`missive drafts`): send them from your mail client; `missive send` leaves them alone
journal-next-suppressed = `{ $count }` { $count ->
    [one] row of the list was left out because its address
   *[other] rows of the list were left out because their addresses
} bounced for good in an earlier campaign (the suppression list, `missive suppressed`): correct the address in the list, or `missive suppressed --remove ADDRESS` if it works again
journal-next-skipped = `{ $count }` { $count ->
    [one] row of the list was left out and never sent, its address or data being wrong (`missive report` says why): correct it
   *[other] rows of the list were left out and never sent, their address or data being wrong (`missive report` says why): correct them
} in the list, then { $reader ->
    [page] press Send on the Send page
   *[other] run `missive send`
}: it sends them, and nobody twice
journal-next-nothing-yet = nothing recorded yet: { $reader ->
    [page] send from the Send page
   *[other] run `missive send`
}
journal-next-done = every recipient got the message: nothing left to do

## `send --verbose`: how the journal's writing went
journal-writer-stats = `{ $marks }` { $marks ->
    [one] message
   *[other] messages
} marked in `{ $commits }` { $commits ->
    [one] commit
   *[other] commits
}; `{ $writing }` ms of writing and `{ $waiting }` ms of waiting per message
