# Le passage sur la liste : une ligne dont le message ne peut pas partir tel quel, un doublon,
# la liste d'exclusion. $at : la ligne, `liste:ligne`. Les termes : locales/glossary.md.

# $columns : les colonnes vides, chacune par pipeline-column, séparées par des virgules
pipeline-empty-address = { $at } : l'en-tête « { $header } » (ligne { $line } du modèle) n'a pas d'adresse : { $count ->
    [one] la colonne { $columns } est vide sur cette ligne ; remplissez-la
   *[other] les colonnes { $columns } sont vides sur cette ligne ; remplissez-les
}, ou donnez `--skip-invalid` pour laisser cette ligne de côté
pipeline-column = « { $column } »
# $first : la ligne de la première ligne qui a ces destinataires ; $key : leurs adresses
pipeline-duplicate = { $at } : les mêmes destinataires qu'à la ligne { $first } (« { $key } ») ; ils reçoivent un seul message, sauf si vous donnez `--allow-duplicates`
# $left_out : chaque adresse et pourquoi, par pipeline-suppressed-why, séparées par « ; »
pipeline-suppressed = { $at } : laissée de côté : { $left_out } ; si l'adresse fonctionne de nouveau, `missive suppressed --remove ADRESSE` la rétablit
pipeline-suppressed-why = « { $address } » : { $why }
# $error : ce que dit le système
pipeline-index-write = impossible d'écrire l'index temporaire des doublons dans « { $dir } » : { $error } ; donnez à TMPDIR un dossier accessible en écriture et assez grand (environ 50 Mo par million de lignes), ou libérez de la place
pipeline-index-read = impossible de relire l'index temporaire des doublons dans « { $dir } » : { $error } ; vérifiez ce disque, ou donnez à TMPDIR un autre dossier

## Ce que la liste d'exclusion a laissé de côté, après le passage

pipeline-suppressed-rows = { $count ->
    [one] { $count } ligne laissée
   *[other] { $count } lignes laissées
}
pipeline-suppressed-addresses = { $count ->
    [one] { $count } adresse d'autres lignes laissée
   *[other] { $count } adresses d'autres lignes laissées
}
# $parts : les lignes et les adresses, jointes par pipeline-and
pipeline-suppressed-line = { $parts } de côté : leurs adresses ont rebondi définitivement auparavant (liste d'exclusion « { $list } », affichée par `missive suppressed`) ; rien ne leur est envoyé
pipeline-and = { $first } et { $second }
