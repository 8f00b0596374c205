//! Column names and the rows under them, the same for every format.
//!
//! A column is reached in a template by its exact name (`row["Nom de l'école"]`) and, when
//! that is not already one, by an identifier alias: lower case, accents removed, ligatures
//! spelled out (`œ` → `oe`), every run of other characters turned into one `_`, `_` trimmed
//! from the ends, and a `_` put first when it would start with a digit. So
//! `Nom de l'école` is `nom_de_l_ecole` and `2e prénom` is `_2e_prenom`.

use std::path::Path;
use std::sync::Arc;

use unicode_normalization::UnicodeNormalization;

use super::error::{FieldDetail, shortened};
use super::{Columns, HeaderProblem, Recipient, RecipientError, RowRef};

/// The identifier a column is also reached by, when it differs from its name and is not
/// empty (a column named `€` is reached as `row["€"]` only).
pub fn alias(name: &str) -> Option<String> {
    let alias = identifier(name);
    (!alias.is_empty() && alias != name).then_some(alias)
}

fn identifier(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut gap = false;
    for c in name.nfd().flat_map(char::to_lowercase) {
        let spelled = match c {
            'œ' => "oe",
            'æ' => "ae",
            'ß' => "ss",
            'ø' => "o",
            'đ' => "d",
            'ł' => "l",
            _ if unicode_normalization::char::is_combining_mark(c) => continue,
            _ if c.is_ascii_alphanumeric() => {
                if gap && !out.is_empty() {
                    out.push('_');
                }
                gap = false;
                out.push(c);
                continue;
            }
            _ => {
                gap = true;
                continue;
            }
        };
        if gap && !out.is_empty() {
            out.push('_');
        }
        gap = false;
        out.push_str(spelled);
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, '_');
    }
    out
}

/// The header of a list: its named columns, and how many fields a row has (unnamed
/// columns at the end, as Excel leaves after a cleared column, are allowed but must stay
/// empty).
#[derive(Debug, Clone)]
pub(super) struct Header {
    pub columns: Columns,
    pub width: usize,
}

/// Checks the header's names (trimmed), reporting every problem at once.
pub(super) fn header(
    path: &Arc<Path>,
    line: u64,
    names: Vec<String>,
) -> Result<Header, RecipientError> {
    let at = RowRef {
        file: Arc::clone(path),
        line,
    };
    let width = names.len();
    let mut names: Vec<String> = names.into_iter().map(|n| n.trim().to_string()).collect();
    while names.last().is_some_and(String::is_empty) {
        names.pop();
    }
    if names.is_empty() {
        return Err(RecipientError::Header {
            problems: vec![HeaderProblem::NoColumns { at }],
        });
    }
    let mut problems = Vec::new();
    let mut aliases: Vec<(String, &str)> = Vec::new();
    for (index, name) in names.iter().enumerate() {
        if name.is_empty() {
            problems.push(HeaderProblem::Unnamed {
                at: at.clone(),
                index: index + 1,
            });
            continue;
        }
        if names[..index].contains(name) {
            if names[..index].iter().filter(|n| *n == name).count() == 1 {
                problems.push(HeaderProblem::Duplicate {
                    at: at.clone(),
                    name: name.clone(),
                });
            }
            continue;
        }
        let alias = identifier(name);
        if alias.is_empty() {
            continue;
        }
        match aliases.iter().find(|(other, _)| *other == alias) {
            Some((_, first)) => problems.push(HeaderProblem::SameAlias {
                at: at.clone(),
                first: (*first).to_string(),
                second: name.clone(),
                alias,
            }),
            None => aliases.push((alias, name)),
        }
    }
    if !problems.is_empty() {
        return Err(RecipientError::Header { problems });
    }
    Ok(Header {
        columns: names.into(),
        width,
    })
}

