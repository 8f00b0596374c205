//! A client that speaks SMTP by hand, line by line, for the relay's self-tests.

use std::io::{BufRead, BufReader, ErrorKind, Write};
use std::net::TcpStream;
use std::time::Duration;

use crate::harness::FaultyRelay;

use super::PATIENCE;

/// A message as sent on the wire: CRLF line ends, its line starting with a dot stuffed.
pub const MESSAGE: &str = "From: ien@example.org\r\nTo: elodie.durand@example.org\r\n\
Subject: =?utf-8?q?Rentr=C3=A9e_num=C3=A9rique?=\r\nContent-Type: text/plain; charset=utf-8\r\n\
Content-Transfer-Encoding: 8bit\r\n\r\nMadame,\r\n..Cette ligne commence par un point.\r\n\
À bientôt\r\n";

/// An SMTP client spoken by hand: a line out, a reply in.
pub struct Client {
    stream: TcpStream,
    reader: BufReader<TcpStream>,
}

/// A reply: its code and the text of each of its lines.
#[derive(Debug)]
pub struct Reply {
    pub code: u16,
    pub lines: Vec<String>,
}

impl Client {
    /// Connects without waiting for the greeting.
    pub fn open(relay: &FaultyRelay) -> Self {
        let stream = TcpStream::connect(("127.0.0.1", relay.port())).expect("connect");
        let reader = BufReader::new(stream.try_clone().expect("clone"));
        let mut client = Self { stream, reader };
        client.patience(PATIENCE);
        client
    }

    /// Connects and takes the 220 greeting.
    pub fn connect(relay: &FaultyRelay) -> Self {
        let mut client = Self::open(relay);
        assert_eq!(client.reply().code, 220, "the greeting");
        client
    }

    /// Connects, says EHLO and returns the extensions offered (`SIZE 1000`).
    pub fn ehlo(relay: &FaultyRelay) -> (Self, Vec<String>) {
        let mut client = Self::connect(relay);
        let reply = client.command("EHLO client.example.org");
        assert_eq!(reply.code, 250, "{reply:?}");
        (client, reply.lines[1..].to_vec())
    }

    /// The next line without its CRLF; `Ok(None)` at the end of the stream.
    pub fn line(&mut self) -> std::io::Result<Option<String>> {
        let mut line = String::new();
        if self.reader.read_line(&mut line)? == 0 {
            return Ok(None);
        }
        Ok(Some(line.trim_end_matches("\r\n").to_owned()))
    }

    /// The next reply, all its lines; panics at a line that is not one.
    pub fn reply(&mut self) -> Reply {
        let mut lines = Vec::new();
        loop {
            let line = self.line().expect("a reply").expect("a reply, not the end");
            let code = line.get(..3).and_then(|code| code.parse().ok());
            let code = code.unwrap_or_else(|| panic!("not an SMTP reply: {line:?}"));
            lines.push(line.get(4..).unwrap_or_default().to_owned());
            if line.as_bytes().get(3) != Some(&b'-') {
                return Reply { code, lines };
            }
        }
    }

    pub fn write(&mut self, text: &str) -> std::io::Result<()> {
        self.stream.write_all(text.as_bytes())
    }

    /// Sends `line` and returns its reply.
    pub fn command(&mut self, line: &str) -> Reply {
        self.write(&format!("{line}\r\n")).expect("send a command");
        self.reply()
    }

    /// Sends `line` and checks its reply's code.
    #[track_caller]
    pub fn expect(&mut self, line: &str, code: u16) -> Reply {
        let reply = self.command(line);
        assert_eq!(reply.code, code, "{line}: {reply:?}");
        reply
    }

    /// DATA, [`MESSAGE`] and its dot: the line that came after the dot (`None` at the end
    /// of the stream).
    pub fn data(&mut self) -> std::io::Result<Option<String>> {
        self.expect("DATA", 354);
        self.write(&format!("{MESSAGE}.\r\n"))?;
        self.line()
    }

    /// MAIL, RCPT to `to`, then [`Self::data`].
    pub fn send(&mut self, to: &str) -> std::io::Result<Option<String>> {
        self.expect("MAIL FROM:<ien@example.org>", 250);
        self.expect(&format!("RCPT TO:<{to}>"), 250);
        self.data()
    }

    /// [`Self::data`], which the relay accepts.
    #[track_caller]
    pub fn data_accepted(&mut self) {
        let reply = self.data().expect("a reply");
        let accepted = reply.as_deref().is_some_and(|r| r.starts_with("250 "));
        assert!(accepted, "{reply:?}");
    }

    /// How long a read waits for the relay before it fails.
    pub fn patience(&mut self, patience: Duration) {
        self.stream
            .set_read_timeout(Some(patience))
            .expect("timeout");
    }
}

/// Whether a read timed out: nothing came, and the stream did not end.
pub fn timed_out(read: &std::io::Result<Option<String>>) -> bool {
    let kind = read.as_ref().map_err(std::io::Error::kind);
    matches!(kind, Err(ErrorKind::WouldBlock | ErrorKind::TimedOut))
}

/// Whether the stream ended (EOF, or reset by a peer that closed with data unread).
pub fn ended(read: &std::io::Result<Option<String>>) -> bool {
    match read {
        Ok(line) => line.is_none(),
        Err(err) => err.kind() == ErrorKind::ConnectionReset,
    }
}
