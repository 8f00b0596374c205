//! The Python `mailmerge` tool's files, rendered by that tool and by missive, compared per
//! recipient: envelope, headers, decoded text and HTML, attachment names and bytes.
//!
//! The tool runs from a virtualenv: `MISSIVE_MAILMERGE` names its `mailmerge` binary (as
//! `.ci/run` sets it); otherwise one is made in `target/mailmerge-venv` with `pip install
//! 'mailmerge>=2.2,<3'`. Without Python or the package index the comparison is skipped,
//! except under CI, where it fails.

use std::path::{Path, PathBuf};
use std::process::Command as Process;
use std::sync::OnceLock;

use mail_parser::{Message, MessageParser, MimeHeaders};

use crate::harness::{Campaign, french, missive, parse_mime};

/// mailmerge's envelope and message for each row, by its own code.
const ENVELOPES: &str = "
import json
from pathlib import Path
from mailmerge.template_message import TemplateMessage
from mailmerge.__main__ import read_csv_database
template = TemplateMessage(Path('mailmerge_template.txt'))
rows = read_csv_database(Path('mailmerge_database.csv'))
print(json.dumps([template.render(row)[1] for row in rows]))
";

fn mailmerge() -> Option<&'static Path> {
    static BIN: OnceLock<Option<PathBuf>> = OnceLock::new();
    BIN.get_or_init(|| {
        let found = find_or_install();
        if found.is_none() {
            assert!(
                std::env::var_os("CI").is_none(),
                "CI needs the mailmerge tool: set MISSIVE_MAILMERGE or let pip reach its index"
            );
            eprintln!("skipped: no Python mailmerge tool (set MISSIVE_MAILMERGE)");
        }
        found
    })
    .as_deref()
}

fn find_or_install() -> Option<PathBuf> {
    if let Some(bin) = std::env::var_os("MISSIVE_MAILMERGE") {
        return Some(PathBuf::from(bin));
    }
    let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/mailmerge-venv");
    let bin = venv.join("bin/mailmerge");
    if bin.is_file() {
        return Some(bin);
    }
    let made = Process::new("python3")
        .args(["-m", "venv"])
        .arg(&venv)
        .status()
        .is_ok_and(|s| s.success());
    let installed = made
        && Process::new(venv.join("bin/pip"))
            .args(["install", "--quiet", "mailmerge>=2.2,<3"])
            .status()
            .is_ok_and(|s| s.success());
    installed.then_some(bin)
}

/// The messages mailmerge prints in `--dry-run --no-limit --output-format raw`.
fn mailmerge_messages(bin: &Path, dir: &Path) -> Vec<Vec<u8>> {
    let output = Process::new(bin)
        .args(["--dry-run", "--no-limit", "--output-format", "raw"])
        .current_dir(dir)
        .output()
        .expect("mailmerge runs");
    let stdout = String::from_utf8(output.stdout).expect("utf-8");
    assert!(
        output.status.success(),
        "mailmerge failed: {stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let mut messages: Vec<Vec<u8>> = Vec::new();
    let mut current: Option<String> = None;
    for line in stdout.split_inclusive('\n') {
        if line.starts_with(">>> message ") {
            if let Some(done) = current.take() {
                messages.push(done.into_bytes());
            }
            if !line.trim_end().ends_with("sent") {
                current = Some(String::new());
            }
        } else if let Some(text) = &mut current {
            text.push_str(line);
        }
    }
    messages
}

fn mailmerge_envelopes(bin: &Path, dir: &Path) -> Vec<Vec<String>> {
    let python = bin.with_file_name("python");
    let output = Process::new(python)
        .args(["-c", ENVELOPES])
        .current_dir(dir)
        .output()
        .expect("python runs");
    assert!(output.status.success(), "{output:?}");
    serde_json::from_slice(&output.stdout).expect("json")
}

/// missive's preview of the folder (no campaign.toml: the mailmerge files are the campaign):
/// each message's envelope and bytes.
fn missive_messages(dir: &Path) -> Vec<(Vec<String>, Vec<u8>)> {
    let output = missive(dir)
        .args(["preview", "--out", "revue"])
        .output()
        .expect("missive runs");
    assert!(output.status.success(), "{output:?}");
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("revue/manifest.json")).expect("manifest"))
            .expect("json");
    manifest["messages"]
        .as_array()
        .expect("messages")
        .iter()
        .map(|m| {
            let key = m["key"].as_str().expect("key");
            let file = dir.join("revue").join(m["file"].as_str().expect("file"));
            let envelope = key.split(',').map(str::to_string).collect();
            (envelope, std::fs::read(file).expect("eml"))
        })
        .collect()
}

