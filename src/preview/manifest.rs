//! `manifest.json`: what was reviewed, message by message, so a later send can prove it sends
//! the same plan.

use serde::{Deserialize, Serialize};

use crate::compose::Outgoing;

pub const FILE: &str = "manifest.json";

/// The plan's fingerprint.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Manifest {
    pub format: u32,
    pub campaign: String,
    /// SHA-256 of the template and attachments, the campaign's revision.
    pub template_sha256: String,
    pub messages: Vec<ManifestEntry>,
}

/// One message of the plan.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct ManifestEntry {
    /// `FILE:LINE` of the recipient's row.
    pub row: String,
    pub key: String,
    pub to: String,
    pub subject: String,
    pub message_id: String,
    pub attachments: Vec<(String, u64)>,
    pub size: u64,
    /// SHA-256 of the message without its Date header.
    pub sha256: String,
    /// The `.eml` file, relative to the preview folder.
    pub file: String,
}

impl Manifest {
    pub fn new(campaign: &str) -> Self {
        Self {
            format: 1,
            campaign: campaign.to_string(),
            template_sha256: String::new(),
            messages: Vec::new(),
        }
    }
}

impl ManifestEntry {
    pub fn of(message: &Outgoing, file: String) -> Self {
        Self {
            row: message.at.to_string(),
            key: message.key.clone(),
            to: message.to.clone(),
            subject: message.subject.clone(),
            message_id: message.message_id.clone(),
            attachments: message.attachments.clone(),
            size: message.bytes.len() as u64,
            sha256: message.fingerprint(),
            file,
        }
    }
}
