//! Secure messaging (MSG-1…4): threads, participants, per-reader unread counts, notices without
//! PHI, and every way to reach a thread that is not yours.
use chrono::Duration;
use serde_json::{Value, json};

use crate::helpers::{Session, TestApp, edit_portal_config, events, fields, patient_audit, problem, spawn_app};
use crate::portal_support::{family, invite, mail_to, register};

const NOTICE: &str = "New message from riverside clinic";

pub struct Family {
    pub staff: String,
    pub patient: String,
    pub maya: Session,
    pub gloria: Session,
    pub gus: Session,
}

/// Maya (the patient), Gloria (guardian) and Gus (guarantor), all registered.
pub async fn riverside_family(app: &TestApp) -> Family {
    app.practice("riverside").await;
    let staff = app.login("frontdesk@riverside.test").await.token;
    let (patient, contacts) = family(app, &staff, "Maya", "maya@example.com").await;
    invite(app, &staff, &patient, "self", None).await;
    invite(app, &staff, &patient, "guardian", Some(&contacts["guardian"])).await;
    invite(app, &staff, &patient, "guarantor", Some(&contacts["guarantor"])).await;
    let maya = register(app, "maya@example.com").await;
    let gloria = register(app, "gloria@example.com").await;
    let gus = register(app, "gus@example.com").await;
    Family { staff, patient, maya, gloria, gus }
}

pub async fn json_of(res: reqwest::Response, status: u16) -> Value {
    let code = res.status().as_u16();
    let body: Value = res.json().await.unwrap();
    assert_eq!(code, status, "{body}");
    body
}

pub async fn recipients(app: &TestApp, staff: &str, patient: &str) -> Vec<Value> {
    let res = app.get(&format!("/api/v1/staff/patients/{patient}/message-recipients"), staff).send().await.unwrap();
    json_of(res, 200).await.as_array().unwrap().clone()
}

pub async fn start(app: &TestApp, staff: &str, patient: &str, body: Value) -> reqwest::Response {
    app.post(&format!("/api/v1/staff/patients/{patient}/threads"), staff).json(&body).send().await.unwrap()
}

pub fn portal(patient: &str, rest: &str) -> String {
    format!("/api/v1/portal/patients/{patient}/threads{rest}")
}

async fn portal_list(app: &TestApp, s: &Session, patient: &str) -> Value {
    json_of(app.get(&portal(patient, ""), &s.token).send().await.unwrap(), 200).await
}

pub async fn home_count(app: &TestApp, s: &Session, patient: &str) -> Option<u64> {
    let home =
        json_of(app.get(&format!("/api/v1/portal/patients/{patient}/home"), &s.token).send().await.unwrap(), 200).await;
    home["tiles"].as_array().unwrap().iter().find(|t| t["area"] == "messages").and_then(|t| t["count"].as_u64())
}

pub async fn inbox(app: &TestApp, staff: &str, query: &str) -> Vec<Value> {
    let page = json_of(app.get(&format!("/api/v1/staff/threads{query}"), staff).send().await.unwrap(), 200).await;
    page["items"].as_array().unwrap().clone()
}

async fn set_messaging(app: &TestApp, enabled: bool, patients_start: bool) {
    edit_portal_config(app, |config| {
        config["messaging"] = json!({ "enabled": enabled, "patients_can_start_threads": patients_start });
    })
    .await;
}

