# The template: its file, its headers, its Tera syntax, and what goes wrong rendering one
# recipient's message. $at: where, `file:line`; $row: the recipient's row, `list:line`.
# The terms: locales/glossary.md.

template-read = { $path }: cannot read the template: { $error }
template-not-utf8 = { $at }: the template is not UTF-8 text; save it as UTF-8
template-no-headers = { $at }: a template starts with header lines (From:, To:, Subject:), then a blank line, then the body
template-no-blank-line = { $at }: the template has no blank line after its headers; put one between the last header and the body
template-not-a-header = { $at }: `{ $text }` is not a header line (`Name: value`); the headers end at the first blank line
# $at: the blank line that ends the headers
template-no-subject = { $at }: the template has no `Subject:` line; add one before this blank line (`Subject: …`, or `Objet : …` in French), or an empty `Subject:` line to send without a subject
template-address = { $at }: header `{ $header }`: { $error }
template-content-type = { $at }: Content-Type `{ $value }` is not supported; use text/plain, text/markdown, text/html, or multipart/alternative with a text/plain and a text/html part
template-misspelled-header = { $at }: `{ $name }` is not a header missive knows; did you mean `{ $suggestion }`? (a header of your own must start with `X-`)
# $available: the columns, from template-column and template-column-alias
template-unknown-variable = { $at }: the template uses `{ $variable }` but the recipient list has no such column (columns: { $available })
template-unknown-variable-near = { $at }: the template uses `{ $variable }` but the recipient list has no such column; did you mean `{ $suggestion }`? (columns: { $available })
template-column = { $column }
template-column-alias = { $alias } for `{ $column }`

## A template in the multipart form (a text/plain and a text/html part)

template-multipart = { $at }: { $problem }
template-multipart-no-boundary = `multipart/alternative` needs the line that separates its parts: write `Content-Type: multipart/alternative; boundary="boundary"` and start each part with `--boundary`
# $line: the Content-Type line
template-multipart-no-delimiter = the body has no `{ $delimiter }` line, though line { $line } says `boundary="{ $boundary }"`; start each part (text/plain, then text/html) with a line `{ $delimiter }`
template-multipart-not-a-part-header = `{ $text }` is not a part header; after the `--` line a part starts with `Content-Type: text/plain` (or text/html), then a blank line, then its text
template-multipart-part-type = a part of type `{ $value }` cannot be used; the parts of a template are text/plain, text/html or text/markdown (files go in `Attachment:` lines)
template-multipart-transfer-encoding = `Content-Transfer-Encoding: { $value }`: write the part as plain text and remove this line (missive encodes the message itself)
template-multipart-useless-header = `{ $name }:` has no use in a part; a part has only a `Content-Type:` line, then a blank line, then its text
template-multipart-no-blank-line = this part has no blank line after its `Content-Type:` line; add one before the part's text
template-multipart-no-content-type = this part has no `Content-Type:` line; write `Content-Type: text/plain` (or text/html) under the `--` line, then a blank line, then the part's text
# $kind: plain (a second text/plain part) or rich (a second HTML or Markdown part); $first: its line
template-multipart-second-part = a second { $kind ->
    [plain] text/plain
   *[rich] HTML or Markdown
} part (the first starts on line { $first }); keep one text/plain part and one text/html or text/markdown part
template-multipart-no-part = the multipart body has no part; give it a text/plain and a text/html part

## Tera syntax

template-syntax = { $at }: template syntax error: { $problem }
template-syntax-unclosed = `{ $opener }` opened here is never closed; close it with `{ $closer }` on the same line
template-syntax-unended = `{"{%"} { $name } {"%}"}` opened here has no `{"{%"} end{ $name } {"%}"}`; add it (a tag opened in the headers must end there too, before the blank line)
# $said: Tera's own words, in English
template-syntax-tera = { $said }; { $hint }
template-syntax-hint-tag = check its spelling, and that each `{"{%"} end… {"%}"}` closes a `{"{%"} if {"%}"}` or `{"{%"} for {"%}"}` opened before it in the same part (headers or body)
template-syntax-hint-filter = check its spelling (Tera's filters include upper, lower, title, trim, replace, default)
template-syntax-hint-include = a template cannot include or extend other files; copy the text in
template-syntax-hint-other = check the `{"{{"} … {"}}"}` and `{"{%"} … {"%}"}` on this line

## One recipient's message

# $said: Tera's own words, in English
template-render = { $at }: { $said } (recipient { $row })
template-line-break-in-header = { $row }: the value put in header `{ $header }` contains a line break; remove it from the list (template { $at })
template-malformed-header = { $at }: for recipient { $row } the header line `{ $text }` has no `Name:`; check the `{"{%"} if {"%}"}` around it
