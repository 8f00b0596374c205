//! `missive send`: check every row, confirm, then submit through the relay.

use std::io::{BufRead, IsTerminal, Write};
use std::sync::Arc;
use std::time::{Instant, SystemTime};

use lettre::Address;
use tokio::sync::mpsc;

use crate::cli::SendArgs;
use crate::compose::Outgoing;
use crate::config::{Campaign, SendSettings};
use crate::deliver::{self, Connector, Delivered, Security, SessionPolicy, Timeouts};
use crate::exit_status::ExitStatus;
use crate::pipeline::{Pipeline, RunError, Size, Survey};
use crate::recipients;
use crate::report::Tally;
use crate::secret::Secret;

const PER_CONNECTION_DEFAULT: usize = 100;

pub fn run(args: &SendArgs) -> Result<ExitStatus, RunError> {
    let campaign = Campaign::resolve(&args.common)?;
    let settings = SendSettings::resolve(args, &campaign)?;
    refuse_plaintext(&settings)?;
    let test_recipient = args
        .to
        .as_deref()
        .map(|to| {
            to.parse::<Address>()
                .map_err(|_| RunError::Refused(format!("`--to {to}` is not an email address")))
        })
        .transpose()?;
    let skip_invalid = campaign.skip_invalid;
    let per_connection = campaign
        .throttle
        .per_connection
        .unwrap_or(PER_CONNECTION_DEFAULT)
        .max(1);
    let (pipeline, rows) = Pipeline::open(campaign, SystemTime::now(), test_recipient.clone())?;

    // First pass: nothing leaves unless every row renders and composes.
    let mut survey = Survey::default();
    let limit = settings.limit.unwrap_or(usize::MAX);
    for item in pipeline.messages(rows) {
        if item.is_ok() && survey.messages >= limit {
            continue;
        }
        survey.record(&item);
    }
    if survey.errors > 0 && !skip_invalid {
        return Err(RunError::InvalidRows {
            count: survey.errors,
        });
    }
    if survey.messages == 0 {
        return Err(RunError::Refused("there is no message to send".into()));
    }
    confirm(&settings, &survey, test_recipient.as_ref())?;
    let credentials = match &settings.username {
        Some(user) => Some((user.clone(), password(&settings, user)?)),
        None => None,
    };
    let connector = Connector::new(
        settings.relay.clone(),
        credentials,
        settings.ca_file.as_deref(),
        Timeouts::default(),
    )?;
    let policy = SessionPolicy {
        concurrency: settings.concurrency,
        per_connection,
    };

    // Second pass: the same rows, streamed to the sessions.
    let rows = recipients::open(&pipeline.campaign.recipients, &pipeline.campaign.read)?;
    let started = Instant::now();
    let mut tally = Tally::default();
    let fault = submit_all(&pipeline, rows, limit, connector, policy, &mut tally)?;
    tally.print_summary(started.elapsed());
    if let Some(fault) = fault {
        eprintln!("error: {fault}");
        eprintln!(
            "the run stopped: {} message(s) were not attempted; fix the cause and run `missive send` again",
            survey.messages.saturating_sub(tally.attempted())
        );
        return Ok(ExitStatus::Stopped);
    }
    Ok(if tally.all_sent() {
        ExitStatus::Success
    } else {
        ExitStatus::NotAllDelivered
    })
}

/// Streams the messages to the delivery stage and tallies what comes back.
fn submit_all(
    pipeline: &Pipeline,
    rows: recipients::CsvRecipients,
    limit: usize,
    connector: Connector,
    policy: SessionPolicy,
    tally: &mut Tally,
) -> Result<Option<deliver::SessionError>, RunError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| RunError::Refused(format!("cannot start the network runtime: {e}")))?;
    let (jobs, queue) = mpsc::channel::<Arc<Outgoing>>(policy.concurrency * 2 + 8);
    let fault = std::thread::scope(|scope| {
        scope.spawn(move || {
            let messages = pipeline.messages(rows).filter_map(Result::ok).take(limit);
            for message in messages {
                if jobs.blocking_send(Arc::new(message)).is_err() {
                    break;
                }
            }
        });
        runtime.block_on(async {
            let (results, mut received) = mpsc::channel::<Delivered>(64);
            let delivery = tokio::spawn(deliver::deliver(
                Arc::new(connector),
                policy,
                queue,
                results,
            ));
            while let Some(delivered) = received.recv().await {
                tally.record(&delivered);
            }
            match delivery.await {
                Ok(result) => result.err(),
                Err(panic) => std::panic::resume_unwind(panic.into_panic()),
            }
        })
    });
    Ok(fault)
}

