# What missive says about a recipient list: reading it (encoding, delimiter, spreadsheet),
# its header, its rows and the addresses in them. $at is `FILE:LINE`; $path a file.
# The terms: locales/glossary.md.

recipients-open = { $path }: cannot read the recipient list: { $system }; check the path given with `-r` or as `recipients` in campaign.toml
# $what: what the file is instead, by its first bytes
recipients-not-text = { $path }:1: this is not a recipient list but { $what ->
    [pdf] a PDF document
    [zip] a zip archive (an .xlsx or .ods spreadsheet under another name?)
    [xls] an old Office file (an .xls spreadsheet under another name?)
    [png] a PNG image
    [jpeg] a JPEG image
    [gif] a GIF image
    [gzip] a gzip archive
    [rtf] an RTF document
   *[binary] binary data, not text
}; give a CSV, .xlsx or .ods list with a header row and one row per recipient
# $byte: the byte in hexadecimal, `E9`
recipients-mixed-encoding = { $path }:{ $line }: the list is UTF-8 but this line has a byte that is not (`0x{ $byte }`), as when two sources are pasted together; save the list again as "CSV UTF-8", or give `--encoding windows-1252` or `--encoding utf-8` to read it anyway
recipients-bom-conflict = { $path }: the file starts with a { $marked } byte-order mark but `--encoding { $given }` was given; remove `--encoding` (the mark says how the file is written)
recipients-empty = { $path }:1: the recipient list is empty: it needs a header line with the column names, then one line per recipient
recipients-no-rows = { $path }:1: the list has a header line but no recipients; add one line per recipient under it
# $detail: recipients-detail-missing or recipients-detail-extra
recipients-field-count = { $at }: this row has { $found ->
    [one] { $found } field
   *[other] { $found } fields
} but the header has { $expected } ({ $detail }); check for a missing or extra `{ $delimiter }`, and put a value that holds `{ $delimiter }` in double quotes
recipients-detail-missing = no value for { $columns }
recipients-detail-extra = { $values } after the last column `{ $last }`
# A list cut short: $shown the first values, $count how many more
recipients-and-more = { $shown } and { $count } more
recipients-unnamed-value = { $at }: column { $index } has no name in the header but holds `{ $value }`; name the column in the header, or clear the value
recipients-cell-error = { $at }: column `{ $column }` holds the spreadsheet error `{ $error }`; fix the formula in the sheet, or clear the cell
# $said: the CSV reader's own words
recipients-unreadable-row = { $at }: cannot read this row: { $said }; check its quotes
recipients-not-encoding = { $at }: this row is not { $encoding } text; remove `--encoding` to let missive detect the encoding, or give the right one ({ $names })
# $said: the spreadsheet reader's own words
recipients-spreadsheet = { $path }: cannot read the spreadsheet: { $said }; open it in LibreOffice or Excel and save it again as .xlsx or .ods
recipients-unknown-sheet = { $path }: there is no sheet `{ $sheet }`; the sheets are { $available }: give one of them to `--sheet`
recipients-header-no-columns = { $at }: the header row has no column names; put the column names in the first row
recipients-header-unnamed = { $at }: column { $index } has no name; give every column a name in the header row
recipients-header-duplicate = { $at }: two columns are named `{ $name }`; rename one of them
recipients-header-same-alias = { $at }: columns `{ $first }` and `{ $second }` are both reached in templates as `{ $alias }`; rename one of them

recipients-address-invalid = `{ $text }` is not an email address; write it as `name@domain.fr` or `Name <name@domain.fr>`
recipients-address-control = a name or address contains a control character (a line break or tab): `{ $text }`; remove it
recipients-address-unclosed = `{ $text }` has a `<` without its closing `>`; add the `>` after the address
recipients-address-domain = `{ $text }`: `{ $domain }` is not a valid domain name (accents are allowed, but not spaces, nor signs other than `-` between the dots); correct the address

recipients-delimiter-unknown = `{ $text }` is not a delimiter missive reads; use `;`, `,` or `tab`
recipients-encoding-unknown = `{ $text }` is not an encoding missive reads; use { $names }
recipients-encoding-names = `utf-8`, `utf-16le`, `utf-16be` or `windows-1252`

# How a list was read, as `check` says it
recipients-format-text = text, { $encoding }, delimiter { $delimiter }
recipients-format-text-given = text, { $encoding }, delimiter { $delimiter } (as `--delimiter` says)
recipients-delimiter-tab = tab
recipients-encoding-bom = { $name } with byte-order mark
recipients-encoding-given = { $name } (as `--encoding` says)
recipients-encoding-not-utf8 = { $name } (not UTF-8: byte `0x{ $byte }` on line { $line })
recipients-encoding-no-bom = { $name } without byte-order mark
recipients-format-sheet = { $kind } spreadsheet, sheet `{ $sheet }` (dates as dd/mm/yyyy)
