# What a run tells as it goes that is neither a row's outcome nor the end: a retry, a relay
# resting, a wait, what the journal found, an address only some relays carry, what makes
# messages land in spam. The terms: locales/glossary.md.

# $error: why the session could not be opened; $seconds: the wait
notice-retrying = { $error }; trying again in { $seconds } s
# $reason: the last failure
notice-relay-resting = the relay { $relay } is out of rotation for { $seconds } s after repeated failures (last: { $reason }); its messages go to the other relays
# $until: a date and time, 2021-04-26 18:00
notice-waiting-for-window = outside the sending window: waiting until { $until } before sending
notice-abandoned = `{ $count }` { $count ->
    [one] message was being sent when an earlier run stopped (killed or crashed): it may have been delivered, so it is now uncertain and not sent again; see `missive report`, and give `--retry-uncertain` to send it again (same Message-ID)
   *[other] messages were being sent when an earlier run stopped (killed or crashed): they may have been delivered, so they are now uncertain and not sent again; see `missive report`, and give `--retry-uncertain` to send them again (same Message-ID)
}
notice-left-sent = `{ $count }` already sent: left alone
notice-left-failed = `{ $count }` refused by the relay in an earlier run: left alone (`--retry-failed` sends them again)
notice-left-uncertain = `{ $count }` may have been delivered by an earlier run: left alone (`--retry-uncertain` sends them again)
notice-left-sending = `{ $count }` being sent by another sender of the shared journal: left to it
notice-left-drafted = `{ $count }` in your Drafts folder (`missive drafts`): left for you to send from your mail client
# $state: the state's code in the journal
notice-left-other = `{ $count }` { $state }: left alone
notice-no-dsn = the relay { $relay } does not offer delivery notifications (DSN): the messages go all the same, but `receipts = ["delivery"]` brings no receipt through it; bounces still come back to your mailbox
notice-stopping-idle = stopping: no new message is started, and none is being sent right now
notice-stopping = stopping: no new message is started; waiting up to { $seconds } s for the { $count } being sent (Ctrl-C again stops at once)
notice-unanswered = `{ $count }` { $count ->
    [one] message got no reply before the run stopped: it is uncertain (see `missive report`)
   *[other] messages got no reply before the run stopped: they are uncertain (see `missive report`)
}
# $lease: a duration
notice-held-by-another = `{ $count }` { $count ->
    [one] message is held by another sender of the shared journal, or by a run that stopped, whose lease runs out within { $lease }: this run waits for it before it ends; if its sender is gone, it becomes uncertain then (it may have been delivered)
   *[other] messages are held by another sender of the shared journal, or by a run that stopped, whose lease runs out within { $lease }: this run waits for them before it ends; if their sender is gone, they become uncertain then (they may have been delivered)
}
notice-left-to-others = `{ $count }` { $count ->
    [one] recipient was left to the other senders of the shared journal (`missive status` shows the whole campaign)
   *[other] recipients were left to the other senders of the shared journal (`missive status` shows the whole campaign)
}
# $at: the row; $line: the template line; $who: notice-smtputf8-from or notice-smtputf8-other
notice-needs-smtputf8 = { $at }: header `{ $header }` (template line { $line }): the address `{ $address }` has accented or non-Latin letters before the `@`; it can only be delivered if the relay supports internationalised addresses (SMTPUTF8); if it does not, { $who }
notice-needs-smtputf8-column = { $at }: header `{ $header }` (template line { $line }, column `{ $column }`): the address `{ $address }` has accented or non-Latin letters before the `@`; it can only be delivered if the relay supports internationalised addresses (SMTPUTF8); if it does not, { $who }
notice-smtputf8-from = send from an address without them
notice-smtputf8-other = ask this person for an address without them
# $why: why the address is on the suppression list
notice-suppressed-address = { $at }: `{ $address }` is left out of this row's message: { $why }; the message goes to its other addresses; if that address works again, `missive suppressed --remove { $address }` puts it back
notice-ascii-domains = { $count ->
    [one] { $count } address has a domain name with accents: it goes out in its ASCII form
   *[other] { $count } addresses have a domain name with accents: they go out in its ASCII form
}, which every mail server reads (`{ $written }` as `{ $sent }`)
# $kind: the code of the warning
notice-more-content = { $count ->
    [one] { $count } more message has other `{ $kind }` warnings
   *[other] { $count } more messages have other `{ $kind }` warnings
}, each different, not listed one by one; fix those above and run `missive check` again to see them
# A content warning from the template: $at, its place; $finding, what it is; $first, the row of the first message
notice-content-template = { $at }: { $finding } ({ $count ->
    [one] on 1 message
   *[other] on { $count } messages
}, the first { $first })
# A content warning from the list's data: $first, the row
notice-content-data = { $first }: { $finding }{ $count ->
    [one] {""}
   *[other] {" "}(on { $count } messages, this row the first)
}
