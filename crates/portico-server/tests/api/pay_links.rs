//! Statements and pay links (PAY-5): billing sends the balance with a single-purpose link; the
//! link shows that balance and pays toward it without signing in, and opens nothing else; it
//! ends after 30 days or when a newer statement replaces it; card attempts through it are capped.
use serde_json::{Value, json};

use crate::card_payments::card_token;
use crate::helpers::{TestApp, fields, problem, spawn_app};
use crate::messaging::{Family, json_of, riverside_family};
use crate::portal_support::mail_to;

async fn owing(app: &TestApp, cents: i64) -> (Family, String) {
    let f = riverside_family(app).await;
    let billing = app.login("billing@riverside.test").await.token;
    let body = json!({ "date_of_service": "2026-11-20", "description": "Evaluation", "amount": cents });
    let res = app.post(&format!("/api/v1/staff/patients/{}/charges", f.patient), &billing).json(&body).send();
    json_of(res.await.unwrap(), 201).await;
    (f, billing)
}

async fn send(app: &TestApp, billing: &str, patient: &str, body: Value) -> reqwest::Response {
    app.post(&format!("/api/v1/staff/patients/{patient}/statements"), billing).json(&body).send().await.unwrap()
}

/// The token from the newest statement emailed to `to`.
async fn link_token(app: &TestApp, to: &str) -> String {
    let mail = mail_to(app, to).await;
    let text = &mail.iter().rev().find(|m| m.subject.as_deref().is_some_and(|s| s.contains("statement"))).unwrap().body;
    let at = text.find("/pay#t=").expect("a pay link") + "/pay#t=".len();
    text[at..].split_whitespace().next().unwrap().to_owned()
}

async fn view(app: &TestApp, token: &str) -> reqwest::Response {
    app.client.post(app.url("/api/v1/public/pay-links/view")).json(&json!({ "token": token })).send().await.unwrap()
}

async fn pay(app: &TestApp, key: Option<&str>, body: &Value) -> reqwest::Response {
    let req = app.client.post(app.url("/api/v1/public/pay-links/pay")).json(body);
    let req = match key {
        Some(k) => req.header("Idempotency-Key", k),
        None => req,
    };
    req.send().await.unwrap()
}

#[tokio::test]
async fn a_statement_link_pays_that_balance_and_nothing_else() {
    let app = spawn_app().await;
    let (f, billing) = owing(&app, 12_000).await;
    // To the guarantor on file by default, with the amount and the link, nothing clinical.
    let sent = json_of(send(&app, &billing, &f.patient, json!({})).await, 201).await;
    assert_eq!((sent["recipient_name"].as_str(), sent["balance"].as_i64()), (Some("Gus Rivera"), Some(12_000)));
    assert_eq!(sent["channels"], json!(["email"]));
    let token = link_token(&app, "gus@example.com").await;
    let mail = mail_to(&app, "gus@example.com").await;
    let statement = mail.last().unwrap();
    assert!(statement.body.contains("$120.00") && !statement.body.contains("Evaluation"), "{}", statement.body);

    let shown = json_of(view(&app, &token).await, 200).await;
    assert_eq!((shown["patient_name"].as_str(), shown["balance"].as_i64()), (Some("Maya R."), Some(12_000)));
    assert_eq!(shown["practice"]["display_name"], "riverside clinic");
    assert!(shown.get("entries").is_none(), "the balance, not the ledger");

    let card = card_token(&app, "4242 4242 4242 4242").await;
    let body = json!({ "token": token, "amount": 5_000, "card_token": card });
    assert_eq!(fields(&problem(pay(&app, None, &body).await, 400).await), ["Idempotency-Key"]);
    let too_much = json!({ "token": token, "amount": 12_001, "card_token": card });
    assert_eq!(fields(&problem(pay(&app, Some("k-0"), &too_much).await, 422).await), ["amount"]);
    let receipt = json_of(pay(&app, Some("k-1"), &body).await, 201).await;
    assert_eq!((receipt["balance_after"].as_i64(), receipt["payer_name"].as_str()), (Some(7_000), Some("Gus Rivera")));
    assert_eq!(json_of(pay(&app, Some("k-1"), &body).await, 201).await, receipt, "replayed, not charged again");
    assert_eq!(json_of(view(&app, &token).await, 200).await["balance"], 7_000);
    let receipts = mail_to(&app, "gus@example.com").await;
    assert!(receipts.iter().any(|m| m.subject.as_deref().is_some_and(|s| s.contains("payment receipt"))));

    // The token is no sign-in: the portal and staff APIs do not take it.
    for path in [
        format!("/api/v1/portal/patients/{}/ledger", f.patient),
        format!("/api/v1/staff/patients/{}/ledger", f.patient),
    ] {
        problem(app.get(&path, &token).send().await.unwrap(), 401).await;
    }
    // Unknown tokens, a replaced link and an expired one all answer the same 404.
    problem(view(&app, "not-a-token").await, 404).await;
    let unknown = json!({ "token": "not-a-token", "amount": 100, "card_token": card });
    assert_eq!(fields(&problem(pay(&app, None, &unknown).await, 400).await), ["Idempotency-Key"], "the header first");
    json_of(send(&app, &billing, &f.patient, json!({})).await, 201).await;
    let p = problem(view(&app, &token).await, 404).await;
    assert!(p["detail"].as_str().unwrap().contains("newer statement"), "{p}");
    let newer = link_token(&app, "gus@example.com").await;
    json_of(view(&app, &newer).await, 200).await;
    app.clock.advance(chrono::Duration::days(31));
    problem(view(&app, &newer).await, 404).await;
}

