# What missive says of the mailbox (IMAP): the server, its folders, the login, and what
# `collect`, `drafts` and the copies in Sent do. The terms: locales/glossary.md.
# $reply, $reason: the server's or a library's own words, never translated.

## The server and its folders
mailbox-role-sent = sent messages
mailbox-role-drafts = drafts
mailbox-role-read = mail to read
mailbox-connect = cannot connect to the IMAP server { $server }: { $reason }; check its address and port (`url` in the [imap] section of campaign.toml) and that this computer can reach it
mailbox-said = it said { $words }
mailbox-tls = TLS with the IMAP server { $server } failed: { $reason }; check the address, or trust your académie's certificate authority with `--ca-file`
mailbox-no-starttls = the IMAP server { $server } does not offer STARTTLS; use `imaps://` (port 993) instead
mailbox-login-refused = the IMAP server { $server } refused the login for `{ $user }`: { $reply }; { $hint }
mailbox-login-unsupported = the IMAP server { $server } does not offer the login missive would use ({ $mechanisms }); { $hint }
mailbox-login-without-tls = refusing to send the { $secret } to the IMAP server { $server } without TLS; use `imaps://` or `?tls=required`
mailbox-timeout = the IMAP server { $server } did not answer within { $seconds } s while { $step }; try again later, or ask its administrator
mailbox-folder-missing = the IMAP server { $server } has no folder for { $role } that missive recognises (folders: { $found }); name yours with `{ $setting }` in the [imap] section of campaign.toml
mailbox-configured-folder-missing = the IMAP server { $server } has no folder `{ $name }` (`{ $setting }` in campaign.toml); the folders are: { $found }
mailbox-refused = the IMAP server { $server } refused { $command }: { $reply }; check the folder and your rights to it, or ask the server's administrator
mailbox-protocol = the IMAP server { $server } broke off while { $step }: { $reason }; run the command again, and ask its administrator if it keeps happening
mailbox-folders-none = none
mailbox-folders-more = and { $count } more
mailbox-folder-line-break = the folder name `{ $folder }` holds a line break
mailbox-hint-line-break = the user name or password holds a line break, which only AUTHENTICATE PLAIN can carry
mailbox-hint-ask-server = ask the server's administrator how to log in
mailbox-hint-no-token = this server takes no OAuth2 token: remove `token_command` and give a password

## What the session was doing
mailbox-doing-connecting = connecting
mailbox-doing-starting-tls = starting TLS
mailbox-doing-starttls = starting TLS (STARTTLS)
mailbox-doing-capability = asking what it offers (CAPABILITY)
mailbox-doing-logging-in = logging in
mailbox-doing-greeting = waiting for the greeting
mailbox-doing-list = listing the folders (LIST)
mailbox-doing-append = storing a message (APPEND)
mailbox-doing-examine = opening a folder (EXAMINE)
mailbox-doing-fetch = reading messages (FETCH)
mailbox-doing-search = searching a folder (SEARCH)

## The server's address
mailbox-url-malformed = `{ $url }` is not an IMAP server address: { $reason }; write it like `imaps://imap.example.fr` (TLS, port 993) or `imap://imap.example.fr:143?tls=required` (STARTTLS)
mailbox-url-password = the IMAP server address holds a password; remove it: missive asks for the password, or runs `password_command`, and never keeps it in an address
mailbox-url-plaintext = `{ $url }` is not protected by TLS and is not this machine: the password would cross the network readable; use `imaps://{ $host }` (port 993) or `imap://{ $host }:143?tls=required` (STARTTLS)
mailbox-url-unreadable = { $reason }
mailbox-url-tls-unknown = `tls={ $tls }` is not known (use `tls=required`)
mailbox-url-scheme = the scheme `{ $scheme }` is not imaps or imap

## The mailbox of a command
mailbox-url-origin = { $origin }: { $error }
mailbox-login = the mailbox's login: { $error }
mailbox-no-user = the mailbox needs a user name to log in: set `username` in the [imap] section of campaign.toml (or the relay's, in [smtp], which it shares)
mailbox-runtime = cannot start the network runtime: { $reason }
mailbox-stopped = the mailbox stopped taking messages in `{ $folder }`: { $reason }; `{ $left }` are not there yet: run the same command again, it puts in the rest and none twice
mailbox-session-lost = the session with the mailbox was lost
