//! Short-lived access tokens (AUTH-2): HS256 only, `iss`/`aud`/`exp` always checked, and a
//! separate audience per kind of account so a staff token never opens a portal endpoint.
use std::path::Path;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use chrono::{DateTime, Utc};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

pub const ISSUER: &str = "portico";
pub const ACCESS_TTL_SECONDS: i64 = 15 * 60;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    Staff,
    Portal,
    /// An invitee part-way through registration: opens the registration endpoints only (REG-5).
    Registration,
}

impl Audience {
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Staff => "portico-staff",
            Self::Portal => "portico-portal",
            Self::Registration => "portico-registration",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Claims {
    pub iss: String,
    pub aud: String,
    /// The account id.
    pub sub: Uuid,
    /// The session (refresh-token family) this token belongs to.
    pub sid: Uuid,
    /// The practice the account belongs to.
    pub pid: Uuid,
    pub iat: i64,
    pub exp: i64,
}

#[derive(Clone)]
pub struct JwtKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
}

impl std::fmt::Debug for JwtKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("JwtKeys(..)")
    }
}

impl JwtKeys {
    pub fn from_secret(secret: &[u8]) -> Self {
        Self { encoding: EncodingKey::from_secret(secret), decoding: DecodingKey::from_secret(secret) }
    }

    /// The configured secret, or one generated once into `{data_dir}/jwt.key` (mode 0600) and
    /// reused on every start, so tokens survive restarts without a key in the code.
    pub fn load(configured: Option<&SecretString>, data_dir: &Path) -> anyhow::Result<Self> {
        if let Some(secret) = configured {
            let s = secret.expose_secret();
            anyhow::ensure!(s.len() >= 32, "PORTICO_JWT_SECRET must be at least 32 characters");
            return Ok(Self::from_secret(s.as_bytes()));
        }
        let path = data_dir.join("jwt.key");
        if let Ok(text) = std::fs::read_to_string(&path) {
            let key = STANDARD.decode(text.trim())?;
            anyhow::ensure!(key.len() >= 32, "{} is too short; delete it to regenerate", path.display());
            return Ok(Self::from_secret(&key));
        }
        std::fs::create_dir_all(data_dir)?;
        let key = super::crypto::random_bytes(64);
        write_private(&path, STANDARD.encode(&key).as_bytes())?;
        Ok(Self::from_secret(&key))
    }

    pub fn issue(
        &self,
        audience: Audience,
        sub: Uuid,
        sid: Uuid,
        pid: Uuid,
        now: DateTime<Utc>,
    ) -> anyhow::Result<String> {
        self.issue_for(audience, sub, sid, pid, now, ACCESS_TTL_SECONDS)
    }

    /// A token that lives `ttl_seconds` (registration tokens outlive access tokens).
    pub fn issue_for(
        &self,
        audience: Audience,
        sub: Uuid,
        sid: Uuid,
        pid: Uuid,
        now: DateTime<Utc>,
        ttl_seconds: i64,
    ) -> anyhow::Result<String> {
        let claims = Claims {
            iss: ISSUER.into(),
            aud: audience.as_str().into(),
            sub,
            sid,
            pid,
            iat: now.timestamp(),
            exp: now.timestamp() + ttl_seconds,
        };
        Ok(jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)?)
    }

    /// Checks signature, algorithm, issuer and audience; expiry is checked against the injected
    /// clock (so tests can move time) rather than the system clock.
    pub fn verify(&self, token: &str, audience: Audience, now: DateTime<Utc>) -> Option<Claims> {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[audience.as_str()]);
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        validation.validate_exp = false;
        let claims = jsonwebtoken::decode::<Claims>(token, &self.decoding, &validation).ok()?.claims;
        (claims.exp > now.timestamp()).then_some(claims)
    }
}

fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)?.write_all(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys() -> JwtKeys {
        JwtKeys::from_secret(b"0123456789abcdef0123456789abcdef")
    }

    #[test]
    fn round_trip_and_expiry() {
        let now = Utc::now();
        let (sub, sid, pid) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
        let t = keys().issue(Audience::Staff, sub, sid, pid, now).unwrap();
        let c = keys().verify(&t, Audience::Staff, now).unwrap();
        assert_eq!((c.sub, c.sid, c.pid), (sub, sid, pid));
        let later = now + chrono::Duration::seconds(ACCESS_TTL_SECONDS + 1);
        assert!(keys().verify(&t, Audience::Staff, later).is_none());
    }

    #[test]
    fn wrong_audience_or_key_is_refused() {
        let now = Utc::now();
        let t = keys().issue(Audience::Staff, Uuid::nil(), Uuid::nil(), Uuid::nil(), now).unwrap();
        assert!(keys().verify(&t, Audience::Portal, now).is_none());
        let other = JwtKeys::from_secret(b"another-secret-another-secret-xx");
        assert!(other.verify(&t, Audience::Staff, now).is_none());
    }

    #[test]
    fn alg_none_is_refused() {
        let now = Utc::now();
        let t = keys().issue(Audience::Staff, Uuid::nil(), Uuid::nil(), Uuid::nil(), now).unwrap();
        let payload = t.split('.').nth(1).unwrap();
        let header = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#);
        assert!(keys().verify(&format!("{header}.{payload}."), Audience::Staff, now).is_none());
    }
}
