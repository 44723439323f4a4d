//! Paying by card (PAY-1…4, CFG-4, §5): the portal payment under an Idempotency-Key, its
//! receipt, declines, the balance checked whatever runs at once, saved cards and the practice's
//! permissions, and staff refunds and card charges.
use futures_util::future::join_all;
use portico_server::entities::values::MessageKind;
use portico_server::entities::{card_payments, ledger_entries, outbox_messages, sandbox_charges};
use portico_types::payments::LedgerKind;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};

use crate::helpers::{Session, TestApp, edit_portal_config, events, fields, patient_audit, problem, spawn_app};
use crate::messaging::{Family, json_of, riverside_family};

/// A test card tokenized at the sandbox gateway, as the payment page does.
pub async fn card_token(app: &TestApp, number: &str) -> String {
    let body = json!({ "number": number, "exp_month": 12, "exp_year": 2030, "cvc": "123" });
    let res = app.client.post(app.url("/sandbox-gateway/v1/tokens")).json(&body).send().await.unwrap();
    json_of(res, 201).await["token"].as_str().unwrap().to_owned()
}

fn pay_path(patient: &str) -> String {
    format!("/api/v1/portal/patients/{patient}/payments")
}

async fn pay(app: &TestApp, s: &Session, patient: &str, key: &str, body: &Value) -> reqwest::Response {
    app.post(&pay_path(patient), &s.token).header("Idempotency-Key", key).json(body).send().await.unwrap()
}

/// Riverside's family with `cents` charged to Maya.
async fn owing(app: &TestApp, cents: i64) -> Family {
    let f = riverside_family(app).await;
    let billing = app.login("billing@riverside.test").await.token;
    let body = json!({ "date_of_service": "2026-11-20", "description": "Evaluation", "amount": cents });
    let res = app.post(&format!("/api/v1/staff/patients/{}/charges", f.patient), &billing).json(&body).send();
    json_of(res.await.unwrap(), 201).await;
    f
}

async fn balance(app: &TestApp, f: &Family) -> i64 {
    let res = app.get(&format!("/api/v1/portal/patients/{}/ledger", f.patient), &f.maya.token).send().await.unwrap();
    json_of(res, 200).await["balance"].as_i64().unwrap()
}

async fn receipts_to(app: &TestApp, email: &str) -> Vec<outbox_messages::Model> {
    outbox_messages::Entity::find()
        .filter(outbox_messages::Column::Recipient.eq(email))
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .filter(|m| m.kind == MessageKind::Receipt)
        .collect()
}

