use chrono::Duration;
use portico_server::platform::clock::Clock;
use sea_orm::ConnectionTrait;
use serde_json::Value;

use crate::helpers::{problem, spawn_app};

#[tokio::test]
async fn audit_log_filters_pages_and_is_admin_only() {
    let app = spawn_app().await;
    app.practice("riverside").await;
    app.practice("lakeside").await;
    let admin = app.login("admin@riverside.test").await;
    let front = app.login("frontdesk@riverside.test").await;
    app.login("admin@lakeside.test").await;
    app.clock.advance(Duration::minutes(1));
    let before = app.clock.now().to_rfc3339();
    app.clock.advance(Duration::minutes(1));
    let created: Value = app
        .post("/api/v1/staff/patients", &front.token)
        .json(&serde_json::json!({ "first_name": "Ann", "last_name": "Lee", "date_of_birth": "1958-03-14" }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let pid = created["id"].as_str().unwrap();
    app.get(&format!("/api/v1/staff/patients/{pid}"), &admin.token).send().await.unwrap();

    problem(app.get("/api/v1/staff/audit-events", &front.token).send().await.unwrap(), 403).await;
    let by_patient: Value = app
        .get(&format!("/api/v1/staff/audit-events?patient_id={pid}"), &admin.token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let actions: Vec<&str> =
        by_patient["items"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions, vec!["patient.read", "patient.create"]);
    let read = &by_patient["items"][0];
    assert_eq!(read["actor_type"], "staff");
    assert_eq!(read["actor_role"], "admin");
    assert!(read["request_id"].as_str().is_some());
    assert_eq!(read["ip"], "127.0.0.1");
    // No PHI values in audit details.
    assert!(!by_patient.to_string().contains("Ann"));

    let early: Value = app
        .get("/api/v1/staff/audit-events", &admin.token)
        .query(&[("to", before.as_str())])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(early["items"].as_array().unwrap().iter().all(|e| e["action"] == "staff.login"));
    // Lakeside's sign-in is not in Riverside's log.
    assert_eq!(early["items"].as_array().unwrap().len(), 2);

    let page: Value =
        app.get("/api/v1/staff/audit-events?limit=1", &admin.token).send().await.unwrap().json().await.unwrap();
    let next = page["next_cursor"].as_str().unwrap();
    let page2: Value = app
        .get("/api/v1/staff/audit-events?limit=1", &admin.token)
        .query(&[("cursor", next)])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_ne!(page["items"][0]["id"], page2["items"][0]["id"]);
    problem(app.get("/api/v1/staff/audit-events?from=yesterday", &admin.token).send().await.unwrap(), 422).await;
}

#[tokio::test]
async fn the_database_refuses_to_change_or_delete_audit_rows() {
    let app = spawn_app().await;
    app.practice("riverside").await;
    app.login("admin@riverside.test").await;
    assert!(app.db.execute_unprepared("UPDATE audit_events SET outcome = 'failure'").await.is_err());
    assert!(app.db.execute_unprepared("DELETE FROM audit_events").await.is_err());
    assert_eq!(app.audit_count("staff.login").await, 1);
}
