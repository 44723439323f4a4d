//! The patient ledger (PAY-1, PAY-2, §5): charges and adjustments posted by billing staff, the
//! balance derived from append-only entries, who may read it in the portal, and Patient
//! Responsibility's balances sorted and paged.
use serde_json::{Value, json};

use crate::helpers::{TestApp, fields, problem, spawn_app};
use crate::messaging::{json_of, riverside_family};
use crate::portal_support::family;

fn charge(amount: Value, day: &str, what: &str) -> Value {
    json!({ "date_of_service": day, "description": what, "procedure_code": "97110", "amount": amount })
}

async fn post(app: &TestApp, token: &str, patient: &str, what: &str, body: Value) -> reqwest::Response {
    app.post(&format!("/api/v1/staff/patients/{patient}/{what}"), token).json(&body).send().await.unwrap()
}

#[tokio::test]
async fn billing_posts_charges_and_adjustments_and_the_balance_follows() {
    let app = spawn_app().await;
    let f = riverside_family(&app).await;
    let billing = app.login("billing@riverside.test").await.token;
    let ledger = json_of(
        post(&app, &billing, &f.patient, "charges", charge(json!(12_000), "2026-11-20", "Evaluation")).await,
        201,
    )
    .await;
    assert_eq!(ledger["balance"], 12_000);
    assert_eq!(ledger["currency"], "USD");
    post(&app, &billing, &f.patient, "charges", charge(json!(4_500), "2026-11-21", "Therapeutic exercise")).await;
    let adjusted =
        post(&app, &billing, &f.patient, "adjustments", json!({ "amount": -1_500, "reason": "Courtesy discount" }));
    let ledger = json_of(adjusted.await, 201).await;
    assert_eq!(ledger["balance"], 15_000);
    let entries = ledger["entries"].as_array().unwrap();
    let running: Vec<i64> = entries.iter().map(|e| e["running_balance"].as_i64().unwrap()).collect();
    assert_eq!(running, [12_000, 16_500, 15_000]);
    assert_eq!(entries[0]["kind"], "charge");
    assert_eq!(entries[0]["procedure_code"], "97110");
    assert_eq!(entries[0]["date_of_service"], "2026-11-20");
    assert_eq!(entries[2]["kind"], "adjustment");
    assert_eq!(entries[2]["effect"], -1_500);
    assert_eq!(entries[2]["posted_by_name"], "billing of riverside");

    // Every staff role reads; only billing and administrators post.
    let clinician = app.login("clinician@riverside.test").await.token;
    let read = app.get(&format!("/api/v1/staff/patients/{}/ledger", f.patient), &clinician).send().await.unwrap();
    assert_eq!(json_of(read, 200).await["balance"], 15_000);
    problem(post(&app, &f.staff, &f.patient, "charges", charge(json!(100), "2026-11-20", "x")).await, 403).await;
    let admin = app.login("admin@riverside.test").await.token;
    json_of(post(&app, &admin, &f.patient, "adjustments", json!({ "amount": 100, "reason": "Fix" })).await, 201).await;

    // The portal: the patient and the guarantor see it, the guardian may not (§5).
    let portal = format!("/api/v1/portal/patients/{}/ledger", f.patient);
    for s in [&f.maya, &f.gus] {
        assert_eq!(json_of(app.get(&portal, &s.token).send().await.unwrap(), 200).await["balance"], 15_100);
    }
    problem(app.get(&portal, &f.gloria.token).send().await.unwrap(), 403).await;
    // Another patient's ledger: 404 in both places.
    let (leo, _) = family(&app, &f.staff, "Leo", "leo@example.com").await;
    problem(app.get(&format!("/api/v1/portal/patients/{leo}/ledger"), &f.maya.token).send().await.unwrap(), 404).await;
    app.practice("lakeside").await;
    let lake = app.login("billing@lakeside.test").await.token;
    problem(app.get(&format!("/api/v1/staff/patients/{}/ledger", f.patient), &lake).send().await.unwrap(), 404).await;
    problem(post(&app, &lake, &f.patient, "charges", charge(json!(100), "2026-11-20", "x")).await, 404).await;

    // Audited by kind and amount, never by description.
    let audit: Value = app
        .get(&format!("/api/v1/staff/audit-events?patient_id={}&limit=100", f.patient), &admin)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let posts: Vec<&Value> =
        audit["items"].as_array().unwrap().iter().filter(|e| e["action"] == "ledger.post").collect();
    assert_eq!(posts.len(), 4);
    assert!(!audit.to_string().contains("Therapeutic"));
}

