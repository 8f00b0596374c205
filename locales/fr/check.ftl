# Ce qu'écrit `missive check` (src/commands/check.rs). Les termes : locales/glossary.md. Une
# clé ici est aussi dans en/check.ftl.

check-list = { $file } : { $format } ({ $count ->
    [one] { $count } colonne
   *[other] { $count } colonnes
} : { $columns })
check-shard = part { $shard } : { $ready }
check-ready = { $count ->
    [one] { $count } message prêt
   *[other] { $count } messages prêts
}, { $size } en tout
check-ready-warnings = { $count ->
    [one] { $count } message prêt
   *[other] { $count } messages prêts
}, { $size } en tout, { $warnings ->
    [one] { $warnings } avertissement
   *[other] { $warnings } avertissements
}
check-plan = plan d'envoi : { $plan }
check-blocks = { $count ->
    [one] { $count } problème à corriger avant l'envoi
   *[other] { $count } problèmes à corriger avant l'envoi
}, sur { $rows ->
    [one] { $rows } ligne
   *[other] { $rows } lignes
} ; { $count ->
    [one] corrigez-le
   *[other] corrigez-les
}, ou donnez `--skip-invalid` pour envoyer les autres lignes sans { $rows ->
    [one] elle
   *[other] elles
}
check-skipped = { $count ->
    [one] { $count } ligne avec des problèmes sera laissée de côté
   *[other] { $count } lignes avec des problèmes seront laissées de côté
} (`--skip-invalid`)
