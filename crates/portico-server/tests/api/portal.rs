//! Portal sign-in (AUTH-1…4) and the visibility matrix (§5), walked cell by cell through the API.
use chrono::Duration;
use portico_server::platform::policy::{self, Access};
use portico_types::invitations::GrantRole;
use portico_types::portal::PortalArea;
use serde_json::{Value, json};

use crate::helpers::{Session, TestApp, fields, named_cookie, problem, spawn_app};
use crate::portal_support::{
    PORTAL_PASSWORD, family, invite, mail_to, portal_login, portal_session, register, token_after,
};

pub async fn refresh(app: &TestApp, cookie: &str) -> reqwest::Response {
    app.client
        .post(app.url("/api/v1/portal/auth/refresh"))
        .header("Cookie", format!("portico_portal_refresh={cookie}"))
        .send()
        .await
        .unwrap()
}

async fn registered_patient(app: &TestApp) -> (String, Session) {
    app.practice("riverside").await;
    let staff = app.login("frontdesk@riverside.test").await.token;
    let (patient, _) = family(app, &staff, "Maya", "maya@example.com").await;
    invite(app, &staff, &patient, "self", None).await;
    (patient, register(app, "maya@example.com").await)
}

#[tokio::test]
async fn identify_never_reveals_accounts_and_sign_in_fails_generically() {
    let app = spawn_app().await;
    registered_patient(&app).await;
    let identify = |email: &'static str| {
        app.client
            .post(app.url("/api/v1/portal/auth/identify"))
            .json(&json!({ "practice": "riverside", "email": email }))
            .send()
    };
    let known: Value = identify("maya@example.com").await.unwrap().json().await.unwrap();
    let unknown: Value = identify("nobody@example.com").await.unwrap().json().await.unwrap();
    assert_eq!(known, unknown);
    assert_eq!(known["next"], "password");
    let res = app
        .client
        .post(app.url("/api/v1/portal/auth/identify"))
        .json(&json!({ "practice": "nowhere", "email": "a@example.com" }))
        .send()
        .await
        .unwrap();
    problem(res, 404).await;

    let wrong = problem(portal_login(&app, "riverside", "maya@example.com", "not the password").await, 401).await;
    let nobody = problem(portal_login(&app, "riverside", "nobody@example.com", PORTAL_PASSWORD).await, 401).await;
    assert_eq!(wrong["detail"], nobody["detail"]);
    assert!(wrong["detail"].as_str().unwrap().contains("invitation link"));
    let p = problem(portal_login(&app, "riverside", "", "").await, 422).await;
    assert_eq!(fields(&p), ["email", "password"]);
    // A staff password never opens the portal, and the staff login knows no portal account.
    problem(portal_login(&app, "riverside", "frontdesk@riverside.test", crate::helpers::PASSWORD).await, 401).await;
    problem(app.login_raw("maya@example.com", PORTAL_PASSWORD).await, 401).await;
}

#[tokio::test]
async fn refresh_rotates_reuse_revokes_and_logout_ends_the_session() {
    let app = spawn_app().await;
    let (_, session) = registered_patient(&app).await;
    let res = refresh(&app, &session.refresh).await;
    let rotated = portal_session(res).await;
    assert_ne!(rotated.refresh, session.refresh);
    // Reusing the old token revokes the family: the new one dies too.
    problem(refresh(&app, &session.refresh).await, 401).await;
    problem(refresh(&app, &rotated.refresh).await, 401).await;
    problem(app.get("/api/v1/portal/me", &rotated.token).send().await.unwrap(), 401).await;
    assert_eq!(app.audit_count("portal.refresh_token_reuse").await, 1);

    let fresh = portal_session(portal_login(&app, "riverside", "maya@example.com", PORTAL_PASSWORD).await).await;
    let res = app
        .client
        .post(app.url("/api/v1/portal/auth/logout"))
        .header("Cookie", format!("portico_portal_refresh={}", fresh.refresh))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    assert_eq!(named_cookie(res.headers(), "portico_portal_refresh").as_deref(), Some(""));
    problem(app.get("/api/v1/portal/me", &fresh.token).send().await.unwrap(), 401).await;
    // The cookie is HttpOnly, Secure, SameSite=Strict and scoped to the portal's auth routes.
    let res = portal_login(&app, "riverside", "maya@example.com", PORTAL_PASSWORD).await;
    let cookie = res.headers().get_all("set-cookie").iter().map(|v| v.to_str().unwrap().to_owned()).collect::<String>();
    for part in ["HttpOnly", "Secure", "SameSite=Strict", "Path=/api/v1/portal/auth"] {
        assert!(cookie.contains(part), "{part} in {cookie}");
    }
    // A session without "keep me signed in" lapses after 30 idle minutes.
    let idle = portal_session(res).await;
    app.clock.advance(Duration::minutes(31));
    problem(refresh(&app, &idle.refresh).await, 401).await;
}

