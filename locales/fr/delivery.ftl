# Ce que missive dit en remettant les messages au relais SMTP : l'adresse du relais, la
# connexion, TLS, l'identification, les cadences et les plages horaires. Les termes :
# locales/glossary.md. $reply, $reason : les mots du relais ou d'une bibliothèque, jamais traduits.

## La connexion
delivery-connect = impossible de se connecter au relais { $relay } : { $reason } ; vérifiez son adresse et son port (`--smtp` ou `[smtp] url` dans campaign.toml) et que cet ordinateur peut le joindre, puis relancez `missive send`
delivery-tls = la connexion TLS avec le relais { $relay } a échoué : la bibliothèque dit « { $reason } » ; vérifiez l'adresse, ou faites confiance à l'autorité de certification de votre académie avec `--ca-file`
delivery-no-starttls = le relais { $relay } ne propose pas STARTTLS ; utilisez `smtps://` sur le port 465, ou `?tls=opportunistic` seulement si vous acceptez une connexion en clair
delivery-auth-refused = le relais a refusé l'identification de « { $user } » : « { $reply } » ; { $hint }
delivery-auth-unsupported = le relais ne propose pas la méthode d'identification que missive utiliserait ({ $mechanisms }) : « { $reason } » ; { $hint }
delivery-auth-without-tls = missive refuse d'envoyer { $secret } à { $relay } sans TLS ; utilisez `smtps://` ou `?tls=required`
delivery-timeout = le relais { $relay } n'a pas répondu en { $seconds } s pendant { $step }
delivery-greeting = le relais { $relay } a fermé la session : « { $reason } »
delivery-too-many-failures = { $count } messages de suite ont été refusés ou différés (le dernier : « { $last } ») ; le relais bloque peut-être cet expéditeur : voyez avec son administrateur, puis relancez `missive send`
delivery-unanswered = { $count } messages de suite n'ont pas reçu de vraie réponse du relais { $relay } après leur envoi (le dernier : « { $last } ») : ils ont peut-être été remis, ou non ; le relais ne répond pas comme il le devrait, l'envoi s'est donc arrêté. Demandez à son administrateur ce qu'il a reçu ; `missive status` range ces messages parmi les incertains, et `missive send --retry-uncertain` les envoie de nouveau une fois que vous savez qu'ils ne sont pas arrivés
delivery-doing-connecting = la connexion
delivery-doing-starting-tls = le démarrage de TLS
delivery-doing-ehlo = la présentation (EHLO)
delivery-doing-greeting = l'attente de son accueil
delivery-doing-logging-in = l'identification
delivery-ca-file = impossible de lire le fichier d'autorité de certification { $path } : { $reason } ; donnez un fichier PEM (`-----BEGIN CERTIFICATE-----`) avec `--ca-file` ou `ca_file` dans campaign.toml
delivery-ca-file-empty = il ne contient aucun certificat PEM
delivery-ca-file-said = « { $reason } »

## Plusieurs relais
delivery-relay-fault = { $origin } ({ $relay }) : { $error }
delivery-all-relays-out = tous les relais sont écartés après des échecs répétés : { $relays } ; vérifiez-les (ou attendez qu'ils se rétablissent), puis relancez `missive send` pour continuer
delivery-relay-out = { $relay } (« { $why } »)

## L'adresse du relais
delivery-url-malformed = « { $url } » n'est pas une adresse de relais : { $reason } ; écrivez-la comme `smtps://smtp.example.fr:465` ou `smtp://smtp.example.fr:587?tls=required`
delivery-url-password = l'adresse du relais contient un mot de passe ; retirez-le et utilisez plutôt `MISSIVE_SMTP_PASSWORD` ou `password_command`
delivery-url-tls-unknown = `tls={ $tls }` est inconnu (utilisez `required` ou `opportunistic`)
delivery-url-scheme = le protocole « { $scheme } » n'est ni smtp ni smtps

## L'identification
delivery-secret-password = le mot de passe
delivery-secret-token = le jeton OAuth2
delivery-hint-check-password = vérifiez le nom d'utilisateur et le mot de passe
delivery-hint-check-token = vérifiez `username`, et que `token_command` affiche un jeton d'accès récent pour cette boîte aux lettres
delivery-hint-ask-relay = demandez à l'administrateur du relais comment s'identifier
delivery-hint-no-token = ce relais n'accepte pas de jeton OAuth2 : retirez `token_command` et donnez un mot de passe
delivery-login-token-without-user = `token_command` s'identifie en XOAUTH2 au nom d'une boîte aux lettres : mettez son adresse dans `username`, section [smtp] de campaign.toml (ou donnez `--smtp-user`)
delivery-login-spawn = impossible de lancer { $setting } « { $command } » : { $reason }
delivery-login-failed = { $setting } « { $command } » a échoué (« { $status } ») ; lancez-la vous-même pour voir pourquoi
delivery-login-not-text = { $setting } « { $command } » a affiché autre chose que du texte ; sa première ligne doit être { $what }
delivery-login-empty = { $setting } « { $command } » n'a rien affiché ; sa première ligne doit être { $what }
delivery-login-access-token = le jeton d'accès
delivery-login-prompt-failed = impossible de lire le mot de passe : { $reason }
delivery-login-no-password = il faut un mot de passe pour « { $user } » : définissez { $variable }, ou `password_command` dans la section { $section } de campaign.toml
delivery-login-prompt = Mot de passe de { $user } sur { $host } :{" "}

## Cadences, plages horaires, délais
delivery-bad-window = « { $text } » n'est pas une plage d'envoi ; écrivez deux heures locales, début et fin, comme `18:00-07:30`
delivery-bad-duration = « { $text } » n'est pas une durée ; donnez un nombre et une unité, comme `5s`, `2min` ou `1h`
delivery-bad-rate = « { $text } » n'est pas une cadence ; écrivez un nombre de messages par unité, comme `30/min`, `2/s`, `1000/h` ou `5000/day` (ou `unlimited` pour `--rate`)
delivery-url-unreadable = « { $reason } »

## Les mots de missive à la place de la réponse d'un relais (le journal les garde en anglais)
delivery-reply-needs-smtputf8 = cette adresse a des lettres accentuées avant le @, et le relais n'accepte pas de telles adresses (il ne propose pas SMTPUTF8) : demandez à cette personne une autre adresse
delivery-reply-no-address = aucune adresse à qui envoyer
delivery-reply-not-retried = pas de nouvel essai : l'envoi s'est arrêté
delivery-reply-too-big = le message fait { $size } et le relais accepte au plus { $limit } : réduisez la pièce jointe, ou partagez-la par un lien
delivery-reply-session-lost = la session a été perdue
delivery-reply-closed-after = le message est parti, mais le relais a fermé la connexion sans répondre
delivery-reply-silent-after = pas de réponse en { $seconds } s après l'envoi du message
delivery-reply-silent-while = pas de réponse en { $seconds } s pendant { $step }
delivery-reply-broke-during = la connexion a été coupée pendant l'envoi du message (« { $error } »)
delivery-reply-garbled-after = le message est parti, mais la réponse du relais ne se lit pas comme du SMTP (« { $said } »)
delivery-reply-broke-after = le message est parti, mais la connexion a été coupée avant la réponse du relais (« { $error } »)
delivery-reply-forgot-session = le relais a oublié la session (« { $reply } »)
delivery-reply-broke-while = le relais a rompu la session pendant { $step } : « { $error } »
delivery-step-mail = l'envoi de MAIL FROM
delivery-step-rcpt = l'envoi de RCPT TO
delivery-step-data = l'envoi de DATA
delivery-step-dot = l'envoi du message
