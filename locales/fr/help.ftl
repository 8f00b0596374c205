# L'aide de missive (`missive --help`, `missive <commande> --help`, `-h`), la page de manuel
# et les erreurs de la ligne de commande. Les termes : locales/glossary.md.
# Une description de commande ou d'option se dit à l'infinitif (« Envoyer les messages »),
# sans point final, comme clap l'affiche. Les options (`--skip-invalid`) et les valeurs à taper
# (`csv`, `30/min`) restent telles quelles.

## Les mots de clap lui-même

help-usage-heading = Utilisation :
help-heading-commands = Commandes
help-heading-arguments = Arguments
help-heading-options = Options
# Le nom de la commande dans la ligne d'utilisation : `missive [OPTIONS] <COMMANDE>`
help-value-command = COMMANDE
help-flag-help = Afficher l'aide
help-flag-help-short = Afficher l'aide (plus de détails avec « --help »)
help-flag-help-long = Afficher l'aide (un résumé avec « -h »)
help-flag-version = Afficher la version
help-help-about = Afficher ce message ou l'aide des commandes données
# Ce que clap ajoute après l'aide d'une option : sa variable d'environnement, sa valeur par
# défaut, ses valeurs possibles.
help-spec-env = [variable d'environnement : { $variable }]
help-spec-default = [par défaut : { $value }]
help-spec-values = [valeurs possibles : { $values }]
help-spec-values-title = Valeurs possibles :

## Les commandes

help-missive-about = Publipostage de notifications : un message personnalisé par destinataire, envoyé poliment par SMTP, avec reprise après interruption, relu avant de partir
help-init-about = Écrire une campagne d'exemple (une circulaire, son infographie, une liste, campaign.toml) sans jamais rien écraser. Avec `--from-eml`, une campagne qui relaie un message reçu à une liste de personnels
help-check-about = Préparer chaque message (lire la liste, fusionner le modèle, composer le message) ; signaler chaque problème ; ne rien envoyer
help-preview-about = Écrire l'aperçu que lit le relecteur ou la relectrice : index.html (une galerie pour tout navigateur), une page et un .eml par message (un échantillon de .eml au-delà de 1 000), manifest.json (l'empreinte du plan)
help-approve-about = Approuver, en tant que relecteur ou relectrice, le plan de l'aperçu écrit dans DOSSIER : missive vérifie qu'il est toujours celui de la campagne, puis le note dans DOSSIER/approval.json (qui, quand, quel plan) pour `send --reviewed DOSSIER`
help-send-about = Envoyer réellement les messages
help-drafts-about = Déposer chaque message dans le dossier Brouillons de votre boîte aux lettres (IMAP) au lieu de l'envoyer : vous les envoyez depuis votre propre messagerie. Les mêmes vérifications et la même confirmation que `send`
help-collect-about = Relever dans le journal les rebonds, les avis de retard et les accusés de lecture revenus dans la boîte aux lettres (IMAP, en lecture seule : rien n'est supprimé, déplacé ni marqué comme lu)
help-suppressed-about = Les adresses que toute campagne laisse de côté parce qu'elles ont rebondi définitivement (la liste d'exclusion, remplie par `collect`) : les lister, ou en retirer une avec `--remove`
help-status-about = Ce que sait le journal : le nombre de destinataires par état (envoyé, en échec, incertain, en attente) ; que faire ensuite
help-report-about = Une ligne par destinataire : ligne, adresse, état, code et réponse SMTP, Message-ID, tentatives, heure
help-bundle-about = Réunir la campagne en un seul .tar à transmettre : dossier du modèle, pièces jointes, limites ; ni liste, ni identifiant (`missive init --from PAQUET` le déballe)
help-completions-about = Afficher le script de complétion d'un shell (bash, zsh, fish, elvish, powershell)
help-man-about = Afficher la page de manuel (roff), ou l'écrire avec une page par commande dans un dossier
help-serve-about = Ouvrir la campagne dans votre navigateur : une application web locale, joignable depuis cet ordinateur seulement

## Les exemples après les options : les commandes telles qu'on les tape, puis ce qu'elles font

help-init-examples =
    Exemples :
      missive init rentree          écrire la campagne d'exemple dans ./rentree
      missive init --from circulaire.tar relais   déballer un paquet fait par `missive bundle`
      cd rentree && missive check   puis la vérifier, en faire l'aperçu, l'envoyer
