# The gallery of a preview (index.html, one page per message) and what `missive preview`
# says. The pages are HTML: a value given as $list, $link, $row, $command is already
# markup (a <code> or a link); numbers given as $number are already written out.
# The terms: locales/glossary.md.

## The list of messages (index.html)
gallery-title = Preview before sending — { $campaign }
gallery-skip = Go to the list of messages
gallery-intro = Each row is a message as it will go out, made from the list { $list }. Open a message to see its headers, its HTML version, its text version and its attachments.
gallery-summary-messages = { $count ->
    [one] { $number } message
   *[other] { $number } messages
}
gallery-summary-size = { $size } in all
gallery-summary-warned = { $count ->
    [one] { $number } row with a point to check
   *[other] { $number } rows with a point to check
}
gallery-summary-skipped = { $count ->
    [one] { $number } row that sends nothing
   *[other] { $number } rows that send nothing
}
gallery-summary-files = { $count ->
    [one] { $number } distinct attached file
   *[other] { $number } distinct attached files
}
# $date: "26 April 2021 at 18:00"; $revision: a code
gallery-generated = Preview of { $date }, template version { $revision }.
gallery-eml-all = Every message has its .eml file.
gallery-eml-sample = .eml files: the first { $first } messages, then one in { $every }; for any other, the command is on the message's page.
gallery-eml-first = .eml files: the first { $first ->
    [one] message
   *[other] { $first } messages
}, as each carries a big attached file (stored once in files/); for any other, the command is on the message's page.
# $expression: the `--where` expression, as markup
gallery-filter = Filter { $expression }: only the rows that match it are here ({ $matched } of { $total }; { $left ->
    [0] no row is left out
    [one] the other one will get nothing
   *[other] the { $left } others will get nothing
}).
gallery-search-label = Search (name, address, subject, row, warning)
gallery-show = Show
gallery-show-all = all rows
gallery-show-warned = the rows with a point to check
gallery-show-skipped = the rows that send nothing
gallery-search-button = Search
gallery-search-help = Accents and case ignored; press / to come here.
gallery-no-script = Without JavaScript, only the first 50 rows are listed here; each message page leads to the next.
gallery-caption = Messages, in the order of the list
gallery-column-number = No.
gallery-column-row = Row
gallery-column-recipient = Recipient
gallery-column-subject = Subject
gallery-column-attachments = Attachments
gallery-column-size = Size
gallery-column-check = To check
gallery-column-message = Message
gallery-pages = Pages of the list
gallery-page-previous = ← Previous page
gallery-page-next = Next page →
gallery-page-position = Page { $page } of { $pages }
gallery-view = view
gallery-view-label = view message no. { $number }
gallery-eml-label = .eml file of message no. { $number }
# What the search finds a row by, before its number: "row 12"
gallery-row-word = row
gallery-found-none = No row matches.
# $shown: the count, written out; $first, $last: the rows shown
gallery-found-all = { $count ->
    [one] { $shown } row
   *[other] { $shown } rows
}, rows { $first } to { $last }.
gallery-found-some = { $count ->
    [one] { $shown } row found
   *[other] { $shown } rows found
}, rows { $first } to { $last }.

## What to do once the review is done (the foot of the list)
gallery-next-heading = After the review
gallery-next-test = Test send: a few messages, each with its own data, all to your own address alone (put yours in place of this one), the subject marked [TEST]:
gallery-next-approve = Approval, by the reviewer, of the plan of this preview: the real send requires it and says who gave it:
# The reviewer's name to put in the approval's command: --by NAME
gallery-next-name = NAME
gallery-next-send = Real send, bound to this review: it is refused if the list, the template or an attachment changed since this preview, and says what:
# The address to replace in the test send's command: YOU@example.org
gallery-next-you = YOU

## One message's page
gallery-message-title = Message no. { $number } — { $subject }
gallery-message-skip = Go to the message
gallery-message-heading = Message no. { $number }: { $subject }
gallery-message-row = Row { $row } of the list · { $size }
gallery-message-warnings = Points to check
gallery-message-headers = Headers
gallery-message-headers-note = As they will go out; the date will be that of the send.
# The name of a header as the reader knows it; the same as the header's own name: shown once
gallery-header-from = From
gallery-header-to = To
gallery-header-cc = Cc
gallery-header-reply-to = Reply-To
gallery-header-subject = Subject
gallery-header-date = Date
gallery-header-message-id = Message-ID
gallery-message-envelope = Delivered to (SMTP envelope, blind copies included)
gallery-message-html = HTML version
gallery-message-html-note = Shown as a careful mail program would: no script, no remote content.
gallery-message-html-title = HTML version of message no. { $number }
gallery-message-text = Text version
gallery-message-attachments = Attachments
gallery-message-attachments-none = None.
gallery-message-attachment-inline = — shown in the message
gallery-message-attachment-alt = Preview of the attachment { $name }
gallery-message-eml-heading = The whole message (.eml)
gallery-message-eml = { $link }: the exact message, to open in a mail program (Thunderbird, Outlook…). Only the date will change when it is sent.
gallery-message-eml-sample = Only some of the .eml files are written, so that the preview stays small enough to send to a reviewer. To get this one (rebuilt from the preview's own files and checked identical to what was reviewed), run in the folder that holds the preview:
gallery-message-footer = Review done? The test send and the real send are at the { $link }.
gallery-message-footer-link = bottom of the list of messages
gallery-navigation = Navigation between the messages
gallery-navigation-list = List of messages
gallery-navigation-previous = ← Previous message (no. { $number })
gallery-navigation-next = Next message (no. { $number }) →

## What the reviewer is warned of, on a row
gallery-warning-empty = { $count ->
    [one] empty field: { $fields }
   *[other] empty fields: { $fields }
}
gallery-warning-big = heavy message ({ $size })
gallery-warning-duplicate = duplicate of row { $line }: not sent
gallery-warning-same-recipient = same recipient as row { $line }: sent twice
gallery-warning-skipped = row left out: { $reason }
gallery-warning-suppressed = not sent to { $addresses }: bounced for good on an earlier send (suppression list)

## What `missive preview` says
# $size: "2.5 MB"; $out: the preview's folder
gallery-done = { $count ->
    [one] { $count } message
   *[other] { $count } messages
}, { $size } in all, previewed in { $out }
gallery-left-out = { $count ->
    [one] { $count } row left out (listed above)
   *[other] { $count } rows left out (listed above)
}
gallery-open = open { $index } in a browser to review them
gallery-opening = opening it with `{ $program }`
gallery-no-browser = no browser found to open it (tried { $tried }); open { $index } yourself, or set BROWSER
