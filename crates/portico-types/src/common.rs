use serde::{Deserialize, Serialize};

/// Stable, machine-readable reason for an error; the `type` URI ends with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// One or more fields are invalid; see `errors`.
    ValidationFailed,
    /// The body is not valid JSON or does not have the expected shape.
    MalformedRequest,
    /// No valid credentials were presented.
    Unauthenticated,
    /// Email or password is wrong (deliberately generic).
    InvalidCredentials,
    /// The caller is signed in but may not do this.
    Forbidden,
    /// Nothing here (or nothing this caller may know about).
    NotFound,
    MethodNotAllowed,
    /// The request conflicts with the current state (e.g. a duplicate email).
    Conflict,
    /// `If-Match` names a version that is no longer current.
    PreconditionFailed,
    /// This write needs an `If-Match` header.
    PreconditionRequired,
    PayloadTooLarge,
    /// The address (path and query) is longer than the server reads.
    UriTooLong,
    UnsupportedMediaType,
    /// Too many attempts; wait `retry_after_seconds`.
    RateLimited,
    /// Too many failed sign-ins; a password reset unlocks the account.
    AccountLocked,
    /// The invitation link is not one Portico issued (mistyped, cut short or forged).
    InvitationInvalid,
    /// Every link for this invitation has expired; ask the practice for a new one.
    InvitationExpired,
    /// The practice withdrew this invitation.
    InvitationRevoked,
    /// Registration is already complete: sign in instead.
    InvitationAccepted,
    /// A registration step came before the steps it depends on.
    RegistrationStepOutOfOrder,
    Internal,
    Unavailable,
    /// The card was refused by the payment gateway; `decline_code` says why. Nothing was charged.
    PaymentDeclined,
}

impl ErrorCode {
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::ValidationFailed => "validation_failed",
            Self::MalformedRequest => "malformed_request",
            Self::Unauthenticated => "unauthenticated",
            Self::InvalidCredentials => "invalid_credentials",
            Self::Forbidden => "forbidden",
            Self::NotFound => "not_found",
            Self::MethodNotAllowed => "method_not_allowed",
            Self::Conflict => "conflict",
            Self::PreconditionFailed => "precondition_failed",
            Self::PreconditionRequired => "precondition_required",
            Self::PayloadTooLarge => "payload_too_large",
            Self::UriTooLong => "uri_too_long",
            Self::UnsupportedMediaType => "unsupported_media_type",
            Self::RateLimited => "rate_limited",
            Self::AccountLocked => "account_locked",
            Self::InvitationInvalid => "invitation_invalid",
            Self::InvitationExpired => "invitation_expired",
            Self::InvitationRevoked => "invitation_revoked",
            Self::InvitationAccepted => "invitation_accepted",
            Self::RegistrationStepOutOfOrder => "registration_step_out_of_order",
            Self::Internal => "internal",
            Self::Unavailable => "unavailable",
            Self::PaymentDeclined => "payment_declined",
        }
    }
}

/// One invalid field: `field` is a JSON path such as `max_notice_hours` or `contacts[0].email`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    pub field: String,
    /// What is wrong and what to do, written for a person.
    pub message: String,
}

/// RFC 9457 problem details, the body of every error response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProblemDetails {
    /// A stable URI naming the kind of problem, ending in `code`.
    #[serde(rename = "type")]
    pub type_uri: String,
    pub title: String,
    pub status: u16,
    /// What happened and what to do next.
    pub detail: String,
    pub code: ErrorCode,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after_seconds: Option<u64>,
    /// Where to sign in instead, e.g. for an invitation that was already accepted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sign_in_path: Option<String>,
    /// For `payment_declined`: `card_declined` or `insufficient_funds`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decline_code: Option<String>,
}

impl ProblemDetails {
    /// The message for one field, if the server named it.
    pub fn field_message(&self, field: &str) -> Option<&str> {
        self.errors.iter().find(|e| e.field == field).map(|e| e.message.as_str())
    }
}

/// One page of a list; pass `next_cursor` back as `cursor` for the next page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Absent on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
}
