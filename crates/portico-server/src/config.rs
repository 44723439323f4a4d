//! Typed settings: defaults, then an optional TOML file (`PORTICO_CONFIG`, or `portico.toml` in the
//! working directory), then `PORTICO_*` environment variables (and `DATABASE_URL`).
use std::path::{Path, PathBuf};

use secrecy::SecretString;

use crate::platform::request::TrustedProxies;
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// Address to bind; port 0 picks a free port (tests).
    pub host: String,
    pub port: u16,
    /// SQLite database, files and outbox live here.
    pub data_dir: PathBuf,
    /// `sqlite://…` or `postgres://…`; empty means `sqlite://{data_dir}/portico.db`.
    pub database_url: String,
    /// Folder holding the built SPA (`index.html`); empty disables serving it.
    pub spa_dir: PathBuf,
    /// HS256 key for access tokens. Empty: generated once into `{data_dir}/jwt.key`.
    /// Every instance behind one load balancer must share it.
    pub jwt_secret: Option<SecretString>,
    /// `Secure` on the refresh cookie. Leave on; browsers accept it on http://localhost.
    pub cookie_secure: bool,
    /// Send `Strict-Transport-Security`. Unset: on whenever cookies are `Secure` and the public
    /// address is `https://` on a host other than localhost.
    pub hsts: Option<bool>,
    /// Image hosts practice logos may come from (`https://cdn.example.com`), besides this server;
    /// the Content-Security-Policy allows exactly these.
    pub logo_origins: Vec<String>,
    /// The reverse proxies in front of Portico (addresses or CIDR ranges). Only their
    /// `X-Forwarded-For` is believed, and only the hops they appended (see [`TrustedProxies`]).
    pub trusted_proxies: TrustedProxies,
    /// Log format: `pretty` or `json`.
    pub log_format: String,
    /// Largest JSON body accepted, in bytes; larger ones get 413.
    pub json_limit_bytes: usize,
    /// Sender of every email, e.g. `Riverside PT <no-reply@riverside.example>`.
    pub email_from: String,
    /// `smtp://host:port`, `smtps://user:pass@host` …; empty writes `.eml` files under the data folder.
    pub smtp_url: Option<String>,
    /// Base URL of a Twilio-compatible SMS API; empty writes JSON files under the data folder.
    pub sms_api_url: Option<String>,
    pub sms_account_sid: String,
    pub sms_auth_token: Option<SecretString>,
    /// The number texts come from (E.164).
    pub sms_from: String,
    /// Deliver the outbox from this process (turn off on instances that should only serve).
    pub outbox_worker: bool,
    /// The address people open links at (invitations, password resets), e.g.
    /// `https://portal.example.com`; empty means `http://{host}:{port}` as bound.
    pub public_url: String,
    /// Password hashes (sign-ins, registrations) allowed to wait for a core; beyond that the
    /// answer is 503 with `Retry-After`, so a flood cannot exhaust memory (each holds 19 MiB).
    pub password_hash_queue: usize,
    /// Development and demo only: staff administrators may read messages filed to the data
    /// folder through the delivery log (invitation links, codes, reset links). Off by default, and
    /// refused at start-up together with a real SMTP server or SMS provider.
    pub demo_mailbox: bool,
    /// Files (attachments, uploads) go to this S3 bucket when set; otherwise under
    /// `{data_dir}/files`, a folder nothing serves.
    pub s3: S3Settings,
}

/// An S3-compatible object store (`PORTICO_S3_*`). Without keys, the usual AWS credential chain
/// (instance role …) applies.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct S3Settings {
    pub bucket: Option<String>,
    /// `https://s3.eu-west-1.amazonaws.com`, or any S3-compatible server's address; `http://`
    /// is allowed for one on the same host or network.
    pub endpoint: Option<String>,
    pub region: String,
    pub access_key_id: Option<String>,
    pub secret_access_key: Option<SecretString>,
}

