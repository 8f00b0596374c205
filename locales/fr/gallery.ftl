# La galerie d'un aperçu (index.html, une page par message) et ce que dit `missive preview`.
# Les pages sont du HTML : une valeur donnée en $list, $link, $row, $command est déjà du
# balisage (un <code> ou un lien) ; les nombres donnés en $number sont déjà écrits.
# Les termes : locales/glossary.md.

## La liste des messages (index.html)
gallery-title = Aperçu avant envoi — { $campaign }
gallery-skip = Aller à la liste des messages
gallery-intro = Chaque ligne est un message tel qu’il partira, construit à partir de la liste { $list }. Ouvrez un message pour voir ses en-têtes, sa version HTML, sa version texte et ses pièces jointes.
gallery-summary-messages = { $count ->
    [one] { $number } message
   *[other] { $number } messages
}
gallery-summary-size = { $size } en tout
gallery-summary-warned = { $count ->
    [one] { $number } ligne avec un point à vérifier
   *[other] { $number } lignes avec un point à vérifier
}
gallery-summary-skipped = { $count ->
    [one] { $number } ligne sans envoi
   *[other] { $number } lignes sans envoi
}
gallery-summary-files = { $count ->
    [one] { $number } fichier joint distinct
   *[other] { $number } fichiers joints distincts
}
gallery-generated = Aperçu du { $date }, version du modèle { $revision }.
gallery-eml-all = Chaque message a son fichier .eml.
gallery-eml-sample = Fichiers .eml : les { $first } premiers messages, puis un sur { $every } ; pour tout autre, la commande est sur la page du message.
gallery-eml-first = Fichiers .eml : { $first ->
    [one] le premier message
   *[other] les { $first } premiers messages
}, car chacun porte une grande pièce jointe (gardée une seule fois dans files/) ; pour tout autre, la commande est sur la page du message.
gallery-filter = Filtre { $expression } : seules les lignes qui y répondent sont ici ({ $matched } sur { $total } ; { $left ->
    [0] aucune ligne n’est laissée de côté
    [one] l’autre ne recevra rien
   *[other] les { $left } autres ne recevront rien
}).
gallery-search-label = Rechercher (nom, adresse, objet, ligne, avertissement)
gallery-show = Afficher
gallery-show-all = toutes les lignes
gallery-show-warned = les lignes avec un point à vérifier
gallery-show-skipped = les lignes sans envoi
gallery-search-button = Rechercher
gallery-search-help = Accents et majuscules ignorés ; touche / pour venir ici.
gallery-no-script = Sans JavaScript, seules les 50 premières lignes sont listées ici ; chaque page de message mène à la suivante.
gallery-caption = Messages, dans l’ordre de la liste
gallery-column-number = N°
gallery-column-row = Ligne
gallery-column-recipient = Destinataire
gallery-column-subject = Objet
gallery-column-attachments = Pièces jointes
gallery-column-size = Taille
gallery-column-check = À vérifier
gallery-column-message = Message
gallery-pages = Pages de la liste
gallery-page-previous = ← Page précédente
gallery-page-next = Page suivante →
gallery-page-position = Page { $page } sur { $pages }
gallery-view = voir
gallery-view-label = voir le message n° { $number }
gallery-eml-label = fichier .eml du message n° { $number }
gallery-row-word = ligne
gallery-found-none = Aucune ligne ne correspond.
gallery-found-all = { $count ->
    [one] { $shown } ligne
   *[other] { $shown } lignes
}, lignes { $first } à { $last }.
gallery-found-some = { $count ->
    [one] { $shown } ligne trouvée
   *[other] { $shown } lignes trouvées
}, lignes { $first } à { $last }.