#[tokio::test]
async fn password_reset_by_link_unlocks_and_signs_out_everywhere() {
    let app = spawn_app().await;
    let (_, session) = registered_patient(&app).await;
    let reset = |email: &'static str| {
        app.client
            .post(app.url("/api/v1/portal/auth/password-reset"))
            .json(&json!({ "practice": "riverside", "email": email }))
            .send()
    };
    assert_eq!(reset("nobody@example.com").await.unwrap().status(), 202);
    assert_eq!(reset("maya@example.com").await.unwrap().status(), 202);
    assert_eq!(reset("maya@example.com").await.unwrap().status(), 202, "same answer, no second email within a minute");
    let mail = mail_to(&app, "maya@example.com").await;
    let resets: Vec<_> = mail.iter().filter(|m| m.body.contains("/portal/reset-password#t=")).collect();
    assert_eq!(resets.len(), 1);
    let token = token_after(&resets[0].body, "/portal/reset-password#t=");

    let confirm = |password: &'static str, token: String| {
        app.client
            .post(app.url("/api/v1/portal/auth/password-reset/confirm"))
            .json(&json!({ "token": token, "password": password }))
            .send()
    };
    let p = problem(confirm("tiny", token.clone()).await.unwrap(), 422).await;
    assert_eq!(fields(&p), ["password"]);
    assert_eq!(confirm("a brand new lantern 77", token.clone()).await.unwrap().status(), 204);
    let p = problem(confirm("another new lantern 78", token.clone()).await.unwrap(), 422).await;
    assert_eq!(fields(&p), ["token"], "single use");
    problem(app.get("/api/v1/portal/me", &session.token).send().await.unwrap(), 401).await;
    problem(portal_login(&app, "riverside", "maya@example.com", PORTAL_PASSWORD).await, 401).await;
    portal_session(portal_login(&app, "riverside", "maya@example.com", "a brand new lantern 77").await).await;

    // Links last an hour.
    app.clock.advance(Duration::minutes(2));
    reset("maya@example.com").await.unwrap();
    let mail = mail_to(&app, "maya@example.com").await;
    let token = token_after(&mail.last().unwrap().body, "/portal/reset-password#t=");
    app.clock.advance(Duration::minutes(61));
    problem(confirm("a third new lantern 79", token).await.unwrap(), 422).await;
}

/// Security review, item 11: a reset request answers before it looks the account up, so a real
/// account's answer is no slower. Holding the reset table's lock makes the difference as large as
/// it can be: the answer must still come at once, and the email once the lock is gone.
#[tokio::test]
async fn a_password_reset_answers_before_the_account_is_looked_up() {
    use sea_orm::{ConnectionTrait, DatabaseBackend, TransactionTrait};
    let app = spawn_app().await;
    registered_patient(&app).await;
    let lock = app.db.begin().await.unwrap();
    let statement = match app.db.get_database_backend() {
        DatabaseBackend::Postgres => "LOCK TABLE password_reset_tokens IN EXCLUSIVE MODE",
        _ => "UPDATE practices SET slug = slug",
    };
    lock.execute_unprepared(statement).await.unwrap();
    let request = app
        .client
        .post(app.url("/api/v1/portal/auth/password-reset"))
        .json(&json!({ "practice": "riverside", "email": "maya@example.com" }))
        .send();
    let res = tokio::time::timeout(std::time::Duration::from_secs(2), request).await;
    let res = res.expect("answered while the work waits for the lock").unwrap();
    assert_eq!(res.status(), 202);
    lock.rollback().await.unwrap();
    let mail = mail_to(&app, "maya@example.com").await;
    assert!(mail.iter().any(|m| m.body.contains("/portal/reset-password#t=")), "the email still goes");
}