#[tokio::test]
async fn a_guarantor_pays_part_of_the_balance_and_gets_a_receipt() {
    let app = spawn_app().await;
    let f = owing(&app, 12_000).await;
    let token = card_token(&app, "4242 4242 4242 4242").await;
    let body = json!({ "amount": 2_500, "card_token": token });
    let res = pay(&app, &f.gus, &f.patient, "pay-1", &body).await;
    assert!(res.headers().get("idempotent-replayed").is_none());
    let receipt = json_of(res, 201).await;
    assert_eq!(receipt["amount"], 2_500);
    assert_eq!(receipt["kind"], "payment");
    assert_eq!(receipt["card"], json!({ "brand": "visa", "last4": "4242" }));
    assert_eq!(receipt["balance_after"], 9_500);
    assert_eq!(receipt["practice_name"], "riverside clinic");
    assert!(receipt["receipt_number"].as_str().unwrap().starts_with("P-"));

    // The ledger shows it with the running balance; the patient sees it too.
    let ledger = json_of(
        app.get(&format!("/api/v1/portal/patients/{}/ledger", f.patient), &f.maya.token).send().await.unwrap(),
        200,
    )
    .await;
    let last = ledger["entries"].as_array().unwrap().last().unwrap().clone();
    assert_eq!((last["kind"].as_str(), last["effect"].as_i64()), (Some("payment"), Some(-2_500)));
    assert_eq!(last["running_balance"], 9_500);
    assert_eq!(last["description"], "Card payment, Visa ending 4242");
    let printable = format!("/api/v1/portal/patients/{}/receipts/{}", f.patient, receipt["entry_id"].as_str().unwrap());
    let again = json_of(app.get(&printable, &f.maya.token).send().await.unwrap(), 200).await;
    assert_eq!(again["receipt_number"], receipt["receipt_number"]);
    assert_eq!(again["payer_name"], receipt["payer_name"]);

    // Home shows the balance due on the Payments tile.
    let home = format!("/api/v1/portal/patients/{}/home", f.patient);
    let home = json_of(app.get(&home, &f.gus.token).send().await.unwrap(), 200).await;
    let tile = home["tiles"].as_array().unwrap().iter().find(|t| t["area"] == "payments").unwrap().clone();
    assert_eq!((tile["amount"].as_i64(), tile["available"].as_bool()), (Some(9_500), Some(true)));

    // Retrying the same request replays the first answer; nothing is charged again.
    let res = pay(&app, &f.gus, &f.patient, "pay-1", &body).await;
    assert_eq!(res.headers()["idempotent-replayed"], "true");
    assert_eq!(json_of(res, 201).await, receipt);
    assert_eq!(balance(&app, &f).await, 9_500);
    // The same key for another amount is 422; no key at all is 400 naming the header.
    let other = json!({ "amount": 2_600, "card_token": token });
    let p = problem(pay(&app, &f.gus, &f.patient, "pay-1", &other).await, 422).await;
    assert_eq!(fields(&p), ["Idempotency-Key"]);
    let res = app.post(&pay_path(&f.patient), &f.gus.token).json(&other).send().await.unwrap();
    assert_eq!(fields(&problem(res, 400).await), ["Idempotency-Key"]);
    // Keys are the caller's own: the patient's "pay-1" is a new request, and the used token is refused.
    let p = problem(pay(&app, &f.maya, &f.patient, "pay-1", &body).await, 422).await;
    assert_eq!(fields(&p), ["card_token"]);

    // The receipt email: amount, card and practice; never what the visit was.
    let mail = receipts_to(&app, "gus@example.com").await;
    assert_eq!(mail.len(), 1);
    let text = mail[0].body_text.clone().unwrap();
    assert!(text.contains("$25.00") && text.contains("Visa ending 4242") && text.contains("$95.00"), "{text}");
    assert!(!text.contains("Evaluation"), "{text}");

    // The guardian may not pay or read receipts (§5); another patient's ledger is not found.
    let t = card_token(&app, "4242 4242 4242 4242").await;
    problem(pay(&app, &f.gloria, &f.patient, "g-1", &json!({ "amount": 500, "card_token": t })).await, 403).await;
    problem(app.get(&printable, &f.gloria.token).send().await.unwrap(), 403).await;
    let stranger = format!("/api/v1/portal/patients/{}/receipts/{}", uuid::Uuid::now_v7(), uuid::Uuid::now_v7());
    problem(app.get(&stranger, &f.gus.token).send().await.unwrap(), 404).await;
    let admin = app.login("admin@riverside.test").await.token;
    let audit = patient_audit(&app, &admin, &f.patient).await;
    let outcomes: Vec<&str> = events(&audit, "payment.take").iter().map(|e| e["outcome"].as_str().unwrap()).collect();
    assert_eq!(outcomes.iter().filter(|o| **o == "success").count(), 1, "{outcomes:?}");
    assert_eq!(outcomes.iter().filter(|o| **o == "failure").count(), 1, "the used token: {outcomes:?}");
}

#[tokio::test]
async fn amounts_outside_the_rules_are_refused_and_nothing_is_posted() {
    let app = spawn_app().await;
    let f = owing(&app, 5_000).await;
    let token = card_token(&app, "4242 4242 4242 4242").await;
    for (i, amount) in [json!(0), json!(-500), json!(99), json!(25.5), json!("2500"), json!(5_001)].iter().enumerate() {
        let body = json!({ "amount": amount, "card_token": token });
        let p = problem(pay(&app, &f.maya, &f.patient, &format!("bad-{i}"), &body).await, 422).await;
        assert_eq!(fields(&p), ["amount"], "{amount}: {p}");
    }
    let both = json!({ "amount": 500, "card_token": token, "payment_method_id": uuid::Uuid::now_v7() });
    assert_eq!(fields(&problem(pay(&app, &f.maya, &f.patient, "both", &both).await, 422).await), ["payment_method_id"]);
    let neither = json!({ "amount": 500 });
    assert_eq!(fields(&problem(pay(&app, &f.maya, &f.patient, "none", &neither).await, 422).await), ["card_token"]);
    assert_eq!(balance(&app, &f).await, 5_000);
    // A refused request frees its key: the corrected one goes through under the same key.
    let ok = json!({ "amount": 5_000, "card_token": token });
    json_of(pay(&app, &f.maya, &f.patient, "bad-5", &ok).await, 201).await;
    assert_eq!(balance(&app, &f).await, 0);
    let t = card_token(&app, "4242 4242 4242 4242").await;
    let p =
        problem(pay(&app, &f.maya, &f.patient, "more", &json!({ "amount": 100, "card_token": t })).await, 422).await;
    assert!(p["detail"].as_str().unwrap().contains("nothing to pay"), "{p}");
}

