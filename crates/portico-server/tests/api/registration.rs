//! REG-1…5 and INV-7: four steps in order, resumable from any link, codes, passwords, and a
//! registration token that opens nothing else.
use chrono::Duration;
use serde_json::{Value, json};

use crate::helpers::{fields, problem, spawn_app};
use crate::portal_support::{
    PORTAL_PASSWORD, code_for, family, front_desk, invitation_token, invite, portal_session, register,
    sms_only_registration, start, step,
};

#[tokio::test]
async fn four_steps_in_order_then_the_portal_and_the_link_says_sign_in() {
    let app = spawn_app().await;
    app.practice("riverside").await;
    let staff = app.login("frontdesk@riverside.test").await.token;
    let (patient, _) = family(&app, &staff, "Maya", "maya@example.com").await;
    invite(&app, &staff, &patient, "self", None).await;
    let link = invitation_token(&app, "maya@example.com").await;
    let (reg, status) = start(&app, &link).await;
    assert_eq!(status["step"], "create_account");
    // Issue 9, item 13: whoever holds the link sees the address masked until its code is entered.
    assert_eq!(status["email"], "m•••@example.com");
    assert_eq!(status["phone_on_file"], "•••-•••-0101");
    assert_eq!(status["practice"]["slug"], "riverside");

    // Out of order: refused, nothing changes (REG-1).
    for (path, body) in [
        ("/email/verify", json!({ "code": "123456" })),
        ("/phone/send", json!({})),
        ("/complete", json!({ "accept_terms": true })),
    ] {
        let p = problem(step(&app, &reg, path, body).await, 409).await;
        assert_eq!(p["code"], "registration_step_out_of_order", "{path}");
    }
    // REG-4: length, common passwords, the email's local part.
    for (password, why) in [
        ("short", "at least 12"),
        (&"x".repeat(129) as &str, "at most 128"),
        ("password1234", "too common"),
        ("maya-is-my-name-2024", "email"),
    ] {
        let p = problem(step(&app, &reg, "/account", json!({ "password": password })).await, 422).await;
        assert_eq!(fields(&p), ["password"]);
        assert!(p["detail"].as_str().unwrap().contains(why), "{why}: {p}");
    }
    let status: Value =
        step(&app, &reg, "/account", json!({ "password": PORTAL_PASSWORD })).await.json().await.unwrap();
    assert_eq!(status["step"], "verify_email");
    assert_eq!(status["code_sent_to"], "m•••@example.com");
    assert_eq!(status["resend_in_seconds"], 30);

    // REG-3: wrong codes count down; the right one moves on.
    let code = code_for(&app, "maya@example.com").await;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let p = problem(step(&app, &reg, "/email/verify", json!({ "code": wrong })).await, 422).await;
    assert!(p["detail"].as_str().unwrap().contains("4 more times"));
    problem(step(&app, &reg, "/email/verify", json!({ "code": "12ab56" })).await, 422).await;
    let status: Value = step(&app, &reg, "/email/verify", json!({ "code": code })).await.json().await.unwrap();
    assert_eq!(status["step"], "verify_phone");
    assert_eq!(status["email"], "maya@example.com", "proven: shown in full");
    problem(step(&app, &reg, "/email/verify", json!({ "code": code })).await, 409).await;

    // Step 3 with the phone on file; a bad number is refused with its field.
    let p = problem(step(&app, &reg, "/phone/send", json!({ "phone": "12" })).await, 422).await;
    assert_eq!(fields(&p), ["phone"]);
    let status: Value = step(&app, &reg, "/phone/send", json!({})).await.json().await.unwrap();
    assert_eq!(status["code_sent_to"], "•••-•••-0101");
    let code = code_for(&app, "+12175550101").await;
    let status: Value = step(&app, &reg, "/phone/verify", json!({ "code": code })).await.json().await.unwrap();
    assert_eq!(status["step"], "complete");
    assert_eq!(status["phone_verified"], "•••-•••-0101");

    let p = problem(step(&app, &reg, "/complete", json!({ "accept_terms": false })).await, 422).await;
    assert_eq!(fields(&p), ["accept_terms"]);
    let session = portal_session(step(&app, &reg, "/complete", json!({ "accept_terms": true })).await).await;
    let me: Value = app.get("/api/v1/portal/me", &session.token).send().await.unwrap().json().await.unwrap();
    assert_eq!(me["email"], "maya@example.com");
    assert_eq!(me["patients"][0]["patient_id"], patient.as_str());
    assert_eq!(me["patients"][0]["roles"], json!(["self"]));
    assert_eq!(me["patients"][0]["preferred_name"], "Mayay");

    // The link now says "already registered — sign in" (INV-4); the facesheet shows it accepted.
    let res = app.client.post(app.url("/api/v1/registration")).json(&json!({ "token": link })).send().await.unwrap();
    let p = problem(res, 409).await;
    assert_eq!(p["code"], "invitation_accepted");
    assert_eq!(p["sign_in_path"], "/portal/sign-in?practice=riverside");
    let listed: Value = app
        .get(&format!("/api/v1/staff/patients/{patient}/invitations"), &staff)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(listed["items"][0]["status"], "accepted");
    // Sign out and back in with email and password.
    let res = crate::portal_support::portal_login(&app, "riverside", "Maya@Example.com", PORTAL_PASSWORD).await;
    portal_session(res).await;
    assert_eq!(app.audit_count("registration.complete").await, 1);
}

