# Why a preview cannot be written or given, and the review lock: `send --reviewed DIR`
# refuses a plan other than the one previewed in DIR, naming what changed.
# The terms: locales/glossary.md.

## A preview that cannot be written, a message of it that cannot be given
review-not-a-preview = { $out }: the folder exists and is not an earlier preview; choose another with `--out DIR`
review-unreadable-message = { $at }: the composed message cannot be read back; please report this
review-no-such-message = the preview in `{ $dir }` has { $count ->
    [one] { $count } message
   *[other] { $count } messages
}, none numbered { $number }; the numbers are those of its list
review-no-longer-reviewed = message no. { $number } ({ $to }) is no longer the one reviewed in `{ $dir }`: the list, the template or an attachment changed; preview again with `missive preview --out { $dir }`
review-row-gone = row `{ $row }` of message no. { $number } is no longer in the list; preview again with `missive preview --out { $dir }`
review-cannot-compose = message no. { $number } cannot be composed: { $problem }

## A folder that cannot serve as the reviewed plan
review-missing = `{ $dir }` holds no preview (no { $file }); write one with `missive preview --out { $dir }` and have it reviewed
review-unreadable = cannot read `{ $path }`: { $reason }; preview again with `missive preview --out { $dir }`
# $said: the JSON reader's own words
review-not-json = { $said }
review-format = `{ $dir }` was written by another version of missive (manifest format { $found }, this one reads { $reads }); preview again with `missive preview --out { $dir }`

## What changed since the review (a list, each point on its line)
review-mismatch = the messages are not the ones reviewed in `{ $dir }`; nothing was sent:
review-mismatch-approving = the messages are no longer the ones previewed in `{ $dir }`; nothing was approved:
review-mismatch-campaign = the campaign id changed: `{ $old }` → `{ $new }`
review-mismatch-template = the template `{ $template }` changed
review-mismatch-attachment-added = the attachment `{ $name }` is new
review-mismatch-attachment-removed = the attachment `{ $name }` is no longer attached
review-mismatch-attachment-changed = the attachment `{ $name }` changed
review-mismatch-revision = the campaign's revision changed
review-mismatch-added = { $count ->
    [one] { $count } recipient added:
   *[other] { $count } recipients added:
}
review-mismatch-removed = { $count ->
    [one] { $count } recipient removed:
   *[other] { $count } recipients removed:
}
review-mismatch-changed = { $count ->
    [one] { $count } message changed:
   *[other] { $count } messages changed:
}
review-mismatch-more = and { $count } more
review-mismatch-more-lines = and { $count ->
    [one] { $count } more line
   *[other] { $count } more lines
}
# A line of the template that changed since the review, numbered as in the file
review-template-line-changed = template line { $line }: `{ $old }` became `{ $new }`
review-template-line-added = template line { $line } added: `{ $new }`
review-template-line-removed = template line { $line } removed: `{ $old }`
review-mismatch-again = preview again (`missive preview --out { $dir }`, once `{ $file }` is deleted), have it reviewed and approved, then send with `--reviewed { $dir }`
review-mismatch-again-approving = preview again (`missive preview --out { $dir }`), review it, then approve it (`missive approve { $dir } --by NAME`)
# How one message differs from the one reviewed
review-diff-to = To `{ $old }` → `{ $new }`
review-diff-subject = subject `{ $old }` → `{ $new }`
review-diff-attachments = attachments { $old } → { $new }
review-diff-content = its text or an attached file's content
review-diff-file-changed = the attached file `{ $name }` changed
# The first line of the message's text (or HTML) that differs
review-diff-text-line = text line { $line }: `{ $old }` became `{ $new }`
review-diff-html-line = HTML line { $line }: `{ $old }` became `{ $new }`
review-diff-no-file = none
review-diff-file = `{ $name }` ({ $size ->
    [one] { $size } byte
   *[other] { $size } bytes
})
