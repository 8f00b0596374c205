# What the Send and Results pages of `missive serve` say (src/serve/send_page.rs,
# run_view.rs, run.rs, results_page.rs). The terms: locales/glossary.md. A key here is also
# in fr/serve-send.ftl.

## The Send page
serve-send-title = Send — missive
serve-send-heading = Send
serve-send-plan = The plan
serve-send-progress = Progress
serve-send-send = Send
# $count: the messages the plan sends
serve-send-question = Send { $count ->
    [one] { $count } message
   *[other] { $count } messages
}?
serve-send-yes = Yes, send { $count ->
    [one] { $count } message
   *[other] { $count } messages
}
serve-send-cancel = Cancel
serve-send-password = Password of the SMTP relay:
serve-send-password-known = Given for this session: leave it empty to keep it, or type it again.
serve-send-pause = Pause
serve-send-resume = Resume
# $by: the reviewer's name; $at: when they approved
serve-send-approved = The review folder holds an approval: approved by { $by } on { $at }. The send checks the messages are the ones approved.
serve-send-unconfirmed = Nothing was sent: the send was not confirmed. Press Send, then answer the question that states the count.
serve-send-already = A send is already running: its progress is below.
serve-send-plan-changed = Nothing was sent: the plan changed since it was confirmed. Look at it again and confirm it.
# $done: messages the relay answered; $total: the messages of the send
serve-send-of = { $done } of { $total }
serve-send-counts = { $sent } sent, { $deferred } deferred, { $failed } failed
# $counts: serve-send-counts
serve-send-counts-uncertain = { $counts }, { $uncertain } uncertain
# $left: a duration
serve-send-left = about { $left } left
serve-send-preparing = Checking every row…
serve-send-running = Sending…
serve-send-pausing = Pausing: no new message starts, those in flight finish.
serve-send-paused = Paused. Resume sends what is left, nothing twice.
serve-send-broke = The send stopped on an error of missive itself: see the terminal where `missive serve` runs. What was sent is in the journal; the next send goes on from there.
serve-send-done = The send is over: every message was sent.
serve-send-not-all = The send is over, but not every message was sent: see the Results page.

## The test send
serve-test-heading = Send me a test
serve-test-address = Send to the address:
serve-test-rows = The first rows, how many:
serve-test-where = Only the rows where (optional):
serve-test-send = Send me a test
# $count: test messages sent; $address: where they went
serve-test-sent = { $count ->
    [one] { $count } test message sent to { $address }
   *[other] { $count } test messages sent to { $address }
}
# $sent, $count: messages sent, of how many; $said: what the run said
serve-test-not-all = { $sent } of { $count } test messages sent to { $address }. { $said }
serve-test-bad-address = `{ $address }` is not an email address.
serve-test-bad-rows = The number of rows must be 1 or more.

## The Results page
serve-results-title = Results — missive
serve-results-heading = Results
serve-results-status = Status
serve-results-report = Report
serve-results-download = Report (CSV)
serve-results-retry = Send again to the failed and deferred recipients
serve-results-empty = Nothing was sent yet.
# The name of the downloaded report
serve-results-file = report.csv
# A recipient's state in the report's table
serve-results-pending = pending
serve-results-sending = sending
serve-results-sent = sent
serve-results-failed = failed
serve-results-deferred = deferred
serve-results-uncertain = uncertain
serve-results-drafted = drafted
