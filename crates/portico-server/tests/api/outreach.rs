//! OUT-1…2: templates with variants, preview, and sends with per-recipient status; the Patient
//! Portal Link invites patients without an account and points the others to sign-in.
use serde_json::{Value, json};

use crate::helpers::{fields, problem, spawn_app};
use crate::portal_support::{family, invite, mail_to, register, start, token_after};

#[tokio::test]
async fn a_template_with_the_portal_link_invites_or_signs_in_each_recipient() {
    let app = spawn_app().await;
    app.practice("riverside").await;
    app.practice("lakeside").await;
    let staff = app.login("frontdesk@riverside.test").await.token;
    let variants: Value =
        app.get("/api/v1/staff/outreach/variants", &staff).send().await.unwrap().json().await.unwrap();
    assert_eq!(variants[0]["key"], "patient_portal_link");
    assert_eq!(variants[0]["label"], "Patient Portal Link");

    let bad = json!({ "name": "Oops", "channel": "email", "subject": "Hi", "body": "Hello {{ patient.ssn }}" });
    let p = problem(app.post("/api/v1/staff/outreach/templates", &staff).json(&bad).send().await.unwrap(), 422).await;
    assert_eq!(fields(&p), ["body"]);
    let no_subject = json!({ "name": "Oops", "channel": "email", "body": "Hello" });
    let res = app.post("/api/v1/staff/outreach/templates", &staff).json(&no_subject).send().await.unwrap();
    assert_eq!(fields(&problem(res, 422).await), ["subject"]);

    let body = json!({
        "name": "Portal invitation", "channel": "email",
        "subject": "{{ practice_name }} has a patient portal",
        "body": "Hello {{ patient_first_name }},\n\nJoin us online: {{ patient_portal_link }}\n\nQuestions? {{ practice_phone }}",
    });
    let res = app.post("/api/v1/staff/outreach/templates", &staff).json(&body).send().await.unwrap();
    assert_eq!(res.status(), 201);
    let template: Value = res.json().await.unwrap();
    let tid = template["id"].as_str().unwrap();

    let (maya, _) = family(&app, &staff, "Maya", "maya@example.com").await;
    let (leo, _) = family(&app, &staff, "Leo", "leo@example.com").await;
    invite(&app, &staff, &leo, "self", None).await;
    register(&app, "leo@example.com").await;
    let no_email = json!({ "first_name": "Sam", "last_name": "Ortiz", "date_of_birth": "1950-01-02" });
    let sam: Value =
        app.post("/api/v1/staff/patients", &staff).json(&no_email).send().await.unwrap().json().await.unwrap();
    let sam = sam["id"].as_str().unwrap();

    let preview: Value = app
        .post(&format!("/api/v1/staff/outreach/templates/{tid}/preview"), &staff)
        .json(&json!({ "patient_id": maya }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(preview["to"], "maya@example.com");
    assert_eq!(preview["subject"], "riverside clinic has a patient portal");
    assert!(preview["body"].as_str().unwrap().contains("Hello Maya,"));
    assert!(preview["body"].as_str().unwrap().contains("/register#t=(a personal link is created when you send)"));
    assert!(mail_to(&app, "maya@example.com").await.is_empty(), "a preview sends nothing");
    // A patient id in the body that is not the practice's is a field to correct, as in a send.
    let res = app
        .post(&format!("/api/v1/staff/outreach/templates/{tid}/preview"), &staff)
        .json(&json!({ "patient_id": "0193b1a4-6c1e-7a52-9f3e-2d1c0b9a8e77" }))
        .send()
        .await
        .unwrap();
    assert_eq!(fields(&problem(res, 422).await), ["patient_id"]);

    let res = app
        .post(&format!("/api/v1/staff/outreach/templates/{tid}/sends"), &staff)
        .json(&json!({ "patient_ids": [maya, leo, sam] }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let sent: Value = res.json().await.unwrap();
    let statuses: Vec<(&str, &str)> = sent["recipients"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["patient_name"].as_str().unwrap(), r["status"].as_str().unwrap()))
        .collect();
    assert_eq!(statuses, [("Maya Rivera", "pending"), ("Leo Rivera", "pending"), ("Sam Ortiz", "skipped")]);
    assert_eq!(sent["recipients"][2]["detail"], "No email address on file.");

    // Maya's link is a real invitation; Leo, who has an account, gets the sign-in page.
    let maya_mail = mail_to(&app, "maya@example.com").await;
    let token = token_after(&maya_mail[0].body, "/register#t=");
    start(&app, &token).await;
    let leo_mail = mail_to(&app, "leo@example.com").await;
    assert!(leo_mail.last().unwrap().body.contains("/portal/sign-in?practice=riverside"));
    let id = sent["id"].as_str().unwrap();
    let later: Value =
        app.get(&format!("/api/v1/staff/outreach/sends/{id}"), &staff).send().await.unwrap().json().await.unwrap();
    assert_eq!(later["recipients"][0]["status"], "sent");

    // Another practice's staff and the wrong role see nothing of it.
    let lakeside = app.login("frontdesk@lakeside.test").await.token;
    problem(app.get(&format!("/api/v1/staff/outreach/sends/{id}"), &lakeside).send().await.unwrap(), 404).await;
    let res = app
        .post(&format!("/api/v1/staff/outreach/templates/{tid}/sends"), &lakeside)
        .json(&json!({ "patient_ids": [maya] }))
        .send()
        .await
        .unwrap();
    problem(res, 404).await;
    let clinician = app.login("clinician@riverside.test").await.token;
    problem(app.get("/api/v1/staff/outreach/templates", &clinician).send().await.unwrap(), 403).await;
    let res = app
        .post(&format!("/api/v1/staff/outreach/templates/{tid}/sends"), &staff)
        .json(&json!({ "patient_ids": [maya, uuid::Uuid::now_v7()] }))
        .send()
        .await
        .unwrap();
    assert_eq!(fields(&problem(res, 422).await), ["patient_ids[1]"]);
}
