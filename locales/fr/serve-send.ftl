# Ce que disent les pages Envoi et Résultats de `missive serve` (src/serve/send_page.rs,
# run_view.rs, run.rs, results_page.rs). Les termes : locales/glossary.md. Une clé ici est
# aussi dans en/serve-send.ftl.

## La page Envoi
serve-send-title = Envoi — missive
serve-send-heading = Envoi
serve-send-plan = Ce qui sera envoyé
serve-send-progress = Avancement
serve-send-send = Envoyer
# $count : les messages que l'envoi envoie
serve-send-question = Envoyer { $count ->
    [one] { $count } message
   *[other] { $count } messages
} ?
serve-send-yes = Oui, envoyer { $count ->
    [one] { $count } message
   *[other] { $count } messages
}
serve-send-cancel = Annuler
serve-send-password = Mot de passe du relais SMTP :
serve-send-password-known = Déjà donné pour cette session : laissez vide pour le garder, ou tapez-le de nouveau.
serve-send-pause = Pause
serve-send-resume = Reprendre
# $by : le nom du relecteur ; $at : quand il a approuvé
serve-send-approved = Le dossier de relecture contient une approbation : approuvé par { $by } le { $at }. L'envoi vérifie que les messages sont ceux qui ont été approuvés.
serve-send-unconfirmed = Rien n'a été envoyé : l'envoi n'a pas été confirmé. Appuyez sur Envoyer, puis répondez à la question qui donne le nombre de messages.
serve-send-already = Un envoi est déjà en cours : son avancement est ci-dessous.
serve-send-plan-changed = Rien n'a été envoyé : ce qui sera envoyé a changé depuis la confirmation. Regardez-le de nouveau et confirmez-le.
# $done : les messages auxquels le relais a répondu ; $total : les messages de l'envoi
serve-send-of = { $done } sur { $total }
serve-send-counts = { $sent ->
    [one] { $sent } envoyé
   *[other] { $sent } envoyés
}, { $deferred ->
    [one] { $deferred } différé
   *[other] { $deferred } différés
}, { $failed } en échec
# $counts : serve-send-counts
serve-send-counts-uncertain = { $counts }, { $uncertain ->
    [one] { $uncertain } incertain
   *[other] { $uncertain } incertains
}
# $left : une durée
serve-send-left = reste environ { $left }
serve-send-preparing = Vérification de chaque ligne…
serve-send-running = Envoi en cours…
serve-send-pausing = Pause demandée : aucun nouveau message ne part, ceux en cours se terminent.
serve-send-paused = En pause. Reprendre envoie ce qui reste, rien deux fois.
serve-send-broke = L'envoi s'est arrêté sur une erreur de missive elle-même : voir le terminal où tourne `missive serve`. Ce qui a été envoyé est dans le journal ; le prochain envoi reprend à partir de là.
serve-send-done = L'envoi est terminé : tous les messages ont été envoyés.
serve-send-not-all = L'envoi est terminé, mais tous les messages n'ont pas été envoyés : voir la page Résultats.

## L'envoi de test
serve-test-heading = M'envoyer un test
serve-test-address = Envoyer à l'adresse :
serve-test-rows = Les premières lignes, combien :
serve-test-where = Seulement les lignes où (facultatif) :
serve-test-send = M'envoyer un test
# $count : les messages de test envoyés ; $address : où ils sont allés
serve-test-sent = { $count ->
    [one] { $count } message de test envoyé à { $address }
   *[other] { $count } messages de test envoyés à { $address }
}
# $sent, $count : les messages envoyés, sur combien ; $said : ce qu'a dit l'envoi
serve-test-not-all = { $sent } messages de test sur { $count } envoyés à { $address }. { $said }
serve-test-bad-address = « { $address } » n'est pas une adresse électronique.
serve-test-bad-rows = Le nombre de lignes doit être 1 ou plus.

## La page Résultats
serve-results-title = Résultats — missive
serve-results-heading = Résultats
serve-results-status = État
serve-results-report = Rapport
serve-results-download = Rapport (CSV)
serve-results-retry = Envoyer de nouveau aux destinataires en échec et différés
serve-results-empty = Rien n'a encore été envoyé.
# Le nom du rapport téléchargé
serve-results-file = rapport.csv
# L'état d'un destinataire dans le tableau du rapport
serve-results-pending = à envoyer
serve-results-sending = en cours d'envoi
serve-results-sent = envoyé
serve-results-failed = en échec
serve-results-deferred = différé
serve-results-uncertain = incertain
serve-results-drafted = en brouillon
