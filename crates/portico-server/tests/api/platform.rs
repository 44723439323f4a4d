use serde_json::{Value, json};

use crate::helpers::{fields, problem, spawn_app};

#[tokio::test]
async fn health_and_readiness() {
    let app = spawn_app().await;
    let health: Value = app.client.get(app.url("/api/v1/health")).send().await.unwrap().json().await.unwrap();
    assert_eq!(health["status"], "ok");
    let ready: Value = app.client.get(app.url("/api/v1/ready")).send().await.unwrap().json().await.unwrap();
    assert_eq!(ready["database"], "ok");
}

#[tokio::test]
async fn every_response_carries_security_headers_and_a_request_id() {
    let app = spawn_app().await;
    for path in ["/api/v1/health", "/api/v1/nowhere", "/"] {
        let res = app.client.get(app.url(path)).header("X-Request-Id", "trace-me-123").send().await.unwrap();
        let h = res.headers();
        assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(h["referrer-policy"], "no-referrer");
        assert_eq!(h["x-frame-options"], "DENY");
        let csp = h["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("frame-ancestors 'none'") && csp.contains("'wasm-unsafe-eval'"));
        assert_eq!(h["x-request-id"], "trace-me-123");
    }
    let res =
        app.client.get(app.url("/api/v1/health")).header("X-Request-Id", "bad id with spaces").send().await.unwrap();
    assert_ne!(res.headers()["x-request-id"], "bad id with spaces");
    assert_eq!(res.headers()["cache-control"], "no-store");
}

#[tokio::test]
async fn actix_errors_are_problem_json_too() {
    let app = spawn_app().await;
    let login = app.url("/api/v1/staff/auth/login");
    let p = problem(
        app.client.post(&login).header("content-type", "application/json").body("{not json").send().await.unwrap(),
        400,
    )
    .await;
    assert_eq!(p["code"], "malformed_request");
    let p = problem(app.client.post(&login).header("content-type", "text/plain").body("hi").send().await.unwrap(), 415)
        .await;
    assert_eq!(p["code"], "unsupported_media_type");
    // Found by Schemathesis: serde reads a struct from an array, so `[]` was "every field left
    // out" (a PATCH that changed nothing answered 200). Every body must be an object.
    app.practice("riverside").await;
    let admin = app.login("admin@riverside.test").await.token;
    let users: Value = app.get("/api/v1/staff/users", &admin).send().await.unwrap().json().await.unwrap();
    let user = users["items"][0]["id"].as_str().unwrap().to_owned();
    for body in ["[]", "[\"Ann\"]", "\"Ann\"", "42"] {
        let req = app.client.patch(app.url(&format!("/api/v1/staff/users/{user}"))).bearer_auth(&admin);
        let res = req.header("content-type", "application/json").body(body).send().await.unwrap();
        assert_eq!(fields(&problem(res, 422).await), ["body"], "{body}");
    }
    let huge = format!("{{\"email\":\"{}\",\"password\":\"x\"}}", "a".repeat(300 * 1024));
    let p = problem(
        app.client.post(&login).header("content-type", "application/json").body(huge).send().await.unwrap(),
        413,
    )
    .await;
    assert_eq!(p["code"], "payload_too_large");
    let p = problem(app.client.get(app.url("/api/v1/no/such/thing")).send().await.unwrap(), 404).await;
    assert!(p["request_id"].as_str().is_some());
    // A 404 from a service we do not write (Swagger UI's assets) is rewritten as problem+json.
    problem(app.client.get(app.url("/api/docs/no-such-asset.js")).send().await.unwrap(), 404).await;
    let res = app.client.delete(app.url("/api/v1/staff/auth/login")).send().await.unwrap();
    assert_eq!(res.headers()["allow"], "POST");
    problem(res, 405).await;
    let res = app
        .client
        .get(app.url("/api/v1/staff/patients/0190f4c2-0000-7000-8000-000000000000/contacts"))
        .send()
        .await
        .unwrap();
    problem(res, 401).await;
}

#[tokio::test]
async fn the_checked_in_openapi_document_is_current_and_served() {
    let app = spawn_app().await;
    let generated = serde_json::to_value(portico_server::app::openapi()).unwrap();
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../openapi/openapi.json");
    let checked_in: Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("openapi/openapi.json exists")).unwrap();
    assert!(generated == checked_in, "openapi/openapi.json is stale: run `just openapi`");
    let served: Value = app.client.get(app.url("/api/v1/openapi.json")).send().await.unwrap().json().await.unwrap();
    assert_eq!(served, generated);
    let docs = app.client.get(app.url("/api/docs/")).send().await.unwrap();
    assert_eq!(docs.status(), 200);
    assert!(docs.text().await.unwrap().contains("swagger"));
    // Every operation has its own descriptive id, a summary and a description, and documents the
    // errors the request plumbing answers before its handler runs.
    let mut ids = std::collections::HashSet::new();
    for (path, item) in generated["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let id = op["operationId"].as_str().unwrap_or_default();
            assert!(id.len() > 6 && id.contains('_'), "{method} {path}: operationId `{id}` is not descriptive");
            assert!(ids.insert(id.to_owned()), "{method} {path}: operationId `{id}` is used twice");
            for part in ["summary", "description"] {
                assert!(op[part].as_str().is_some_and(|s| !s.trim().is_empty()), "{method} {path} has no {part}");
            }
            let codes = op["responses"].as_object().unwrap();
            if op.get("requestBody").is_some() {
                for code in ["400", "413", "415", "422"] {
                    assert!(codes.contains_key(code), "{method} {path} takes a body but does not document {code}");
                }
            }
            let required = op["security"].as_array().is_some_and(|s| !s.iter().any(|r| r == &json!({})));
            if required {
                assert!(codes.contains_key("401"), "{method} {path} needs a token but does not document 401");
            }
            if path.contains('{') {
                assert!(codes.contains_key("404"), "{method} {path} has a path id but does not document 404");
            }
        }
    }
    for schema in ["ProblemDetails", "FieldError", "ErrorCode"] {
        assert!(generated["components"]["schemas"].get(schema).is_some(), "{schema} is not defined");
    }
}

