//! HTTP plumbing: extractors whose failures name the offending field, the catch-all that turns
//! any other error response into problem+json, 404 vs 405 from the route table, security
//! headers. Serving the SPA and its Content-Security-Policy is [`super::spa`].
use std::future::Future;
use std::pin::Pin;

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::error::{JsonPayloadError, PathError};
use actix_web::http::header;
use actix_web::middleware::{DefaultHeaders, ErrorHandlerResponse, Next};
use actix_web::{FromRequest, HttpRequest, HttpResponse, web};
use serde::de::DeserializeOwned;

use crate::error::{ApiError, FieldErrors, PROBLEM_JSON, for_status};

/// JSON object body whose shape errors come back as 422 naming the field (`contacts[0].email`).
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned + 'static> FromRequest for ApiJson<T> {
    type Error = actix_web::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self, actix_web::Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let value = web::Json::<serde_json::Value>::from_request(req, payload);
        Box::pin(async move {
            let web::Json(value) = value.await?;
            // Every body is an object. serde would also read a struct from an array (`[]` as
            // "every field left out"), which no client means.
            if !value.is_object() {
                return Err(
                    ApiError::from(FieldErrors::one("body", "Send a JSON object, like {\"name\": \"…\"}.")).into()
                );
            }
            serde_path_to_error::deserialize(value).map(ApiJson).map_err(|e| shape_error(e).into())
        })
    }
}

/// Query string whose errors come back as 422 naming the parameter.
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned + 'static> FromRequest for ApiQuery<T> {
    type Error = actix_web::Error;
    type Future = futures_util::future::Ready<Result<Self, actix_web::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let parsed = url::form_urlencoded::parse(req.query_string().as_bytes());
        let de = serde_urlencoded::Deserializer::new(parsed);
        futures_util::future::ready(
            serde_path_to_error::deserialize(de).map(ApiQuery).map_err(|e| shape_error(e).into()),
        )
    }
}

fn shape_error<E: std::fmt::Display>(e: serde_path_to_error::Error<E>) -> ApiError {
    let path = e.path().to_string();
    let raw = e.inner().to_string();
    let mut errors = FieldErrors::new();
    if let Some(missing) = raw.strip_prefix("missing field `").and_then(|r| r.split('`').next()) {
        let field = if path == "." { missing.to_owned() } else { format!("{path}.{missing}") };
        errors.add(field, "This field is required.");
    } else {
        errors.add(if path == "." { "body".into() } else { path }, humanise(&raw));
    }
    match errors.finish() {
        Err(e) => e.into(),
        Ok(()) => ApiError::Malformed(raw),
    }
}

/// serde's messages, minus the Rust: "invalid type: integer `5`, expected a string" → "Expected a string."
fn humanise(raw: &str) -> String {
    let raw = raw.split(" at line ").next().unwrap_or(raw);
    // Parsers' own words ("UUID parsing failed: invalid character …") mean nothing to a person.
    if raw.contains("UUID parsing failed") || raw.contains("invalid length: expected length 32") {
        return "Use an id exactly as the API returned it, like 0193b1a4-6c1e-7a52-9f3e-2d1c0b9a8e77.".into();
    }
    if ["input contains invalid characters", "premature end of input", "trailing input", "input is out of range"]
        .iter()
        .any(|m| raw.contains(m))
    {
        return "Use a date like 2026-12-01, or a date and time like 2026-12-01T09:30:00Z.".into();
    }
    if let Some(expected) = raw.split(", expected ").nth(1) {
        if raw.starts_with("unknown variant") {
            return format!("Use one of: {}.", expected.trim_start_matches("one of ").replace('`', ""));
        }
        return format!("Expected {}.", expected.replace('`', ""));
    }
    let mut s = raw.replace('`', "");
    if let Some(first) = s.get(..1) {
        s = first.to_uppercase() + &s[1..];
    }
    s
}

pub fn json_config(limit: usize) -> web::JsonConfig {
    web::JsonConfig::default().limit(limit).error_handler(move |err, _req| {
        let api = match &err {
            JsonPayloadError::Overflow { limit } | JsonPayloadError::OverflowKnownLength { limit, .. } => {
                ApiError::PayloadTooLarge { limit_bytes: *limit }
            }
            JsonPayloadError::ContentType => ApiError::UnsupportedMediaType,
            JsonPayloadError::Deserialize(e) => {
                ApiError::Malformed(format!("it is not valid JSON (line {}, column {}).", e.line(), e.column()))
            }
            _ => ApiError::Malformed("the body could not be read.".into()),
        };
        api.into()
    })
}

/// A malformed id in the path is simply something that is not here.
pub fn path_config() -> web::PathConfig {
    web::PathConfig::default().error_handler(|_err: PathError, _req| ApiError::NotFound("resource").into())
}