impl Default for S3Settings {
    fn default() -> Self {
        Self { bucket: None, endpoint: None, region: "us-east-1".into(), access_key_id: None, secret_access_key: None }
    }
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            host: "127.0.0.1".into(),
            port: 8080,
            data_dir: PathBuf::from("./data"),
            database_url: String::new(),
            spa_dir: PathBuf::from("./frontend/dist"),
            jwt_secret: None,
            cookie_secure: true,
            hsts: None,
            logo_origins: Vec::new(),
            trusted_proxies: TrustedProxies::default(),
            log_format: "pretty".into(),
            json_limit_bytes: 256 * 1024,
            email_from: "Portico <no-reply@portico.localhost>".into(),
            smtp_url: None,
            sms_api_url: None,
            sms_account_sid: String::new(),
            sms_auth_token: None,
            sms_from: "+15550100000".into(),
            outbox_worker: true,
            public_url: String::new(),
            password_hash_queue: 16,
            demo_mailbox: false,
            s3: S3Settings::default(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read config file {path}: {source}")]
    Read { path: PathBuf, source: std::io::Error },
    #[error("config file {path} is invalid: {source}")]
    Parse { path: PathBuf, source: toml::de::Error },
    #[error("environment variable {name} is invalid: {reason}")]
    Env { name: &'static str, reason: String },
}

impl Settings {
    /// Loads defaults, the config file and the environment, in that order.
    pub fn load() -> Result<Self, ConfigError> {
        let explicit = std::env::var_os("PORTICO_CONFIG").map(PathBuf::from);
        let path = explicit.clone().unwrap_or_else(|| PathBuf::from("portico.toml"));
        let mut settings = if explicit.is_some() || path.exists() { Self::from_file(&path)? } else { Self::default() };
        settings.apply_env(|name| std::env::var(name).ok())?;
        Ok(settings)
    }

    fn from_file(path: &Path) -> Result<Self, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read { path: path.into(), source })?;
        toml::from_str(&text).map_err(|source| ConfigError::Parse { path: path.into(), source })
    }

