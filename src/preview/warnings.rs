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

/// One point for the reviewer, said in the gallery in the run's language.
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
            Self::EmptyFields(fields) => t!(
                "gallery-warning-empty",
                count = fields.len(),
                fields = fields.join(", ")
            ),
            Self::BigMessage(bytes) => t!("gallery-warning-big", size = html::size(*bytes)),
            Self::Content(finding) => finding.label(),
            Self::Duplicate {
                first_line,
                sent: false,
            } => t!("gallery-warning-duplicate", line = first_line.to_string()),
            Self::Duplicate {
                first_line,
                sent: true,
            } => t!(
                "gallery-warning-same-recipient",
                line = first_line.to_string()
            ),
            Self::Skipped(reason) => t!("gallery-warning-skipped", reason = reason.as_str()),
            Self::Suppressed(addresses) => t!(
                "gallery-warning-suppressed",
                addresses = addresses.join(", ")
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

    use crate::i18n::{Lang, in_lang};

    #[test]
    fn heavy_messages_and_checks_findings_are_flagged() {
        let alt = Finding::MissingAlt {
            image: "info.png".into(),
        };
        let warnings = of_message(2_500_000, &["prenom".into()], std::slice::from_ref(&alt));
        let labels = |lang| {
            in_lang(lang, || {
                warnings.iter().map(Warning::label).collect::<Vec<_>>()
            })
        };
        let french = labels(Lang::Fr);
        assert_eq!(
            french[..2],
            ["champ vide\u{a0}: prenom", "message lourd (2,5\u{a0}Mo)"]
        );
        assert_eq!(french[2], in_lang(Lang::Fr, || alt.label()));
        assert_eq!(
            labels(Lang::En)[..2],
            ["empty field: prenom", "heavy message (2.5\u{a0}MB)"]
        );
        assert!(of_message(2_000_000, &[], &[]).is_empty());
        // Over the relays' limit, one warning, `check`'s.
        let too_big = Finding::TooBig { bytes: 11_000_000 };
        let warnings = of_message(11_000_000, &[], std::slice::from_ref(&too_big));
        assert_eq!(warnings, [Warning::Content(too_big)]);
    }

    #[test]
    fn every_warning_is_said_in_both_languages() {
        let warnings = [
            Warning::EmptyFields(vec!["prenom".into(), "ecole".into()]),
            Warning::Duplicate {
                first_line: 12,
                sent: false,
            },
            Warning::Duplicate {
                first_line: 12,
                sent: true,
            },
            Warning::Skipped("pas-une-adresse".into()),
            Warning::Suppressed(vec!["a@ac-lille.fr".into()]),
        ];
        let said = |lang| {
            in_lang(lang, || {
                warnings.iter().map(Warning::label).collect::<Vec<_>>()
            })
        };
        assert_eq!(
            said(Lang::Fr),
            [
                "champs vides\u{a0}: prenom, ecole",
                "doublon de la ligne 12\u{a0}: non envoyé",
                "même destinataire que la ligne 12\u{a0}: envoyé deux fois",
                "ligne ignorée\u{a0}: pas-une-adresse",
                "non envoyé à a@ac-lille.fr\u{a0}: rebond définitif lors d’un envoi précédent (liste d’exclusion)",
            ]
        );
        assert_eq!(
            said(Lang::En),
            [
                "empty fields: prenom, ecole",
                "duplicate of row 12: not sent",
                "same recipient as row 12: sent twice",
                "row left out: pas-une-adresse",
                "not sent to a@ac-lille.fr: bounced for good on an earlier send (suppression list)",
            ]
        );
    }
}
