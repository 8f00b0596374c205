//! libFuzzer target: any bytes as a message of the mailbox read by `missive collect`
//! (`mailbox::reports::read`); no panic, and what it finds is consistent with the bytes.
#![no_main]

// The reader is crate-private in missive: its source is compiled here as it is there (it
// uses no other module of missive).
#[path = "../../src/mailbox"]
mod mailbox {
    pub(crate) mod reports;
}

use mailbox::reports::{Returned, read};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    match read(data) {
        Returned::Delivery(report) => {
            for recipient in &report.recipients {
                assert!(!recipient.final_recipient.is_empty());
                let class5 = recipient
                    .status
                    .as_deref()
                    .is_some_and(|s| s.starts_with('5'));
                assert!(!class5 || recipient.permanent, "{recipient:?}");
            }
        }
        Returned::Disposition(_) | Returned::AutoReply { .. } | Returned::Other => {}
    }
});
