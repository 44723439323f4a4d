//! Argon2id hashing (OWASP: m = 19 MiB, t = 2, p = 1) run off the async threads, and the password
//! policy of REG-4 / NIST SP 800-63B: length 12–128, no composition rules, not a common or
//! breached password, not built on the email's local part.
use std::collections::HashSet;
use std::sync::LazyLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use std::sync::Mutex;

use argon2::password_hash::{Output, ParamsString, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use tokio::sync::Semaphore;

use crate::error::ApiError;

/// The length rule the SPA checks too, from `portico-types`.
pub use portico_types::auth::{PASSWORD_MAX_LEN as MAX_LEN, PASSWORD_MIN_LEN as MIN_LEN};

static COMMON: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| include_str!("../../data/common-passwords.txt").lines().filter(|l| !l.is_empty()).collect());

/// m = 19 MiB in 1 KiB blocks.
const M_COST: u32 = 19 * 1024;

fn params() -> Params {
    // Params::new only fails for out-of-range values; these are the documented OWASP ones.
    Params::new(M_COST, 2, 1, None).unwrap_or_default()
}

fn argon2() -> Argon2<'static> {
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params())
}

/// Why a password is refused, in words for the person choosing it; `None` when it is fine.
pub fn policy_violation(password: &str, email: &str) -> Option<String> {
    let len = password.chars().count();
    if len < MIN_LEN {
        return Some(format!("Use at least {MIN_LEN} characters; a short phrase of a few words is easy to remember."));
    }
    if len > MAX_LEN {
        return Some(format!("Use at most {MAX_LEN} characters."));
    }
    let lower = password.to_lowercase();
    let core = lower.trim_matches(|c: char| !c.is_alphabetic());
    if COMMON.contains(lower.as_str()) || (core.chars().count() >= 6 && COMMON.contains(core)) {
        return Some("This password is too common and appears in breach lists; choose another.".into());
    }
    let local = email.split('@').next().unwrap_or("").to_lowercase();
    if local.chars().count() >= 3 && lower.contains(&local) {
        return Some("Don't build the password on your email address; choose something else.".into());
    }
    if lower.chars().all(|c| lower.starts_with(c)) {
        return Some("Don't repeat a single character; choose something less predictable.".into());
    }
    None
}

/// The rules of a password change as field errors: the current password must be right, and the
/// new one must pass the policy and differ from it.
pub fn check_change(current_is_right: bool, current: &str, new: &str, email: &str) -> Result<(), ApiError> {
    let mut errors = crate::error::FieldErrors::new();
    if !current_is_right {
        errors.add("current_password", "This is not your current password.");
    }
    if let Some(why) = policy_violation(new, email) {
        errors.add("new_password", why);
    } else if new == current {
        errors.add("new_password", "Choose a password different from the current one.");
    }
    Ok(errors.finish()?)
}

/// Argon2id holds 19 MiB for tens of milliseconds by design, so hashing is bounded: at most one
/// hash per core runs at once, at most `queue` more wait, and the rest are refused at once with
/// 503 and `Retry-After` instead of piling up memory (an unauthenticated sign-in flood).
///
/// Each running hash works in a 19 MiB buffer taken from `memory` and put back afterwards. Left
/// to the allocator, every thread of the blocking pool kept its own freed copies: a ten-second
/// flood took the server from 30 MiB to about 1 GiB for good (`just bench` shows it).
pub struct Hasher {
    running: Semaphore,
    admitted: AtomicUsize,
    limit: usize,
    memory: Mutex<Vec<Vec<Block>>>,
}

/// Counts a request as admitted until it is dropped.
struct Admitted<'a>(&'a AtomicUsize);

impl Drop for Admitted<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

impl Hasher {
    pub fn new(parallel: usize, queue: usize) -> Self {
        let parallel = parallel.max(1);
        Self {
            running: Semaphore::new(parallel),
            admitted: AtomicUsize::new(0),
            limit: parallel + queue,
            memory: Mutex::new(Vec::new()),
        }
    }