#[tokio::test]
async fn declined_cards_are_402_and_post_nothing() {
    let app = spawn_app().await;
    let f = owing(&app, 5_000).await;
    for (number, code) in [("4000 0000 0000 0002", "card_declined"), ("4000 0000 0000 9995", "insufficient_funds")] {
        let body = json!({ "amount": 1_000, "card_token": card_token(&app, number).await });
        let p = problem(pay(&app, &f.maya, &f.patient, code, &body).await, 402).await;
        assert_eq!((p["code"].as_str(), p["decline_code"].as_str()), (Some("payment_declined"), Some(code)));
        assert!(p["detail"].as_str().unwrap().contains("not been charged"), "{p}");
        // The decline is the key's answer.
        let res = pay(&app, &f.maya, &f.patient, code, &body).await;
        assert_eq!(res.headers()["idempotent-replayed"], "true");
        problem(res, 402).await;
    }
    assert_eq!(balance(&app, &f).await, 5_000);
    assert_eq!(sandbox_charges::Entity::find().count(&app.db).await.unwrap(), 0);
    assert!(receipts_to(&app, "maya@example.com").await.is_empty());
}

#[tokio::test]
async fn a_hundred_requests_with_one_key_charge_once_and_answer_alike() {
    let app = spawn_app().await;
    let f = owing(&app, 12_000).await;
    let token = card_token(&app, "4242 4242 4242 4242").await;
    let body = json!({ "amount": 2_500, "card_token": token });
    let url = app.url(&pay_path(&f.patient));
    let sends = (0..100).map(|_| {
        app.client.post(&url).bearer_auth(&f.gus.token).header("Idempotency-Key", "one-key").json(&body).send()
    });
    let mut done = Vec::new();
    for res in join_all(sends).await {
        let res = res.unwrap();
        let status = res.status().as_u16();
        let body: Value = res.json().await.unwrap();
        assert!(status == 201 || status == 409, "{status}: {body}");
        if status == 201 {
            done.push(body);
        }
    }
    assert!(!done.is_empty());
    assert!(done.iter().all(|b| *b == done[0]), "every completed response is the same");
    let payments = ledger_entries::Entity::find().filter(ledger_entries::Column::Kind.eq(LedgerKind::Payment));
    assert_eq!(payments.count(&app.db).await.unwrap(), 1);
    assert_eq!(sandbox_charges::Entity::find().count(&app.db).await.unwrap(), 1);
    // After the first finished, every retry is the same answer.
    json_of(pay(&app, &f.gus, &f.patient, "one-key", &body).await, 201).await;
}

#[tokio::test]
async fn payments_at_once_never_take_more_than_the_balance() {
    let app = spawn_app().await;
    let f = owing(&app, 5_000).await;
    let mut tokens = Vec::new();
    for _ in 0..10 {
        tokens.push(card_token(&app, "4242 4242 4242 4242").await);
    }
    let url = app.url(&pay_path(&f.patient));
    let sends = tokens.iter().enumerate().map(|(i, token)| {
        app.client
            .post(&url)
            .bearer_auth(&f.maya.token)
            .header("Idempotency-Key", format!("k-{i}"))
            .json(&json!({ "amount": 1_000, "card_token": token }))
            .send()
    });
    let statuses: Vec<u16> = join_all(sends).await.into_iter().map(|r| r.unwrap().status().as_u16()).collect();
    assert_eq!(statuses.iter().filter(|s| **s == 201).count(), 5, "{statuses:?}");
    assert_eq!(statuses.iter().filter(|s| **s == 422).count(), 5, "{statuses:?}");
    assert_eq!(balance(&app, &f).await, 0);
    let pending = card_payments::Entity::find().filter(card_payments::Column::Status.eq("pending"));
    assert_eq!(pending.count(&app.db).await.unwrap(), 0);
}

