//! The subcommands: each wires the pipeline to its last stage.

pub mod check;
pub mod init;
pub mod preview;
pub mod send;
