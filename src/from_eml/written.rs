//! The files of the relaying campaign: the template (a `From:` placeholder that stops
//! `check` until the head fills it in, the staff as recipients, `TR : …`), campaign.toml
//! (a personal mailbox's pace), the extracted files and a sample staff list.

use unicode_normalization::UnicodeNormalization;

use super::RelayOptions;
use super::body::{self, Intro};
use super::files::Extracted;
use super::french;
use super::received::{Body, Received};

/// The sample staff list: fictional teachers of one school, as Excel saves a "CSV UTF-8".
pub(crate) const STAFF_LIST: &str = "recipients/equipe-ecole.csv";
const STAFF_LIST_BYTES: &[u8] = include_bytes!("../../recipients/equipe-ecole.csv");

/// The académie domain of the example address when the sender's is not one.
const DEFAULT_ACADEMIE: &str = "ac-lille.fr";

/// The campaign's files and where its template is.
pub(super) struct Written {
    pub files: Vec<(String, Vec<u8>)>,
    pub template: String,
    pub subject: String,
}

/// Writes out the campaign relaying `received`.
pub(super) fn campaign(
    received: &Received,
    extracted: &Extracted,
    options: &RelayOptions,
) -> Written {
    let slug = slug(&received.subject);
    let folder = format!("templates/{slug}");
    let listed: Vec<&str> = extracted
        .files
        .iter()
        .filter(|f| f.listed)
        .map(|f| f.name.as_str())
        .collect();
    let intro = Intro {
        note: french::note(listed.len()),
        forwarded: french::forwarded_block(received),
    };
    let (file_name, content_type, body) = match &received.body {
        Body::Html(html) => (
            "message.html",
            "text/html",
            body::html_template(html, extracted, &intro),
        ),
        Body::Text(text) => (
            "message.txt",
            "text/plain",
            body::text_template(text, &intro),
        ),
    };
    let subject = options
        .subject
        .clone()
        .unwrap_or_else(|| body::escape_tera(&french::forward_subject(&received.subject)));
    let academie = academie_domain(received);
    let template = format!(
        "{}\nTo: {{{{ prenom }}}} {{{{ nom }}}} <{{{{ email }}}}>\nSubject: {subject}\nContent-Type: {content_type}\n\n{body}",
        from_placeholder(academie.unwrap_or(DEFAULT_ACADEMIE))
    );
    let template_path = format!("{folder}/{file_name}");
    let mut files = vec![
        (
            "campaign.toml".to_string(),
            campaign_toml(received, &slug, &template_path, &folder, &listed, academie).into_bytes(),
        ),
        (template_path.clone(), template.into_bytes()),
    ];
    files.extend(
        extracted
            .files
            .iter()
            .map(|f| (format!("{folder}/{}", f.name), f.bytes.clone())),
    );
    files.push((STAFF_LIST.to_string(), STAFF_LIST_BYTES.to_vec()));
    Written {
        files,
        template: template_path,
        subject,
    }
}

/// The `From:` line the head must fill in. Until then it stops every message (Tera's
/// `throw`) with a message saying what to write, so nothing leaves under a made-up sender.
fn from_placeholder(academie: &str) -> String {
    let example = format!("Prénom Nom <prenom.nom@{academie}>");
    format!(
        "{{# ✎ À REMPLIR : votre nom et votre adresse sur la ligne From ci-dessous, par exemple #}}\n\
         {{#     From: {example} #}}\n\
         From: {{{{ throw(message=\"the `From:` line is still the placeholder of `missive init --from-eml`: replace the whole line with your own name and address, e.g. `From: {example}`\") }}}}"
    )
}

