//! `missive suppressed`: the addresses every campaign leaves out because they bounced for
//! good, and why; `--remove ADDRESS` takes one off when it works again.

use crate::cli::SuppressedArgs;
use crate::config::{self, ConfigError};
use crate::exit_status::ExitStatus;
use crate::pipeline::RunError;
use crate::suppression::{SuppressionError, SuppressionList};

pub(crate) fn run(args: &SuppressedArgs) -> Result<ExitStatus, RunError> {
    let Some(path) = config::suppression_list(args.campaign.as_deref())? else {
        return Err(ConfigError::Setting {
            what: "suppression list",
            reason: "there is no configuration folder to keep it in (HOME is not set); set HOME, or name a file with `suppression_list = \"…\"` in campaign.toml".into(),
        }
        .into());
    };
    if let Some(address) = &args.remove {
        return match SuppressionList::remove(&path, address)? {
            Some(entry) => {
                crate::stdout::say!(
                    "{}",
                    t!(
                        "suppression-removed",
                        address = entry.address.as_str(),
                        path = path.display().to_string()
                    )
                );
                Ok(ExitStatus::Success)
            }
            None => Err(SuppressionError::NotListed {
                address: address.clone(),
                count: SuppressionList::load(&path)?.len(),
                path,
            }
            .into()),
        };
    }
    let list = SuppressionList::load(&path)?;
    if list.is_empty() {
        crate::stdout::say!(
            "{}",
            t!("suppression-list-empty", path = path.display().to_string())
        );
        return Ok(ExitStatus::Success);
    }
    crate::stdout::say!(
        "{}",
        t!(
            "suppression-list-heading",
            count = list.len(),
            path = path.display().to_string()
        )
    );
    for entry in list.entries() {
        crate::stdout::say!(
            "{}",
            t!(
                "suppression-list-entry",
                address = entry.address.as_str(),
                why = entry.why()
            )
        );
    }
    crate::stdout::say!("{}", t!("suppression-list-next"));
    Ok(ExitStatus::Success)
}
