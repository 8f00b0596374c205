# What makes a message land in spam or read badly: the content warnings of `check`, `preview`
# and `send`, and their short labels in the gallery. Numbers are grouped (1,234).
# The terms: locales/glossary.md.

# $chars: the HTML's length; $limit: the rule's
lint-image-only = the HTML part shows an image and is only { $chars } characters long: SpamAssassin's HTML_IMAGE_ONLY rules add up to 2.8 spam points to an HTML part with an image and at most { $limit } characters, tags included; write more text around the image, or attach the file instead of showing it
lint-no-text-part = the HTML has no text version: a reader whose mail client shows only text sees nothing, and spam filters count it against the message (SpamAssassin's MIME_HTML_ONLY); give the template a text part
lint-empty-text = the text version is empty while the HTML has { $html } characters of text: a reader whose mail client shows only text sees nothing; write the text version
lint-short-text = the text version has { $text } characters of text, the HTML { $html }: a reader whose mail client shows only text misses most of the message; complete the text version
lint-missing-alt = the image `{ $image }` has no alt text: a reader whose mail client hides images, or who listens to the message, gets nothing of it; describe it (`alt="…"`, or `![description]({ $image })` in markdown)
lint-link-domain = a link shows `{ $shown }` but leads to `{ $target }` ({ $href }): spam filters and careful readers take it for phishing; show the address the link really leads to, or words that are not an address
lint-capital-subject = the subject is in capitals ({ $capitals } of its { $letters } letters; a subject of at least { $min } letters counts from 3 in 4): it reads as shouting and spam filters score it (SpamAssassin's SUBJ_ALL_CAPS); write it in ordinary case
# $shown: how many characters Gmail shows
lint-long-subject-template = the template's subject runs to { $chars } characters before any value from the list: Gmail's inbox on a computer shows about the first { $shown } (a phone 33 to 48), so the reader cannot see what the message is about; put the words that say it first, and shorten
lint-long-subject-data = the subject is { $chars } characters long: Gmail's inbox on a computer shows about the first { $shown } (a phone 33 to 48); shorten it in the list, or put the words that say what the message is about first
# $bytes, $limit: exact counts of bytes; $size: the size as people read it
lint-too-big = the message is { $bytes } bytes: many relays refuse a message over 10 MB (Postfix's default limit is { $limit } bytes) and it is refused whole; attach less, or link to the file instead
lint-no-lang = the HTML has no `lang`: screen readers and translators guess the language; write `<html lang="fr">`
lint-no-title = the HTML has no `<title>`: some mail clients and browsers show the file's name instead; add `<title>` with the subject in `<head>`
lint-unscaled-image = the image `{ $image }` has no `max-width`: wider than a phone's screen, it makes the reader scroll sideways; add `style="max-width: 100%; height: auto"`

## Short labels, beside the message in the gallery

lint-label-image-only = image and little text ({ $chars } characters of HTML): spam risk
lint-label-no-text-part = no text version
lint-label-short-text = short text version ({ $text } characters out of { $html })
lint-label-missing-alt = image without alt text: { $image }
lint-label-link-domain = misleading link: shows { $shown }, leads to { $target }
lint-label-capital-subject = subject in capitals
lint-label-long-subject = subject cut after { $shown } characters (Gmail)
lint-label-too-big = over 10 MB: refused by many relays
lint-label-no-lang = HTML without lang
lint-label-no-title = HTML without <title>
lint-label-unscaled-image = image without max-width: { $image }
