use serde_json::{Value, json};

use crate::helpers::{TestApp, fields, problem, spawn_app};

async fn current(app: &TestApp, token: &str) -> (Value, String) {
    let res = app.get("/api/v1/staff/portal-config", token).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let etag = res.headers()["etag"].to_str().unwrap().to_owned();
    (res.json().await.unwrap(), etag)
}

async fn put(app: &TestApp, token: &str, etag: Option<&str>, body: &Value) -> reqwest::Response {
    let mut req = app.put("/api/v1/staff/portal-config", token).json(body);
    if let Some(etag) = etag {
        req = req.header("If-Match", etag);
    }
    req.send().await.unwrap()
}

#[tokio::test]
async fn each_invalid_combination_is_422_naming_the_field_and_saves_nothing() {
    let app = spawn_app().await;
    app.practice("riverside").await;
    let admin = app.login("admin@riverside.test").await;
    let (original, etag) = current(&app, &admin.token).await;
    type Mutation = Box<dyn Fn(&mut Value)>;
    let cases: Vec<(&str, Mutation)> = vec![
        (
            "schedule_notice.max_notice_hours",
            Box::new(|c| {
                c["schedule_notice"] = json!({ "min_notice_hours": 48, "max_notice_hours": 24 });
            }),
        ),
        ("schedule_notice.min_notice_hours", Box::new(|c| c["schedule_notice"]["min_notice_hours"] = json!(-1))),
        ("schedule_notice.max_notice_hours", Box::new(|c| c["schedule_notice"]["max_notice_hours"] = json!(-5))),
        ("online_scheduling.slug", Box::new(|c| c["online_scheduling"]["slug"] = json!("Not a slug!"))),
        (
            "online_scheduling.appointment_type_ids",
            Box::new(|c| {
                c["online_scheduling"]["enabled"] = json!(true);
                c["online_scheduling"]["provider_ids"] = json!([]);
            }),
        ),
        (
            "online_scheduling.provider_ids[0]",
            Box::new(|c| c["online_scheduling"]["provider_ids"] = json!([uuid::Uuid::now_v7()])),
        ),
        ("permissions.change_min_notice_hours", Box::new(|c| c["permissions"]["change_min_notice_hours"] = json!(-2))),
        (
            "messaging.patients_can_start_threads",
            Box::new(|c| c["messaging"] = json!({ "enabled": false, "patients_can_start_threads": true })),
        ),
        ("invitations.expiry_days", Box::new(|c| c["invitations"]["expiry_days"] = json!(0))),
        ("invitations.resend_cooldown_seconds", Box::new(|c| c["invitations"]["resend_cooldown_seconds"] = json!(5))),
        ("branding.display_name", Box::new(|c| c["branding"]["display_name"] = json!("   "))),
        ("branding.accent_color", Box::new(|c| c["branding"]["accent_color"] = json!("red"))),
        ("branding.logo_url", Box::new(|c| c["branding"]["logo_url"] = json!("javascript:alert(1)"))),
        ("branding.phone", Box::new(|c| c["branding"]["phone"] = json!("12"))),
        ("schedule_notice.max_notice_hours", Box::new(|c| c["schedule_notice"]["max_notice_hours"] = json!("lots"))),
    ];
    for (field, mutate) in cases {
        let mut body = original.clone();
        mutate(&mut body);
        let p = problem(put(&app, &admin.token, Some(&etag), &body).await, 422).await;
        assert!(fields(&p).contains(&field.to_string()), "{field} not in {:?}", fields(&p));
        let (after, after_etag) = current(&app, &admin.token).await;
        assert_eq!(after, original, "nothing saved for {field}");
        assert_eq!(after_etag, etag);
    }
    assert_eq!(app.audit_count("portal_config.update").await, 0);
}

#[tokio::test]
async fn max_notice_zero_means_unlimited_and_changes_are_audited_old_to_new() {
    let app = spawn_app().await;
    app.practice("riverside").await;
    let admin = app.login("admin@riverside.test").await;
    let (mut config, etag) = current(&app, &admin.token).await;
    config["schedule_notice"] = json!({ "min_notice_hours": 48, "max_notice_hours": 0 });
    config["permissions"]["cancel_appointments"] = json!(false);
    let res = put(&app, &admin.token, Some(&etag), &config).await;
    assert_eq!(res.status(), 200);
    let new_etag = res.headers()["etag"].to_str().unwrap().to_owned();
    assert_ne!(new_etag, etag);
    let (saved, _) = current(&app, &admin.token).await;
    assert_eq!(saved["schedule_notice"]["min_notice_hours"], 48);
    let events: Value =
        app.get("/api/v1/staff/audit-events?limit=100", &admin.token).send().await.unwrap().json().await.unwrap();
    let update = events["items"].as_array().unwrap().iter().find(|e| e["action"] == "portal_config.update").unwrap();
    assert_eq!(update["details"]["schedule_notice.min_notice_hours"], json!({ "old": 24, "new": 48 }));
    assert_eq!(update["details"]["permissions.cancel_appointments"], json!({ "old": true, "new": false }));
    assert!(update["details"].get("waitlist_enabled").is_none());
}