#[tokio::test]
async fn bad_postings_are_422_and_the_ledger_cannot_be_edited() {
    let app = spawn_app().await;
    let f = riverside_family(&app).await;
    let billing = app.login("billing@riverside.test").await.token;
    for (amount, why) in [
        (json!(0), "zero"),
        (json!(-5), "negative"),
        (json!(25.5), "not whole cents"),
        (json!("25"), "a string"),
        (json!(100_000_001), "too large"),
    ] {
        let p = problem(post(&app, &billing, &f.patient, "charges", charge(amount, "2026-11-20", "Visit")).await, 422)
            .await;
        assert_eq!(fields(&p), ["amount"], "{why}");
    }
    let p =
        problem(post(&app, &billing, &f.patient, "charges", charge(json!(100), "2027-01-01", "  ")).await, 422).await;
    assert_eq!(fields(&p), ["description", "date_of_service"]);
    let bad_code =
        json!({ "date_of_service": "2026-11-20", "description": "Visit", "procedure_code": "97-1", "amount": 100 });
    let p = problem(post(&app, &billing, &f.patient, "charges", bad_code).await, 422).await;
    assert_eq!(fields(&p), ["procedure_code"]);
    let no_provider = json!({ "date_of_service": "2026-11-20", "description": "Visit", "provider_id": uuid::Uuid::now_v7(), "amount": 100 });
    let p = problem(post(&app, &billing, &f.patient, "charges", no_provider).await, 422).await;
    assert_eq!(fields(&p), ["provider_id"]);
    let p =
        problem(post(&app, &billing, &f.patient, "adjustments", json!({ "amount": 0, "reason": "" })).await, 422).await;
    assert_eq!(fields(&p), ["amount", "reason"]);
    let ledger =
        json_of(app.get(&format!("/api/v1/staff/patients/{}/ledger", f.patient), &billing).send().await.unwrap(), 200)
            .await;
    assert!(ledger["entries"].as_array().unwrap().is_empty(), "nothing was posted");

    // The database itself refuses to change history.
    json_of(post(&app, &billing, &f.patient, "charges", charge(json!(100), "2026-11-20", "Visit")).await, 201).await;
    use sea_orm::ConnectionTrait;
    assert!(app.db.execute_unprepared("UPDATE ledger_entries SET amount = 1, effect = 1").await.is_err());
    assert!(app.db.execute_unprepared("DELETE FROM ledger_entries").await.is_err());
    let ledger =
        json_of(app.get(&format!("/api/v1/staff/patients/{}/ledger", f.patient), &billing).send().await.unwrap(), 200)
            .await;
    assert_eq!(ledger["balance"], 100);
}

#[tokio::test]
async fn patient_responsibility_lists_balances_sorted_and_paged() {
    let app = spawn_app().await;
    app.practice("riverside").await;
    let staff = app.login("frontdesk@riverside.test").await.token;
    let billing = app.login("billing@riverside.test").await.token;
    let mut ids = Vec::new();
    for (name, amount, day) in [
        ("Ann", 5_000, "2026-10-01"),
        ("Bea", 20_000, "2026-11-01"),
        ("Cal", 9_000, "2026-09-15"),
        ("Dee", 700, "2026-11-10"),
    ] {
        let (id, _) = family(&app, &staff, name, &format!("{}@example.com", name.to_lowercase())).await;
        json_of(post(&app, &billing, &id, "charges", charge(json!(amount), day, "Visit")).await, 201).await;
        ids.push(id);
    }
    // Dee paid off by adjustment: no longer listed.
    json_of(
        post(&app, &billing, &ids[3], "adjustments", json!({ "amount": -700, "reason": "Written off" })).await,
        201,
    )
    .await;

    let names = |page: &Value| -> Vec<String> {
        page["items"].as_array().unwrap().iter().map(|p| p["name"].as_str().unwrap().to_owned()).collect()
    };
    let list = |q: String| {
        let app = &app;
        let staff = staff.clone();
        async move {
            json_of(app.get(&format!("/api/v1/staff/patient-responsibility{q}"), &staff).send().await.unwrap(), 200)
                .await
        }
    };
    let first = list("?limit=2".into()).await;
    assert_eq!(names(&first), ["Bea Rivera", "Cal Rivera"]);
    assert_eq!(first["items"][0]["balance"], 20_000);
    let next = first["next_cursor"].as_str().unwrap();
    let rest = list(format!("?limit=2&cursor={next}")).await;
    assert_eq!(names(&rest), ["Ann Rivera"]);
    assert!(rest["next_cursor"].is_null());
    let oldest = list("?sort=oldest_charge&limit=2".into()).await;
    assert_eq!(names(&oldest), ["Cal Rivera", "Ann Rivera"]);
    assert_eq!(oldest["items"][0]["oldest_charge"], "2026-09-15");
    let next = oldest["next_cursor"].as_str().unwrap();
    assert_eq!(names(&list(format!("?sort=oldest_charge&cursor={next}")).await), ["Bea Rivera"]);

    let p = problem(app.get("/api/v1/staff/patient-responsibility?sort=name", &staff).send().await.unwrap(), 422).await;
    assert_eq!(fields(&p), ["sort"]);
    let p = problem(app.get("/api/v1/staff/patient-responsibility?cursor=garbage", &staff).send().await.unwrap(), 422)
        .await;
    assert_eq!(fields(&p), ["cursor"]);
    app.practice("lakeside").await;
    let lake = app.login("frontdesk@lakeside.test").await.token;
    let theirs = json_of(app.get("/api/v1/staff/patient-responsibility", &lake).send().await.unwrap(), 200).await;
    assert!(theirs["items"].as_array().unwrap().is_empty());
}
