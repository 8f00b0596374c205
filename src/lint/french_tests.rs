//! Every finding said in French.

use super::*;

#[test]
fn every_finding_is_said_in_french_with_its_numbers_and_no_english_left() {
    use crate::i18n::{Lang, audit, in_lang};
    let findings = [
        Finding::ImageOnly { html_chars: 1234 },
        Finding::NoTextPart,
        Finding::ShortText {
            text_chars: 0,
            html_chars: 5000,
        },
        Finding::ShortText {
            text_chars: 10,
            html_chars: 5000,
        },
        Finding::MissingAlt {
            image: "carte.png".into(),
        },
        Finding::LinkDomain {
            shown: "ac-lille.fr".into(),
            target: "evil.example".into(),
            href: "https://evil.example/x".into(),
        },
        Finding::CapitalSubject {
            capitals: 20,
            letters: 22,
        },
        Finding::LongSubject {
            chars: 90,
            from_data: false,
        },
        Finding::LongSubject {
            chars: 90,
            from_data: true,
        },
        Finding::TooBig { bytes: 12_500_000 },
        Finding::NoLang,
        Finding::NoTitle,
        Finding::UnscaledImage {
            image: "carte.png".into(),
        },
    ];
    for finding in &findings {
        let said = in_lang(Lang::Fr, || finding.to_string());
        assert_eq!(audit::english_left(&said), Vec::<String>::new(), "{said}");
        let label = in_lang(Lang::Fr, || finding.label());
        assert_eq!(audit::english_left(&label), Vec::<String>::new(), "{label}");
    }
    assert!(in_lang(Lang::Fr, || findings[0].to_string()).starts_with(
        "la partie HTML montre une image et ne fait que 1\u{202f}234 caractères\u{a0}:"
    ),);
    assert_eq!(
        in_lang(Lang::Fr, || findings[4].to_string()),
        "l'image «\u{a0}carte.png\u{a0}» n'a pas de texte alternatif\u{a0}: une personne dont la messagerie masque les images, ou qui écoute le message, n'en reçoit rien\u{202f}; décrivez-la (`alt=\"…\"`, ou `![description](carte.png)` en Markdown)"
    );
    assert!(
        in_lang(Lang::Fr, || findings[9].to_string())
            .starts_with("le message fait 12,5\u{a0}Mo (12\u{202f}500\u{202f}000 octets)"),
        "{}",
        in_lang(Lang::Fr, || findings[9].to_string())
    );
    // English as before, its numbers grouped the English way.
    assert!(
        findings[9]
            .to_string()
            .starts_with("the message is 12,500,000 bytes: many relays refuse"),
        "{}",
        findings[9]
    );
    assert_eq!(findings[4].label(), "image without alt text: carte.png");
    assert_eq!(
        in_lang(Lang::Fr, || findings[4].label()),
        "image sans texte alternatif\u{a0}: carte.png"
    );
}
