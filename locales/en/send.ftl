# What `missive send`, `drafts`, `collect` and the copies in Sent say as they go. The terms:
# locales/glossary.md. The confirmation's question is in prompts.ftl.

## The plan a person confirms
send-plan = { $messages ->
    [one] { $messages } message
   *[other] { $messages } messages
}, { $size } in all, { $target }, { $route }, { $pace }
send-plan-recipients = { $count ->
    [one] { $count } recipient
   *[other] { $count } recipients
}
send-plan-test = all to { $address } (test send)
send-plan-drafts = { $messages ->
    [one] { $messages } message
   *[other] { $messages } messages
} in the Drafts folder of { $mailbox } (nothing is sent)
# What a plan does, for the line of `--yes` and the error without a terminal
send-plan-send = send { $plan }
send-plan-put = put { $plan }
send-sending = sending { $plan }
send-putting = putting { $plan }
send-route-one = through { $relay } with { $sessions ->
    [one] { $sessions } session
   *[other] { $sessions } sessions
} at once
send-route-member = { $relay } (weight { $weight }, { $sessions ->
    [one] { $sessions } session
   *[other] { $sessions } sessions
})
send-route-pool = through { $count } relays: { $relays }
send-rate-domain = { $rate } for { $domain }
send-rate-window = only { $window }
send-rate-unlimited = unlimited
send-rate-and = and
send-rate-relay = { $rates } to { $relay }
send-pace-unlimited = no rate limit ({ $limits })
send-pace-limited = limits { $limits }, about { $duration } of sending
send-pace-none = none

## As the send goes, and at its end
send-nothing-to-send = nothing to send (journal `{ $journal }`)
send-not-confirmed = nothing sent: not confirmed
send-shard = shard { $shard }: this share of the list only, journal `{ $journal }`
send-reviewed = { $messages ->
    [one] the { $messages } message is the one reviewed in `{ $folder }`
   *[other] the { $messages } messages are those reviewed in `{ $folder }`
}
send-next = next: { $step }
send-stopped-fix = the run stopped: fix the cause and { $reader ->
    [page] press Send on the Send page again
   *[other] run `missive send` again
} to go on
send-stopped-not-attempted = the run stopped: { $count ->
    [one] { $count } message was
   *[other] { $count } messages were
} not attempted; fix the cause and { $reader ->
    [page] press Send on the Send page again
   *[other] run `missive send` again
}
send-stopped-by-signal = { $reader ->
    [page] paused (Pause, or Ctrl-C in missive's window)
   *[other] stopped by Ctrl-C (or SIGTERM)
}: nothing is left half-sent in the journal
send-stopped-reader-gone = stopped: whoever read the events went away; nothing is left half-sent in the journal
send-journal-stats = journal `{ $journal }`: { $stats }
# The summary at the end: $seconds with one decimal, $size as the units say it
send-summary = sent { $sent }, refused { $failed }, deferred { $deferred }, uncertain { $uncertain } in { $seconds } s ({ $size } accepted)
send-summary-relay = {"  "}{ $relay }: sent { $sent }, refused { $failed }, deferred { $deferred }, uncertain { $uncertain }
send-summary-report = `missive report` lists every recipient with the relay's reply

## Drafts and copies in Sent
send-drafts-nothing = nothing to put in Drafts: every message is drafted or sent already (journal `{ $journal }`)
send-drafts-not-confirmed = nothing put in Drafts: not confirmed
send-drafts-next = next: open your mail client's Drafts folder, check each message and send it
send-filed-drafts = drafts in `{ $folder }`: `{ $count }` put in
send-filed-sent = copies in Sent `{ $folder }`: `{ $count }` put in
send-filed-found = , `{ $found }` found there already (an earlier run stopped before noting them)
send-copies-none = warning: no copy was put in Sent: { $error }; the messages went all the same. Fix it, then { $reader ->
    [page] sending again from the Send page
   *[other] `missive send` again
} puts the `{ $count }` copies in (it sends nothing twice)
send-copies-stopped = warning: the mailbox stopped taking copies: { $error }; `{ $missing }` copies are missing; the messages went all the same. { $reader ->
    [page] Sending again from the Send page
   *[other] `missive send` again
} puts them in (it sends nothing twice)
send-copies-gone = warning: `{ $missing }` sent { $missing ->
    [one] message is
   *[other] messages are
} no longer in the list, so their copies cannot be made again

## `missive collect`
send-collect-no-journal = no journal at `{ $path }`: nothing was sent for this campaign yet, so nothing can come back
send-collect-read = read `{ $count }` new { $count ->
    [one] message
   *[other] messages
} in { $folders }
send-collect-and = and
send-collect-nothing = nothing about this campaign came back
send-collect-recorded = recorded in `{ $journal }`: { $counts }
send-collect-kind = { $kind ->
    [bounced] bounced
    [delayed] delayed
    [delivered] delivered
   *[read] read
} `{ $count }`
send-collect-auto-replies = `{ $count }` automatic { $count ->
    [one] reply
   *[other] replies
} (out of office…): the address works; not recorded as bounces
send-collect-elsewhere = `{ $count }` { $count ->
    [one] report
   *[other] reports
} about other messages than this campaign's: left alone
send-collect-next = next: `missive status` counts them, `missive report` lists each
send-collect-no-list = `{ $count }` { $count ->
    [one] address
   *[other] addresses
} bounced for good, but there is no configuration folder to keep the suppression list in (set HOME, or `suppression_list = "…"` in campaign.toml): later campaigns will not leave them out
send-collect-suppressed = `{ $count }` { $count ->
    [one] address
   *[other] addresses
} bounced for good, added to the suppression list `{ $list }`: every later campaign leaves them out ({ $addresses })
