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

/// What a failure tells the client, before it becomes problem+json: a stable code, a sentence a
/// person can act on, and the fields at fault. Areas build one in [`AreaError::problem`].
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub code: ErrorCode,
    pub detail: String,
    pub errors: Vec<FieldError>,
    pub retry_after_seconds: Option<u64>,
    /// For `invitation_accepted`: where the person signs in instead.
    pub sign_in_path: Option<String>,
    /// For `payment_declined`: why the gateway refused the card.
    pub decline_code: Option<&'static str>,
}

impl Problem {
    pub fn new(code: ErrorCode, detail: impl Into<String>) -> Self {
        Self {
            code,
            detail: detail.into(),
            errors: Vec::new(),
            retry_after_seconds: None,
            sign_in_path: None,
            decline_code: None,
        }
    }

    /// Invalid fields. One field's message reads well alone; `errors` names the fields for programs.
    pub fn invalid(errors: Vec<FieldError>) -> Self {
        let detail = match errors.as_slice() {
            [one] => one.message.clone(),
            many => format!("{} fields need attention; see `errors`.", many.len()),
        };
        Self { errors, ..Self::new(ErrorCode::ValidationFailed, detail) }
    }

    /// Names the kind of thing (`patient`); never says whether it exists elsewhere.
    pub fn not_found(what: &str) -> Self {
        Self::new(ErrorCode::NotFound, format!("No {what} was found here."))
    }

    /// A clash with the current state; `field`, when given, is named in `errors` too.
    pub fn conflict(detail: impl Into<String>, field: Option<&str>) -> Self {
        let detail = detail.into();
        let errors = field.map(|f| vec![FieldError { field: f.into(), message: detail.clone() }]).unwrap_or_default();
        Self { errors, ..Self::new(ErrorCode::Conflict, detail) }
    }

    /// `detail` is the reason; the wait is appended and sent as `Retry-After`.
    pub fn rate_limited(detail: &str, retry_after_seconds: u64) -> Self {
        Self {
            retry_after_seconds: Some(retry_after_seconds),
            ..Self::new(ErrorCode::RateLimited, format!("{detail} Try again in {}.", wait_words(retry_after_seconds)))
        }
    }

    pub fn internal() -> Self {
        Self::new(
            ErrorCode::Internal,
            "Something went wrong on our side. It has been logged; try again in a moment and quote the \
             request id if it keeps happening.",
        )
    }

    fn status(&self) -> StatusCode {
        status(self.code)
    }
}

/// A wait as people say it: "20 seconds", "1 minute", "45 minutes".
pub fn wait_words(seconds: u64) -> String {
    match seconds {
        0..=1 => "1 second".to_owned(),
        2..=90 => format!("{seconds} seconds"),
        _ => match seconds.div_ceil(60) {
            1 => "1 minute".to_owned(),
            minutes => format!("{minutes} minutes"),
        },
    }
}

