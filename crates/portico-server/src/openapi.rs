//! The OpenAPI document: metadata, security schemes and reusable problem responses. Paths are
//! collected from the handlers by utoipa-actix-web as they are registered (see `app.rs`).
use portico_types::{ErrorCode, FieldError, ProblemDetails};
use utoipa::openapi::header::Header;
use utoipa::openapi::path::{Operation, ParameterIn};
use utoipa::openapi::schema::{ObjectBuilder, Type};
use utoipa::openapi::security::{
    ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme,
};
use utoipa::openapi::{Ref, RefOr};
use utoipa::{Modify, OpenApi, ToResponse};

use crate::platform::sessions::{PORTAL_COOKIE, STAFF_COOKIE};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Portico API",
        description = "The patient portal, staff consoles and integrator API of Portico. Every error is \
            `application/problem+json` (RFC 9457) with a stable `code` and per-field `errors`.",
        license(name = "AGPL-3.0-only"),
    ),
    components(
        schemas(ProblemDetails, FieldError, ErrorCode),
        responses(BadRequest, Unauthorized, Forbidden, NotFound, Conflict, Gone, PreconditionFailed, PayloadTooLarge,
            UnsupportedMediaType, Unprocessable, PreconditionRequired, TooManyRequests, Busy, FileTooLarge,
            FileTypeNotAllowed, FileDownload, PaymentDeclined, GatewayUnavailable),
    ),
    modifiers(&Security),
    tags(
        (name = "health", description = "Liveness and readiness"),
        (name = "staff-auth", description = "Staff sign-in and sessions"),
        (name = "staff-users", description = "Staff users and roles (administrators)"),
        (name = "portal-config", description = "Portal configuration (administrators)"),
        (name = "patients", description = "Patients and their contacts (facesheet)"),
        (name = "scheduling", description = "Providers, locations and appointment types"),
        (name = "audit", description = "The append-only audit log (administrators)"),
        (name = "deliveries", description = "The delivery log of emails and texts (administrators)"),
        (name = "invitations", description = "Portal invitations for patients, guardians and guarantors"),
        (name = "portal-access", description = "Ending portal access: revoking a grant, locking and unlocking an account"),
        (name = "outreach", description = "Outreach Flows: templates with variants, preview and sends"),
        (name = "registration", description = "Registering from an invitation link (four steps)"),
        (name = "portal-auth", description = "Portal sign-in, sessions and password reset"),
        (name = "portal", description = "The patient portal: the account, its patients and their areas"),
        (name = "messages", description = "Secure messaging: the staff inbox and threads with patients"),
        (name = "portal-messages", description = "Secure messaging in the portal: a patient's threads"),
        (name = "files", description = "A patient's files: My Files uploads and message attachments"),
        (name = "portal-files", description = "My Files in the portal: sending files to the practice"),
        (name = "payments", description = "The patient ledger: charges, adjustments, refunds, card charges, balances (Patient Responsibility)"),
        (name = "pay-link", description = "A statement's pay link: see and pay one balance without signing in"),
        (name = "portal-payments", description = "Payments in the portal: balance, ledger, paying by card, receipts and saved cards"),
    ),
)]
pub struct ApiDoc;

struct Security;

impl Modify for Security {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "staff_token",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .description(Some("Access token from `POST /api/v1/staff/auth/login` (15 minutes)."))
                    .build(),
            ),
        );
        components.add_security_scheme(
            "portal_token",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .description(Some("Access token from `POST /api/v1/portal/auth/login` (15 minutes)."))
                    .build(),
            ),
        );
        for (kind, cookie, path) in
            [("staff", STAFF_COOKIE.name, STAFF_COOKIE.path), ("portal", PORTAL_COOKIE.name, PORTAL_COOKIE.path)]
        {
            components.add_security_scheme(
                format!("{kind}_refresh_cookie"),
                SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                    cookie,
                    &format!(
                        "The refresh token, set by sign-in as an HttpOnly, SameSite=Strict cookie sent only to \
                         `{path}`; each refresh rotates it, and a rotated one presented again ends the session."
                    ),
                ))),
            );
        }
        components.add_security_scheme(
            "registration_token",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .description(Some(
                        "`registration_token` from `POST /api/v1/registration`: opens the registration \
                         endpoints only.",
                    ))
                    .build(),
            ),
        );
    }
}

macro_rules! problem_response {
    ($name:ident, $description:literal) => {
        #[derive(ToResponse)]
        #[response(description = $description, content_type = "application/problem+json")]
        #[allow(dead_code)]
        pub struct $name(ProblemDetails);
    };
}

