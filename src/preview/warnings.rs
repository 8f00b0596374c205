//! What the gallery flags for the reviewer's attention: a message that will go out but may
//! be wrong (an empty field, a long subject, a heavy message, the same recipient twice), and
//! a row that will not go out at all (a duplicate, a row left out by `--skip-invalid`).

use std::collections::BTreeSet;

use crate::recipients::{self, Columns, Recipient};
use crate::render::TemplateFile;

use super::html;

/// A subject longer than this is cut or folded by many mail clients (RFC 5322's advice for
/// a line).
pub const LONG_SUBJECT: usize = 78;

/// A message heavier than this is slow to receive and often refused by small mailboxes.
pub const BIG_MESSAGE: u64 = 2_000_000;

/// One point for the reviewer, in French for the gallery.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Warning {
    /// Columns the template uses that are empty in this row.
    EmptyFields(Vec<String>),
    LongSubject(usize),
    BigMessage(u64),
    /// The same recipients as an earlier row; `sent` when duplicates are allowed.
    Duplicate {
        first_line: u64,
        sent: bool,
    },
    /// The row is left out (`--skip-invalid`): why.
    Skipped(String),
}

impl Warning {
    pub fn label(&self) -> String {
        match self {
            Self::EmptyFields(fields) => format!("champ vide : {}", fields.join(", ")),
            Self::LongSubject(chars) => format!("objet long ({chars} caractères)"),
            Self::BigMessage(bytes) => format!("message lourd ({})", html::size(*bytes)),
            Self::Duplicate {
                first_line,
                sent: false,
            } => format!("doublon de la ligne {first_line} : non envoyé"),
            Self::Duplicate {
                first_line,
                sent: true,
            } => format!("même destinataire que la ligne {first_line} : envoyé deux fois"),
            Self::Skipped(reason) => format!("ligne ignorée : {reason}"),
        }
    }
}

/// The warnings of a message that will be sent.
pub fn of_message(subject: &str, size: u64, empty_fields: &[String]) -> Vec<Warning> {
    let mut warnings = Vec::new();
    if !empty_fields.is_empty() {
        warnings.push(Warning::EmptyFields(empty_fields.to_vec()));
    }
    let chars = subject.chars().count();
    if chars > LONG_SUBJECT {
        warnings.push(Warning::LongSubject(chars));
    }
    if size > BIG_MESSAGE {
        warnings.push(Warning::BigMessage(size));
    }
    warnings
}

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

    #[test]
    fn long_subjects_and_heavy_messages_are_flagged() {
        let long = "é".repeat(79);
        let warnings = of_message(&long, 2_500_000, &["prenom".into()]);
        let labels: Vec<String> = warnings.iter().map(Warning::label).collect();
        assert_eq!(
            labels,
            [
                "champ vide : prenom",
                "objet long (79 caractères)",
                "message lourd (2,5 Mo)"
            ]
        );
        assert!(of_message(&"é".repeat(78), 2_000_000, &[]).is_empty());
    }
}