/// The addresses of a header, its encoded words decoded first: mailmerge encodes a whole
/// `To:` holding an accent, address included (clients then show no address), where missive
/// encodes the name only; what both mean is compared.
fn addresses(message: &Message<'_>, header: &str) -> Vec<String> {
    let Some(raw) = message.header_raw(header) else {
        return Vec::new();
    };
    let subject = format!("Subject:{raw}\n\n");
    let decoded = MessageParser::default()
        .parse(subject.as_bytes())
        .and_then(|m| m.subject().map(str::to_string))
        .unwrap_or_default();
    let text = format!("{header}: {decoded}\n\n");
    let message = parse_mime(text.as_bytes());
    let list = match header {
        "from" => message.from(),
        "to" => message.to(),
        "cc" => message.cc(),
        "bcc" => message.bcc(),
        _ => message.reply_to(),
    };
    list.map(|a| {
        a.iter()
            .map(|addr| {
                format!(
                    "{} <{}>",
                    addr.name().unwrap_or_default(),
                    addr.address().unwrap_or_default().to_lowercase()
                )
            })
            .collect()
    })
    .unwrap_or_default()
}

fn has_part(message: &Message<'_>, subtype: &str) -> bool {
    message.parts.iter().any(|part| {
        part.content_type()
            .is_some_and(|c| c.ctype() == "text" && c.subtype() == Some(subtype))
            && part.attachment_name().is_none()
    })
}

