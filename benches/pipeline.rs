//! Per-message cost of the pipeline's CPU stages: rendering a recipient's row with Tera (a
//! Markdown template, whose HTML and text come from one parse, and an HTML one, whose text is
//! derived from each message's HTML), and composing the MIME message (with and without a
//! 200 KB attachment encoded once per run).
//!
//! `cargo bench --bench pipeline`

#![allow(unreachable_pub)] // a test or bench binary has no API: `pub` is for its modules

use std::hint::black_box;
use std::path::Path;
use std::sync::Arc;
use std::time::SystemTime;

use criterion::{Criterion, criterion_group, criterion_main};
use missive::compose::{ComposeSettings, Composer};
use missive::recipients::{Columns, Recipient, RowRef};
use missive::render::{Template, TemplateFile};

const TEMPLATE: &str = "From: Inspection <ien.lille-1@ac-lille.fr>
To: {{ civilite }} {{ prenom }} {{ nom }} <{{ email }}>
Subject: Rentrée numérique du 26 avril — {{ ecole }}
Content-Type: text/markdown

{% if civilite == \"Madame\" %}Madame la directrice{% else %}Monsieur le directeur{% endif %},

L’enseignement à distance reprend le **lundi 26 avril 2021** pour {{ ecole }}, à {{ commune }}.
Créez dès maintenant les comptes CNED, partagez les liens directs, déconnectez-vous en cas
d’inactivité. Les tutoriels sont sur <https://dane.ac-lille.fr/>.
";

/// A circular written in HTML (as `init --from-eml` relays one): its text alternative is
/// derived from each message's HTML.
const HTML_TEMPLATE: &str = "From: Inspection <ien.lille-1@ac-lille.fr>
To: {{ civilite }} {{ prenom }} {{ nom }} <{{ email }}>
Subject: Rentrée numérique du 26 avril — {{ ecole }}
Content-Type: text/html

<html><head><style>p { margin: 0 0 1em; }</style></head><body>
<p>{% if civilite == \"Madame\" %}Madame la directrice{% else %}Monsieur le directeur{% endif %},</p>
<p>L’enseignement à distance reprend le <b>lundi 26 avril 2021</b> pour {{ ecole }}, à {{ commune }}.
Créez dès maintenant les comptes CNED, partagez les liens directs, déconnectez-vous en cas
d’inactivité.</p>
<ul><li>Les classes virtuelles s’ouvrent sur <a href=\"https://ecole.cned.fr\">ecole.cned.fr</a>.</li>
<li>Les tutoriels sont sur <a href=\"https://dane.ac-lille.fr/\">https://dane.ac-lille.fr/</a>.</li></ul>
<p><img src=\"infographie.png\" alt=\"Infographie : les bons réflexes\"></p>
<p>Claire Vandenbussche<br>Inspectrice de l’Éducation nationale</p>
</body></html>
";

fn columns() -> Columns {
    ["civilite", "prenom", "nom", "email", "ecole", "commune"]
        .map(String::from)
        .to_vec()
        .into()
}

fn recipient(columns: &Columns) -> Recipient {
    Recipient {
        at: RowRef {
            file: Arc::from(Path::new("directeurs.csv")),
            line: 2,
        },
        columns: Arc::clone(columns),
        values: [
            "Madame",
            "Hélène",
            "Lefèvre",
            "ce.0594112k@ac-lille.fr",
            "École élémentaire Jules-Ferry",
            "Lille",
        ]
        .map(String::from)
        .to_vec(),
    }
}

fn composer(dir: &Path, attachments: Vec<std::path::PathBuf>) -> Composer {
    Composer::new(
        ComposeSettings {
            campaign_id: "bench".into(),
            template_dir: dir.to_path_buf(),
            campaign_root: dir.to_path_buf(),
            attachments,
            max_message_size: 10 * 1024 * 1024,
            auto_submitted: true,
            delivery_receipts: false,
            read_receipts: false,
            test_recipient: None,
            follow_up: None,
        },
        SystemTime::UNIX_EPOCH,
    )
    .expect("composer")
}

fn pipeline(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().canonicalize().expect("canonical");
    let attachment = root.join("infographie.png");
    let bytes: Vec<u8> = (0..200_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
        .collect();
    std::fs::write(&attachment, bytes).expect("write attachment");
    let columns = columns();
    let template = Template::compile(
        TemplateFile::parse(Path::new("message.md"), TEMPLATE).expect("parse"),
        &columns,
    )
    .expect("compile");
    let row = recipient(&columns);
    let rendered = template.render(&row).expect("render");
    let html_template = Template::compile(
        TemplateFile::parse(Path::new("message.md"), HTML_TEMPLATE).expect("parse"),
        &columns,
    )
    .expect("compile");
    let plain = composer(&root, Vec::new());
    let with_attachment = composer(&root, vec![attachment]);

    c.bench_function("render one row", |b| {
        b.iter(|| template.render(black_box(&row)).expect("render"));
    });
    c.bench_function("render one row of an HTML template (text derived)", |b| {
        b.iter(|| html_template.render(black_box(&row)).expect("render"));
    });
    c.bench_function("compose ~2 KB message", |b| {
        b.iter(|| plain.compose(black_box(&rendered)).expect("compose"));
    });
    c.bench_function("compose with a 200 KB attachment", |b| {
        b.iter(|| {
            with_attachment
                .compose(black_box(&rendered))
                .expect("compose")
        });
    });
}

criterion_group!(benches, pipeline);
criterion_main!(benches);