#[tokio::test]
async fn a_staff_thread_reaches_every_participant_and_unread_counts_are_per_reader() {
    let app = spawn_app().await;
    let f = riverside_family(&app).await;
    let people = recipients(&app, &f.staff, &f.patient).await;
    assert_eq!(people.len(), 3, "{people:?}");
    assert_eq!(people[0]["role"], "self");
    assert_eq!(people[1]["name"], "Gloria Rivera");

    let body = "Hi Maya,\n\nYour new exercise plan is ready.\n<script>alert(1)</script>";
    let thread =
        json_of(start(&app, &f.staff, &f.patient, json!({ "subject": "Your exercise plan", "body": body })).await, 201)
            .await;
    let id = thread["id"].as_str().unwrap().to_owned();
    assert_eq!(thread["participants"].as_array().unwrap().len(), 3, "everyone by default");
    assert_eq!(thread["messages"][0]["body"], body, "plain text kept as written, line breaks too");
    assert_eq!(thread["messages"][0]["mine"], true);

    // Each participant is told, without PHI.
    for to in ["maya@example.com", "gloria@example.com", "gus@example.com"] {
        let notices: Vec<_> =
            mail_to(&app, to).await.into_iter().filter(|m| m.subject.as_deref() == Some(NOTICE)).collect();
        assert_eq!(notices.len(), 1, "{to}");
        let n = &notices[0];
        for secret in ["exercise", "Maya", "Rivera"] {
            assert!(!n.body.contains(secret), "{secret} in a notice to {to}: {}", n.body);
        }
        assert!(n.body.contains("/portal/sign-in?practice=riverside"));
    }

    for s in [&f.maya, &f.gloria, &f.gus] {
        assert_eq!(home_count(&app, s, &f.patient).await, Some(1));
        assert_eq!(portal_list(&app, s, &f.patient).await["items"][0]["unread"], 1);
    }
    // Maya reads: only her marker moves.
    let seen = json_of(app.get(&portal(&f.patient, &format!("/{id}")), &f.maya.token).send().await.unwrap(), 200).await;
    assert_eq!(seen["can_reply"], true);
    assert_eq!(home_count(&app, &f.maya, &f.patient).await, Some(0));
    assert_eq!(home_count(&app, &f.gloria, &f.patient).await, Some(1));

    // Staff have nothing unread: a colleague's message is not waiting for them. A reply is unread
    // for every staff user separately.
    assert_eq!(inbox(&app, &f.staff, "").await[0]["unread"], 0);
    let clinician = app.login("clinician@riverside.test").await.token;
    assert_eq!(inbox(&app, &clinician, "").await[0]["unread"], 0);
    assert!(inbox(&app, &clinician, "?unread=true").await.is_empty());
    let reply = app
        .post(&portal(&f.patient, &format!("/{id}/messages")), &f.gloria.token)
        .json(&json!({ "body": "Thank you! Mia will start today." }))
        .send()
        .await
        .unwrap();
    let reply = json_of(reply, 201).await;
    assert_eq!(reply["messages"][1]["author_name"], "Gloria Rivera");
    assert_eq!(reply["messages"][1]["mine"], true);
    assert_eq!(inbox(&app, &f.staff, "?unread=true").await.len(), 1);
    assert_eq!(inbox(&app, &clinician, "?unread=true").await[0]["unread"], 1);
    json_of(app.get(&format!("/api/v1/staff/threads/{id}"), &f.staff).send().await.unwrap(), 200).await;
    assert!(inbox(&app, &f.staff, "?unread=true").await.is_empty());
    assert_eq!(inbox(&app, &clinician, "?unread=true").await.len(), 1, "the clinician has not read it");
    assert_eq!(inbox(&app, &f.staff, "").await[0]["preview"], "Thank you! Mia will start today.");
    // Replying marks what Gloria replied to as read; Maya has Gloria's reply to read.
    assert_eq!(home_count(&app, &f.gloria, &f.patient).await, Some(0));
    assert_eq!(home_count(&app, &f.maya, &f.patient).await, Some(1));
    assert!(app.audit_count("thread.read").await >= 2);
    assert_eq!(app.audit_count("thread.create").await, 1);
}