help-check-examples =
    Exemples :
      missive check                                   la campagne de ./campaign.toml
      missive check -t message.md -r directeurs.csv   un modèle et une liste, sans fichier de campagne
      missive check -c mailmerge_server.conf          un dossier préparé pour mailmerge, l'outil Python
      missive check --delimiter ';' --encoding windows-1252   une liste enregistrée par Excel en France
      missive check --smtp smtp://127.0.0.1:25       le plan d'envoi par un relais sur cette machine
help-preview-examples =
    Exemples :
      missive preview --open              écrire ./preview et ouvrir sa galerie
      missive preview --out revue         l'aperçu que lit le relecteur, dans ./revue
      missive preview --out revue --only 1500   le .eml du message 1500 d'une grande campagne
help-approve-examples =
    Exemples :
      missive approve revue --by 'Marie Dupont'   approuver le plan de l'aperçu écrit dans ./revue
      missive send --reviewed revue               puis l'envoyer : l'envoi dit qui l'a approuvé
help-drafts-examples =
    Exemples :
      missive drafts --imap imaps://imap.ac-lille.fr   chaque message dans votre dossier Brouillons, à envoyer vous-même
      missive drafts --reviewed revue --limit 5        seulement les cinq premiers messages relus
help-collect-examples =
    Exemples :
      missive collect                                  relever ce qui est revenu depuis la dernière fois
      missive collect --imap imaps://imap.ac-lille.fr  la boîte aux lettres donnée sur la ligne de commande
help-suppressed-examples =
    Exemples :
      missive suppressed                                     les adresses laissées de côté, et pourquoi
      missive suppressed --remove m.durand@ac-lille.fr       cette adresse fonctionne de nouveau : lui écrire
      missive suppressed -c rentree/campaign.toml            la liste que nomme cette campagne
help-send-examples =
    Exemples :
      missive send --to moi@ac-lille.fr --limit 3   un envoi d'essai de trois messages, à vous-même
      missive send --reviewed revue                 envoyer ce qui a été relu dans ./revue, rien d'autre
      missive send --rate 30/min --window 18:00-07:30   poliment, hors des heures de bureau
      missive send --yes --smtp 'smtp://smtp.ac-lille.fr:587?tls=required' --smtp-user jdupont
      missive send --retry-uncertain                 après un arrêt brutal : renvoyer ce qui n'est peut-être pas parti
help-status-examples =
    Exemples :
      missive status                       ce que sait le journal à côté de campaign.toml
      missive status --journal run.sqlite  un autre journal
help-report-examples =
    Exemples :
      missive report -o rapport.csv        une ligne CSV par destinataire, pour un tableur
      missive report --format jsonl        un objet JSON par ligne, pour un script
help-bundle-examples =
    Exemples :
      missive bundle -o rentree-numerique.tar   réunir la campagne à transmettre aux chefs d'établissement
      missive bundle -c rentree/campaign.toml   la campagne d'un autre dossier, en <son identifiant>.tar
help-completions-examples =
    Exemples :
      missive completions bash > ~/.local/share/bash-completion/completions/missive
      missive completions zsh > ~/.zfunc/_missive   avec `fpath+=~/.zfunc` dans ~/.zshrc
      missive completions fish > ~/.config/fish/completions/missive.fish
help-man-examples =
    Exemples :
      missive man | man -l -                 lire le manuel tout de suite
      missive man -o ~/.local/share/man/man1  l'installer pour `man missive`
help-serve-examples =
    Exemples :
      missive serve                 la campagne de ce dossier, dans votre navigateur
      missive serve rentree         la campagne de ./rentree
      missive serve --no-open       afficher l'adresse seulement, pour l'ouvrir vous-même

## Les options, par leur nom dans le code (`skip_invalid` → help-arg-skip-invalid) ;
## help-arg-<option>-in-<commande> quand une commande la dit autrement

