# Le modèle : son fichier, ses en-têtes, sa syntaxe Tera, et ce qui empêche d'écrire le message
# d'un destinataire. $at : où, `fichier:ligne` ; $row : la ligne du destinataire, `liste:ligne`.
# Les termes : locales/glossary.md.

template-read = { $path } : impossible de lire le modèle : { $error }
template-not-utf8 = { $at } : le modèle n'est pas un texte UTF-8 ; enregistrez-le en UTF-8
template-no-headers = { $at } : un modèle commence par des lignes d'en-tête (`De :`, `À :`, `Objet :`, ou `From:`, `To:`, `Subject:`), puis une ligne vide, puis le corps du message
template-no-blank-line = { $at } : le modèle n'a pas de ligne vide après ses en-têtes ; mettez-en une entre le dernier en-tête et le corps du message
template-not-a-header = { $at } : « { $text } » n'est pas une ligne d'en-tête (`Nom: valeur`) ; les en-têtes s'arrêtent à la première ligne vide
# $at : la ligne vide qui clôt les en-têtes
template-no-subject = { $at } : le modèle n'a pas de ligne d'objet ; ajoutez-en une avant cette ligne vide (`Objet : …`, ou `Subject: …`), ou une ligne `Objet :` vide pour envoyer sans objet
template-address = { $at } : en-tête « { $header } » : { $error }
template-content-type = { $at } : le Content-Type « { $value } » n'est pas pris en charge ; employez text/plain, text/markdown, text/html, ou multipart/alternative avec une partie text/plain et une partie text/html
template-misspelled-header = { $at } : missive ne connaît pas l'en-tête « { $name } » ; vouliez-vous dire `{ $suggestion }` ? (un en-tête à vous doit commencer par `X-`)
# $available : les colonnes, par template-column et template-column-alias
template-unknown-variable = { $at } : le modèle emploie « { $variable } », mais la liste de destinataires n'a pas de colonne de ce nom (colonnes : { $available })
template-unknown-variable-near = { $at } : le modèle emploie « { $variable } », mais la liste de destinataires n'a pas de colonne de ce nom ; vouliez-vous dire `{ $suggestion }` ? (colonnes : { $available })
template-column = « { $column } »
template-column-alias = { $alias } pour « { $column } »

## Un modèle en plusieurs parties (une partie text/plain et une partie text/html)

template-multipart = { $at } : { $problem }
template-multipart-no-boundary = `multipart/alternative` demande la ligne qui sépare ses parties : écrivez `Content-Type: multipart/alternative; boundary="boundary"` et commencez chaque partie par `--boundary`
# $line : la ligne Content-Type
template-multipart-no-delimiter = le corps n'a pas de ligne `{ $delimiter }`, alors que la ligne { $line } indique `boundary="{ $boundary }"` ; commencez chaque partie (text/plain, puis text/html) par une ligne `{ $delimiter }`
template-multipart-not-a-part-header = « { $text } » n'est pas un en-tête de partie ; après la ligne `--`, une partie commence par `Content-Type: text/plain` (ou text/html), puis une ligne vide, puis son texte
template-multipart-part-type = une partie de type « { $value } » ne peut pas servir ; les parties d'un modèle sont text/plain, text/html ou text/markdown (les fichiers vont dans des lignes `Attachment:`)
template-multipart-transfer-encoding = `Content-Transfer-Encoding: { $value }` : écrivez la partie en texte simple et retirez cette ligne (missive encode le message lui-même)
template-multipart-useless-header = `{ $name }:` ne sert à rien dans une partie ; une partie n'a qu'une ligne `Content-Type:`, puis une ligne vide, puis son texte
template-multipart-no-blank-line = cette partie n'a pas de ligne vide après sa ligne `Content-Type:` ; ajoutez-en une avant le texte de la partie
template-multipart-no-content-type = cette partie n'a pas de ligne `Content-Type:` ; écrivez `Content-Type: text/plain` (ou text/html) sous la ligne `--`, puis une ligne vide, puis le texte de la partie
# $kind : plain (une deuxième partie text/plain) ou rich (une deuxième partie HTML ou Markdown) ; $first : sa ligne
template-multipart-second-part = une deuxième partie { $kind ->
    [plain] text/plain
   *[rich] HTML ou Markdown
} (la première commence à la ligne { $first }) ; gardez une partie text/plain et une partie text/html ou text/markdown
template-multipart-no-part = le corps en plusieurs parties n'a aucune partie ; donnez-lui une partie text/plain et une partie text/html

## La syntaxe Tera

template-syntax = { $at } : erreur de syntaxe dans le modèle : { $problem }
template-syntax-unclosed = `{ $opener }` ouvert ici n'est jamais fermé ; fermez-le par `{ $closer }` sur la même ligne
template-syntax-unended = `{"{%"} { $name } {"%}"}` ouvert ici n'a pas de `{"{%"} end{ $name } {"%}"}` ; ajoutez-le (une balise ouverte dans les en-têtes doit aussi s'y fermer, avant la ligne vide)
# $said : les mots de Tera, en anglais
template-syntax-tera = Tera indique « { $said } » ; { $hint }
template-syntax-hint-tag = vérifiez son orthographe, et que chaque `{"{%"} end… {"%}"}` ferme un `{"{%"} if {"%}"}` ou un `{"{%"} for {"%}"}` ouvert avant lui dans la même partie (en-têtes ou corps)
template-syntax-hint-filter = vérifiez son orthographe (les filtres de Tera comprennent `upper`, `lower`, `title`, `trim`, `replace`, `default`)
template-syntax-hint-include = un modèle ne peut ni inclure ni prolonger d'autres fichiers ; copiez-y le texte
template-syntax-hint-other = vérifiez les `{"{{"} … {"}}"}` et les `{"{%"} … {"%}"}` de cette ligne

## Le message d'un destinataire

# $said : les mots de Tera, en anglais
template-render = { $at } : pour le destinataire de { $row }, Tera indique « { $said } »
template-line-break-in-header = { $row } : la valeur mise dans l'en-tête « { $header } » contient un retour à la ligne ; retirez-le de la liste de destinataires (modèle { $at })
template-malformed-header = { $at } : pour le destinataire de { $row }, la ligne d'en-tête « { $text } » n'a pas de `Nom:` ; vérifiez le `{"{%"} if {"%}"}` qui l'entoure