#[tokio::test]
async fn only_participants_and_the_practices_staff_reach_a_thread() {
    let app = spawn_app().await;
    let f = riverside_family(&app).await;
    let people = recipients(&app, &f.staff, &f.patient).await;
    let maya_account = people[0]["account_id"].clone();
    let thread = start(
        &app,
        &f.staff,
        &f.patient,
        json!({ "subject": "Test results", "body": "All normal.", "participant_account_ids": [maya_account] }),
    )
    .await;
    let id = json_of(thread, 201).await["id"].as_str().unwrap().to_owned();

    // Gus, the guarantor, is not a participant: not in his list, and 404 like any unknown id.
    assert!(portal_list(&app, &f.gus, &f.patient).await["items"].as_array().unwrap().is_empty());
    problem(app.get(&portal(&f.patient, &format!("/{id}")), &f.gus.token).send().await.unwrap(), 404).await;
    let res = app
        .post(&portal(&f.patient, &format!("/{id}/messages")), &f.gus.token)
        .json(&json!({ "body": "hi" }))
        .send()
        .await;
    problem(res.unwrap(), 404).await;
    assert_eq!(home_count(&app, &f.gus, &f.patient).await, Some(0));

    // Another patient's portal account: 404 through its own patient and through Maya's.
    let (leo, _) = family(&app, &f.staff, "Leo", "leo@example.com").await;
    invite(&app, &f.staff, &leo, "self", None).await;
    let leo_session = register(&app, "leo@example.com").await;
    problem(app.get(&portal(&leo, &format!("/{id}")), &leo_session.token).send().await.unwrap(), 404).await;
    problem(app.get(&portal(&f.patient, &format!("/{id}")), &leo_session.token).send().await.unwrap(), 404).await;
    problem(app.get(&portal(&f.patient, ""), &leo_session.token).send().await.unwrap(), 404).await;

    // Another practice's staff: 404 for the thread, the patient and the recipients.
    app.practice("lakeside").await;
    let lake = app.login("frontdesk@lakeside.test").await.token;
    problem(app.get(&format!("/api/v1/staff/threads/{id}"), &lake).send().await.unwrap(), 404).await;
    let res =
        app.post(&format!("/api/v1/staff/threads/{id}/messages"), &lake).json(&json!({ "body": "hi" })).send().await;
    problem(res.unwrap(), 404).await;
    problem(start(&app, &lake, &f.patient, json!({ "subject": "x", "body": "y" })).await, 404).await;
    problem(
        app.get(&format!("/api/v1/staff/patients/{}/message-recipients", f.patient), &lake).send().await.unwrap(),
        404,
    )
    .await;
    assert!(inbox(&app, &lake, "").await.is_empty());

    // Access ends with the grant: Maya's revoked grant takes the thread with it.
    let directory: Value =
        app.get("/api/v1/staff/portal-directory", &f.staff).send().await.unwrap().json().await.unwrap();
    let entry = directory["items"].as_array().unwrap().iter().find(|e| e["email"] == "maya@example.com").unwrap();
    let grant = entry["patients"][0]["grant_id"].as_str().unwrap().to_owned();
    let res = app.post(&format!("/api/v1/staff/portal-grants/{grant}/revoke"), &f.staff).send().await.unwrap();
    assert_eq!(res.status(), 204);
    problem(app.get(&portal(&f.patient, &format!("/{id}")), &f.maya.token).send().await.unwrap(), 401).await;
}

