use serde_json::{Value, json};

use crate::helpers::{TestApp, fields, problem, spawn_app};

fn ann() -> Value {
    json!({
        "first_name": "Ann", "last_name": "Lee", "date_of_birth": "1958-03-14", "sex": "female",
        "email": "Ann.Lee@Example.com", "phone": "(217) 555-0123",
        "address": { "line1": "12 Oak St", "city": "Springfield", "region": "IL", "postal_code": "62701" }
    })
}

async fn create(app: &TestApp, token: &str, body: &Value) -> Value {
    let res = app.post("/api/v1/staff/patients", token).json(body).send().await.unwrap();
    assert_eq!(res.status(), 201);
    res.json().await.unwrap()
}

#[tokio::test]
async fn create_read_update_a_patient_normalising_contact_details() {
    let app = spawn_app().await;
    app.practice("riverside").await;
    let s = app.login("frontdesk@riverside.test").await;
    let created = create(&app, &s.token, &ann()).await;
    assert_eq!(created["email"], "ann.lee@example.com");
    assert_eq!(created["phone"], "+12175550123");
    let id = created["id"].as_str().unwrap();
    let mut edit = ann();
    edit["preferred_name"] = json!("Annie");
    edit["phone"] = json!("+44 20 7946 0958");
    let res = app.put(&format!("/api/v1/staff/patients/{id}"), &s.token).json(&edit).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let got: Value =
        app.get(&format!("/api/v1/staff/patients/{id}"), &s.token).send().await.unwrap().json().await.unwrap();
    assert_eq!(got["preferred_name"], "Annie");
    assert_eq!(got["phone"], "+442079460958");
    assert_eq!(app.audit_count("patient.create").await, 1);
    assert_eq!(app.audit_count("patient.update").await, 1);
    assert_eq!(app.audit_count("patient.read").await, 1);
}

#[tokio::test]
async fn invalid_demographics_name_every_field_and_change_nothing() {
    let app = spawn_app().await;
    app.practice("riverside").await;
    let s = app.login("frontdesk@riverside.test").await;
    let created = create(&app, &s.token, &ann()).await;
    let id = created["id"].as_str().unwrap();
    let bad =
        json!({ "first_name": "", "last_name": "Lee", "date_of_birth": "2099-01-01", "email": "nope", "phone": "12" });
    let p =
        problem(app.put(&format!("/api/v1/staff/patients/{id}"), &s.token).json(&bad).send().await.unwrap(), 422).await;
    assert_eq!(fields(&p), vec!["first_name", "date_of_birth", "email", "phone"]);
    let got: Value =
        app.get(&format!("/api/v1/staff/patients/{id}"), &s.token).send().await.unwrap().json().await.unwrap();
    assert_eq!(got, created);
    let missing = problem(
        app.post("/api/v1/staff/patients", &s.token).json(&json!({ "first_name": "A" })).send().await.unwrap(),
        422,
    )
    .await;
    assert_eq!(fields(&missing), vec!["last_name"]);
    let wrong_type = json!({ "first_name": "A", "last_name": "B", "date_of_birth": 19580314 });
    let p = problem(app.post("/api/v1/staff/patients", &s.token).json(&wrong_type).send().await.unwrap(), 422).await;
    assert_eq!(fields(&p), vec!["date_of_birth"]);
    let bad_enum = json!({ "first_name": "A", "last_name": "B", "date_of_birth": "1990-01-01", "sex": "robot" });
    let p = problem(app.post("/api/v1/staff/patients", &s.token).json(&bad_enum).send().await.unwrap(), 422).await;
    assert_eq!(fields(&p), vec!["sex"]);
}

