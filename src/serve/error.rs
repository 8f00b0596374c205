//! What can stop the web app from starting or from showing a page.

/// See the module documentation.
#[derive(Debug, thiserror::Error)]
pub(crate) enum ServeError {
    /// No port of 127.0.0.1 could be listened on.
    #[error("{}", t!("serve-bind", error = crate::i18n::system(source)))]
    Bind { source: std::io::Error },
    /// The runtime that carries the connections could not start.
    #[error("{}", t!("serve-runtime", error = crate::i18n::system(source)))]
    Runtime { source: std::io::Error },
    /// The system gave no random bytes for the token.
    #[error("{}", t!("serve-random", reason = reason.as_str()))]
    Random { reason: String },
    /// A page could not be made (a fault of missive's own templates).
    #[error("{}", t!("serve-page", reason = reason.as_str()))]
    Page { reason: String },
}

#[cfg(test)]
mod tests {
    use super::ServeError;
    use crate::i18n::{Lang, audit::english_left, in_lang};

    #[test]
    fn every_error_is_said_in_french_with_no_english_left() {
        let errors = [
            ServeError::Bind {
                source: std::io::Error::from(std::io::ErrorKind::AddrInUse),
            },
            ServeError::Runtime {
                source: std::io::Error::from(std::io::ErrorKind::OutOfMemory),
            },
            ServeError::Random {
                reason: "`getrandom`".into(),
            },
            ServeError::Page {
                reason: "`campaign.html`".into(),
            },
        ];
        for error in errors {
            let french = in_lang(Lang::Fr, || error.to_string());
            assert_eq!(english_left(&french), Vec::<String>::new(), "{french}");
            assert_ne!(french, in_lang(Lang::En, || error.to_string()));
        }
    }
}