#[tokio::test]
async fn stale_or_missing_if_match_is_refused() {
    let app = spawn_app().await;
    app.practice("riverside").await;
    let admin = app.login("admin@riverside.test").await;
    let (config, etag) = current(&app, &admin.token).await;
    problem(put(&app, &admin.token, None, &config).await, 428).await;
    assert_eq!(put(&app, &admin.token, Some(&etag), &config).await.status(), 200);
    let stale = problem(put(&app, &admin.token, Some(&etag), &config).await, 412).await;
    assert_eq!(stale["code"], "precondition_failed");
    problem(put(&app, &admin.token, Some("\"something-else\""), &config).await, 412).await;
    // RFC 9110: `*` matches any current version.
    assert_eq!(put(&app, &admin.token, Some("*"), &config).await.status(), 200);
}

#[tokio::test]
async fn only_admins_see_configs_and_each_practice_sees_its_own() {
    let app = spawn_app().await;
    app.practice("riverside").await;
    app.practice("lakeside").await;
    let front = app.login("frontdesk@riverside.test").await;
    problem(app.get("/api/v1/staff/portal-config", &front.token).send().await.unwrap(), 403).await;
    let river = app.login("admin@riverside.test").await;
    let lake = app.login("admin@lakeside.test").await;
    let (mut config, etag) = current(&app, &river.token).await;
    config["branding"]["display_name"] = json!("Riverside PT & Wellness");
    assert_eq!(put(&app, &river.token, Some(&etag), &config).await.status(), 200);
    let (lake_config, _) = current(&app, &lake.token).await;
    assert_eq!(lake_config["branding"]["display_name"], "lakeside clinic");
    // Taking another practice's slug is a conflict on that field.
    let (mut config, etag) = current(&app, &river.token).await;
    config["online_scheduling"]["slug"] = json!("lakeside");
    let p = problem(put(&app, &river.token, Some(&etag), &config).await, 409).await;
    assert_eq!(fields(&p), vec!["online_scheduling.slug"]);
    let branding: Value =
        app.client.get(app.url("/api/v1/public/practices/riverside")).send().await.unwrap().json().await.unwrap();
    assert_eq!(branding["display_name"], "Riverside PT & Wellness");
}

#[tokio::test]
async fn online_scheduling_offers_only_this_practices_types_and_providers() {
    let app = spawn_app().await;
    let p = app.practice("riverside").await;
    let other = app.practice("lakeside").await;
    use portico_server::entities::{appointment_types, providers};
    use sea_orm::{ActiveModelTrait, Set};
    let mut ids = Vec::new();
    for practice_id in [p.id, other.id] {
        let t = appointment_types::ActiveModel {
            id: Set(uuid::Uuid::now_v7()),
            practice_id: Set(practice_id),
            name: Set("Eval".into()),
            duration_minutes: Set(60),
            new_patients: Set(true),
            active: Set(true),
        }
        .insert(&app.db)
        .await
        .unwrap();
        let pr = providers::ActiveModel {
            id: Set(uuid::Uuid::now_v7()),
            practice_id: Set(practice_id),
            name: Set("Dr. X".into()),
            credentials: Set(None),
            active: Set(true),
        }
        .insert(&app.db)
        .await
        .unwrap();
        ids.push((t.id, pr.id));
    }
    let admin = app.login("admin@riverside.test").await;
    let (mut config, etag) = current(&app, &admin.token).await;
    config["online_scheduling"]["enabled"] = json!(true);
    config["online_scheduling"]["appointment_type_ids"] = json!([ids[0].0, ids[1].0]);
    config["online_scheduling"]["provider_ids"] = json!([ids[0].1]);
    let p422 = problem(put(&app, &admin.token, Some(&etag), &config).await, 422).await;
    assert_eq!(fields(&p422), vec!["online_scheduling.appointment_type_ids[1]"]);
    config["online_scheduling"]["appointment_type_ids"] = json!([ids[0].0]);
    assert_eq!(put(&app, &admin.token, Some(&etag), &config).await.status(), 200);
    let types: Value =
        app.get("/api/v1/staff/appointment-types", &admin.token).send().await.unwrap().json().await.unwrap();
    assert_eq!(types["items"].as_array().unwrap().len(), 1);
}
