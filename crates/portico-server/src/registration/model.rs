//! Pure registration rules (REG-1…3): which step comes next, one-time codes, and how contact
//! details are masked on screen.
use chrono::{DateTime, Duration, Utc};
use portico_types::registration::RegistrationStep;
use rand::Rng;

use crate::platform::crypto::sha256_hex;

/// REG-3: a code lives 10 minutes, allows 5 wrong tries, and a new one may be sent after 30 s.
pub const CODE_TTL: Duration = Duration::minutes(10);
pub const CODE_MAX_ATTEMPTS: i32 = 5;
pub const CODE_RESEND_COOLDOWN: Duration = Duration::seconds(30);
/// Issue 9, item 3: over any hour, one invitation may be sent at most this many codes on a
/// channel, and have this many wrong tries at them in all: a code cannot be guessed over days.
pub const CODES_PER_HOUR: usize = 5;
pub const WRONG_TRIES_PER_HOUR: i32 = 10;
pub const CAP_WINDOW: Duration = Duration::hours(1);
/// Different phone numbers one invitation may text codes to in a day (no SMS pumping through
/// numbers the invitee types).
pub const PHONES_PER_DAY: usize = 3;
pub const PHONE_WINDOW: Duration = Duration::days(1);

/// One code sent, as the caps count it.
#[derive(Debug, Clone, PartialEq)]
pub struct SentCode {
    pub created_at: DateTime<Utc>,
    pub attempts: i32,
}

/// Seconds until `at` leaves a window of `window` (at least 1).
fn until_out(at: DateTime<Utc>, window: Duration, now: DateTime<Utc>) -> u64 {
    ((at + window - now).num_seconds()).max(1) as u64
}

/// Seconds to wait before another code may be sent, when the hour's codes are used up.
pub fn send_cap(sent: &[SentCode], now: DateTime<Utc>) -> Option<u64> {
    let mut recent: Vec<DateTime<Utc>> = sent.iter().map(|c| c.created_at).filter(|t| *t > now - CAP_WINDOW).collect();
    if recent.len() < CODES_PER_HOUR {
        return None;
    }
    recent.sort();
    // The send becomes possible when enough of the oldest leave the window.
    Some(until_out(recent[recent.len() - CODES_PER_HOUR], CAP_WINDOW, now))
}

/// Seconds to wait before another try, when the hour's wrong tries are used up (counted on the
/// codes sent in the hour).
pub fn tries_cap(sent: &[SentCode], now: DateTime<Utc>) -> Option<u64> {
    let mut recent: Vec<&SentCode> = sent.iter().filter(|c| c.created_at > now - CAP_WINDOW).collect();
    let mut wrong: i32 = recent.iter().map(|c| c.attempts).sum();
    if wrong < WRONG_TRIES_PER_HOUR {
        return None;
    }
    recent.sort_by_key(|c| c.created_at);
    for code in recent {
        wrong -= code.attempts;
        if wrong < WRONG_TRIES_PER_HOUR {
            return Some(until_out(code.created_at, CAP_WINDOW, now));
        }
    }
    Some(1)
}

/// Seconds to wait before texting `phone`, when the day's different numbers are used up.
/// `texted` holds each number a code went to and when.
pub fn phone_cap(texted: &[(String, DateTime<Utc>)], phone: &str, now: DateTime<Utc>) -> Option<u64> {
    let recent: Vec<&(String, DateTime<Utc>)> = texted.iter().filter(|(_, t)| *t > now - PHONE_WINDOW).collect();
    if recent.iter().any(|(p, _)| p == phone) {
        return None;
    }
    let mut numbers: Vec<&str> = recent.iter().map(|(p, _)| p.as_str()).collect();
    numbers.sort_unstable();
    numbers.dedup();
    if numbers.len() < PHONES_PER_DAY {
        return None;
    }
    // When the number first used leaves the window, there is room for another.
    let first_seen =
        numbers.iter().filter_map(|n| recent.iter().filter(|(p, _)| p == n).map(|(_, t)| *t).max()).min()?;
    Some(until_out(first_seen, PHONE_WINDOW, now))
}

/// A registration token lasts an hour; opening the link again gives a new one.
pub const REGISTRATION_TOKEN_TTL_SECONDS: i64 = 60 * 60;

