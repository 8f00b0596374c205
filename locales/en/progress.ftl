# The progress of a send (src/progress.rs): the bar on a terminal, a plain line elsewhere.
# The terms: locales/glossary.md. A key here is in fr/progress.ftl too.

# Where the bar is: $done of $total messages
progress-position = { $done }/{ $total }
# The outcomes so far; $left: the time left, "3 min"
progress-counts = sent { $sent }, refused { $failed }, deferred { $deferred }, uncertain { $uncertain }, about { $left } left
# A plain line every few seconds; $counts: progress-counts; $rate: messages a minute, "3.2"
progress-line = progress: { $position } ({ $counts }), { $rate } per minute