    /// One hash at a time per core of this machine.
    pub fn for_this_machine(queue: usize) -> Self {
        Self::new(std::thread::available_parallelism().map_or(1, |n| n.get()), queue)
    }

    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce(&mut [Block]) -> T + Send + 'static,
    ) -> Result<T, ApiError> {
        let ahead = self.admitted.fetch_add(1, Ordering::SeqCst);
        let _admitted = Admitted(&self.admitted);
        if ahead >= self.limit {
            return Err(ApiError::Busy { retry_after_seconds: 1 });
        }
        let _running = self.running.acquire().await.map_err(anyhow::Error::from)?;
        // Never more buffers than permits: one per running hash, made once, kept for reuse.
        let spare = self.memory.lock().map_err(|_| anyhow::anyhow!("hash memory poisoned"))?.pop();
        let mut blocks = spare.unwrap_or_else(|| vec![Block::default(); params().block_count()]);
        let (out, blocks) = tokio::task::spawn_blocking(move || {
            let out = work(&mut blocks);
            (out, blocks)
        })
        .await
        .map_err(anyhow::Error::from)?;
        self.memory.lock().map_err(|_| anyhow::anyhow!("hash memory poisoned"))?.push(blocks);
        Ok(out)
    }

    pub async fn hash(&self, password: String) -> Result<String, ApiError> {
        Ok(self.run(move |blocks| hash_in(blocks, &password)).await??)
    }

    /// With no stored hash (unknown account) it verifies against a fixed dummy, so both paths take
    /// the same time and reveal nothing.
    pub async fn verify(&self, password: String, stored: Option<String>) -> Result<bool, ApiError> {
        Ok(self.run(move |blocks| verify_in(blocks, &password, stored)).await??)
    }
}

/// Argon2id of `password` with a new salt, as a PHC string, computed in `blocks`.
fn hash_in(blocks: &mut [Block], password: &str) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut rand::rngs::OsRng);
    let mut salt_buf = [0u8; 64];
    let salt_bytes = salt.as_salt().decode_b64(&mut salt_buf).map_err(|e| anyhow::anyhow!("salt: {e}"))?;
    let output = Output::init_with(Params::DEFAULT_OUTPUT_LEN, |out| {
        Ok(argon2().hash_password_into_with_memory(password.as_bytes(), salt_bytes, out, &mut *blocks)?)
    })
    .map_err(|e| anyhow::anyhow!("argon2 hash failed: {e}"))?;
    let phc = PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(&params()).map_err(|e| anyhow::anyhow!("params: {e}"))?,
        salt: Some(salt.as_salt()),
        hash: Some(output),
    };
    Ok(phc.to_string())
}

/// Whether `password` matches `stored` (or the dummy), computed in `blocks` when the stored
/// parameters fit them (ours always do); the comparison is constant-time (`Output`'s `==`).
fn verify_in(blocks: &mut [Block], password: &str, stored: Option<String>) -> anyhow::Result<bool> {
    let stored = stored.unwrap_or_else(|| DUMMY_HASH.clone());
    let parsed = PasswordHash::new(&stored).map_err(|e| anyhow::anyhow!("bad stored hash: {e}"))?;
    let stored_params = Params::try_from(&parsed).map_err(|e| anyhow::anyhow!("bad stored params: {e}"))?;
    if stored_params.block_count() > blocks.len() {
        // A hash made with more memory than ours: the library's own path, allocating.
        return verify_now(password, Some(stored.clone()));
    }
    let algorithm = Algorithm::try_from(parsed.algorithm).map_err(|e| anyhow::anyhow!("algorithm: {e}"))?;
    let version = parsed.version.map(Version::try_from).transpose().map_err(|e| anyhow::anyhow!("version: {e}"))?;
    let (Some(salt), Some(expected)) = (parsed.salt, parsed.hash) else {
        anyhow::bail!("stored hash lacks its salt or output");
    };
    let mut salt_buf = [0u8; 64];
    let salt_bytes = salt.decode_b64(&mut salt_buf).map_err(|e| anyhow::anyhow!("salt: {e}"))?;
    let hasher = Argon2::new(algorithm, version.unwrap_or_default(), stored_params);
    let computed = Output::init_with(expected.len(), |out| {
        Ok(hasher.hash_password_into_with_memory(password.as_bytes(), salt_bytes, out, &mut *blocks)?)
    })
    .map_err(|e| anyhow::anyhow!("argon2 verify failed: {e}"))?;
    Ok(computed == expected)
}

/// Hashes on the calling thread (seeding; request paths go through [`Hasher`]).
pub fn hash_now(password: &str) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut rand::rngs::OsRng);
    argon2()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| anyhow::anyhow!("argon2 hash failed: {e}"))
}

