# What `missive check` prints (src/commands/check.rs). The terms: locales/glossary.md. A key
# here is in fr/check.ftl too.

# $file: the recipient list; $format: how it was read; $columns: its columns, "a, b"
check-list = { $file }: { $format } ({ $count ->
    [one] { $count } column
   *[other] { $count } columns
}: { $columns })
# $shard: `--shard`'s I/N; said before check-ready
check-shard = shard { $shard }: { $ready }
# $size: the messages' size, "2.5 MB"
check-ready = { $count ->
    [one] { $count } message
   *[other] { $count } messages
} ready, { $size } in all
check-ready-warnings = { $count ->
    [one] { $count } message
   *[other] { $count } messages
} ready, { $size } in all, { $warnings ->
    [one] { $warnings } warning
   *[other] { $warnings } warnings
}
# $plan: the limits `send` would apply, and how long they make it last
check-plan = sending plan: { $plan }
check-blocks = { $count ->
    [one] { $count } problem
   *[other] { $count } problems
} to fix before sending, on { $rows ->
    [one] { $rows } row
   *[other] { $rows } rows
}; fix { $count ->
    [one] it
   *[other] them
}, or give `--skip-invalid` to send the other rows without { $rows ->
    [one] it
   *[other] them
}
check-skipped = { $count ->
    [one] { $count } row with problems will be left out
   *[other] { $count } rows with problems will be left out
} (`--skip-invalid`)
