//! Opening a session with the mailbox: the socket (with `TCP_NODELAY`, as for SMTP), TLS
//! from the first byte or after STARTTLS (the TLS of [`crate::tls`], `--ca-file` roots
//! included), what the server offers, and the login, each step under a timeout. The
//! password or token goes over TLS only, but for a password to this machine.

use std::collections::HashSet;

use async_imap::imap_proto::{Capability, Response};
use rustls_pki_types::{CertificateDer, ServerName};
use tokio::net::TcpStream;

use super::ImapTimeouts;
use super::error::{ASK_SERVER_HINT, ImapError, LINE_BREAK_HINT, NO_TOKEN_HINT, Why};
use super::url::{ImapSecurity, ImapUrl};
use super::wire::{Continuation, Stream, Wire, quoted};
use crate::deliver::login::{Login, LoginMethod};

/// What the server says it can do (`CAPABILITY`), upper-cased: `IMAP4REV1`, `AUTH=PLAIN`,
/// `STARTTLS`, `SPECIAL-USE`, …
#[derive(Debug, Default)]
pub(super) struct Capabilities(HashSet<String>);

impl Capabilities {
    pub(super) fn has(&self, name: &str) -> bool {
        self.0.contains(name)
    }
}

/// Connects, secures, logs in; says what the server offers once logged in.
pub(super) async fn open(
    url: &ImapUrl,
    login: &Login,
    extra_roots: &[CertificateDer<'static>],
    timeouts: ImapTimeouts,
) -> Result<(Wire, Capabilities), ImapError> {
    let server = url.to_string();
    let tls = crate::tls::connector(extra_roots.to_vec()).map_err(|e| ImapError::Tls {
        server: server.clone(),
        reason: e.to_string(),
    })?;
    let socket = connect(url, &server, timeouts).await?;
    let mut wire = match url.security {
        ImapSecurity::Tls => {
            let stream = handshake(&tls, url, &server, Box::new(socket), timeouts).await?;
            Wire::new(stream, server.clone())
        }
        ImapSecurity::StartTls | ImapSecurity::Plain => Wire::new(Box::new(socket), server.clone()),
    };
    wire.greeting(timeouts.command).await?;
    if url.security == ImapSecurity::StartTls {
        wire = start_tls(wire, &tls, url, timeouts).await?;
    }
    // A password may cross plaintext to this machine (a local server); a bearer token never
    // crosses plaintext at all.
    let loopback_password = login.method == LoginMethod::Password && url.is_loopback();
    if url.security == ImapSecurity::Plain && !loopback_password {
        return Err(ImapError::LoginWithoutTls {
            server,
            method: login.method,
        });
    }
    let offered = capabilities(&mut wire, timeouts).await?;
    log_in(&mut wire, &offered, login, timeouts).await?;
    // What a server offers may change once the user is known.
    let offered = capabilities(&mut wire, timeouts).await?;
    Ok((wire, offered))
}

async fn connect(
    url: &ImapUrl,
    server: &str,
    timeouts: ImapTimeouts,
) -> Result<TcpStream, ImapError> {
    let connect_error = |e: std::io::Error| ImapError::Connect {
        server: server.to_owned(),
        reason: Why::Io(e.kind(), e.to_string()),
    };
    let address = (url.host.as_str(), url.port);
    let socket = tokio::time::timeout(timeouts.connect, TcpStream::connect(address))
        .await
        .map_err(|_| ImapError::timeout(server, "connecting", timeouts.connect))?
        .map_err(connect_error)?;
    // Each command waits for the answer to the last: Nagle's algorithm would hold back
    // small writes (an APPEND's literal after its go-ahead) for a delayed acknowledgement.
    socket.set_nodelay(true).map_err(connect_error)?;
    Ok(socket)
}

async fn handshake(
    tls: &tokio_rustls::TlsConnector,
    url: &ImapUrl,
    server: &str,
    stream: Stream,
    timeouts: ImapTimeouts,
) -> Result<Stream, ImapError> {
    let tls_error = |reason: String| ImapError::Tls {
        server: server.to_owned(),
        reason,
    };
    let name = ServerName::try_from(url.host.clone()).map_err(|e| tls_error(e.to_string()))?;
    let stream = tokio::time::timeout(timeouts.connect, tls.connect(name, stream))
        .await
        .map_err(|_| ImapError::timeout(server, "starting TLS", timeouts.connect))?
        .map_err(|e| tls_error(e.to_string()))?;
    Ok(Box::new(stream))
}

/// STARTTLS (RFC 3501 §6.2.1), then a new conversation over TLS.
async fn start_tls(
    mut wire: Wire,
    tls: &tokio_rustls::TlsConnector,
    url: &ImapUrl,
    timeouts: ImapTimeouts,
) -> Result<Wire, ImapError> {
    let server = wire.server().to_owned();
    let offered = capabilities(&mut wire, timeouts).await?;
    if !offered.has("STARTTLS") {
        return Err(ImapError::NoStartTls { server });
    }
    let step = "starting TLS (STARTTLS)";
    let done = wire
        .run(
            "STARTTLS",
            Continuation::Nothing,
            step,
            timeouts.command,
            |_| {},
        )
        .await?;
    if !done.ok {
        return Err(ImapError::Tls {
            reason: format!("it refused STARTTLS: {}", done.text),
            server,
        });
    }
    let stream = handshake(tls, url, &server, wire.into_stream(), timeouts).await?;
    Ok(Wire::new(stream, server))
}

async fn capabilities(wire: &mut Wire, timeouts: ImapTimeouts) -> Result<Capabilities, ImapError> {
    let mut offered = Capabilities::default();
    let step = "asking what it offers (CAPABILITY)";
    let done = wire
        .run(
            "CAPABILITY",
            Continuation::Nothing,
            step,
            timeouts.command,
            |response| {
                if let Response::Capabilities(list) = response {
                    offered
                        .0
                        .extend(list.iter().map(|capability| match capability {
                            Capability::Imap4rev1 => "IMAP4REV1".to_owned(),
                            Capability::Auth(mechanism) => {
                                format!("AUTH={}", mechanism.to_uppercase())
                            }
                            Capability::Atom(atom) => atom.to_uppercase(),
                        }));
                }
            },
        )
        .await?;
    if !done.ok {
        return Err(ImapError::Refused {
            server: wire.server().to_owned(),
            command: "CAPABILITY",
            reply: Why::Said(done.text),
        });
    }
    Ok(offered)
}

/// Logs in as [`login_command`] says.
async fn log_in(
    wire: &mut Wire,
    offered: &Capabilities,
    login: &Login,
    timeouts: ImapTimeouts,
) -> Result<(), ImapError> {
    let (command, response) = login_command(offered, login).map_err(|(mechanisms, hint)| {
        ImapError::LoginUnsupported {
            server: wire.server().to_owned(),
            mechanisms,
            hint,
        }
    })?;
    let continuation = if response.is_empty() {
        Continuation::Nothing
    } else {
        Continuation::Sasl(&response)
    };
    let done = wire
        .run(
            &command,
            continuation,
            "logging in",
            timeouts.command,
            |_| {},
        )
        .await?;
    if done.ok {
        Ok(())
    } else {
        Err(ImapError::LoginRefused {
            server: wire.server().to_owned(),
            user: login.user.clone(),
            reply: done.text,
            method: login.method,
        })
    }
}

/// The login command and its SASL response (empty for LOGIN): a password with
/// AUTHENTICATE PLAIN (any characters), or LOGIN when PLAIN is not offered; a token with
/// AUTHENTICATE XOAUTH2 only. Else the mechanisms missive would use, and what to do.
fn login_command(
    offered: &Capabilities,
    login: &Login,
) -> Result<(String, Vec<u8>), (&'static str, &'static str)> {
    let (user, secret) = (login.user.as_str(), login.secret.expose());
    match login.method {
        LoginMethod::Password if offered.has("AUTH=PLAIN") => Ok((
            "AUTHENTICATE PLAIN".to_owned(),
            format!("\0{user}\0{secret}").into_bytes(),
        )),
        LoginMethod::Password if !offered.has("LOGINDISABLED") => {
            match quoted(user).zip(quoted(secret)) {
                Some((user, secret)) => Ok((format!("LOGIN {user} {secret}"), Vec::new())),
                None => Err(("PLAIN", LINE_BREAK_HINT)),
            }
        }
        LoginMethod::Password => Err(("PLAIN, LOGIN", ASK_SERVER_HINT)),
        LoginMethod::OAuth2 if offered.has("AUTH=XOAUTH2") => Ok((
            "AUTHENTICATE XOAUTH2".to_owned(),
            format!("user={user}\x01auth=Bearer {secret}\x01\x01").into_bytes(),
        )),
        LoginMethod::OAuth2 => Err(("XOAUTH2", NO_TOKEN_HINT)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::Secret;

    fn offering(names: &[&str]) -> Capabilities {
        Capabilities(names.iter().map(|name| (*name).to_owned()).collect())
    }

    fn login(method: LoginMethod, secret: &str) -> Login {
        Login {
            user: "ien.lille-1@ac-lille.fr".to_owned(),
            secret: Secret::new(secret.to_owned()),
            method,
        }
    }

    #[test]
    fn a_password_goes_by_authenticate_plain_else_by_a_quoted_login() {
        let password = login(LoginMethod::Password, r#"mot "de" passe\é"#);
        let (command, response) =
            login_command(&offering(&["AUTH=PLAIN", "AUTH=LOGIN"]), &password).expect("PLAIN");
        assert_eq!(command, "AUTHENTICATE PLAIN");
        assert_eq!(
            response,
            "\0ien.lille-1@ac-lille.fr\0mot \"de\" passe\\é".as_bytes()
        );
        let (command, response) =
            login_command(&offering(&["AUTH=LOGIN"]), &password).expect("LOGIN");
        assert_eq!(
            command,
            r#"LOGIN "ien.lille-1@ac-lille.fr" "mot \"de\" passe\\é""#
        );
        assert!(response.is_empty());
        let refused = login_command(&offering(&["LOGINDISABLED"]), &password);
        assert_eq!(
            refused.map_err(|(mechanisms, _)| mechanisms),
            Err("PLAIN, LOGIN")
        );
    }

    #[test]
    fn a_token_goes_by_xoauth2_only() {
        let token = login(LoginMethod::OAuth2, "ya29.jeton");
        let (command, response) =
            login_command(&offering(&["AUTH=PLAIN", "AUTH=XOAUTH2"]), &token).expect("XOAUTH2");
        assert_eq!(command, "AUTHENTICATE XOAUTH2");
        assert_eq!(
            response,
            b"user=ien.lille-1@ac-lille.fr\x01auth=Bearer ya29.jeton\x01\x01"
        );
        let refused = login_command(&offering(&["AUTH=PLAIN"]), &token);
        assert_eq!(
            refused.map_err(|(mechanisms, _)| mechanisms),
            Err("XOAUTH2")
        );
    }
}
