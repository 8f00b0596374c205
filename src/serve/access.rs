//! Who may drive the web app: the one-time token of the printed address is exchanged for a
//! session cookie; a form is taken only from the app's own origin and with its session's form
//! token, since a `SameSite` cookie alone lets another port of 127.0.0.1 (the same site) post.

use std::collections::HashMap;
use std::sync::Mutex;

use axum::http::HeaderMap;
use axum::http::header::{COOKIE, ORIGIN};

use super::ServeError;

/// Random bytes in a token, a session id or a form token: 32 hexadecimal characters.
const RANDOM_BYTES: usize = 16;

/// The digits of a token.
const DIGITS: &[u8; 16] = b"0123456789abcdef";

/// A new random value from the system's cryptographic source, in hexadecimal.
pub(crate) fn random_token() -> Result<String, ServeError> {
    let mut bytes = [0u8; RANDOM_BYTES];
    getrandom::fill(&mut bytes).map_err(|error| ServeError::Random {
        reason: error.to_string(),
    })?;
    Ok(bytes
        .iter()
        .flat_map(|byte| [byte >> 4, byte & 0x0f])
        .map(|nibble| char::from(DIGITS[usize::from(nibble)]))
        .collect())
}

/// One browser let in: its form token.
#[derive(Debug, Clone)]
pub(crate) struct Session {
    pub csrf: String,
}

/// The token of the printed address and the sessions it opened.
#[derive(Debug)]
pub(crate) struct Access {
    token: String,
    port: u16,
    sessions: Mutex<HashMap<String, Session>>,
}

impl Access {
    pub(crate) fn new(token: String, port: u16) -> Self {
        Self {
            token,
            port,
            sessions: Mutex::new(HashMap::new()),
        }
    }

    /// The name of the session cookie: one per port, so that two apps of the same computer
    /// do not overwrite each other's (a cookie does not tell ports apart).
    pub(crate) fn cookie_name(&self) -> String {
        format!("missive_{}", self.port)
    }

    /// The app's own origin, as a browser sends it with a form.
    pub(crate) fn origin(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Whether `given` is the printed address's token.
    pub(crate) fn is_token(&self, given: &str) -> bool {
        same(given, &self.token)
    }

    /// Opens a session; its `Set-Cookie` value.
    pub(crate) fn open_session(&self) -> Result<String, ServeError> {
        let id = random_token()?;
        let session = Session {
            csrf: random_token()?,
        };
        self.sessions
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(id.clone(), session);
        Ok(format!(
            "{}={id}; HttpOnly; SameSite=Strict; Path=/",
            self.cookie_name()
        ))
    }

    /// The session whose cookie the request carries, if any.
    pub(crate) fn session(&self, headers: &HeaderMap) -> Option<Session> {
        let name = self.cookie_name();
        let sessions = self
            .sessions
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        headers
            .get_all(COOKIE)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(';'))
            .filter_map(|pair| pair.trim().split_once('='))
            .filter(|(key, _)| *key == name)
            .find_map(|(_, id)| sessions.get(id).cloned())
    }

    /// Whether a form may change something: the request comes from the app's own origin,
    /// and `csrf` is its session's form token.
    pub(crate) fn may_post(&self, headers: &HeaderMap, session: &Session, csrf: &str) -> bool {
        let origin = headers.get(ORIGIN).and_then(|value| value.to_str().ok());
        origin == Some(self.origin().as_str()) && same(csrf, &session.csrf)
    }
}

/// `a == b` in a time that does not tell how much of them matched.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |differ, (x, y)| differ | (x ^ y))
            == 0
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    fn headers(pairs: &[(axum::http::HeaderName, &str)]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for (name, value) in pairs {
            headers.append(name, HeaderValue::from_str(value).expect("a header value"));
        }
        headers
    }

    #[test]
    fn tokens_are_random_and_long_enough() {
        let first = random_token().expect("random");
        let second = random_token().expect("random");
        assert!(first.len() >= 16, "{first}");
        assert_ne!(first, second);
    }

    #[test]
    fn the_cookie_opens_its_session_only() {
        let access = Access::new("t0k3n".into(), 4321);
        assert!(access.is_token("t0k3n"));
        assert!(!access.is_token("t0k3m"));
        let cookie = access.open_session().expect("a session");
        assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"));
        let pair = cookie.split(';').next().expect("name=value");
        let session = access.session(&headers(&[(COOKIE, &format!("theme=dark; {pair}"))]));
        assert!(session.is_some());
        let forged = headers(&[(COOKIE, "missive_4321=0123")]);
        assert!(access.session(&forged).is_none());
        let other_port = headers(&[(COOKIE, &pair.replace("4321", "4322"))]);
        assert!(access.session(&other_port).is_none());
    }

    #[test]
    fn a_form_needs_the_own_origin_and_the_form_token() {
        let access = Access::new("t".into(), 4321);
        let session = Session { csrf: "abc".into() };
        let own = headers(&[(ORIGIN, "http://127.0.0.1:4321")]);
        assert!(access.may_post(&own, &session, "abc"));
        assert!(!access.may_post(&own, &session, "abd"));
        assert!(!access.may_post(&own, &session, ""));
        let other_port = headers(&[(ORIGIN, "http://127.0.0.1:4322")]);
        assert!(!access.may_post(&other_port, &session, "abc"));
        assert!(!access.may_post(&HeaderMap::new(), &session, "abc"));
    }
}
