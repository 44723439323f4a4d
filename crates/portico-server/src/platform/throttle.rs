//! Sign-in throttling that holds across instances because its counters live in the database
//! (AUTH-3). Two keys per attempt:
//! - the account key (a hash of audience + email, whether or not the account exists, so the
//!   throttle itself reveals nothing): after 5 consecutive failures each further attempt must wait
//!   1 s, 2 s, 4 s … up to 5 minutes after the last failure;
//! - the client IP, per kind of sign-in (staff, portal, registration): at most 100 failures per
//!   15-minute window, so a flood of portal guesses does not lock the practice's staff out.
//!
//! The hard lock after 100 consecutive failures lives on the account row (see staff/service.rs).
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};

use crate::entities::rate_limits::{self, Entity as RateLimits};
use crate::error::ApiError;
use crate::platform::crypto::sha256_hex;
use crate::platform::jwt::Audience;
use crate::platform::passwords::Hasher;

pub const FREE_ACCOUNT_FAILURES: i32 = 5;
/// NIST SP 800-63B: an account locks after this many consecutive failures, until a password reset.
pub const LOCK_AFTER_FAILURES: i32 = 100;
pub const MAX_ACCOUNT_DELAY_SECONDS: i64 = 300;
pub const IP_WINDOW_MINUTES: i64 = 15;
pub const IP_MAX_FAILURES: i32 = 100;

/// How long after the last failure the next attempt must wait, for `failures` in a row.
pub fn account_delay(failures: i32) -> Duration {
    if failures < FREE_ACCOUNT_FAILURES {
        return Duration::zero();
    }
    let exp = (failures - FREE_ACCOUNT_FAILURES).min(20) as u32;
    Duration::seconds((1i64 << exp).min(MAX_ACCOUNT_DELAY_SECONDS))
}

/// Seconds to wait (rounded up), if a key's state blocks an attempt at `now`.
pub fn blocked_for(kind: KeyKind, count: i32, window_started_at: DateTime<Utc>, now: DateTime<Utc>) -> Option<u64> {
    let until = match kind {
        KeyKind::Account => window_started_at + account_delay(count),
        KeyKind::Ip if count >= IP_MAX_FAILURES => window_started_at + Duration::minutes(IP_WINDOW_MINUTES),
        KeyKind::Ip => return None,
    };
    let wait = (until - now).num_milliseconds();
    (wait > 0).then(|| ((wait + 999) / 1000) as u64)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyKind {
    Account,
    Ip,
}

#[derive(Debug, Clone)]
pub struct LoginKeys {
    account: String,
    ip: Option<String>,
}

fn account_key(audience: &str, email: &str) -> String {
    format!("login:acct:{}", sha256_hex(&format!("{audience}\n{email}")))
}

/// A password reset starts the account afresh: its slow-down no longer applies.
pub async fn clear_account(db: &impl ConnectionTrait, audience: &str, email: &str) -> Result<(), DbErr> {
    RateLimits::delete_by_id(account_key(audience, email)).exec(db).await?;
    Ok(())
}

impl LoginKeys {
    /// `account_audience` scopes the account key (the portal's is per practice); `kind` scopes
    /// the IP counter.
    pub fn new(account_audience: &str, email: &str, kind: Audience, ip: Option<&str>) -> Self {
        Self {
            account: account_key(account_audience, email),
            ip: ip.map(|ip| format!("login:ip:{}:{ip}", kind.as_str())),
        }
    }

    fn all(&self) -> impl Iterator<Item = (KeyKind, &str)> {
        std::iter::once((KeyKind::Account, self.account.as_str())).chain(self.ip.as_deref().map(|ip| (KeyKind::Ip, ip)))
    }

    /// Counts this attempt against both keys *before* its password is checked, in one atomic
    /// statement per key (`count = count + 1 … RETURNING`), and refuses it with 429 and
    /// `Retry-After` when the count before it was already blocking. Concurrent guesses therefore
    /// cannot all pass the check: each sees the ones ahead of it. Settle the attempt afterwards.
    async fn begin(&self, db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<Attempt<'_>, ApiError> {
        if let Some(ip) = &self.ip {
            // A window that has run out starts afresh.
            let stale = now - Duration::minutes(IP_WINDOW_MINUTES);
            RateLimits::delete_many()
                .filter(rate_limits::Column::Key.eq(ip.as_str()))
                .filter(rate_limits::Column::WindowStartedAt.lt(stale))
                .exec(db)
                .await?;
        }
        let mut wait = None;
        for (kind, key) in self.all() {
            let row = increment(db, key, now).await?;
            wait = wait.max(blocked_for(kind, row.count - 1, row.window_started_at, now));
        }
        let attempt = Attempt { keys: self };
        match wait {
            Some(retry_after_seconds) => {
                // A refused attempt checked no password: it does not count.
                attempt.release(db).await?;
                Err(ApiError::RateLimited { retry_after_seconds, detail: "Too many sign-in attempts." })
            }
            None => Ok(attempt),
        }
    }
}

impl LoginKeys {
    /// Counts the attempt (see [`LoginKeys::begin`]), then checks `password` against `stored`
    /// (`None`: an unknown account, checked against a dummy). The caller settles the attempt by
    /// what it decides; if the check itself fails, the attempt is taken back.
    pub async fn verify(
        &self,
        db: &impl ConnectionTrait,
        now: DateTime<Utc>,
        hasher: &Hasher,
        password: &str,
        stored: Option<String>,
    ) -> Result<(Attempt<'_>, bool), ApiError> {
        let attempt = self.begin(db, now).await?;
        match hasher.verify(password.to_owned(), stored).await {
            Ok(right) => Ok((attempt, right)),
            Err(e) => {
                attempt.release(db).await?;
                Err(e)
            }
        }
    }

    /// Checks `password` for someone already signed in (a password change), counted and
    /// throttled like a sign-in: a wrong one slows the account down, a right one clears its
    /// failures.
    pub async fn judge(
        &self,
        db: &impl ConnectionTrait,
        now: DateTime<Utc>,
        hasher: &Hasher,
        password: &str,
        stored: &str,
    ) -> Result<bool, ApiError> {
        let (attempt, right) = self.verify(db, now, hasher, password, Some(stored.to_owned())).await?;
        if right {
            attempt.succeeded(db).await?;
        } else {
            attempt.failed(db, now).await?;
        }
        Ok(right)
    }
}

/// A sign-in attempt already counted as a failure on both keys (see [`LoginKeys::begin`]).
#[must_use = "settle the attempt: failed, succeeded or release"]
pub struct Attempt<'a> {
    keys: &'a LoginKeys,
}

