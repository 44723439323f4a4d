//! The OpenAPI document: metadata, security schemes and reusable problem responses. Paths are
//! collected from the handlers by utoipa-actix-web as they are registered (see `app.rs`).
use std::collections::HashMap;

use portico_types::{ErrorCode, FieldError, ProblemDetails};
use utoipa::openapi::path::Operation;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi, ToResponse};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Portico API",
        description = "The patient portal, staff consoles and integrator API of Portico. Every error is \
            `application/problem+json` (RFC 9457) with a stable `code` and per-field `errors`.",
        license(name = "AGPL-3.0-only"),
    ),
    components(schemas(ProblemDetails, FieldError, ErrorCode), responses(BadRequest, Unauthorized, Forbidden, NotFound, Conflict, PreconditionFailed,
        PreconditionRequired, Unprocessable, TooManyRequests, Gone)),
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
        (name = "outreach", description = "Outreach Flows: templates with variants, preview and sends"),
        (name = "registration", description = "Registering from an invitation link (four steps)"),
        (name = "portal-auth", description = "Portal sign-in, sessions and password reset"),
        (name = "portal", description = "The patient portal: the account, its patients and their areas"),
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

problem_response!(BadRequest, "The body is not valid JSON.");
problem_response!(Unauthorized, "No valid access token: sign in again.");
problem_response!(Forbidden, "Signed in, but this role may not do this.");
problem_response!(NotFound, "Not here, or not visible to the caller.");
problem_response!(Conflict, "Conflicts with existing data (e.g. a duplicate email).");
problem_response!(PreconditionFailed, "`If-Match` no longer matches: reload and try again.");
problem_response!(PreconditionRequired, "Send `If-Match` with the ETag you read.");
problem_response!(Unprocessable, "Fields are invalid; `errors` names each one.");
problem_response!(TooManyRequests, "Too many attempts; see `Retry-After`.");
problem_response!(Gone, "The invitation link expired or was revoked: ask the practice for a new one.");

/// Every operation of a path item, mutably.
fn operations(item: &mut utoipa::openapi::PathItem) -> impl Iterator<Item = &mut Operation> {
    [&mut item.get, &mut item.put, &mut item.post, &mut item.delete, &mut item.patch, &mut item.head]
        .into_iter()
        .flatten()
}

/// Finishes the document once the handlers' paths are in: operationIds unique across the API
/// (a handler name used by several areas gets its tag in front: `staff_auth_login`,
/// `portal_auth_login`), and a description on every response (OpenAPI requires one).
pub fn finish(doc: &mut utoipa::openapi::OpenApi) {
    let mut seen: HashMap<String, usize> = HashMap::new();
    for item in doc.paths.paths.values_mut() {
        for op in operations(item) {
            if let Some(id) = &op.operation_id {
                *seen.entry(id.clone()).or_default() += 1;
            }
        }
    }
    for item in doc.paths.paths.values_mut() {
        for op in operations(item) {
            if let Some(id) = op.operation_id.clone()
                && seen.get(&id).copied().unwrap_or(0) > 1
            {
                let tag = op.tags.as_ref().and_then(|t| t.first()).map(|t| t.replace('-', "_")).unwrap_or_default();
                op.operation_id = Some(format!("{tag}_{id}"));
            }
            for (status, response) in op.responses.responses.iter_mut() {
                if let utoipa::openapi::RefOr::T(r) = response
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
