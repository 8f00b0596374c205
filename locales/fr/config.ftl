# Ce que missive dit des réglages d'une campagne : campaign.toml, les profils de config.toml,
# le fichier de serveur de mailmerge, `--shard`, `--not-before`. Les termes :
# locales/glossary.md.

config-at = { $at } : { $problem }
config-no-campaign = aucune campagne ici : lancez missive dans un dossier qui contient campaign.toml, donnez `-c FICHIER`, ou donnez `-t MODÈLE -r LISTE` (`missive init` écrit un exemple)
config-read = { $path } : impossible de lire le fichier de campagne : { $system }
config-toml-said = le lecteur TOML dit « { $said } »
config-toml-value = `{ $key }` : { $said }
config-toml-table-value = `[{ $table }] { $key }` : { $said }
config-password-in-file = { $path } : un mot de passe ne doit pas être écrit dans le fichier de campagne (il serait copié avec lui) ; retirez `password` et donnez MISSIVE_SMTP_PASSWORD, ou `password_command` (par exemple `pass show academie/smtp`), ou laissez missive le demander
config-password-and-token = { $path } : [smtp] donne à la fois `password_command` et `token_command` ; gardez `token_command` pour vous connecter avec un jeton OAuth2 (XOAUTH2), ou `password_command` pour un mot de passe
config-url-and-relays = { $path } : [smtp] donne `url` et aussi des entrées `[[smtp.relay]]` ; n'en gardez qu'une : `url` pour un seul relais, ou cette adresse comme une entrée `[[smtp.relay]]` de plus
config-entry-password = un mot de passe ne doit pas être écrit ici (il serait copié avec le fichier) ; retirez `password` et donnez `password_command` (par exemple `pass show academie/relais-2`), ou MISSIVE_SMTP_PASSWORD
config-entry-both-secrets = `password_command` et `token_command` sont donnés tous les deux ; gardez celui qu'utilise la connexion à ce relais
config-entry-no-url = pas de `url` ; donnez l'adresse de ce relais, comme `url = "smtps://smtp2.example.fr:465"`
config-entry-weight-zero = `weight = 0` ne donnerait aucun message à ce relais ; donnez-lui 1 ou plus, ou retirez l'entrée
config-entry-concurrency-zero = `concurrency = 0` n'ouvrirait aucune session ; donnez 1 ou plus
config-entry-toml = `{ $key }` (ligne { $line }) : { $said }
config-imap-password = un mot de passe ne doit pas être écrit dans le fichier de campagne (il serait copié avec lui) ; retirez `password` et donnez MISSIVE_IMAP_PASSWORD, ou `password_command` (par exemple `pass show academie/imap`), ou laissez missive le demander
config-imap-both-secrets = `password_command` et `token_command` sont donnés tous les deux ; gardez celui qu'utilise la connexion à votre boîte aux lettres
config-no-template = aucun modèle : donnez `template` dans campaign.toml, ou `-t FICHIER`
config-no-recipients = aucune liste de destinataires : donnez `recipients` dans campaign.toml, ou `-r FICHIER`
config-no-relay = aucun relais SMTP : donnez `--smtp URL`, ou MISSIVE_SMTP_URL, ou `url` dans la section [smtp] de campaign.toml, ou nommez un profil de ~/.config/missive/config.toml (`profile = "academie"` ou `--profile academie`)
config-no-mailbox = aucune boîte aux lettres : donnez `--imap URL` (comme `imaps://imap.ac-lille.fr:993`), ou MISSIVE_IMAP_URL, ou `url` dans la section [imap] de campaign.toml
config-copies-without-mailbox = `save_sent = "{ $mode }"` garde des copies dans le dossier des messages envoyés de la boîte aux lettres, mais aucune boîte aux lettres n'est donnée ; donnez `url` dans la section [imap] de campaign.toml (ou `--imap URL`), ou `--save-sent none`
config-setting = réglage refusé ({ $what }) : « { $reason } »
config-journal-twice = `--journal` donné { $count } fois, mais seuls `status` et `report` lisent plusieurs journaux ; donnez-le une seule fois
config-mailmerge-folder = dossier mailmerge inutilisable : { $said }
config-concurrency-zero = `concurrency = 0` n'est pas possible : il faut au moins une session SMTP
config-receipt-unknown = « { $text } » n'est pas un accusé que missive sait demander ; écrivez `"delivery"` (les serveurs destinataires signalent la remise ou l'échec), `"read"` (un accusé de lecture), ou les deux : `receipts = ["delivery", "read"]`
config-lang-tag = « { $text } » n'est pas une étiquette de langue ; écrivez la langue comme HTML l'écrit, par exemple `"fr"` ou `"fr-FR"`
config-save-sent-unknown = « { $text } » n'est pas une façon de garder des copies ; écrivez `each` (une copie de chaque message dans les messages envoyés), `first` (une copie pour la campagne) ou `none`

