# Ce que dit l'application web quand son dossier n'a pas encore de campagne (la page de
# démarrage, src/serve/start_page.rs), quand un fichier est donné par une page
# (src/serve/upload.rs, src/serve/list_upload.rs), et quand missive est lancé par un double
# clic (src/cli/double_click.rs). Les termes : locales/glossary.md. Une clé ici est aussi
# dans en/serve-start.ftl.

# $folder : le dossier de la campagne
serve-listening-window = le dossier de campagne « { $folder } » est ouvert dans votre navigateur à l'adresse ci-dessus, depuis cet ordinateur seulement ; fermez cette fenêtre pour arrêter missive (`missive --help` montre la ligne de commande)
double-click-press-enter = Appuyez sur Entrée pour fermer cette fenêtre.

## La page de démarrage

serve-start-title = Démarrer — missive
serve-start-heading = Démarrer une campagne
serve-start-intro = Ce dossier n'a pas encore de campagne (pas de campaign.toml). Créez-en une ici, de l'une de ces deux façons :
serve-start-sample = Créer la campagne d'exemple
serve-start-sample-what = Une circulaire aux directeurs et directrices d'école, son infographie et une liste de douze directeurs et directrices fictifs, comme les écrit `missive init` : transformez-les en votre propre campagne.
serve-start-eml = À partir d'un message reçu (.eml)
serve-start-eml-what = Une circulaire reçue, enregistrée depuis votre messagerie en fichier .eml, à relayer à votre équipe : son texte, ses pièces jointes et son objet deviennent la campagne, comme avec `missive init --from-eml`.
serve-start-eml-choose = Choisissez le fichier .eml, ou déposez-le ici :
serve-start-eml-make = Créer la campagne à partir de ce message

## Un fichier donné par une page

# $limit : en mégaoctets
serve-upload-limit = { $limit } Mo au plus.
serve-upload-too-big = Ce fichier dépasse { $limit } Mo : il n'a pas été pris.
serve-upload-not-a-form = Le fichier n'est pas arrivé en entier : choisissez-le de nouveau.
serve-upload-no-file = Aucun fichier choisi : choisissez-en un, ou déposez-le dans le cadre.
# $name : le nom du fichier, tel que le navigateur l'a envoyé
serve-upload-bad-name = « { $name } » n'est pas un nom de fichier qui puisse être gardé : renommez le fichier et choisissez-le de nouveau.
# $kinds : les fins de nom de fichier acceptées (.csv, .xlsx…)
serve-upload-kind = « { $name } » n'est pas d'un type que cette page prend ({ $kinds }).
# $error : les mots du système
serve-upload-unwritten = « { $name } » n'a pas pu être écrit dans le dossier de la campagne : { $error }

## La page Destinataires : choisir ou déposer une liste

serve-list-give = Choisir ou déposer une liste
serve-list-choose = Une liste de destinataires (CSV, .xlsx ou .ods), choisie ou déposée dans le cadre :
serve-list-send = Utiliser cette liste
# $name : le nom du fichier de la liste dans le dossier de la campagne
serve-list-kept = La liste « { $name } » est maintenant dans le dossier de la campagne.
# $sent : le nom du fichier déjà là
serve-list-renamed = Un fichier « { $sent } » y était déjà : il reste tel quel, et la nouvelle liste est gardée sous le nom « { $name } ».
serve-list-named = campaign.toml la désigne maintenant comme liste de destinataires de la campagne.
# $settings : `encoding = "windows-1252"`, …
serve-list-settings-removed = Retirés de campaign.toml, car ils valaient pour la liste précédente : { $settings }.
# $why : ce qui a empêché la modification ; $line : la ligne à écrire
serve-list-not-named = campaign.toml n'a pas pu être modifié ({ $why }) : mettez-y vous-même cette ligne, à la place de sa ligne `recipients` : { $line }
