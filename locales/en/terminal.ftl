# What the terminal shows as a run goes: the line of an error, of a warning, of a message the
# relay did not take. The terms: locales/glossary.md.

error-line = error: { $error }
warning-line = warning: { $warning }
# $first: where the problem was met first (a row); $lines: the other lines, "4, 9, 12"
error-same-problem = error: the same problem as { $first } on { $count ->
    [one] one more row (line { $lines })
   *[other] { $count } more rows (lines { $lines })
}
# $at: the row; $key: the recipient; $reply: the relay's own words, never translated
delivery-refused = { $at }: { $key }: refused: { $reply }
delivery-deferred = { $at }: { $key }: deferred (try again later): { $reply }
delivery-uncertain = { $at }: { $key }: uncertain (may have been delivered): { $reply }