#[tokio::test]
async fn any_valid_link_resumes_at_the_first_incomplete_step() {
    let app = spawn_app().await;
    app.practice("riverside").await;
    let staff = app.login("frontdesk@riverside.test").await.token;
    let (patient, _) = family(&app, &staff, "Maya", "maya@example.com").await;
    invite(&app, &staff, &patient, "self", None).await;
    let first = invitation_token(&app, "maya@example.com").await;
    let (reg, _) = start(&app, &first).await;
    step(&app, &reg, "/account", json!({ "password": PORTAL_PASSWORD })).await;
    // Later, a resent link (a new token) picks up where she left off.
    app.clock.advance(Duration::minutes(2));
    invite(&app, &staff, &patient, "self", None).await;
    let second = invitation_token(&app, "maya@example.com").await;
    assert_ne!(first, second);
    let (reg2, status) = start(&app, &second).await;
    assert_eq!(status["step"], "verify_email");
    // The old code expired meanwhile? No: 2 minutes. It still works from the new session.
    let code = code_for(&app, "maya@example.com").await;
    let status: Value = step(&app, &reg2, "/email/verify", json!({ "code": code })).await.json().await.unwrap();
    assert_eq!(status["step"], "verify_phone");
    let current: Value = app.get("/api/v1/registration", &reg).send().await.unwrap().json().await.unwrap();
    assert_eq!(current["step"], "verify_phone");
}