/// Rewrites any error response that is not already problem+json (actix's own 4xx/5xx).
pub fn problem_catch_all<B: MessageBody + 'static>(
    res: ServiceResponse<B>,
) -> actix_web::Result<ErrorHandlerResponse<B>> {
    let is_problem = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with(PROBLEM_JSON));
    if is_problem {
        return Ok(ErrorHandlerResponse::Response(res.map_into_left_body()));
    }
    let status = res.status();
    let (req, original) = res.into_parts();
    let problem = for_status(status).problem();
    let mut body = HttpResponse::build(status);
    // Keep what the original said beyond its body (`Allow`, `WWW-Authenticate`, `Retry-After` …).
    for (name, value) in original.headers() {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            body.append_header((name.clone(), value.clone()));
        }
    }
    let body = body.content_type(PROBLEM_JSON).body(serde_json::to_vec(&problem).unwrap_or_default());
    Ok(ErrorHandlerResponse::Response(ServiceResponse::new(req, body).map_into_right_body()))
}

/// The API's paths and methods, from the OpenAPI document, to tell 404 from 405.
#[derive(Debug, Default, Clone)]
pub struct RouteIndex(Vec<(Vec<String>, Vec<&'static str>)>);

impl RouteIndex {
    pub fn from_openapi(doc: &utoipa::openapi::OpenApi) -> Self {
        let routes = doc
            .paths
            .paths
            .iter()
            .map(|(path, item)| {
                let segments = path.trim_matches('/').split('/').map(str::to_owned).collect();
                let methods = [
                    ("GET", item.get.is_some()),
                    ("POST", item.post.is_some()),
                    ("PUT", item.put.is_some()),
                    ("PATCH", item.patch.is_some()),
                    ("DELETE", item.delete.is_some()),
                ]
                .into_iter()
                .filter_map(|(m, present)| present.then_some(m))
                .collect();
                (segments, methods)
            })
            .collect();
        Self(routes)
    }

    /// Methods allowed on `path`, or `None` when no route matches it at all.
    pub fn allowed(&self, path: &str) -> Option<Vec<&'static str>> {
        let parts: Vec<&str> = path.trim_matches('/').split('/').collect();
        let mut allow: Vec<&'static str> = self
            .0
            .iter()
            .filter(|(segments, _)| {
                segments.len() == parts.len() && segments.iter().zip(&parts).all(|(s, p)| s.starts_with('{') || s == p)
            })
            .flat_map(|(_, methods)| methods.iter().copied())
            .collect();
        allow.sort_unstable();
        allow.dedup();
        (!allow.is_empty()).then_some(allow)
    }
}

fn unrouted(req: &HttpRequest, routes: &RouteIndex) -> ApiError {
    match routes.allowed(req.path()) {
        Some(allow) if !allow.contains(&req.method().as_str()) => ApiError::MethodNotAllowed { allow },
        _ => ApiError::NotFound("endpoint or page at this address; the API is described at /api/docs/"),
    }
}

/// Everything no route took: 405 with `Allow` for a known path, 404 otherwise.
pub async fn not_found(req: HttpRequest, routes: web::Data<RouteIndex>) -> HttpResponse {
    actix_web::ResponseError::error_response(&unrouted(&req, &routes))
}

/// The longest address (path and query) read: 8 KiB, what common proxies allow. Nothing Portico
/// serves needs more; past it the answer is 414 problem+json with the security headers. (Past the
/// HTTP parser's own ceiling of 64 KiB the connection is refused before any of this runs.)
pub const MAX_URI_BYTES: usize = 8 * 1024;

pub async fn refuse_long_uri(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    let length = req.uri().path_and_query().map_or(0, |p| p.as_str().len());
    if length > MAX_URI_BYTES {
        let res = actix_web::ResponseError::error_response(&ApiError::UriTooLong { limit_bytes: MAX_URI_BYTES });
        return Ok(req.into_response(res).map_into_right_body());
    }
    Ok(next.call(req).await?.map_into_left_body())
}

/// Headers on every response (SEC-1). `csp` is built by
/// [`super::spa::Spa::content_security_policy`].
pub fn security_headers(csp: &str, hsts: bool) -> DefaultHeaders {
    let mut h = DefaultHeaders::new()
        .add((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .add((header::X_FRAME_OPTIONS, "DENY"))
        .add((header::REFERRER_POLICY, "no-referrer"))
        .add(("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()"))
        .add(("Cross-Origin-Opener-Policy", "same-origin"))
        .add((header::CONTENT_SECURITY_POLICY, csp.to_owned()));
    if hsts {
        h = h.add((header::STRICT_TRANSPORT_SECURITY, "max-age=63072000; includeSubDomains"));
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn route_index_tells_404_from_405() {
        let idx =
            RouteIndex(vec![(vec!["api".into(), "v1".into(), "patients".into(), "{id}".into()], vec!["GET", "PUT"])]);
        assert_eq!(idx.allowed("/api/v1/patients/abc"), Some(vec!["GET", "PUT"]));
        assert_eq!(idx.allowed("/api/v1/patients"), None);
    }

    #[test]
    fn serde_messages_are_made_readable() {
        assert_eq!(humanise("invalid type: integer `5`, expected a string at line 1 column 3"), "Expected a string.");
        assert_eq!(humanise("unknown variant `x`, expected one of `a`, `b`"), "Use one of: a, b.");
        let uuid = humanise(
            "UUID parsing failed: invalid character: expected an optional prefix of `urn:uuid:` followed by [0-9a-fA-F-], found `U` at 1",
        );
        assert!(uuid.starts_with("Use an id") && !uuid.contains("parsing"), "{uuid}");
        assert!(humanise("input contains invalid characters").starts_with("Use a date"));
    }
}