/// The only table from [`ErrorCode`] to HTTP status.
pub fn status(code: ErrorCode) -> StatusCode {
    match code {
        ErrorCode::ValidationFailed => StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::MalformedRequest => StatusCode::BAD_REQUEST,
        ErrorCode::Unauthenticated | ErrorCode::InvalidCredentials => StatusCode::UNAUTHORIZED,
        ErrorCode::Forbidden => StatusCode::FORBIDDEN,
        ErrorCode::AccountLocked => StatusCode::LOCKED,
        ErrorCode::NotFound | ErrorCode::InvitationInvalid => StatusCode::NOT_FOUND,
        ErrorCode::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
        ErrorCode::Conflict | ErrorCode::InvitationAccepted | ErrorCode::RegistrationStepOutOfOrder => {
            StatusCode::CONFLICT
        }
        ErrorCode::InvitationExpired | ErrorCode::InvitationRevoked => StatusCode::GONE,
        ErrorCode::PreconditionFailed => StatusCode::PRECONDITION_FAILED,
        ErrorCode::PreconditionRequired => StatusCode::PRECONDITION_REQUIRED,
        ErrorCode::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
        ErrorCode::UriTooLong => StatusCode::URI_TOO_LONG,
        ErrorCode::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ErrorCode::RateLimited => StatusCode::TOO_MANY_REQUESTS,
        ErrorCode::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
        ErrorCode::PaymentDeclined => StatusCode::PAYMENT_REQUIRED,
        ErrorCode::Internal => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// An area's own error enum (`InvitationError`, `PatientError` …). Handlers return [`ApiResult`],
/// and `?` turns any area error into an [`ApiError`]; the area alone decides what it says.
pub trait AreaError: std::error::Error + Send + Sync + 'static {
    fn problem(&self) -> Problem;
}

impl<E: AreaError> From<E> for ApiError {
    fn from(e: E) -> Self {
        Self::Area(Box::new(e))
    }
}

/// The platform's failures (request shape, authentication, throttles, the database), and any
/// area's error on its way out of a handler.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("validation failed")]
    Validation(Vec<FieldError>),
    #[error("malformed request: {0}")]
    Malformed(String),
    /// A required request header is missing or unreadable (400, naming it).
    #[error("bad header {name}")]
    Header { name: &'static str, why: &'static str },
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
    #[error("payload too large")]
    PayloadTooLarge { limit_bytes: usize },
    #[error("unsupported media type")]
    UnsupportedMediaType,
    #[error("uri too long")]
    UriTooLong { limit_bytes: usize },
    #[error("rate limited")]
    RateLimited { retry_after_seconds: u64, detail: &'static str },
    #[error("service unavailable: {0}")]
    Unavailable(&'static str),
    /// Too much work queued (password hashing); the client should retry shortly.
    #[error("busy")]
    Busy { retry_after_seconds: u64 },
    #[error("{0}")]
    Area(Box<dyn AreaError>),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<sea_orm::DbErr> for ApiError {
    fn from(e: sea_orm::DbErr) -> Self {
        Self::Internal(anyhow::Error::new(e))
    }
}

impl From<FieldErrors> for ApiError {
    fn from(e: FieldErrors) -> Self {
        Self::Validation(e.0)
    }
}

impl ApiError {
    /// One invalid field.
    pub fn field(field: &str, message: impl Into<String>) -> Self {
        Self::Validation(vec![FieldError { field: field.into(), message: message.into() }])
    }

    pub fn describe(&self) -> Problem {
        match self {
            Self::Validation(errors) => Problem::invalid(errors.clone()),
            Self::Malformed(why) => {
                Problem::new(ErrorCode::MalformedRequest, format!("The request body could not be read: {why}"))
            }
            Self::Header { name, why } => Problem {
                errors: vec![FieldError { field: (*name).into(), message: (*why).into() }],
                ..Problem::new(ErrorCode::MalformedRequest, *why)
            },
            Self::Unauthenticated(why) => Problem::new(ErrorCode::Unauthenticated, *why),
            Self::InvalidCredentials => Problem::new(
                ErrorCode::InvalidCredentials,
                "That email and password do not match. Check both and try again; after many failed \
                 attempts, reset your password. Patients who have not registered yet: use the invitation \
                 link your practice sent you.",
            ),
            Self::Forbidden(why) => Problem::new(ErrorCode::Forbidden, *why),
            Self::NotFound(what) => Problem::not_found(what),
            Self::MethodNotAllowed { allow } if allow.is_empty() => {
                Problem::new(ErrorCode::MethodNotAllowed, "This address does not accept that method.")
            }
            Self::MethodNotAllowed { allow } => Problem::new(
                ErrorCode::MethodNotAllowed,
                format!("This address does not accept that method. Allowed: {}.", allow.join(", ")),
            ),
            Self::PayloadTooLarge { limit_bytes } => Problem::new(
                ErrorCode::PayloadTooLarge,
                format!("The request body is larger than the {limit_bytes} bytes allowed."),
            ),
            Self::UnsupportedMediaType => {
                Problem::new(ErrorCode::UnsupportedMediaType, "Send the body as application/json.")
            }
            Self::UriTooLong { limit_bytes } => Problem::new(
                ErrorCode::UriTooLong,
                format!("The address is longer than the {limit_bytes} bytes allowed. Send long values in a body."),
            ),
            Self::RateLimited { retry_after_seconds, detail } => Problem::rate_limited(detail, *retry_after_seconds),
            Self::Unavailable(why) => Problem::new(ErrorCode::Unavailable, *why),
            Self::Busy { retry_after_seconds } => Problem {
                retry_after_seconds: Some(*retry_after_seconds),
                ..Problem::new(
                    ErrorCode::Unavailable,
                    format!("Many people are signing in right now. Try again in {retry_after_seconds} seconds."),
                )
            },
            Self::Area(e) => e.problem(),
            Self::Internal(_) => Problem::internal(),
        }
    }

    /// The status this error is answered with.
    pub fn status_code_of(&self) -> StatusCode {
        self.describe().status()
    }

    /// The RFC 9457 body.
    pub fn problem(&self) -> ProblemDetails {
        let p = self.describe();
        let status = p.status();
        ProblemDetails {
            type_uri: format!("urn:portico:problem:{}", p.code.as_str()),
            title: status.canonical_reason().unwrap_or("Error").into(),
            status: status.as_u16(),
            detail: p.detail,
            code: p.code,
            request_id: REQUEST_ID.try_with(Clone::clone).ok(),
            errors: p.errors,
            retry_after_seconds: p.retry_after_seconds,
            sign_in_path: p.sign_in_path,
            decline_code: p.decline_code.map(str::to_owned),
        }
    }
}

/// `error` and the errors beneath it, for the log.
fn chain(error: &dyn std::error::Error) -> String {
    let mut out = error.to_string();
    let mut next = error.source();
    while let Some(e) = next {
        out.push_str(": ");
        out.push_str(&e.to_string());
        next = e.source();
    }
    out
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.describe().status()
    }

    fn error_response(&self) -> HttpResponse {
        let body = self.problem();
        if body.code == ErrorCode::Internal {
            // The cause chain goes to the log only; the body stays opaque (SEC-3).
            let cause = match self {
                Self::Internal(cause) => format!("{cause:#}"),
                Self::Area(e) => chain(e.as_ref()),
                other => chain(other),
            };
            tracing::error!(error = cause, "internal error");
        }
        let mut res = HttpResponse::build(status(body.code));
        res.insert_header((header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON)));
        if matches!(body.code, ErrorCode::Unauthenticated | ErrorCode::InvalidCredentials) {
            res.insert_header((header::WWW_AUTHENTICATE, "Bearer"));
        }
        if let Some(seconds) = body.retry_after_seconds {
            res.insert_header((header::RETRY_AFTER, seconds.to_string()));
        }
        if let Self::MethodNotAllowed { allow } = self
            && !allow.is_empty()
        {
            res.insert_header((header::ALLOW, allow.join(", ")));
        }
        res.body(serde_json::to_vec(&body).unwrap_or_default())
    }
}

/// Collects field errors while parsing a request, then fails once with all of them.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct FieldErrors(Vec<FieldError>);

impl std::fmt::Display for FieldErrors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<&str> = self.0.iter().map(|e| e.field.as_str()).collect();
        write!(f, "invalid fields: {}", names.join(", "))
    }
}