#[tokio::test]
async fn codes_expire_allow_five_tries_and_resend_after_thirty_seconds() {
    let app = spawn_app().await;
    app.practice("riverside").await;
    let staff = app.login("frontdesk@riverside.test").await.token;
    let (patient, _) = family(&app, &staff, "Maya", "maya@example.com").await;
    invite(&app, &staff, &patient, "self", None).await;
    let (reg, _) = start(&app, &invitation_token(&app, "maya@example.com").await).await;
    step(&app, &reg, "/account", json!({ "password": PORTAL_PASSWORD })).await;
    let code = code_for(&app, "maya@example.com").await;

    let res = step(&app, &reg, "/email/resend", json!({})).await;
    assert_eq!(res.headers()["retry-after"], "30");
    problem(res, 429).await;
    // Expired after 10 minutes.
    app.clock.advance(Duration::minutes(10));
    let p = problem(step(&app, &reg, "/email/verify", json!({ "code": code })).await, 422).await;
    assert!(p["detail"].as_str().unwrap().contains("expired"));
    // A new code: five wrong tries spend it, even the right code afterwards.
    assert_eq!(step(&app, &reg, "/email/resend", json!({})).await.status(), 200);
    let code = code_for(&app, "maya@example.com").await;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    for _ in 0..5 {
        problem(step(&app, &reg, "/email/verify", json!({ "code": wrong })).await, 422).await;
    }
    let p = problem(step(&app, &reg, "/email/verify", json!({ "code": code })).await, 422).await;
    assert!(p["detail"].as_str().unwrap().contains("Too many wrong tries"));
    app.clock.advance(Duration::seconds(30));
    step(&app, &reg, "/email/resend", json!({})).await;
    let code = code_for(&app, "maya@example.com").await;
    let status: Value = step(&app, &reg, "/email/verify", json!({ "code": code })).await.json().await.unwrap();
    assert_eq!(status["step"], "verify_phone");
    assert_eq!(app.audit_count("registration.code_rejected").await, 5);
}

#[tokio::test]
async fn no_link_or_a_bad_link_blocks_and_tokens_never_cross_audiences() {
    let app = spawn_app().await;
    app.practice("riverside").await;
    let staff = app.login("frontdesk@riverside.test").await.token;
    for token in ["", "not-a-real-token", &"A".repeat(43)] {
        let res = app.client.post(app.url("/api/v1/registration")).json(&json!({ "token": token })).send().await;
        let p = problem(res.unwrap(), 404).await;
        assert_eq!(p["code"], "invitation_invalid");
        assert!(p["detail"].as_str().unwrap().contains("new invitation"));
    }
    let res = app.client.post(app.url("/api/v1/registration/account")).json(&json!({ "password": "x" })).send().await;
    problem(res.unwrap(), 401).await;

    let (patient, _) = family(&app, &staff, "Maya", "maya@example.com").await;
    invite(&app, &staff, &patient, "self", None).await;
    let (reg, _) = start(&app, &invitation_token(&app, "maya@example.com").await).await;
    // REG-5: the registration token opens no PHI endpoint.
    for path in [
        "/api/v1/portal/me",
        &format!("/api/v1/portal/patients/{patient}/home"),
        &format!("/api/v1/staff/patients/{patient}"),
    ] {
        problem(app.get(path, &reg).send().await.unwrap(), 401).await;
    }
    // A staff token is not a portal or registration token, and the reverse.
    problem(app.get("/api/v1/portal/me", &staff).send().await.unwrap(), 401).await;
    problem(app.get("/api/v1/registration", &staff).send().await.unwrap(), 401).await;
    let session = register(&app, "maya@example.com").await;
    problem(app.get(&format!("/api/v1/staff/patients/{patient}"), &session.token).send().await.unwrap(), 401).await;
    problem(app.get("/api/v1/registration", &session.token).send().await.unwrap(), 401).await;
}

#[tokio::test]
async fn an_invitee_with_an_account_signs_in_and_the_patient_is_added() {
    let app = spawn_app().await;
    app.practice("riverside").await;
    let staff = app.login("frontdesk@riverside.test").await.token;
    let (maya, maya_contacts) = family(&app, &staff, "Maya", "maya@example.com").await;
    let (leo, leo_contacts) = family(&app, &staff, "Leo", "leo@example.com").await;
    invite(&app, &staff, &maya, "guardian", Some(&maya_contacts["guardian"])).await;
    register(&app, "gloria@example.com").await;

    invite(&app, &staff, &leo, "guardian", Some(&leo_contacts["guardian"])).await;
    let (reg, status) = start(&app, &invitation_token(&app, "gloria@example.com").await).await;
    assert_eq!(status["step"], "sign_in");
    assert_eq!(status["patient_first_name"], "Leo");
    problem(step(&app, &reg, "/account", json!({ "password": PORTAL_PASSWORD })).await, 409).await;
    let p = problem(step(&app, &reg, "/sign-in", json!({ "password": "wrong password here" })).await, 401).await;
    assert_eq!(p["code"], "invalid_credentials");
    let session = portal_session(step(&app, &reg, "/sign-in", json!({ "password": PORTAL_PASSWORD })).await).await;
    let me: Value = app.get("/api/v1/portal/me", &session.token).send().await.unwrap().json().await.unwrap();
    let names: Vec<&str> =
        me["patients"].as_array().unwrap().iter().map(|p| p["first_name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Leo", "Maya"], "one login, a patient switcher");
    assert_eq!(me["patients"][0]["roles"], json!(["guardian"]));
    assert!(me["patients"][0]["preferred_name"].is_null(), "guardians do not see the preferred name");
    assert_eq!(app.audit_count("registration.add_to_account").await, 1);
}

