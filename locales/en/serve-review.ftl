# The Preview and Review pages of `missive serve` (src/serve/preview_page.rs, review_page.rs,
# gallery_view.rs). The terms: locales/glossary.md. A key here is in fr/serve-review.ftl too.

## The Preview page

serve-preview-title = Preview — missive
serve-preview-heading = Preview
serve-preview-make = Make the preview
serve-preview-make-note = The preview is written in the folder
serve-preview-said = What the preview said
serve-preview-problems = Problems found
serve-preview-refused-approved = This preview is approved: to make a new one, first withdraw its approval on the
serve-preview-to-review = Review page
serve-preview-none = No preview yet: make one with the button above.
serve-preview-messages = Messages
serve-preview-number = No.
serve-preview-recipient = Recipient
serve-preview-subject = Subject
serve-preview-size = Size
serve-preview-warnings = To look at
serve-preview-sends-nothing = sends nothing
serve-preview-to = To:
serve-preview-attachments = Attachments
serve-preview-no-attachment = No attachment.
serve-preview-eml = The message itself, to open in a mail program:
serve-preview-frame = The message as its recipient will see it (its HTML version, its text version, its attachments)
# $by: the reviewer's name; $at: when
serve-preview-approved = Approved by { $by } on { $at }.
# $count: the messages; $size: their size in all
serve-preview-count = { $count ->
    [one] { $count } message, { $size }
   *[other] { $count } messages, { $size } in all
}
# $shown: the rows listed here; $count: the rows of the preview; $index: the folder's own list
serve-preview-more = The first { $shown } rows of { $count }; the folder's own list shows them all: { $index }
# $number: the message's number; $count: the messages; $subject: its subject
serve-preview-message = Message { $number } of { $count }: { $subject }

## The Review page

serve-review-title = Review — missive
serve-review-heading = Review
serve-review-state = The preview
serve-review-not-approved = Not approved yet.
serve-review-to-preview = Preview page
serve-review-no-preview-do = Make the preview on the
serve-review-changes = Since the preview
serve-review-same = The campaign still makes exactly the messages of this preview.
serve-review-changed = The campaign changed since this preview:
serve-review-again = A new preview and a new approval are needed: make the preview again on the
serve-review-again-approved = A new preview and a new approval are needed: withdraw the approval below, then make the preview again on the
serve-review-approve = Approve
serve-review-approve-note = Approving records who approved which messages, and when; the send then sends only these.
serve-review-by = Your name (the reviewer's):
serve-review-withdraw = Withdraw the approval
serve-review-withdraw-note = Withdrawing the approval lets the preview be made again.
serve-review-no-name = Type your name to approve.
serve-review-none-to-withdraw = There is no approval to withdraw.
# $file: the approval's file; $error: the system's words
serve-review-not-withdrawn = `{ $file }` could not be deleted: { $error }
# $by: the reviewer's name
serve-review-withdrawn = The approval by { $by } is withdrawn: the preview can be made again.
# $count: the messages; $plan: the plan's fingerprint, shortened
serve-review-messages = { $count ->
    [one] { $count } message previewed
   *[other] { $count } messages previewed
} (plan { $plan }).
# $by: the reviewer's name; $at: when; $count: the messages; $plan: the plan's fingerprint
serve-review-approved = Approved by { $by } on { $at }: { $count ->
    [one] { $count } message
   *[other] { $count } messages
}, plan { $plan }
