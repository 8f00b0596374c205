# Ce qui fait classer un message en indésirable ou le rend difficile à lire : les
# avertissements sur le contenu de `check`, `preview` et `send`, et leurs étiquettes courtes
# dans la galerie. Les nombres sont groupés (1 234). Les termes : locales/glossary.md.

# $chars : la longueur du HTML ; $limit : celle de la règle
lint-image-only = la partie HTML montre une image et ne fait que { $chars } caractères : les règles HTML_IMAGE_ONLY de SpamAssassin ajoutent jusqu'à 2,8 points d'indésirable à une partie HTML qui a une image et au plus { $limit } caractères, balises comprises ; écrivez plus de texte autour de l'image, ou joignez le fichier au lieu de le montrer
lint-no-text-part = le HTML n'a pas de version texte : une personne dont la messagerie n'affiche que le texte ne voit rien, et les filtres anti-indésirables le comptent contre le message (MIME_HTML_ONLY de SpamAssassin) ; donnez au modèle une partie texte
lint-empty-text = la version texte est vide alors que le HTML a { $html } caractères de texte : une personne dont la messagerie n'affiche que le texte ne voit rien ; écrivez la version texte
lint-short-text = la version texte a { $text } caractères de texte, le HTML { $html } : une personne dont la messagerie n'affiche que le texte manque l'essentiel du message ; complétez la version texte
lint-missing-alt = l'image « { $image } » n'a pas de texte alternatif : une personne dont la messagerie masque les images, ou qui écoute le message, n'en reçoit rien ; décrivez-la (`alt="…"`, ou `![description]({ $image })` en Markdown)
lint-link-domain = un lien affiche « { $shown } » mais mène à « { $target } » (« { $href } ») : les filtres anti-indésirables et les lecteurs attentifs y voient un hameçonnage ; affichez l'adresse où mène vraiment le lien, ou des mots qui ne sont pas une adresse
lint-capital-subject = l'objet est en majuscules ({ $capitals } de ses { $letters } lettres ; un objet d'au moins { $min } lettres compte à partir de 3 sur 4) : il se lit comme un cri et les filtres anti-indésirables le pénalisent (SUBJ_ALL_CAPS de SpamAssassin) ; écrivez-le en minuscules ordinaires
# $shown : combien de caractères Gmail montre
lint-long-subject-template = l'objet du modèle compte { $chars } caractères avant toute valeur de la liste : la boîte de réception de Gmail sur ordinateur en montre environ les { $shown } premiers (un téléphone 33 à 48), la personne ne voit donc pas de quoi parle le message ; mettez en tête les mots qui le disent, et raccourcissez
lint-long-subject-data = l'objet compte { $chars } caractères : la boîte de réception de Gmail sur ordinateur en montre environ les { $shown } premiers (un téléphone 33 à 48) ; raccourcissez-le dans la liste de destinataires, ou mettez en tête les mots qui disent de quoi parle le message
# $bytes, $limit : des nombres exacts d'octets ; $size : la taille lisible
lint-too-big = le message fait { $size } ({ $bytes } octets) : beaucoup de relais refusent un message de plus de 10 Mo (la limite par défaut de Postfix est de { $limit } octets), et il est refusé en entier ; joignez moins de fichiers, ou mettez un lien vers le fichier
lint-no-lang = le HTML n'a pas d'attribut `lang` : les lecteurs d'écran et les traducteurs devinent la langue ; écrivez `<html lang="fr">`
lint-no-title = le HTML n'a pas de `<title>` : certaines messageries et certains navigateurs affichent le nom du fichier à la place ; ajoutez dans `<head>` un `<title>` portant l'objet
lint-unscaled-image = l'image « { $image } » n'a pas de `max-width` : plus large que l'écran d'un téléphone, elle oblige à faire défiler de côté ; ajoutez `style="max-width: 100%; height: auto"`

## Étiquettes courtes, à côté du message dans la galerie

lint-label-image-only = image et peu de texte ({ $chars } caractères de HTML) : risque d'indésirable
lint-label-no-text-part = pas de version texte
lint-label-short-text = version texte courte ({ $text } caractères sur { $html })
lint-label-missing-alt = image sans texte alternatif : { $image }
lint-label-link-domain = lien trompeur : affiche { $shown }, mène à { $target }
lint-label-capital-subject = objet en majuscules
lint-label-long-subject = objet coupé après { $shown } caractères (Gmail)
lint-label-too-big = plus de 10 Mo : refusé par beaucoup de relais
lint-label-no-lang = HTML sans lang
lint-label-no-title = HTML sans <title>
lint-label-unscaled-image = image sans max-width : { $image }
