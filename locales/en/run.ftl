# The errors that end a run (src/error.rs): what went wrong and what to do. The terms:
# locales/glossary.md. A key here is in fr/run.ftl too.

## Rows with problems, warnings made errors
# $count: the problems listed above; $rows: the rows they are on
run-invalid-rows = { $count ->
    [one] { $count } problem to fix (listed above); fix it
   *[other] { $count } problems to fix (listed above); fix them
}, or give `--skip-invalid` to leave those rows out
run-invalid-rows-on = { $count ->
    [one] { $count } problem
   *[other] { $count } problems
} to fix (listed above), on { $rows ->
    [one] { $rows } row
   *[other] { $rows } rows
}; fix { $count ->
    [one] it
   *[other] them
}, or give `--skip-invalid` to leave { $rows ->
    [one] that row
   *[other] those rows
} out
# $named: the warnings, a list of the run-denied-on-* below
run-denied-warnings = `--deny-warnings` makes the { $count ->
    [one] warning above an error
   *[other] { $count } warnings above errors
} ({ $named }); nothing is sent: fix { $count ->
    [one] it
   *[other] them
}, or run without `--deny-warnings`
# $name: the warning's name, as `--events json` gives it (image_without_alt, duplicate)
run-denied-on-messages = { $name } on { $count ->
    [one] { $count } message
   *[other] { $count } messages
}
run-denied-on-more-messages = { $name } on { $count ->
    [one] { $count } more message
   *[other] { $count } more messages
}
run-denied-on-rows = { $name } on { $count ->
    [one] { $count } row
   *[other] { $count } rows
}
run-denied-on-addresses = { $name } on { $count ->
    [one] { $count } address
   *[other] { $count } addresses
}

## Files
# $place: a file (or a journal); $error: what the system or the file's reader said
run-at = { $place }: { $error }
# $files: the files already there, "a, b"; $retry: the command to run instead
run-would-overwrite = nothing written: { $count ->
    [one] this file exists already and is never overwritten
   *[other] these files exist already and are never overwritten
}: { $files }; choose an empty folder with `{ $retry }`

## Sending
run-no-message = there is no message to send
# $plan: what was about to happen ("send 3 messages, …")
run-no-terminal = about to { $plan }, but there is no terminal to confirm on; add `--yes` to go ahead without asking
run-answer = cannot read the answer: { $error }
run-runtime = cannot start the network runtime: { $error }

## Relays that may not be used as configured
# $entry: the relay's entry in the campaign's pool
run-relay-entry = { $entry }: { $problem }
run-token-over-plaintext = { $url } is not protected by TLS, and an OAuth2 token (`token_command`) is sent over TLS only; use `smtps://{ $host }:465` or `smtp://{ $host }:587?tls=required`
run-plaintext = { $url } is not protected by TLS and is not this machine; use `smtps://{ $host }:465` or `smtp://{ $host }:587?tls=required`, or add `--insecure` if you really mean plaintext
