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

    let (subject, relayed) = (relay.original_subject.as_str(), relay.subject.as_str());
    let relaying = || match (relay.original_from.as_deref(), relay.unwrapped) {
        (None, false) => t!("init-eml-relaying", subject = subject, relayed = relayed),
        (Some(from), false) => t!(
            "init-eml-relaying-from",
            subject = subject,
            from = from,
            relayed = relayed
        ),
        (None, true) => t!(
            "init-eml-relaying-unwrapped",
            subject = subject,
            relayed = relayed
        ),
        (Some(from), true) => t!(
            "init-eml-relaying-from-unwrapped",
            subject = subject,
            from = from,
            relayed = relayed
        ),
    };
    crate::stdout::say!("{}", relaying());
    if !relay.attached.is_empty() {
        crate::stdout::say!(
            "{}",
            t!("init-eml-attached", files = relay.attached.join(", "))
        );
    }
    if !relay.inline.is_empty() {
        crate::stdout::say!("{}", t!("init-eml-inline", files = relay.inline.join(", ")));
    }
    for part in &relay.left_out {
        crate::stdout::say!("{}", t!("init-eml-left-out", part = part.to_string()));
    }
    let template = dir.join(&relay.template);
    crate::stdout::say!("{}", t!("init-eml-next"));
    let steps = || {
        [
            t!("init-eml-step-1", template = template.display().to_string()),
            t!(
                "init-eml-step-2",
                list = dir.join(from_eml::STAFF_LIST).display().to_string(),
                campaign = dir.join("campaign.toml").display().to_string()
            ),
            t!("init-eml-step-3", dir = dir.display().to_string()),
            t!("init-eml-step-4"),
        ]
    };
    crate::stdout::say_lines(|| steps().map(|step| format!("  {step}")).to_vec());
    Ok(ExitStatus::Success)
}
