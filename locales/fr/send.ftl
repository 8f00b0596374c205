# Ce que disent `missive send`, `drafts`, `collect` et les copies dans les messages envoyés.
# Les termes : locales/glossary.md. La question de la confirmation est dans prompts.ftl.

## Le plan qu'une personne confirme
send-plan = { $messages ->
    [one] { $messages } message
   *[other] { $messages } messages
}, { $size } en tout, { $target }, { $route }, { $pace }
send-plan-recipients = { $count ->
    [one] { $count } destinataire
   *[other] { $count } destinataires
}
send-plan-test = tous à { $address } (envoi d'essai)
send-plan-drafts = { $messages ->
    [one] { $messages } message
   *[other] { $messages } messages
} dans le dossier Brouillons de { $mailbox } (rien n'est envoyé)
send-plan-send = envoyer { $plan }
send-plan-put = déposer { $plan }
send-sending = envoi de { $plan }
send-putting = dépôt de { $plan }
send-route-one = par { $relay } avec { $sessions ->
    [one] { $sessions } session
   *[other] { $sessions } sessions
} à la fois
send-route-member = { $relay } (poids { $weight }, { $sessions ->
    [one] { $sessions } session
   *[other] { $sessions } sessions
})
send-route-pool = par { $count } relais : { $relays }
send-rate-domain = { $rate } pour { $domain }
send-rate-window = seulement { $window }
send-rate-unlimited = sans limite
send-rate-and = et
send-rate-relay = { $rates } vers { $relay }
send-pace-unlimited = pas de limite de cadence ({ $limits })
send-pace-limited = limites { $limits }, environ { $duration } d'envoi
send-pace-none = aucune

## Pendant l'envoi, et à la fin
send-nothing-to-send = rien à envoyer (journal « { $journal } »)
send-not-confirmed = rien n'a été envoyé : non confirmé
send-shard = part { $shard } : cette part de la liste seulement, journal « { $journal } »
send-reviewed = { $messages ->
    [one] le message est celui relu dans « { $folder } »
   *[other] les { $messages } messages sont ceux relus dans « { $folder } »
}
send-next = ensuite : { $step }
send-stopped-fix = l'envoi s'est arrêté : corrigez la cause et { $reader ->
    [page] appuyez de nouveau sur Envoyer dans la page Envoi
   *[other] relancez `missive send`
} pour continuer
send-stopped-not-attempted = l'envoi s'est arrêté : { $count ->
    [one] { $count } message n'a pas été tenté
   *[other] { $count } messages n'ont pas été tentés
} ; corrigez la cause et { $reader ->
    [page] appuyez de nouveau sur Envoyer dans la page Envoi
   *[other] relancez `missive send`
}
send-stopped-by-signal = { $reader ->
    [page] mis en pause (Pause, ou Ctrl-C dans la fenêtre de missive)
   *[other] arrêté par Ctrl-C (ou SIGTERM)
} : rien n'est laissé à moitié envoyé dans le journal
send-stopped-reader-gone = arrêté : le lecteur des événements est parti ; rien n'est laissé à moitié envoyé dans le journal
send-journal-stats = journal « { $journal } » : { $stats }
send-summary = { $sent ->
    [one] { $sent } envoyé
   *[other] { $sent } envoyés
}, { $failed ->
    [one] { $failed } refusé
   *[other] { $failed } refusés
}, { $deferred ->
    [one] { $deferred } différé
   *[other] { $deferred } différés
}, { $uncertain ->
    [one] { $uncertain } incertain
   *[other] { $uncertain } incertains
} en { $seconds } s ({ $size } acceptés)
send-summary-relay = {"  "}{ $relay } : { $sent ->
    [one] { $sent } envoyé
   *[other] { $sent } envoyés
}, { $failed ->
    [one] { $failed } refusé
   *[other] { $failed } refusés
}, { $deferred ->
    [one] { $deferred } différé
   *[other] { $deferred } différés
}, { $uncertain ->
    [one] { $uncertain } incertain
   *[other] { $uncertain } incertains
}
send-summary-report = `missive report` donne chaque destinataire avec la réponse du relais

## Brouillons et copies dans les messages envoyés
send-drafts-nothing = rien à déposer dans les brouillons : chaque message est déjà en brouillon ou envoyé (journal « { $journal } »)
send-drafts-not-confirmed = rien n'a été déposé dans les brouillons : non confirmé
send-drafts-next = ensuite : ouvrez le dossier Brouillons de votre messagerie, relisez chaque message et envoyez-le
send-filed-drafts = brouillons dans « { $folder } » : { $count ->
    [one] { $count } déposé
   *[other] { $count } déposés
}
send-filed-sent = copies dans les messages envoyés « { $folder } » : { $count ->
    [one] { $count } déposée
   *[other] { $count } déposées
}
send-filed-found = , { $found ->
    [one] { $found } s'y trouvait déjà (une exécution précédente s'est arrêtée avant de le noter)
   *[other] { $found } s'y trouvaient déjà (une exécution précédente s'est arrêtée avant de les noter)
}
send-copies-none = attention : aucune copie n'a été déposée dans les messages envoyés : { $error } ; les messages sont partis quand même. Corrigez, puis { $reader ->
    [page] envoyez de nouveau depuis la page Envoi : missive dépose
   *[other] relancez `missive send` : il dépose
} les { $count } copies (il n'envoie rien deux fois)
send-copies-stopped = attention : la boîte aux lettres a cessé de prendre les copies : { $error } ; { $missing ->
    [one] il manque { $missing } copie
   *[other] il manque { $missing } copies
} ; les messages sont partis quand même. { $reader ->
    [page] Envoyez de nouveau depuis la page Envoi pour les déposer
   *[other] Relancez `missive send` pour les déposer
} (il n'envoie rien deux fois)
send-copies-gone = attention : { $missing ->
    [one] { $missing } message envoyé n'est
   *[other] { $missing } messages envoyés ne sont
} plus dans la liste de destinataires : leurs copies ne peuvent plus être refaites

## `missive collect`
send-collect-no-journal = pas de journal à « { $path } » : rien n'a encore été envoyé pour cette campagne, donc rien ne peut revenir
send-collect-read = { $count ->
    [one] { $count } nouveau message lu
   *[other] { $count } nouveaux messages lus
} dans { $folders }
send-collect-and = et
send-collect-nothing = rien n'est revenu au sujet de cette campagne
send-collect-recorded = noté dans « { $journal } » : { $counts }
send-collect-kind = { $kind ->
    [bounced] rebonds
    [delayed] retards
    [delivered] remis
   *[read] lus
} : { $count }
send-collect-auto-replies = { $count ->
    [one] { $count } réponse automatique (absence du bureau…) : l'adresse fonctionne ; pas notée comme rebond
   *[other] { $count } réponses automatiques (absence du bureau…) : l'adresse fonctionne ; pas notées comme rebonds
}
send-collect-elsewhere = { $count ->
    [one] { $count } avis concerne d'autres messages que ceux de cette campagne : laissé de côté
   *[other] { $count } avis concernent d'autres messages que ceux de cette campagne : laissés de côté
}
send-collect-next = ensuite : `missive status` les compte, `missive report` les détaille
send-collect-no-list = { $count ->
    [one] { $count } adresse a fait un rebond définitif, mais il n'y a pas de dossier de configuration où garder la liste d'exclusion (définissez HOME, ou `suppression_list = "…"` dans campaign.toml) : les campagnes suivantes ne l'écarteront pas
   *[other] { $count } adresses ont fait un rebond définitif, mais il n'y a pas de dossier de configuration où garder la liste d'exclusion (définissez HOME, ou `suppression_list = "…"` dans campaign.toml) : les campagnes suivantes ne les écarteront pas
}
send-collect-suppressed = { $count ->
    [one] { $count } adresse a fait un rebond définitif, ajoutée à la liste d'exclusion « { $list } » : chaque campagne suivante l'écarte ({ $addresses })
   *[other] { $count } adresses ont fait un rebond définitif, ajoutées à la liste d'exclusion « { $list } » : chaque campagne suivante les écarte ({ $addresses })
}