async fn cards(app: &TestApp, s: &Session) -> Value {
    json_of(app.get("/api/v1/portal/payment-methods", &s.token).send().await.unwrap(), 200).await
}

async fn add_card(app: &TestApp, s: &Session, token: &str, make_default: bool) -> reqwest::Response {
    let body = json!({ "card_token": token, "make_default": make_default });
    app.post("/api/v1/portal/payment-methods", &s.token).json(&body).send().await.unwrap()
}

#[tokio::test]
async fn saved_cards_are_the_holders_own_and_follow_the_practice_permissions() {
    let app = spawn_app().await;
    let f = owing(&app, 12_000).await;
    let first = json_of(add_card(&app, &f.maya, &card_token(&app, "4242424242424242").await, false).await, 201).await;
    assert_eq!(first["is_default"], true, "the first card is the default");
    let second = json_of(add_card(&app, &f.maya, &card_token(&app, "5555555555554444").await, true).await, 201).await;
    let list = cards(&app, &f.maya).await;
    assert_eq!((list["can_add"].as_bool(), list["can_delete"].as_bool()), (Some(true), Some(true)));
    let ids: Vec<&str> = list["items"].as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap()).collect();
    assert_eq!(ids, [second["id"].as_str().unwrap(), first["id"].as_str().unwrap()], "default first");
    let made =
        app.post(&format!("/api/v1/portal/payment-methods/{}/default", first["id"].as_str().unwrap()), &f.maya.token);
    let list = json_of(made.send().await.unwrap(), 200).await;
    assert_eq!(list["items"][0]["id"], first["id"]);
    assert_eq!(list["items"][1]["is_default"], false);

    // A saved card pays again and again.
    for key in ["saved-1", "saved-2"] {
        let body = json!({ "amount": 1_000, "payment_method_id": first["id"] });
        let receipt = json_of(pay(&app, &f.maya, &f.patient, key, &body).await, 201).await;
        assert_eq!(receipt["card"]["last4"], "4242");
    }
    // Nobody else's: the guarantor cannot pay with Maya's card, nor see or delete it.
    let theirs = json!({ "amount": 1_000, "payment_method_id": first["id"] });
    assert_eq!(fields(&problem(pay(&app, &f.gus, &f.patient, "x", &theirs).await, 422).await), ["payment_method_id"]);
    assert!(cards(&app, &f.gus).await["items"].as_array().unwrap().is_empty());
    let delete = |s: &Session, id: &Value| {
        let path = format!("/api/v1/portal/payment-methods/{}", id.as_str().unwrap());
        app.client.delete(app.url(&path)).bearer_auth(&s.token).send()
    };
    problem(delete(&f.gus, &first["id"]).await.unwrap(), 404).await;
    // Deleting the default makes the other card the default.
    assert_eq!(delete(&f.maya, &first["id"]).await.unwrap().status(), 204);
    let list = cards(&app, &f.maya).await;
    assert_eq!(list["items"].as_array().unwrap().len(), 1);
    assert_eq!((&list["items"][0]["id"], list["items"][0]["is_default"].as_bool()), (&second["id"], Some(true)));
    // A forgotten card can never be charged again.
    let gone = json!({ "amount": 1_000, "payment_method_id": first["id"] });
    problem(pay(&app, &f.maya, &f.patient, "gone", &gone).await, 422).await;

    // CFG-4 off: adding and deleting are refused (and the listing says so); paying still works.
    edit_portal_config(&app, |c| {
        c["permissions"]["add_payment_methods"] = json!(false);
        c["permissions"]["delete_payment_methods"] = json!(false);
    })
    .await;
    let list = cards(&app, &f.maya).await;
    assert_eq!((list["can_add"].as_bool(), list["can_delete"].as_bool()), (Some(false), Some(false)));
    problem(add_card(&app, &f.maya, &card_token(&app, "4242424242424242").await, false).await, 403).await;
    problem(delete(&f.maya, &second["id"]).await.unwrap(), 403).await;
    let t = card_token(&app, "4242424242424242").await;
    let saving = json!({ "amount": 1_000, "card_token": t, "save_card": true });
    problem(pay(&app, &f.maya, &f.patient, "save-off", &saving).await, 403).await;
    let plain = json!({ "amount": 1_000, "card_token": t });
    json_of(pay(&app, &f.maya, &f.patient, "save-off-2", &plain).await, 201).await;
    assert_eq!(cards(&app, &f.maya).await["items"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn paying_with_a_new_card_can_save_it() {
    let app = spawn_app().await;
    let f = owing(&app, 12_000).await;
    let t = card_token(&app, "4242424242424242").await;
    let body = json!({ "amount": 1_000, "card_token": t, "save_card": true });
    let receipt = json_of(pay(&app, &f.gus, &f.patient, "save", &body).await, 201).await;
    let saved = receipt["saved_payment_method_id"].as_str().unwrap().to_owned();
    let list = cards(&app, &f.gus).await;
    assert_eq!(list["items"][0]["id"], saved.as_str());
    let again = json!({ "amount": 1_000, "payment_method_id": saved });
    json_of(pay(&app, &f.gus, &f.patient, "again", &again).await, 201).await;
    assert_eq!(balance(&app, &f).await, 10_000);
    // A declined card is not saved.
    let declined =
        json!({ "amount": 1_000, "card_token": card_token(&app, "4000000000000002").await, "save_card": true });
    problem(pay(&app, &f.gus, &f.patient, "declined", &declined).await, 402).await;
    assert_eq!(cards(&app, &f.gus).await["items"].as_array().unwrap().len(), 1);
}

fn staff_post(
    app: &TestApp,
    token: &str,
    patient: &str,
    what: &str,
    key: Option<&str>,
    body: &Value,
) -> reqwest::RequestBuilder {
    let req = app.post(&format!("/api/v1/staff/patients/{patient}/{what}"), token).json(body);
    match key {
        Some(k) => req.header("Idempotency-Key", k),
        None => req,
    }
}

#[tokio::test]
async fn billing_refunds_a_payment_and_charges_a_saved_card_with_consent() {
    let app = spawn_app().await;
    let f = owing(&app, 12_000).await;
    let t = card_token(&app, "4242424242424242").await;
    let body = json!({ "amount": 5_000, "card_token": t, "save_card": true });
    let receipt = json_of(pay(&app, &f.gus, &f.patient, "p", &body).await, 201).await;
    let payment = receipt["entry_id"].clone();
    let billing = app.login("billing@riverside.test").await.token;

    let refund = json!({ "payment_id": payment, "amount": 2_000, "reason": "Paid twice" });
    let ledger =
        json_of(staff_post(&app, &billing, &f.patient, "refunds", Some("r-1"), &refund).send().await.unwrap(), 201)
            .await;
    let last = ledger["entries"].as_array().unwrap().last().unwrap().clone();
    assert_eq!((last["kind"].as_str(), last["refund_of"].clone()), (Some("refund"), payment.clone()));
    assert_eq!(last["description"], "Refund to Visa ending 4242: Paid twice");
    assert_eq!(ledger["balance"], 9_000);
    let charge = sandbox_charges::Entity::find().one(&app.db).await.unwrap().unwrap();
    assert_eq!(charge.refunded, 2_000, "refunded at the gateway");
    // Replayed, not refunded twice; more than is left is 422; without a key 400; front desk 403.
    json_of(staff_post(&app, &billing, &f.patient, "refunds", Some("r-1"), &refund).send().await.unwrap(), 201).await;
    assert_eq!(balance(&app, &f).await, 9_000);
    let too_much = json!({ "payment_id": payment, "amount": 3_001, "reason": "Paid twice" });
    let p =
        problem(staff_post(&app, &billing, &f.patient, "refunds", Some("r-2"), &too_much).send().await.unwrap(), 422)
            .await;
    assert_eq!(fields(&p), ["amount"]);
    assert!(p["detail"].as_str().unwrap().contains("$30.00"), "{p}");
    problem(staff_post(&app, &billing, &f.patient, "refunds", None, &refund).send().await.unwrap(), 400).await;
    problem(staff_post(&app, &f.staff, &f.patient, "refunds", Some("r-3"), &refund).send().await.unwrap(), 403).await;
    let not_a_payment = json!({ "payment_id": ledger["entries"][0]["id"], "amount": 100, "reason": "x" });
    let p = problem(
        staff_post(&app, &billing, &f.patient, "refunds", Some("r-4"), &not_a_payment).send().await.unwrap(),
        422,
    )
    .await;
    assert_eq!(fields(&p), ["payment_id"]);
    let refund_receipt = format!("/api/v1/staff/patients/{}/receipts/{}", f.patient, last["id"].as_str().unwrap());
    let refund_receipt = json_of(app.get(&refund_receipt, &billing).send().await.unwrap(), 200).await;
    assert_eq!(refund_receipt["payer_name"], receipt["payer_name"], "refunded to whoever paid");
    assert_eq!(refund_receipt["card"]["last4"], "4242");
    let mail = receipts_to(&app, "gus@example.com").await;
    assert_eq!(mail.len(), 2, "the payment's receipt and the refund's");
    assert!(mail[1].subject.as_deref().unwrap().contains("refund"));

    // The cards billing may charge: the patient's and guarantors', with whose each is.
    let res = app.get(&format!("/api/v1/staff/patients/{}/payment-methods", f.patient), &billing).send().await.unwrap();
    let cards = json_of(res, 200).await;
    assert_eq!(cards.as_array().unwrap().len(), 1);
    assert_eq!(cards[0]["last4"], "4242");
    let charge = json!({ "payment_method_id": cards[0]["id"], "amount": 4_000, "consent": "Agreed by phone today" });
    let receipt = json_of(
        staff_post(&app, &billing, &f.patient, "card-charges", Some("c-1"), &charge).send().await.unwrap(),
        201,
    )
    .await;
    assert_eq!(receipt["balance_after"], 5_000);
    assert_ne!(receipt["payer_name"], "billing of riverside", "the card holder paid");
    let no_consent = json!({ "payment_method_id": cards[0]["id"], "amount": 100, "consent": " " });
    let p = problem(
        staff_post(&app, &billing, &f.patient, "card-charges", Some("c-2"), &no_consent).send().await.unwrap(),
        422,
    )
    .await;
    assert_eq!(fields(&p), ["consent"]);
    let nobody = json!({ "payment_method_id": uuid::Uuid::now_v7(), "amount": 100, "consent": "ok" });
    let p = problem(
        staff_post(&app, &billing, &f.patient, "card-charges", Some("c-3"), &nobody).send().await.unwrap(),
        422,
    )
    .await;
    assert_eq!(fields(&p), ["payment_method_id"]);
    assert_eq!(receipts_to(&app, "gus@example.com").await.len(), 3);
}

#[tokio::test]
async fn no_card_number_is_kept_anywhere() {
    use sea_orm::{ConnectionTrait, Statement};
    let app = spawn_app().await;
    let f = owing(&app, 12_000).await;
    for (i, number) in ["4242 4242 4242 4242", "4000 0000 0000 0002", "4000000000009995"].iter().enumerate() {
        let body = json!({ "amount": 1_000, "card_token": card_token(&app, number).await, "save_card": true });
        pay(&app, &f.maya, &f.patient, &format!("n-{i}"), &body).await;
    }
    add_card(&app, &f.gus, &card_token(&app, "4242 4242 4242 4242").await, false).await;
    let backend = app.db.get_database_backend();
    for table in [
        "sandbox_cards",
        "sandbox_charges",
        "card_payments",
        "payment_methods",
        "ledger_entries",
        "audit_events",
        "idempotency_keys",
        "outbox_messages",
    ] {
        let rows =
            app.db.query_all_raw(Statement::from_string(backend, format!("SELECT * FROM {table}"))).await.unwrap();
        assert!(!rows.is_empty(), "{table} is empty: the test proves nothing");
        let dump = format!("{rows:?}");
        for pan in
            ["4242424242424242", "4242 4242 4242 4242", "4000000000000002", "4000 0000 0000 0002", "4000000000009995"]
        {
            assert!(!dump.contains(pan), "{pan} in {table}");
        }
    }
}
