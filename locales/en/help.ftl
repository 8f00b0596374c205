# The help of missive (`missive --help`, `missive <command> --help`, `-h`), the manual page
# and the errors of the command line. The terms: locales/glossary.md.
# The English of a command or a flag is its doc comment in src/cli.rs (a test holds them
# equal): change both together. No final full stop, as clap shows it. Flags
# (`--skip-invalid`) and values to type (`csv`, `30/min`) stay as they are in every language.

## clap's own words

help-usage-heading = Usage:
help-heading-commands = Commands
help-heading-arguments = Arguments
help-heading-options = Options
# The command's name in the usage line: `missive [OPTIONS] <COMMAND>`
help-value-command = COMMAND
help-flag-help = Print help
help-flag-help-short = Print help (see more with '--help')
help-flag-help-long = Print help (see a summary with '-h')
help-flag-version = Print version
help-help-about = Print this message or the help of the given subcommand(s)
# What clap adds after a flag's help: its environment variable, its default, its possible
# values (English keeps clap's own; these are the words other languages say it with).
help-spec-env = [env: { $variable }]
help-spec-default = [default: { $value }]
help-spec-values = [possible values: { $values }]
help-spec-values-title = Possible values:

## The commands

help-missive-about = Mail-merge notification sender: one personalised email per recipient, sent politely over SMTP, resumable, reviewed before it leaves
help-init-about = Write a sample campaign (a circular, its infographic, a list, campaign.toml); never overwrites. With `--from-eml`, a campaign relaying a received email to a staff list
help-check-about = Load, render and compose every message; report every problem; send nothing
help-preview-about = Write the dry-run a reviewer reads: index.html (a gallery for any browser), a page and an .eml per message (a sample of .eml beyond 1,000), manifest.json (the plan's fingerprint)
help-approve-about = Approve the plan previewed in DIR, as its reviewer: checked to be the campaign as it is now, then recorded in DIR/approval.json (who, when, which plan) for `send --reviewed DIR`
help-send-about = Send the messages for real
help-drafts-about = Put each message in your mailbox's Drafts folder (IMAP) instead of sending it: you send them from your own mail client. The same checks and confirmation as `send`
help-collect-about = Read the bounces, delay warnings and read receipts that came back to the mailbox (IMAP, read-only: nothing deleted, moved or marked read) into the journal
help-suppressed-about = The addresses every campaign leaves out because they bounced for good (the suppression list, filled by `collect`): list them, or take one off with `--remove`
help-status-about = What the journal knows: how many recipients are sent, failed, uncertain, pending; what to do next
help-report-about = One line per recipient: row, address, status, SMTP code and reply, Message-ID, attempts, time
help-bundle-about = Pack the campaign into one .tar to relay: template folder, attachments, limits; no list, no login (`missive init --from BUNDLE` unpacks it)
help-completions-about = Print the completion script of a shell (bash, zsh, fish, elvish, powershell)
help-man-about = Print the manual page (roff), or write it and one page per command into a folder
help-serve-about = Open the campaign in your browser: a local web app, reachable from this computer only

## The examples after the options: the commands as typed, then what they do

help-init-examples =
    Examples:
      missive init rentree          write the sample campaign into ./rentree
      missive init --from circulaire.tar relais   unpack a bundle made by `missive bundle`
      cd rentree && missive check   then check it, preview it, send it
help-check-examples =
    Examples:
      missive check                                   the campaign of ./campaign.toml
      missive check -t message.md -r directeurs.csv   a template and a list, no campaign file
      missive check -c mailmerge_server.conf          a folder made for Python's mailmerge
      missive check --delimiter ';' --encoding windows-1252   a list Excel saved in France
      missive check --smtp smtp://127.0.0.1:25       the sending plan through a relay on this machine
help-preview-examples =
    Examples:
      missive preview --open              write ./preview and open its gallery
      missive preview --out revue         the dry-run a reviewer reads, in ./revue
      missive preview --out revue --only 1500   the .eml of message 1500 of a big campaign
help-approve-examples =
    Examples:
      missive approve revue --by 'Marie Dupont'   approve the plan previewed in ./revue
      missive send --reviewed revue               then send it: the send says who approved it
help-drafts-examples =
    Examples:
      missive drafts --imap imaps://imap.ac-lille.fr   each message in your Drafts folder, to send yourself
      missive drafts --reviewed revue --limit 5        the first five reviewed messages only
help-collect-examples =
    Examples:
      missive collect                                  read what came back since the last time
      missive collect --imap imaps://imap.ac-lille.fr  the mailbox given on the command line
help-suppressed-examples =
    Examples:
      missive suppressed                                     the addresses left out, and why
      missive suppressed --remove m.durand@ac-lille.fr       that address works again: send to it
      missive suppressed -c rentree/campaign.toml            the list that campaign names
help-send-examples =
    Examples:
      missive send --to moi@ac-lille.fr --limit 3   a test send of three messages, to yourself
      missive send --reviewed revue                 send what was previewed in ./revue, nothing else
      missive send --rate 30/min --window 18:00-07:30   politely, outside office hours
      missive send --yes --smtp 'smtp://smtp.ac-lille.fr:587?tls=required' --smtp-user jdupont
      missive send --retry-uncertain                 after a crash: resend what may not have left
help-status-examples =
    Examples:
      missive status                       what the journal beside campaign.toml knows
      missive status --journal run.sqlite  another journal
help-report-examples =
    Examples:
      missive report -o rapport.csv        one CSV line per recipient, for a spreadsheet
      missive report --format jsonl        one JSON object per line, for a script
help-bundle-examples =
    Examples:
      missive bundle -o rentree-numerique.tar   pack the campaign to send to the heads
      missive bundle -c rentree/campaign.toml   another folder's campaign, as <its id>.tar
help-completions-examples =
    Examples:
      missive completions bash > ~/.local/share/bash-completion/completions/missive
      missive completions zsh > ~/.zfunc/_missive   with `fpath+=~/.zfunc` in ~/.zshrc
      missive completions fish > ~/.config/fish/completions/missive.fish
help-man-examples =
    Examples:
      missive man | man -l -                 read the manual now
      missive man -o ~/.local/share/man/man1  install it for `man missive`
help-serve-examples =
    Examples:
      missive serve                 the campaign of this folder, in your browser
      missive serve rentree         the campaign of ./rentree
      missive serve --no-open       print the address only, to open it yourself

## The flags, by their name in the code (`skip_invalid` → help-arg-skip-invalid);
## help-arg-<flag>-in-<command> when one command says it otherwise

help-arg-lang = The language missive speaks (default: `MISSIVE_LANG`, then the locale: `LC_ALL`, `LC_MESSAGES`, `LANG`; French when it starts with `fr`, English otherwise)
help-choice-lang-en = English
help-choice-lang-fr = Français
help-arg-dir = Folder to write into (created if missing)
help-arg-dir-in-serve = The campaign folder, where campaign.toml is (default: the current folder)
help-arg-no-open = Print the address without opening a browser
help-arg-from-eml = A received email saved as .eml: its body (note and forwarded block above it), its attachments and its subject (`TR : …`) become the campaign, sent to a staff list
help-arg-subject = The subject of the relayed messages, instead of `TR : <original subject>`
help-arg-from = A bundle made by `missive bundle`: its template, attachments and limits become the campaign; add your own list and relay
help-arg-campaign = The campaign file (default: ./campaign.toml when it exists)
help-arg-campaign-in-suppressed = The campaign file whose `suppression_list` to use (default: ./campaign.toml when it exists; without one, `suppressed.csv` beside the profiles' config.toml)
help-arg-template = The message template (overrides campaign.toml)
help-arg-recipients = The recipient list (overrides campaign.toml)
help-arg-attach = A file attached to every message (repeatable; adds to campaign.toml's)
help-arg-filter = Only the rows for which EXPR holds (check, preview, send), written as in a template's `{"{"}% if %{"}"}`: `--where 'circonscription == "Lille 3"'`. The others are left out
help-arg-profile = The SMTP profile of ~/.config/missive/config.toml to send with (overrides campaign.toml's `profile`); the campaign's own [smtp] keys still win over the profile's
help-arg-delimiter = The recipient list's delimiter: `;`, `,` or `tab` (detected when not given)
help-arg-encoding = The recipient list's encoding: `utf-8`, `utf-16le`, `utf-16be` or `windows-1252` (detected when not given: byte-order mark, then UTF-8, then Windows-1252)
help-arg-sheet = The spreadsheet's sheet to read (default: the first one)
help-arg-allow-duplicates = Send to the same recipients as many times as they appear in the list (default: once)
help-arg-skip-invalid = Go on with the valid rows and report the others, instead of refusing to run
help-arg-journal = The journal of what was sent (default: `.missive/journal.sqlite` in the folder of campaign.toml, or of the template when there is none), or a `PostgreSQL` journal several machines share, `postgres://USER@127.0.0.1:PORT/DATABASE` (password in `PGPASSWORD` or `~/.pgpass`). `status` and `report` take it several times to see the journals of several shards (or machines) as one
help-arg-shard = Only this machine's share of the list: shard I of N (from 1), chosen by recipient, the same on every machine; its journal is `.missive/journal-shard-I-of-N.sqlite`
help-arg-verbose = Say more about what is done
help-arg-events = How check, preview and send report what happens: `text` for a person, or `json`, one JSON object per line on standard output for each row or message, ending with a `summary` (the words for a person then go to standard error)
help-choice-events-text = Words for a person on standard error, a progress bar on a terminal
help-choice-events-json = One JSON object per line on standard output; words for a person on standard error
help-arg-out = Folder for the preview (replaced if it holds an earlier preview)
help-arg-dir-in-approve = The preview folder to approve (`missive preview --out DIR`)
help-arg-by = The reviewer's name, as the send will say it: `--by 'Marie Dupont'`
help-arg-open = Open the gallery in a browser once written
help-arg-only = Write only the .eml of message N of the preview in `--out` (checked to be the one reviewed), for a big campaign whose preview holds a sample
help-arg-deny-warnings = Make warnings errors, for scripts: a message that may land in spam or read badly, a duplicate row, an address only some relays carry then ends the run with exit code 1, before anything is sent (send) or written (preview)
help-arg-remove = Take this address off the list: campaigns send to it again
help-arg-output = The bundle to write (default: `<campaign id>.tar`)
help-arg-output-in-report = Write the report to FILE instead of standard output
help-arg-excel = Write the CSV as Excel opens it directly: `;` between columns, UTF-8 with a byte-order mark (the form a French language gives anyway)
help-arg-format = The format: `csv` or `jsonl` (one JSON object per line)
help-arg-shell = The shell to complete for
help-arg-out-in-man = Write `missive.1` and `missive-<command>.1` into DIR instead of printing
help-arg-smtp = The relay: `smtps://host:465`, `smtp://host:587?tls=required`; plain `smtp://` to loopback only (default: campaign.toml's)
help-arg-smtp-user = The login name on the relay (its password: `MISSIVE_SMTP_PASSWORD`, `password_command` in campaign.toml, or a prompt); `--smtp-user ''` sends without logging in
help-arg-imap = The mailbox: `imaps://host:993`, `imap://host:143?tls=required`; plain `imap://` to loopback only (default: campaign.toml's `[imap] url`). Its login is the relay's unless `[imap]` gives its own; its password: `MISSIVE_IMAP_PASSWORD`
help-arg-imap-user = The login name on the mailbox (default: `[imap] username`, else the relay's)
help-arg-ca-file = A private certificate authority (PEM) to trust besides the system's
help-arg-yes = Do not ask for confirmation (required when not on a terminal)
help-arg-limit = Only the first N messages
help-arg-to = Test send: the selected rows, each rendered with its own data, all go to ADDRESS alone
help-arg-rates = A rate limit: `30/min`, `2/s`, `1000/h`, `5000/day` (repeatable: all hold), or `unlimited`
help-arg-concurrency = How many SMTP sessions at once
help-arg-per-connection = Messages sent in one SMTP session before it is renewed
help-arg-window = Send only inside these local hours, e.g. `18:00-07:30` or `18h-7h30`; outside, missive waits
help-arg-not-before = Send nothing before this local time, e.g. `2021-04-25 18:00` or `25/04/2021 18h00`
help-arg-retry-base = The wait before a deferred address is tried again (a greylist's 451); it doubles each time, jittered (default `1min`: retries after about 1, 3, 7, 15 minutes)
help-arg-retry-for = How long a run keeps trying deferred addresses after their first try (default `30min`); what is still deferred then waits for the next `missive send`
help-arg-max-attempts = Attempts per message in one run, the first included (default 10)
help-arg-max-failures-in-a-row = Stop the run after this many failures of the relay in a row (a busy or refusing relay, a broken session; a recipient's own refusal does not count)
help-arg-timeout = How long to wait for the relay at each step: connecting, its greeting, each command's reply (default `15s` to connect, `30s` for the greeting, `1min` per command); `[smtp] timeout` in campaign.toml
help-arg-data-timeout = How long to wait for the relay's reply once a message is sent (default `3min`); `[smtp] data_timeout` in campaign.toml
help-arg-insecure = Allow plaintext SMTP to a host that is not this machine
help-arg-retry-failed = Send again to the recipients the relay refused for good in an earlier run
help-arg-retry-uncertain = Send again to the recipients who may have got it (their run stopped before the relay replied); the Message-ID is the same, so a resend is recognisable
help-arg-new-revision = Go on after the template or an attachment changed, though part of the campaign was sent in its earlier version
help-arg-new-revision-in-drafts = Go on after the template or an attachment changed, though part of the campaign was sent or drafted in its earlier version
help-arg-reviewed = Send only if the messages are exactly those previewed in DIR (`missive preview --out DIR`); otherwise say what changed and send nothing
help-arg-reviewed-in-drafts = Only if the messages are exactly those previewed in DIR (`missive preview --out DIR`)
help-arg-save-sent = Keep copies in the mailbox's Sent folder: `each` message, the `first` one for the campaign, or `none` (default: campaign.toml's `[imap] save_sent`, else none)

## The names of the values (`--out <DIR>`), in capitals, no space

help-value-address = ADDRESS
help-value-attach = ATTACH
help-value-bundle = BUNDLE
help-value-ca-file = CA_FILE
help-value-campaign = CAMPAIGN
help-value-datetime = DATETIME
help-value-delimiter = DELIMITER
help-value-dir = DIR
help-value-duration = DURATION
help-value-encoding = ENCODING
help-value-expr = EXPR
help-value-file = FILE
help-value-file-url = FILE|URL
help-value-format = FORMAT
help-value-hh-mm-hh-mm = HH:MM-HH:MM
help-value-i-n = I/N
help-value-imap-user = IMAP_USER
help-value-lang = LANG
help-value-mode = MODE
help-value-n = N
help-value-name = NAME
help-value-out = OUT
help-value-recipients = RECIPIENTS
help-value-sheet = SHEET
help-value-shell = SHELL
help-value-smtp-user = SMTP_USER
help-value-spec = SPEC
help-value-subject = SUBJECT
help-value-template = TEMPLATE
help-value-url = URL

## The errors of the command line (exit code 2). English prints clap's own; these say the
## same from the error's data in the other languages.

help-error = error: { $problem }
help-error-tip = tip: { $tip }
help-error-usage = Usage: { $usage }
help-error-more = For more information, try '--help'.
help-error-unknown-flag = unexpected argument '{ $flag }' found
help-error-unexpected = unexpected argument '{ $value }' found
help-error-unknown-command = unrecognized subcommand '{ $command }'
help-error-value-missing = a value is required for '{ $flag }' but none was supplied
help-error-value-refused = invalid value '{ $value }' for '{ $flag }'
help-error-value-refused-because = invalid value '{ $value }' for '{ $flag }': { $reason }
help-error-required = { $count ->
    [one] the following required argument was not provided:
   *[other] the following required arguments were not provided:
}
help-error-twice = the argument '{ $flag }' cannot be used multiple times
help-error-conflict = the argument '{ $flag }' cannot be used with '{ $other }'
help-error-conflict-some = the argument '{ $flag }' cannot be used with one or more of the other specified arguments
help-error-command-missing = '{ $command }' requires a subcommand but one was not provided
help-error-too-many = unexpected value '{ $value }' for '{ $flag }' found; no more were expected
help-error-how-many = { $count ->
    [one] { $count } value required by '{ $flag }'
   *[other] { $count } values required by '{ $flag }'
}
help-error-no-equals = equal sign is needed when assigning values to '{ $flag }'
help-error-not-utf8 = invalid UTF-8 was detected in one or more arguments
help-error-other = the command line is not understood
help-error-possible-values = [possible values: { $values }]
help-error-possible-commands = [subcommands: { $values }]
help-tip-similar = a similar one exists: '{ $similar }'
help-tip-as-value = to pass '{ $value }' as a value, use '{ $written }'
help-tip-double-dash = subcommand '{ $command }' exists; to use it, remove the '--' before it
help-tip-exists = '{ $flag }' exists
help-tip-other = { $said }

## A flag's value refused (the form it takes follows, said by its type)

help-flag-invalid = invalid value for '{ $flag }': { $problem }
help-flag-invalid-from-env = invalid value for '{ $flag }' (from { $variable }): { $problem }
help-flag-invalid-value = invalid value for a value: { $problem }
help-flag-not-utf8 = it is not valid text (UTF-8)
help-count-invalid = `{ $value }` is not a count; write a whole number of 1 or more, like `2`

## The titles of the manual page's sections (`missive man`), in capitals as man pages have them

help-page-name = NAME
help-page-synopsis = SYNOPSIS
help-page-description = DESCRIPTION
help-page-options = OPTIONS
help-page-arguments = ARGUMENTS
help-page-commands = SUBCOMMANDS
help-page-version = VERSION
help-page-authors = AUTHORS
help-page-examples = EXAMPLES
