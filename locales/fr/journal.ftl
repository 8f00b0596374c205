# Ce que missive dit du journal, où il note ce qui a été envoyé (SQLite, ou une base PostgreSQL
# partagée). Les termes : locales/glossary.md. $reason : les mots d'une bibliothèque.

journal-io = « { $path } » : { $reason } ; vérifiez que le dossier existe et qu'on peut y écrire, ou donnez `--journal FICHIER`
journal-sqlite = le journal « { $path } » : SQLite dit « { $reason } » ; vérifiez le disque et les droits sur le fichier
journal-busy = un autre `missive send` envoie déjà avec le journal « { $journal } » ; attendez qu'il finisse (ou arrêtez-le avec Ctrl-C), puis relancez `missive send` pour continuer
journal-busy-process = un autre `missive send` (processus `{ $pid }`) envoie déjà avec le journal « { $journal } » ; attendez qu'il finisse (ou arrêtez-le avec Ctrl-C), puis relancez `missive send` pour continuer
journal-earlier-revision = { $sent ->
    [one] { $sent } destinataire a déjà reçu
   *[other] { $sent } destinataires ont déjà reçu
} une version antérieure de cette campagne{ $uncertain ->
    [0] {""}
    [one] {" "}(et { $uncertain } l'a peut-être reçue)
   *[other] {" "}(et { $uncertain } l'ont peut-être reçue)
}, et le modèle ou une pièce jointe a changé depuis ; pour envoyer cette version aux autres, lancez `missive send --new-revision` ; pour envoyer à tous la même version, remettez les fichiers d'avant
journal-missing = pas de journal à « { $path } » : rien n'a encore été envoyé pour cette campagne ; lancez `missive send`, ou donnez l'emplacement du journal avec `--journal FICHIER`
journal-vanished = le journal « { $path } » est { $emptied ->
    [yes] vide
   *[no] absent
}, mais { $companions } à côté montrent que `missive send` l'a utilisé : il a été supprimé ou vidé depuis, et envoyer maintenant enverrait de nouveau toute la campagne à tout le monde ; remettez le journal (depuis une sauvegarde ou la corbeille), ou, pour repartir de zéro exprès et tout renvoyer, supprimez aussi { $companions } (ou donnez un autre `--journal FICHIER`)
journal-and = et
journal-newer = le journal « { $path } » a été écrit par une version plus récente de missive (schéma `{ $found }`, celle-ci lit `{ $reads }`) ; utilisez cette version, ou donnez un autre `--journal FICHIER`
journal-address = le journal partagé « { $url } » ne peut pas servir : { $reason }
journal-postgres = le journal partagé « { $journal } » : PostgreSQL dit « { $reason } » ; vérifiez que la base fonctionne et qu'on peut la joindre, ainsi que l'utilisateur et le mot de passe (`PGPASSWORD` ou `~/.pgpass`)
journal-lease-lost = le bail de cet expéditeur sur le journal partagé « { $journal } » a expiré (la base est restée injoignable trop longtemps) : ses messages en cours d'envoi sont désormais incertains ; relancez `missive send` pour continuer
journal-mark-log = impossible d'écrire le registre des marques du journal « { $path } » : { $reason } ; aucun autre message n'a été envoyé. Libérez de la place (ou corrigez les droits du dossier), puis relancez `missive send` : il règle d'abord ce qui était en cours
journal-unknown-state = le journal « { $path } » contient l'état « { $word } », que cette version de missive ne connaît pas ; utilisez la version qui l'a écrit

## Pourquoi l'adresse d'un journal partagé ne peut pas servir
journal-address-unreadable = « { $reason } »
journal-address-lease = `lease={ $value }` n'est pas une durée ; écrivez `lease=60s` (ou `500ms`, `2min`)
journal-address-sslmode = `sslmode=require` : cette version de missive ne chiffre pas la connexion à la base ; joignez une base distante par un tunnel SSH (`ssh -L 5432:127.0.0.1:5432 HÔTE`) et donnez `postgres://UTILISATEUR@127.0.0.1:5432/BASE`
journal-address-remote = « { $host } » n'est pas cette machine, et cette version de missive ne chiffre pas la connexion à la base ; joignez-la par un tunnel SSH (`ssh -L 5432:127.0.0.1:5432 { $host }`) et donnez `postgres://UTILISATEUR@127.0.0.1:5432/BASE`
journal-address-read-only = il est ouvert en lecture seule
journal-address-campaigns = il contient les campagnes { $campaigns } ; lancez la commande dans le dossier de la campagne, ou ajoutez `?campaign=ID` à l'adresse

## La suite (`status`, la fin de `send`) : une ligne par sorte de destinataire restant
journal-next-pending = { $count ->
    [one] { $count } destinataire reste
   *[other] { $count } destinataires restent
} à envoyer : { $reader ->
    [page] appuyez sur Envoyer dans la page Envoi pour continuer
   *[other] lancez `missive send` pour continuer
} (ce qui est parti ne repart pas)
journal-next-last-reply = {" "}(dernière réponse : « { $reply } »)
journal-next-deferred = { $count ->
    [one] { $count } différé : le serveur destinataire a demandé de réessayer plus tard{ $last } ; { $reader ->
        [page] appuyez de nouveau sur Envoyer dans la page Envoi dans quelques minutes
       *[other] relancez `missive send` dans quelques minutes
    } : il le réessaie, vers les seules adresses encore en attente
   *[other] { $count } différés : le serveur destinataire a demandé de réessayer plus tard{ $last } ; { $reader ->
        [page] appuyez de nouveau sur Envoyer dans la page Envoi dans quelques minutes
       *[other] relancez `missive send` dans quelques minutes
    } : il les réessaie, vers les seules adresses encore en attente
}
journal-next-sending = { $count ->
    [one] { $count } en cours d'envoi, ou laissé par une exécution interrompue : le prochain `missive send` le compte comme incertain
   *[other] { $count } en cours d'envoi, ou laissés par une exécution interrompue : le prochain `missive send` les compte comme incertains
}
journal-next-uncertain = { $count ->
    [one] { $count } message a peut-être été remis (son envoi s'est arrêté avant la réponse du relais) : { $reader ->
        [page] voyez-le dans la page Résultats ; `missive send --retry-uncertain`, dans un terminal, l'envoie de nouveau avec le même Message-ID
       *[other] consultez `missive report`, puis `missive send --retry-uncertain` l'envoie de nouveau avec le même Message-ID
    }
   *[other] { $count } messages ont peut-être été remis (leur envoi s'est arrêté avant la réponse du relais) : { $reader ->
        [page] voyez-les dans la page Résultats ; `missive send --retry-uncertain`, dans un terminal, les envoie de nouveau avec le même Message-ID
       *[other] consultez `missive report`, puis `missive send --retry-uncertain` les envoie de nouveau avec le même Message-ID
    }
}
journal-next-failed = { $count ->
    [one] { $count } refusé par le relais : { $reader ->
        [page] voyez pourquoi dans la page Résultats, corrigez la liste de destinataires, puis appuyez sur « Envoyer de nouveau aux destinataires en échec et différés »
       *[other] voyez pourquoi avec `missive report`, corrigez la liste de destinataires, puis lancez `missive send --retry-failed`
    }
   *[other] { $count } refusés par le relais : { $reader ->
        [page] voyez pourquoi dans la page Résultats, corrigez la liste de destinataires, puis appuyez sur « Envoyer de nouveau aux destinataires en échec et différés »
       *[other] voyez pourquoi avec `missive report`, corrigez la liste de destinataires, puis lancez `missive send --retry-failed`
    }
}
journal-next-refused = { $count ->
    [one] { $count } adresse refusée par le relais alors que son message a atteint ses autres destinataires (un Cc, un Cci…) : { $addresses }{ $more } ; { $reader ->
        [page] voyez la page Résultats, corrigez-la dans la liste de destinataires, puis son bouton « Envoyer de nouveau aux destinataires en échec et différés » lui écrit, à elle seule
       *[other] consultez `missive report`, corrigez-la dans la liste de destinataires, puis `missive send --retry-failed` lui écrit, à elle seule
    }
   *[other] { $count } adresses refusées par le relais alors que leur message a atteint ses autres destinataires (un Cc, un Cci…) : { $addresses }{ $more } ; { $reader ->
        [page] voyez la page Résultats, corrigez-les dans la liste de destinataires, puis son bouton « Envoyer de nouveau aux destinataires en échec et différés » leur écrit, à elles seules
       *[other] consultez `missive report`, corrigez-les dans la liste de destinataires, puis `missive send --retry-failed` leur écrit, à elles seules
    }
}
journal-next-more = { $more ->
    [one] {" "}et { $more } autre
   *[other] {" "}et { $more } autres
}
journal-refused-address = « { $address } » ({ $row } : « { $reply } »)
journal-next-drafted = { $count ->
    [one] { $count } message est
   *[other] { $count } messages sont
} dans le dossier Brouillons de votre boîte aux lettres (`missive drafts`) : envoyez-les depuis votre messagerie ; `missive send` n'y touche pas
journal-next-suppressed = { $count ->
    [one] { $count } ligne de la liste a été écartée parce que son adresse a
   *[other] { $count } lignes de la liste ont été écartées parce que leurs adresses ont
} fait un rebond définitif lors d'une campagne précédente (la liste d'exclusion, `missive suppressed`) : corrigez l'adresse dans la liste de destinataires, ou `missive suppressed --remove ADRESSE` si elle fonctionne de nouveau
journal-next-skipped = { $count ->
    [one] { $count } ligne de la liste a été écartée et jamais envoyée, son adresse ou ses données étant erronées (`missive report` dit pourquoi) : corrigez-la dans la liste de destinataires, puis { $reader ->
        [page] appuyez sur Envoyer dans la page Envoi
       *[other] lancez `missive send`
    } : il l'envoie, et personne deux fois
   *[other] { $count } lignes de la liste ont été écartées et jamais envoyées, leurs adresses ou leurs données étant erronées (`missive report` dit pourquoi) : corrigez-les dans la liste de destinataires, puis { $reader ->
        [page] appuyez sur Envoyer dans la page Envoi
       *[other] lancez `missive send`
    } : il les envoie, et personne deux fois
}
journal-next-nothing-yet = rien n'est encore noté : { $reader ->
    [page] envoyez depuis la page Envoi
   *[other] lancez `missive send`
}
journal-next-done = chaque destinataire a reçu le message : plus rien à faire

## `send --verbose` : comment s'est passée l'écriture du journal
journal-writer-stats = { $marks ->
    [one] { $marks } message noté
   *[other] { $marks } messages notés
} en { $commits ->
    [one] { $commits } validation
   *[other] { $commits } validations
} ; { $writing } ms d'écriture et { $waiting } ms d'attente par message
