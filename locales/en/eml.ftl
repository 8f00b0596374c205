# `missive init --from-eml`: a received message becomes a campaign that relays it.
# The terms: locales/glossary.md.

eml-outlook-msg = this is an Outlook .msg file, which missive cannot read; save the message as .eml instead (Outlook on the web or the new Outlook: `…` > Save as / Download; classic Outlook: forward it to your webmail or Thunderbird and save it from there)
eml-not-a-message = this does not look like a saved email (no From, Subject or Date header); save the message from your mail client as an .eml file (Thunderbird: File > Save As > File)
# $subjects: each from eml-subject, joined by commas
eml-many-forwarded = the message holds { $count } forwarded messages ({ $subjects }); open the one to relay and save it on its own as .eml
eml-subject = `{ $subject }`
eml-subject-line-break = `--subject` must be one line; remove the line break

## A part of the original not relayed: $name, its file name (or its type)

eml-left-out-signature = { $name } (a signature of the original, which would not match the relayed message)
eml-left-out-tnef = { $name } (Outlook's private copy of the formatting, unreadable elsewhere)
eml-left-out-empty = { $name } (empty)
