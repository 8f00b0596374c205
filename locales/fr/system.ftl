# Ce que dit le système (un fichier absent, une connexion refusée), en français ; ce qu'il dit
# d'autre est cité tel quel.

system-not-found = fichier ou dossier introuvable
system-permission-denied = accès refusé (droits insuffisants)
system-already-exists = existe déjà
system-is-a-directory = c'est un dossier
system-not-a-directory = ce n'est pas un dossier
system-connection-refused = connexion refusée
system-connection-reset = connexion coupée
system-timed-out = délai dépassé
system-unexpected-eof = fin inattendue
system-storage-full = le disque est plein
system-read-only = le disque est en lecture seule
system-other = le système répond « { $said } »
