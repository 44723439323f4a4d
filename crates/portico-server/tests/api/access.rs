//! Issue 9, item 1: portal access ends when its source does. A guardian's access comes from
//! their contact record; an invitation's links from the address they were sent to.
use chrono::Duration;
use serde_json::{Value, json};

use crate::helpers::{Session, TestApp, problem};
use crate::portal::refresh;
use crate::portal_support::{family, front_desk, invitation_token, invite, register, start, step};

async fn patients_seen(app: &TestApp, session: &Session) -> Vec<String> {
    let me: Value = app.get("/api/v1/portal/me", &session.token).send().await.unwrap().json().await.unwrap();
    me["patients"].as_array().unwrap().iter().map(|p| p["first_name"].as_str().unwrap().to_owned()).collect()
}

fn contact_path(patient: &str, contacts: &Value, rel: &str) -> String {
    format!("/api/v1/staff/patients/{patient}/contacts/{}", contacts[rel].as_str().unwrap())
}

#[tokio::test]
async fn removing_a_guardian_contact_ends_their_access_and_signs_them_out() {
    let (app, staff) = front_desk().await;
    let (maya, contacts) = family(&app, &staff, "Maya", "maya@example.com").await;
    invite(&app, &staff, &maya, "guardian", Some(&contacts["guardian"])).await;
    let gloria = register(&app, "gloria@example.com").await;
    assert_eq!(patients_seen(&app, &gloria).await, ["Maya"]);
    let info = format!("/api/v1/portal/patients/{maya}/my-information");
    assert_eq!(app.get(&info, &gloria.token).send().await.unwrap().status(), 200);

    let res = app.client.delete(app.url(&contact_path(&maya, &contacts, "guardian"))).bearer_auth(&staff);
    assert_eq!(res.send().await.unwrap().status(), 204);
    // The access token still in her hands opens nothing of Maya's, and her session is over.
    problem(app.get(&info, &gloria.token).send().await.unwrap(), 401).await;
    problem(refresh(&app, &gloria.refresh).await, 401).await;
    assert_eq!(app.audit_count("portal_grant.revoke").await, 1);
}

#[tokio::test]
async fn a_changed_relationship_ends_that_access_only() {
    let (app, staff) = front_desk().await;
    let (maya, maya_contacts) = family(&app, &staff, "Maya", "maya@example.com").await;
    let (leo, leo_contacts) = family(&app, &staff, "Leo", "leo@example.com").await;
    invite(&app, &staff, &maya, "guardian", Some(&maya_contacts["guardian"])).await;
    let gloria = register(&app, "gloria@example.com").await;
    invite(&app, &staff, &leo, "guardian", Some(&leo_contacts["guardian"])).await;
    let (reg, _) = start(&app, &invitation_token(&app, "gloria@example.com").await).await;
    step(&app, &reg, "/sign-in", json!({ "password": crate::portal_support::PORTAL_PASSWORD })).await;
    assert_eq!(patients_seen(&app, &gloria).await, ["Leo", "Maya"]);

    // Gloria is now only Maya's emergency contact: no longer her guardian in the portal.
    let body = json!({ "first_name": "Gloria", "last_name": "Rivera", "relationship": "emergency",
                       "email": "gloria@example.com" });
    let res = app.put(&contact_path(&maya, &maya_contacts, "guardian"), &staff).json(&body).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(patients_seen(&app, &gloria).await, ["Leo"], "Leo's access has its own source");
    let info = format!("/api/v1/portal/patients/{maya}/my-information");
    problem(app.get(&info, &gloria.token).send().await.unwrap(), 404).await;
    assert_eq!(refresh(&app, &gloria.refresh).await.status(), 200, "still signed in for Leo");
    // Editing her details without changing the relationship ends nothing.
    let body = json!({ "first_name": "Gloria", "last_name": "Rivera-Diaz", "relationship": "guardian",
                       "email": "gloria@example.com" });
    app.put(&contact_path(&leo, &leo_contacts, "guardian"), &staff).json(&body).send().await.unwrap();
    assert_eq!(patients_seen(&app, &gloria).await, ["Leo"]);
}

#[tokio::test]
async fn an_invitation_to_a_removed_contact_can_no_longer_be_redeemed() {
    let (app, staff) = front_desk().await;
    let (maya, contacts) = family(&app, &staff, "Maya", "maya@example.com").await;
    invite(&app, &staff, &maya, "guarantor", Some(&contacts["guarantor"])).await;
    let token = invitation_token(&app, "gus@example.com").await;
    app.client.delete(app.url(&contact_path(&maya, &contacts, "guarantor"))).bearer_auth(&staff).send().await.unwrap();
    let res = app.client.post(app.url("/api/v1/registration")).json(&json!({ "token": token })).send().await;
    assert_eq!(problem(res.unwrap(), 410).await["code"], "invitation_revoked");
}

#[tokio::test]
async fn a_resend_to_a_corrected_address_ends_the_old_links_and_starts_again() {
    let (app, staff) = front_desk().await;
    let (maya, _) = family(&app, &staff, "Maya", "maya.typo@example.com").await;
    invite(&app, &staff, &maya, "self", None).await;
    let old_link = invitation_token(&app, "maya.typo@example.com").await;
    let (old_reg, _) = start(&app, &old_link).await;
    step(&app, &old_reg, "/account", json!({ "password": "typo owner lantern 1" })).await;

    // The front desk corrects the email and sends again.
    let body = json!({ "first_name": "Maya", "last_name": "Rivera", "date_of_birth": "2014-05-02",
                       "email": "maya@example.com", "phone": "(217) 555-0101" });
    assert_eq!(
        app.put(&format!("/api/v1/staff/patients/{maya}"), &staff).json(&body).send().await.unwrap().status(),
        200
    );
    app.clock.advance(Duration::minutes(5));
    let res = invite(&app, &staff, &maya, "self", None).await;
    assert!(res.status().is_success(), "{}", res.status());

    // The old address's link and its registration are over…
    let res = app.client.post(app.url("/api/v1/registration")).json(&json!({ "token": old_link })).send().await;
    problem(res.unwrap(), 410).await;
    problem(app.get("/api/v1/registration", &old_reg).send().await.unwrap(), 401).await;
    // …and the corrected address starts at step 1.
    let (_, status) = start(&app, &invitation_token(&app, "maya@example.com").await).await;
    assert_eq!(status["step"], "create_account");
    assert_eq!(status["email"], "maya@example.com");
}
