# Ce que dit `missive serve`, dans le terminal et dans ses pages (src/commands/serve.rs,
# src/serve/). Les termes : locales/glossary.md. Une clé ici est aussi dans en/serve.ftl.

# $folder : le dossier de la campagne donné
serve-listening = la campagne de « { $folder } » est ouverte dans votre navigateur à l'adresse ci-dessus, depuis cet ordinateur seulement ; Ctrl-C l'arrête
serve-no-display = pas d'écran ici : ouvrez l'adresse ci-dessus dans un navigateur de cet ordinateur
serve-no-browser = aucun navigateur n'a pu être ouvert : ouvrez l'adresse ci-dessus dans un navigateur de cet ordinateur
serve-stopped = arrêté
# $error : les mots du système
serve-bind = aucun port de 127.0.0.1 n'a pu être écouté : { $error }
serve-runtime = l'application web n'a pas pu démarrer : { $error }
# $reason : les mots du système
serve-random = le système n'a donné aucun octet aléatoire pour le jeton de l'adresse : { $reason }
serve-page = une page de l'application web n'a pas pu être faite : { $reason }

## Les pages

serve-refused-title = Accès refusé
serve-refused = Cette page ne s'ouvre que depuis l'adresse affichée par `missive serve`, avec son jeton. Ouvrez de nouveau cette adresse, ou relancez `missive serve` pour en avoir une nouvelle.
serve-campaign-title = Campagne — missive
serve-campaign-heading = Campagne
serve-folder = Dossier :
serve-problems = Vérification
serve-no-problems = Aucun problème trouvé.
serve-check = Vérifier
serve-template = Modèle
serve-edit = Modifier le modèle :
serve-save = Enregistrer
serve-columns = Colonnes de la liste
serve-no-columns = La liste n'a pas pu être lue : voir la vérification ci-dessus.
serve-saved = Modèle enregistré, et vérifié de nouveau.
# $file : le modèle ; $error : les mots du système
serve-not-saved = « { $file } » n'a pas pu être enregistré : { $error }
serve-unreadable = « { $file } » n'a pas pu être lu : { $error }
# $folder : le dossier de la campagne ; $command : la commande qui y crée une campagne
serve-no-campaign = « { $folder } » n'a pas de campaign.toml : `{ $command }` y écrit une campagne d'exemple pour commencer.
# $line : la ligne du modèle ; $problem : ce qui ne va pas
serve-at-line = ligne { $line } : { $problem }

## La navigation des pages

serve-nav-campaign = Campagne
serve-nav-recipients = Destinataires
serve-nav-preview = Aperçu
serve-nav-review = Relecture
serve-nav-send = Envoi
serve-nav-results = Résultats

## La page Destinataires

serve-recipients-title = Destinataires — missive
serve-recipients-heading = Destinataires
serve-list-how = Comment la liste de destinataires a été lue
serve-list-file = Fichier
serve-list-format = Format
serve-list-text = texte (valeurs séparées par un séparateur)
# $kind : le type de classeur (xlsx, ods…)
serve-list-sheet-kind = classeur ({ $kind })
serve-list-sheet = Feuille
serve-list-encoding = Encodage
serve-list-delimiter = Séparateur
serve-delimiter-semicolon = point-virgule (`;`)
serve-delimiter-comma = virgule (`,`)
serve-delimiter-tab = tabulation
# $delimiter : le caractère
serve-delimiter-other = le caractère `{ $delimiter }`
serve-list-columns = Colonnes
serve-list-row-count = Lignes
# $count : les lignes de la liste
serve-list-rows = { $count ->
    [one] { $count } ligne
   *[other] { $count } lignes
}
serve-filter = Filtre
serve-filter-where = Seulement les lignes où (comme `--where`) :
serve-filter-apply = Filtrer
# $matched : les lignes gardées ; $total : les lignes de la liste ; $expression : la condition
serve-filter-matched = { $matched ->
    [one] { $matched } ligne sur { $total } remplit
   *[other] { $matched } lignes sur { $total } remplissent
} la condition `{ $expression }`
serve-list-problems = Problèmes de la liste
serve-list-no-problems = Aucun problème trouvé dans la liste.
serve-first-heading = Les premières lignes
# $count : les lignes montrées
serve-first-rows = { $count ->
    [one] La première ligne de la liste :
   *[other] Les { $count } premières lignes de la liste :
}
# $row : la ligne de la liste ; $problem : ce qui ne va pas
serve-at-row = ligne { $row } : { $problem }