## Ce qu'on fait une fois la relecture terminée (le bas de la liste)
gallery-next-heading = Après la relecture
gallery-next-test = Envoi de test : quelques messages, chacun avec ses propres données, tous à votre seule adresse (remplacez l’adresse par la vôtre), l’objet marqué [TEST] :
gallery-next-approve = Approbation, par le relecteur ou la relectrice, du plan de cet aperçu : l’envoi réel l’exige et dit qui l’a donnée :
gallery-next-name = NOM
gallery-next-send = Envoi réel, lié à cette relecture : il est refusé si la liste, le modèle ou une pièce jointe a changé depuis cet aperçu, et dit quoi :
gallery-next-you = VOUS

## La page d'un message
gallery-message-title = Message n° { $number } — { $subject }
gallery-message-skip = Aller au message
gallery-message-heading = Message n° { $number } : { $subject }
gallery-message-row = Ligne { $row } de la liste · { $size }
gallery-message-warnings = Points à vérifier
gallery-message-headers = En-têtes
gallery-message-headers-note = Tels qu’ils partiront ; la date sera celle de l’envoi.
gallery-header-from = De
gallery-header-to = À
gallery-header-cc = Copie
gallery-header-reply-to = Répondre à
gallery-header-subject = Objet
gallery-header-date = Date
gallery-header-message-id = Identifiant
gallery-message-envelope = Remis à (enveloppe SMTP, copies cachées comprises)
gallery-message-html = Version HTML
gallery-message-html-note = Affichée comme par une messagerie prudente : aucun script, aucun contenu distant.
gallery-message-html-title = Version HTML du message n° { $number }
gallery-message-text = Version texte
gallery-message-attachments = Pièces jointes
gallery-message-attachments-none = Aucune.
gallery-message-attachment-inline = — affichée dans le message
gallery-message-attachment-alt = Aperçu de la pièce jointe { $name }
gallery-message-eml-heading = Le message entier (.eml)
gallery-message-eml = { $link } : le message exact, à ouvrir dans une messagerie (Thunderbird, Outlook…). Seule la date changera à l’envoi.
gallery-message-eml-sample = Seule une partie des fichiers .eml est écrite, pour que l'aperçu reste assez léger pour être transmis à un relecteur ou une relectrice. Pour obtenir celui-ci (reconstitué à partir des fichiers de l'aperçu et vérifié identique à ce qui a été relu), lancez dans le dossier qui contient l'aperçu :
gallery-message-footer = Relecture terminée ? L’envoi de test et l’envoi réel sont au { $link }.
gallery-message-footer-link = bas de la liste des messages
gallery-navigation = Navigation entre les messages
gallery-navigation-list = Liste des messages
gallery-navigation-previous = ← Message précédent (n° { $number })
gallery-navigation-next = Message suivant (n° { $number }) →

## Ce qui est signalé au relecteur, sur une ligne
gallery-warning-empty = { $count ->
    [one] champ vide : { $fields }
   *[other] champs vides : { $fields }
}
gallery-warning-big = message lourd ({ $size })
gallery-warning-duplicate = doublon de la ligne { $line } : non envoyé
gallery-warning-same-recipient = même destinataire que la ligne { $line } : envoyé deux fois
gallery-warning-skipped = ligne ignorée : { $reason }
gallery-warning-suppressed = non envoyé à { $addresses } : rebond définitif lors d’un envoi précédent (liste d’exclusion)

## Ce que dit `missive preview`
gallery-done = { $count ->
    [one] { $count } message
   *[other] { $count } messages
}, { $size } en tout, aperçu écrit dans « { $out } »
gallery-left-out = { $count ->
    [one] { $count } ligne laissée de côté (voir plus haut)
   *[other] { $count } lignes laissées de côté (voir plus haut)
}
gallery-open = ouvrez « { $index } » dans un navigateur pour les relire
gallery-opening = ouverture avec `{ $program }`
gallery-no-browser = aucun navigateur trouvé pour l'ouvrir (essayés : { $tried }) ; ouvrez « { $index } » vous-même, ou donnez la variable `BROWSER`
