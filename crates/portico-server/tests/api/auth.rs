use chrono::Duration;
use serde_json::{Value, json};

use crate::helpers::{PASSWORD, fields, problem, refresh_cookie, spawn_app, spawn_app_with};

#[tokio::test]
async fn sign_in_sets_a_strict_http_only_refresh_cookie_and_opens_me() {
    let app = spawn_app().await;
    app.practice("riverside").await;
    let res = app.login_raw("  Admin@Riverside.test ", PASSWORD).await;
    assert_eq!(res.status(), 200);
    let cookie = res.headers().get("set-cookie").unwrap().to_str().unwrap().to_owned();
    for attr in ["HttpOnly", "SameSite=Strict", "Path=/api/v1/staff/auth", "Secure"] {
        assert!(cookie.contains(attr), "{attr} missing from {cookie}");
    }
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["expires_in"], 900);
    let me: Value =
        app.get("/api/v1/staff/me", body["access_token"].as_str().unwrap()).send().await.unwrap().json().await.unwrap();
    assert_eq!(me["email"], "admin@riverside.test");
    assert_eq!(me["roles"], json!(["admin"]));
    assert_eq!(me["practice"]["slug"], "riverside");
    assert_eq!(app.audit_count("staff.login").await, 1);
}

#[tokio::test]
async fn wrong_password_and_unknown_email_fail_alike() {
    let app = spawn_app().await;
    app.practice("riverside").await;
    let wrong = problem(app.login_raw("admin@riverside.test", "not the password at all").await, 401).await;
    let unknown = problem(app.login_raw("nobody@riverside.test", "not the password at all").await, 401).await;
    assert_eq!(wrong["detail"], unknown["detail"]);
    assert_eq!(wrong["code"], "invalid_credentials");
    assert!(wrong["detail"].as_str().unwrap().contains("invitation link"));
    let empty = problem(app.login_raw("", "").await, 422).await;
    assert_eq!(fields(&empty), vec!["email", "password"]);
}

#[tokio::test]
async fn repeated_failures_slow_down_then_recover() {
    let app = spawn_app().await;
    app.practice("riverside").await;
    for _ in 0..5 {
        assert_eq!(app.login_raw("admin@riverside.test", "wrong wrong wrong").await.status(), 401);
    }
    let throttled = app.login_raw("admin@riverside.test", PASSWORD).await;
    let retry_after: u64 = throttled.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!(retry_after >= 1);
    let body = problem(throttled, 429).await;
    assert_eq!(body["code"], "rate_limited");
    // The same holds for an address with no account: the throttle reveals nothing.
    for _ in 0..5 {
        app.login_raw("ghost@riverside.test", "wrong wrong wrong").await;
    }
    assert_eq!(app.login_raw("ghost@riverside.test", "wrong wrong wrong").await.status(), 429);
    app.clock.advance(Duration::seconds(retry_after as i64));
    assert_eq!(app.login_raw("admin@riverside.test", PASSWORD).await.status(), 200);
}