    /// Applies `PORTICO_*` overrides read through `get` (injected so tests need no process env).
    pub fn apply_env(&mut self, get: impl Fn(&str) -> Option<String>) -> Result<(), ConfigError> {
        fn parse<T: std::str::FromStr>(name: &'static str, v: &str) -> Result<T, ConfigError>
        where
            T::Err: std::fmt::Display,
        {
            v.parse().map_err(|e: T::Err| ConfigError::Env { name, reason: e.to_string() })
        }
        if let Some(v) = get("PORTICO_HOST") {
            self.host = v;
        }
        if let Some(v) = get("PORTICO_PORT") {
            self.port = parse("PORTICO_PORT", &v)?;
        }
        if let Some(v) = get("PORTICO_DATA_DIR") {
            self.data_dir = v.into();
        }
        if let Some(v) = get("DATABASE_URL").or_else(|| get("PORTICO_DATABASE_URL")) {
            self.database_url = v;
        }
        if let Some(v) = get("PORTICO_SPA_DIR") {
            self.spa_dir = v.into();
        }
        if let Some(v) = get("PORTICO_JWT_SECRET") {
            self.jwt_secret = Some(SecretString::from(v));
        }
        if let Some(v) = get("PORTICO_COOKIE_SECURE") {
            self.cookie_secure = parse("PORTICO_COOKIE_SECURE", &v)?;
        }
        if let Some(v) = get("PORTICO_HSTS") {
            self.hsts = Some(parse("PORTICO_HSTS", &v)?);
        }
        if let Some(v) = get("PORTICO_LOGO_ORIGINS") {
            self.logo_origins = v.split(',').map(str::trim).filter(|o| !o.is_empty()).map(str::to_owned).collect();
        }
        if get("PORTICO_BEHIND_PROXY").is_some() {
            // It believed whatever the client wrote in X-Forwarded-For; fail closed rather than guess.
            return Err(ConfigError::Env {
                name: "PORTICO_BEHIND_PROXY",
                reason: "it was replaced by PORTICO_TRUSTED_PROXIES: list your proxies' addresses or ranges \
                         (e.g. 10.0.0.0/8) and remove PORTICO_BEHIND_PROXY"
                    .into(),
            });
        }
        if let Some(v) = get("PORTICO_TRUSTED_PROXIES") {
            self.trusted_proxies = parse("PORTICO_TRUSTED_PROXIES", &v)?;
        }
        if let Some(v) = get("PORTICO_EMAIL_FROM") {
            self.email_from = v;
        }
        if let Some(v) = get("PORTICO_SMTP_URL") {
            self.smtp_url = Some(v);
        }
        if let Some(v) = get("PORTICO_SMS_API_URL") {
            self.sms_api_url = Some(v);
        }
        if let Some(v) = get("PORTICO_SMS_ACCOUNT_SID") {
            self.sms_account_sid = v;
        }
        if let Some(v) = get("PORTICO_SMS_AUTH_TOKEN") {
            self.sms_auth_token = Some(SecretString::from(v));
        }
        if let Some(v) = get("PORTICO_SMS_FROM") {
            self.sms_from = v;
        }
        if let Some(v) = get("PORTICO_OUTBOX_WORKER") {
            self.outbox_worker = parse("PORTICO_OUTBOX_WORKER", &v)?;
        }
        if let Some(v) = get("PORTICO_PASSWORD_HASH_QUEUE") {
            self.password_hash_queue = parse("PORTICO_PASSWORD_HASH_QUEUE", &v)?;
        }
        if let Some(v) = get("PORTICO_DEMO_MAILBOX") {
            self.demo_mailbox = parse("PORTICO_DEMO_MAILBOX", &v)?;
        }
        let set = |v: String| Some(v).filter(|v| !v.is_empty());
        if let Some(v) = get("PORTICO_S3_BUCKET") {
            self.s3.bucket = set(v);
        }
        if let Some(v) = get("PORTICO_S3_ENDPOINT") {
            self.s3.endpoint = set(v);
        }
        if let Some(v) = get("PORTICO_S3_REGION") {
            self.s3.region = v;
        }
        if let Some(v) = get("PORTICO_S3_ACCESS_KEY_ID") {
            self.s3.access_key_id = set(v);
        }
        if let Some(v) = get("PORTICO_S3_SECRET_ACCESS_KEY") {
            self.s3.secret_access_key = set(v).map(SecretString::from);
        }
        if let Some(v) = get("PORTICO_PUBLIC_URL") {
            self.public_url = v.trim_end_matches('/').to_owned();
        }
        if let Some(v) = get("PORTICO_LOG_FORMAT") {
            self.log_format = v;
        }
        Ok(())
    }

    /// Whether to send `Strict-Transport-Security` (see [`Settings::hsts`]).
    pub fn hsts(&self) -> bool {
        self.hsts.unwrap_or_else(|| {
            let public = url::Url::parse(&self.public_url).ok();
            let host = public.as_ref().and_then(|u| u.host_str().map(str::to_owned)).unwrap_or_default();
            let local = host == "localhost" || host.ends_with(".localhost") || host == "127.0.0.1" || host == "[::1]";
            self.cookie_secure && public.is_some_and(|u| u.scheme() == "https") && !local
        })
    }

    /// Checks what cannot be checked while reading: logo hosts are bare `https://` origins.
    pub fn check(&self) -> Result<(), ConfigError> {
        for o in &self.logo_origins {
            let ok = url::Url::parse(o).is_ok_and(|u| u.scheme() == "https" && u.origin().ascii_serialization() == *o);
            if !ok {
                return Err(ConfigError::Env {
                    name: "PORTICO_LOGO_ORIGINS",
                    reason: format!("`{o}` is not an https:// origin like https://cdn.example.com (no path)"),
                });
            }
        }
        Ok(())
    }

    pub fn database_url(&self) -> String {
        if self.database_url.is_empty() {
            format!("sqlite://{}/portico.db?mode=rwc", self.data_dir.display())
        } else {
            self.database_url.clone()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_overrides_defaults() {
        let mut s = Settings::default();
        s.apply_env(|k| match k {
            "PORTICO_PORT" => Some("9000".into()),
            "DATABASE_URL" => Some("postgres://x/y".into()),
            _ => None,
        })
        .unwrap();
        assert_eq!(s.port, 9000);
        assert_eq!(s.database_url(), "postgres://x/y");
    }

    #[test]
    fn bad_port_is_a_clear_error() {
        let mut s = Settings::default();
        let err = s.apply_env(|k| (k == "PORTICO_PORT").then(|| "eighty".into())).unwrap_err();
        assert!(err.to_string().contains("PORTICO_PORT"));
    }

    #[test]
    fn hsts_is_on_by_default_for_a_secure_public_https_address() {
        let at = |url: &str, secure: bool| {
            Settings { public_url: url.into(), cookie_secure: secure, ..Settings::default() }.hsts()
        };
        assert!(at("https://portal.example.com", true));
        assert!(!at("https://portal.example.com", false), "cookies not Secure: not behind TLS");
        assert!(!at("http://portal.example.com", true));
        assert!(!at("https://localhost:8443", true));
        assert!(!at("", true), "the address as bound: http://host:port");
        let forced = Settings { hsts: Some(false), ..Settings::default() };
        assert!(!Settings { public_url: "https://p.example.com".into(), ..forced }.hsts());
    }

    #[test]
    fn logo_origins_are_bare_https_origins() {
        let mut s = Settings::default();
        s.apply_env(|k| {
            (k == "PORTICO_LOGO_ORIGINS").then(|| "https://cdn.example.com, https://img.example.org".into())
        })
        .unwrap();
        assert_eq!(s.logo_origins, ["https://cdn.example.com", "https://img.example.org"]);
        assert!(s.check().is_ok());
        for bad in ["http://cdn.example.com", "https://cdn.example.com/logos", "cdn.example.com"] {
            let s = Settings { logo_origins: vec![bad.into()], ..Settings::default() };
            assert!(s.check().unwrap_err().to_string().contains("PORTICO_LOGO_ORIGINS"), "{bad}");
        }
    }

    #[test]
    fn default_database_is_sqlite_in_data_dir() {
        let s = Settings { data_dir: "/tmp/p".into(), ..Settings::default() };
        assert_eq!(s.database_url(), "sqlite:///tmp/p/portico.db?mode=rwc");
    }
}