#[tokio::test]
async fn closed_threads_take_no_replies_and_patients_start_only_when_allowed() {
    let app = spawn_app().await;
    let f = riverside_family(&app).await;
    let thread = json_of(
        start(&app, &f.staff, &f.patient, json!({ "subject": "Billing question", "body": "Call us." })).await,
        201,
    )
    .await;
    let id = thread["id"].as_str().unwrap().to_owned();
    let closed =
        json_of(app.post(&format!("/api/v1/staff/threads/{id}/close"), &f.staff).send().await.unwrap(), 200).await;
    assert_eq!(closed["status"], "closed");
    let res = app
        .post(&portal(&f.patient, &format!("/{id}/messages")), &f.maya.token)
        .json(&json!({ "body": "ok" }))
        .send()
        .await;
    assert_eq!(problem(res.unwrap(), 409).await["code"], "conflict");
    let res =
        app.post(&format!("/api/v1/staff/threads/{id}/messages"), &f.staff).json(&json!({ "body": "ok" })).send().await;
    problem(res.unwrap(), 409).await;
    let seen = json_of(app.get(&portal(&f.patient, &format!("/{id}")), &f.maya.token).send().await.unwrap(), 200).await;
    assert_eq!(seen["can_reply"], false);
    json_of(app.post(&format!("/api/v1/staff/threads/{id}/reopen"), &f.staff).send().await.unwrap(), 200).await;
    let res = app
        .post(&portal(&f.patient, &format!("/{id}/messages")), &f.maya.token)
        .json(&json!({ "body": "ok" }))
        .send()
        .await;
    json_of(res.unwrap(), 201).await;

    // CFG-5: patients start threads only when the practice allows it.
    let new = json!({ "subject": "Question about my knee", "body": "Is swelling normal?" });
    assert!(!portal_list(&app, &f.maya, &f.patient).await["can_start"].as_bool().unwrap());
    let p = problem(app.post(&portal(&f.patient, ""), &f.maya.token).json(&new).send().await.unwrap(), 403).await;
    assert!(p["detail"].as_str().unwrap().contains("starts conversations itself"));
    set_messaging(&app, true, true).await;
    assert!(portal_list(&app, &f.maya, &f.patient).await["can_start"].as_bool().unwrap());
    let mine = json_of(app.post(&portal(&f.patient, ""), &f.maya.token).json(&new).send().await.unwrap(), 201).await;
    assert_eq!(mine["participants"].as_array().unwrap().len(), 1, "the starter alone");
    let mine_id = mine["id"].as_str().unwrap();
    problem(app.get(&portal(&f.patient, &format!("/{mine_id}")), &f.gloria.token).send().await.unwrap(), 404).await;
    assert_eq!(inbox(&app, &f.staff, "?unread=true").await[0]["subject"], "Question about my knee");

    // Messaging off: the portal hides it (no tile) and the API refuses.
    set_messaging(&app, false, false).await;
    assert_eq!(home_count(&app, &f.maya, &f.patient).await, None);
    let home: Value = app
        .get(&format!("/api/v1/portal/patients/{}/home", f.patient), &f.maya.token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(home["tiles"].as_array().unwrap().iter().all(|t| t["area"] != "messages"));
    problem(app.get(&portal(&f.patient, ""), &f.maya.token).send().await.unwrap(), 403).await;
    problem(app.get(&portal(&f.patient, &format!("/{id}")), &f.maya.token).send().await.unwrap(), 403).await;
    problem(start(&app, &f.staff, &f.patient, json!({ "subject": "x", "body": "y" })).await, 403).await;
}

#[tokio::test]
async fn notices_are_coalesced_per_participant_while_unread() {
    let app = spawn_app().await;
    let f = riverside_family(&app).await;
    let notices = |to: &'static str| {
        let app = &app;
        async move { mail_to(app, to).await.into_iter().filter(|m| m.subject.as_deref() == Some(NOTICE)).count() }
    };
    let thread =
        json_of(start(&app, &f.staff, &f.patient, json!({ "subject": "One", "body": "First." })).await, 201).await;
    let id = thread["id"].as_str().unwrap().to_owned();
    // Access tokens last 15 minutes: sign in again for each reply.
    let reply = |body: &'static str| {
        let (app, id) = (&app, id.clone());
        async move {
            let staff = app.login("frontdesk@riverside.test").await.token;
            app.post(&format!("/api/v1/staff/threads/{id}/messages"), &staff)
                .json(&json!({ "body": body }))
                .send()
                .await
        }
    };
    app.clock.advance(Duration::minutes(5));
    json_of(reply("Second.").await.unwrap(), 201).await;
    json_of(start(&app, &f.staff, &f.patient, json!({ "subject": "Two", "body": "Another thread." })).await, 201).await;
    assert_eq!(notices("maya@example.com").await, 1, "one notice for three messages in 15 minutes");
    // Maya reads: the next message is news again, at once. Gloria has not: still coalesced.
    json_of(app.get(&portal(&f.patient, &format!("/{id}")), &f.maya.token).send().await.unwrap(), 200).await;
    app.clock.advance(Duration::minutes(1));
    json_of(reply("Third.").await.unwrap(), 201).await;
    assert_eq!(notices("maya@example.com").await, 2);
    assert_eq!(notices("gloria@example.com").await, 1);
    // After 15 minutes, unread or not, one more.
    app.clock.advance(Duration::minutes(15));
    json_of(reply("Fourth.").await.unwrap(), 201).await;
    assert_eq!(notices("gloria@example.com").await, 2);
    // Texts only to a verified phone: none of these accounts verified one.
    let texts = mail_to(&app, "+12175550101").await;
    assert!(texts.iter().all(|m| !m.body.contains("new message")));
}