#[tokio::test]
async fn a_hundred_failures_lock_the_account_until_an_admin_resets_it() {
    let app = spawn_app().await;
    app.practice("riverside").await;
    for _ in 0..100 {
        app.clock.advance(Duration::minutes(6));
        assert_eq!(app.login_raw("frontdesk@riverside.test", "wrong wrong wrong").await.status(), 401);
    }
    app.clock.advance(Duration::minutes(6));
    let locked = problem(app.login_raw("frontdesk@riverside.test", PASSWORD).await, 401).await;
    assert_eq!(locked["code"], "invalid_credentials");
    let admin = app.login("admin@riverside.test").await;
    let users: Value =
        app.get("/api/v1/staff/users?limit=10", &admin.token).send().await.unwrap().json().await.unwrap();
    let fd = users["items"].as_array().unwrap().iter().find(|u| u["email"] == "frontdesk@riverside.test").unwrap();
    assert_eq!(fd["locked"], true);
    let res = app
        .client
        .patch(app.url(&format!("/api/v1/staff/users/{}", fd["id"].as_str().unwrap())))
        .bearer_auth(&admin.token)
        .json(&json!({ "password": "a brand new front desk phrase" }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(app.login_raw("frontdesk@riverside.test", "a brand new front desk phrase").await.status(), 200);
}

#[tokio::test]
async fn refresh_rotates_and_reuse_revokes_the_family() {
    let app = spawn_app().await;
    app.practice("riverside").await;
    let s = app.login("admin@riverside.test").await;
    let first = app.refresh(&s.refresh).await;
    assert_eq!(first.status(), 200);
    let rotated = refresh_cookie(first.headers()).unwrap();
    assert_ne!(rotated, s.refresh);
    let new_token = first.json::<Value>().await.unwrap()["access_token"].as_str().unwrap().to_owned();
    // The old token again: reuse. The whole family dies, including the rotated token and the access token.
    problem(app.refresh(&s.refresh).await, 401).await;
    problem(app.refresh(&rotated).await, 401).await;
    problem(app.get("/api/v1/staff/me", &new_token).send().await.unwrap(), 401).await;
    assert_eq!(app.audit_count("staff.refresh_token_reuse").await, 1);
    problem(app.refresh("made-up-token").await, 401).await;
}

#[tokio::test]
async fn refresh_lapses_after_idle_and_logout_ends_the_session() {
    let app = spawn_app().await;
    app.practice("riverside").await;
    let s = app.login("admin@riverside.test").await;
    app.clock.advance(Duration::minutes(31));
    problem(app.refresh(&s.refresh).await, 401).await;

    let s = app.login("admin@riverside.test").await;
    let res = app
        .client
        .post(app.url("/api/v1/staff/auth/logout"))
        .header("Cookie", format!("portico_staff_refresh={}", s.refresh))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    assert!(res.headers()["set-cookie"].to_str().unwrap().contains("Max-Age=0"));
    problem(app.get("/api/v1/staff/me", &s.token).send().await.unwrap(), 401).await;
    problem(app.refresh(&s.refresh).await, 401).await;
}

#[tokio::test]
async fn expired_tampered_and_unsigned_tokens_are_refused() {
    let app = spawn_app().await;
    app.practice("riverside").await;
    let s = app.login("admin@riverside.test").await;
    assert_eq!(app.get("/api/v1/staff/me", &s.token).send().await.unwrap().status(), 200);

    let mut parts: Vec<String> = s.token.split('.').map(str::to_owned).collect();
    parts[2] = parts[2].chars().rev().collect();
    problem(app.get("/api/v1/staff/me", &parts.join(".")).send().await.unwrap(), 401).await;

    use base64::Engine;
    let header = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#);
    let unsigned = format!("{header}.{}.", s.token.split('.').nth(1).unwrap());
    problem(app.get("/api/v1/staff/me", &unsigned).send().await.unwrap(), 401).await;

    let none = problem(app.client.get(app.url("/api/v1/staff/me")).send().await.unwrap(), 401).await;
    assert_eq!(none["code"], "unauthenticated");

    app.clock.advance(Duration::minutes(16));
    let expired = app.get("/api/v1/staff/me", &s.token).send().await.unwrap();
    assert_eq!(expired.headers()["www-authenticate"], "Bearer");
    problem(expired, 401).await;
}

#[tokio::test]
async fn password_change_checks_the_policy_and_signs_out_other_sessions() {
    let app = spawn_app().await;
    app.practice("riverside").await;
    let here = app.login("admin@riverside.test").await;
    let elsewhere = app.login("admin@riverside.test").await;
    let change = |current: &str, new: &str| {
        app.post("/api/v1/staff/me/password", &here.token)
            .json(&json!({ "current_password": current, "new_password": new }))
            .send()
    };
    let bad = problem(change("wrong current", "password1234").await.unwrap(), 422).await;
    assert_eq!(fields(&bad), vec!["current_password", "new_password"]);
    let short = problem(change(PASSWORD, "short").await.unwrap(), 422).await;
    assert_eq!(fields(&short), vec!["new_password"]);
    assert_eq!(change(PASSWORD, "a quiet walk by the river").await.unwrap().status(), 204);
    assert_eq!(app.get("/api/v1/staff/me", &here.token).send().await.unwrap().status(), 200);
    problem(app.get("/api/v1/staff/me", &elsewhere.token).send().await.unwrap(), 401).await;
    assert_eq!(app.login_raw("admin@riverside.test", "a quiet walk by the river").await.status(), 200);
}

#[tokio::test]
async fn admins_manage_staff_users_but_others_may_not() {
    let app = spawn_app().await;
    app.practice("riverside").await;
    app.practice("lakeside").await;
    let admin = app.login("admin@riverside.test").await;
    let front = app.login("frontdesk@riverside.test").await;
    let new_user = json!({ "email": "new@riverside.test", "name": "New Person", "roles": ["billing"], "password": "a long enough passphrase" });
    problem(app.post("/api/v1/staff/users", &front.token).json(&new_user).send().await.unwrap(), 403).await;
    let res = app.post("/api/v1/staff/users", &admin.token).json(&new_user).send().await.unwrap();
    assert_eq!(res.status(), 201);
    let dup = problem(app.post("/api/v1/staff/users", &admin.token).json(&new_user).send().await.unwrap(), 409).await;
    assert_eq!(fields(&dup), vec!["email"]);
    let bad = json!({ "email": "x", "name": "", "roles": [], "password": "qwerty123456" });
    let bad = problem(app.post("/api/v1/staff/users", &admin.token).json(&bad).send().await.unwrap(), 422).await;
    assert_eq!(fields(&bad), vec!["email", "name", "roles", "password"]);

    // Other practices' users are invisible; admins cannot demote themselves.
    let lake_admin = app.login("admin@lakeside.test").await;
    let lake_users: Value =
        app.get("/api/v1/staff/users", &lake_admin.token).send().await.unwrap().json().await.unwrap();
    let lake_id = lake_users["items"][0]["id"].as_str().unwrap();
    problem(app.get(&format!("/api/v1/staff/users/{lake_id}"), &admin.token).send().await.unwrap(), 404).await;
    let me: Value = app.get("/api/v1/staff/me", &admin.token).send().await.unwrap().json().await.unwrap();
    let res = app
        .client
        .patch(app.url(&format!("/api/v1/staff/users/{}", me["id"].as_str().unwrap())))
        .bearer_auth(&admin.token)
        .json(&json!({ "roles": ["billing"], "active": false }))
        .send()
        .await
        .unwrap();
    assert_eq!(fields(&problem(res, 422).await), vec!["roles", "active"]);
}

#[tokio::test]
async fn two_simultaneous_refreshes_of_one_token_cannot_both_win() {
    let app = spawn_app().await;
    app.practice("riverside").await;
    let s = app.login("admin@riverside.test").await;
    let (a, b) = tokio::join!(app.refresh(&s.refresh), app.refresh(&s.refresh));
    let mut statuses = [a.status().as_u16(), b.status().as_u16()];
    statuses.sort();
    assert_eq!(statuses, [200, 401], "exactly one rotation; the other is reuse");
}

#[tokio::test]
async fn a_sign_in_flood_is_answered_503_beyond_the_hashing_queue() {
    // Each Argon2id hash holds 19 MiB: beyond one per core plus the queue, sign-ins wait nowhere.
    let app = spawn_app_with(|s| s.password_hash_queue = 0).await;
    app.practice("riverside").await;
    let attempts = (0..24).map(|i| app.login_raw_owned(format!("nobody{i}@riverside.test"), "wrong password 123"));
    let responses = futures_util::future::join_all(attempts).await;
    let mut busy = 0;
    for res in responses {
        match res.status().as_u16() {
            401 => {}
            503 => {
                assert_eq!(res.headers()["retry-after"], "1");
                let body: Value = res.json().await.unwrap();
                assert_eq!(body["code"], "unavailable");
                busy += 1;
            }
            other => panic!("unexpected status {other}"),
        }
    }
    assert!(busy > 0, "a flood beyond the queue is refused, not queued without bound");
    // Afterwards the server answers normally.
    assert_eq!(app.login_raw("admin@riverside.test", PASSWORD).await.status(), 200);
}

#[tokio::test]
async fn concurrent_wrong_passwords_are_counted_before_any_is_checked() {
    let app = spawn_app().await;
    app.practice("riverside").await;
    // Thirty guesses at once on one account: the throttle counts each before hashing, so only the
    // free five are judged and the rest are refused at once.
    let guesses = (0..30).map(|_| app.login_raw_owned("frontdesk@riverside.test".into(), "wrong password 123"));
    let statuses: Vec<u16> =
        futures_util::future::join_all(guesses).await.iter().map(|r| r.status().as_u16()).collect();
    let judged = statuses.iter().filter(|s| **s == 401).count();
    assert!(statuses.iter().all(|s| [401, 429, 503].contains(s)), "{statuses:?}");
    assert!(judged <= 5, "only the five free attempts reach the password check: {statuses:?}");
    assert!(statuses.contains(&429), "{statuses:?}");
    // Every judged failure reached the account's lock counter (counted in SQL, not read-modify-write).
    let admin = app.login("admin@riverside.test").await;
    let users: Value =
        app.get("/api/v1/staff/users?limit=10", &admin.token).send().await.unwrap().json().await.unwrap();
    let fd = users["items"].as_array().unwrap().iter().find(|u| u["email"] == "frontdesk@riverside.test").unwrap();
    assert_eq!(fd["locked"], false);
    let failures: i32 = {
        use portico_server::entities::staff_users;
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        staff_users::Entity::find()
            .filter(staff_users::Column::Email.eq("frontdesk@riverside.test"))
            .one(&app.db)
            .await
            .unwrap()
            .unwrap()
            .failed_login_count
    };
    assert_eq!(failures as usize, judged);
}

#[tokio::test]
async fn guessing_the_current_password_is_throttled_like_a_sign_in() {
    let app = spawn_app().await;
    app.practice("riverside").await;
    let here = app.login("frontdesk@riverside.test").await;
    let change = |current: &'static str| {
        app.post("/api/v1/staff/me/password", &here.token)
            .json(&json!({ "current_password": current, "new_password": "a new front desk phrase" }))
            .send()
    };
    // A stolen access token is no password oracle: after the free tries, the answer is 429.
    for _ in 0..5 {
        assert_eq!(change("not my password 1").await.unwrap().status(), 422);
    }
    let throttled = problem(change("not my password 1").await.unwrap(), 429).await;
    assert_eq!(throttled["code"], "rate_limited");
    // Waiting it out, the right current password works (and clears the count).
    app.clock.advance(Duration::minutes(6));
    assert_eq!(change(PASSWORD).await.unwrap().status(), 204);
}

/// Issue 9, item 7: behind a proxy, only the hops it appended count; what the client wrote in
/// `X-Forwarded-For` neither spreads its failures over many addresses nor lands them on a victim.
#[tokio::test]
async fn forwarded_for_counts_only_what_trusted_proxies_appended() {
    let app = spawn_app_with(|s| s.trusted_proxies = "127.0.0.1".parse().unwrap()).await;
    app.practice("riverside").await;
    let attempt = |forwarded: String, email: String, password: &'static str| {
        let req = app
            .client
            .post(app.url("/api/v1/staff/auth/login"))
            .header("x-forwarded-for", forwarded)
            .json(&json!({ "email": email, "password": password }));
        async move { req.send().await.unwrap().status().as_u16() }
    };
    // The attacker rotates the left-most value and names the victim's address in it; the proxy
    // (the test client, at 127.0.0.1) appends the address it really saw.
    for i in 0..100 {
        let forged = if i % 2 == 0 { format!("198.51.100.{i}") } else { "203.0.113.99".to_owned() };
        let status = attempt(format!("{forged}, 203.0.113.7"), format!("spray{i}@riverside.test"), "wrong wrong wrong");
        assert_eq!(status.await, 401, "attempt {i}");
    }
    let blocked = attempt("198.51.100.250, 203.0.113.7".into(), "admin@riverside.test".into(), PASSWORD).await;
    assert_eq!(blocked, 429, "the attacker's own address is throttled whatever it forges");
    // The victim, whose address the attacker named, signs in.
    assert_eq!(attempt("203.0.113.99".into(), "admin@riverside.test".into(), PASSWORD).await, 200);
    // And the audit trail records the address the proxy saw, not the forged one.
    use sea_orm::EntityTrait;
    let events = portico_server::entities::audit_events::Entity::find().all(&app.db).await.unwrap();
    let ips: Vec<String> = events.into_iter().filter_map(|e| e.ip).collect();
    assert!(!ips.is_empty());
    assert!(ips.iter().all(|ip| ip == "203.0.113.7" || ip == "203.0.113.99"), "{ips:?}");
}