#[tokio::test]
async fn statements_need_a_balance_a_biller_and_somewhere_to_go() {
    let app = spawn_app().await;
    let (f, billing) = owing(&app, 5_000).await;
    problem(send(&app, &f.staff, &f.patient, json!({})).await, 403).await;
    // To a chosen contact: the guardian has a phone as well, so email and text.
    let contacts = app.get(&format!("/api/v1/staff/patients/{}/contacts", f.patient), &billing).send().await.unwrap();
    let contacts = json_of(contacts, 200).await;
    let gloria =
        contacts["items"].as_array().unwrap().iter().find(|c| c["first_name"] == "Gloria").unwrap()["id"].clone();
    let sent = json_of(send(&app, &billing, &f.patient, json!({ "contact_id": gloria })).await, 201).await;
    assert_eq!(sent["channels"], json!(["email", "sms"]));
    let p = problem(send(&app, &billing, &f.patient, json!({ "contact_id": uuid::Uuid::now_v7() })).await, 422).await;
    assert_eq!(fields(&p), ["contact_id"]);
    // Paid in full: there is nothing to send.
    let adjust = json!({ "amount": -5_000, "reason": "Written off" });
    let res = app.post(&format!("/api/v1/staff/patients/{}/adjustments", f.patient), &billing).json(&adjust).send();
    json_of(res.await.unwrap(), 201).await;
    assert_eq!(fields(&problem(send(&app, &billing, &f.patient, json!({})).await, 422).await), ["patient"]);
}

#[tokio::test]
async fn card_attempts_through_a_link_are_capped() {
    let app = spawn_app().await;
    let (f, billing) = owing(&app, 12_000).await;
    json_of(send(&app, &billing, &f.patient, json!({})).await, 201).await;
    let token = link_token(&app, "gus@example.com").await;
    for i in 0..5 {
        let body = json!({ "token": token, "amount": 1_000, "card_token": card_token(&app, "4000000000000002").await });
        problem(pay(&app, Some(&format!("d-{i}")), &body).await, 402).await;
    }
    let body = json!({ "token": token, "amount": 1_000, "card_token": card_token(&app, "4242424242424242").await });
    let res = pay(&app, Some("d-5"), &body).await;
    assert!(res.headers().get("retry-after").is_some());
    problem(res, 429).await;
    app.clock.advance(chrono::Duration::minutes(61));
    json_of(pay(&app, Some("d-6"), &body).await, 201).await;
}