#[tokio::test]
async fn bad_input_is_422_naming_the_field_and_changes_nothing() {
    let app = spawn_app().await;
    let f = riverside_family(&app).await;
    let p = problem(start(&app, &f.staff, &f.patient, json!({ "subject": "  ", "body": " \n " })).await, 422).await;
    assert_eq!(fields(&p), ["subject", "body"]);
    let long = "s".repeat(121);
    let p = problem(start(&app, &f.staff, &f.patient, json!({ "subject": long, "body": "x" })).await, 422).await;
    assert_eq!(fields(&p), ["subject"]);
    let p =
        problem(start(&app, &f.staff, &f.patient, json!({ "subject": "x", "body": "y".repeat(10_001) })).await, 422)
            .await;
    assert_eq!(fields(&p), ["body"]);
    let stranger = uuid::Uuid::new_v4();
    let people = recipients(&app, &f.staff, &f.patient).await;
    let body = json!({ "subject": "x", "body": "y", "participant_account_ids": [people[0]["account_id"], stranger] });
    let p = problem(start(&app, &f.staff, &f.patient, body).await, 422).await;
    assert_eq!(fields(&p), ["participant_account_ids[1]"]);
    let p = problem(
        start(&app, &f.staff, &f.patient, json!({ "subject": "x", "body": "y", "participant_account_ids": [] })).await,
        422,
    )
    .await;
    assert_eq!(fields(&p), ["participant_account_ids"]);
    assert!(inbox(&app, &f.staff, "").await.is_empty(), "nothing was saved");

    // No one registered yet: say so.
    let (leo, _) = family(&app, &f.staff, "Leo", "leo@example.com").await;
    let p = problem(start(&app, &f.staff, &leo, json!({ "subject": "x", "body": "y" })).await, 422).await;
    assert!(p["errors"][0]["message"].as_str().unwrap().contains("invitation"));

    // Assignment: a staff user of the practice, filters by it.
    let thread = json_of(start(&app, &f.staff, &f.patient, json!({ "subject": "x", "body": "y" })).await, 201).await;
    let id = thread["id"].as_str().unwrap();
    let me: Value = app.get("/api/v1/staff/me", &f.staff).send().await.unwrap().json().await.unwrap();
    let res = app
        .put(&format!("/api/v1/staff/threads/{id}/assignee"), &f.staff)
        .json(&json!({ "staff_user_id": stranger }))
        .send()
        .await;
    assert_eq!(fields(&problem(res.unwrap(), 422).await), ["staff_user_id"]);
    let res = app
        .put(&format!("/api/v1/staff/threads/{id}/assignee"), &f.staff)
        .json(&json!({ "staff_user_id": me["id"] }))
        .send()
        .await;
    assert_eq!(json_of(res.unwrap(), 200).await["assigned_to"]["name"], me["name"]);
    assert_eq!(inbox(&app, &f.staff, "?assigned=me").await.len(), 1);
    assert!(inbox(&app, &f.staff, "?assigned=none").await.is_empty());
    let p = problem(app.get("/api/v1/staff/threads?assigned=someone", &f.staff).send().await.unwrap(), 422).await;
    assert_eq!(fields(&p), ["assigned"]);
    assert_eq!(inbox(&app, &f.staff, &format!("?patient_id={}", f.patient)).await.len(), 1);
    let res = app
        .post(&portal(&f.patient, &format!("/{id}/messages")), &f.maya.token)
        .json(&json!({ "body": "\u{202E}gpj.exe" }))
        .send()
        .await;
    assert_eq!(fields(&problem(res.unwrap(), 422).await), ["body"]);
}