fn verify_now(password: &str, stored: Option<String>) -> anyhow::Result<bool> {
    let stored = stored.unwrap_or_else(|| DUMMY_HASH.clone());
    let parsed = PasswordHash::new(&stored).map_err(|e| anyhow::anyhow!("bad stored hash: {e}"))?;
    Ok(argon2().verify_password(password.as_bytes(), &parsed).is_ok())
}

static DUMMY_HASH: LazyLock<String> = LazyLock::new(|| {
    let salt = SaltString::generate(&mut rand::rngs::OsRng);
    argon2().hash_password(b"portico-dummy-password-for-timing", &salt).map(|h| h.to_string()).unwrap_or_default()
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn length_limits() {
        assert!(policy_violation("short", "a@b.c").unwrap().contains("at least 12"));
        assert!(policy_violation(&"x1".repeat(65), "a@b.c").unwrap().contains("at most 128"));
        assert!(policy_violation("correct horse battery", "a@b.c").is_none());
    }

    #[test]
    fn common_and_padded_common_passwords_are_refused() {
        assert!(policy_violation("qwerty123456", "a@b.c").is_some());
        assert!(policy_violation("Password1234!", "a@b.c").is_some());
        assert!(policy_violation("iloveyou2024!!", "a@b.c").is_some());
    }

    #[test]
    fn email_local_part_is_refused() {
        let v = policy_violation("maria.lopez-garden", "maria.lopez@example.com").unwrap();
        assert!(v.contains("email"));
    }

    #[test]
    fn repeated_character_is_refused() {
        assert!(policy_violation("aaaaaaaaaaaaaa", "a@b.c").is_some());
    }

    /// The pooled path and the library's agree both ways, and a flood leaves one buffer per
    /// running slot, never one per thread or request.
    #[tokio::test]
    async fn pooled_memory_matches_the_library_and_stays_bounded() {
        let hasher = std::sync::Arc::new(Hasher::new(2, 8));
        let library = hash_now("lantern by the river").unwrap();
        assert!(hasher.verify("lantern by the river".into(), Some(library)).await.unwrap());
        let pooled = hasher.hash("lantern by the river".into()).await.unwrap();
        assert!(verify_now("lantern by the river", Some(pooled.clone())).unwrap());
        assert!(!verify_now("lantern by the sea", Some(pooled)).unwrap());
        let tasks: Vec<_> = (0..10)
            .map(|_| {
                let h = hasher.clone();
                tokio::spawn(async move { h.verify("guess".into(), None).await })
            })
            .collect();
        for t in tasks {
            assert!(!t.await.unwrap().unwrap());
        }
        assert!(hasher.memory.lock().unwrap().len() <= 2);
    }

    #[tokio::test]
    async fn hash_verifies_only_the_right_password() {
        let hasher = Hasher::new(1, 4);
        let h = hasher.hash("river stones and tea".into()).await.unwrap();
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(hasher.verify("river stones and tea".into(), Some(h.clone())).await.unwrap());
        assert!(!hasher.verify("river stones and coffee".into(), Some(h)).await.unwrap());
        assert!(!hasher.verify("anything at all".into(), None).await.unwrap());
    }

    #[tokio::test]
    async fn hashing_beyond_the_queue_is_refused_at_once_and_nothing_leaks() {
        let hasher = std::sync::Arc::new(Hasher::new(1, 2));
        let tasks: Vec<_> = (0..12)
            .map(|_| {
                let hasher = hasher.clone();
                tokio::spawn(async move { hasher.verify("some password here".into(), None).await })
            })
            .collect();
        let mut busy = 0;
        for t in tasks {
            match t.await.unwrap() {
                Ok(ok) => assert!(!ok),
                Err(ApiError::Busy { retry_after_seconds }) => {
                    assert!(retry_after_seconds > 0);
                    busy += 1;
                }
                Err(e) => panic!("unexpected {e}"),
            }
        }
        assert!(busy >= 12 - 3, "at most one running and two waiting were admitted, {busy} refused");
        // Every admission was released: the next request runs.
        assert_eq!(hasher.admitted.load(Ordering::SeqCst), 0);
        assert!(!hasher.verify("again".into(), None).await.unwrap());
    }
}
