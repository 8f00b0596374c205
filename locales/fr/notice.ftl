# Ce qu'un envoi dit en cours de route, qui n'est ni le sort d'une ligne ni la fin : un nouvel
# essai, un relais mis au repos, une attente, ce que le journal a trouvé, une adresse que
# seuls certains relais acheminent, ce qui fait classer un message en indésirable.
# Les termes : locales/glossary.md.

# $error : pourquoi la session n'a pas pu s'ouvrir ; $seconds : l'attente
notice-retrying = { $error } ; nouvel essai dans { $seconds } s
# $reason : le dernier échec
notice-relay-resting = le relais « { $relay } » est mis au repos pendant { $seconds } s après des échecs répétés (dernier : { $reason }) ; ses messages passent par les autres relais
# $until : une date et une heure, 26 avril 2021 à 18 h 00
notice-waiting-for-window = hors de la plage d'envoi : attente jusqu'au { $until } avant d'envoyer
notice-abandoned = { $count ->
    [one] `{ $count }` message était en cours d'envoi quand un envoi précédent s'est arrêté (interrompu ou en panne) : il a peut-être été remis, il est donc désormais incertain et n'est pas renvoyé ; voyez `missive report`, et donnez `--retry-uncertain` pour le renvoyer (même Message-ID)
   *[other] `{ $count }` messages étaient en cours d'envoi quand un envoi précédent s'est arrêté (interrompu ou en panne) : ils ont peut-être été remis, ils sont donc désormais incertains et ne sont pas renvoyés ; voyez `missive report`, et donnez `--retry-uncertain` pour les renvoyer (même Message-ID)
}
notice-left-sent = { $count ->
    [one] `{ $count }` déjà envoyé : laissé de côté
   *[other] `{ $count }` déjà envoyés : laissés de côté
}
notice-left-failed = { $count ->
    [one] `{ $count }` refusé par le relais lors d'un envoi précédent : laissé de côté (`--retry-failed` le renvoie)
   *[other] `{ $count }` refusés par le relais lors d'un envoi précédent : laissés de côté (`--retry-failed` les renvoie)
}
notice-left-uncertain = { $count ->
    [one] `{ $count }` peut-être remis lors d'un envoi précédent : laissé de côté (`--retry-uncertain` le renvoie)
   *[other] `{ $count }` peut-être remis lors d'un envoi précédent : laissés de côté (`--retry-uncertain` les renvoie)
}
notice-left-sending = { $count ->
    [one] `{ $count }` en cours d'envoi par un autre expéditeur du journal partagé : laissé à celui-ci
   *[other] `{ $count }` en cours d'envoi par un autre expéditeur du journal partagé : laissés à celui-ci
}
notice-left-drafted = { $count ->
    [one] `{ $count }` dans votre dossier Brouillons (`missive drafts`) : laissé pour que vous l'envoyiez depuis votre logiciel de messagerie
   *[other] `{ $count }` dans votre dossier Brouillons (`missive drafts`) : laissés pour que vous les envoyiez depuis votre logiciel de messagerie
}
# $state : le code de l'état dans le journal
notice-left-other = { $count ->
    [one] `{ $count }` à l'état `{ $state }` : laissé de côté
   *[other] `{ $count }` à l'état `{ $state }` : laissés de côté
}
notice-no-dsn = le relais « { $relay } » n'offre pas d'avis de remise (DSN) : les messages partent quand même, mais `receipts = ["delivery"]` n'apporte aucun accusé de remise par ce relais ; les rebonds reviennent toujours dans votre boîte aux lettres
notice-stopping-idle = arrêt : aucun nouveau message n'est commencé, et aucun n'est en cours d'envoi
notice-stopping = arrêt : aucun nouveau message n'est commencé ; attente de { $seconds } s au plus pour { $count ->
    [one] le message en cours d'envoi
   *[other] les { $count } messages en cours d'envoi
} (un nouveau Ctrl-C arrête tout de suite)
notice-unanswered = { $count ->
    [one] `{ $count }` message n'a pas eu de réponse avant l'arrêt de l'envoi : il est incertain (voyez `missive report`)
   *[other] `{ $count }` messages n'ont pas eu de réponse avant l'arrêt de l'envoi : ils sont incertains (voyez `missive report`)
}
# $lease : une durée
notice-held-by-another = { $count ->
    [one] `{ $count }` message est tenu par un autre expéditeur du journal partagé, ou par un envoi arrêté, dont le bail expire d'ici { $lease } : cet envoi l'attend avant de finir ; si son expéditeur a disparu, il deviendra alors incertain (il a peut-être été remis)
   *[other] `{ $count }` messages sont tenus par un autre expéditeur du journal partagé, ou par un envoi arrêté, dont le bail expire d'ici { $lease } : cet envoi les attend avant de finir ; si leur expéditeur a disparu, ils deviendront alors incertains (ils ont peut-être été remis)
}
notice-left-to-others = { $count ->
    [one] `{ $count }` destinataire a été laissé aux autres expéditeurs du journal partagé (`missive status` montre toute la campagne)
   *[other] `{ $count }` destinataires ont été laissés aux autres expéditeurs du journal partagé (`missive status` montre toute la campagne)
}
# $at : la ligne ; $line : la ligne du modèle ; $who : notice-smtputf8-from ou notice-smtputf8-other
notice-needs-smtputf8 = { $at } : en-tête « { $header } » (ligne { $line } du modèle) : l'adresse « { $address } » a des lettres accentuées ou non latines avant le `@` ; elle ne peut être remise que si le relais accepte les adresses internationales (SMTPUTF8) ; sinon, { $who }
notice-needs-smtputf8-column = { $at } : en-tête « { $header } » (ligne { $line } du modèle, colonne « { $column } ») : l'adresse « { $address } » a des lettres accentuées ou non latines avant le `@` ; elle ne peut être remise que si le relais accepte les adresses internationales (SMTPUTF8) ; sinon, { $who }
notice-smtputf8-from = envoyez depuis une adresse sans ces lettres
notice-smtputf8-other = demandez à cette personne une adresse sans ces lettres
# $why : pourquoi l'adresse est sur la liste d'exclusion
notice-suppressed-address = { $at } : « { $address } » est retirée du message de cette ligne : { $why } ; le message part à ses autres adresses ; si cette adresse fonctionne de nouveau, `missive suppressed --remove { $address }` la rétablit
notice-ascii-domains = { $count ->
    [one] { $count } adresse a un nom de domaine accentué : elle part sous sa forme ASCII
   *[other] { $count } adresses ont un nom de domaine accentué : elles partent sous sa forme ASCII
}, que tout serveur de messagerie lit (« { $written } » devient « { $sent } »)
# $kind : le code de l'avertissement
notice-more-content = { $count ->
    [one] { $count } autre message a
   *[other] { $count } autres messages ont
} d'autres avertissements `{ $kind }`, tous différents, non détaillés un par un ; corrigez ceux ci-dessus et relancez `missive check` pour les voir
# Un avertissement sur le contenu venu du modèle : $at, sa place ; $finding, ce qu'il est ; $first, la ligne du premier message
notice-content-template = { $at } : { $finding } ({ $count ->
    [one] sur 1 message
   *[other] sur { $count } messages
}, le premier { $first })
# Un avertissement venu des données de la liste : $first, la ligne
notice-content-data = { $first } : { $finding }{ $count ->
    [one] {""}
   *[other] {" "}(sur { $count } messages, cette ligne la première)
}
