//! A session's stream, watched for failed writes: when a session breaks during a message,
//! whether the end of the message was written at all decides between a plain retry (the
//! relay cannot have accepted it) and an uncertain outcome (it may have). lettre reports a
//! failed write and a failed read alike, so the stream under it tells.

use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll};

use lettre::transport::smtp::client::AsyncTokioStream;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

/// Set when a write or a flush on the stream failed.
#[derive(Debug, Clone, Default)]
pub(super) struct WriteFailed(Arc<AtomicBool>);

impl WriteFailed {
    /// Whether a write failed since the last [`WriteFailed::clear`].
    pub(super) fn is_set(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }

    pub(super) fn clear(&self) {
        self.0.store(false, Ordering::Relaxed);
    }

    fn note<T>(&self, poll: Poll<io::Result<T>>) -> Poll<io::Result<T>> {
        if let Poll::Ready(Err(_)) = &poll {
            self.0.store(true, Ordering::Relaxed);
        }
        poll
    }
}

/// A stream whose failed writes set a [`WriteFailed`] flag. Under STARTTLS, lettre wraps
/// it in TLS: a failed write of the encrypted bytes is a failed write all the same.
#[derive(Debug)]
pub(super) struct Watched {
    inner: Box<dyn AsyncTokioStream>,
    failed: WriteFailed,
}

impl Watched {
    pub(super) fn new(inner: Box<dyn AsyncTokioStream>, failed: WriteFailed) -> Self {
        Self { inner, failed }
    }
}

impl AsyncTokioStream for Watched {
    fn peer_addr(&self) -> io::Result<SocketAddr> {
        self.inner.peer_addr()
    }
}

impl AsyncRead for Watched {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl AsyncWrite for Watched {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let poll = Pin::new(&mut self.inner).poll_write(cx, buf);
        self.failed.note(poll)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let poll = Pin::new(&mut self.inner).poll_flush(cx);
        self.failed.note(poll)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}