help-arg-lang = La langue de missive (par défaut : `MISSIVE_LANG`, puis la locale : `LC_ALL`, `LC_MESSAGES`, `LANG` ; le français quand elle commence par `fr`, l'anglais sinon)
help-choice-lang-en = anglais
help-choice-lang-fr = français
help-arg-dir = Dossier où écrire (créé s'il n'existe pas)
help-arg-dir-in-serve = Le dossier de la campagne, où se trouve campaign.toml (par défaut : le dossier courant)
help-arg-no-open = Afficher l'adresse sans ouvrir de navigateur
help-arg-from-eml = Un message reçu, enregistré en .eml : son corps (votre note au-dessus du message transféré), ses pièces jointes et son objet (`TR : …`) deviennent la campagne, envoyée à une liste de personnels
help-arg-subject = L'objet des messages relayés, au lieu de `TR : <objet d'origine>`
help-arg-from = Un paquet fait par `missive bundle` : son modèle, ses pièces jointes et ses limites deviennent la campagne ; ajoutez votre liste et votre relais
help-arg-campaign = Le fichier de campagne (par défaut : ./campaign.toml s'il existe)
help-arg-campaign-in-suppressed = Le fichier de campagne dont la `suppression_list` sert (par défaut : ./campaign.toml s'il existe ; sans lui, `suppressed.csv` à côté du config.toml des profils)
help-arg-template = Le modèle des messages (remplace celui de campaign.toml)
help-arg-recipients = La liste de destinataires (remplace celle de campaign.toml)
help-arg-attach = Un fichier joint à chaque message (à répéter au besoin ; s'ajoute à ceux de campaign.toml)
help-arg-filter = Seulement les lignes pour lesquelles EXPR est vraie (`check`, `preview`, `send`), écrite comme dans le `{"{"}% if %{"}"}` d'un modèle : `--where 'circonscription == "Lille 3"'`. Les autres sont laissées de côté
help-arg-profile = Le profil SMTP de ~/.config/missive/config.toml avec lequel envoyer (remplace le `profile` de campaign.toml) ; les clés [smtp] de la campagne elle-même l'emportent toujours sur celles du profil
help-arg-delimiter = Le séparateur de la liste de destinataires : `;`, `,` ou `tab` (reconnu s'il n'est pas donné)
help-arg-encoding = L'encodage de la liste de destinataires : `utf-8`, `utf-16le`, `utf-16be` ou `windows-1252` (reconnu s'il n'est pas donné : marque d'ordre des octets, puis UTF-8, puis Windows-1252)
help-arg-sheet = La feuille du classeur à lire (par défaut : la première)
help-arg-allow-duplicates = Écrire aux mêmes destinataires autant de fois qu'ils figurent dans la liste (par défaut : une fois)
help-arg-skip-invalid = Continuer avec les lignes valides et signaler les autres, au lieu de refuser de commencer
help-arg-journal = Le journal de ce qui a été envoyé (par défaut : `.missive/journal.sqlite` dans le dossier de campaign.toml, ou du modèle s'il n'y en a pas), ou un journal `PostgreSQL` que partagent plusieurs machines, `postgres://UTILISATEUR@127.0.0.1:PORT/BASE` (mot de passe dans `PGPASSWORD` ou `~/.pgpass`). `status` et `report` l'acceptent plusieurs fois pour réunir les journaux de plusieurs parts (ou machines)
help-arg-shard = Seulement la part de la liste qui revient à cette machine : la part I sur N (à partir de 1), choisie par destinataire, la même sur chaque machine ; son journal est `.missive/journal-shard-I-of-N.sqlite`
help-arg-verbose = Donner plus de détails sur ce qui est fait
help-arg-events = Comment `check`, `preview` et `send` rendent compte de ce qui se passe : `text` pour une personne, ou `json`, un objet JSON par ligne sur la sortie standard pour chaque ligne ou message, puis un `summary` (les mots pour une personne vont alors sur la sortie d'erreur)
help-choice-events-text = des mots pour une personne sur la sortie d'erreur, une barre de progression dans un terminal
help-choice-events-json = un objet JSON par ligne sur la sortie standard ; les mots pour une personne sur la sortie d'erreur
help-arg-out = Dossier de l'aperçu (remplacé s'il contient un aperçu précédent)
help-arg-dir-in-approve = Le dossier de l'aperçu à approuver (`missive preview --out DOSSIER`)
help-arg-by = Le nom du relecteur ou de la relectrice, tel que l'envoi le dira : `--by 'Marie Dupont'`
help-arg-open = Ouvrir la galerie dans un navigateur une fois écrite
help-arg-only = N'écrire que le .eml du message N de l'aperçu de `--out` (après avoir vérifié que c'est bien celui qui a été relu), pour une grande campagne dont l'aperçu montre un échantillon
help-arg-deny-warnings = Traiter les avertissements comme des erreurs, pour les scripts : un message qui risque d'arriver dans les indésirables ou de mal se lire, une ligne en double, une adresse que seuls certains relais acceptent arrête alors l'exécution avec le code de sortie 1, avant tout envoi (`send`) ou toute écriture (`preview`)
help-arg-remove = Retirer cette adresse de la liste : les campagnes lui écrivent de nouveau
help-arg-output = Le paquet à écrire (par défaut : `<identifiant de la campagne>.tar`)
help-arg-output-in-report = Écrire le rapport dans FICHIER au lieu de la sortie standard
help-arg-excel = Écrire le CSV tel qu'Excel l'ouvre directement : `;` entre les colonnes, UTF-8 avec une marque d'ordre des octets (c'est déjà la forme du CSV en français)
help-arg-format = Le format : `csv` ou `jsonl` (un objet JSON par ligne)
help-arg-shell = Le shell pour lequel compléter
help-arg-out-in-man = Écrire `missive.1` et `missive-<commande>.1` dans DOSSIER au lieu de les afficher
help-arg-smtp = Le relais : `smtps://hôte:465`, `smtp://hôte:587?tls=required` ; `smtp://` en clair seulement vers cette machine (par défaut : celui de campaign.toml)
help-arg-smtp-user = L'identifiant sur le relais (son mot de passe : `MISSIVE_SMTP_PASSWORD`, `password_command` dans campaign.toml, ou une question posée) ; `--smtp-user ''` envoie sans s'identifier
help-arg-imap = La boîte aux lettres : `imaps://hôte:993`, `imap://hôte:143?tls=required` ; `imap://` en clair seulement vers cette machine (par défaut : `[imap] url` de campaign.toml). Son identifiant est celui du relais, sauf si `[imap]` donne le sien ; son mot de passe : `MISSIVE_IMAP_PASSWORD`
help-arg-imap-user = L'identifiant sur la boîte aux lettres (par défaut : `[imap] username`, sinon celui du relais)
help-arg-ca-file = Une autorité de certification privée (PEM) à accepter en plus de celles du système
help-arg-yes = Ne pas demander de confirmation (obligatoire hors d'un terminal)
help-arg-limit = Seulement les N premiers messages
help-arg-to = Envoi d'essai : les messages des lignes choisies, chacun fait avec ses propres données, partent tous vers ADRESSE seule
help-arg-rates = Une limite de débit : `30/min`, `2/s`, `1000/h`, `5000/day` (à répéter au besoin : toutes s'appliquent), ou `unlimited`
help-arg-concurrency = Combien de sessions SMTP à la fois
help-arg-per-connection = Messages envoyés dans une même session SMTP avant de la renouveler
help-arg-window = N'envoyer qu'entre ces heures locales, par exemple `18:00-07:30` ou `18h-7h30` ; en dehors, missive attend
help-arg-not-before = Ne rien envoyer avant cette heure locale, par exemple `25/04/2021 18h00`, `25/04/2021 à 18 h 00` ou `2021-04-25 18:00`
help-arg-retry-base = L'attente avant un nouvel essai vers une adresse différée (le 451 d'une liste grise) ; elle double à chaque fois, un peu au hasard (par défaut `1min` : nouveaux essais après environ 1, 3, 7, 15 minutes)
help-arg-retry-for = Combien de temps une exécution continue d'essayer les adresses différées après leur premier essai (par défaut `30min`) ; ce qui est encore différé attend alors le prochain `missive send`
help-arg-max-attempts = Tentatives par message au cours d'une exécution, la première comprise (par défaut 10)
help-arg-max-failures-in-a-row = Arrêter l'exécution après ce nombre d'échecs du relais d'affilée (un relais occupé ou qui refuse, une session rompue ; le refus propre à un destinataire ne compte pas)
help-arg-timeout = Combien de temps attendre le relais à chaque étape : la connexion, son accueil, la réponse à chaque commande (par défaut `15s` pour se connecter, `30s` pour l'accueil, `1min` par commande) ; `[smtp] timeout` dans campaign.toml
help-arg-data-timeout = Combien de temps attendre la réponse du relais une fois un message envoyé (par défaut `3min`) ; `[smtp] data_timeout` dans campaign.toml
help-arg-insecure = Autoriser le SMTP en clair vers un hôte qui n'est pas cette machine
help-arg-retry-failed = Envoyer de nouveau aux destinataires que le relais a refusés définitivement lors d'une exécution précédente
help-arg-retry-uncertain = Envoyer de nouveau aux destinataires qui ont peut-être reçu leur message (leur exécution s'est arrêtée avant la réponse du relais) ; le Message-ID est le même, ce nouvel envoi se reconnaît donc
help-arg-new-revision = Continuer après un changement du modèle ou d'une pièce jointe, alors qu'une partie de la campagne a été envoyée dans sa version précédente
help-arg-new-revision-in-drafts = Continuer après un changement du modèle ou d'une pièce jointe, alors qu'une partie de la campagne a été envoyée ou déposée en brouillon dans sa version précédente
help-arg-reviewed = N'envoyer que si les messages sont exactement ceux de l'aperçu de DOSSIER (`missive preview --out DOSSIER`) ; sinon, dire ce qui a changé et ne rien envoyer
help-arg-reviewed-in-drafts = Seulement si les messages sont exactement ceux de l'aperçu de DOSSIER (`missive preview --out DOSSIER`)
help-arg-save-sent = Garder des copies dans le dossier Envoyés de la boîte aux lettres : `each` (chaque message), `first` (le premier de la campagne) ou `none` (aucune ; par défaut : `[imap] save_sent` de campaign.toml, sinon `none`)

## Les noms des valeurs (`--out <DOSSIER>`), en capitales, sans espace

help-value-address = ADRESSE
help-value-attach = FICHIER
help-value-bundle = PAQUET
help-value-ca-file = FICHIER
help-value-campaign = CAMPAGNE
help-value-datetime = DATE
help-value-delimiter = SÉPARATEUR
help-value-dir = DOSSIER
help-value-duration = DURÉE
help-value-encoding = ENCODAGE
help-value-expr = EXPR
help-value-file = FICHIER
help-value-file-url = FICHIER|URL
help-value-format = FORMAT
help-value-hh-mm-hh-mm = HH:MM-HH:MM
help-value-i-n = I/N
help-value-imap-user = IDENTIFIANT
help-value-lang = LANGUE
help-value-mode = MODE
help-value-n = N
help-value-name = NOM
help-value-out = DOSSIER
help-value-recipients = LISTE
help-value-sheet = FEUILLE
help-value-shell = SHELL
help-value-smtp-user = IDENTIFIANT
help-value-spec = LIMITE
help-value-subject = OBJET
help-value-template = MODÈLE
help-value-url = URL

## Les erreurs de la ligne de commande (code de sortie 2)

help-error = erreur : { $problem }
help-error-tip = astuce : { $tip }
help-error-usage = Utilisation : { $usage }
help-error-more = Pour en savoir plus, essayez « --help ».
help-error-unknown-flag = l'option « { $flag } » n'existe pas
help-error-unexpected = « { $value } » est en trop sur la ligne de commande
help-error-unknown-command = la commande « { $command } » n'existe pas
help-error-value-missing = il manque une valeur après « { $flag } »
help-error-value-refused = la valeur « { $value } » ne convient pas à « { $flag } »
help-error-value-refused-because = la valeur « { $value } » ne convient pas à « { $flag } » : { $reason }
help-error-required = { $count ->
    [one] il manque cet argument obligatoire :
   *[other] il manque ces arguments obligatoires :
}
help-error-twice = l'option « { $flag } » ne se donne qu'une fois
help-error-conflict = l'option « { $flag } » ne va pas avec « { $other } »
help-error-conflict-some = l'option « { $flag } » ne va pas avec une autre option donnée
help-error-command-missing = « { $command } » attend une commande, et aucune n'est donnée
help-error-too-many = la valeur « { $value } » est de trop pour « { $flag } »
help-error-how-many = { $count ->
    [one] « { $flag } » attend { $count } valeur
   *[other] « { $flag } » attend { $count } valeurs
}
help-error-no-equals = donnez la valeur de « { $flag } » après un signe =
help-error-not-utf8 = un argument n'est pas du texte valable (UTF-8)
help-error-other = la ligne de commande n'est pas comprise
help-error-possible-values = [valeurs possibles : { $values }]
help-error-possible-commands = [commandes possibles : { $values }]
help-tip-similar = vouliez-vous dire « { $similar } » ?
help-tip-as-value = pour donner « { $value } » comme valeur, écrivez « { $written } »
help-tip-double-dash = la commande « { $command } » existe ; pour l'utiliser, retirez le « -- » qui la précède
help-tip-exists = « { $flag } » existe
help-tip-other = la bibliothèque suggère « { $said } »

## La valeur d'une option, refusée (la forme attendue suit, dite par son type)

help-flag-invalid = valeur non valable pour « { $flag } » : { $problem }
help-flag-invalid-from-env = valeur non valable pour « { $flag } » (venue de { $variable }) : { $problem }
help-flag-invalid-value = valeur non valable : { $problem }
help-flag-not-utf8 = ce n'est pas du texte valable (UTF-8)
help-count-invalid = « { $value } » n'est pas un nombre ; écrivez un nombre entier de 1 ou plus, comme `2`

## Les titres des sections de la page de manuel (`missive man`), en capitales comme dans les pages de manuel

help-page-name = NOM
help-page-synopsis = SYNOPSIS
help-page-description = DESCRIPTION
help-page-options = OPTIONS
help-page-arguments = ARGUMENTS
help-page-commands = COMMANDES
help-page-version = VERSION
help-page-authors = AUTEURS
help-page-examples = EXEMPLES
