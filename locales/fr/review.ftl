# Pourquoi un aperçu ne peut pas être écrit ou donné, et le verrou de relecture :
# `send --reviewed DOSSIER` refuse un envoi autre que celui de l'aperçu, en nommant ce qui a
# changé. Les termes : locales/glossary.md.

## Un aperçu qui ne peut pas être écrit, un message qui ne peut pas en être donné
review-not-a-preview = « { $out } » : le dossier existe et n'est pas un aperçu précédent ; choisissez-en un autre avec `--out DOSSIER`
review-unreadable-message = { $at } : le message composé ne peut pas être relu ; merci de signaler ce problème
review-no-such-message = l'aperçu de « { $dir } » compte { $count ->
    [one] { $count } message
   *[other] { $count } messages
}, aucun ne porte le numéro { $number } ; les numéros sont ceux de sa liste
review-no-longer-reviewed = le message n° { $number } (« { $to } ») n'est plus celui relu dans « { $dir } » : la liste, le modèle ou une pièce jointe a changé ; refaites l'aperçu avec `missive preview --out { $dir }`
review-row-gone = la ligne « { $row } » du message n° { $number } n'est plus dans la liste ; refaites l'aperçu avec `missive preview --out { $dir }`
review-cannot-compose = le message n° { $number } ne peut pas être composé : { $problem }

## Un dossier qui ne peut pas servir de relecture
review-missing = « { $dir } » ne contient aucun aperçu (pas de { $file }) ; écrivez-en un avec `missive preview --out { $dir }` et faites-le relire
review-unreadable = impossible de lire « { $path } » : { $reason } ; refaites l'aperçu avec `missive preview --out { $dir }`
review-not-json = ce n'est pas du JSON valide, le lecteur dit « { $said } »
review-format = « { $dir } » a été écrit par une autre version de missive (format de manifeste { $found }, celle-ci lit le { $reads }) ; refaites l'aperçu avec `missive preview --out { $dir }`

## Ce qui a changé depuis la relecture (une liste, un point par ligne)
review-mismatch = les messages ne sont pas ceux relus dans « { $dir } » ; rien n'a été envoyé :
review-mismatch-approving = les messages ne sont plus ceux de l'aperçu « { $dir } » ; rien n'a été approuvé :
review-mismatch-campaign = l'identifiant de la campagne a changé : « { $old } » → « { $new } »
review-mismatch-template = le modèle « { $template } » a changé
review-mismatch-attachment-added = la pièce jointe « { $name } » est nouvelle
review-mismatch-attachment-removed = la pièce jointe « { $name } » n'est plus jointe
review-mismatch-attachment-changed = la pièce jointe « { $name } » a changé
review-mismatch-revision = la révision de la campagne a changé
review-mismatch-added = { $count ->
    [one] { $count } destinataire ajouté :
   *[other] { $count } destinataires ajoutés :
}
review-mismatch-removed = { $count ->
    [one] { $count } destinataire retiré :
   *[other] { $count } destinataires retirés :
}
review-mismatch-changed = { $count ->
    [one] { $count } message modifié :
   *[other] { $count } messages modifiés :
}
review-mismatch-more = et { $count } autres
review-mismatch-more-lines = et { $count ->
    [one] { $count } autre ligne
   *[other] { $count } autres lignes
}
# Une ligne du modèle qui a changé depuis la revue, numérotée comme dans le fichier
review-template-line-changed = ligne { $line } du modèle : « { $old } » devient « { $new } »
review-template-line-added = ligne { $line } du modèle ajoutée : « { $new } »
review-template-line-removed = ligne { $line } du modèle supprimée : « { $old } »
review-mismatch-again = refaites l'aperçu (`missive preview --out { $dir }`, une fois « { $file } » supprimé), faites-le relire et approuver, puis envoyez avec `--reviewed { $dir }`
review-mismatch-again-approving = refaites l'aperçu (`missive preview --out { $dir }`), faites-le relire, puis approuvez-le (`missive approve { $dir } --by NOM`)
review-diff-to = destinataire « { $old } » → « { $new } »
review-diff-subject = objet « { $old } » → « { $new } »
review-diff-attachments = pièces jointes { $old } → { $new }
review-diff-content = son texte ou le contenu d'une pièce jointe
review-diff-file-changed = la pièce jointe « { $name } » a changé
# La première ligne du texte (ou du HTML) du message qui diffère
review-diff-text-line = ligne { $line } du texte : « { $old } » devient « { $new } »
review-diff-html-line = ligne { $line } du HTML : « { $old } » devient « { $new } »
review-diff-no-file = aucune
review-diff-file = « { $name } » ({ $size ->
    [one] { $size } octet
   *[other] { $size } octets
})
