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
