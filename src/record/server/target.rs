//! Where the shared store is: a `postgres://` URL, read with care.
//!
//! - The password never comes from the URL (it would sit in the shell's history, in `ps` and in
//!   the config file): `PGPASSWORD`, else the password file (`pgpass`).
//! - TLS verifies the server's certificate unless the URL's `sslmode` says otherwise:
//!   `verify-full` (the default; `verify-ca` is taken as it, rustls always checks the name),
//!   `require` (encrypted, the certificate not checked), or `disable` (for a server on this
//!   machine). `prefer` and `allow` fall back to plain text without saying so, and are refused.
//!   `sslrootcert` names the certificates to trust (PEM); else `~/.postgresql/root.crt` if it
//!   exists; else the public web's authorities (webpki-roots).

use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use postgres::Config;

use super::ServerError;

/// How the connection is protected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Tls {
    /// Plain text (`sslmode=disable`).
    Off,
    /// Encrypted, the certificate not checked (`sslmode=require`).
    Unverified,
    /// Encrypted, the certificate checked against these roots (none: the public authorities).
    Verified(Option<PathBuf>),
}

/// A server to connect to.
#[derive(Clone)]
pub struct Target {
    config: Config,
    tls: Tls,
    /// `user@host:port/database`, for messages: never the password.
    shown: String,
}

impl fmt::Debug for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Target({}, {:?})", self.shown, self.tls)
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.shown)
    }
}

/// Whether a store setting names a server rather than a file.
pub fn is_url(text: &str) -> bool {
    text.starts_with("postgres://") || text.starts_with("postgresql://")
}

impl Target {
    /// Reads a URL; `env` is the environment (a parameter so tests can give their own).
    pub fn parse(url: &str, env: &dyn Fn(&str) -> Option<String>) -> Result<Target, ServerError> {
        let bad = |why: &str| ServerError::BadUrl(why.to_string());
        if !is_url(url) {
            return Err(bad("it does not start with postgres://"));
        }
        let (base, query) = url.split_once('?').unwrap_or((url, ""));
        let mut tls_mode = None;
        let mut root = None;
        let mut kept = Vec::new();
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            match key {
                "sslmode" => tls_mode = Some(value.to_string()),
                "sslrootcert" => root = Some(PathBuf::from(decode(value))),
                "password" => return Err(ServerError::PasswordInUrl),
                _ => kept.push(pair),
            }
        }
        let rest = if kept.is_empty() {
            base.to_string()
        } else {
            format!("{base}?{}", kept.join("&"))
        };
        let mut config: Config = rest
            .parse()
            .map_err(|e: postgres::Error| bad(&e.to_string()))?;
        if config.get_password().is_some() {
            return Err(ServerError::PasswordInUrl);
        }
        let tls = match tls_mode.as_deref().unwrap_or("verify-full") {
            "verify-full" | "verify-ca" => Tls::Verified(root.or_else(default_root)),
            "require" => Tls::Unverified,
            "disable" => Tls::Off,
            other => return Err(ServerError::SslMode(other.to_string())),
        };
        let user = config
            .get_user()
            .map(str::to_string)
            .or_else(|| env("PGUSER"))
            .or_else(|| env("USER"))
            .ok_or_else(|| bad("it names no user, and neither PGUSER nor USER is set"))?;
        config.user(&user);
        let host = match config.get_hosts().first() {
            Some(postgres::config::Host::Tcp(h)) => h.clone(),
            Some(postgres::config::Host::Unix(p)) => p.display().to_string(),
            None => return Err(bad("it names no host")),
        };
        let port = config.get_ports().first().copied().unwrap_or(5432);
        let database = config.get_dbname().unwrap_or(&user).to_string();
        let password = match env("PGPASSWORD") {
            Some(p) => Some(p),
            None => match super::pgpass::path(env) {
                Some(file) => super::pgpass::find(&file, &host, port, &database, &user)
                    .map_err(|super::pgpass::Skipped::Open(p)| ServerError::OpenPassFile(p))?,
                None => None,
            },
        };
        if let Some(password) = password {
            config.password(password);
        }
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(Duration::from_secs(5));
        }
        // A network that drops shows within seconds, not the system's minutes.
        config
            .keepalives(true)
            .keepalives_idle(Duration::from_secs(10))
            .tcp_user_timeout(Duration::from_secs(15))
            .application_name("tread")
            // A statement held up by a lock (a migration, a long report) gives up rather than
            // holding a seat: the call waits and goes later.
            .options("-c statement_timeout=60000 -c lock_timeout=5000");
        config.ssl_mode(match tls {
            Tls::Off => postgres::config::SslMode::Disable,
            _ => postgres::config::SslMode::Require,
        });
        Ok(Target {
            config,
            tls,
            // Made safe to print once, here: every message and status line names the server
            // by it, and its parts come from a URL anyone could have written.
            shown: crate::scrub::one_line(&format!("{user}@{host}:{port}/{database}")),
        })
    }

    /// How long to wait for the server to connect and answer at all: its connect timeout,
    /// and as long again for the handshake and the first answer.
    pub fn patience(&self) -> Duration {
        self.config
            .get_connect_timeout()
            .copied()
            .unwrap_or(Duration::from_secs(5))
            .saturating_mul(2)
    }

    /// The connect timeout alone: how long a seat waits for the server before a walk.
    pub fn connect_timeout(&self) -> Duration {
        self.config
            .get_connect_timeout()
            .copied()
            .unwrap_or(Duration::from_secs(5))
    }

    /// How the connection is protected.
    pub fn tls(&self) -> &Tls {
        &self.tls
    }

    /// Connects, with TLS as the URL asked.
    pub fn connect(&self) -> Result<postgres::Client, ServerError> {
        let connected = match &self.tls {
            Tls::Off => self.config.connect(postgres::NoTls),
            tls => self.config.connect(connector(tls)?),
        };
        connected.map_err(|e| super::classify(self, e))
    }
}