#[tokio::test]
async fn homes_unread_count_is_exact_up_to_its_cap() {
    let app = spawn_app().await;
    let f = riverside_family(&app).await;
    let first = json_of(start(&app, &f.staff, &f.patient, json!({ "subject": "One", "body": "1" })).await, 201).await;
    let one = first["id"].as_str().unwrap().to_owned();
    let second = json_of(start(&app, &f.staff, &f.patient, json!({ "subject": "Two", "body": "1" })).await, 201).await;
    let two = second["id"].as_str().unwrap().to_owned();
    // Maya reads the first; Gloria reads nothing; a patient's own words never count.
    json_of(app.get(&portal(&f.patient, &format!("/{one}")), &f.maya.token).send().await.unwrap(), 200).await;
    let res = app
        .post(&portal(&f.patient, &format!("/{two}/messages")), &f.maya.token)
        .json(&json!({ "body": "Mine" }))
        .send()
        .await;
    json_of(res.unwrap(), 201).await;
    assert_eq!(home_count(&app, &f.maya, &f.patient).await, Some(0), "she replied after reading the second");
    assert_eq!(home_count(&app, &f.gloria, &f.patient).await, Some(3), "two from staff and Maya's reply");
    for n in 0..98 {
        let res = app
            .post(&format!("/api/v1/staff/threads/{one}/messages"), &f.staff)
            .json(&json!({ "body": format!("Note {n}") }))
            .send()
            .await;
        assert_eq!(res.unwrap().status(), 201);
    }
    assert_eq!(home_count(&app, &f.maya, &f.patient).await, Some(98));
    assert_eq!(home_count(&app, &f.gloria, &f.patient).await, Some(100), "101 waiting: the count stops at its cap");
    let list = portal_list(&app, &f.gloria, &f.patient).await;
    let thread = list["items"].as_array().unwrap().iter().find(|t| t["id"] == one.as_str()).unwrap().clone();
    assert_eq!(thread["unread"], 99, "a thread's own count is exact");
}