impl std::error::Error for FieldErrors {}

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

    /// One invalid field.
    pub fn one(field: &str, message: impl Into<String>) -> Self {
        let mut e = Self::new();
        e.add(field, message);
        e
    }

    pub fn finish(self) -> Result<(), FieldErrors> {
        if self.0.is_empty() { Ok(()) } else { Err(self) }
    }

    /// The first field's message, for a one-line reason.
    pub fn first_message(&self) -> Option<&str> {
        self.0.first().map(|e| e.message.as_str())
    }

    pub fn into_vec(self) -> Vec<FieldError> {
        self.0
    }

    /// The problem these fields make, for an area's [`AreaError::problem`].
    pub fn problem(&self) -> Problem {
        Problem::invalid(self.0.clone())
    }
}

/// One invalid field, as the error of whichever area returns it (its `Invalid(FieldErrors)`).
pub fn invalid<E: From<FieldErrors>>(field: &str, message: impl Into<String>) -> E {
    FieldErrors::one(field, message).into()
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

/// Lets an area error carry the platform's failures: `?` on a database error or on a platform
/// call (throttle, passwords, pagination) lands in its `Platform(ApiError)` variant.
macro_rules! carries_platform_errors {
    ($area:ty) => {
        impl From<sea_orm::DbErr> for $area {
            fn from(e: sea_orm::DbErr) -> Self {
                Self::Platform(e.into())
            }
        }

        impl From<anyhow::Error> for $area {
            fn from(e: anyhow::Error) -> Self {
                Self::Platform(e.into())
            }
        }
    };
}
pub(crate) use carries_platform_errors;
