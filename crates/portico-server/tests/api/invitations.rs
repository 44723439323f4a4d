//! INV-1…7: who may be invited, from where, by which channel; cooldown, expiry, resend, revoke.
use chrono::Duration;
use portico_server::platform::crypto::sha256_hex;
use sea_orm::EntityTrait;
use serde_json::{Value, json};

use crate::helpers::{fields, problem, spawn_app, spawn_app_with};
use crate::portal_support::{family, invitation_token, invite, mail_to, start};

#[tokio::test]
async fn facesheet_invitation_is_branded_carries_a_hashed_fragment_token_and_no_phi() {
    let app = spawn_app().await;
    app.practice("riverside").await;
    let staff = app.login("frontdesk@riverside.test").await.token;
    let (patient, _) = family(&app, &staff, "Maya", "maya@example.com").await;

    let res = invite(&app, &staff, &patient, "self", None).await;
    assert_eq!(res.status(), 201);
    let inv: Value = res.json().await.unwrap();
    assert_eq!(inv["status"], "pending");
    assert_eq!(inv["channels"], json!(["email", "sms"]), "email and phone on file: both (INV-2)");
    assert_eq!(inv["invitee_name"], "Maya Rivera");

    let mail = mail_to(&app, "maya@example.com").await;
    assert_eq!(mail.len(), 1);
    let email = &mail[0];
    assert!(email.subject.as_deref().unwrap().contains("riverside clinic"));
    assert!(email.body.contains("Hello Maya,"));
    assert!(!email.body.contains("Rivera") && !email.body.contains("2014"), "no PHI beyond the first name (INV-6)");
    let eml = std::fs::read_dir(app.data_dir.join("outbox/email"))
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.extension().is_some_and(|x| x == "eml"))
        .unwrap();
    let eml = std::fs::read_to_string(eml).unwrap();
    assert!(eml.contains("text/plain") && eml.contains("text/html"), "HTML with a plain-text part");
    let texts = mail_to(&app, "+12175550101").await;
    assert_eq!(texts.len(), 1);
    assert!(texts[0].body.starts_with("riverside clinic: register"));

    // The token travels in the fragment and is stored only as a hash (INV-4).
    let token = invitation_token(&app, "maya@example.com").await;
    assert!(token.len() >= 43, "at least 256 bits, URL-safe");
    let rows = portico_server::entities::invitation_tokens::Entity::find().all(&app.db).await.unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].token_hash, sha256_hex(&token));
    assert!(!rows[0].token_hash.contains(&token));
    assert_eq!(app.audit_count("invitation.create").await, 1);
}

