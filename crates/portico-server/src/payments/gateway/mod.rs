//! Card gateways behind one trait (PAY-3): the built-in sandbox (the default, so the demo works
//! with no account anywhere) and, next, Stripe. The browser gives card details to the gateway's
//! own tokenize endpoint; Portico only ever handles the token. Every charge and refund carries
//! the request's idempotency key, so a retry never charges twice at the gateway either.
pub mod sandbox;

use async_trait::async_trait;

/// What Portico keeps of a card: never the number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardSummary {
    pub brand: String,
    pub last4: String,
    pub exp_month: u32,
    pub exp_year: u32,
}

/// One charge of a tokenized card.
#[derive(Debug, Clone)]
pub struct ChargeRequest<'a> {
    /// A fresh token from the tokenize step, or a saved card's reference.
    pub token: &'a str,
    /// The gateway's customer the saved card belongs to (Stripe), if any.
    pub customer: Option<&'a str>,
    pub amount: i64,
    pub currency: &'a str,
    /// Passed on as the gateway's own idempotency key.
    pub idempotency_key: &'a str,
    /// Keep the card for later charges, only if this one succeeds.
    pub save: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Charged {
    pub charge_id: String,
    pub card: CardSummary,
    /// When `save` was asked: the reusable reference and its customer.
    pub saved: Option<SavedCard>,
}

/// A card kept at the gateway for later charges.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedCard {
    pub token: String,
    pub customer: Option<String>,
    pub card: CardSummary,
}

/// Money back against one charge.
#[derive(Debug, Clone)]
pub struct RefundRequest<'a> {
    pub charge_id: &'a str,
    pub amount: i64,
    pub idempotency_key: &'a str,
}

/// Why a card was refused, in words a payer can act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeclineReason {
    Declined,
    InsufficientFunds,
}

impl DeclineReason {
    pub const fn code(self) -> &'static str {
        match self {
            Self::Declined => "card_declined",
            Self::InsufficientFunds => "insufficient_funds",
        }
    }

    pub const fn explain(self) -> &'static str {
        match self {
            Self::Declined => "The card was declined. Try another card, or call your card's bank.",
            Self::InsufficientFunds => {
                "The card was declined for insufficient funds. Try another card, or pay a smaller amount."
            }
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum GatewayError {
    #[error("declined: {0:?}")]
    Declined(DeclineReason),
    /// The token is not one this gateway issued, or it was used up.
    #[error("unknown card token")]
    UnknownToken,
    #[error("gateway unavailable: {0}")]
    Unavailable(String),
}

#[async_trait]
pub trait Gateway: Send + Sync {
    /// `sandbox` or `stripe`.
    fn name(&self) -> &'static str;
    async fn charge(&self, request: ChargeRequest<'_>) -> Result<Charged, GatewayError>;
    /// Keeps a freshly tokenized card for later (Profile's "Add card"), without charging it.
    async fn save_card(&self, token: &str, customer: Option<&str>) -> Result<SavedCard, GatewayError>;
    /// Forgets a saved card: it can never be charged again.
    async fn forget_card(&self, token: &str) -> Result<(), GatewayError>;
    /// Returns the gateway's refund id.
    async fn refund(&self, request: RefundRequest<'_>) -> Result<String, GatewayError>;
}
