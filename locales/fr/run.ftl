# Les erreurs qui arrêtent une exécution (src/error.rs) : ce qui ne va pas et que faire. Les
# termes : locales/glossary.md. Une clé ici est aussi dans en/run.ftl.

## Des lignes avec des problèmes, des avertissements devenus erreurs
run-invalid-rows = { $count ->
    [one] { $count } problème à corriger (indiqué ci-dessus) ; corrigez-le
   *[other] { $count } problèmes à corriger (indiqués ci-dessus) ; corrigez-les
}, ou donnez `--skip-invalid` pour laisser ces lignes de côté
run-invalid-rows-on = { $count ->
    [one] { $count } problème à corriger (indiqué ci-dessus)
   *[other] { $count } problèmes à corriger (indiqués ci-dessus)
}, sur { $rows ->
    [one] { $rows } ligne
   *[other] { $rows } lignes
} ; { $count ->
    [one] corrigez-le
   *[other] corrigez-les
}, ou donnez `--skip-invalid` pour laisser { $rows ->
    [one] cette ligne
   *[other] ces lignes
} de côté
run-denied-warnings = `--deny-warnings` fait { $count ->
    [one] de l'avertissement ci-dessus une erreur
   *[other] des { $count } avertissements ci-dessus des erreurs
} ({ $named }) ; rien n'est envoyé : { $count ->
    [one] corrigez-le
   *[other] corrigez-les
}, ou lancez la commande sans `--deny-warnings`
run-denied-on-messages = `{ $name }` sur { $count ->
    [one] { $count } message
   *[other] { $count } messages
}
run-denied-on-more-messages = `{ $name }` sur { $count ->
    [one] { $count } autre message
   *[other] { $count } autres messages
}
run-denied-on-rows = `{ $name }` sur { $count ->
    [one] { $count } ligne
   *[other] { $count } lignes
}
run-denied-on-addresses = `{ $name }` sur { $count ->
    [one] { $count } adresse
   *[other] { $count } adresses
}

## Les fichiers
run-at = { $place } : { $error }
run-would-overwrite = rien n'est écrit : { $count ->
    [one] ce fichier existe déjà, et missive ne le remplace jamais
   *[other] ces fichiers existent déjà, et missive ne les remplace jamais
} : { $files } ; choisissez un dossier vide avec `{ $retry }`

## L'envoi
run-no-message = il n'y a aucun message à envoyer
run-no-terminal = prêt à { $plan }, mais aucun terminal ne permet de confirmer ; ajoutez `--yes` pour continuer sans confirmation
run-answer = impossible de lire la réponse : { $error }
run-runtime = impossible de démarrer le moteur réseau : { $error }

## Les relais qui ne peuvent pas servir tels qu'ils sont configurés
run-relay-entry = { $entry } : { $problem }
run-token-over-plaintext = le relais { $url } n'est pas protégé par TLS, et un jeton OAuth2 (`token_command`) n'est envoyé que sous TLS ; utilisez `smtps://{ $host }:465` ou `smtp://{ $host }:587?tls=required`
run-plaintext = le relais { $url } n'est pas protégé par TLS et n'est pas cette machine ; utilisez `smtps://{ $host }:465` ou `smtp://{ $host }:587?tls=required`, ou ajoutez `--insecure` si vous voulez vraiment envoyer en clair