/// `%2F` and the like in a URL's value.
fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(hex) = bytes.get(i + 1..i + 3)
            && let Ok(hex) = std::str::from_utf8(hex)
            && let Ok(b) = u8::from_str_radix(hex, 16)
        {
            out.push(b);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `~/.postgresql/root.crt`, as libpq looks for it, when it exists.
fn default_root() -> Option<PathBuf> {
    dirs::home_dir()
        .map(|h| h.join(".postgresql").join("root.crt"))
        .filter(|p| p.is_file())
}

fn connector(tls: &Tls) -> Result<tokio_postgres_rustls::MakeRustlsConnect, ServerError> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let builder = rustls::ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| ServerError::Tls(e.to_string()))?;
    let config = match tls {
        Tls::Verified(roots) => {
            let mut store = rustls::RootCertStore::empty();
            match roots {
                Some(path) => {
                    use rustls::pki_types::CertificateDer;
                    use rustls::pki_types::pem::PemObject;
                    let unreadable =
                        |why: String| ServerError::RootCert(path.clone(), why.to_string());
                    // A regular file of a sensible size: not a FIFO that never ends, nor
                    // /dev/zero.
                    let meta = std::fs::metadata(path).map_err(|e| unreadable(e.to_string()))?;
                    if !meta.is_file() {
                        return Err(unreadable("it is not a regular file".into()));
                    }
                    if meta.len() > 1 << 20 {
                        return Err(unreadable("it is larger than 1 MiB".into()));
                    }
                    let certs = CertificateDer::pem_file_iter(path)
                        .map_err(|e| unreadable(e.to_string()))?;
                    for cert in certs {
                        store
                            .add(cert.map_err(|e| unreadable(e.to_string()))?)
                            .map_err(|e| unreadable(e.to_string()))?;
                    }
                    if store.is_empty() {
                        return Err(unreadable("it holds no certificate".into()));
                    }
                }
                None => store.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned()),
            }
            builder.with_root_certificates(store).with_no_client_auth()
        }
        _ => builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(Unchecked(provider)))
            .with_no_client_auth(),
    };
    Ok(tokio_postgres_rustls::MakeRustlsConnect::new(config))
}

/// `sslmode=require`: any certificate, the signatures still checked (the link is encrypted,
/// but to whom is not known). The URL asked for it by name.
#[derive(Debug)]
struct Unchecked(Arc<rustls::crypto::CryptoProvider>);

impl rustls::client::danger::ServerCertVerifier for Unchecked {
    fn verify_server_cert(
        &self,
        _: &rustls::pki_types::CertificateDer<'_>,
        _: &[rustls::pki_types::CertificateDer<'_>],
        _: &rustls::pki_types::ServerName<'_>,
        _: &[u8],
        _: rustls::pki_types::UnixTime,
    ) -> Result<rustls::client::danger::ServerCertVerified, rustls::Error> {
        Ok(rustls::client::danger::ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &rustls::pki_types::CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &rustls::pki_types::CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(name: &str) -> Option<String> {
        match name {
            "USER" => Some("desk".into()),
            "PGPASSFILE" => Some("/nonexistent/pgpass".into()),
            _ => None,
        }
    }

    #[test]
    fn urls_are_read_with_safe_defaults() {
        let t = Target::parse("postgres://db.example:6543/calls", &env).unwrap();
        assert_eq!(t.to_string(), "desk@db.example:6543/calls");
        assert_eq!(t.tls(), &Tls::Verified(default_root()));
        let t = Target::parse(
            "postgresql://seat@localhost/calls?sslmode=disable&connect_timeout=2",
            &env,
        )
        .unwrap();
        assert_eq!(t.tls(), &Tls::Off);
        assert_eq!(t.to_string(), "seat@localhost:5432/calls");
        let t = Target::parse(
            "postgres://h/c?sslmode=verify-ca&sslrootcert=%2Fetc%2Fca.pem",
            &env,
        )
        .unwrap();
        assert_eq!(t.tls(), &Tls::Verified(Some("/etc/ca.pem".into())));
    }

    #[test]
    fn a_password_in_the_url_and_a_silent_fallback_are_refused() {
        for url in [
            "postgres://seat:secret@h/c",
            "postgres://seat@h/c?password=secret",
        ] {
            let e = Target::parse(url, &env).unwrap_err();
            assert!(matches!(e, ServerError::PasswordInUrl), "{url}: {e}");
            assert!(!e.to_string().contains("secret"));
        }
        for mode in ["prefer", "allow", "nonsense"] {
            let e = Target::parse(&format!("postgres://h/c?sslmode={mode}"), &env).unwrap_err();
            assert!(matches!(e, ServerError::SslMode(_)), "{mode}: {e}");
        }
        assert!(matches!(
            Target::parse("mysql://h/c", &env),
            Err(ServerError::BadUrl(_))
        ));
    }
}
