# L'écriture du message d'un destinataire à partir du modèle rendu : ses adresses, ses en-têtes,
# ses pièces jointes, sa taille. $row : la ligne du destinataire, `liste:ligne` ; $line : la
# ligne du modèle. Les termes : locales/glossary.md.

compose-address = { $row } : en-tête « { $header } » (ligne { $line } du modèle) : { $error }
compose-address-column = { $row } : en-tête « { $header } » (ligne { $line } du modèle, colonne « { $column } ») : { $error }
compose-no-from = { $row } : le message n'a pas d'adresse d'expéditeur ; ajoutez une ligne `De :` (ou `From:`) au modèle
compose-many-from = { $row } : l'expéditeur (`From:`) doit être une seule adresse ; { $count ->
    [one] { $count } trouvée
   *[other] { $count } trouvées
}
compose-no-recipient = { $row } : le message n'a aucun destinataire : `To`, `Cc` et `Bcc` (À, Cc, Cci) sont tous vides
compose-reserved-header = { $row } : l'en-tête « { $header } » (ligne { $line } du modèle) est écrit par missive elle-même ; retirez-le du modèle
compose-control-character = { $row } : l'en-tête « { $header } » (ligne { $line } du modèle) contient un caractère de contrôle ; retirez-le de la liste de destinataires
# $shown, $shown_limit : des tailles lisibles (2,5 Mo) ; $size : le nombre exact d'octets
compose-too-big = { $row } : le message fait { $shown } ({ $size } octets), plus que la limite de { $shown_limit } ; envoyez un lien plutôt qu'une grosse pièce jointe, ou augmentez `max_message_size`
compose-header-name = { $row } : le message ne peut pas être écrit : « { $name } » n'est pas un nom d'en-tête valable
# $said : les mots de la bibliothèque de courrier, en anglais
compose-build = { $row } : le message ne peut pas être écrit : la bibliothèque de courrier indique « { $said } »

## Les pièces jointes

compose-attachment = { $row } : { $error }
# $reason : ce que dit le système
compose-attachment-unreadable = la pièce jointe « { $path } » ne peut pas être lue : { $reason }
# $said : les mots de la bibliothèque de courrier, en anglais
compose-attachment-type = la pièce jointe « { $path } » ne peut pas être lue : son type ne peut pas être nommé (la bibliothèque indique « { $said } ») ; renommez-la avec une extension courante comme .pdf ou .png
compose-attachment-missing = la pièce jointe « { $path } » n'existe pas dans « { $folder } » ; vérifiez le nom du fichier dans la liste de destinataires ou le modèle, ou placez le fichier dans ce dossier
compose-attachment-outside = la pièce jointe « { $path } » est hors du dossier de la campagne « { $root } » ; placez le fichier dans le dossier de la campagne
compose-attachment-folder = la pièce jointe « { $path } » est un dossier, pas un fichier ; nommez un fichier de ce dossier
