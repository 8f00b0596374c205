# `missive bundle` réunit une campagne en un seul .tar à relayer (sans liste ni identifiant) ;
# `missive init --from PAQUET` en déballe un. Les termes : locales/glossary.md.

bundle-file = { $name } ({ $size })
bundle-wrote = écrit : { $out } ; { $count ->
    [one] { $count } fichier
   *[other] { $count } fichiers
}, sans liste de destinataires ni identifiant ; qui le reçoit lance `missive init --from { $name } DOSSIER`, puis donne sa propre liste et son relais
bundle-unpacked-next = ensuite : cd { $dir } && donnez votre liste à `recipients` dans campaign.toml (ou donnez `-r FICHIER`) et votre relais dans [smtp] (ou `profile`), puis missive check && missive preview
bundle-campaign-comment =
    Déballé d'un paquet fait par `missive bundle` : sans liste ni identifiant.
    Donnez votre liste à `recipients` (ou donnez `-r FICHIER`), et votre relais dans [smtp] ou `profile`.

## Pourquoi une campagne ne peut pas être réunie, ou un paquet déballé
bundle-io = { $path } : { $error }
bundle-outside = { $path } : le fichier est hors du dossier de la campagne « { $root } », un paquet ne peut donc pas l'emporter ; déplacez-le dans le dossier de la campagne
bundle-campaign-file = { $path } : la bibliothèque TOML dit « { $said } »
bundle-refused = { $bundle } : « { $entry } » { $reason ->
    [link] est un lien ou un périphérique, pas un fichier
    [outside] serait écrit hors du dossier de la campagne
    [too-big] rend le paquet plus gros que 256 Mo
   *[no-campaign] manque : ce n'est pas un paquet de missive
} ; rien n'a été écrit : demandez de nouveau le paquet, fait par `missive bundle`
