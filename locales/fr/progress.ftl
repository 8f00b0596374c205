# L'avancement d'un envoi (src/progress.rs) : la barre dans un terminal, une ligne simple
# ailleurs. Les termes : locales/glossary.md. Une clé ici est aussi dans en/progress.ftl.

progress-position = { $done } sur { $total }
progress-counts = { $sent ->
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
}, reste environ { $left }
progress-line = avancement : { $position } ({ $counts }), { $rate } par minute
