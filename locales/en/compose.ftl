# Building one recipient's message from the rendered template: its addresses, its headers,
# its attachments, its size. $row: the recipient's row, `list:line`; $line: the template line.
# The terms: locales/glossary.md.

compose-address = { $row }: header `{ $header }` (template line { $line }): { $error }
compose-address-column = { $row }: header `{ $header }` (template line { $line }, column `{ $column }`): { $error }
compose-no-from = { $row }: the message has no From address; add a `From:` line to the template
compose-many-from = { $row }: `From:` must hold exactly one address, found { $count }
compose-no-recipient = { $row }: the message has no recipient: To, Cc and Bcc are all empty
compose-reserved-header = { $row }: header `{ $header }` (template line { $line }) is written by missive itself; remove it from the template
compose-control-character = { $row }: header `{ $header }` (template line { $line }) holds a control character; remove it from the list
# $shown, $shown_limit: sizes as people read them (2.5 MB); $size: the exact count of bytes
compose-too-big = { $row }: the message is { $shown } ({ $size } bytes), more than the limit of { $shown_limit }; send a link instead of a big attachment, or raise `max_message_size`
compose-header-name = { $row }: the message cannot be built: `{ $name }` is not a valid header name
# $said: the mail library's own words, in English
compose-build = { $row }: the message cannot be built: { $said }

## Attachments

compose-attachment = { $row }: { $error }
# $reason: what the system said
compose-attachment-unreadable = attachment `{ $path }` cannot be read: { $reason }
# $said: the mail library's own words, in English
compose-attachment-type = attachment `{ $path }` cannot be read: its type cannot be named ({ $said }); rename it with a usual extension such as .pdf or .png
compose-attachment-missing = attachment `{ $path }` does not exist in `{ $folder }`; check the file name in the list or the template, or put the file there
compose-attachment-outside = attachment `{ $path }` is outside the campaign folder `{ $root }`; put the file in the campaign folder
compose-attachment-folder = attachment `{ $path }` is a folder, not a file; name a file in it
