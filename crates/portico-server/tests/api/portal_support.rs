//! Helpers for the onboarding tests: patients with contacts, reading the outbox like an
//! invitee reads their mail, and registering through all four steps.
use portico_server::platform::outbox::transports::FiledMessage;
use serde_json::{Value, json};

use crate::helpers::{Session, TestApp, named_cookie, spawn_app};

pub const PORTAL_PASSWORD: &str = "walnut harbour lantern 42";

/// A patient with a guardian, a guarantor and an emergency contact; returns (patient, contacts by relationship).
pub async fn family(app: &TestApp, token: &str, first: &str, email: &str) -> (String, Value) {
    let body = json!({
        "first_name": first, "last_name": "Rivera", "preferred_name": format!("{first}y"),
        "date_of_birth": "2014-05-02", "sex": "female", "gender_identity": "girl",
        "email": email, "phone": "(217) 555-0101",
    });
    let res = app.post("/api/v1/staff/patients", token).json(&body).send().await.unwrap();
    assert_eq!(res.status(), 201);
    let patient: Value = res.json().await.unwrap();
    let id = patient["id"].as_str().unwrap().to_owned();
    let mut contacts = json!({});
    for (rel, first, email, phone) in [
        ("guardian", "Gloria", Some("gloria@example.com"), Some("(217) 555-0102")),
        ("guarantor", "Gus", Some("gus@example.com"), None),
        ("emergency", "Emma", Some("emma@example.com"), Some("(217) 555-0104")),
    ] {
        let body =
            json!({ "first_name": first, "last_name": "Rivera", "relationship": rel, "email": email, "phone": phone });
        let res = app.post(&format!("/api/v1/staff/patients/{id}/contacts"), token).json(&body).send().await.unwrap();
        assert_eq!(res.status(), 201, "contact {rel}");
        let c: Value = res.json().await.unwrap();
        contacts[rel] = c["id"].clone();
    }
    (id, contacts)
}

/// Delivers the outbox and returns every message filed for `to`, oldest first.
pub async fn mail_to(app: &TestApp, to: &str) -> Vec<FiledMessage> {
    app.background.idle().await;
    app.worker.deliver_due(100).await.unwrap();
    let mut out = Vec::new();
    for dir in ["outbox/email", "outbox/sms"] {
        let mut paths: Vec<_> = std::fs::read_dir(app.data_dir.join(dir))
            .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
            .unwrap_or_default();
        paths.retain(|p: &std::path::PathBuf| p.extension().is_some_and(|x| x == "json"));
        paths.sort();
        for p in paths {
            let m: FiledMessage = serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap();
            if m.to == to {
                out.push(m);
            }
        }
    }
    out
}

/// The token of the newest invitation link sent to `to`.
pub async fn invitation_token(app: &TestApp, to: &str) -> String {
    let mail = mail_to(app, to).await;
    let body = &mail.iter().rev().find(|m| m.body.contains("/register#t=")).expect("an invitation was sent").body;
    token_after(body, "/register#t=")
}

pub fn token_after(body: &str, marker: &str) -> String {
    let start = body.find(marker).expect("link in message") + marker.len();
    body[start..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_').collect()
}

/// The newest 6-digit code sent to `to`.
pub async fn code_for(app: &TestApp, to: &str) -> String {
    let mail = mail_to(app, to).await;
    let body = &mail.iter().rev().find(|m| m.body.contains("verification code is")).expect("a code was sent").body;
    let start = body.find("code is ").unwrap() + "code is ".len();
    body[start..start + 6].to_owned()
}

pub async fn invite(
    app: &TestApp,
    staff: &str,
    patient: &str,
    role: &str,
    contact: Option<&Value>,
) -> reqwest::Response {
    let body = json!({ "role": role, "contact_id": contact });
    app.post(&format!("/api/v1/staff/patients/{patient}/invitations"), staff).json(&body).send().await.unwrap()
}

/// `POST /registration` with a link token: (registration token, status).
pub async fn start(app: &TestApp, token: &str) -> (String, Value) {
    let res = app.client.post(app.url("/api/v1/registration")).json(&json!({ "token": token })).send().await.unwrap();
    assert_eq!(res.status(), 200, "registration starts");
    let body: Value = res.json().await.unwrap();
    (body["registration_token"].as_str().unwrap().to_owned(), body["status"].clone())
}

pub async fn step(app: &TestApp, reg: &str, path: &str, body: Value) -> reqwest::Response {
    app.post(&format!("/api/v1/registration{path}"), reg).json(&body).send().await.unwrap()
}

/// Registers the newest invitation sent to `email` through all four steps; a portal session.
pub async fn register(app: &TestApp, email: &str) -> Session {
    let (reg, status) = start(app, &invitation_token(app, email).await).await;
    assert_eq!(status["step"], "create_account");
    let res = step(app, &reg, "/account", json!({ "password": PORTAL_PASSWORD })).await;
    assert_eq!(res.status(), 200);
    let code = code_for(app, email).await;
    let res = step(app, &reg, "/email/verify", json!({ "code": code })).await;
    assert_eq!(res.status(), 200);
    let res = step(app, &reg, "/phone/send", json!({ "phone": "(217) 555-0199" })).await;
    assert_eq!(res.status(), 200);
    let code = code_for(app, "+12175550199").await;
    let res = step(app, &reg, "/phone/verify", json!({ "code": code })).await;
    let status: Value = res.json().await.unwrap();
    assert_eq!(status["step"], "complete");
    let res = step(app, &reg, "/complete", json!({ "accept_terms": true })).await;
    portal_session(res).await
}

pub async fn portal_session(res: reqwest::Response) -> Session {
    assert_eq!(res.status(), 200, "signed in to the portal");
    let refresh = named_cookie(res.headers(), "portico_portal_refresh").expect("portal refresh cookie");
    let body: Value = res.json().await.unwrap();
    Session { token: body["access_token"].as_str().unwrap().to_owned(), refresh }
}

pub async fn portal_login(app: &TestApp, practice: &str, email: &str, password: &str) -> reqwest::Response {
    app.client
        .post(app.url("/api/v1/portal/auth/login"))
        .json(&json!({ "practice": practice, "email": email, "password": password }))
        .send()
        .await
        .unwrap()
}

/// A fresh app with the Riverside practice, and its front desk's access token.
pub async fn front_desk() -> (TestApp, String) {
    let app = spawn_app().await;
    app.practice("riverside").await;
    let staff = app.login("frontdesk@riverside.test").await.token;
    (app, staff)
}

/// A new adult patient with only a phone, invited by text: (registration token, status).
pub async fn sms_only_registration(app: &TestApp, staff: &str, first: &str, phone: &str) -> (String, Value) {
    let body = json!({ "first_name": first, "last_name": "Sms", "date_of_birth": "1980-01-02", "phone": phone });
    let patient: Value =
        app.post("/api/v1/staff/patients", staff).json(&body).send().await.unwrap().json().await.unwrap();
    let id = patient["id"].as_str().unwrap();
    let body = json!({ "role": "self", "origin": "patient_responsibility" });
    app.post(&format!("/api/v1/staff/patients/{id}/invitations"), staff).json(&body).send().await.unwrap();
    let e164 = format!("+1{}", phone.chars().filter(char::is_ascii_digit).collect::<String>());
    let texts = mail_to(app, &e164).await;
    start(app, &token_after(&texts.last().expect("an invitation text").body, "/register#t=")).await
}
