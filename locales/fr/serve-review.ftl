# Les pages Aperçu et Relecture de `missive serve` (src/serve/preview_page.rs, review_page.rs,
# gallery_view.rs). Les termes : locales/glossary.md. Une clé ici est aussi dans en/serve-review.ftl.

## La page Aperçu

serve-preview-title = Aperçu — missive
serve-preview-heading = Aperçu
serve-preview-make = Aperçu
serve-preview-make-note = L'aperçu est écrit dans le dossier
serve-preview-said = Ce que l'aperçu a dit
serve-preview-problems = Problèmes trouvés
serve-preview-refused-approved = Cet aperçu est approuvé : pour en faire un nouveau, retirez d'abord son approbation sur la
serve-preview-to-review = page Relecture
serve-preview-none = Pas encore d'aperçu : faites-en un avec le bouton ci-dessus.
serve-preview-messages = Messages
serve-preview-number = N°
serve-preview-recipient = Destinataire
serve-preview-subject = Objet
serve-preview-size = Taille
serve-preview-warnings = À vérifier
serve-preview-sends-nothing = n'envoie rien
serve-preview-to = À :
serve-preview-attachments = Pièces jointes
serve-preview-no-attachment = Aucune pièce jointe.
serve-preview-eml = Le message lui-même, à ouvrir dans un logiciel de messagerie :
serve-preview-frame = Le message tel que son destinataire le verra (sa version HTML, sa version texte, ses pièces jointes)
# $by : le nom du relecteur ou de la relectrice ; $at : quand
serve-preview-approved = Approuvé par { $by } le { $at }.
# $count : les messages ; $size : leur taille en tout
serve-preview-count = { $count ->
    [one] { $count } message, { $size }
   *[other] { $count } messages, { $size } en tout
}
# $shown : les lignes montrées ici ; $count : les lignes de l'aperçu ; $index : la liste du dossier
serve-preview-more = Les { $shown } premières lignes sur { $count } ; la liste du dossier les montre toutes : { $index }
# $number : le numéro du message ; $count : les messages ; $subject : son objet
serve-preview-message = Message { $number } sur { $count } : { $subject }

## La page Relecture

serve-review-title = Relecture — missive
serve-review-heading = Relecture
serve-review-state = L'aperçu
serve-review-not-approved = Pas encore approuvé.
serve-review-to-preview = page Aperçu
serve-review-no-preview-do = Faites l'aperçu sur la
serve-review-changes = Depuis l'aperçu
serve-review-same = La campagne fait toujours exactement les messages de cet aperçu.
serve-review-changed = La campagne a changé depuis cet aperçu :
serve-review-again = Il faut un nouvel aperçu et une nouvelle approbation : refaites l'aperçu sur la
serve-review-again-approved = Il faut un nouvel aperçu et une nouvelle approbation : retirez l'approbation ci-dessous, puis refaites l'aperçu sur la
serve-review-approve = Approuver
serve-review-approve-note = Approuver enregistre qui a approuvé quels messages, et quand ; l'envoi n'envoie alors que ceux-là.
serve-review-by = Votre nom (celui du relecteur ou de la relectrice) :
serve-review-withdraw = Retirer l'approbation
serve-review-withdraw-note = Retirer l'approbation permet de refaire l'aperçu.
serve-review-no-name = Tapez votre nom pour approuver.
serve-review-none-to-withdraw = Il n'y a pas d'approbation à retirer.
# $file : le fichier de l'approbation ; $error : les mots du système
serve-review-not-withdrawn = « { $file } » n'a pas pu être supprimé : { $error }
# $by : le nom du relecteur ou de la relectrice
serve-review-withdrawn = L'approbation de { $by } est retirée : l'aperçu peut être refait.
# $count : les messages ; $plan : l'empreinte du plan, raccourcie
serve-review-messages = { $count ->
    [one] { $count } message dans l'aperçu
   *[other] { $count } messages dans l'aperçu
} (plan { $plan }).
# $by : le nom du relecteur ou de la relectrice ; $at : quand ; $count : les messages ; $plan : l'empreinte du plan
serve-review-approved = Approuvé par { $by } le { $at } : { $count ->
    [one] { $count } message
   *[other] { $count } messages
}, plan { $plan }