#[tokio::test]
async fn stored_enums_hold_only_known_names() {
    use sea_orm::ConnectionTrait;
    let app = spawn_app().await;
    app.practice("riverside").await;
    let run = |sql: &'static str| {
        let db = app.db.clone();
        async move { db.execute_unprepared(sql).await }
    };
    // Known names (and sets of them) are accepted…
    run("UPDATE staff_users SET roles = 'billing,admin'").await.unwrap();
    // …anything else is refused by the database itself, on SQLite and PostgreSQL alike.
    for bad in [
        "UPDATE staff_users SET roles = 'owner'",
        "UPDATE staff_users SET roles = 'admin,'",
        "UPDATE staff_users SET roles = ''",
        "UPDATE staff_users SET roles = 'Admin'",
    ] {
        assert!(run(bad).await.is_err(), "{bad} must be refused");
    }
    let audit_insert = "INSERT INTO audit_events (id, occurred_at, actor_type, action, resource_type, outcome, details) \
        VALUES ('00000000-0000-7000-8000-000000000001', '2026-12-01T00:00:00Z', 'robot', 'x.y', 'x', 'success', '{}')";
    assert!(run(audit_insert).await.is_err(), "an unknown actor type is refused");
}

/// Security review, item 16: an over-long address is problem+json with the security headers,
/// whatever it names, up to the HTTP parser's own 64 KiB ceiling.
#[tokio::test]
async fn over_long_addresses_are_414_problem_json_with_security_headers() {
    let app = spawn_app().await;
    for path in
        [format!("/api/v1/staff/patients?q={}", "a".repeat(9 * 1024)), format!("/portal/{}", "b".repeat(60 * 1024))]
    {
        let res = app.client.get(app.url(&path)).send().await.unwrap();
        let headers = res.headers().clone();
        assert_eq!(headers["x-content-type-options"], "nosniff");
        assert!(headers.contains_key("content-security-policy"));
        let p = problem(res, 414).await;
        assert_eq!(p["code"], "uri_too_long");
    }
    let fits = format!("/api/v1/health?pad={}", "c".repeat(7 * 1024));
    assert_eq!(app.client.get(app.url(&fits)).send().await.unwrap().status(), 200);
}
