# `missive report` (les titres de son CSV, ce qu'il dit autour) et le bilan qui termine un
# envoi. Les données du rapport (états, codes, réponses) ne changent jamais avec la langue.
# Les termes : locales/glossary.md.

## La ligne de titres du rapport CSV, un mot par colonne ; les lignes suivantes ne changent pas
report-column-journal = journal
report-column-row = ligne
report-column-to = destinataire
report-column-status = état
report-column-code = code
report-column-reply = réponse du relais
report-column-message-id = identifiant du message
report-column-attempts = essais
report-column-time = heure
report-column-relay = relais
report-column-returned = retour
report-column-returned-time = heure du retour
report-column-returned-status = code du retour
report-column-returned-diagnostic = diagnostic du retour
report-column-read-time = heure de lecture
report-column-also-in = aussi dans

## Ce que dit `missive report`
report-overlap = { $count ->
    [one] `{ $count }` ligne est un destinataire présent dans plusieurs journaux (colonne « aussi dans » du CSV, `also_in` en JSON) : les parts se sont recouvertes, et ce destinataire a pu recevoir le message deux fois ; donnez à chaque machine la même liste et le même nombre de parts `--shard I/N`
   *[other] `{ $count }` lignes sont des destinataires présents dans plusieurs journaux (colonne « aussi dans » du CSV, `also_in` en JSON) : les parts se sont recouvertes, et ces destinataires ont pu recevoir le message deux fois ; donnez à chaque machine la même liste et le même nombre de parts `--shard I/N`
}
report-written = { $count ->
    [one] `{ $count }` ligne écrite dans « { $file } »
   *[other] `{ $count }` lignes écrites dans « { $file } »
}
report-standard-output = la sortie standard

## Le bilan à la fin d'un envoi
