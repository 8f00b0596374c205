//! The integration tests: one binary (`cargo test --test cli`), one module per area, all
//! driving the real `missive` binary through [`harness`]: one way to build the command, one
//! campaign folder builder, the servers it sends to and what they received.

#![allow(unreachable_pub)] // a test or bench binary has no API: `pub` is for its modules

mod harness;

mod approval;
mod browser;
mod bundle;
mod cli_help;
mod completions;
mod content_warnings;
mod date_header;
mod delivery;
mod double_click;
mod dovecot_selftest;
mod events;
mod faulty_relay_selftest;
mod filter;
mod follow_up;
mod from_eml;
mod hostile;
mod international;
mod journal;
mod journal_backends;
mod large_lists;
mod mailbox;
mod mailbox_events;
mod mailbox_figures;
mod mailmerge;
mod message_structure;
mod per_address;
mod postfix;
mod preview;
mod profiles;
mod properties;
mod recipients;
mod relay_faults;
mod relays;
mod release;
mod review;
mod review_changes;
mod secrets;
mod send;
mod serve;
mod serve_browser;
mod serve_browser_review;
mod serve_browser_send;
mod serve_environment;
mod serve_mailbox;
mod serve_path;
mod serve_path_test_send;
mod serve_recipients;
mod serve_review;
mod serve_send;
mod serve_send_review;
mod serve_start;
mod shard;
mod shared_journal;
mod smtp_server_selftest;
mod smtp_sink;
mod spam_scores;
mod status;
mod suppression;
mod text_alternative;
mod typed_flags;
