# Ce que missive dit de la liste d'exclusion : les adresses que toute campagne écarte parce
# qu'elles ont fait un rebond définitif (`missive suppressed`, `missive collect`). Les termes :
# locales/glossary.md.

suppression-why = elle a fait un rebond définitif{ $day }{ $details }
suppression-why-day = {" "}le { $day }
suppression-why-details = {" "}({ $details })
suppression-why-campaign = campagne « { $campaign } »
# $said : le code et les mots du serveur destinataire, tels qu'il les a écrits
suppression-why-said = le serveur a dit « { $said } »
suppression-io = { $path } : impossible { $doing } la liste d'exclusion : { $reason }
suppression-doing-read = de lire
suppression-doing-write = d'écrire
suppression-doing-lock = de verrouiller
suppression-doing-create-folder = de créer le dossier de
suppression-line = { $path }:{ $line } : { $problem } ; corrigez ou supprimez cette ligne de la liste d'exclusion (`missive suppressed` l'affiche)
suppression-empty-address = l'adresse est vide
suppression-not-an-address = « { $address } » n'est pas une adresse électronique
suppression-unreadable = « { $reason } »
suppression-not-listed = « { $address } » n'est pas sur la liste d'exclusion « { $path } » ({ $count ->
    [one] { $count } adresse y figure, affichée
   *[other] { $count } adresses y figurent, affichées
} par `missive suppressed`) : rien à retirer ; vérifiez l'orthographe
suppression-no-address-column = { $path } : la liste d'exclusion n'a pas de colonne `address` ; sa première ligne doit nommer les colonnes : { $columns }

## `missive suppressed`
suppression-removed = « { $address } » retirée de la liste d'exclusion « { $path } » : les campagnes lui écrivent de nouveau
suppression-list-empty = la liste d'exclusion « { $path } » est vide : aucune adresse n'a encore fait de rebond définitif (`missive collect` ajoute celles qui en font)
suppression-list-heading = { $count ->
    [one] { $count } adresse figure sur la liste d'exclusion « { $path } », écartée de toute campagne :
   *[other] { $count } adresses figurent sur la liste d'exclusion « { $path } », écartées de toute campagne :
}
suppression-list-entry = {"  "}{ $address } : { $why }
suppression-list-next = ensuite : `missive suppressed --remove ADRESSE` retire une adresse quand elle fonctionne de nouveau