/// HTML as a reader sees it: the markup of the body, whitespace between tags and the
/// serialisers' choices (`<br>` or `<br />`, `cid:` values) left aside.
fn visible_html(html: &str) -> String {
    let inner = html
        .split_once("<body>")
        .map_or(html, |(_, rest)| rest)
        .split("</body>")
        .next()
        .unwrap_or_default();
    let mut out = String::new();
    let mut in_tag = String::new();
    let mut tagging = false;
    for c in inner.chars() {
        match c {
            '<' => {
                tagging = true;
                in_tag.clear();
            }
            '>' if tagging => {
                tagging = false;
                let name: String = in_tag
                    .trim_end_matches('/')
                    .split_whitespace()
                    .next()
                    .unwrap_or_default()
                    .to_string();
                let cid = if in_tag.contains("src=\"cid:") {
                    " src=cid"
                } else {
                    ""
                };
                out.push('<');
                out.push_str(&name);
                out.push_str(cid);
                out.push('>');
            }
            c if tagging => in_tag.push(c),
            c => out.push(c),
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn attachments(message: &Message<'_>) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = message
        .attachments()
        .map(|a| {
            (
                a.attachment_name().unwrap_or_default().to_string(),
                a.contents().to_vec(),
            )
        })
        .collect();
    files.sort();
    files
}

/// Whether missive writes the text part itself: the template is Markdown or HTML without a
/// text part of its own.
fn derives_text(files: &[(&str, &[u8])]) -> bool {
    let template = files
        .iter()
        .find(|(name, _)| *name == "mailmerge_template.txt")
        .map(|(_, bytes)| String::from_utf8_lossy(bytes).to_ascii_lowercase())
        .unwrap_or_default();
    let head = template.split("\n\n").next().unwrap_or_default();
    (head.contains("text/markdown") || head.contains("text/html"))
        && !head.contains("multipart/alternative")
}

/// Renders `files` with both tools and compares every message; returns how many.
fn compare(files: &[(&str, &[u8])]) -> usize {
    let Some(bin) = mailmerge() else {
        return 0;
    };
    let dir = Campaign::empty();
    for (name, bytes) in files {
        dir.write(name, bytes);
    }
    let server = dir.path().join("mailmerge_server.conf");
    if !server.exists() {
        std::fs::write(server, "[smtp_server]\nhost = localhost\nport = 25\n").expect("write");
    }
    let theirs = mailmerge_messages(bin, dir.path());
    let envelopes = mailmerge_envelopes(bin, dir.path());
    let ours = missive_messages(dir.path());
    assert_eq!(theirs.len(), ours.len(), "as many messages");
    for (number, ((their_bytes, their_envelope), (our_envelope, our_bytes))) in
        theirs.iter().zip(&envelopes).zip(&ours).enumerate()
    {
        let at = format!("message {}", number + 1);
        let their = parse_mime(their_bytes);
        let our = parse_mime(our_bytes);
        let mut their_envelope: Vec<String> =
            their_envelope.iter().map(|a| a.to_lowercase()).collect();
        their_envelope.sort();
        their_envelope.dedup();
        assert_eq!(&their_envelope, our_envelope, "{at}: envelope");
        for header in ["from", "to", "cc", "bcc", "reply-to"] {
            assert_eq!(
                addresses(&their, header),
                addresses(&our, header),
                "{at}: {header}"
            );
        }
        assert!(!addresses(&our, "to").is_empty(), "{at}: headers are read");
        assert_eq!(their.subject(), our.subject(), "{at}: subject");
        // missive gives every HTML body a text alternative free of markup, where mailmerge
        // sends the Markdown source or no text at all; a text the template wrote (a plain
        // template, or the text part of a multipart one) is the same in both.
        assert!(has_part(&our, "plain"), "{at}: a text part");
        let text = |m: &Message<'_>| {
            let body = m.body_text(0).expect("text").replace("\r\n", "\n");
            body.trim_end().to_string()
        };
        if derives_text(files) {
            for markup in ["**", "](", "<p>", "<html"] {
                assert!(!text(&our).contains(markup), "{at}: `{markup}` in the text");
            }
        } else {
            assert_eq!(text(&their), text(&our), "{at}: text");
        }
        assert_eq!(has_part(&their, "html"), has_part(&our, "html"), "{at}");
        if has_part(&their, "html") {
            let html = |m: &Message<'_>| visible_html(&m.body_html(0).expect("html"));
            assert_eq!(html(&their), html(&our), "{at}: html");
        }
        assert_eq!(attachments(&their), attachments(&our), "{at}: attachments");
    }
    ours.len()
}

#[test]
fn the_tools_own_sample_gives_the_same_messages() {
    let Some(bin) = mailmerge() else { return };
    let dir = tempfile::tempdir().expect("temp dir");
    let made = Process::new(bin)
        .arg("--sample")
        .current_dir(dir.path())
        .output()
        .expect("mailmerge --sample");
    assert!(made.status.success());
    let read = |name: &str| std::fs::read(dir.path().join(name)).expect("sample file");
    let (template, database) = (
        read("mailmerge_template.txt"),
        read("mailmerge_database.csv"),
    );
    let server = read("mailmerge_server.conf");
    let count = compare(&[
        ("mailmerge_template.txt", &template),
        ("mailmerge_database.csv", &database),
        ("mailmerge_server.conf", &server),
    ]);
    assert_eq!(count, 2);
}

#[test]
fn markdown_with_copies_reply_to_and_one_attachment_per_row() {
    let template = "\
TO: {{ civilite }} {{ nom }} <{{ email }}>
FROM: Inspection de la circonscription <ien.lille-1@ac-lille.fr>
{% if cc %}CC: {{ cc }}
{% endif %}BCC: archives@ac-lille.fr
REPLY-TO: secretariat.ien@ac-lille.fr
SUBJECT: Rentrée numérique — {{ ecole }}
ATTACHMENT: {{ piece }}
Content-Type: text/markdown

Madame, Monsieur {{ nom }},

Veuillez trouver **ci-joint** le document de l'école {{ ecole|upper }}.
{% if cc %}Votre adjoint est en copie.{% endif %}

- la date : *26 avril*
- le lieu : [la circonscription](https://ien-lille-1.ac-lille.fr/rentree)

Bien cordialement,
L'inspecteur
";
    let database = "\u{feff}civilite;nom;email;cc;ecole;piece\r\n\
Madame;Lefèvre;Helene.Lefevre@ac-lille.fr;adjoint.jaures@ac-lille.fr;École Jean Jaurès;docs/jaures.pdf\r\n\
Monsieur;Dupont;jean.dupont@ac-lille.fr;;École du Centre;docs/centre.pdf\r\n";
    let count = compare(&[
        ("mailmerge_template.txt", template.as_bytes()),
        ("mailmerge_database.csv", database.as_bytes()),
        ("docs/jaures.pdf", b"%PDF-1.4 jaures\x00\xff"),
        ("docs/centre.pdf", b"%PDF-1.4 centre\x00\xfe"),
    ]);
    assert!(count == 2 || mailmerge().is_none());
}

#[test]
fn html_with_an_inline_image_and_a_tab_separated_list() {
    let template = "\
TO: {{email}}, {{second}}
FROM: \"Ecole du Centre\" <ecole@example.org>
SUBJECT: Photo de classe de {{name}}
ATTACHMENT: logo.png
Content-Type: text/html

<html><body><p>Bonjour {{name}},</p><img src=\"logo.png\"><p>A bientot</p></body></html>
";
    let database = "email\tname\tsecond\n\
a@example.org\t\"Doe, Jane\"\tparent.a@example.org\n\
b@example.org\tBob\tparent.b@example.org\n";
    let count = compare(&[
        ("mailmerge_template.txt", template.as_bytes()),
        ("mailmerge_database.csv", database.as_bytes()),
        ("logo.png", b"\x89PNG\r\n\x1a\nnot really"),
    ]);
    assert!(count == 2 || mailmerge().is_none());
}

#[test]
fn a_multipart_template_keeps_its_own_text_part() {
    let template = "\
TO: {{email}}
SUBJECT: Testing mailmerge
FROM: My Self <myself@mydomain.com>
MIME-Version: 1.0
Content-Type: multipart/alternative; boundary=\"boundary\"

This is a MIME-encoded message. If you are seeing this, your mail
reader is old.

--boundary
Content-Type: text/plain; charset=us-ascii

Hi, {{name}},

Your number is {{number}}.

--boundary
Content-Type: text/html; charset=us-ascii

<html>
<body>
<p>Hi, {{name}},</p>
<p>Your number is <b>{{number}}</b>.</p>
</body>
</html>
";
    let database = "email,name,number\nmyself@mydomain.com,Myself,17\nbob@bobdomain.com,Bob,42\n";
    let count = compare(&[
        ("mailmerge_template.txt", template.as_bytes()),
        ("mailmerge_database.csv", database.as_bytes()),
    ]);
    assert!(count == 2 || mailmerge().is_none());
}

#[test]
fn send_c_mailmerge_server_conf_reads_its_relay() {
    let dir = Campaign::empty();
    dir.write(
        "mailmerge_server.conf",
        "[smtp_server]\nhost = smtp.ac-lille.fr\nport = 587\nsecurity = STARTTLS\nusername = jdupont\nratelimit = 12\n",
    );
    dir.write(
        "mailmerge_template.txt",
        "TO: {{email}}\nFROM: a@example.org\nSUBJECT: x\n\nBonjour\n",
    );
    dir.write("mailmerge_database.csv", "email\nb@example.org\n");
    let output = missive(dir.path())
        .args(["check", "-c", "mailmerge_server.conf"])
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{output:?}");
    assert!(stdout.contains("1 message ready"), "{stdout}");
    assert!(
        stdout.contains("12/min"),
        "the ratelimit is the plan's: {stdout}"
    );

    dir.write(
        "mailmerge_server.conf",
        "[smtp_server]\nhost = smtp.ac-lille.fr\nport = 587\nsecurity = TLS\n",
    );
    let output = missive(dir.path()).arg("check").output().expect("runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr.contains("mailmerge_server.conf:4: `security = TLS` is not known"),
        "{stderr}"
    );
    let output = french(dir.path()).arg("check").output().expect("runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr.contains(
            "erreur\u{a0}: mailmerge_server.conf:4\u{a0}: `security = TLS` est inconnu\u{202f}; \
             utilisez `SSL/TLS`, `STARTTLS` ou `Never`"
        ),
        "{stderr}"
    );
}
