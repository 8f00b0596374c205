# What `missive serve` says, in the terminal and in its pages (src/commands/serve.rs,
# src/serve/). The terms: locales/glossary.md. A key here is in fr/serve.ftl too.

# $folder: the campaign folder given
serve-listening = the campaign of `{ $folder }` is open in your browser at the address above, from this computer only; Ctrl-C stops it
serve-no-display = no display here: open the address above in a browser of this computer
serve-no-browser = no browser could be opened: open the address above in a browser of this computer
serve-stopped = stopped
# $error: the system's words
serve-bind = no port of 127.0.0.1 could be listened on: { $error }
serve-runtime = the web app could not start: { $error }
# $reason: the system's words
serve-random = the system gave no random bytes for the address's token: { $reason }
serve-page = a page of the web app could not be made: { $reason }

## The pages

serve-refused-title = Access refused
serve-refused = This page opens only from the address `missive serve` printed, with its token. Open that address again, or start `missive serve` again for a new one.
serve-campaign-title = Campaign — missive
serve-campaign-heading = Campaign
serve-folder = Folder:
serve-problems = Check
serve-no-problems = No problem found.
serve-check = Check
serve-template = Template
serve-edit = Edit the template:
serve-save = Save
serve-columns = Columns of the list
serve-no-columns = The list could not be read: see the check above.
serve-saved = Template saved, and checked again.
# $file: the template; $error: the system's words
serve-not-saved = `{ $file }` could not be saved: { $error }
serve-unreadable = `{ $file }` could not be read: { $error }
# $folder: the campaign folder; $command: the command that makes a campaign there
serve-no-campaign = `{ $folder }` has no campaign.toml: `{ $command }` writes a sample campaign there to start from.
# $line: the template's line; $problem: what is wrong there
serve-at-line = line { $line }: { $problem }

## The pages' navigation

serve-nav-campaign = Campaign
serve-nav-recipients = Recipients
serve-nav-preview = Preview
serve-nav-review = Review
serve-nav-send = Send
serve-nav-results = Results

## The Recipients page

serve-recipients-title = Recipients — missive
serve-recipients-heading = Recipients
serve-list-how = How the recipient list was read
serve-list-file = File
serve-list-format = Format
serve-list-text = text (values separated by a delimiter)
# $kind: the kind of spreadsheet (xlsx, ods…)
serve-list-sheet-kind = spreadsheet ({ $kind })
serve-list-sheet = Sheet
serve-list-encoding = Encoding
serve-list-delimiter = Delimiter
serve-delimiter-semicolon = semicolon (`;`)
serve-delimiter-comma = comma (`,`)
serve-delimiter-tab = tab
# $delimiter: the character
serve-delimiter-other = the character `{ $delimiter }`
serve-list-columns = Columns
serve-list-row-count = Rows
# $count: the rows of the list
serve-list-rows = { $count ->
    [one] { $count } row
   *[other] { $count } rows
}
serve-filter = Filter
serve-filter-where = Only the rows where (as `--where`):
serve-filter-apply = Filter
# $matched: the rows kept; $total: the rows of the list; $expression: the condition
serve-filter-matched = { $matched ->
    [one] { $matched } row of { $total } meets
   *[other] { $matched } rows of { $total } meet
} the condition `{ $expression }`
serve-list-problems = Problems in the list
serve-list-no-problems = No problem found in the list.
serve-first-heading = The first rows
# $count: the rows shown
serve-first-rows = { $count ->
    [one] The first row of the list:
   *[other] The first { $count } rows of the list:
}
# $row: the row's line in the list; $problem: what is wrong there
serve-at-row = row { $row }: { $problem }
