# Ce que le terminal montre au fil d'une exécution : la ligne d'une erreur, d'un avertissement,
# d'un message que le relais n'a pas pris. Les termes : locales/glossary.md.

error-line = erreur : { $error }
warning-line = attention : { $warning }
error-same-problem = erreur : le même problème qu'à { $first } sur { $count ->
    [one] une autre ligne (ligne { $lines })
   *[other] { $count } autres lignes (lignes { $lines })
}
delivery-refused = { $at } : { $key } : refusé : « { $reply } »
delivery-deferred = { $at } : { $key } : différé (nouvel essai plus tard) : « { $reply } »
delivery-uncertain = { $at } : { $key } : incertain (peut-être remis) : « { $reply } »