/// Nobody can set the password of an account they cannot finish registering: a stranger who
/// types someone else's email at step 1 (an SMS-only invitation) does not change their password.
#[tokio::test]
async fn a_password_chosen_at_step_one_belongs_to_that_registrant_only() {
    let app = spawn_app().await;
    app.practice("riverside").await;
    let staff = app.login("frontdesk@riverside.test").await.token;
    let (maya, _) = family(&app, &staff, "Maya", "maya@example.com").await;
    invite(&app, &staff, &maya, "self", None).await;
    let (victim, _) = start(&app, &invitation_token(&app, "maya@example.com").await).await;
    step(&app, &victim, "/account", json!({ "password": PORTAL_PASSWORD })).await;
    let victim_code = code_for(&app, "maya@example.com").await;

    // A stranger with an SMS-only invitation of their own claims Maya's email.
    let (attacker, status) = sms_only_registration(&app, &staff, "Stan", "217-555-0177").await;
    assert!(status["email"].is_null(), "SMS-only: the invitee enters an email");
    let res =
        step(&app, &attacker, "/account", json!({ "password": "stolen lantern harbour", "email": "maya@example.com" }));
    let status: Value = res.await.json().await.unwrap();
    assert_eq!(status["step"], "verify_email", "stuck: the code goes to Maya");

    // Maya finishes with her own password; the stranger's never works.
    let status: Value =
        step(&app, &victim, "/email/verify", json!({ "code": victim_code })).await.json().await.unwrap();
    assert_eq!(status["step"], "verify_phone");
    step(&app, &victim, "/phone/send", json!({})).await;
    let code = code_for(&app, "+12175550101").await;
    step(&app, &victim, "/phone/verify", json!({ "code": code })).await;
    portal_session(step(&app, &victim, "/complete", json!({ "accept_terms": true })).await).await;
    let login = crate::portal_support::portal_login;
    problem(login(&app, "riverside", "maya@example.com", "stolen lantern harbour").await, 401).await;
    portal_session(login(&app, "riverside", "maya@example.com", PORTAL_PASSWORD).await).await;
}

