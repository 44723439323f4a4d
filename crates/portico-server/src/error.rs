//! The one error type. Every failure leaves the API as RFC 9457 `application/problem+json`;
//! this is the only place that chooses an HTTP status.
use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError};
use portico_types::{ErrorCode, FieldError, ProblemDetails};

pub const PROBLEM_JSON: &str = "application/problem+json";

tokio::task_local! {
    /// The current request's id, so error bodies can name it without threading it everywhere.
    pub static REQUEST_ID: String;
}

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("validation failed")]
    Validation(Vec<FieldError>),
    #[error("malformed request: {0}")]
    Malformed(String),
    #[error("unauthenticated: {0}")]
    Unauthenticated(&'static str),
    #[error("invalid credentials")]
    InvalidCredentials,
    #[error("forbidden: {0}")]
    Forbidden(&'static str),
    /// Names the kind of thing (`patient`); never says whether it exists elsewhere.
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error("method not allowed")]
    MethodNotAllowed { allow: Vec<&'static str> },
    #[error("conflict: {detail}")]
    Conflict { detail: String, field: Option<&'static str> },
    #[error("precondition failed")]
    PreconditionFailed,
    #[error("precondition required")]
    PreconditionRequired,
    #[error("payload too large")]
    PayloadTooLarge { limit_bytes: usize },
    #[error("unsupported media type")]
    UnsupportedMediaType,
    #[error("rate limited")]
    RateLimited { retry_after_seconds: u64, detail: &'static str },
    #[error("service unavailable: {0}")]
    Unavailable(&'static str),
    /// An invitation link that cannot be used (INV-4, INV-7).
    #[error("invitation unusable: {0:?}")]
    Invitation(InvitationProblem),
    /// A registration step before the ones it depends on (REG-1).
    #[error("registration step out of order")]
    StepOutOfOrder(&'static str),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InvitationProblem {
    Invalid,
    Expired,
    Revoked,
    Accepted { sign_in_path: String },
}

impl From<sea_orm::DbErr> for ApiError {
    fn from(e: sea_orm::DbErr) -> Self {
        Self::Internal(anyhow::Error::new(e))
    }
}

impl ApiError {
    /// One invalid field.
    pub fn field(field: &str, message: impl Into<String>) -> Self {
        Self::Validation(vec![FieldError { field: field.into(), message: message.into() }])
    }

    fn code(&self) -> ErrorCode {
        match self {
            Self::Validation(_) => ErrorCode::ValidationFailed,
            Self::Malformed(_) => ErrorCode::MalformedRequest,
            Self::Unauthenticated(_) => ErrorCode::Unauthenticated,
            Self::InvalidCredentials => ErrorCode::InvalidCredentials,
            Self::Forbidden(_) => ErrorCode::Forbidden,
            Self::NotFound(_) => ErrorCode::NotFound,
            Self::MethodNotAllowed { .. } => ErrorCode::MethodNotAllowed,
            Self::Conflict { .. } => ErrorCode::Conflict,
            Self::PreconditionFailed => ErrorCode::PreconditionFailed,
            Self::PreconditionRequired => ErrorCode::PreconditionRequired,
            Self::PayloadTooLarge { .. } => ErrorCode::PayloadTooLarge,
            Self::UnsupportedMediaType => ErrorCode::UnsupportedMediaType,
            Self::RateLimited { .. } => ErrorCode::RateLimited,
            Self::Unavailable(_) => ErrorCode::Unavailable,
            Self::Invitation(InvitationProblem::Invalid) => ErrorCode::InvitationInvalid,
            Self::Invitation(InvitationProblem::Expired) => ErrorCode::InvitationExpired,
            Self::Invitation(InvitationProblem::Revoked) => ErrorCode::InvitationRevoked,
            Self::Invitation(InvitationProblem::Accepted { .. }) => ErrorCode::InvitationAccepted,
            Self::StepOutOfOrder(_) => ErrorCode::RegistrationStepOutOfOrder,
            Self::Internal(_) => ErrorCode::Internal,
        }
    }

    fn detail(&self) -> String {
        match self {
            // The message alone reads well to a person; `errors` names the field for programs.
            Self::Validation(errors) if errors.len() == 1 => errors[0].message.clone(),
            Self::Validation(errors) => {
                format!("{} fields need attention; see `errors`.", errors.len())
            }
            Self::Malformed(why) => format!("The request body could not be read: {why}"),
            Self::Unauthenticated(why) => (*why).to_string(),
            Self::InvalidCredentials => "That email and password do not match. Check both and try \
                again; after many failed attempts, reset your password. Patients who have not \
                registered yet: use the invitation link your practice sent you."
                .into(),
            Self::Forbidden(why) => (*why).to_string(),
            Self::NotFound(what) => format!("No {what} was found here."),
            Self::MethodNotAllowed { allow } if allow.is_empty() => "This address does not accept that method.".into(),
            Self::MethodNotAllowed { allow } => {
                format!("This address does not accept that method. Allowed: {}.", allow.join(", "))
            }
            Self::Conflict { detail, .. } => detail.clone(),
            Self::PreconditionFailed => "Someone else changed this since you loaded it. Reload, \
                review the current values and save again."
                .into(),
            Self::PreconditionRequired => "Send the ETag you read as an If-Match header so a \
                concurrent change is not overwritten."
                .into(),
            Self::PayloadTooLarge { limit_bytes } => {
                format!("The request body is larger than the {limit_bytes} bytes allowed.")
            }
            Self::UnsupportedMediaType => "Send the body as application/json.".into(),
            Self::RateLimited { retry_after_seconds, detail } => {
                format!("{detail} Try again in {retry_after_seconds} seconds.")
            }
            Self::Unavailable(why) => (*why).to_string(),
            Self::Invitation(InvitationProblem::Invalid) => "This registration link is not valid. \
                Open the link from your invitation email or text exactly as sent, or call your \
                practice and ask them to send you a new invitation."
                .into(),
            Self::Invitation(InvitationProblem::Expired) => "This registration link has expired. \
                Call your practice and ask them to send you a new invitation."
                .into(),
            Self::Invitation(InvitationProblem::Revoked) => "This invitation was withdrawn by your \
                practice. Call them if you still want to use the patient portal."
                .into(),
            Self::Invitation(InvitationProblem::Accepted { .. }) => "You have already registered \
                with this invitation. Sign in with your email and password."
                .into(),
            Self::StepOutOfOrder(why) => (*why).to_string(),
            Self::Internal(_) => "Something went wrong on our side. It has been logged; try again \
                in a moment and quote the request id if it keeps happening."
                .into(),
        }
    }

    pub fn problem(&self) -> ProblemDetails {
        let code = self.code();
        let status = self.status_code();
        let mut errors = match self {
            Self::Validation(errors) => errors.clone(),
            _ => Vec::new(),
        };
        if let Self::Conflict { field: Some(field), detail } = self {
            errors.push(FieldError { field: (*field).into(), message: detail.clone() });
        }
        ProblemDetails {
            type_uri: format!("urn:portico:problem:{}", code.as_str()),
            title: status.canonical_reason().unwrap_or("Error").into(),
            status: status.as_u16(),
            detail: self.detail(),
            code,
            request_id: REQUEST_ID.try_with(Clone::clone).ok(),
            errors,
            retry_after_seconds: match self {
                Self::RateLimited { retry_after_seconds, .. } => Some(*retry_after_seconds),
                _ => None,
            },
            sign_in_path: match self {
                Self::Invitation(InvitationProblem::Accepted { sign_in_path }) => Some(sign_in_path.clone()),
                _ => None,
            },
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            Self::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::Malformed(_) => StatusCode::BAD_REQUEST,
            Self::Unauthenticated(_) | Self::InvalidCredentials => StatusCode::UNAUTHORIZED,
            Self::Forbidden(_) => StatusCode::FORBIDDEN,
            Self::NotFound(_) => StatusCode::NOT_FOUND,
            Self::MethodNotAllowed { .. } => StatusCode::METHOD_NOT_ALLOWED,
            Self::Conflict { .. } => StatusCode::CONFLICT,
            Self::PreconditionFailed => StatusCode::PRECONDITION_FAILED,
            Self::PreconditionRequired => StatusCode::PRECONDITION_REQUIRED,
            Self::PayloadTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            Self::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            Self::Invitation(InvitationProblem::Invalid) => StatusCode::NOT_FOUND,
            Self::Invitation(InvitationProblem::Expired | InvitationProblem::Revoked) => StatusCode::GONE,
            Self::Invitation(InvitationProblem::Accepted { .. }) | Self::StepOutOfOrder(_) => StatusCode::CONFLICT,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        if let Self::Internal(cause) = self {
            // The cause chain goes to the log only; the body stays opaque (SEC-3).
            tracing::error!(error = format!("{cause:#}"), "internal error");
        }
        let mut res = HttpResponse::build(self.status_code());
        res.insert_header((header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON)));
        match self {
            Self::Unauthenticated(_) | Self::InvalidCredentials => {
                res.insert_header((header::WWW_AUTHENTICATE, "Bearer"));
            }
            Self::RateLimited { retry_after_seconds, .. } => {
                res.insert_header((header::RETRY_AFTER, retry_after_seconds.to_string()));
            }
            Self::MethodNotAllowed { allow } if !allow.is_empty() => {
                res.insert_header((header::ALLOW, allow.join(", ")));
            }
            _ => {}
        }
        res.body(serde_json::to_vec(&self.problem()).unwrap_or_default())
    }
}

/// Collects field errors while parsing a request, then fails once with all of them.
#[derive(Debug, Default)]
pub struct FieldErrors(Vec<FieldError>);

impl FieldErrors {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn add(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.0.push(FieldError { field: field.into(), message: message.into() });
    }

    /// Keeps the value when `result` is Ok, records the error under `field` otherwise.
    pub fn check<T>(&mut self, field: &str, result: Result<T, String>) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(message) => {
                self.add(field, message);
                None
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn finish(self) -> Result<(), ApiError> {
        if self.0.is_empty() { Ok(()) } else { Err(ApiError::Validation(self.0)) }
    }
}

/// True when the database refused a write because of a unique constraint.
pub fn is_unique_violation(err: &sea_orm::DbErr) -> bool {
    matches!(err.sql_err(), Some(sea_orm::SqlErr::UniqueConstraintViolation(_)))
}

pub type ApiResult<T> = Result<T, ApiError>;

/// The problem body for an error actix or a middleware produced before our code ran.
pub fn for_status(status: StatusCode) -> ApiError {
    match status.as_u16() {
        400 => ApiError::Malformed("the request could not be understood.".into()),
        401 => ApiError::Unauthenticated("Sign in first."),
        403 => ApiError::Forbidden("You may not do this."),
        404 => ApiError::NotFound("resource"),
        405 => ApiError::MethodNotAllowed { allow: Vec::new() },
        413 => ApiError::PayloadTooLarge { limit_bytes: 0 },
        415 => ApiError::UnsupportedMediaType,
        429 => ApiError::RateLimited { retry_after_seconds: 60, detail: "Too many requests." },
        503 => ApiError::Unavailable("The service is temporarily unavailable."),
        _ => ApiError::Internal(anyhow::anyhow!("unmapped error status {status}")),
    }
}