impl Attempt<'_> {
    /// A wrong password (or a right one on a locked or inactive account): the count stands, and
    /// the account's slow-down runs from now.
    pub async fn failed(self, db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<(), DbErr> {
        RateLimits::update_many()
            .col_expr(rate_limits::Column::WindowStartedAt, Expr::value(now))
            .filter(rate_limits::Column::Key.eq(self.keys.account.as_str()))
            .exec(db)
            .await?;
        Ok(())
    }

    /// A successful sign-in clears the account's consecutive failures and takes this attempt
    /// back off the address's count.
    pub async fn succeeded(self, db: &impl ConnectionTrait) -> Result<(), DbErr> {
        RateLimits::delete_by_id(self.keys.account.clone()).exec(db).await?;
        if let Some(ip) = &self.keys.ip {
            decrement(db, ip).await?;
        }
        Ok(())
    }

    /// No password was judged (refused, or the server failed first): take the attempt back.
    pub async fn release(self, db: &impl ConnectionTrait) -> Result<(), DbErr> {
        for (_, key) in self.keys.all() {
            decrement(db, key).await?;
        }
        Ok(())
    }
}

/// `count + 1` on a key (a new key starts at 1, now), returning the row as it now is.
async fn increment(db: &impl ConnectionTrait, key: &str, now: DateTime<Utc>) -> Result<rate_limits::Model, DbErr> {
    // Scoped: ExprTrait is implemented for every type and would shadow `Ord::min`.
    use sea_orm::sea_query::ExprTrait as _;
    let mut on_conflict = OnConflict::column(rate_limits::Column::Key);
    on_conflict.value(rate_limits::Column::Count, Expr::col((RateLimits, rate_limits::Column::Count)).add(1));
    RateLimits::insert(rate_limits::ActiveModel { key: Set(key.into()), window_started_at: Set(now), count: Set(1) })
        .on_conflict(on_conflict)
        .exec_with_returning(db)
        .await
}

async fn decrement(db: &impl ConnectionTrait, key: &str) -> Result<(), DbErr> {
    use sea_orm::sea_query::ExprTrait as _;
    RateLimits::update_many()
        .col_expr(rate_limits::Column::Count, Expr::col(rate_limits::Column::Count).sub(1))
        .filter(rate_limits::Column::Key.eq(key))
        .filter(rate_limits::Column::Count.gt(0))
        .exec(db)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn account_delay_grows_then_caps() {
        assert_eq!(account_delay(4), Duration::zero());
        assert_eq!(account_delay(5), Duration::seconds(1));
        assert_eq!(account_delay(7), Duration::seconds(4));
        assert_eq!(account_delay(40), Duration::seconds(MAX_ACCOUNT_DELAY_SECONDS));
    }

    #[test]
    fn blocked_for_rounds_up_and_expires() {
        let t = Utc::now();
        assert_eq!(blocked_for(KeyKind::Account, 6, t, t), Some(2));
        assert_eq!(blocked_for(KeyKind::Account, 6, t, t + Duration::seconds(2)), None);
        assert_eq!(blocked_for(KeyKind::Ip, 99, t, t), None);
        assert_eq!(blocked_for(KeyKind::Ip, 100, t, t), Some(900));
    }
}
