# A reviewer's approval: `missive approve DIR --by NAME` records who approved which plan and
# when (DIR/approval.json); `send --reviewed DIR` requires it; `preview` will not write over it.
# The terms: locales/glossary.md (approval, approve, reviewer).

## The reviewer's name (`--by`)
approve-no-name = the reviewer's name is empty: give it with `--by`, e.g. `--by 'Marie Dupont'`

## What `approve` says
approve-done = approved by { $by }: { $messages ->
    [one] { $messages } message
   *[other] { $messages } messages
}, plan { $plan }; send it with `missive send --reviewed { $dir }`
approve-replaced = the approval by { $by } on { $at } is replaced
approve-cannot-write = cannot write `{ $path }`: { $error }

## An approval `send --reviewed` cannot rely on
approve-missing = `{ $dir }` has not been approved: ask the reviewer to run `missive approve { $dir } --by NAME`; nothing was sent
approve-unreadable = cannot read `{ $path }`: { $reason }; delete it and ask the reviewer to approve `{ $dir }` again (`missive approve { $dir } --by NAME`)
approve-foreign = `{ $path }` is not an approval written by missive; delete it and ask the reviewer to approve `{ $dir }` again (`missive approve { $dir } --by NAME`)
approve-stale = `{ $dir }` was previewed again after { $by } approved it on { $at }: that approval is for another version; nothing was sent; have the new preview reviewed and approved (`missive approve { $dir } --by NAME`)

## `preview` into an approved folder
approve-preview-refused = `{ $dir }` was approved by { $by } on { $at }; preview into another folder (`--out OTHER`), or delete `{ $file }` to withdraw the approval

## The send's plan, as confirmed: who approved it, or that no review was asked
# $plan: the send's plan (send-plan)
approve-send-approved = { $plan }, approved by { $by } on { $at }
approve-send-not-reviewed = { $plan }, with no review asked ({ $reader ->
    [page] a colleague approves the preview on the Review page
   *[other] `--reviewed DIR`
})
