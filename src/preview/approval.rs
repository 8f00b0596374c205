//! `approval.json`: a reviewer's word that the plan of a preview folder may be sent. It names
//! who approved, when, and which plan: the fingerprint of `manifest.json`'s bytes, so a folder
//! previewed again after the approval no longer passes for the version the reviewer saw.
//! `missive approve` writes it; `send --reviewed DIR` requires it; `preview` refuses to
//! write over it.

use std::path::{Path, PathBuf};

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::review::Unreadable;
use crate::cli::Approver;

/// The file's name in the preview folder.
pub(crate) const FILE: &str = "approval.json";

/// The version of the file this missive writes and reads.
const FORMAT: u32 = 1;

/// A reviewer's approval of one preview's plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Approval {
    /// The reviewer, as they gave their name.
    pub by: String,
    pub at: DateTime<Utc>,
    /// The SHA-256 of `manifest.json`'s bytes, in hexadecimal.
    pub plan: String,
    /// How many messages the plan holds.
    pub messages: usize,
}

/// `approval.json` as written.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ApprovalFile {
    format: u32,
    approved_by: String,
    /// RFC 3339, UTC.
    approved_at: String,
    manifest_sha256: String,
    messages: usize,
}

/// Why a folder's approval cannot be written, read or relied on.
#[derive(Debug, thiserror::Error)]
pub(crate) enum ApprovalError {
    #[error("{}", t!("approve-missing", dir = dir.display().to_string()))]
    Missing { dir: PathBuf },
    #[error(
        "{}",
        t!(
            "approve-unreadable",
            path = path.display().to_string(),
            reason = reason.to_string(),
            dir = dir.display().to_string()
        )
    )]
    Unreadable {
        path: PathBuf,
        dir: PathBuf,
        reason: Unreadable,
    },
    #[error(
        "{}",
        t!(
            "approve-foreign",
            path = path.display().to_string(),
            dir = dir.display().to_string()
        )
    )]
    Foreign { path: PathBuf, dir: PathBuf },
    #[error(
        "{}",
        t!(
            "approve-stale",
            dir = dir.display().to_string(),
            by = approval.by.as_str(),
            at = approval.when()
        )
    )]
    Stale { dir: PathBuf, approval: Approval },
    #[error(
        "{}",
        t!(
            "approve-preview-refused",
            dir = dir.display().to_string(),
            by = approval.by.as_str(),
            at = approval.when(),
            file = dir.join(FILE).display().to_string()
        )
    )]
    Approved { dir: PathBuf, approval: Approval },
    #[error("{}", t!("approve-cannot-write", path = path.display().to_string(), error = crate::i18n::system(source)))]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl Approval {
    /// An approval by `by`, now, of the plan with this fingerprint.
    pub(crate) fn new(by: &Approver, plan: &str, messages: usize) -> Self {
        Self {
            by: by.to_string(),
            at: Utc::now(),
            plan: plan.to_string(),
            messages,
        }
    }

    /// The approval of `dir`, if it has one.
    pub(crate) fn read(dir: &Path) -> Result<Option<Self>, ApprovalError> {
        let path = dir.join(FILE);
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(error) => {
                return Err(ApprovalError::Unreadable {
                    path,
                    dir: dir.to_path_buf(),
                    reason: Unreadable::Io(error),
                });
            }
        };
        let foreign = || ApprovalError::Foreign {
            path: path.clone(),
            dir: dir.to_path_buf(),
        };
        let value: serde_json::Value =
            serde_json::from_slice(&bytes).map_err(|error| ApprovalError::Unreadable {
                path: path.clone(),
                dir: dir.to_path_buf(),
                reason: Unreadable::Json(error),
            })?;
        let file: ApprovalFile = serde_json::from_value(value).map_err(|_| foreign())?;
        let at = DateTime::parse_from_rfc3339(&file.approved_at).map_err(|_| foreign())?;
        let plan_ok = file.manifest_sha256.len() == 64
            && file.manifest_sha256.bytes().all(|b| b.is_ascii_hexdigit());
        if file.format != FORMAT || file.approved_by.trim().is_empty() || !plan_ok {
            return Err(foreign());
        }
        Ok(Some(Self {
            by: file.approved_by,
            at: at.with_timezone(&Utc),
            plan: file.manifest_sha256.to_ascii_lowercase(),
            messages: file.messages,
        }))
    }

    /// The approval of `dir`, which must have one for the plan with this fingerprint.
    pub(crate) fn required(dir: &Path, plan: &str) -> Result<Self, ApprovalError> {
        let approval = Self::read(dir)?.ok_or_else(|| ApprovalError::Missing {
            dir: dir.to_path_buf(),
        })?;
        if approval.plan == plan {
            Ok(approval)
        } else {
            Err(ApprovalError::Stale {
                dir: dir.to_path_buf(),
                approval,
            })
        }
    }

    /// Writes it into `dir`, replacing an earlier approval; whole or not at all.
    pub(crate) fn write(&self, dir: &Path) -> Result<(), ApprovalError> {
        let file = ApprovalFile {
            format: FORMAT,
            approved_by: self.by.clone(),
            approved_at: self.at.to_rfc3339_opts(SecondsFormat::Secs, true),
            manifest_sha256: self.plan.clone(),
            messages: self.messages,
        };
        let mut text = serde_json::to_string_pretty(&file).unwrap_or_default();
        text.push('\n');
        let path = dir.join(FILE);
        let side = dir.join(format!(".{FILE}.new"));
        let error = |source| ApprovalError::Write {
            path: path.clone(),
            source,
        };
        std::fs::write(&side, text).map_err(error)?;
        std::fs::rename(&side, &path).map_err(error)
    }

    /// When it was approved, in local time and the run's language: `26 April 2021 at 18:00`.
    pub(crate) fn when(&self) -> String {
        let local = self.at.with_timezone(&chrono::Local).naive_local();
        crate::i18n::date_time(local, crate::i18n::lang())
    }

    /// The plan's fingerprint as a person reads it: its first characters.
    pub(crate) fn short_plan(&self) -> String {
        format!("{}…", &self.plan[..self.plan.len().min(12)])
    }
}

/// The fingerprint of a plan: the SHA-256 of its `manifest.json`, in hexadecimal.
pub(crate) fn fingerprint(manifest: &[u8]) -> String {
    crate::compose::hex(&Sha256::digest(manifest))
}

/// Refuses to write a preview into `dir` when it holds an approval: the folder would pass for
/// a version nobody saw. An approval that cannot be read refuses too, saying why.
pub(crate) fn refuse_if_approved(dir: &Path) -> Result<(), ApprovalError> {
    match Approval::read(dir)? {
        Some(approval) => Err(ApprovalError::Approved {
            dir: dir.to_path_buf(),
            approval,
        }),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests;
