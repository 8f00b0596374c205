# The pass over the list: a row whose message cannot go as it is, a duplicate, the
# suppression list. $at: the row, `list:line`. The terms: locales/glossary.md.

# $columns: the empty columns, each from pipeline-column, joined by commas
pipeline-empty-address = { $at }: header `{ $header }` (template line { $line }) has no address: { $count ->
    [one] the { $columns } column is
   *[other] the columns { $columns } are
} empty on this row; fill it in, or give `--skip-invalid` to leave this row out
pipeline-column = `{ $column }`
# $first: the line of the first row with these recipients; $key: their addresses
pipeline-duplicate = { $at }: the same recipients as line { $first } ({ $key }); they get one message, unless `--allow-duplicates` is given
# $left_out: each address and why, from pipeline-suppressed-why, joined by "; "
pipeline-suppressed = { $at }: left out: { $left_out }; if the address works again, `missive suppressed --remove ADDRESS` puts it back
pipeline-suppressed-why = `{ $address }`: { $why }
# $error: what the system said
pipeline-index-write = cannot write the temporary index of duplicates in `{ $dir }`: { $error }; set TMPDIR to a writable folder with room for it (about 50 MB a million rows), or free some space there
pipeline-index-read = cannot read back the temporary index of duplicates in `{ $dir }`: { $error }; check that disk, or set TMPDIR to another folder

## What the suppression list left out, after the pass

pipeline-suppressed-rows = { $count ->
    [one] { $count } row
   *[other] { $count } rows
}
pipeline-suppressed-addresses = { $count ->
    [one] { $count } address of other rows
   *[other] { $count } addresses of other rows
}
# $parts: the rows and the addresses, joined by pipeline-and
pipeline-suppressed-line = { $parts } left out: their addresses bounced for good earlier (suppression list `{ $list }`, listed by `missive suppressed`); nothing is sent to them
pipeline-and = { $first } and { $second }