/// What the server knows about a registration's progress.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// Step 1 done: an account was created (or chosen) for this invitation.
    pub account_chosen: bool,
    /// The invitation leads to an account that is already registered: its email's, or the one
    /// an address typed at step 1 belongs to (or another invitation finished meanwhile).
    pub existing_account: bool,
    pub email_verified: bool,
    pub phone_verified: bool,
}

/// REG-1/REG-2: the first incomplete step.
pub fn step(p: Progress) -> RegistrationStep {
    if p.existing_account {
        // A registered account is only ever joined with its current password. An address typed
        // at step 1 is proven by its code first, so step 1 answers alike whether it has one.
        return if p.account_chosen && !p.email_verified {
            RegistrationStep::VerifyEmail
        } else {
            RegistrationStep::SignIn
        };
    }
    if !p.account_chosen {
        if p.existing_account { RegistrationStep::SignIn } else { RegistrationStep::CreateAccount }
    } else if !p.email_verified {
        RegistrationStep::VerifyEmail
    } else if !p.phone_verified {
        RegistrationStep::VerifyPhone
    } else {
        RegistrationStep::Complete
    }
}

/// A uniformly random 6-digit code.
pub fn new_code() -> String {
    format!("{:06}", rand::rngs::OsRng.gen_range(0..1_000_000u32))
}

/// Codes are stored hashed, salted with the code row's id.
pub fn code_hash(code_id: &str, code: &str) -> String {
    sha256_hex(&format!("{code_id}:{code}"))
}

