//! What the relay's address (SMTP) and the mailbox's (IMAP) share: a URL with a scheme, a
//! host, perhaps a port, a user name and `?tls=…`, and never a password; whether the host is
//! this machine (plaintext is allowed there); and how an address is shown (a password
//! masked, an IPv6 host in brackets). Each protocol reads its own schemes and ports.

use std::fmt;
use std::net::IpAddr;

/// A server address taken apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ServerUrl {
    pub scheme: String,
    /// Without the brackets of an IPv6 address.
    pub host: String,
    pub port: Option<u16>,
    /// Percent-decoded.
    pub username: Option<String>,
    /// The value of `?tls=`.
    pub tls: Option<String>,
}

/// Why an address cannot be taken apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ServerUrlError {
    /// Not a URL with a host; what is wrong, in words.
    Malformed(String),
    /// A password written in it: refused, and never repeated.
    PasswordInUrl,
}

impl ServerUrl {
    pub(crate) fn parse(text: &str) -> Result<Self, ServerUrlError> {
        let url = url::Url::parse(text).map_err(|e| ServerUrlError::Malformed(e.to_string()))?;
        if url.password().is_some() {
            return Err(ServerUrlError::PasswordInUrl);
        }
        let host = url
            .host_str()
            .ok_or_else(|| ServerUrlError::Malformed("it has no host name".into()))?
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_string();
        let tls = url
            .query_pairs()
            .find(|(key, _)| key == "tls")
            .map(|(_, value)| value.into_owned());
        let username = Some(url.username()).filter(|u| !u.is_empty()).map(|u| {
            percent_encoding::percent_decode_str(u)
                .decode_utf8_lossy()
                .into_owned()
        });
        Ok(Self {
            scheme: url.scheme().to_owned(),
            host,
            port: url.port(),
            username,
            tls,
        })
    }
}

/// Whether `host` is this machine.
pub(crate) fn is_loopback(host: &str) -> bool {
    host.eq_ignore_ascii_case("localhost")
        || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// `host` as a URL writes it: an IPv6 address in brackets.
pub(crate) fn url_host(host: &str) -> String {
    if host.contains(':') {
        format!("[{host}]")
    } else {
        host.to_owned()
    }
}

/// Writes `scheme://host:port` and `query` (empty, or `?tls=…`).
pub(crate) fn write_url(
    f: &mut fmt::Formatter<'_>,
    scheme: &str,
    host: &str,
    port: u16,
    query: &str,
) -> fmt::Result {
    write!(f, "{scheme}://{}:{port}{query}", url_host(host))
}

/// An address as it may be shown: any password replaced.
pub(crate) fn redact(text: &str) -> String {
    match url::Url::parse(text) {
        Ok(mut url) if url.password().is_some() => {
            let _ = url.set_password(Some("***"));
            url.to_string()
        }
        _ => text.to_string(),
    }
}
