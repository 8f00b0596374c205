//! The subcommands: each wires the pipeline to its last stage.

pub mod bundle;
pub mod check;
pub mod completions;
pub mod init;
pub mod init_from_eml;
pub mod man;
pub mod preview;
pub mod report;
pub mod send;
pub mod status;