fn campaign_toml(
    received: &Received,
    slug: &str,
    template: &str,
    folder: &str,
    listed: &[&str],
    academie: Option<&str>,
) -> String {
    let attachments: Vec<String> = listed
        .iter()
        .map(|name| toml_string(&format!("{folder}/{name}")))
        .collect();
    let smtp_url = match academie {
        Some(domain) => format!("url = \"smtp://smtp.{domain}:587?tls=required\""),
        None => "# url = \"smtp://smtp.ac-votre-academie.fr:587?tls=required\"".to_string(),
    };
    format!(
        "# Relays `{subject}` to your staff; written by `missive init --from-eml`.\n\
         # Before sending (README, \"Relaying a circular to your staff\"):\n\
         #   - put your name and address on the From: line of the template;\n\
         #   - put your staff in the recipient list (columns prenom;nom;email, as the sample);\n\
         #   - set your mailbox's server and login below.\n\
         id = {id}\n\
         template = {template}\n\
         recipients = {recipients}\n\
         attachments = [{attachments}]\n\
         # The language of the message, for screen readers and spelling checkers.\n\
         lang = \"fr\"\n\
         # You write to your team from your own mailbox: their out-of-office replies reach you,\n\
         # as for any message of yours. `true` marks the message as sent by a machine\n\
         # (Auto-Submitted: auto-generated), which silences those replies.\n\
         auto_submitted = false\n\
         \n\
         [smtp]\n\
         # Your own académie mailbox: its server (STARTTLS on port 587) and your login, the one of\n\
         # your webmail. The password is never written here: missive asks for it, or reads\n\
         # MISSIVE_SMTP_PASSWORD.\n\
         {smtp_url}\n\
         username = \"votre-identifiant\"\n\
         \n\
         [throttle]\n\
         # A personal mailbox allows far fewer messages than the inspection's relay: one at a\n\
         # time, twenty a minute, so the académie does not take the relay for spam.\n\
         rate = \"20/min\"\n\
         concurrency = 1\n",
        subject = received.subject.replace(['\r', '\n'], " "),
        id = toml_string(&format!("relais-{slug}")),
        template = toml_string(template),
        recipients = toml_string(STAFF_LIST),
        attachments = attachments.join(", "),
    )
}

/// The sender's domain when it is an académie's (`ac-lille.fr`): the head's mailbox is
/// most likely on the same académie.
fn academie_domain(received: &Received) -> Option<&str> {
    let domain = received.from_address.as_deref()?.rsplit_once('@')?.1;
    let is_academie = domain.starts_with("ac-")
        && domain.rsplit_once('.').is_some_and(|(_, tld)| tld == "fr")
        && domain
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.');
    is_academie.then_some(domain)
}

/// A folder name from the subject: `Rentrée numérique du 26 avril` gives
/// `rentree-numerique-du-26-avril` (ASCII, at most 48 characters, cut at a word).
fn slug(subject: &str) -> String {
    const MAX: usize = 48;
    let subject = french::forward_subject(subject);
    let subject = subject
        .strip_prefix(french::FORWARD_MARK)
        .unwrap_or(&subject);
    let ascii: String = subject
        .nfd()
        .filter(char::is_ascii)
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let mut slug = String::new();
    for word in ascii.split('-').filter(|w| !w.is_empty()) {
        if !slug.is_empty() && slug.len() + 1 + word.len() > MAX {
            break;
        }
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.push_str(word);
    }
    slug.truncate(MAX);
    if slug.is_empty() {
        "message-transfere".into()
    } else {
        slug
    }
}

fn toml_string(value: &str) -> String {
    toml::Value::String(value.to_string()).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_name_from_the_subject() {
        assert_eq!(
            slug("TR: Rentrée numérique du 26 avril — {{ école }}"),
            "rentree-numerique-du-26-avril-ecole"
        );
        assert_eq!(slug("« »"), "message-transfere");
        let long = slug(&"Circulaire très importante ".repeat(5));
        assert!(long.len() <= 48 && !long.ends_with('-'), "{long}");
        assert_eq!(slug(&"x".repeat(60)).len(), 48);
    }

    #[test]
    fn toml_strings_read_back_as_written() {
        let value = "templates/a \"b\" \\ 'é'.png";
        let line = format!("x = {}", toml_string(value));
        let table: toml::Table = toml::from_str(&line).expect("valid TOML");
        assert_eq!(table["x"].as_str(), Some(value));
    }
}
