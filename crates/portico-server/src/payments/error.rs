//! What can go wrong with the ledger, card payments, refunds and saved cards.
use portico_types::{ErrorCode, FieldError};

use super::gateway::DeclineReason;
use crate::error::{ApiError, AreaError, FieldErrors, Problem, carries_platform_errors};
use crate::platform::idempotency;
use crate::practices::error::PracticeError;

#[derive(Debug, thiserror::Error)]
pub enum PaymentError {
    #[error("{0}")]
    Invalid(#[from] FieldErrors),
    #[error("patient not found")]
    PatientNotFound,
    #[error("receipt not found")]
    ReceiptNotFound,
    #[error("saved card not found")]
    CardNotFound,
    /// The gateway refused the card; nothing was charged.
    #[error("declined: {0:?}")]
    Declined(DeclineReason),
    /// The token or saved card cannot be charged (expired, used up, forgotten).
    #[error("unusable card")]
    UnusableCard { field: &'static str },
    #[error("the gateway did not answer")]
    GatewayUnavailable,
    /// An earlier, unfinished attempt under this key was for another request.
    #[error("idempotency key reused")]
    KeyReused,
    /// CFG-4: the practice does not let portal users add (or delete) cards.
    #[error("card changes are off")]
    CardsOff { add: bool },
    #[error("too many saved cards")]
    TooManyCards,
    /// Unknown, expired or replaced: one answer for all, so a token reveals nothing.
    #[error("pay link not found")]
    PayLinkNotFound,
    /// Card attempts through a pay link are capped per hour (card testing).
    #[error("too many card attempts")]
    TooManyAttempts { retry_after_seconds: u64 },
    #[error(transparent)]
    Practice(#[from] PracticeError),
    #[error(transparent)]
    Platform(#[from] ApiError),
}

carries_platform_errors!(PaymentError);

impl AreaError for PaymentError {
    fn problem(&self) -> Problem {
        let field = |field: &str, message: &str| {
            Problem::invalid(vec![FieldError { field: field.into(), message: message.into() }])
        };
        match self {
            Self::Invalid(e) => e.problem(),
            Self::PatientNotFound => Problem::not_found("patient"),
            Self::ReceiptNotFound => Problem::not_found("receipt"),
            Self::CardNotFound => Problem::not_found("saved card"),
            Self::Declined(reason) => Problem {
                decline_code: Some(reason.code()),
                ..Problem::new(ErrorCode::PaymentDeclined, format!("{} You have not been charged.", reason.explain()))
            },
            Self::UnusableCard { field: f } => {
                field(f, "This card can no longer be charged. Enter the card again, or choose another card.")
            }
            Self::GatewayUnavailable => Problem::new(
                ErrorCode::Unavailable,
                "The card service did not answer. Wait a minute and try again: a payment that already went \
                 through is never taken twice.",
            ),
            Self::KeyReused => field(
                idempotency::HEADER,
                "This Idempotency-Key was already used for a different request. Use a new key for a new payment.",
            ),
            Self::CardsOff { add: true } => Problem::new(
                ErrorCode::Forbidden,
                "Your practice does not allow adding cards in the portal. You can still pay with a card each time.",
            ),
            Self::CardsOff { add: false } => Problem::new(
                ErrorCode::Forbidden,
                "Your practice does not allow removing cards in the portal. Call the practice to remove one.",
            ),
            Self::TooManyCards => {
                field("card_token", "You can keep up to 10 cards. Remove one you no longer use, then add this one.")
            }
            Self::PayLinkNotFound => Problem::new(
                ErrorCode::NotFound,
                "This payment link does not work any more: it may have expired or been replaced by a newer \
                 statement. Call the practice for a new one, or sign in to the portal to pay.",
            ),
            Self::TooManyAttempts { retry_after_seconds } => {
                Problem::rate_limited("Too many card attempts were made with this link.", *retry_after_seconds)
            }
            Self::Practice(e) => e.problem(),
            Self::Platform(e) => e.describe(),
        }
    }
}

pub type Result<T> = std::result::Result<T, PaymentError>;
