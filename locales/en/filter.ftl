# What missive says about a `--where` condition. $expression: the condition as given.
# The terms: locales/glossary.md.

# $problem: filter-tags, or filter-engine-said
filter-syntax = `--where { $expression }` is not a condition: { $problem }; write one as in a template's `{"{"}% if %{"}"}`, e.g. `--where 'circonscription == "Lille 3"'`
filter-tags = it may not hold template tags (`{"{"}%`, `{"{"}{"{"}`, `%{"}"}`…)
# $said: the template engine's own words
filter-engine-said = { $said }
# $available: the columns, with their aliases
filter-unknown-column = `--where { $expression }` names `{ $variable }`, which is not a column of the list (columns: { $available }); use one of them, or `row["Column name"]`
filter-no-follow-up = `--where { $expression }` names `previous`, what became of an earlier campaign's message, but this campaign follows up none; set `follow_up = "…"` in campaign.toml to the folder of the earlier campaign (like `follow_up = "../circulaire-mars"`)
filter-unknown-previous = `--where { $expression }` names `previous.{ $field }`, which is not known; use `previous.status` ("sent", "bounced", "failed"…) or `previous.read`
# $at: the row; $said: the template engine's own words
filter-undecidable = { $at }: `--where { $expression }` cannot be decided for this row: { $said }
# What `check` says of a filter: $matched rows kept of $total
filter-summary = { $matched } of { $total ->
    [one] { $total } row
   *[other] { $total } rows
} { $matched ->
    [one] matches
   *[other] match
} the filter `--where { $expression }`
