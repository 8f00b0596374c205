# L'approbation du relecteur ou de la relectrice : `missive approve DOSSIER --by NOM` note qui a
# approuvé quel plan, et quand (DOSSIER/approval.json) ; `send --reviewed` l'exige ; `preview`
# n'écrit pas par-dessus. Les termes : locales/glossary.md.

approve-no-name = le nom du relecteur ou de la relectrice est vide : donnez-le avec `--by`, par exemple `--by 'Marie Dupont'`

approve-done = approuvé par { $by } : { $messages ->
    [one] { $messages } message
   *[other] { $messages } messages
}, plan { $plan } ; envoyez-le avec `missive send --reviewed { $dir }`
approve-replaced = l'approbation de { $by } du { $at } est remplacée
approve-cannot-write = impossible d'écrire « { $path } » : { $error }

approve-missing = « { $dir } » n'a pas été approuvé : demandez au relecteur ou à la relectrice de lancer `missive approve { $dir } --by NOM` ; rien n'a été envoyé
approve-unreadable = impossible de lire « { $path } » : { $reason } ; supprimez-le et demandez une nouvelle approbation de « { $dir } » (`missive approve { $dir } --by NOM`)
approve-foreign = « { $path } » n'est pas une approbation écrite par missive ; supprimez-le et demandez une nouvelle approbation de « { $dir } » (`missive approve { $dir } --by NOM`)
approve-stale = l'aperçu « { $dir } » a été refait après son approbation par { $by } le { $at } : cette approbation porte sur une autre version ; rien n'a été envoyé ; faites relire et approuver le nouvel aperçu (`missive approve { $dir } --by NOM`)

approve-preview-refused = « { $dir } » a été approuvé par { $by } le { $at } ; faites l'aperçu dans un autre dossier (`--out AUTRE`), ou supprimez « { $file } » pour retirer l'approbation

approve-send-approved = { $plan }, approuvé par { $by } le { $at }
approve-send-not-reviewed = { $plan }, sans relecture demandée ({ $reader ->
    [page] un ou une collègue approuve l'aperçu sur la page Relecture
   *[other] `--reviewed DOSSIER`
})
