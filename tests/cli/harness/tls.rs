//! A throwaway certificate authority for STARTTLS tests, generated at test time.
//!
//! rustls refuses a self-signed certificate that is both the trust anchor and
//! the server's end-entity certificate, so this makes two: a CA, and a leaf for
//! `localhost` and `127.0.0.1` signed by it. The server presents the leaf (with
//! the CA behind it, as a chain); the client trusts the CA.

use std::fs;
use std::path::{Path, PathBuf};

use rcgen::{
    BasicConstraints, CertificateParams, CertifiedIssuer, DnType, ExtendedKeyUsagePurpose, IsCa,
    Issuer, KeyPair, KeyUsagePurpose,
};

/// A CA and a server certificate signed by it, written as PEM files.
pub struct TestCa {
    ca_pem: String,
    ca_file: PathBuf,
    cert_file: PathBuf,
    key_file: PathBuf,
}

impl TestCa {
    /// Generates a fresh CA and leaf, and writes into `dir`:
    /// `ca.pem` (the CA certificate, for clients to trust), `cert.pem` (the
    /// leaf, then the CA: the chain a server presents) and `key.pem` (the
    /// leaf's PKCS#8 private key).
    pub fn new(dir: &Path) -> TestCa {
        let ca_key = KeyPair::generate().expect("generate the test CA key");
        let mut ca_params =
            CertificateParams::new(Vec::<String>::new()).expect("CA parameters without names");
        ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        ca_params
            .distinguished_name
            .push(DnType::CommonName, "missive test CA");
        ca_params.key_usages = vec![
            KeyUsagePurpose::KeyCertSign,
            KeyUsagePurpose::CrlSign,
            KeyUsagePurpose::DigitalSignature,
        ];
        let ca = CertifiedIssuer::self_signed(ca_params, ca_key).expect("self-sign the test CA");

        let leaf_key = KeyPair::generate().expect("generate the test server key");
        let mut leaf_params =
            CertificateParams::new(vec!["localhost".to_owned(), "127.0.0.1".to_owned()])
                .expect("server certificate parameters for localhost and 127.0.0.1");
        leaf_params
            .distinguished_name
            .push(DnType::CommonName, "localhost");
        leaf_params.is_ca = IsCa::ExplicitNoCa;
        leaf_params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
        leaf_params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
        leaf_params.use_authority_key_identifier_extension = true;
        let issuer: &Issuer<'_, KeyPair> = &ca;
        let leaf = leaf_params
            .signed_by(&leaf_key, issuer)
            .expect("sign the test server certificate with the test CA");

        let ca_pem = ca.pem();
        let ca_file = dir.join("ca.pem");
        let cert_file = dir.join("cert.pem");
        let key_file = dir.join("key.pem");
        write(&ca_file, &ca_pem);
        write(&cert_file, &format!("{}{ca_pem}", leaf.pem()));
        write(&key_file, &leaf_key.serialize_pem());
        TestCa {
            ca_pem,
            ca_file,
            cert_file,
            key_file,
        }
    }

    /// The CA certificate in PEM, for `lettre::transport::smtp::client::Certificate::from_pem`.
    pub fn ca_pem(&self) -> &str {
        &self.ca_pem
    }

    /// `ca.pem`: what a client passes as `--ca-file`.
    pub fn ca_file(&self) -> &Path {
        &self.ca_file
    }

    /// `cert.pem`: the leaf certificate followed by the CA.
    pub fn cert_file(&self) -> &Path {
        &self.cert_file
    }

    /// `key.pem`: the leaf's private key (PKCS#8).
    pub fn key_file(&self) -> &Path {
        &self.key_file
    }
}

fn write(path: &Path, contents: &str) {
    fs::write(path, contents).unwrap_or_else(|err| panic!("write `{}`: {err}", path.display()));
}
