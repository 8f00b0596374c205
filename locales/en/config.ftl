# What missive says about a campaign's settings: campaign.toml, the profiles of config.toml,
# mailmerge's server file, `--shard`, `--not-before`. $path is a file; $at is `FILE:LINE`.
# The terms: locales/glossary.md.

# A problem at a place: $at is `FILE:LINE` or `FILE: [[smtp.relay]] #2`
config-at = { $at }: { $problem }
config-no-campaign = no campaign here: run in a folder with campaign.toml, give `-c FILE`, or give `-t TEMPLATE -r LIST` (`missive init` writes a sample)
config-read = { $path }: cannot read the campaign file: { $system }
# $said: what the TOML reader refused, in its own words (or missive's, for its own values)
config-toml-said = { $said }
config-toml-value = `{ $key }`: { $said }
config-toml-table-value = `[{ $table }] { $key }`: { $said }
config-password-in-file = { $path }: a password may not be written in the campaign file (it would be copied with it); remove `password` and either set MISSIVE_SMTP_PASSWORD, or set `password_command` (for example `pass show academie/smtp`), or let missive ask for it
config-password-and-token = { $path }: [smtp] sets both `password_command` and `token_command`; keep `token_command` to log in with an OAuth2 token (XOAUTH2), or `password_command` for a password
config-url-and-relays = { $path }: [smtp] sets `url` and also lists `[[smtp.relay]]` entries; keep one: `url` for a single relay, or that address as one more `[[smtp.relay]]` entry
config-entry-password = a password may not be written here (it would be copied with the file); remove `password` and set `password_command` (for example `pass show academie/relais-2`), or MISSIVE_SMTP_PASSWORD
config-entry-both-secrets = both `password_command` and `token_command` are set; keep the one this relay's login uses
config-entry-no-url = no `url`; give this relay's address, like `url = "smtps://smtp2.example.fr:465"`
config-entry-weight-zero = `weight = 0` would give this relay no message; give it 1 or more, or remove the entry
config-entry-concurrency-zero = `concurrency = 0` would open no session; give it 1 or more
config-entry-toml = `{ $key }` (line { $line }): { $said }
config-imap-password = a password may not be written in the campaign file (it would be copied with it); remove `password` and set MISSIVE_IMAP_PASSWORD, or `password_command` (for example `pass show academie/imap`), or let missive ask for it
config-imap-both-secrets = both `password_command` and `token_command` are set; keep the one your mailbox's login uses
config-no-template = no template: set `template` in campaign.toml or give `-t FILE`
config-no-recipients = no recipient list: set `recipients` in campaign.toml or give `-r FILE`
config-no-relay = no SMTP relay: give `--smtp URL`, set MISSIVE_SMTP_URL, set `url` in the [smtp] section of campaign.toml, or name a profile of ~/.config/missive/config.toml (`profile = "academie"` or `--profile academie`)
config-no-mailbox = no mailbox: give `--imap URL` (like `imaps://imap.ac-lille.fr:993`), set MISSIVE_IMAP_URL, or set `url` in the [imap] section of campaign.toml
# $mode: `each` or `first`
config-copies-without-mailbox = `save_sent = "{ $mode }"` keeps copies in the mailbox's Sent folder, but no mailbox is given; set `url` in the [imap] section of campaign.toml (or `--imap URL`), or `--save-sent none`
# $what: the setting; $reason: why it is refused
config-setting = invalid { $what }: { $reason }
config-journal-twice = invalid `--journal`: given `{ $count }` times, but only `status` and `report` read several journals; give it once
config-mailmerge-folder = invalid mailmerge folder: { $said }
config-concurrency-zero = `0` is not a valid concurrency: at least one SMTP session is needed
config-receipt-unknown = `{ $text }` is not a receipt; write "delivery" (the receiving servers report delivery or failure), "read" (a read receipt), or both: receipts = ["delivery", "read"]
config-lang-tag = `{ $text }` is not a language tag; write the language as HTML does, for example "fr" or "fr-FR"
config-save-sent-unknown = `{ $text }` is not a way to keep copies; write `each` (a copy of every message in Sent), `first` (one copy for the campaign) or `none`

# `follow_up = "…"` in campaign.toml; $written: as written there
config-follow-up = { $file }:{ $line }: `follow_up = "{ $written }"`: { $problem }
config-follow-up-no-folder = there is no folder `{ $folder }`; correct `follow_up`: it names the folder of the earlier campaign (the one holding its campaign.toml), relative to this campaign.toml's folder
config-follow-up-no-journal = nothing was sent from `{ $folder }`: it has no journal (`{ $journal }`); send the first campaign from that folder first, or correct `follow_up`. A campaign sent with a shared PostgreSQL journal (`--journal postgres://…`) cannot be followed up
config-follow-up-itself = this is the campaign's own folder (or journal); a follow-up answers an earlier campaign: name the folder that campaign was sent from
config-follow-up-journal = the earlier campaign's journal cannot be read: { $error }

# The profiles of ~/.config/missive/config.toml; $reason: `missing` or `empty`
config-profile-no-file = no profile `{ $name }`: `{ $path }` { $reason ->
    [missing] does not exist
   *[empty] has no profile
}; write a `[profile.{ $name }]` section there with `url`, `username` and `password_command`
# $known: the profiles there, "academie, perso"
config-profile-unknown = no profile `{ $name }` in `{ $path }`; the profiles there are: { $known }
config-profile-read = { $path }: cannot read it: { $system }
config-profile-password = { $path }: profile `{ $name }` holds a password; remove it and set `password_command` (for example `pass show academie/smtp`), or MISSIVE_SMTP_PASSWORD, or let missive ask
config-profile-password-and-token = { $path }: profile `{ $name }` sets both `password_command` and `token_command`; keep the one your mailbox uses
config-profile-url-and-relays = { $path }: profile `{ $name }` sets `url` and also lists `[[profile.{ $name }.relay]]` entries; keep one: `url` for a single relay, or that address as one more relay entry
config-profile-no-home = no configuration folder: set XDG_CONFIG_HOME or HOME, or write the relay in campaign.toml's [smtp] section

# mailmerge's `mailmerge_server.conf`; $value: as written there
config-mailmerge-no-host = [smtp_server] has no `host`; add `host = smtp.example.fr`
config-mailmerge-bad-port = `port = { $value }` is not a port number; write e.g. `port = 587`
config-mailmerge-no-port = [smtp_server] has no `port`; add `port = 587` (STARTTLS) or `port = 465` (SSL/TLS)
config-mailmerge-xoauth = `security = XOAUTH` needs an access token: write a campaign.toml with `url = "smtps://HOST:465"` and `token_command` in its [smtp] section
config-mailmerge-security = `security = { $value }` is not known; use `SSL/TLS`, `STARTTLS` or `Never`
config-mailmerge-ratelimit = `ratelimit = { $value }` is not a number of messages per minute; write e.g. `ratelimit = 30`
config-mailmerge-not-key-value = `{ $line }` is not a `key = value` line
config-mailmerge-no-section = no [smtp_server] section; mailmerge's server file starts with `[smtp_server]` then `host`, `port`, `security`, `username`

config-shard-invalid = `{ $text }` is not a shard: write the shard as I/N, e.g. `--shard 2/3` for the second of three machines (I from 1 to N)

# `--not-before`: the forms a date and time may take (in any language)
config-moment-invalid = `{ $text }` is not a date and time; write a local time like `2021-04-25 18:00`, `25/04/2021 18:00`, `25/04/2021 18h00` or `25 April 2021 18:00`
