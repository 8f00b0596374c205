//! CRLF turned into LF while streaming. The `csv` crate counts a CRLF-ended record's next
//! line one short (it records the position before consuming the LF), and the line numbers
//! we print must be those an editor shows.

use std::io::Read;

/// A reader that passes everything through but the CR of each CRLF.
pub(super) struct CrlfToLf<R> {
    inner: R,
    pending_cr: bool,
}

impl<R: Read> CrlfToLf<R> {
    pub(super) fn new(inner: R) -> Self {
        Self {
            inner,
            pending_cr: false,
        }
    }
}

impl<R: Read> Read for CrlfToLf<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        loop {
            let start = usize::from(self.pending_cr);
            if self.pending_cr {
                buf[0] = b'\r';
            }
            let read = self.inner.read(&mut buf[start..])?;
            if read == 0 {
                self.pending_cr = false;
                return Ok(start);
            }
            let filled = start + read;
            let mut out = 0;
            let mut index = 0;
            while index < filled {
                let byte = buf[index];
                if byte == b'\r' && index + 1 < filled && buf[index + 1] == b'\n' {
                    index += 1;
                    continue;
                }
                buf[out] = byte;
                out += 1;
                index += 1;
            }
            // A CR at the very end may be the first half of a CRLF: hold it back.
            self.pending_cr = out > 0 && buf[out - 1] == b'\r';
            if self.pending_cr {
                out -= 1;
            }
            if out > 0 {
                return Ok(out);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crlf_becomes_lf_even_across_reads() {
        struct Trickle<'a>(&'a [u8]);
        impl Read for Trickle<'_> {
            fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
                let Some((first, rest)) = self.0.split_first() else {
                    return Ok(0);
                };
                buf[0] = *first;
                self.0 = rest;
                Ok(1)
            }
        }
        let mut out = String::new();
        CrlfToLf::new(Trickle(b"a\r\nb\rc\r\r\n"))
            .read_to_string(&mut out)
            .expect("read");
        assert_eq!(out, "a\nb\rc\r\n");
    }
}
