# Ce que missive dit de la boîte aux lettres (IMAP) : le serveur, ses dossiers, l'identification,
# et ce que font `collect`, `drafts` et les copies dans les messages envoyés. Les termes :
# locales/glossary.md. $reply, $reason : les mots du serveur ou d'une bibliothèque, jamais traduits.

## Le serveur et ses dossiers
mailbox-role-sent = les messages envoyés
mailbox-role-drafts = les brouillons
mailbox-role-read = le courrier à lire
mailbox-connect = impossible de se connecter au serveur IMAP { $server } : { $reason } ; vérifiez son adresse et son port (`url` dans la section [imap] de campaign.toml) et que cet ordinateur peut le joindre
mailbox-said = il a répondu « { $words } »
mailbox-tls = la connexion TLS avec le serveur IMAP { $server } a échoué : « { $reason } » ; vérifiez l'adresse, ou faites confiance à l'autorité de certification de votre académie avec `--ca-file`
mailbox-no-starttls = le serveur IMAP { $server } ne propose pas STARTTLS ; utilisez plutôt `imaps://` (port 993)
mailbox-login-refused = le serveur IMAP { $server } a refusé l'identification de « { $user } » : « { $reply } » ; { $hint }
mailbox-login-unsupported = le serveur IMAP { $server } ne propose pas l'identification que missive utiliserait ({ $mechanisms }) ; { $hint }
mailbox-login-without-tls = missive refuse d'envoyer { $secret } au serveur IMAP { $server } sans TLS ; utilisez `imaps://` ou `?tls=required`
mailbox-timeout = le serveur IMAP { $server } n'a pas répondu en { $seconds } s pendant { $step } ; réessayez plus tard, ou demandez à son administrateur
mailbox-folder-missing = le serveur IMAP { $server } n'a aucun dossier pour { $role } que missive reconnaisse (dossiers : { $found }) ; nommez le vôtre avec `{ $setting }` dans la section [imap] de campaign.toml
mailbox-configured-folder-missing = le serveur IMAP { $server } n'a pas de dossier « { $name } » (`{ $setting }` dans campaign.toml) ; ses dossiers sont : { $found }
mailbox-refused = le serveur IMAP { $server } a refusé { $command } : « { $reply } » ; vérifiez le dossier et vos droits sur lui, ou demandez à l'administrateur du serveur
mailbox-protocol = le serveur IMAP { $server } a rompu l'échange pendant { $step } : « { $reason } » ; relancez la commande, et prévenez son administrateur si cela se reproduit
mailbox-folders-none = aucun
mailbox-folders-more = { $count ->
    [one] et { $count } autre
   *[other] et { $count } autres
}
mailbox-folder-line-break = le nom de dossier « { $folder } » contient un saut de ligne
mailbox-hint-line-break = le nom d'utilisateur ou le mot de passe contient un saut de ligne, que seul AUTHENTICATE PLAIN peut transmettre
mailbox-hint-ask-server = demandez à l'administrateur du serveur comment s'identifier
mailbox-hint-no-token = ce serveur n'accepte pas de jeton OAuth2 : retirez `token_command` et donnez un mot de passe

## Ce que faisait la session
mailbox-doing-connecting = la connexion
mailbox-doing-starting-tls = le démarrage de TLS
mailbox-doing-starttls = le démarrage de TLS (STARTTLS)
mailbox-doing-capability = la demande de ce qu'il propose (CAPABILITY)
mailbox-doing-logging-in = l'identification
mailbox-doing-greeting = l'attente de son accueil
mailbox-doing-list = la liste des dossiers (LIST)
mailbox-doing-append = le dépôt d'un message (APPEND)
mailbox-doing-examine = l'ouverture d'un dossier (EXAMINE)
mailbox-doing-fetch = la lecture des messages (FETCH)
mailbox-doing-search = la recherche dans un dossier (SEARCH)

## L'adresse du serveur
mailbox-url-malformed = « { $url } » n'est pas une adresse de serveur IMAP : { $reason } ; écrivez-la comme `imaps://imap.example.fr` (TLS, port 993) ou `imap://imap.example.fr:143?tls=required` (STARTTLS)
mailbox-url-password = l'adresse du serveur IMAP contient un mot de passe ; retirez-le : missive demande le mot de passe, ou lance `password_command`, et ne le garde jamais dans une adresse
mailbox-url-plaintext = « { $url } » n'est pas protégée par TLS et n'est pas cette machine : le mot de passe traverserait le réseau en clair ; utilisez `imaps://{ $host }` (port 993) ou `imap://{ $host }:143?tls=required` (STARTTLS)
mailbox-url-unreadable = « { $reason } »
mailbox-url-tls-unknown = `tls={ $tls }` est inconnu (utilisez `tls=required`)
mailbox-url-scheme = le protocole « { $scheme } » n'est ni imaps ni imap

## La boîte aux lettres d'une commande
mailbox-url-origin = { $origin } : { $error }
mailbox-login = l'identification à la boîte aux lettres : { $error }
mailbox-no-user = la boîte aux lettres a besoin d'un nom d'utilisateur pour s'identifier : renseignez `username` dans la section [imap] de campaign.toml (ou celui du relais, dans [smtp], qu'elle partage)
mailbox-runtime = impossible de démarrer le moteur réseau : { $reason }
mailbox-stopped = la boîte aux lettres a cessé de prendre les messages dans « { $folder } » : { $reason } ; { $left ->
    [one] { $left } message n'y est
   *[other] { $left } messages n'y sont
} pas encore : relancez la même commande, elle dépose le reste et aucun deux fois
mailbox-session-lost = la session avec la boîte aux lettres a été perdue
