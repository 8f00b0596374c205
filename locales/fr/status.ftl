# Ce qu'écrit `missive status` (src/commands/status.rs) : les comptes du journal et ce qu'il
# reste à faire. Les termes : locales/glossary.md. Une clé ici est aussi dans en/status.ftl.

status-no-journal = aucun journal à l'emplacement « { $journal } » : rien n'a encore été envoyé pour cette campagne ; `missive send` commence l'envoi
status-journal = journal « { $journal } » : { $counted }
status-next = ensuite : { $step }

## Ce que comptent les comptes
status-recipients = { $count ->
    [one] { $count } destinataire
   *[other] { $count } destinataires
}
status-rows = { $count ->
    [one] { $count } ligne
   *[other] { $count } lignes
} dans la liste : { $recipients }
status-rows-skipped = { $count ->
    [one] { $count } ligne laissée de côté, jamais envoyée
   *[other] { $count } lignes laissées de côté, jamais envoyées
}
status-rows-duplicates = { $count ->
    [one] { $count } ligne qui répète
   *[other] { $count } lignes qui répètent
} les destinataires d'une ligne précédente, qui ont reçu un seul message
status-rows-suppressed = { $count ->
    [one] { $count } ligne laissée de côté, ses adresses ayant déjà rebondi définitivement
   *[other] { $count } lignes laissées de côté, leurs adresses ayant déjà rebondi définitivement
}

## Les comptes par état : l'intitulé d'un compte de $count
status-state-pending = en attente
status-state-sending = en cours
status-state-sent = { $count ->
    [one] envoyé
   *[other] envoyés
}
status-state-failed = en échec
status-state-deferred = { $count ->
    [one] différé
   *[other] différés
}
status-state-uncertain = { $count ->
    [one] incertain
   *[other] incertains
}
status-state-drafted = { $count ->
    [one] brouillon
   *[other] brouillons
}
status-state-count = { $count } { $state }

## Les lignes laissées de côté
status-skipped = { $count ->
    [one] { $count } ligne de la liste laissée de côté par le dernier `missive send` (son `--skip-invalid`), jamais envoyée :
   *[other] { $count } lignes de la liste laissées de côté par le dernier `missive send` (son `--skip-invalid`), jamais envoyées :
}
# $reason : une ligne écartée, telle que l'envoi qui l'a écartée l'a notée (dans sa langue)
status-skipped-row = { $row } : « { $reason } »
status-skipped-more = et { $count ->
    [one] { $count } autre
   *[other] { $count } autres
} (voir `missive report`)
status-unlisted = { $count ->
    [one] { $count } autre qui n'est plus dans la liste, gardé pour mémoire
   *[other] { $count } autres qui ne sont plus dans la liste, gardés pour mémoire
} (voir `missive report`)

## Par relais
status-per-relay = par relais :
status-relay = { $relay } : { $counts }

## Plusieurs journaux (les parts d'une campagne)
status-shard-journal = journal « { $journal } » : { $count ->
    [one] { $count } destinataire
   *[other] { $count } destinataires
}, { $sent ->
    [one] { $sent } envoyé
   *[other] { $sent } envoyés
}
status-journals = { $count } journaux : { $counted } en tout
status-overlap = { $count ->
    [one] { $count } destinataire est dans plus d'un journal : les parts se sont chevauchées et il a peut-être reçu le message deux fois
   *[other] { $count } destinataires sont dans plus d'un journal : les parts se sont chevauchées et ils ont peut-être reçu le message deux fois
} (voir `missive report`, colonne `also_in`) ; donnez à chaque machine la même liste et le même nombre de parts `--shard I/N`

## Les copies dans le dossier des messages envoyés de la boîte aux lettres
status-folder = {" "}« { $folder } »
status-copies-one = copies dans les messages envoyés{ $folder } : le premier message, qui vaut pour les { $count } envoyés
status-copies = copies dans les messages envoyés{ $folder } : { $done } sur { $sent ->
    [one] { $sent } envoyé
   *[other] { $sent } envoyés
}
status-copies-missing = ensuite : relancez `missive send`, qui dépose { $count ->
    [one] la copie manquante
   *[other] les { $count } copies manquantes
} dans les messages envoyés (il n'envoie rien deux fois)

## Ce que `missive collect` a trouvé
status-returns = retours (missive collect) : { $counts }
status-return-bounced = { $count ->
    [one] { $count } rebond
   *[other] { $count } rebonds
}
status-return-delayed = { $count ->
    [one] { $count } retardé
   *[other] { $count } retardés
}
status-return-delivered = { $count ->
    [one] { $count } remis
   *[other] { $count } remis
}
status-return-read = { $count ->
    [one] { $count } accusé de lecture
   *[other] { $count } accusés de lecture
}
status-bounced = rebond : { $address } ({ $status })
status-bounced-said = rebond : { $address } ({ $status } : « { $said } »)
status-no-status = sans code d'état
status-bounced-more = et { $count ->
    [one] { $count } autre
   *[other] { $count } autres
} : voir `missive report`
status-bounced-next = ensuite : corrigez dans la liste les adresses qui ont rebondi, ou retirez-les ; `missive send` écrira alors à chaque adresse corrigée comme à un nouveau destinataire
