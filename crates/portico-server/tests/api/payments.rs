//! The patient ledger (PAY-1, PAY-2, §5): charges and adjustments posted by billing staff, the
//! balance derived from append-only entries, who may read it in the portal, and Patient
//! Responsibility's balances sorted and paged.
use serde_json::{Value, json};

use crate::helpers::{TestApp, events, fields, patient_audit, problem, spawn_app};
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
    let audit = patient_audit(&app, &admin, &f.patient).await;
    let posts = events(&audit, "ledger.post");
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

#[tokio::test]
async fn an_idempotency_key_is_claimed_once_whatever_the_concurrency() {
    use portico_server::platform::idempotency::{self, Claim, IdempotencyKey};
    let app = spawn_app().await;
    let key = IdempotencyKey::parse("7d7c4a4e-5a53-4c59-9a4b-3b1e1f1b0001").unwrap();
    let print = idempotency::fingerprint("POST", "/api/v1/x", b"{\"amount\":2500}");
    let now = chrono::Utc::now();
    let claims = futures_util::future::join_all((0..20).map(|_| {
        let (db, key, print) = (app.db.clone(), key.clone(), print.clone());
        async move { idempotency::claim(&db, "portal:a", &key, &print, now).await }
    }))
    .await;
    let fresh = claims.iter().filter(|c| matches!(c, Ok(Claim::Fresh))).count();
    let busy = claims.iter().filter(|c| c.as_ref().is_err_and(|e| e.problem().status == 409)).count();
    assert_eq!((fresh, busy), (1, 19), "one winner; the rest told it is in flight");

    // Another caller's key of the same name is theirs alone.
    assert_eq!(idempotency::claim(&app.db, "portal:b", &key, &print, now).await.unwrap(), Claim::Fresh);
    // Done: the same request replays; another request with the key is 422.
    idempotency::finish(&app.db, "portal:a", &key, 201, "{\"ok\":true}").await.unwrap();
    let again = idempotency::claim(&app.db, "portal:a", &key, &print, now).await.unwrap();
    assert_eq!(again, Claim::Replay { status: 201, body: "{\"ok\":true}".into() });
    let other = idempotency::fingerprint("POST", "/api/v1/x", b"{\"amount\":2600}");
    let err = idempotency::claim(&app.db, "portal:a", &key, &other, now).await.unwrap_err();
    assert_eq!(err.problem().status, 422);
    // Released after a request that changed nothing: the key is free for the corrected retry.
    idempotency::release(&app.db, "portal:b", &key).await.unwrap();
    assert_eq!(idempotency::claim(&app.db, "portal:b", &key, &other, now).await.unwrap(), Claim::Fresh);
    // After 24 hours the key may be used afresh; a claim whose request died is taken over.
    let later = now + idempotency::KEEP + chrono::Duration::seconds(1);
    assert_eq!(idempotency::claim(&app.db, "portal:a", &key, &other, later).await.unwrap(), Claim::Fresh);
    let stale = later + idempotency::STALE + chrono::Duration::seconds(1);
    assert_eq!(idempotency::claim(&app.db, "portal:a", &key, &other, stale).await.unwrap(), Claim::Fresh);
    assert_eq!(idempotency::purge_expired(&app.db, stale + idempotency::KEEP).await.unwrap(), 2);
}

#[tokio::test]
async fn the_sandbox_gateway_tokenizes_like_a_real_one_and_keeps_no_number() {
    use portico_server::payments::gateway::sandbox::SandboxGateway;
    use portico_server::payments::gateway::{ChargeRequest, DeclineReason, Gateway, GatewayError};
    let app = spawn_app().await;
    let tokenize = |body: Value| app.client.post(app.url("/sandbox-gateway/v1/tokens")).json(&body).send();
    let card = |number: &str| json!({ "number": number, "exp_month": 12, "exp_year": 2030, "cvc": "123" });
    let ok = json_of(tokenize(card("4242 4242 4242 4242")).await.unwrap(), 201).await;
    assert_eq!((ok["brand"].as_str(), ok["last4"].as_str()), (Some("visa"), Some("4242")));
    let token = ok["token"].as_str().unwrap().to_owned();
    assert!(token.starts_with("tok_sandbox_"));

    // Bad details: 422 naming each field, and the number is never repeated back.
    let bad = json!({ "number": "4242 4242 4242 4241", "exp_month": 13, "exp_year": 2030, "cvc": "12" });
    let p = problem(tokenize(bad).await.unwrap(), 422).await;
    assert_eq!(fields(&p), ["number", "exp_month", "cvc"]);
    assert!(!p.to_string().contains("4241"));

    // Charges: the same key is the same charge; test cards decline as documented.
    let gateway = SandboxGateway { db: app.db.clone() };
    fn request<'a>(token: &'a str, key: &'a str) -> ChargeRequest<'a> {
        ChargeRequest { token, customer: None, amount: 2_500, currency: "USD", idempotency_key: key, save: false }
    }
    let first = gateway.charge(request(&token, "key-1")).await.unwrap();
    let again = gateway.charge(request(&token, "key-1")).await.unwrap();
    assert_eq!(first, again, "one charge per key");
    assert_eq!(first.card.last4, "4242");
    // A token charges once, as at a real gateway; a new token charges anew.
    assert!(matches!(gateway.charge(request(&token, "key-2")).await, Err(GatewayError::UnknownToken)));
    let fresh = json_of(tokenize(card("4242 4242 4242 4242")).await.unwrap(), 201).await;
    let second = gateway.charge(request(fresh["token"].as_str().unwrap(), "key-2")).await.unwrap();
    assert_ne!(second.charge_id, first.charge_id);
    for (number, reason) in
        [("4000 0000 0000 0002", DeclineReason::Declined), ("4000 0000 0000 9995", DeclineReason::InsufficientFunds)]
    {
        let t = json_of(tokenize(card(number)).await.unwrap(), 201).await;
        let err = gateway.charge(request(t["token"].as_str().unwrap(), "key-3")).await.unwrap_err();
        assert!(matches!(err, GatewayError::Declined(r) if r == reason), "{number}: {err:?}");
    }
    assert!(matches!(gateway.charge(request("tok_sandbox_unknown", "key-4")).await, Err(GatewayError::UnknownToken)));

    // No card number anywhere in the database.
    use sea_orm::{ConnectionTrait, Statement};
    let backend = app.db.get_database_backend();
    for table in ["sandbox_cards", "sandbox_charges", "audit_events", "idempotency_keys"] {
        let rows =
            app.db.query_all_raw(Statement::from_string(backend, format!("SELECT * FROM {table}"))).await.unwrap();
        let dump = format!("{rows:?}");
        for pan in ["4242424242424242", "4242 4242 4242 4242", "4000000000000002", "4000000000009995"] {
            assert!(!dump.contains(pan), "{pan} in {table}");
        }
    }
}
