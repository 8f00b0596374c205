# Les mots de missive en français. Les termes : locales/glossary.md. Une clé ici est aussi dans en/missive.ftl.

## La confirmation avant l'envoi (send, drafts)
confirm-send = Prêt à envoyer { $plan }.
confirm-send-question = Envoyer maintenant ?
confirm-drafts = Prêt à déposer { $plan }.
confirm-drafts-question = Les déposer dans les brouillons maintenant ?
confirm-choices = [o/N]
