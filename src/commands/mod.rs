//! The subcommands: each wires the pipeline to its last stage.

pub(crate) mod approve;
pub(crate) mod bundle;
pub(crate) mod check;
pub(crate) mod collect;
pub(crate) mod completions;
pub(crate) mod copies;
pub(crate) mod init;
pub(crate) mod init_from_eml;
pub(crate) mod mailbox;
pub(crate) mod man;
pub(crate) mod preview;
pub(crate) mod report;
pub(crate) mod send;
pub(crate) mod serve;
pub(crate) mod status;
pub(crate) mod suppressed;