#[tokio::test]
async fn a_hundred_failures_lock_the_account_until_a_reset() {
    let app = spawn_app().await;
    registered_patient(&app).await;
    for i in 0..100 {
        app.clock.advance(Duration::minutes(6));
        let res = portal_login(&app, "riverside", "maya@example.com", "wrong password here").await;
        assert_eq!(res.status(), 401, "attempt {i}");
    }
    app.clock.advance(Duration::minutes(6));
    problem(portal_login(&app, "riverside", "maya@example.com", PORTAL_PASSWORD).await, 401).await;
    app.client
        .post(app.url("/api/v1/portal/auth/password-reset"))
        .json(&json!({ "practice": "riverside", "email": "maya@example.com" }))
        .send()
        .await
        .unwrap();
    let mail = mail_to(&app, "maya@example.com").await;
    let token = token_after(&mail.last().unwrap().body, "/portal/reset-password#t=");
    let res = app
        .client
        .post(app.url("/api/v1/portal/auth/password-reset/confirm"))
        .json(&json!({ "token": token, "password": "unlocked lantern 2026" }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    portal_session(portal_login(&app, "riverside", "maya@example.com", "unlocked lantern 2026").await).await;
}

/// §5: every cell of the matrix, through the API. Home lists exactly the areas a role may use;
/// built areas answer 200 or 403 by the matrix; another patient is 404 everywhere.
#[tokio::test]
async fn the_visibility_matrix_holds_cell_by_cell() {
    let app = spawn_app().await;
    app.practice("riverside").await;
    let staff = app.login("frontdesk@riverside.test").await.token;
    let (maya, contacts) = family(&app, &staff, "Maya", "maya@example.com").await;
    let (other, _) = family(&app, &staff, "Leo", "leo@example.com").await;
    invite(&app, &staff, &maya, "self", None).await;
    invite(&app, &staff, &maya, "guardian", Some(&contacts["guardian"])).await;
    invite(&app, &staff, &maya, "guarantor", Some(&contacts["guarantor"])).await;
    let accounts = [
        (GrantRole::Patient, register(&app, "maya@example.com").await),
        (GrantRole::Guardian, register(&app, "gloria@example.com").await),
        (GrantRole::Guarantor, register(&app, "gus@example.com").await),
    ];
    // Built areas and their routes; the rest are checked through Home's tiles until they exist.
    let routes = [(PortalArea::Home, "home"), (PortalArea::MyInformation, "my-information")];
    for (role, session) in &accounts {
        let home: Value = app
            .get(&format!("/api/v1/portal/patients/{maya}/home"), &session.token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let tiles: Vec<&str> = home["tiles"].as_array().unwrap().iter().map(|t| t["area"].as_str().unwrap()).collect();
        for area in PortalArea::ALL {
            if matches!(area, PortalArea::Home | PortalArea::Messages) {
                continue; // Home is the page itself; Messages shows only when the practice enables it.
            }
            let allowed = policy::cell(area, *role) != Access::None;
            assert_eq!(tiles.contains(&area.as_str()), allowed, "{role:?} × {area:?}");
        }
        assert_eq!(
            home["patient"]["preferred_name"].is_null(),
            *role != GrantRole::Patient,
            "preferred name only for the patient"
        );
        for (area, path) in routes {
            let res = app.get(&format!("/api/v1/portal/patients/{maya}/{path}"), &session.token).send().await.unwrap();
            let expected = if policy::cell(area, *role) == Access::None { 403 } else { 200 };
            assert_eq!(res.status().as_u16(), expected, "{role:?} × {area:?}");
            if area == PortalArea::MyInformation && expected == 200 {
                let info: Value = res.json().await.unwrap();
                assert_eq!(info["gender_identity"].is_null(), *role == GrantRole::Guardian, "{role:?}");
            }
            // Another patient of the same practice: 404, never a hint it exists.
            let p = problem(
                app.get(&format!("/api/v1/portal/patients/{other}/{path}"), &session.token).send().await.unwrap(),
                404,
            )
            .await;
            assert_eq!(p["code"], "not_found");
            let nonsense = app.get(&format!("/api/v1/portal/patients/not-a-uuid/{path}"), &session.token).send().await;
            problem(nonsense.unwrap(), 404).await;
        }
    }
    assert!(app.audit_count("portal.my_information.read").await >= 2);
}

/// The demo's portal accounts work as printed, and a second run changes nothing but passwords.
#[tokio::test]
async fn demo_portal_accounts_sign_in_and_reseeding_is_idempotent() {
    use sea_orm::{EntityTrait, PaginatorTrait};
    let app = spawn_app().await;
    let report = portico_server::demo::seed(&app.db, &app.files, app.clock.as_ref(), Some(PORTAL_PASSWORD.into()))
        .await
        .unwrap();
    let printed = report.to_string();
    let entries = portico_server::entities::ledger_entries::Entity::find().count(&app.db).await.unwrap();
    let again = portico_server::demo::seed(&app.db, &app.files, app.clock.as_ref(), Some(PORTAL_PASSWORD.into()))
        .await
        .unwrap();
    assert_eq!(printed.lines().filter(|l| l.contains("guardian of")).count(), 2, "{printed}");
    assert_eq!(printed.lines().filter(|l| l.contains("guarantor for")).count(), 2, "{printed}");
    assert_eq!(portico_server::entities::portal_accounts::Entity::find().count(&app.db).await.unwrap(), 6);
    let line =
        again.to_string().lines().find(|l| l.contains("guardian of") && l.contains("riverside-pt")).unwrap().to_owned();
    let email = line.split_whitespace().next().unwrap().to_owned();
    let session = portal_session(portal_login(&app, "riverside-pt", &email, PORTAL_PASSWORD).await).await;
    let me: Value = app.get("/api/v1/portal/me", &session.token).send().await.unwrap().json().await.unwrap();
    assert_eq!(me["patients"][0]["roles"], json!(["guardian"]));
    // The guarantor pays and sees no chart; the demo patient has a saved card.
    let line = again
        .to_string()
        .lines()
        .find(|l| l.contains("guarantor for") && l.contains("riverside-pt"))
        .unwrap()
        .to_owned();
    let email = line.split_whitespace().next().unwrap().to_owned();
    let payer = portal_session(portal_login(&app, "riverside-pt", &email, PORTAL_PASSWORD).await).await;
    let me: Value = app.get("/api/v1/portal/me", &payer.token).send().await.unwrap().json().await.unwrap();
    assert_eq!(me["patients"][0]["roles"], json!(["guarantor"]));
    let patient = me["patients"][0]["patient_id"].as_str().unwrap();
    let ledger = app.get(&format!("/api/v1/portal/patients/{patient}/ledger"), &payer.token).send().await.unwrap();
    assert!(ledger.json::<Value>().await.unwrap()["balance"].as_i64().unwrap() > 0);
    let line =
        again.to_string().lines().find(|l| l.contains("patient ") && l.contains("riverside-pt")).unwrap().to_owned();
    let email = line.split_whitespace().next().unwrap().to_owned();
    let patient = portal_session(portal_login(&app, "riverside-pt", &email, PORTAL_PASSWORD).await).await;
    let cards: Value =
        app.get("/api/v1/portal/payment-methods", &patient.token).send().await.unwrap().json().await.unwrap();
    assert_eq!(cards["items"].as_array().unwrap().len(), 1, "seeded once: {cards}");
    assert_eq!(cards["items"][0]["last4"], "4242");
    // Balances, seeded once: the second run added no entries.
    assert!(entries >= 20, "{entries}");
    assert_eq!(portico_server::entities::ledger_entries::Entity::find().count(&app.db).await.unwrap(), entries);
    let staff = app.login_raw("admin@riverside.example", PORTAL_PASSWORD).await;
    let token = staff.json::<Value>().await.unwrap()["access_token"].as_str().unwrap().to_owned();
    let owed: Value =
        app.get("/api/v1/staff/patient-responsibility", &token).send().await.unwrap().json().await.unwrap();
    assert!(owed["items"].as_array().unwrap().len() >= 5, "{owed}");
    assert!(owed["items"][0]["balance"].as_i64().unwrap() > 15_000);
}

#[tokio::test]
async fn changing_the_password_ends_every_other_session() {
    let app = spawn_app().await;
    let (_, first) = registered_patient(&app).await;
    let second = portal_session(portal_login(&app, "riverside", "maya@example.com", PORTAL_PASSWORD).await).await;
    let change = |current: &'static str, new: &'static str| {
        app.post("/api/v1/portal/account/password", &second.token)
            .json(&json!({ "current_password": current, "new_password": new }))
            .send()
    };
    let p = problem(change("not it at all", "short").await.unwrap(), 422).await;
    assert_eq!(fields(&p), ["current_password", "new_password"]);
    assert_eq!(change(PORTAL_PASSWORD, "a quieter harbour lantern").await.unwrap().status(), 204);
    problem(app.get("/api/v1/portal/me", &first.token).send().await.unwrap(), 401).await;
    assert_eq!(app.get("/api/v1/portal/me", &second.token).send().await.unwrap().status(), 200);
    portal_session(portal_login(&app, "riverside", "maya@example.com", "a quieter harbour lantern").await).await;
    // A staff token cannot change a portal password.
    let staff = app.login("frontdesk@riverside.test").await.token;
    let res = app
        .post("/api/v1/portal/account/password", &staff)
        .json(&json!({ "current_password": PORTAL_PASSWORD, "new_password": "whatever lantern 1" }))
        .send()
        .await
        .unwrap();
    problem(res, 401).await;
}

#[tokio::test]
async fn portal_sign_in_failures_from_one_address_do_not_lock_staff_out_of_it() {
    let app = spawn_app().await;
    app.practice("riverside").await;
    // A hundred portal guesses from this address (different emails: no account slow-down)…
    for i in 0..100 {
        let res = portal_login(&app, "riverside", &format!("guess{i}@example.com"), "wrong password here").await;
        assert_eq!(res.status(), 401, "attempt {i}");
    }
    // …block further portal sign-ins from it,
    problem(portal_login(&app, "riverside", "guess-more@example.com", "wrong password here").await, 429).await;
    // but the practice's staff at the same address can still sign in.
    assert_eq!(app.login_raw("admin@riverside.test", crate::helpers::PASSWORD).await.status(), 200);
}
