//! The TLS every connection missive opens trusts, the relays' (SMTP) and the mailbox's (IMAP)
//! alike: rustls with the *ring* provider, the system's verifier (`rustls-platform-verifier`,
//! which uses the operating system's certificate store) and, on top, the certificate
//! authorities of `--ca-file` (an académie's own CA, a test CA).

use std::path::Path;
use std::sync::Arc;

use rustls_pki_types::CertificateDer;
use rustls_pki_types::pem::PemObject;

/// A certificate authority file that cannot be used.
#[derive(Debug, thiserror::Error)]
#[error("{}", t!("delivery-ca-file", path = path.as_str(), reason = reason.as_ref().map_or_else(|| t!("delivery-ca-file-empty"), |said| t!("delivery-ca-file-said", reason = said.as_str()))))]
pub(crate) struct CaFileError {
    path: String,
    /// What the PEM reader said; `None`: it read no certificate.
    reason: Option<String>,
}

/// A client that verifies servers with the system's store plus `extra_roots`.
pub(crate) fn connector(
    extra_roots: Vec<CertificateDer<'static>>,
) -> Result<tokio_rustls::TlsConnector, rustls::Error> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let verifier = rustls_platform_verifier::Verifier::new_with_extra_roots(
        extra_roots,
        Arc::clone(&provider),
    )?;
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(verifier))
        .with_no_client_auth();
    Ok(tokio_rustls::TlsConnector::from(Arc::new(config)))
}

/// The certificates of a PEM file: at least one, or an error naming the file.
pub(crate) fn read_ca_file(path: &Path) -> Result<Vec<CertificateDer<'static>>, CaFileError> {
    let error = |reason: Option<String>| CaFileError {
        path: path.display().to_string(),
        reason,
    };
    let certificates: Vec<_> = CertificateDer::pem_file_iter(path)
        .map_err(|e| error(Some(e.to_string())))?
        .collect::<Result<_, _>>()
        .map_err(|e| error(Some(e.to_string())))?;
    if certificates.is_empty() {
        return Err(error(None));
    }
    Ok(certificates)
}