/// Makes a recipient of one row's fields (trimmed), or says what is wrong with them.
/// `delimiter` is the CSV delimiter, for advice about a field count that does not match.
pub(super) fn row(
    header: &Header,
    at: RowRef,
    fields: Vec<String>,
    delimiter: char,
) -> Result<Recipient, RecipientError> {
    let named = header.columns.len();
    if fields.len() != header.width {
        let detail = if fields.len() < named {
            FieldDetail::Missing(header.columns[fields.len()..].to_vec())
        } else {
            FieldDetail::Extra {
                values: fields[header.width.min(fields.len())..].to_vec(),
                last: header.columns[named - 1].clone(),
            }
        };
        return Err(RecipientError::FieldCount {
            at,
            expected: header.width,
            found: fields.len(),
            detail,
            delimiter,
        });
    }
    if let Some((index, value)) = fields
        .iter()
        .enumerate()
        .skip(named)
        .find(|(_, value)| !value.trim().is_empty())
    {
        return Err(RecipientError::UnnamedValue {
            at,
            index: index + 1,
            value: shortened(value.trim()),
        });
    }
    let mut values = fields;
    values.truncate(named);
    for value in &mut values {
        let trimmed = value.trim();
        if trimmed.len() != value.len() {
            *value = trimmed.to_string();
        }
    }
    Ok(Recipient {
        at,
        columns: Arc::clone(&header.columns),
        values,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path() -> Arc<Path> {
        Arc::from(Path::new("liste.csv"))
    }

    fn names(names: &[&str]) -> Vec<String> {
        names.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn aliases_are_identifiers_people_can_guess() {
        assert_eq!(alias("Nom de l'école").as_deref(), Some("nom_de_l_ecole"));
        assert_eq!(alias("Code postal ").as_deref(), Some("code_postal"));
        assert_eq!(alias("Cœur  d'Œuvre").as_deref(), Some("coeur_d_oeuvre"));
        assert_eq!(alias("2e prénom").as_deref(), Some("_2e_prenom"));
        assert_eq!(alias("E-mail").as_deref(), Some("e_mail"));
        assert_eq!(alias("Email").as_deref(), Some("email"));
        assert_eq!(alias("email"), None);
        assert_eq!(alias("€"), None);
    }

    #[test]
    fn header_problems_are_all_reported() {
        let error = header(
            &path(),
            1,
            names(&["Nom", "", "nom", "email", "E-mail", "e_mail", "email"]),
        )
        .expect_err("problems");
        let text = error.to_string();
        assert_eq!(
            text.lines().collect::<Vec<_>>(),
            [
                "liste.csv:1: column 2 has no name; give every column a name in the header row",
                "error: liste.csv:1: columns `Nom` and `nom` are both reached in templates as `nom`; rename one of them",
                "error: liste.csv:1: columns `E-mail` and `e_mail` are both reached in templates as `e_mail`; rename one of them",
                "error: liste.csv:1: two columns are named `email`; rename one of them",
            ]
        );
    }

    #[test]
    fn trailing_unnamed_columns_are_allowed_while_empty() {
        let header = header(&path(), 1, names(&["nom ", "email", "", ""])).expect("header");
        assert_eq!(&*header.columns, ["nom", "email"]);
        let at = |line| RowRef { file: path(), line };
        let ok = row(&header, at(2), names(&[" Ana ", "a@x.fr", "", " "]), ';').expect("row");
        assert_eq!(ok.values, ["Ana", "a@x.fr"]);
        let error = row(&header, at(3), names(&["Ana", "a@x.fr", "", "oups"]), ';')
            .expect_err("value under no column");
        assert_eq!(
            error.to_string(),
            "liste.csv:3: column 4 has no name in the header but holds `oups`; name the column in the header, or clear the value"
        );
    }

    #[test]
    fn a_wrong_field_count_names_the_columns_or_values() {
        let header = header(&path(), 1, names(&["civilite", "nom", "email"])).expect("header");
        let at = RowRef {
            file: path(),
            line: 7,
        };
        let short = row(&header, at.clone(), names(&["Madame", "Lefèvre"]), ';');
        assert_eq!(
            short.expect_err("short").to_string(),
            "liste.csv:7: this row has 2 fields but the header has 3 (no value for `email`); check for a missing or extra `;`, and put a value that holds `;` in double quotes"
        );
        let long = row(&header, at, names(&["M.", "Dupont", "Jean", "j@x.fr"]), ',');
        assert!(
            long.expect_err("long")
                .to_string()
                .contains("(`j@x.fr` after the last column `email`)")
        );
    }
}
