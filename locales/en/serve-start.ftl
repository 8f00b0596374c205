# What the web app says when its folder has no campaign yet (the start page,
# src/serve/start_page.rs), when a file is given through a page (src/serve/upload.rs,
# src/serve/list_upload.rs), and when missive is started by a double-click
# (src/cli/double_click.rs). The terms: locales/glossary.md. A key here is in
# fr/serve-start.ftl too.

# $folder: the campaign folder
serve-listening-window = the campaign folder `{ $folder }` is open in your browser at the address above, from this computer only; close this window to stop missive (`missive --help` shows the command line)
double-click-press-enter = Press Enter to close this window.

## The start page

serve-start-title = Start — missive
serve-start-heading = Start a campaign
serve-start-intro = This folder has no campaign yet (no campaign.toml). Create one here, in one of two ways:
serve-start-sample = Create the sample campaign
serve-start-sample-what = A circular to school heads, its infographic and a list of twelve fictional school heads, as `missive init` writes them: change them into your own campaign.
serve-start-eml = From a received message (.eml)
serve-start-eml-what = A circular you received, saved from your mail program as an .eml file, to relay to your staff: its text, its attachments and its subject become the campaign, as with `missive init --from-eml`.
serve-start-eml-choose = Choose the .eml file, or drop it here:
serve-start-eml-make = Create the campaign from this message

## A file given through a page

# $limit: in megabytes
serve-upload-limit = At most { $limit } MB.
serve-upload-too-big = This file is bigger than { $limit } MB: it was not taken.
serve-upload-not-a-form = The file did not arrive whole: choose it again.
serve-upload-no-file = No file was chosen: choose one, or drop it on the box.
# $name: the file's name, as the browser sent it
serve-upload-bad-name = `{ $name }` is not a file name that can be kept: rename the file and choose it again.
# $kinds: the file name endings taken (.csv, .xlsx…)
serve-upload-kind = `{ $name }` is not of a kind this page takes ({ $kinds }).
# $error: the system's words
serve-upload-unwritten = `{ $name }` could not be written into the campaign folder: { $error }

## The Recipients page: choose or drop a list

serve-list-give = Choose or drop a list
serve-list-choose = A recipient list (CSV, .xlsx or .ods), chosen or dropped on the box:
serve-list-send = Use this list
# $name: the list's file name in the campaign folder
serve-list-kept = The list `{ $name }` is now in the campaign folder.
# $sent: the name of the file already there
serve-list-renamed = A file `{ $sent }` was already there: it is unchanged, and the new list is kept as `{ $name }`.
serve-list-named = campaign.toml now names it as the campaign's recipient list.
# $settings: `encoding = "windows-1252"`, …
serve-list-settings-removed = Taken out of campaign.toml, as they were for the previous list: { $settings }.
# $why: what stopped the change; $line: the line to write
serve-list-not-named = campaign.toml could not be changed ({ $why }): put this line in it yourself, in place of its `recipients` line: { $line }