/// Issue 9, item 2: two invitations lead to one email and both pass step 1. Once the first
/// registrant finishes, the second must sign in with that account's current password; their own
/// step-1 password and phone never replace the first's.
#[tokio::test]
async fn a_second_invitation_to_a_registered_email_joins_only_with_the_current_password() {
    let (app, staff) = front_desk().await;
    let (maya, maya_contacts) = family(&app, &staff, "Maya", "maya@example.com").await;
    let (leo, leo_contacts) = family(&app, &staff, "Leo", "leo@example.com").await;
    invite(&app, &staff, &maya, "guardian", Some(&maya_contacts["guardian"])).await;
    let (first, _) = start(&app, &invitation_token(&app, "gloria@example.com").await).await;
    invite(&app, &staff, &leo, "guardian", Some(&leo_contacts["guardian"])).await;
    let (second, _) = start(&app, &invitation_token(&app, "gloria@example.com").await).await;

    // Both choose a password and confirm the email before either finishes.
    let taken_over = "second registrant lantern";
    for (reg, password) in [(&first, PORTAL_PASSWORD), (&second, taken_over)] {
        assert_eq!(step(&app, reg, "/account", json!({ "password": password })).await.status(), 200);
        let code = code_for(&app, "gloria@example.com").await;
        let status: Value = step(&app, reg, "/email/verify", json!({ "code": code })).await.json().await.unwrap();
        assert_eq!(status["step"], "verify_phone");
    }
    step(&app, &first, "/phone/send", json!({ "phone": "(217) 555-0111" })).await;
    let code = code_for(&app, "+12175550111").await;
    step(&app, &first, "/phone/verify", json!({ "code": code })).await;
    let session = portal_session(step(&app, &first, "/complete", json!({ "accept_terms": true })).await).await;

    // The second registration now stands at sign-in: no new phone, no completion, no password.
    let status: Value = app.get("/api/v1/registration", &second).send().await.unwrap().json().await.unwrap();
    assert_eq!(status["step"], "sign_in");
    problem(step(&app, &second, "/phone/send", json!({ "phone": "(217) 555-0122" })).await, 409).await;
    problem(step(&app, &second, "/complete", json!({ "accept_terms": true })).await, 409).await;
    problem(step(&app, &second, "/sign-in", json!({ "password": taken_over })).await, 401).await;
    let joined = portal_session(step(&app, &second, "/sign-in", json!({ "password": PORTAL_PASSWORD })).await).await;
    let me: Value = app.get("/api/v1/portal/me", &joined.token).send().await.unwrap().json().await.unwrap();
    assert_eq!(me["patients"].as_array().unwrap().len(), 2, "Leo was added to the one account");

    // The first registrant's password and session are untouched.
    let login = crate::portal_support::portal_login;
    problem(login(&app, "riverside", "gloria@example.com", taken_over).await, 401).await;
    portal_session(login(&app, "riverside", "gloria@example.com", PORTAL_PASSWORD).await).await;
    assert_eq!(app.get("/api/v1/portal/me", &session.token).send().await.unwrap().status(), 200);
}

/// Issue 9, item 9: an SMS-only invitee who types an address that already has an account learns
/// nothing at step 1; after proving the address with its code, they sign in with its password.
#[tokio::test]
async fn an_address_typed_at_step_one_answers_alike_whether_it_has_an_account() {
    let (app, staff) = front_desk().await;
    let (maya, _) = family(&app, &staff, "Maya", "maya@example.com").await;
    invite(&app, &staff, &maya, "self", None).await;
    register(&app, "maya@example.com").await;

    let mut answers = Vec::new();
    for (phone, email) in [("217-555-0177", "maya@example.com"), ("217-555-0178", "nobody.yet@example.com")] {
        let (reg, _) = sms_only_registration(&app, &staff, "Sam", phone).await;
        let res = step(&app, &reg, "/account", json!({ "password": "sam chooses a lantern", "email": email })).await;
        assert_eq!(res.status(), 200);
        let mut status: Value = res.json().await.unwrap();
        status["resend_in_seconds"] = json!(null);
        answers.push((reg, status));
    }
    let strip = |s: &Value| {
        let mut s = s.clone();
        for k in ["email", "code_sent_to", "phone_on_file", "invitee_first_name", "patient_first_name"] {
            s[k] = json!(null);
        }
        s
    };
    assert_eq!(strip(&answers[0].1), strip(&answers[1].1), "the same answer either way");
    assert_eq!(answers[0].1["step"], "verify_email");

    // The owner of the address (who has its mail) confirms it, then must use its password.
    let code = code_for(&app, "maya@example.com").await;
    let status: Value = step(&app, &answers[0].0, "/email/verify", json!({ "code": code })).await.json().await.unwrap();
    assert_eq!(status["step"], "sign_in");
    problem(step(&app, &answers[0].0, "/sign-in", json!({ "password": "sam chooses a lantern" })).await, 401).await;
    portal_session(step(&app, &answers[0].0, "/sign-in", json!({ "password": PORTAL_PASSWORD })).await).await;
}

