# `missive report` (the headings of its CSV, what it says around it) and the summary that
# ends a send. The data of the report (states, codes, replies) never changes with the
# language. The terms: locales/glossary.md.

## The header row of the CSV report, one word per column; the rows below never change
report-column-journal = journal
report-column-row = row
report-column-to = to
report-column-status = status
report-column-code = code
report-column-reply = reply
report-column-message-id = message_id
report-column-attempts = attempts
report-column-time = time
report-column-relay = relay
report-column-returned = returned
report-column-returned-time = returned_time
report-column-returned-status = returned_status
report-column-returned-diagnostic = returned_diagnostic
report-column-read-time = read_time
report-column-also-in = also_in

## What `missive report` says
report-overlap = { $count ->
    [one] `{ $count }` line is a recipient found in more than one journal (column `also_in`): the shards overlapped, and this recipient may have got the message twice; give every machine the same list and the same `--shard I/N` count
   *[other] `{ $count }` lines are recipients found in more than one journal (column `also_in`): the shards overlapped, and these recipients may have got the message twice; give every machine the same list and the same `--shard I/N` count
}
report-written = { $count ->
    [one] `{ $count }` line written to `{ $file }`
   *[other] `{ $count }` lines written to `{ $file }`
}
# Where the report goes when no file is named, as an error names it
report-standard-output = standard output

## The summary at the end of a send; $seconds: "4.2"; $size: "2.5 MB"
