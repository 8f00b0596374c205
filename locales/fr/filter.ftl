# Ce que missive dit d'une condition `--where`. Les termes : locales/glossary.md.

filter-syntax = `--where { $expression }` n'est pas une condition : { $problem } ; écrivez-la comme dans le `{"{"}% if %{"}"}` d'un modèle, par exemple `--where 'circonscription == "Lille 3"'`
filter-tags = elle ne peut pas contenir de balises de modèle (`{"{"}%`, `{"{"}{"{"}`, `%{"}"}`…)
filter-engine-said = le moteur de modèles dit « { $said } »
filter-unknown-column = `--where { $expression }` nomme `{ $variable }`, qui n'est pas une colonne de la liste (colonnes : { $available }) ; utilisez l'une d'elles, ou `row["Nom de la colonne"]`
filter-no-follow-up = `--where { $expression }` nomme `previous`, ce qu'est devenu le message d'une campagne antérieure, mais cette campagne n'en relance aucune ; dans campaign.toml, donnez à `follow_up = "…"` le dossier de la campagne antérieure (comme `follow_up = "../circulaire-mars"`)
filter-unknown-previous = `--where { $expression }` nomme `previous.{ $field }`, qui n'existe pas ; utilisez `previous.status` (`"sent"`, `"bounced"`, `"failed"`…) ou `previous.read`
filter-undecidable = { $at } : `--where { $expression }` ne peut pas être décidé pour cette ligne : le moteur de modèles dit « { $said } »
filter-summary = { $matched ->
    [one] { $matched } ligne sur { $total } remplit
   *[other] { $matched } lignes sur { $total } remplissent
} la condition `--where { $expression }`
