# Ce que missive dit d'une liste de destinataires : sa lecture (encodage, séparateur,
# classeur), sa ligne d'en-tête, ses lignes et les adresses qu'elles contiennent.
# Les termes : locales/glossary.md.

recipients-open = { $path } : impossible de lire la liste de destinataires : { $system } ; vérifiez le chemin donné avec `-r` ou comme `recipients` dans campaign.toml
recipients-not-text = { $path }:1 : ce fichier n'est pas une liste de destinataires mais { $what ->
    [pdf] un document PDF
    [zip] une archive zip (un classeur .xlsx ou .ods sous un autre nom ?)
    [xls] un ancien fichier Office (un classeur .xls sous un autre nom ?)
    [png] une image PNG
    [jpeg] une image JPEG
    [gif] une image GIF
    [gzip] une archive gzip
    [rtf] un document RTF
   *[binary] des données binaires, pas du texte
} ; donnez une liste CSV, .xlsx ou .ods avec une ligne d'en-tête et une ligne par destinataire
recipients-mixed-encoding = { $path }:{ $line } : la liste est en UTF-8 mais cette ligne contient un octet qui ne l'est pas (`0x{ $byte }`), comme quand deux sources sont collées ensemble ; enregistrez de nouveau la liste au format « CSV UTF-8 », ou donnez `--encoding windows-1252` ou `--encoding utf-8` pour la lire quand même
recipients-bom-conflict = { $path } : le fichier commence par une marque d'ordre des octets { $marked } mais `--encoding { $given }` a été donné ; retirez `--encoding` (la marque dit comment le fichier est écrit)
recipients-empty = { $path }:1 : la liste de destinataires est vide : il lui faut une ligne d'en-tête avec les noms des colonnes, puis une ligne par destinataire
recipients-no-rows = { $path }:1 : la liste a une ligne d'en-tête mais aucun destinataire ; ajoutez dessous une ligne par destinataire
recipients-field-count = { $at } : cette ligne compte { $found ->
    [one] { $found } valeur
   *[other] { $found } valeurs
} alors que l'en-tête compte { $expected ->
    [one] { $expected } colonne
   *[other] { $expected } colonnes
} ({ $detail }) ; vérifiez s'il manque un `{ $delimiter }` ou s'il y en a un de trop, et mettez entre guillemets droits (`"`) une valeur qui contient `{ $delimiter }`
recipients-detail-missing = aucune valeur pour { $columns }
recipients-detail-extra = { $values } après la dernière colonne « { $last } »
recipients-and-more = { $shown } et { $count ->
    [one] { $count } autre
   *[other] { $count } autres
}
recipients-unnamed-value = { $at } : la colonne { $index } n'a pas de nom dans l'en-tête mais contient « { $value } » ; nommez la colonne dans l'en-tête, ou effacez la valeur
recipients-cell-error = { $at } : la colonne « { $column } » contient l'erreur de tableur « { $error } » ; corrigez la formule dans la feuille, ou videz la cellule
recipients-unreadable-row = { $at } : impossible de lire cette ligne (le lecteur CSV dit « { $said } ») ; vérifiez ses guillemets
recipients-not-encoding = { $at } : cette ligne n'est pas du texte { $encoding } ; retirez `--encoding` pour que missive détecte l'encodage, ou donnez le bon ({ $names })
recipients-spreadsheet = { $path } : impossible de lire le classeur (le lecteur de classeurs dit « { $said } ») ; ouvrez-le dans LibreOffice ou Excel et enregistrez-le de nouveau en .xlsx ou .ods
recipients-unknown-sheet = { $path } : il n'y a pas de feuille « { $sheet } » ; les feuilles sont { $available } : donnez l'une d'elles à `--sheet`
recipients-header-no-columns = { $at } : la ligne d'en-tête n'a aucun nom de colonne ; écrivez les noms des colonnes sur la première ligne
recipients-header-unnamed = { $at } : la colonne { $index } n'a pas de nom ; donnez un nom à chaque colonne dans la ligne d'en-tête
recipients-header-duplicate = { $at } : deux colonnes s'appellent « { $name } » ; renommez l'une d'elles
recipients-header-same-alias = { $at } : les colonnes « { $first } » et « { $second } » s'écrivent toutes deux `{ $alias }` dans les modèles ; renommez l'une d'elles

recipients-address-invalid = « { $text } » n'est pas une adresse électronique ; écrivez-la sous la forme `nom@domaine.fr` ou `Nom <nom@domaine.fr>`
recipients-address-control = un nom ou une adresse contient un caractère de contrôle (un saut de ligne ou une tabulation) : « { $text } » ; retirez-le
recipients-address-unclosed = « { $text } » a un `<` sans le `>` qui le ferme ; ajoutez le `>` après l'adresse
recipients-address-domain = « { $text } » : « { $domain } » n'est pas un nom de domaine valide (les accents sont permis, mais ni les espaces, ni d'autres signes que `-` entre les points) ; corrigez l'adresse

recipients-delimiter-unknown = « { $text } » n'est pas un séparateur que missive sait lire ; utilisez `;`, `,` ou `tab`
recipients-encoding-unknown = « { $text } » n'est pas un encodage que missive sait lire ; utilisez { $names }
recipients-encoding-names = `utf-8`, `utf-16le`, `utf-16be` ou `windows-1252`

recipients-format-text = texte, { $encoding }, séparateur { $delimiter }
recipients-format-text-given = texte, { $encoding }, séparateur { $delimiter } (comme le dit `--delimiter`)
recipients-delimiter-tab = tabulation
recipients-encoding-bom = { $name } avec marque d'ordre des octets
recipients-encoding-given = { $name } (comme le dit `--encoding`)
recipients-encoding-not-utf8 = { $name } (pas de l'UTF-8 : octet `0x{ $byte }` à la ligne { $line })
recipients-encoding-no-bom = { $name } sans marque d'ordre des octets
recipients-format-sheet = classeur { $kind }, feuille « { $sheet } » (dates en jj/mm/aaaa)