#[tokio::test]
async fn only_guardians_and_guarantors_and_only_with_an_email_from_the_facesheet() {
    let app = spawn_app().await;
    app.practice("riverside").await;
    app.practice("lakeside").await;
    let staff = app.login("frontdesk@riverside.test").await.token;
    let (patient, contacts) = family(&app, &staff, "Maya", "maya@example.com").await;

    let res = invite(&app, &staff, &patient, "guardian", Some(&contacts["emergency"])).await;
    let p = problem(res, 422).await;
    assert_eq!(fields(&p), ["contact_id"]);
    assert!(p["detail"].as_str().unwrap().contains("Emergency contact"));
    let res = invite(&app, &staff, &patient, "guarantor", Some(&contacts["guardian"])).await;
    assert_eq!(fields(&problem(res, 422).await), ["role"]);
    let res = invite(&app, &staff, &patient, "guardian", None).await;
    assert_eq!(fields(&problem(res, 422).await), ["role"]);
    assert_eq!(invite(&app, &staff, &patient, "guardian", Some(&contacts["guardian"])).await.status(), 201);
    let res = invite(&app, &staff, &patient, "guarantor", Some(&contacts["guarantor"])).await;
    let inv: Value = res.json().await.unwrap();
    assert_eq!(inv["channels"], json!(["email"]), "no phone on file: email only");

    // A patient with a phone but no email: the facesheet refuses, Patient Responsibility texts.
    let body =
        json!({ "first_name": "Sam", "last_name": "Ortiz", "date_of_birth": "1950-01-02", "phone": "217-555-0150" });
    let sam: Value = app.post("/api/v1/staff/patients", &staff).json(&body).send().await.unwrap().json().await.unwrap();
    let sam = sam["id"].as_str().unwrap();
    let res = invite(&app, &staff, sam, "self", None).await;
    let p = problem(res, 422).await;
    assert_eq!(fields(&p), ["email"]);
    assert!(p["detail"].as_str().unwrap().contains("no email address on file"));
    let body = json!({ "role": "self", "origin": "patient_responsibility" });
    let res = app.post(&format!("/api/v1/staff/patients/{sam}/invitations"), &staff).json(&body).send().await.unwrap();
    assert_eq!(res.status(), 201);
    let inv: Value = res.json().await.unwrap();
    assert_eq!(inv["channels"], json!(["sms"]));

    // Other practices, other roles, bad input: nothing sent, nothing stored.
    let lakeside = app.login("frontdesk@lakeside.test").await.token;
    problem(invite(&app, &lakeside, &patient, "self", None).await, 404).await;
    let clinician = app.login("clinician@riverside.test").await.token;
    problem(invite(&app, &clinician, &patient, "self", None).await, 403).await;
    let res = app
        .post(&format!("/api/v1/staff/patients/{patient}/invitations"), &staff)
        .json(&json!({ "role": "owner" }))
        .send()
        .await
        .unwrap();
    assert_eq!(fields(&problem(res, 422).await), ["role"]);
    let listed: Value = app
        .get(&format!("/api/v1/staff/patients/{patient}/invitations"), &staff)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(listed["items"].as_array().unwrap().len(), 2, "guardian and guarantor only");
    problem(app.get(&format!("/api/v1/staff/patients/{patient}/invitations"), &lakeside).send().await.unwrap(), 404)
        .await;
}

#[tokio::test]
async fn cooldown_resend_keeps_every_link_valid_until_expiry_and_revoke_ends_them() {
    let app = spawn_app().await;
    app.practice("riverside").await;
    let staff = app.login("frontdesk@riverside.test").await.token;
    let (patient, _) = family(&app, &staff, "Maya", "maya@example.com").await;
    let first: Value = invite(&app, &staff, &patient, "self", None).await.json().await.unwrap();
    let first_link = invitation_token(&app, "maya@example.com").await;

    // INV-3: inside the practice's 60 s cooldown, 429 with Retry-After.
    app.clock.advance(Duration::seconds(20));
    let res = invite(&app, &staff, &patient, "self", None).await;
    assert_eq!(res.headers()["retry-after"], "40");
    let p = problem(res, 429).await;
    assert_eq!(p["retry_after_seconds"], 40);
    let id = first["id"].as_str().unwrap();
    problem(app.post(&format!("/api/v1/staff/invitations/{id}/resend"), &staff).send().await.unwrap(), 429).await;

    // After it: the same invitation goes again with a new link; both links work (INV-4).
    app.clock.advance(Duration::seconds(41));
    let res = app.post(&format!("/api/v1/staff/invitations/{id}/resend"), &staff).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let resent: Value = res.json().await.unwrap();
    assert_eq!(resent["id"], first["id"]);
    assert_eq!(resent["send_count"], 2);
    let second_link = invitation_token(&app, "maya@example.com").await;
    assert_ne!(first_link, second_link);
    start(&app, &first_link).await;
    start(&app, &second_link).await;

    // Each link expires 14 days after it was sent.
    app.clock.advance(Duration::days(14) - Duration::seconds(30));
    let res = app.client.post(app.url("/api/v1/registration")).json(&json!({ "token": first_link })).send().await;
    assert_eq!(problem(res.unwrap(), 410).await["code"], "invitation_expired");
    start(&app, &second_link).await;

    // Revoked: every link stops at once; a revoked invitation cannot be resent.
    let staff = app.login("frontdesk@riverside.test").await.token;
    let res = app.post(&format!("/api/v1/staff/invitations/{id}/revoke"), &staff).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.json::<Value>().await.unwrap()["status"], "revoked");
    let res = app.client.post(app.url("/api/v1/registration")).json(&json!({ "token": second_link })).send().await;
    assert_eq!(problem(res.unwrap(), 410).await["code"], "invitation_revoked");
    problem(app.post(&format!("/api/v1/staff/invitations/{id}/resend"), &staff).send().await.unwrap(), 409).await;
    assert_eq!(app.audit_count("invitation.revoke").await, 1);

    // A new invitation after the revoke starts afresh.
    let res = invite(&app, &staff, &patient, "self", None).await;
    assert_eq!(res.status(), 201);
    let lakeside_id = uuid::Uuid::now_v7();
    problem(app.post(&format!("/api/v1/staff/invitations/{lakeside_id}/revoke"), &staff).send().await.unwrap(), 404)
        .await;
}

