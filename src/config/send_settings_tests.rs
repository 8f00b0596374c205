use super::*;
use crate::cli::Common;

fn campaign(dir: &Path, toml: &str) -> Campaign {
    let file = dir.join("campaign.toml");
    std::fs::write(&file, toml).expect("campaign.toml");
    Campaign::resolve(&Common {
        campaign: Some(file),
        ..Common::default()
    })
    .expect("a valid campaign")
}

const POOL: &str = "template = \"m.md\"\nrecipients = \"l.csv\"\n\
    [smtp]\nusername = \"ien\"\npassword_command = \"pass smtp\"\nca_file = \"ca.pem\"\n\
    [throttle]\nrate = \"30/min\"\nconcurrency = 3\n\
    [[smtp.relay]]\nurl = \"smtps://a.example\"\nweight = 2\n\
    [[smtp.relay]]\nurl = \"smtps://b.example\"\nusername = \"autre\"\ntoken_command = \"oauth\"\nrate = \"2/s\"\nconcurrency = 1\nca_file = \"b.pem\"\n";

#[test]
fn pool_entries_take_what_they_leave_out_from_smtp_and_throttle() {
    let dir = tempfile::tempdir().expect("temp dir");
    let settings =
        SendSettings::resolve(&SendArgs::default(), &campaign(dir.path(), POOL)).expect("ok");
    let [a, b] = settings.relays.as_slice() else {
        panic!("two relays: {:?}", settings.relays);
    };
    assert!(settings.is_pool());
    assert_eq!((a.weight, b.weight), (2, 1));
    assert_eq!(a.username.as_deref(), Some("ien"));
    assert_eq!(a.password_command.as_deref(), Some("pass smtp"));
    assert_eq!(a.ca_file, Some(dir.path().join("ca.pem")));
    assert_eq!(
        (a.concurrency, a.rates[0].to_string().as_str()),
        (3, "30/min")
    );
    assert_eq!(b.username.as_deref(), Some("autre"));
    assert_eq!(
        b.password_command, None,
        "the secret comes whole from the entry"
    );
    assert_eq!(b.token_command.as_deref(), Some("oauth"));
    assert_eq!(b.ca_file, Some(dir.path().join("b.pem")));
    assert_eq!((b.concurrency, b.rates[0].to_string().as_str()), (1, "2/s"));
    assert!(
        b.origin.ends_with("campaign.toml: [[smtp.relay]] #2"),
        "{}",
        b.origin
    );
}

#[test]
fn flags_apply_to_every_relay_and_smtp_replaces_the_pool() {
    let dir = tempfile::tempdir().expect("temp dir");
    let campaign = campaign(dir.path(), POOL);
    let flags = SendArgs {
        concurrency: "5".parse().ok(),
        rates: vec![RateLimit::Unlimited],
        ..SendArgs::default()
    };
    let settings = SendSettings::resolve(&flags, &campaign).expect("ok");
    assert!(
        settings
            .relays
            .iter()
            .all(|r| r.concurrency == 5 && r.rates.is_empty())
    );
    let one = SendArgs {
        relay: crate::cli::RelayArg {
            smtp: "smtp://127.0.0.1:2525".parse().ok(),
        },
        ..SendArgs::default()
    };
    let settings = SendSettings::resolve(&one, &campaign).expect("ok");
    assert_eq!(settings.relays.len(), 1);
    assert_eq!(
        settings.relays[0].relay.to_string(),
        "smtp://127.0.0.1:2525"
    );
    assert_eq!(settings.relays[0].username.as_deref(), Some("ien"));
}

#[test]
fn the_pace_needs_no_relay_and_follows_the_one_given() {
    let dir = tempfile::tempdir().expect("temp dir");
    let campaign = campaign(
        dir.path(),
        "template = \"m.md\"\nrecipients = \"l.csv\"\n[throttle]\nwindow = \"18:00-07:30\"\nper_domain = { \"ac-lille.fr\" = \"20/min\" }\n",
    );
    let unknown = Pace::resolve(None, &campaign).expect("no relay yet");
    let [one] = unknown.relays.as_slice() else {
        panic!("one relay: {unknown:?}");
    };
    assert!(one.relay.is_none());
    assert_eq!(one.rates, [DEFAULT_REMOTE_RATE], "a remote relay is spared");
    assert_eq!(
        unknown.window.map(|w| w.to_string()).as_deref(),
        Some("18:00-07:30")
    );
    assert_eq!(unknown.per_domain[0].1.to_string(), "20/min");
    let local: RelayUrl = "smtp://127.0.0.1:2525".parse().expect("valid");
    let local = Pace::resolve(Some(&local), &campaign).expect("a local relay");
    assert!(local.relays[0].rates.is_empty(), "a local relay is not");
    let pool = Pace::resolve(None, &self::campaign(dir.path(), POOL)).expect("a pool");
    assert_eq!(pool.relays.len(), 2);
    assert_eq!(pool.relays[1].rates[0].to_string(), "2/s");
}

#[test]
fn send_keeps_the_pace_check_shows() {
    let dir = tempfile::tempdir().expect("temp dir");
    let campaign = campaign(dir.path(), POOL);
    let shown = Pace::resolve(None, &campaign).expect("a pool");
    let kept = SendSettings::resolve(&SendArgs::default(), &campaign)
        .expect("valid")
        .pace();
    assert_eq!(format!("{shown:?}"), format!("{kept:?}"));
}