#[test]
fn the_old_proxy_switch_is_refused_with_directions() {
    let mut settings = portico_server::config::Settings::default();
    let err = settings.apply_env(|k| (k == "PORTICO_BEHIND_PROXY").then(|| "true".into())).unwrap_err();
    assert!(err.to_string().contains("PORTICO_TRUSTED_PROXIES"), "{err}");
}

/// Security review, item 12: failed sign-ins for addresses no practice knows belong to no
/// practice's trail, so the operator's report lists them by client address (password spraying).
#[tokio::test]
async fn operators_see_failed_sign_ins_for_unknown_accounts_by_address() {
    use portico_server::audit::service::unknown_staff_sign_ins;
    use portico_server::platform::clock::Clock as _;
    let app = spawn_app().await;
    app.practice("riverside").await;
    let start = app.clock.now();
    for email in ["ceo@riverside.test", "payroll@riverside.test", "it@riverside.test"] {
        app.clock.advance(Duration::minutes(6));
        problem(app.login_raw(email, "Spring2026!spray").await, 401).await;
    }
    // A known account's failure is the practice's to see, not part of this report.
    app.clock.advance(Duration::minutes(6));
    problem(app.login_raw("admin@riverside.test", "Spring2026!spray").await, 401).await;
    let report = unknown_staff_sign_ins(&app.db, start, 10).await.unwrap();
    assert_eq!(report.len(), 1, "{report:?}");
    assert_eq!(report[0].ip.as_deref(), Some("127.0.0.1"));
    assert_eq!(report[0].failures, 3);
    assert_eq!(report[0].first_at, start + Duration::minutes(6));
    assert_eq!(report[0].last_at, start + Duration::minutes(18));
    assert!(unknown_staff_sign_ins(&app.db, start + Duration::hours(1), 10).await.unwrap().is_empty());
}

