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
    assert_eq!(status["email"], "m•••@example.com", "the corrected address, masked until its code");
}

async fn invitations_of(app: &TestApp, staff: &str, patient: &str) -> Value {
    let res = app.get(&format!("/api/v1/staff/patients/{patient}/invitations"), staff).send().await.unwrap();
    res.json().await.unwrap()
}

async fn directory_entry(app: &TestApp, staff: &str, email: &str) -> Value {
    let res = app.get("/api/v1/staff/portal-directory", staff).send().await.unwrap();
    let all: Value = res.json().await.unwrap();
    all["items"].as_array().unwrap().iter().find(|e| e["email"] == email).cloned().expect("a directory entry")
}

#[tokio::test]
async fn staff_end_one_grant_from_the_directory() {
    let (app, staff) = front_desk().await;
    let (maya, contacts) = family(&app, &staff, "Maya", "maya@example.com").await;
    invite(&app, &staff, &maya, "guardian", Some(&contacts["guardian"])).await;
    let gloria = register(&app, "gloria@example.com").await;
    let entry = directory_entry(&app, &staff, "gloria@example.com").await;
    let grant = entry["patients"][0]["grant_id"].as_str().unwrap().to_owned();

    let clinician = app.login("clinician@riverside.test").await.token;
    let revoke = |token: String| {
        let req = app.post(&format!("/api/v1/staff/portal-grants/{grant}/revoke"), &token);
        async move { req.send().await.unwrap() }
    };
    problem(revoke(clinician.clone()).await, 403).await;
    app.practice("lakeside").await;
    let lakeside = app.login("frontdesk@lakeside.test").await.token;
    problem(revoke(lakeside).await, 404).await;
    assert_eq!(revoke(staff.clone()).await.status(), 204);
    problem(app.get("/api/v1/portal/me", &gloria.token).send().await.unwrap(), 401).await;
    problem(revoke(staff.clone()).await, 404).await;
    assert_eq!(app.audit_count("portal_grant.revoke").await, 1);
    // The directory no longer shows her with access; she can be invited again.
    let entry = directory_entry(&app, &staff, "gloria@example.com").await;
    assert!(entry["patients"].as_array().unwrap().is_empty());
    app.clock.advance(Duration::minutes(5));
    assert_eq!(invite(&app, &staff, &maya, "guardian", Some(&contacts["guardian"])).await.status(), 201);
}

#[tokio::test]
async fn revoking_an_accepted_invitation_ends_the_access_it_gave() {
    let (app, staff) = front_desk().await;
    let (maya, _) = family(&app, &staff, "Maya", "maya@example.com").await;
    let sent: Value = invite(&app, &staff, &maya, "self", None).await.json().await.unwrap();
    let session = register(&app, "maya@example.com").await;
    let path = format!("/api/v1/staff/invitations/{}/revoke", sent["id"].as_str().unwrap());
    let res = app.post(&path, &staff).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.json::<Value>().await.unwrap()["status"], "revoked");
    problem(app.get("/api/v1/portal/me", &session.token).send().await.unwrap(), 401).await;
    let list = invitations_of(&app, &staff, &maya).await;
    assert_eq!(list["items"][0]["status"], "revoked");
}

#[tokio::test]
async fn a_staff_lock_ends_sessions_and_outlasts_a_password_reset() {
    let (app, staff) = front_desk().await;
    let (maya, _) = family(&app, &staff, "Maya", "maya@example.com").await;
    let sent: Value = invite(&app, &staff, &maya, "self", None).await.json().await.unwrap();
    let session = register(&app, "maya@example.com").await;
    let list = invitations_of(&app, &staff, &maya).await;
    assert_eq!(list["items"][0]["id"], sent["id"]);
    let account = list["items"][0]["account_id"].as_str().unwrap().to_owned();
    assert_eq!(list["items"][0]["account_locked"], false);

    let lock = app.post(&format!("/api/v1/staff/portal-accounts/{account}/lock"), &staff).send().await.unwrap();
    assert_eq!(lock.status(), 204);
    problem(app.get("/api/v1/portal/me", &session.token).send().await.unwrap(), 401).await;
    problem(refresh(&app, &session.refresh).await, 401).await;
    let login = crate::portal_support::portal_login;
    let password = crate::portal_support::PORTAL_PASSWORD;
    problem(login(&app, "riverside", "maya@example.com", password).await, 401).await;
    let entry = directory_entry(&app, &staff, "maya@example.com").await;
    assert_eq!(entry["status"], "locked");

    // A password reset sets the password but does not lift a lock staff set.
    let body = json!({ "practice": "riverside", "email": "maya@example.com" });
    app.client.post(app.url("/api/v1/portal/auth/password-reset")).json(&body).send().await.unwrap();
    let mail = crate::portal_support::mail_to(&app, "maya@example.com").await;
    let reset = crate::portal_support::token_after(&mail.last().unwrap().body, "#t=");
    let body = json!({ "token": reset, "password": "brand new lantern 77" });
    let res = app.client.post(app.url("/api/v1/portal/auth/password-reset/confirm")).json(&body).send().await;
    assert_eq!(res.unwrap().status(), 204);
    problem(login(&app, "riverside", "maya@example.com", "brand new lantern 77").await, 401).await;

    let unlock = app.post(&format!("/api/v1/staff/portal-accounts/{account}/unlock"), &staff).send().await.unwrap();
    assert_eq!(unlock.status(), 204);
    crate::portal_support::portal_session(login(&app, "riverside", "maya@example.com", "brand new lantern 77").await)
        .await;
    assert_eq!(app.audit_count("portal_account.lock").await, 1);
    assert_eq!(app.audit_count("portal_account.unlock").await, 1);
}

#[tokio::test]
async fn clinicians_do_not_see_portal_users_contact_details() {
    let (app, _) = front_desk().await;
    let clinician = app.login("clinician@riverside.test").await.token;
    problem(app.get("/api/v1/staff/portal-directory", &clinician).send().await.unwrap(), 403).await;
}