#[tokio::test]
async fn staff_change_who_takes_part_and_access_follows() {
    let app = spawn_app().await;
    let f = riverside_family(&app).await;
    let people = recipients(&app, &f.staff, &f.patient).await;
    let (maya, gus) = (people[0]["account_id"].clone(), people[2]["account_id"].clone());
    let t = start(
        &app,
        &f.staff,
        &f.patient,
        json!({ "subject": "Bill", "body": "About your bill.", "participant_account_ids": [maya] }),
    );
    let id = json_of(t.await, 201).await["id"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/staff/threads/{id}/participants");
    problem(app.get(&portal(&f.patient, &format!("/{id}")), &f.gus.token).send().await.unwrap(), 404).await;
    let before = mail_to(&app, "gus@example.com").await.len();

    // Gus joins: he reads the whole thread, and is told once that something is waiting.
    let res = app.put(&path, &f.staff).json(&json!({ "account_ids": [maya, gus] })).send().await.unwrap();
    let thread = json_of(res, 200).await;
    assert_eq!(thread["participants"].as_array().unwrap().len(), 2);
    let seen = json_of(app.get(&portal(&f.patient, &format!("/{id}")), &f.gus.token).send().await.unwrap(), 200).await;
    assert_eq!(seen["messages"][0]["body"], "About your bill.");
    assert_eq!(mail_to(&app, "gus@example.com").await.len(), before + 1);
    assert_eq!(
        mail_to(&app, "maya@example.com").await.iter().filter(|m| m.subject.as_deref() == Some(NOTICE)).count(),
        1,
        "no second notice for Maya"
    );

    // Maya leaves: 404 for her at once.
    let res = app.put(&path, &f.staff).json(&json!({ "account_ids": [gus] })).send().await.unwrap();
    json_of(res, 200).await;
    problem(app.get(&portal(&f.patient, &format!("/{id}")), &f.maya.token).send().await.unwrap(), 404).await;
    assert_eq!(home_count(&app, &f.maya, &f.patient).await, Some(0));

    // Bad choices change nothing; another practice cannot reach it.
    let p = problem(app.put(&path, &f.staff).json(&json!({ "account_ids": [] })).send().await.unwrap(), 422).await;
    assert_eq!(fields(&p), ["account_ids"]);
    let stranger = uuid::Uuid::now_v7();
    let p =
        problem(app.put(&path, &f.staff).json(&json!({ "account_ids": [gus, stranger] })).send().await.unwrap(), 422)
            .await;
    assert_eq!(fields(&p), ["account_ids[1]"]);
    app.practice("lakeside").await;
    let lake = app.login("frontdesk@lakeside.test").await.token;
    problem(app.put(&path, &lake).json(&json!({ "account_ids": [gus] })).send().await.unwrap(), 404).await;
    let thread = json_of(app.get(&format!("/api/v1/staff/threads/{id}"), &f.staff).send().await.unwrap(), 200).await;
    assert_eq!(thread["participants"].as_array().unwrap().len(), 1);

    // Audited: who came and went, by id.
    let admin = app.login("admin@riverside.test").await.token;
    let audit = patient_audit(&app, &admin, &f.patient).await;
    let changes = events(&audit, "thread.participants_change");
    assert_eq!(changes.len(), 2, "{audit}");
    assert_eq!(changes[0]["details"]["removed"][0], maya);
    assert_eq!(changes[1]["details"]["added"][0], gus);
}

#[tokio::test]
async fn long_threads_come_in_pages_newest_first() {
    let app = spawn_app().await;
    let f = riverside_family(&app).await;
    let t = json_of(start(&app, &f.staff, &f.patient, json!({ "subject": "Log", "body": "Entry 0" })).await, 201).await;
    let id = t["id"].as_str().unwrap().to_owned();
    assert_eq!(t["has_earlier"], false);
    for n in 1..60 {
        let res = app
            .post(&format!("/api/v1/staff/threads/{id}/messages"), &f.staff)
            .json(&json!({ "body": format!("Entry {n}") }))
            .send()
            .await;
        assert_eq!(res.unwrap().status(), 201);
    }
    let view = json_of(app.get(&portal(&f.patient, &format!("/{id}")), &f.maya.token).send().await.unwrap(), 200).await;
    let messages = view["messages"].as_array().unwrap();
    assert_eq!(messages.len(), 50);
    assert_eq!(messages[0]["body"], "Entry 10");
    assert_eq!(messages[49]["body"], "Entry 59");
    assert_eq!(view["has_earlier"], true);
    assert_eq!(home_count(&app, &f.maya, &f.patient).await, Some(0), "opening it read all 60");

    let first = messages[0]["id"].as_str().unwrap();
    let earlier = portal(&f.patient, &format!("/{id}/messages?before={first}&limit=6"));
    let page = json_of(app.get(&earlier, &f.maya.token).send().await.unwrap(), 200).await;
    let bodies: Vec<&str> = page["items"].as_array().unwrap().iter().map(|m| m["body"].as_str().unwrap()).collect();
    assert_eq!(bodies, ["Entry 4", "Entry 5", "Entry 6", "Entry 7", "Entry 8", "Entry 9"]);
    assert_eq!(page["has_earlier"], true);
    let staff_page = format!("/api/v1/staff/threads/{id}/messages?before={first}");
    let page = json_of(app.get(&staff_page, &f.staff).send().await.unwrap(), 200).await;
    assert_eq!(page["items"].as_array().unwrap().len(), 10);
    assert_eq!(page["has_earlier"], false);
    assert_eq!(page["items"][0]["mine"], true);

    let p = problem(app.get(&format!("{staff_page}&limit=0"), &f.staff).send().await.unwrap(), 422).await;
    assert_eq!(fields(&p), ["limit"]);
    let (leo, _) = family(&app, &f.staff, "Leo", "leo@example.com").await;
    invite(&app, &f.staff, &leo, "self", None).await;
    let leo_session = register(&app, "leo@example.com").await;
    problem(app.get(&portal(&leo, &format!("/{id}/messages")), &leo_session.token).send().await.unwrap(), 404).await;
}