/// Security review, item 9: an admin cannot learn who works at another practice from "already
/// taken". Emails are unique within a practice; someone on two practices' staff names the
/// practice at sign-in, and without it their email fails like a wrong password.
#[tokio::test]
async fn a_staff_email_is_unique_per_practice_and_sign_in_names_the_practice() {
    let app = spawn_app().await;
    app.practice("riverside").await;
    app.practice("lakeside").await;
    let lake_admin = app.login("admin@lakeside.test").await;
    let colleague = json!({ "email": "frontdesk@riverside.test", "name": "Sam Both", "roles": ["front_desk"], "password": "a lakeside passphrase 9" });
    let res = app.post("/api/v1/staff/users", &lake_admin.token).json(&colleague).send().await.unwrap();
    assert_eq!(res.status(), 201, "Riverside's staff are not revealed to Lakeside");
    problem(app.post("/api/v1/staff/users", &lake_admin.token).json(&colleague).send().await.unwrap(), 409).await;

    let login = |practice: Option<&'static str>, password: &'static str| {
        let mut body = json!({ "email": "frontdesk@riverside.test", "password": password });
        if let Some(p) = practice {
            body["practice"] = json!(p);
        }
        app.client.post(app.url("/api/v1/staff/auth/login")).json(&body).send()
    };
    let ambiguous = problem(login(None, PASSWORD).await.unwrap(), 401).await;
    assert_eq!(ambiguous["code"], "invalid_credentials");
    app.clock.advance(Duration::minutes(6));
    assert_eq!(login(Some("riverside"), PASSWORD).await.unwrap().status(), 200);
    assert_eq!(login(Some("Lakeside "), "a lakeside passphrase 9").await.unwrap().status(), 200);
    app.clock.advance(Duration::minutes(6));
    problem(login(Some("lakeside"), PASSWORD).await.unwrap(), 401).await;
    problem(login(Some("nowhere"), PASSWORD).await.unwrap(), 401).await;
    // An email at one practice alone needs no practice.
    assert_eq!(app.login_raw("admin@riverside.test", PASSWORD).await.status(), 200);
}
