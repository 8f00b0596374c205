//! The Send page and the review: an approval in the campaign's review folder (`preview`,
//! what `missive preview` writes by default) makes the page's send `--reviewed`, names the
//! approver, and stops a send of messages other than the ones approved; a plan that changed
//! since its confirmation sends nothing.

use crate::harness::{SmtpServer, assert_exit, missive, run};
use crate::serve::{Served, TEMPLATE};
use crate::serve_send::{ended, open, poll_until, progress, sample_to, start};

#[test]
fn an_approved_plan_is_named_and_sent_reviewed_and_a_changed_one_is_refused() {
    let relay = SmtpServer::builder().start();
    let campaign = sample_to(&relay, "unlimited", "");
    assert_exit(&run(campaign.missive(&["preview"])), 0);
    let approved = missive(campaign.path())
        .args(["approve", "preview", "--by", "Marie Dupont"])
        .output()
        .expect("approve runs");
    assert_exit(&approved, 0);
    let served = Served::start(missive(campaign.path()), &[]);
    let (cookie, token) = open(&served);
    let page = served.get("/send", Some(&cookie)).body;
    assert!(
        page.contains("The review folder holds an approval: approved by Marie Dupont on"),
        "{page}"
    );
    assert!(page.contains("send 12 messages"), "{page}");
    assert!(!page.contains("no review asked"), "{page}");

    // The template changed since the approval: the page says what, and offers no send.
    let file = campaign.path().join(TEMPLATE);
    let text = std::fs::read_to_string(&file).expect("the template");
    let added = text.replacen("\n\n", "\n\nUne phrase ajoutée après la relecture.\n\n", 1);
    assert_ne!(added, text);
    std::fs::write(&file, added).expect("a change");
    let changed = served.get("/send", Some(&cookie)).body;
    let refused = changed
        .split("<p class=\"error\">")
        .nth(1)
        .unwrap_or_else(|| panic!("the refusal: {changed}"));
    assert!(refused.contains("changed"), "what changed: {refused}");
    assert!(!changed.contains("id=\"send\""), "no Envoyer: {changed}");
    std::fs::write(&file, &text).expect("as approved");

    // A count other than the plan's: the plan changed since the question; nothing goes.
    start(&served, &cookie, &token, "11", &[]);
    let declined = poll_until(&served, &cookie, ended);
    assert_eq!(
        declined["state"],
        "Nothing was sent: the plan changed since it was confirmed. Look at it again and confirm it.",
        "{declined}"
    );
    assert_eq!(relay.messages().len(), 0);

    start(&served, &cookie, &token, "12", &[]);
    let end = poll_until(&served, &cookie, ended);
    assert_eq!(end["of"], "12 of 12", "{end}");
    let said = end["said"].to_string();
    assert!(said.contains("approved by Marie Dupont"), "{said}");
    assert_eq!(relay.messages().len(), 12);
    assert_eq!(progress(&served, &cookie)["running"], false);
    assert_eq!(served.interrupt(), Some(0));
}