config-follow-up = { $file }:{ $line } : `follow_up = "{ $written }"` : { $problem }
config-follow-up-no-folder = il n'y a pas de dossier « { $folder } » ; corrigez `follow_up` : il nomme le dossier de la campagne antérieure (celui qui contient son campaign.toml), par rapport au dossier de ce campaign.toml
config-follow-up-no-journal = rien n'a été envoyé depuis « { $folder } » : il n'a pas de journal (« { $journal } ») ; envoyez d'abord la première campagne depuis ce dossier, ou corrigez `follow_up`. Une campagne envoyée avec un journal PostgreSQL partagé (`--journal postgres://…`) ne peut pas être relancée
config-follow-up-itself = c'est le dossier (ou le journal) de cette campagne même ; une relance répond à une campagne antérieure : nommez le dossier d'où cette campagne a été envoyée
config-follow-up-journal = le journal de la campagne antérieure ne peut pas être lu : { $error }

config-profile-no-file = aucun profil « { $name } » : « { $path } » { $reason ->
    [missing] n'existe pas
   *[empty] ne contient aucun profil
} ; écrivez-y une section `[profile.{ $name }]` avec `url`, `username` et `password_command`
config-profile-unknown = aucun profil « { $name } » dans « { $path } » ; les profils qui s'y trouvent sont : { $known }
config-profile-read = { $path } : impossible de le lire : { $system }
config-profile-password = { $path } : le profil « { $name } » contient un mot de passe ; retirez-le et donnez `password_command` (par exemple `pass show academie/smtp`), ou MISSIVE_SMTP_PASSWORD, ou laissez missive le demander
config-profile-password-and-token = { $path } : le profil « { $name } » donne à la fois `password_command` et `token_command` ; gardez celui qu'utilise votre boîte aux lettres
config-profile-url-and-relays = { $path } : le profil « { $name } » donne `url` et aussi des entrées `[[profile.{ $name }.relay]]` ; n'en gardez qu'une : `url` pour un seul relais, ou cette adresse comme une entrée de relais de plus
config-profile-no-home = aucun dossier de configuration : donnez XDG_CONFIG_HOME ou HOME, ou écrivez le relais dans la section [smtp] de campaign.toml

config-mailmerge-no-host = [smtp_server] n'a pas de `host` ; ajoutez `host = smtp.example.fr`
config-mailmerge-bad-port = `port = { $value }` n'est pas un numéro de port ; écrivez par exemple `port = 587`
config-mailmerge-no-port = [smtp_server] n'a pas de `port` ; ajoutez `port = 587` (STARTTLS) ou `port = 465` (SSL/TLS)
config-mailmerge-xoauth = `security = XOAUTH` demande un jeton d'accès : écrivez un campaign.toml avec `url = "smtps://HÔTE:465"` et `token_command` dans sa section [smtp]
config-mailmerge-security = `security = { $value }` est inconnu ; utilisez `SSL/TLS`, `STARTTLS` ou `Never`
config-mailmerge-ratelimit = `ratelimit = { $value }` n'est pas un nombre de messages par minute ; écrivez par exemple `ratelimit = 30`
config-mailmerge-not-key-value = « { $line } » n'est pas une ligne `clé = valeur`
config-mailmerge-no-section = aucune section [smtp_server] ; le fichier de serveur de mailmerge commence par `[smtp_server]` puis `host`, `port`, `security`, `username`

config-shard-invalid = « { $text } » n'est pas une part : écrivez la part sous la forme I/N, par exemple `--shard 2/3` pour la deuxième de trois machines (I de 1 à N)

config-moment-invalid = « { $text } » n'est pas une date et une heure ; écrivez une heure locale comme `25/04/2021 18:00`, `25/04/2021 à 18 h 00`, `25 avril 2021 18h00` ou `2021-04-25 18:00`