/// Issue 9, item 3: a code cannot be guessed over time. In any hour an invitation gets at most
/// five codes per channel and ten wrong tries; then the answer is 429 with the wait, in words.
#[tokio::test]
async fn codes_and_wrong_tries_are_capped_per_hour() {
    let (app, staff) = front_desk().await;
    let (maya, _) = family(&app, &staff, "Maya", "maya@example.com").await;
    invite(&app, &staff, &maya, "self", None).await;
    let link = invitation_token(&app, "maya@example.com").await;
    let (reg, _) = start(&app, &link).await;
    step(&app, &reg, "/account", json!({ "password": PORTAL_PASSWORD })).await;
    // Ten wrong tries over two codes (the first of them sent by step 1).
    for round in 0..2 {
        if round > 0 {
            app.clock.advance(Duration::seconds(31));
            assert_eq!(step(&app, &reg, "/email/resend", json!({})).await.status(), 200);
        }
        let code = code_for(&app, "maya@example.com").await;
        let wrong = if code == "000000" { "111111" } else { "000000" };
        for _ in 0..5 {
            problem(step(&app, &reg, "/email/verify", json!({ "code": wrong })).await, 422).await;
        }
    }
    app.clock.advance(Duration::seconds(31));
    assert_eq!(step(&app, &reg, "/email/resend", json!({})).await.status(), 200);
    let right = code_for(&app, "maya@example.com").await;
    let res = step(&app, &reg, "/email/verify", json!({ "code": right })).await;
    let wait: u64 = res.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    let p = problem(res, 429).await;
    assert!(p["detail"].as_str().unwrap().contains("too many wrong codes"), "{p}");
    assert!(p["detail"].as_str().unwrap().contains("minutes"), "the wait in words: {p}");
    assert!((50 * 60..=60 * 60).contains(&wait), "{wait}");

    // Two more codes make five this hour; a sixth waits.
    for _ in 0..2 {
        app.clock.advance(Duration::seconds(31));
        assert_eq!(step(&app, &reg, "/email/resend", json!({})).await.status(), 200);
    }
    app.clock.advance(Duration::seconds(31));
    let p = problem(step(&app, &reg, "/email/resend", json!({})).await, 429).await;
    assert!(p["detail"].as_str().unwrap().contains("at most 5 codes an hour"), "{p}");

    // An hour on (the link opened again: a registration token lasts an hour), a fresh code works.
    app.clock.advance(Duration::minutes(61));
    let (reg, _) = start(&app, &link).await;
    assert_eq!(step(&app, &reg, "/email/resend", json!({})).await.status(), 200);
    let code = code_for(&app, "maya@example.com").await;
    let status: Value = step(&app, &reg, "/email/verify", json!({ "code": code })).await.json().await.unwrap();
    assert_eq!(status["step"], "verify_phone");

    // Texts go to at most three different numbers a day (no SMS pumping); a number already
    // used may be texted again.
    for number in ["(217) 555-0141", "(217) 555-0142", "(217) 555-0143"] {
        app.clock.advance(Duration::seconds(31));
        assert_eq!(step(&app, &reg, "/phone/send", json!({ "phone": number })).await.status(), 200, "{number}");
    }
    app.clock.advance(Duration::seconds(31));
    let p = problem(step(&app, &reg, "/phone/send", json!({ "phone": "(217) 555-0144" })).await, 429).await;
    assert!(p["detail"].as_str().unwrap().contains("several phone numbers"), "{p}");
    assert_eq!(step(&app, &reg, "/phone/send", json!({ "phone": "(217) 555-0142" })).await.status(), 200);
}
