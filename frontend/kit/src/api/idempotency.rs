//! PAY-2 in the browser: a request that moves money (a payment, a refund, a card charge) carries
//! an `Idempotency-Key`, one per attempt. Retrying an attempt whose outcome is unknown sends the
//! same key, so the server answers what it did the first time instead of acting twice; any
//! definitive answer ends the attempt, and the next one gets a new key.
use leptos::prelude::*;
use portico_types::ProblemDetails;

/// The key of one form's current attempt. `Copy`.
#[derive(Clone, Copy)]
pub struct IdempotencyKey(StoredValue<Option<String>>);

impl IdempotencyKey {
    pub fn new() -> Self {
        Self(StoredValue::new(None))
    }

    /// The key to send: the unsettled attempt's, or a new one.
    pub fn current(&self) -> String {
        if let Some(key) = self.0.get_value() {
            return key;
        }
        // `crypto.randomUUID` needs a secure context: Portico is served over HTTPS (or localhost).
        let key = window().crypto().map(|c| c.random_uuid()).unwrap_or_default();
        self.0.set_value(Some(key.clone()));
        key
    }

    /// Abandons the unsettled attempt: the form now asks for something else (another amount or
    /// card), which must not go under its key.
    pub fn renew(&self) {
        self.0.set_value(None);
    }

    /// Whether an attempt was sent and its outcome is still unknown (a retry must repeat it).
    pub fn unsettled(&self) -> bool {
        self.0.with_value(Option::is_some)
    }

    /// After an answer: the key stays only while the attempt may still have gone through.
    pub fn settle<T>(&self, answer: &Result<T, ProblemDetails>) {
        if !matches!(answer, Err(p) if outcome_unknown(p)) {
            self.0.set_value(None);
        }
    }
}

impl Default for IdempotencyKey {
    fn default() -> Self {
        Self::new()
    }
}

/// No answer at all, the same key still running (409), or trouble on the server or at the
/// gateway (5xx): the money may have moved, so a retry must send the same key.
fn outcome_unknown(p: &ProblemDetails) -> bool {
    p.status == 0 || p.status == 409 || p.status >= 500
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::problem;
    use portico_types::ErrorCode;

    #[test]
    fn only_unanswered_attempts_keep_their_key() {
        let p = |status| problem(status, ErrorCode::Internal, "", "");
        assert!(outcome_unknown(&p(0)));
        assert!(outcome_unknown(&p(409)));
        assert!(outcome_unknown(&p(503)));
        assert!(!outcome_unknown(&p(402)));
        assert!(!outcome_unknown(&p(422)));
    }
}