/// The stored state of one code.
#[derive(Debug, Clone, Copy)]
pub struct CodeState {
    pub expires_at: DateTime<Utc>,
    pub attempts: i32,
    pub consumed: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CodeCheck {
    Accepted,
    /// Wrong; this many tries remain.
    Wrong {
        tries_left: i32,
    },
    /// Used, expired or out of tries: a new code is needed.
    Spent(&'static str),
}

/// REG-3: checks `entered` against a code (the hashes compared by the caller as `matches`).
pub fn check(state: CodeState, matches: bool, now: DateTime<Utc>) -> CodeCheck {
    if state.consumed {
        CodeCheck::Spent("This code was already used. Send a new code.")
    } else if state.expires_at <= now {
        CodeCheck::Spent("This code has expired (codes last 10 minutes). Send a new code.")
    } else if state.attempts >= CODE_MAX_ATTEMPTS {
        CodeCheck::Spent("Too many wrong tries for this code. Send a new code.")
    } else if matches {
        CodeCheck::Accepted
    } else {
        CodeCheck::Wrong { tries_left: CODE_MAX_ATTEMPTS - state.attempts - 1 }
    }
}

/// Six digits, ignoring spaces and dashes people type or paste.
pub fn normalize_code(input: &str) -> Option<String> {
    let digits: String = input.chars().filter(|c| !c.is_whitespace() && *c != '-').collect();
    (digits.len() == 6 && digits.bytes().all(|b| b.is_ascii_digit())).then_some(digits)
}

/// `+15550100123` → `•••-•••-0123`.
pub fn mask_phone(e164: &str) -> String {
    let digits: Vec<char> = e164.chars().filter(char::is_ascii_digit).collect();
    let last: String = digits[digits.len().saturating_sub(4)..].iter().collect();
    format!("•••-•••-{last}")
}

/// `maria@example.com` → `m•••@example.com`.
pub fn mask_email(email: &str) -> String {
    match email.split_once('@') {
        Some((local, domain)) => {
            let first: String = local.chars().take(1).collect();
            format!("{first}•••@{domain}")
        }
        None => "•••".into(),
    }
}

/// Seconds (rounded up) until another code may be sent, after one sent at `last_sent`.
pub fn resend_in(last_sent: Option<DateTime<Utc>>, now: DateTime<Utc>) -> u64 {
    last_sent.map_or(0, |at| {
        let wait = (at + CODE_RESEND_COOLDOWN - now).num_milliseconds();
        if wait > 0 { ((wait + 999) / 1000) as u64 } else { 0 }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn progress(account_chosen: bool, existing: bool, email: bool, phone: bool) -> Progress {
        Progress { account_chosen, existing_account: existing, email_verified: email, phone_verified: phone }
    }

    #[test]
    fn steps_in_order() {
        assert_eq!(step(progress(false, false, false, false)), RegistrationStep::CreateAccount);
        assert_eq!(step(progress(false, true, false, false)), RegistrationStep::SignIn);
        assert_eq!(step(progress(true, false, false, false)), RegistrationStep::VerifyEmail);
        // A verified phone never skips an unverified email.
        assert_eq!(step(progress(true, false, false, true)), RegistrationStep::VerifyEmail);
        assert_eq!(step(progress(true, false, true, false)), RegistrationStep::VerifyPhone);
        assert_eq!(step(progress(true, false, true, true)), RegistrationStep::Complete);
    }

    #[test]
    fn codes_and_wrong_tries_are_capped_per_hour() {
        let now = Utc::now();
        let sent =
            |minutes_ago: i64, attempts: i32| SentCode { created_at: now - Duration::minutes(minutes_ago), attempts };
        let four: Vec<SentCode> = (0..4).map(|i| sent(i * 10, 0)).collect();
        assert_eq!(send_cap(&four, now), None);
        let five: Vec<SentCode> = (0..5).map(|i| sent(i * 10, 0)).collect();
        // The oldest of the five went 40 minutes ago: 20 minutes until it leaves the hour.
        assert_eq!(send_cap(&five, now), Some(20 * 60));
        let old = vec![sent(61, 0), sent(62, 0), sent(63, 0), sent(64, 0), sent(65, 0)];
        assert_eq!(send_cap(&old, now), None, "an hour later the count starts again");

        assert_eq!(tries_cap(&[sent(5, 5), sent(1, 4)], now), None);
        // Ten wrong tries: the wait lasts until the first code's tries leave the hour.
        assert_eq!(tries_cap(&[sent(50, 5), sent(1, 5)], now), Some(10 * 60));
        assert_eq!(tries_cap(&[sent(70, 5), sent(1, 5)], now), None);
    }

    #[test]
    fn a_few_phone_numbers_a_day() {
        let now = Utc::now();
        let at = |hours_ago: i64| now - Duration::hours(hours_ago);
        let texted = vec![("+1a".to_owned(), at(10)), ("+1b".to_owned(), at(5)), ("+1c".to_owned(), at(1))];
        assert_eq!(phone_cap(&texted, "+1b", now), None, "a number already used may be texted again");
        assert_eq!(phone_cap(&texted, "+1d", now), Some(14 * 3600), "a fourth waits until the first is a day old");
        assert_eq!(phone_cap(&texted[1..], "+1d", now), None);
    }

    #[test]
    fn a_registered_account_is_joined_only_by_signing_in() {
        // The address typed at step 1 has an account: its code still comes first…
        assert_eq!(step(progress(true, true, false, false)), RegistrationStep::VerifyEmail);
        // …then the account's own password, never a new one, whatever else is done.
        for phone in [false, true] {
            assert_eq!(step(progress(true, true, true, phone)), RegistrationStep::SignIn);
        }
    }

    #[test]
    fn codes_are_six_digits_and_checked_in_order() {
        for _ in 0..100 {
            let c = new_code();
            assert_eq!(c.len(), 6);
            assert!(normalize_code(&c).is_some());
        }
        assert_eq!(normalize_code(" 123-456 ").as_deref(), Some("123456"));
        assert_eq!(normalize_code("12345"), None);
        assert_eq!(normalize_code("12345a"), None);
        let now = Utc::now();
        let fresh = CodeState { expires_at: now + CODE_TTL, attempts: 0, consumed: false };
        assert_eq!(check(fresh, true, now), CodeCheck::Accepted);
        assert_eq!(check(fresh, false, now), CodeCheck::Wrong { tries_left: 4 });
        let last_try = CodeState { attempts: 4, ..fresh };
        assert_eq!(check(last_try, false, now), CodeCheck::Wrong { tries_left: 0 });
        let spent = CodeState { attempts: 5, ..fresh };
        assert!(matches!(check(spent, true, now), CodeCheck::Spent(_)));
        assert!(matches!(check(fresh, true, now + CODE_TTL), CodeCheck::Spent(_)));
        assert!(matches!(check(CodeState { consumed: true, ..fresh }, true, now), CodeCheck::Spent(_)));
        assert_ne!(code_hash("a", "123456"), code_hash("b", "123456"));
    }

    #[test]
    fn masks_and_cooldown() {
        assert_eq!(mask_phone("+15550100123"), "•••-•••-0123");
        assert_eq!(mask_email("maria@example.com"), "m•••@example.com");
        let now = Utc::now();
        assert_eq!(resend_in(None, now), 0);
        assert_eq!(resend_in(Some(now), now), 30);
        assert_eq!(resend_in(Some(now - Duration::seconds(30)), now), 0);
    }
}