#[tokio::test]
async fn search_by_name_dob_phone_and_email_with_cursor_pages() {
    let app = spawn_app().await;
    app.practice("riverside").await;
    let s = app.login("admin@riverside.test").await;
    for (first, last, dob, phone) in [
        ("Ann", "Lee", "1958-03-14", "(217) 555-0101"),
        ("Bob", "Lee", "1990-07-02", "(217) 555-0102"),
        ("Cara", "Leeds", "2015-01-20", "(217) 555-0103"),
        ("Dan", "Young", "1975-11-30", "(217) 555-0104"),
        ("Eve", "Adams", "1988-05-05", "(217) 555-0105"),
    ] {
        let email = format!("{}@example.com", first.to_lowercase());
        create(
            &app,
            &s.token,
            &json!({ "first_name": first, "last_name": last, "date_of_birth": dob, "phone": phone, "email": email }),
        )
        .await;
    }
    let names = |v: &Value| {
        v["items"].as_array().unwrap().iter().map(|p| p["first_name"].as_str().unwrap().to_owned()).collect::<Vec<_>>()
    };
    let search = |q: &str| app.get("/api/v1/staff/patients", &s.token).query(&[("q", q)]).send();
    assert_eq!(names(&search("lee").await.unwrap().json().await.unwrap()), vec!["Ann", "Bob", "Cara"]);
    assert_eq!(names(&search("lee ann").await.unwrap().json().await.unwrap()), vec!["Ann"]);
    assert_eq!(names(&search("03/14/1958").await.unwrap().json().await.unwrap()), vec!["Ann"]);
    assert_eq!(names(&search("555-0104").await.unwrap().json().await.unwrap()), vec!["Dan"]);
    assert_eq!(names(&search("eve@example").await.unwrap().json().await.unwrap()), vec!["Eve"]);
    assert_eq!(names(&search("%").await.unwrap().json().await.unwrap()), Vec::<String>::new());

    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let mut req = app.get("/api/v1/staff/patients", &s.token).query(&[("limit", "2")]);
        if let Some(c) = &cursor {
            req = req.query(&[("cursor", c)]);
        }
        let page: Value = req.send().await.unwrap().json().await.unwrap();
        seen.extend(names(&page));
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_owned()),
            None => break,
        }
    }
    assert_eq!(seen, vec!["Eve", "Ann", "Bob", "Cara", "Dan"]);
    problem(app.get("/api/v1/staff/patients?cursor=garbage", &s.token).send().await.unwrap(), 422).await;
    problem(app.get("/api/v1/staff/patients?limit=0", &s.token).send().await.unwrap(), 422).await;
    let p = problem(app.get("/api/v1/staff/patients?limit=lots", &s.token).send().await.unwrap(), 422).await;
    assert_eq!(fields(&p), vec!["limit"]);
}

