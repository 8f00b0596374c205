//! The columns a template reads, and which of them a row leaves empty: the preview flags
//! them for the reviewer, and an empty address column is named when it breaks a header.

use std::collections::BTreeSet;

use super::TemplateFile;
use crate::recipients::{self, Columns, Recipient};

/// Finds the columns a template uses that are empty in a row. Only the columns the template
/// names count: an optional column the message does not show is no concern.
#[derive(Debug, Clone)]
pub struct EmptyFields {
    used: Vec<usize>,
    columns: Columns,
}

impl EmptyFields {
    pub fn new(template: &TemplateFile, columns: &Columns) -> Self {
        let names = template_names(&template.headers)
            .into_iter()
            .chain(template_names(&template.body))
            .collect::<BTreeSet<_>>();
        Self::named(&names, columns)
    }

    /// The columns one line of the template uses (a header line), among `columns`.
    pub fn in_line(text: &str, columns: &Columns) -> Self {
        Self::named(&template_names(text), columns)
    }

    fn named(names: &BTreeSet<String>, columns: &Columns) -> Self {
        let used = columns
            .iter()
            .enumerate()
            .filter(|(_, column)| {
                names.contains(column.as_str())
                    || recipients::alias(column).is_some_and(|alias| names.contains(&alias))
            })
            .map(|(index, _)| index)
            .collect();
        Self {
            used,
            columns: columns.clone(),
        }
    }

    /// The first used column whose value in this row holds `text` (not empty): where a
    /// header's address came from.
    pub fn holding(&self, recipient: &Recipient, text: &str) -> Option<String> {
        if text.is_empty() {
            return None;
        }
        self.used
            .iter()
            .find(|&&index| {
                recipient
                    .values
                    .get(index)
                    .is_some_and(|v| v.contains(text))
            })
            .and_then(|&index| self.columns.get(index).cloned())
    }

    /// The used columns empty (or only blanks) in this row.
    pub fn of(&self, recipient: &Recipient) -> Vec<String> {
        self.used
            .iter()
            .filter(|&&index| {
                recipient
                    .values
                    .get(index)
                    .is_none_or(|value| value.trim().is_empty())
            })
            .filter_map(|&index| self.columns.get(index).cloned())
            .collect()
    }
}

/// Identifiers and quoted strings inside the template's `{{ … }}` and `{% … %}`: the names
/// it may read a column by (`nom`, `row["Nom de l'école"]`).
fn template_names(text: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let mut rest = text;
    while let Some(start) = rest.find(['{']) {
        let after = &rest[start + 1..];
        let close = match after.chars().next() {
            Some('{') => "}}",
            Some('%') => "%}",
            _ => {
                rest = after;
                continue;
            }
        };
        let inside = &after[1..];
        let end = inside.find(close).unwrap_or(inside.len());
        collect_names(&inside[..end], &mut names);
        rest = &inside[end..];
    }
    names
}

fn collect_names(expression: &str, names: &mut BTreeSet<String>) {
    let mut chars = expression.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if c == '"' || c == '\'' {
            let mut value = String::new();
            for (_, next) in chars.by_ref() {
                if next == c {
                    break;
                }
                value.push(next);
            }
            names.insert(value);
        } else if c.is_alphabetic() || c == '_' {
            let mut end = start + c.len_utf8();
            while let Some(&(index, next)) = chars.peek() {
                if !(next.is_alphanumeric() || next == '_') {
                    break;
                }
                end = index + next.len_utf8();
                chars.next();
            }
            names.insert(expression[start..end].to_string());
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::sync::Arc;

    use super::*;
    use crate::recipients::RowRef;

    #[test]
    fn only_the_columns_the_template_names_count() {
        let names = template_names(
            "To: {{ prenom }} {{ row[\"Nom de l'école\"] }}\n{% if civilite == \"Madame\" %}x{% endif %} nom {commune}",
        );
        assert!(names.contains("prenom"));
        assert!(names.contains("Nom de l'école"));
        assert!(names.contains("civilite"));
        assert!(
            !names.contains("nom"),
            "a word of the text is not a variable"
        );
        assert!(!names.contains("commune"));

        let columns: Columns = Arc::from(vec![
            "prenom".to_string(),
            "Nom de l'école".to_string(),
            "adjoint".to_string(),
        ]);
        let finder = EmptyFields {
            used: vec![0, 1],
            columns: columns.clone(),
        };
        let recipient = Recipient {
            at: RowRef {
                file: Arc::from(Path::new("liste.csv")),
                line: 3,
            },
            columns,
            values: vec![" ".into(), "École".into(), String::new()],
        };
        assert_eq!(finder.of(&recipient), ["prenom"]);
    }
}
