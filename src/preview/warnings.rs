//! What the gallery flags for the reviewer's attention: a message that will go out but may
//! be wrong (an empty field, a long subject, a heavy message, the same recipient twice), and
//! a row that will not go out at all (a duplicate, a row left out by `--skip-invalid`).

pub(crate) use crate::render::EmptyFields;

use super::html;

/// A subject longer than this is cut or folded by many mail clients (RFC 5322's advice for
/// a line).
pub(super) const LONG_SUBJECT: usize = 78;

/// A message heavier than this is slow to receive and often refused by small mailboxes.
pub(super) const BIG_MESSAGE: u64 = 2_000_000;

/// One point for the reviewer, in French for the gallery.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Warning {
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
    pub(super) fn label(&self) -> String {
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
pub(super) fn of_message(subject: &str, size: u64, empty_fields: &[String]) -> Vec<Warning> {
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

#[cfg(test)]
mod tests {
    use super::*;

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