fn refuse_plaintext(settings: &SendSettings) -> Result<(), RunError> {
    let plain = matches!(
        settings.relay.security,
        Security::Plain | Security::StartTls { required: false }
    );
    if plain && !settings.relay.is_loopback() && !settings.insecure {
        return Err(RunError::Refused(format!(
            "{} is not protected by TLS and is not this machine; use `smtps://{}:465` or `smtp://{}:587?tls=required`, or add `--insecure` if you really mean plaintext",
            settings.relay, settings.relay.host, settings.relay.host
        )));
    }
    Ok(())
}

fn confirm(
    settings: &SendSettings,
    survey: &Survey,
    test_recipient: Option<&Address>,
) -> Result<(), RunError> {
    let target = match test_recipient {
        Some(address) => format!("all to {address} (test send)"),
        None => format!("{} recipient(s)", survey.messages),
    };
    let plan = format!(
        "{} message(s), {} in all, {target}, through {} with {} session(s) at once",
        survey.messages,
        Size(survey.bytes),
        settings.relay,
        settings.concurrency
    );
    if settings.yes {
        println!("sending {plan}");
        return Ok(());
    }
    if !(std::io::stdin().is_terminal() && std::io::stderr().is_terminal()) {
        return Err(RunError::Refused(format!(
            "about to send {plan}, but there is no terminal to confirm on; add `--yes` to send without asking"
        )));
    }
    eprint!("About to send {plan}.\nSend now? [y/N] ");
    let _ = std::io::stderr().flush();
    let mut answer = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut answer)
        .map_err(|e| RunError::Refused(format!("cannot read the answer: {e}")))?;
    if matches!(
        answer.trim().to_lowercase().as_str(),
        "y" | "yes" | "o" | "oui"
    ) {
        Ok(())
    } else {
        Err(RunError::Refused("nothing sent: not confirmed".into()))
    }
}

/// The password: `MISSIVE_SMTP_PASSWORD`, then `password_command`, then a prompt.
fn password(settings: &SendSettings, user: &str) -> Result<Secret, RunError> {
    if let Some(value) = std::env::var("MISSIVE_SMTP_PASSWORD")
        .ok()
        .filter(|v| !v.is_empty())
    {
        return Ok(Secret::new(value));
    }
    if let Some(command) = &settings.password_command {
        let output = std::process::Command::new("sh")
            .arg("-c")
            .arg(command)
            .stderr(std::process::Stdio::inherit())
            .output()
            .map_err(|e| {
                RunError::Refused(format!("cannot run password_command `{command}`: {e}"))
            })?;
        if !output.status.success() {
            return Err(RunError::Refused(format!(
                "password_command `{command}` failed ({}); run it yourself to see why",
                output.status
            )));
        }
        let text = String::from_utf8(output.stdout).map_err(|_| {
            RunError::Refused(format!(
                "password_command `{command}` printed something that is not text"
            ))
        })?;
        let first_line = text.lines().next().unwrap_or_default().to_string();
        if first_line.is_empty() {
            return Err(RunError::Refused(format!(
                "password_command `{command}` printed nothing"
            )));
        }
        return Ok(Secret::new(first_line));
    }
    if std::io::stdin().is_terminal() {
        let prompt = format!("Password for {user} on {}: ", settings.relay.host);
        return rpassword::prompt_password(prompt)
            .map(Secret::new)
            .map_err(|e| RunError::Refused(format!("cannot read the password: {e}")));
    }
    Err(RunError::Refused(format!(
        "a password is needed for `{user}`: set MISSIVE_SMTP_PASSWORD, or `password_command` in the [smtp] section of campaign.toml"
    )))
}