#[tokio::test]
async fn contacts_with_relationships() {
    let app = spawn_app().await;
    app.practice("riverside").await;
    let s = app.login("frontdesk@riverside.test").await;
    let child =
        create(&app, &s.token, &json!({ "first_name": "Mia", "last_name": "Lee", "date_of_birth": "2016-04-04" }))
            .await;
    let base = format!("/api/v1/staff/patients/{}/contacts", child["id"].as_str().unwrap());
    let guardian = json!({ "first_name": "Grace", "last_name": "Lee", "relationship": "guardian", "email": "grace@example.com", "phone": "217-555-0150" });
    let res = app.post(&base, &s.token).json(&guardian).send().await.unwrap();
    assert_eq!(res.status(), 201);
    let contact: Value = res.json().await.unwrap();
    assert_eq!(contact["relationship"], "guardian");
    let bad = json!({ "first_name": "X", "last_name": "Y", "relationship": "cousin" });
    let p = problem(app.post(&base, &s.token).json(&bad).send().await.unwrap(), 422).await;
    assert_eq!(fields(&p), vec!["relationship"]);
    let cid = contact["id"].as_str().unwrap();
    let mut changed = guardian.clone();
    changed["relationship"] = json!("guarantor");
    let res = app.put(&format!("{base}/{cid}"), &s.token).json(&changed).send().await.unwrap();
    assert_eq!(res.json::<Value>().await.unwrap()["relationship"], "guarantor");
    let list: Value = app.get(&base, &s.token).send().await.unwrap().json().await.unwrap();
    assert_eq!(list["items"].as_array().unwrap().len(), 1);
    let res = app.client.delete(app.url(&format!("{base}/{cid}"))).bearer_auth(&s.token).send().await.unwrap();
    assert_eq!(res.status(), 204);
    let list: Value = app.get(&base, &s.token).send().await.unwrap().json().await.unwrap();
    assert!(list["items"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn another_practices_patients_are_404_whatever_the_route() {
    let app = spawn_app().await;
    app.practice("riverside").await;
    app.practice("lakeside").await;
    let river = app.login("admin@riverside.test").await;
    let lake = app.login("admin@lakeside.test").await;
    let theirs = create(&app, &lake.token, &ann()).await;
    let id = theirs["id"].as_str().unwrap();
    let lake_contact: Value = app
        .post(&format!("/api/v1/staff/patients/{id}/contacts"), &lake.token)
        .json(&json!({ "first_name": "G", "last_name": "L", "relationship": "guardian" }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let cid = lake_contact["id"].as_str().unwrap();
    for res in [
        app.get(&format!("/api/v1/staff/patients/{id}"), &river.token).send().await.unwrap(),
        app.put(&format!("/api/v1/staff/patients/{id}"), &river.token).json(&ann()).send().await.unwrap(),
        app.get(&format!("/api/v1/staff/patients/{id}/contacts"), &river.token).send().await.unwrap(),
        app.post(&format!("/api/v1/staff/patients/{id}/contacts"), &river.token)
            .json(&json!({ "first_name": "G", "last_name": "L", "relationship": "other" }))
            .send()
            .await
            .unwrap(),
        app.put(&format!("/api/v1/staff/patients/{id}/contacts/{cid}"), &river.token)
            .json(&json!({ "first_name": "G", "last_name": "L", "relationship": "other" }))
            .send()
            .await
            .unwrap(),
        app.client
            .delete(app.url(&format!("/api/v1/staff/patients/{id}/contacts/{cid}")))
            .bearer_auth(&river.token)
            .send()
            .await
            .unwrap(),
        app.get("/api/v1/staff/patients/not-a-uuid", &river.token).send().await.unwrap(),
    ] {
        let p = problem(res, 404).await;
        assert_eq!(p["code"], "not_found");
    }
    let search: Value =
        app.get("/api/v1/staff/patients?q=lee", &river.token).send().await.unwrap().json().await.unwrap();
    assert!(search["items"].as_array().unwrap().is_empty());
    let unchanged: Value =
        app.get(&format!("/api/v1/staff/patients/{id}"), &lake.token).send().await.unwrap().json().await.unwrap();
    assert_eq!(unchanged, theirs);
}

#[tokio::test]
async fn clinicians_and_billing_read_but_do_not_edit_demographics() {
    let app = spawn_app().await;
    app.practice("riverside").await;
    let front = app.login("frontdesk@riverside.test").await;
    let created = create(&app, &front.token, &ann()).await;
    for who in ["clinician@riverside.test", "billing@riverside.test"] {
        let s = app.login(who).await;
        let id = created["id"].as_str().unwrap();
        assert_eq!(app.get(&format!("/api/v1/staff/patients/{id}"), &s.token).send().await.unwrap().status(), 200);
        problem(app.post("/api/v1/staff/patients", &s.token).json(&ann()).send().await.unwrap(), 403).await;
        problem(app.put(&format!("/api/v1/staff/patients/{id}"), &s.token).json(&ann()).send().await.unwrap(), 403)
            .await;
    }
}

#[tokio::test]
async fn concurrent_audited_reads_all_succeed() {
    let app = spawn_app().await;
    app.practice("riverside").await;
    let s = app.login("frontdesk@riverside.test").await;
    let created = create(&app, &s.token, &ann()).await;
    let path = format!("/api/v1/staff/patients/{}", created["id"].as_str().unwrap());
    let requests = (0..24).map(|_| app.get(&path, &s.token).send());
    let statuses: Vec<u16> =
        futures_util::future::join_all(requests).await.into_iter().map(|r| r.unwrap().status().as_u16()).collect();
    assert!(statuses.iter().all(|s| *s == 200), "{statuses:?}");
    assert_eq!(app.audit_count("patient.read").await, 24);
}
