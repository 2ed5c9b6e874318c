//! TLS for tests: a certificate authority made for the test run, a certificate it issues for
//! the loopback address, and a TLS front that serves a plain stand-in over https with it — as a
//! real backend sits behind its own terminator.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair, KeyUsagePurpose};
use rustls::pki_types::{pem::PemObject, CertificateDer, PrivateKeyDer};
use tempfile::TempDir;
use tokio::net::{TcpListener, TcpStream};
use tokio_rustls::TlsAcceptor;

pub struct TestCa {
    /// The CA's certificate, PEM, in a file as an operator would give it.
    pub file: PathBuf,
    pub pem: String,
    acceptor: TlsAcceptor,
    _dir: TempDir,
}

impl TestCa {
    /// A new CA, and a server certificate it signs for `127.0.0.1` and `localhost`.
    pub fn new() -> TestCa {
        let ca_key = KeyPair::generate().expect("a CA key");
        let mut ca = CertificateParams::new(Vec::<String>::new()).expect("CA parameters");
        ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        ca.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        ca.distinguished_name
            .push(DnType::CommonName, "Portal test CA");
        let ca_certificate = ca.self_signed(&ca_key).expect("the CA's certificate");
        let issuer = Issuer::new(ca, ca_key);

        let server_key = KeyPair::generate().expect("a server key");
        let server = CertificateParams::new(vec!["127.0.0.1".to_owned(), "localhost".to_owned()])
            .expect("server parameters")
            .signed_by(&server_key, &issuer)
            .expect("the server's certificate");
        let chain = vec![CertificateDer::from(server.der().to_vec())];
        let key = PrivateKeyDer::from_pem_slice(server_key.serialize_pem().as_bytes())
            .expect("the server key as PEM");
        let config = rustls::ServerConfig::builder()
            .with_no_client_auth()
            .with_single_cert(chain, key)
            .expect("a TLS server configuration");

        let dir = tempfile::tempdir().expect("a directory for the CA file");
        let pem = ca_certificate.pem();
        let file = dir.path().join("test-ca.pem");
        std::fs::write(&file, &pem).expect("the CA file written");
        TestCa {
            file,
            pem,
            acceptor: TlsAcceptor::from(Arc::new(config)),
            _dir: dir,
        }
    }

    /// The CA as a client trusts it.
    pub fn certificate(&self) -> reqwest::Certificate {
        reqwest::Certificate::from_pem(self.pem.as_bytes()).expect("the CA certificate")
    }

    /// Serves `upstream` over https on `listener` with the CA's server certificate, each
    /// connection decrypted and passed on as it comes, until the runtime stops.
    pub fn front(&self, listener: TcpListener, upstream: SocketAddr) {
        let acceptor = self.acceptor.clone();
        tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let acceptor = acceptor.clone();
                tokio::spawn(async move {
                    let Ok(mut client) = acceptor.accept(client).await else {
                        return;
                    };
                    if let Ok(mut server) = TcpStream::connect(upstream).await {
                        let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
                    }
                });
            }
        });
    }
}

impl Default for TestCa {
    fn default() -> Self {
        Self::new()
    }
}