problem_response!(BadRequest, "The body is not valid JSON, or could not be read.");
problem_response!(Unauthorized, "No valid access token: sign in again.");
problem_response!(Forbidden, "Signed in, but this role may not do this.");
problem_response!(NotFound, "Not here, or not visible to the caller.");
problem_response!(Conflict, "Conflicts with existing data (e.g. a duplicate email).");
problem_response!(PreconditionFailed, "`If-Match` no longer matches: reload and try again.");
problem_response!(PreconditionRequired, "Send `If-Match` with the ETag you read.");
problem_response!(Unprocessable, "Fields are invalid; `errors` names each one.");
problem_response!(TooManyRequests, "Too many attempts; wait the seconds in `Retry-After`.");
problem_response!(Gone, "The invitation link expired or was revoked: ask the practice for a new one.");
problem_response!(PayloadTooLarge, "The body is larger than this endpoint accepts (64 KiB for JSON).");
problem_response!(UnsupportedMediaType, "Send the body as `application/json`.");
problem_response!(FileTooLarge, "A file is over 10 MB (`errors` names the `file[i]` part); nothing was kept.");
problem_response!(
    FileTypeNotAllowed,
    "A file's content is not a PDF, PNG, JPEG, HEIC, GIF, WebP or plain text (`errors` names the `file[i]` part)."
);
problem_response!(
    PaymentDeclined,
    "The card was declined (`decline_code`: `card_declined` or `insufficient_funds`); nothing was charged or posted."
);
problem_response!(
    GatewayUnavailable,
    "The card service did not answer. Retry with the same `Idempotency-Key`: a payment that went through is never \
     taken twice."
);
problem_response!(Busy, "Too many sign-ins are being checked right now; retry after `Retry-After` seconds.");

/// A download: the file's bytes in the type decided from its content when it was uploaded.
pub struct FileDownload;

impl<'s> utoipa::ToResponse<'s> for FileDownload {
    fn response() -> (&'s str, RefOr<utoipa::openapi::Response>) {
        use utoipa::openapi::{ContentBuilder, ResponseBuilder};
        let mut response = ResponseBuilder::new().description(
            "The file's bytes, as an attachment (`Content-Disposition: attachment`), in the type decided from its \
             content at upload; `Repr-Digest` carries its SHA-256.",
        );
        for kind in crate::files::model::Kind::ALL {
            let bytes = <crate::files::routes::FilePart as utoipa::PartialSchema>::schema();
            response = response.content(kind.mime(), ContentBuilder::new().schema(Some(bytes)).build());
        }
        ("FileDownload", response.build().into())
    }
}

/// The responses every operation of a kind can give, whatever its handler lists: the request
/// plumbing answers them before the handler runs, so a new route documents them by default.
fn shared_responses(op: &Operation) -> Vec<(&'static str, &'static str)> {
    let mut shared = Vec::new();
    if op.request_body.is_some() {
        shared.extend([
            ("400", "BadRequest"),
            ("413", "PayloadTooLarge"),
            ("415", "UnsupportedMediaType"),
            ("422", "Unprocessable"),
        ]);
    }
    let located = |place: ParameterIn| {
        op.parameters.iter().flatten().any(|p| matches!(p, RefOr::T(p) if p.parameter_in == place))
    };
    if located(ParameterIn::Query) {
        shared.push(("422", "Unprocessable"));
    }
    // A path segment that does not parse (a malformed id) is simply not here.
    if located(ParameterIn::Path) {
        shared.push(("404", "NotFound"));
    }
    // Required security (no empty alternative, as sign-out has) answers 401 without it.
    let optional = |r: &SecurityRequirement| serde_json::to_value(r).is_ok_and(|v| v == serde_json::json!({}));
    if op.security.as_ref().is_some_and(|s| !s.is_empty() && !s.iter().any(optional)) {
        shared.push(("401", "Unauthorized"));
    }
    shared
}

/// `Retry-After` on the responses that carry it.
fn retry_after(components: &mut utoipa::openapi::Components) {
    for name in ["TooManyRequests", "Busy"] {
        if let Some(RefOr::T(response)) = components.responses.get_mut(name) {
            let mut header = Header::new(ObjectBuilder::new().schema_type(Type::Integer).minimum(Some(1)));
            header.description = Some("Seconds to wait before trying again.".into());
            response.headers.insert("Retry-After".into(), RefOr::T(header));
        }
    }
}

/// Every operation of a path item, mutably.
fn operations(item: &mut utoipa::openapi::PathItem) -> impl Iterator<Item = &mut Operation> {
    [&mut item.get, &mut item.put, &mut item.post, &mut item.delete, &mut item.patch, &mut item.head]
        .into_iter()
        .flatten()
}

/// Finishes the document once the handlers' paths are in: the shared responses on every
/// operation they apply to, and a description on every response (OpenAPI requires one).
pub fn finish(doc: &mut utoipa::openapi::OpenApi) {
    retry_after(doc.components.get_or_insert_with(Default::default));
    for item in doc.paths.paths.values_mut() {
        for op in operations(item) {
            for (status, name) in shared_responses(op) {
                op.responses
                    .responses
                    .entry(status.into())
                    .or_insert_with(|| RefOr::Ref(Ref::from_response_name(name)));
            }
            for (status, response) in op.responses.responses.iter_mut() {
                if let RefOr::T(r) = response
                    && r.description.is_empty()
                {
                    r.description = match status.as_str() {
                        "200" => "Success",
                        "201" => "Created",
                        "202" => "Accepted",
                        "204" => "Done; no content",
                        _ => "See the problem body",
                    }
                    .into();
                }
            }
        }
    }
}
