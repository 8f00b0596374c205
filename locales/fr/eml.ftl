# `missive init --from-eml` : un message reçu devient une campagne qui le relaie.
# Les termes : locales/glossary.md.

eml-outlook-msg = c'est un fichier .msg d'Outlook, que missive ne sait pas lire ; enregistrez plutôt le message en .eml (Outlook sur le web ou le nouvel Outlook : `…` > Enregistrer sous / Télécharger ; Outlook classique : transférez-le vers votre messagerie web ou Thunderbird et enregistrez-le depuis celle-ci)
eml-not-a-message = cela ne ressemble pas à un message enregistré (ni en-tête From, ni Subject, ni Date) ; enregistrez le message depuis votre logiciel de messagerie en fichier .eml (Thunderbird : Fichier > Enregistrer sous > Fichier)
# $subjects : chacun par eml-subject, séparés par des virgules
eml-many-forwarded = le message contient { $count } messages transférés ({ $subjects }) ; ouvrez celui à relayer et enregistrez-le seul en .eml
eml-subject = « { $subject } »
eml-subject-line-break = `--subject` doit tenir sur une ligne ; retirez le retour à la ligne

## Une partie de l'original non relayée : $name, son nom de fichier (ou son type)

eml-left-out-signature = { $name } (une signature de l'original, qui ne correspondrait pas au message relayé)
eml-left-out-tnef = { $name } (la copie privée de la mise en forme par Outlook, illisible ailleurs)
eml-left-out-empty = { $name } (vide)
