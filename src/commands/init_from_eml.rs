//! `missive init --from-eml FILE [DIR]`: writes a campaign relaying a received email to a
//! staff list (see `from_eml`), never overwriting a file, and says what to fill in next.

use std::path::Path;

use crate::commands::init::write_new;
use crate::exit_status::ExitStatus;
use crate::from_eml::{self, RelayOptions};
use crate::pipeline::RunError;

pub(crate) fn run(eml: &Path, dir: &Path, subject: Option<&str>) -> Result<ExitStatus, RunError> {
    let bytes = std::fs::read(eml).map_err(|source| RunError::Io {
        path: eml.to_path_buf(),
        source,
    })?;
    let options = RelayOptions {
        subject: subject.map(str::to_string),
    };
    let relay = from_eml::build(&bytes, &options).map_err(|error| RunError::Eml {
        eml: eml.to_path_buf(),
        error,
    })?;
    let retry = format!("missive init --from-eml {} DIR", eml.display());
    write_new(dir, &relay.files, &retry)?;

    let from = relay
        .original_from
        .as_deref()
        .map_or_else(String::new, |from| format!(" from {from}"));
    let unwrapped = if relay.unwrapped {
        " (the message attached to the saved one)"
    } else {
        ""
    };
    crate::stdout::say!(
        "relaying `{}`{from}{unwrapped} as `{}`",
        relay.original_subject,
        relay.subject
    );
    if !relay.attached.is_empty() {
        crate::stdout::say!("attached to every message: {}", relay.attached.join(", "));
    }
    if !relay.inline.is_empty() {
        crate::stdout::say!("shown in the message: {}", relay.inline.join(", "));
    }
    for part in &relay.left_out {
        crate::stdout::say!("left out: {part}");
    }
    let template = dir.join(&relay.template);
    crate::stdout::say!("next:");
    crate::stdout::say!(
        "  1. in {}, put your name and address on the From: line and write your note under `Bonjour {{{{ prenom }}}},`",
        template.display()
    );
    crate::stdout::say!(
        "  2. put your staff in {} (columns prenom;nom;email) and your login in {}",
        dir.join(from_eml::STAFF_LIST).display(),
        dir.join("campaign.toml").display()
    );
    crate::stdout::say!(
        "  3. cd {} && missive check && missive preview",
        dir.display()
    );
    crate::stdout::say!(
        "  4. missive send --to your.address@… --limit 1 (a test to yourself), then missive send"
    );
    Ok(ExitStatus::Success)
}