#[tokio::test]
async fn the_portal_directory_lists_accounts_and_open_invitations_by_name() {
    let app = spawn_app().await;
    app.practice("riverside").await;
    app.practice("lakeside").await;
    let staff = app.login("frontdesk@riverside.test").await.token;
    let (maya, contacts) = family(&app, &staff, "Maya", "maya@example.com").await;
    invite(&app, &staff, &maya, "self", None).await;
    crate::portal_support::register(&app, "maya@example.com").await;
    invite(&app, &staff, &maya, "guardian", Some(&contacts["guardian"])).await;
    let gus: Value = invite(&app, &staff, &maya, "guarantor", Some(&contacts["guarantor"])).await.json().await.unwrap();
    let gus_id = gus["id"].as_str().unwrap();
    app.post(&format!("/api/v1/staff/invitations/{gus_id}/revoke"), &staff).send().await.unwrap();

    let list = |query: &'static str, token: String| {
        let app = &app;
        async move {
            let res = app.get(&format!("/api/v1/staff/portal-directory{query}"), &token).send().await.unwrap();
            assert_eq!(res.status(), 200, "{query}");
            res.json::<Value>().await.unwrap()
        }
    };
    let all = list("", staff.clone()).await;
    let rows: Vec<(&str, &str)> = all["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["name"].as_str().unwrap(), e["status"].as_str().unwrap()))
        .collect();
    assert_eq!(rows, [("Gloria Rivera", "invited"), ("Gus Rivera", "revoked"), ("Maya Rivera", "registered")]);
    let maya_row = &all["items"][2];
    assert!(maya_row["last_sign_in_at"].is_null(), "registered, never signed in with a password yet");
    assert_eq!(maya_row["patients"][0]["name"], "Maya Rivera");
    assert_eq!(maya_row["patients"][0]["role"], "self");
    assert_eq!(all["items"][0]["patients"][0]["role"], "guardian");
    assert!(all["items"][0]["invitation_id"].is_string());

    assert_eq!(list("?status=invited", staff.clone()).await["items"].as_array().unwrap().len(), 1);
    assert_eq!(list("?q=GUS", staff.clone()).await["items"][0]["name"], "Gus Rivera");
    let first = list("?limit=2", staff.clone()).await;
    let cursor = first["next_cursor"].as_str().unwrap().to_owned();
    let res = app.get(&format!("/api/v1/staff/portal-directory?limit=2&cursor={cursor}"), &staff).send().await.unwrap();
    let rest: Value = res.json().await.unwrap();
    assert_eq!(rest["items"][0]["name"], "Maya Rivera");
    assert!(rest["next_cursor"].is_null());
    let p = problem(app.get("/api/v1/staff/portal-directory?status=lost", &staff).send().await.unwrap(), 422).await;
    assert_eq!(fields(&p), ["status"]);
    let lakeside = app.login("frontdesk@lakeside.test").await.token;
    assert!(list("", lakeside).await["items"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn the_demo_mailbox_shows_a_delivered_invitation_to_administrators_only() {
    let app = spawn_app_with(|s| s.demo_mailbox = true).await;
    app.practice("riverside").await;
    app.practice("lakeside").await;
    let staff = app.login("frontdesk@riverside.test").await.token;
    let (maya, _) = family(&app, &staff, "Maya", "maya@example.com").await;
    invite(&app, &staff, &maya, "self", None).await;
    app.worker.deliver_due(10).await.unwrap();
    let admin = app.login("admin@riverside.test").await.token;
    let log: Value =
        app.get("/api/v1/staff/deliveries?channel=email", &admin).send().await.unwrap().json().await.unwrap();
    let id = log["items"][0]["id"].as_str().unwrap();
    let path = format!("/api/v1/staff/deliveries/{id}/message");
    let message: Value = app.get(&path, &admin).send().await.unwrap().json().await.unwrap();
    assert_eq!(message["to"], "maya@example.com");
    assert!(message["body"].as_str().unwrap().contains("/register#t="));
    problem(app.get(&path, &staff).send().await.unwrap(), 403).await;
    let other = app.login("admin@lakeside.test").await.token;
    problem(app.get(&path, &other).send().await.unwrap(), 404).await;
}

#[tokio::test]
async fn without_the_demo_mailbox_no_message_body_is_readable() {
    // Message bodies hold live links and codes: an administrator who could read a patient's reset
    // link could sign in as them. Off unless PORTICO_DEMO_MAILBOX is set.
    let app = spawn_app().await;
    app.practice("riverside").await;
    let staff = app.login("frontdesk@riverside.test").await.token;
    let (maya, _) = family(&app, &staff, "Maya", "maya@example.com").await;
    invite(&app, &staff, &maya, "self", None).await;
    app.worker.deliver_due(10).await.unwrap();
    let admin = app.login("admin@riverside.test").await.token;
    let log: Value =
        app.get("/api/v1/staff/deliveries?channel=email", &admin).send().await.unwrap().json().await.unwrap();
    let id = log["items"][0]["id"].as_str().unwrap();
    problem(app.get(&format!("/api/v1/staff/deliveries/{id}/message"), &admin).send().await.unwrap(), 404).await;
}

#[tokio::test]
async fn the_demo_mailbox_is_refused_beside_a_real_mail_server() {
    let mut settings = portico_server::config::Settings {
        port: 0,
        demo_mailbox: true,
        smtp_url: Some("smtp://127.0.0.1:2525".into()),
        ..Default::default()
    };
    settings.data_dir = tempfile::tempdir().unwrap().keep();
    let clock = std::sync::Arc::new(portico_server::platform::clock::SystemClock);
    let built = portico_server::app::Application::build(settings, clock).await;
    let err = built.err().expect("refused").to_string();
    assert!(err.contains("PORTICO_DEMO_MAILBOX"), "{err}");
}

/// An id in the body that is not the patient's (found by Schemathesis, which reads 404 as "the
/// patient just created is gone") is a field to correct: 422 naming it, whoever it belongs to.
#[tokio::test]
async fn a_contact_that_is_not_the_patients_is_a_field_error() {
    let (app, staff) = crate::portal_support::front_desk().await;
    let (maya, _) = family(&app, &staff, "Maya", "maya@example.com").await;
    let (_, leo_contacts) = family(&app, &staff, "Leo", "leo@example.com").await;
    for contact in [json!("0193b1a4-6c1e-7a52-9f3e-2d1c0b9a8e77"), leo_contacts["guardian"].clone()] {
        let p = problem(invite(&app, &staff, &maya, "guardian", Some(&contact)).await, 422).await;
        assert_eq!(fields(&p), ["contact_id"]);
    }
}
