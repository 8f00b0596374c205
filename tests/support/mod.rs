//! Support shared by the integration tests: a real SMTP server on loopback
//! that records what it receives ([`SmtpServer`]), and a throwaway CA for its
//! STARTTLS ([`TestCa`]).
//!
//! A test file includes it with `mod support;` and uses part of it, hence the
//! allowances for what that file leaves unused.
#![allow(dead_code, unused_imports)]

pub mod cli;
mod recorder;
pub mod smtp_server;
pub mod tls;

pub use smtp_server::{Event, Received, SmtpServer, SmtpServerBuilder};
pub use tls::TestCa;
