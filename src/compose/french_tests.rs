//! A message that cannot be built, said in French.

use std::path::Path;
use std::sync::Arc;

use super::*;

#[test]
fn a_message_that_cannot_be_built_is_said_in_french() {
    use crate::i18n::{Lang, audit, in_lang};
    let row = RowRef {
        file: Arc::from(Path::new("liste.csv")),
        line: 4,
    };
    let errors = [
        ComposeError::NoFrom { row: row.clone() },
        ComposeError::ManyFrom {
            row: row.clone(),
            count: 2,
        },
        ComposeError::NoRecipient { row: row.clone() },
        ComposeError::ReservedHeader {
            row: row.clone(),
            header: "Message-ID".into(),
            line: 3,
        },
        ComposeError::ControlCharacter {
            row: row.clone(),
            header: "Subject".into(),
            line: 2,
        },
        ComposeError::TooBig {
            row: row.clone(),
            size: 12_345_678,
            limit: 10_000_000,
        },
        ComposeError::HeaderName {
            row: row.clone(),
            name: "Objet\u{e9}".into(),
        },
        ComposeError::Attachment {
            row: row.clone(),
            error: AttachmentError::Missing {
                path: "convocation.pdf".into(),
                folder: "/campagne/templates".into(),
            },
        },
        ComposeError::Attachment {
            row: row.clone(),
            error: AttachmentError::Unreadable {
                path: "convocation.pdf".into(),
                source: Arc::new(std::io::Error::from(std::io::ErrorKind::PermissionDenied)),
            },
        },
    ];
    for error in &errors {
        let said = in_lang(Lang::Fr, || error.to_string());
        assert_eq!(audit::english_left(&said), Vec::<String>::new(), "{said}");
    }
    assert_eq!(
        in_lang(Lang::Fr, || errors[5].to_string()),
        "liste.csv:4\u{a0}: le message fait 12,3\u{a0}Mo (12\u{202f}345\u{202f}678 octets), plus que la limite de 10,0\u{a0}Mo\u{202f}; envoyez un lien plutôt qu'une grosse pièce jointe, ou augmentez `max_message_size`"
    );
    assert_eq!(
        errors[5].to_string(),
        "liste.csv:4: the message is 12.3\u{a0}MB (12,345,678 bytes), more than the limit of 10.0\u{a0}MB; send a link instead of a big attachment, or raise `max_message_size`"
    );
    assert_eq!(
        in_lang(Lang::Fr, || errors[7].to_string()),
        "liste.csv:4\u{a0}: la pièce jointe «\u{a0}convocation.pdf\u{a0}» n'existe pas dans «\u{a0}/campagne/templates\u{a0}»\u{202f}; vérifiez le nom du fichier dans la liste de destinataires ou le modèle, ou placez le fichier dans ce dossier"
    );
}
