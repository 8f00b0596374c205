# `missive init` (la campagne d'exemple) et `missive init --from-eml` (un message reçu,
# relayé à une liste d'agents) : ce qu'ils disent, et les commentaires du campaign.toml de
# l'exemple. Les termes : locales/glossary.md.

init-wrote = écrit : { $path }
init-next = ensuite : cd { $dir } && missive check && missive preview

## Les commentaires du campaign.toml de l'exemple, bloc par bloc, dans l'ordre du fichier.
## Chaque ligne devient une ligne de commentaire (« # … ») ; gardez-les courtes.
init-sample-1 = La campagne d'exemple : la circulaire de la « rentrée numérique » du 26 avril 2021.
init-sample-2 =
    Les adresses de l'exemple sont dans ac-lille.example, un domaine réservé aux exemples
    (RFC 2606) : un exemple envoyé par erreur n'atteint personne. Mettez votre liste à sa place.
init-sample-3 = La langue des messages, pour les lecteurs d'écran et les correcteurs (`lang` du HTML).
init-sample-4 =
    Une circulaire envoyée par le service de l'inspection : `Auto-Submitted: auto-generated`
    (RFC 3834) évite un millier de réponses d'absence. Mettez false quand vous écrivez à
    votre propre équipe depuis votre propre boîte aux lettres.
init-sample-5 = Le relais de votre académie : l'exemple en nomme un qui n'existe pas.
init-sample-6 = Le mot de passe n'est jamais écrit ici : donnez MISSIVE_SMTP_PASSWORD, utilisez password_command, ou tapez-le quand il est demandé.

## `missive init --from-eml FICHIER DOSSIER`
init-eml-relaying = relais de « { $subject } » sous l'objet « { $relayed } »
init-eml-relaying-from = relais de « { $subject } », de { $from }, sous l'objet « { $relayed } »
init-eml-relaying-unwrapped = relais de « { $subject } » (le message joint à celui enregistré) sous l'objet « { $relayed } »
init-eml-relaying-from-unwrapped = relais de « { $subject } », de { $from } (le message joint à celui enregistré), sous l'objet « { $relayed } »
init-eml-attached = joint à chaque message : { $files }
init-eml-inline = affiché dans le message : { $files }
init-eml-left-out = laissé de côté : { $part }
init-eml-next = ensuite :
init-eml-step-1 = 1. dans { $template }, mettez votre nom et votre adresse sur la ligne `From:` (ou `De :`) et écrivez votre mot sous `Bonjour {"{{"} prenom {"}}"},`
init-eml-step-2 = 2. mettez vos agents dans { $list } (colonnes prenom;nom;email) et votre identifiant dans { $campaign }
init-eml-step-3 = 3. cd { $dir } && missive check && missive preview
init-eml-step-4 = 4. `missive send --to votre.adresse@… --limit 1` (un essai à vous-même), puis `missive send`
