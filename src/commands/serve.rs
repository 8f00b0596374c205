//! `missive serve`: the campaign in the browser. Listens on 127.0.0.1 on a free port, prints
//! the address with its token, opens the browser on it, and serves until Ctrl-C.

use std::net::Ipv4Addr;
use std::sync::Arc;
use std::time::Duration;

use crate::cli::ServeArgs;
use crate::error::RunError;
use crate::events::Observer;
use crate::exit_status::ExitStatus;
use crate::serve::{App, ServeError, random_token, router};

/// How long the connections still open at Ctrl-C have to end before they are cut.
const GRACE: Duration = Duration::from_secs(5);
/// How long, after that, a send the app runs has to end, stopped as `send` stops at Ctrl-C
/// (the server is gone within 10 s; a message still in flight then is settled by the next
/// send, as after a killed run).
const SEND_GRACE: Duration = Duration::from_secs(3);

pub(crate) fn run(args: &ServeArgs, observer: &mut dyn Observer) -> Result<ExitStatus, RunError> {
    // What the commands run for a page say is read there: "press Envoyer", not a command.
    crate::i18n::for_pages();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|source| ServeError::Runtime { source })?;
    let served = runtime.block_on(serve(args, observer));
    // A check still running on a blocking thread is not waited for.
    runtime.shutdown_timeout(Duration::from_secs(1));
    served
}

async fn serve(args: &ServeArgs, observer: &mut dyn Observer) -> Result<ExitStatus, RunError> {
    // Listened for before the address is printed: a Ctrl-C right after it is the app's.
    let interrupted = interrupt().map_err(|source| ServeError::Runtime { source })?;
    let listener = tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .await
        .map_err(|source| ServeError::Bind { source })?;
    let port = listener
        .local_addr()
        .map_err(|source| ServeError::Bind { source })?
        .port();
    let token = random_token()?;
    let address = format!("http://127.0.0.1:{port}/?token={token}");
    let folder = std::path::absolute(&args.dir).unwrap_or_else(|_| args.dir.clone());
    let app = Arc::new(App::new(folder, port, token)?);
    crate::stdout::say!("{address}");
    let shown = args.dir.display().to_string();
    if args.double_clicked {
        observer.tell(&|| t!("serve-listening-window", folder = shown.as_str()));
    } else {
        observer.tell(&|| t!("serve-listening", folder = shown.as_str()));
    }
    if !args.no_open {
        open_browser(&address, observer);
    }
    let stopping = Arc::new(tokio::sync::Notify::new());
    let signal = {
        let stopping = Arc::clone(&stopping);
        let app = Arc::clone(&app);
        async move {
            interrupted.await;
            // The app's send listens to no signal: it stops gently now, as `send` would.
            app.stop_send(Duration::ZERO);
            stopping.notify_one();
        }
    };
    let server = axum::serve(listener, router(Arc::clone(&app))).with_graceful_shutdown(signal);
    let deadline = async {
        stopping.notified().await;
        tokio::time::sleep(GRACE).await;
    };
    tokio::select! {
        outcome = server => outcome.map_err(|source| ServeError::Bind { source })?,
        () = deadline => {}
    }
    let _ = tokio::task::spawn_blocking(move || app.stop_send(SEND_GRACE)).await;
    observer.tell(&|| t!("serve-stopped"));
    Ok(ExitStatus::Success)
}

/// Ctrl-C, listened for from now on.
#[cfg(unix)]
fn interrupt() -> std::io::Result<impl Future<Output = ()> + Send + 'static> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut interrupt = signal(SignalKind::interrupt())?;
    Ok(async move {
        interrupt.recv().await;
    })
}

/// Ctrl-C, listened for from now on.
#[cfg(windows)]
fn interrupt() -> std::io::Result<impl Future<Output = ()> + Send + 'static> {
    let mut interrupt = tokio::signal::windows::ctrl_c()?;
    Ok(async move {
        interrupt.recv().await;
    })
}

/// Opens the system's browser on `address`, best effort; with no display (a server reached
/// over SSH), the printed address is all.
fn open_browser(address: &str, observer: &mut dyn Observer) {
    let graphical = cfg!(any(windows, target_os = "macos"))
        || ["DISPLAY", "WAYLAND_DISPLAY"]
            .iter()
            .any(|name| std::env::var_os(name).is_some_and(|value| !value.is_empty()));
    if !graphical {
        observer.tell(&|| t!("serve-no-display"));
        return;
    }
    if webbrowser::open(address).is_err() {
        observer.tell(&|| t!("serve-no-browser"));
    }
}
