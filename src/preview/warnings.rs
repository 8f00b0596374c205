//! What the gallery flags for the reviewer's attention: a message that will go out but may
//! be wrong (an empty field, a heavy message, the same recipient twice, what `check` warns
//! of: see `lint`), and a row that will not go out at all (a duplicate, a row left out by
//! `--skip-invalid`).

pub(crate) use crate::render::EmptyFields;

use super::html;
use crate::lint::Finding;

/// A message heavier than this is slow to receive on a phone or a school's connection;
/// over 10 MB, `check` warns that relays refuse it.
pub(super) const BIG_MESSAGE: u64 = 2_000_000;

/// One point for the reviewer, in French for the gallery.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Warning {
    /// Columns the template uses that are empty in this row.
    EmptyFields(Vec<String>),
    BigMessage(u64),
    /// What makes the message land in spam or read badly (the long subject among them).
    Content(Finding),
    /// The same recipients as an earlier row; `sent` when duplicates are allowed.
    Duplicate {
        first_line: u64,
        sent: bool,
    },
    /// The row is left out (`--skip-invalid`): why.
    Skipped(String),
    /// These addresses bounced for good earlier (the suppression list): not sent to.
    Suppressed(Vec<String>),
}

impl Warning {
    pub(super) fn label(&self) -> String {
        match self {
            Self::EmptyFields(fields) => format!("champ vide : {}", fields.join(", ")),
            Self::BigMessage(bytes) => format!("message lourd ({})", html::size(*bytes)),
            Self::Content(finding) => finding.label(),
            Self::Duplicate {
                first_line,
                sent: false,
            } => format!("doublon de la ligne {first_line} : non envoyé"),
            Self::Duplicate {
                first_line,
                sent: true,
            } => format!("même destinataire que la ligne {first_line} : envoyé deux fois"),
            Self::Skipped(reason) => format!("ligne ignorée : {reason}"),
            Self::Suppressed(addresses) => format!(
                "non envoyé à {} : rebond définitif lors d'un envoi précédent (liste d'exclusion)",
                addresses.join(", ")
            ),
        }
    }
}

/// The warnings of a message that will be sent.
pub(super) fn of_message(size: u64, empty_fields: &[String], findings: &[Finding]) -> Vec<Warning> {
    let mut warnings = Vec::new();
    if !empty_fields.is_empty() {
        warnings.push(Warning::EmptyFields(empty_fields.to_vec()));
    }
    // Over the relays' limit, `check`'s warning says more than "heavy".
    let too_big = findings
        .iter()
        .any(|finding| matches!(finding, Finding::TooBig { .. }));
    if size > BIG_MESSAGE && !too_big {
        warnings.push(Warning::BigMessage(size));
    }
    warnings.extend(findings.iter().cloned().map(Warning::Content));
    warnings
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heavy_messages_and_checks_findings_are_flagged() {
        let alt = Finding::MissingAlt {
            image: "info.png".into(),
        };
        let warnings = of_message(2_500_000, &["prenom".into()], std::slice::from_ref(&alt));
        let labels: Vec<String> = warnings.iter().map(Warning::label).collect();
        assert_eq!(
            labels,
            [
                "champ vide : prenom",
                "message lourd (2,5 Mo)",
                "image sans texte alternatif : info.png"
            ]
        );
        assert!(of_message(2_000_000, &[], &[]).is_empty());
        // Over the relays' limit, one warning, `check`'s.
        let too_big = Finding::TooBig { bytes: 11_000_000 };
        let labels: Vec<String> = of_message(11_000_000, &[], &[too_big])
            .iter()
            .map(Warning::label)
            .collect();
        assert_eq!(labels, ["plus de 10 Mo : refusé par beaucoup de relais"]);
    }
}
