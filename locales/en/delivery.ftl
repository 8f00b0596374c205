# What missive says while it hands the messages to the SMTP relay: the relay's address, the
# connection, TLS, the login, the rates and windows. The terms: locales/glossary.md.
# $reply, $reason: the relay's or a library's own words, never translated.

## The connection
delivery-connect = cannot connect to the relay { $relay }: { $reason }; check its address and port (`--smtp` or `[smtp] url` in campaign.toml) and that this computer can reach it, then run `missive send` again
delivery-tls = TLS with the relay { $relay } failed: { $reason }; check the address, or trust your académie's certificate authority with `--ca-file`
delivery-no-starttls = the relay { $relay } does not offer STARTTLS; use `smtps://` on port 465, or `?tls=opportunistic` only if you accept plaintext
delivery-auth-refused = the relay refused the login for `{ $user }`: { $reply }; { $hint }
delivery-auth-unsupported = the relay does not offer the login method missive would use ({ $mechanisms }): { $reason }; { $hint }
# $secret: delivery-secret-password or delivery-secret-token
delivery-auth-without-tls = refusing to send the { $secret } to { $relay } without TLS; use `smtps://` or `?tls=required`
# $step: one of delivery-doing-*
delivery-timeout = the relay { $relay } did not answer within { $seconds } s while { $step }
delivery-greeting = the relay { $relay } closed the session: { $reason }
delivery-too-many-failures = { $count } messages in a row were refused or deferred (last: { $last }); the relay may be blocking this sender: check with its administrator, then run `missive send` again
delivery-unanswered = { $count } messages in a row got no proper answer from the relay { $relay } after they were sent (last: { $last }): they may have been delivered, or not; the relay is not answering as it should, so the run stopped. Ask its administrator what it received; `missive status` lists these messages as uncertain, and `missive send --retry-uncertain` sends them again once you know they did not arrive
delivery-doing-connecting = connecting
delivery-doing-starting-tls = starting TLS
delivery-doing-ehlo = greeting (EHLO)
delivery-doing-greeting = waiting for the greeting
delivery-doing-logging-in = logging in
delivery-ca-file = cannot read the certificate authority file { $path }: { $reason }; give a PEM file (`-----BEGIN CERTIFICATE-----`) with `--ca-file` or `ca_file` in campaign.toml
delivery-ca-file-empty = it holds no PEM certificate
delivery-ca-file-said = { $reason }

## A pool of relays
delivery-relay-fault = { $origin } ({ $relay }): { $error }
# $relays: each relay and why it is out, delivery-relay-out, joined
delivery-all-relays-out = every relay is out of rotation after repeated failures: { $relays }; check them (or wait for them to recover), then run `missive send` again to go on
delivery-relay-out = { $relay } ({ $why })

## The relay's address
delivery-url-malformed = `{ $url }` is not a relay address: { $reason }; write it like `smtps://smtp.example.fr:465` or `smtp://smtp.example.fr:587?tls=required`
delivery-url-password = the relay address holds a password; remove it and set MISSIVE_SMTP_PASSWORD or `password_command` instead
delivery-url-tls-unknown = `tls={ $tls }` is not known (use `required` or `opportunistic`)
delivery-url-scheme = the scheme `{ $scheme }` is not smtp or smtps

## The login
delivery-secret-password = password
delivery-secret-token = OAuth2 token
delivery-hint-check-password = check the user name and the password
delivery-hint-check-token = check `username` and that `token_command` prints a fresh access token for that mailbox
delivery-hint-ask-relay = ask the relay's administrator how to log in
delivery-hint-no-token = this relay takes no OAuth2 token: remove `token_command` and give a password
delivery-login-token-without-user = `token_command` logs in with XOAUTH2 as a mailbox: set `username` in the [smtp] section of campaign.toml (or `--smtp-user`) to that mailbox's address
delivery-login-spawn = cannot run { $setting } `{ $command }`: { $reason }
delivery-login-failed = { $setting } `{ $command }` failed ({ $status }); run it yourself to see why
# $what: delivery-secret-password or delivery-login-access-token
delivery-login-not-text = { $setting } `{ $command }` printed something that is not text; its first line must be the { $what }
delivery-login-empty = { $setting } `{ $command }` printed nothing; its first line must be the { $what }
delivery-login-access-token = access token
delivery-login-prompt-failed = cannot read the password: { $reason }
delivery-login-no-password = a password is needed for `{ $user }`: set { $variable }, or `password_command` in the { $section } section of campaign.toml
delivery-login-prompt = Password for { $user } on { $host }:{" "}

## Rates, windows, delays
delivery-bad-window = `{ $text }` is not a sending window; write two local times, start and end, like `18:00-07:30`
delivery-bad-duration = `{ $text }` is not a duration; use a number and a unit, like `5s`, `2min` or `1h`
delivery-bad-rate = `{ $text }` is not a rate; write a number of messages per unit, like `30/min`, `2/s`, `1000/h` or `5000/day` (or `unlimited` for `--rate`)
delivery-url-unreadable = { $reason }

## missive's own words where a relay's reply would be (the journal keeps them in English)
delivery-reply-needs-smtputf8 = this address has letters with accents before the @, and the relay does not accept such addresses (it does not offer SMTPUTF8): ask this person for another address
delivery-reply-no-address = no address to send to
delivery-reply-not-retried = not retried: the run stopped
delivery-reply-too-big = the message is { $size } and the relay accepts at most { $limit }: make the attachment smaller, or share it as a link
delivery-reply-session-lost = the session was lost
delivery-reply-closed-after = the message was sent, but the relay closed the connection without answering
delivery-reply-silent-after = no reply within { $seconds } s after the message was sent
delivery-reply-silent-while = no reply within { $seconds } s while { $step }
delivery-reply-broke-during = the connection broke while the message was being sent ({ $error })
delivery-reply-garbled-after = the message was sent, but the relay's answer does not read as SMTP ({ $said })
delivery-reply-broke-after = the message was sent, but the connection broke before the relay answered ({ $error })
delivery-reply-forgot-session = the relay forgot the session ({ $reply })
delivery-reply-broke-while = the relay broke the session while { $step }: { $error }
delivery-step-mail = sending MAIL FROM
delivery-step-rcpt = sending RCPT TO
delivery-step-data = sending DATA
delivery-step-dot = sending the message
