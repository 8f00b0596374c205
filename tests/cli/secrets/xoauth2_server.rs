//! A small SMTP server that offers `AUTH XOAUTH2`, which mailin-embedded (the server of
//! `tests/cli/harness`) does not: it speaks just enough SMTP for lettre (EHLO, STARTTLS, AUTH,
//! MAIL, RCPT, DATA, RSET, QUIT), one thread per session, and records every AUTH line it
//! gets, decoded, with whether TLS protected it.

use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread;

use base64::Engine as _;
use rustls::{ServerConfig, ServerConnection, StreamOwned};
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, PrivateKeyDer};

use crate::harness::TestCa;

/// One AUTH command as the server received it.
#[derive(Debug, Clone)]
pub struct AuthSeen {
    pub mechanism: String,
    /// The initial response, base64-decoded.
    pub decoded: String,
    pub tls: bool,
}

#[derive(Debug, Default)]
pub struct Log {
    pub sessions: usize,
    pub auth: Vec<AuthSeen>,
    /// Recipients of each message accepted.
    pub messages: Vec<Vec<String>>,
}

pub struct OAuthServer {
    addr: SocketAddr,
    log: Arc<Mutex<Log>>,
}

struct Setup {
    tls: Option<Arc<ServerConfig>>,
    /// The XOAUTH2 response that logs in (`user=…\x01auth=Bearer …\x01\x01`).
    accepted: String,
}

impl OAuthServer {
    /// Serves on 127.0.0.1 until the test process ends. With `ca`, STARTTLS is offered and
    /// AUTH only after it; without, AUTH XOAUTH2 is offered in plaintext.
    pub fn start(ca: Option<&TestCa>, user: &str, token: &str) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
        let addr = listener.local_addr().expect("local address");
        let setup = Arc::new(Setup {
            tls: ca.map(server_config),
            accepted: format!("user={user}\x01auth=Bearer {token}\x01\x01"),
        });
        let log = Arc::new(Mutex::new(Log::default()));
        let shared = Arc::clone(&log);
        thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (setup, log) = (Arc::clone(&setup), Arc::clone(&shared));
                thread::spawn(move || {
                    let _ = converse(stream, &setup, &log);
                });
            }
        });
        Self { addr, log }
    }

    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    pub fn log(&self) -> std::sync::MutexGuard<'_, Log> {
        self.log.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

fn server_config(ca: &TestCa) -> Arc<ServerConfig> {
    let chain: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(ca.cert_file())
        .expect("certificate file")
        .collect::<Result<_, _>>()
        .expect("certificates");
    let key = PrivateKeyDer::from_pem_file(ca.key_file()).expect("key file");
    let config =
        ServerConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
            .with_safe_default_protocol_versions()
            .expect("TLS versions")
            .with_no_client_auth()
            .with_single_cert(chain, key)
            .expect("server certificate");
    Arc::new(config)
}

/// The session's stream: plaintext, then TLS after STARTTLS.
enum Conn {
    Plain(TcpStream),
    Tls(Box<StreamOwned<ServerConnection, TcpStream>>),
    Gone,
}

impl Read for Conn {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Conn::Plain(s) => s.read(buf),
            Conn::Tls(s) => s.read(buf),
            Conn::Gone => Ok(0),
        }
    }
}

impl Write for Conn {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Conn::Plain(s) => s.write(buf),
            Conn::Tls(s) => s.write(buf),
            Conn::Gone => Err(io::ErrorKind::BrokenPipe.into()),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Conn::Plain(s) => s.flush(),
            Conn::Tls(s) => s.flush(),
            Conn::Gone => Ok(()),
        }
    }
}

/// One line, CRLF removed; `None` at the end of the stream. Byte by byte, so nothing is
/// read past the STARTTLS command before the handshake.
fn read_line(conn: &mut Conn) -> io::Result<Option<String>> {
    let mut line = Vec::new();
    let mut byte = [0u8];
    loop {
        if conn.read(&mut byte)? == 0 {
            return Ok((!line.is_empty()).then(|| String::from_utf8_lossy(&line).into_owned()));
        }
        if byte[0] == b'\n' {
            if line.last() == Some(&b'\r') {
                line.pop();
            }
            return Ok(Some(String::from_utf8_lossy(&line).into_owned()));
        }
        line.push(byte[0]);
    }
}

fn converse(stream: TcpStream, setup: &Setup, log: &Mutex<Log>) -> io::Result<()> {
    let record = || log.lock().unwrap_or_else(PoisonError::into_inner);
    record().sessions += 1;
    let mut conn = Conn::Plain(stream);
    let mut tls = false;
    let mut rcpt: Vec<String> = Vec::new();
    conn.write_all(b"220 localhost ESMTP xoauth2 test server\r\n")?;
    while let Some(line) = read_line(&mut conn)? {
        let upper = line.to_ascii_uppercase();
        let reply: String = if upper.starts_with("EHLO") || upper.starts_with("HELO") {
            let mut reply = String::from("250-localhost\r\n");
            if setup.tls.is_some() && !tls {
                reply.push_str("250-STARTTLS\r\n");
            }
            if tls || setup.tls.is_none() {
                reply.push_str("250-AUTH XOAUTH2\r\n");
            }
            reply + "250 8BITMIME\r\n"
        } else if upper == "STARTTLS" {
            let Some(config) = &setup.tls else {
                conn.write_all(b"502 5.5.1 no TLS here\r\n")?;
                continue;
            };
            conn.write_all(b"220 2.0.0 ready to start TLS\r\n")?;
            let Conn::Plain(tcp) = std::mem::replace(&mut conn, Conn::Gone) else {
                return Ok(());
            };
            let server = ServerConnection::new(Arc::clone(config)).map_err(io::Error::other)?;
            conn = Conn::Tls(Box::new(StreamOwned::new(server, tcp)));
            tls = true;
            continue;
        } else if let Some(rest) = upper.strip_prefix("AUTH ") {
            let mechanism = rest.split(' ').next().unwrap_or_default().to_string();
            let initial = line.split(' ').nth(2).unwrap_or_default();
            let decoded = base64::engine::general_purpose::STANDARD
                .decode(initial)
                .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
                .unwrap_or_default();
            let ok = mechanism == "XOAUTH2" && decoded == setup.accepted;
            record().auth.push(AuthSeen {
                mechanism,
                decoded,
                tls,
            });
            if ok {
                "235 2.7.0 accepted\r\n".into()
            } else {
                "535 5.7.8 username and token not accepted\r\n".into()
            }
        } else if upper.starts_with("MAIL") || upper == "RSET" || upper == "NOOP" {
            rcpt.clear();
            "250 2.1.0 ok\r\n".into()
        } else if upper.starts_with("RCPT") {
            let address = line.split(['<', '>']).nth(1).unwrap_or_default();
            rcpt.push(address.to_string());
            "250 2.1.5 ok\r\n".into()
        } else if upper == "DATA" {
            conn.write_all(b"354 end with <CRLF>.<CRLF>\r\n")?;
            while let Some(data) = read_line(&mut conn)? {
                if data == "." {
                    break;
                }
            }
            record().messages.push(std::mem::take(&mut rcpt));
            "250 2.0.0 queued\r\n".into()
        } else if upper == "QUIT" {
            conn.write_all(b"221 2.0.0 bye\r\n")?;
            return Ok(());
        } else {
            "502 5.5.2 not implemented\r\n".into()
        };
        conn.write_all(reply.as_bytes())?;
    }
    Ok(())
}
