//! Measurements of the journal, run by hand, never by `cargo test`: kill -9 again and again
//! (`scripts/kill-resume`) and the journal's cost over a whole run.
//!
//! `cargo bench --bench journal -- kill` (KILLS=20 by default) or `cargo bench --bench journal -- cost`.

#![allow(unreachable_pub)] // a test or bench binary has no API: `pub` is for its modules

#[path = "../tests/cli/harness/mod.rs"]
mod harness;

use std::process::Command;
use std::time::Duration;

use harness::{
    Campaign, Event, PATIENCE, SmtpServer, doubles, received_per_recipient, run, spawn, text,
};

/// `scripts/kill-resume` runs this: `KILLS` runs (20 by default) of 300 messages, each
/// killed with -9 at a different point, then resumed, then resumed with `--retry-uncertain`;
/// prints the duplicates and losses of each. Even runs are killed just after the server
/// accepted a message (the worst moment: the sender has not read the reply yet), odd runs
/// in the middle of a transaction (from the server, at a RCPT).
fn main() {
    let which: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let wants = |name: &str| which.is_empty() || which.iter().any(|w| w == name);
    if wants("kill") {
        kill_minus_9_again_and_again();
    }
    if wants("cost") {
        journal_cost_end_to_end();
    }
}

fn kill_minus_9_again_and_again() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicU32, AtomicUsize, Ordering};

    let kills: usize = std::env::var("KILLS")
        .ok()
        .and_then(|k| k.parse().ok())
        .unwrap_or(20);
    let rows = 300;
    let (mut duplicates, mut losses, mut unflagged, mut in_flight) = (0, 0, 0, 0);
    println!("kill  moment        received-at-kill  uncertain  unflagged  duplicates  losses");
    for round in 0..kills {
        let at = 10 + (round * 53) % 270;
        let mid_transaction = round % 2 == 1;
        let campaign = Campaign::new(rows);
        let pid = Arc::new(AtomicU32::new(0));
        let rcpts = AtomicUsize::new(0);
        let target = Arc::clone(&pid);
        let server = SmtpServer::builder()
            .script(move |event| {
                if mid_transaction
                    && matches!(event, Event::Rcpt { .. })
                    && rcpts.fetch_add(1, Ordering::SeqCst) + 1 == at
                {
                    let pid = target.load(Ordering::SeqCst).to_string();
                    let _ = Command::new("kill").args(["-KILL", &pid]).status();
                }
                None
            })
            .start();
        let mut running = spawn(campaign.send(&server, &["--rate", "400/s"]));
        pid.store(running.id(), Ordering::SeqCst);
        if !mid_transaction {
            assert!(server.wait_for(at, PATIENCE), "the run should be under way");
            running.kill().expect("kill -9");
        }
        running.wait().expect("the killed process is reaped");
        let at_kill = server.messages().len();
        assert!(at_kill < rows, "killed before the end");
        let resumed = run(campaign.send(&server, &["--rate", "unlimited"]));
        assert!(
            matches!(resumed.status.code(), Some(0 | 3)),
            "{}",
            text(&resumed)
        );
        let uncertain = campaign.statuses().get("uncertain").copied().unwrap_or(0);
        // Not received and not reported uncertain either: a silent loss.
        let missing = rows - received_per_recipient(&server).len();
        let silent = missing.saturating_sub(uncertain);
        let retried = run(campaign.send(&server, &["--retry-uncertain", "--rate", "unlimited"]));
        assert_eq!(retried.status.code(), Some(0), "{}", text(&retried));
        let received = received_per_recipient(&server);
        let doubled: usize = doubles(&received).iter().map(|(_, n)| n - 1).sum();
        let lost = rows - received.len();
        let moment = if mid_transaction {
            "at a RCPT"
        } else {
            "after a 250"
        };
        println!(
            "{round:>4}  {moment:<12}  {at_kill:>16}  {uncertain:>9}  {silent:>9}  {doubled:>10}  {lost:>6}"
        );
        duplicates += doubled;
        losses += lost;
        unflagged += silent;
        in_flight += uncertain;
    }
    println!(
        "{kills} kills: {duplicates} duplicate(s), {losses} loss(es), {unflagged} silent loss(es) before --retry-uncertain, {in_flight} message(s) in flight (uncertain) at the kills"
    );
    assert_eq!(losses + unflagged, 0);
    assert!(duplicates <= in_flight);
}

/// What the journal costs a whole run: the same 1000 messages sent with the journal, and as
/// a test send (`--to`, no journal), on loopback where the relay costs almost nothing.
fn journal_cost_end_to_end() {
    let rows = 1000;
    let campaign = Campaign::new(rows);
    let server = SmtpServer::builder().start();
    let timed = |command: Command| {
        let started = std::time::Instant::now();
        let output = run(command);
        assert_eq!(output.status.code(), Some(0), "{}", text(&output));
        (started.elapsed(), text(&output))
    };
    let (without, _) = timed(campaign.send(
        &server,
        &["--to", "relecteur@ac-lille.example", "--rate", "unlimited"],
    ));
    let (with, output) = timed(campaign.send(&server, &["--rate", "unlimited", "-v"]));
    let line = output
        .lines()
        .find(|l| l.starts_with("journal `"))
        .unwrap_or_default();
    let per = |d: Duration| d.as_secs_f64() * 1e3 / 1000.0;
    println!(
        "{rows} messages: {:.3} ms each without the journal, {:.3} ms with it\n{line}",
        per(without),
        per(with)
    );
}
