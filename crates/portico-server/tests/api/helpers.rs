//! `spawn_app()`: the real application on port 0 with a fresh database (SQLite file, or a
//! throwaway PostgreSQL database when `PORTICO_TEST_DATABASE_URL` is set), real migrations and a
//! manual clock the test can move.
use std::sync::Arc;

use chrono::{TimeZone, Utc};
use portico_server::app::Application;
use portico_server::config::Settings;
use portico_server::entities::values::StaffRoles;
use portico_server::platform::background::Background;
use portico_server::platform::clock::{Clock, ManualClock};
use portico_server::platform::outbox::Worker;
use portico_server::platform::passwords;
use portico_server::practices::service::create_practice;
use portico_server::staff::users;
use portico_types::staff::StaffRole;
use reqwest::header::{HeaderMap, SET_COOKIE};
use sea_orm::{ConnectionTrait, Database, DatabaseConnection};
use serde_json::Value;
use uuid::Uuid;

pub const PASSWORD: &str = "correct horse battery staple";

pub struct TestApp {
    pub address: String,
    /// The outbox worker, driven by hand: the background one is off in tests.
    pub worker: Worker,
    /// Work requests start and do not wait for (password-reset emails).
    pub background: Background,
    pub data_dir: std::path::PathBuf,
    /// The app's file store (local under `data_dir`, or S3 when configured).
    pub files: portico_server::platform::storage::FileStore,
    pub client: reqwest::Client,
    pub clock: Arc<ManualClock>,
    pub db: DatabaseConnection,
    _data_dir: tempfile::TempDir,
    /// Dropped with the app: drops the PostgreSQL test database.
    _pg: Option<PgDatabase>,
}

/// A practice with one staff user per role.
pub struct Practice {
    pub id: Uuid,
}

struct PgDatabase {
    admin_url: String,
    name: String,
}

impl Drop for PgDatabase {
    fn drop(&mut self) {
        let (url, name) = (self.admin_url.clone(), self.name.clone());
        // Drop runs outside any runtime we may use: clean up on a thread of our own.
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().ok()?;
            rt.block_on(async {
                let db = Database::connect(&url).await.ok()?;
                db.execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)")).await.ok()
            })
        })
        .join();
    }
}

fn with_database(url: &str, name: &str) -> String {
    let mut u = url::Url::parse(url).expect("PORTICO_TEST_DATABASE_URL is a URL");
    u.set_path(&format!("/{name}"));
    u.to_string()
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

pub async fn spawn_app_with(configure: impl FnOnce(&mut Settings)) -> TestApp {
    let data_dir = tempfile::tempdir().expect("temp dir");
    let mut pg = None;
    let database_url = match std::env::var("PORTICO_TEST_DATABASE_URL").ok().filter(|u| !u.is_empty()) {
        Some(admin_url) => {
            let name = format!("portico_test_{}", Uuid::new_v4().simple());
            let admin = Database::connect(&admin_url).await.expect("connect to PostgreSQL");
            admin.execute_unprepared(&format!("CREATE DATABASE \"{name}\"")).await.expect("create test database");
            let url = with_database(&admin_url, &name);
            pg = Some(PgDatabase { admin_url, name });
            url
        }
        None => format!("sqlite://{}/test.db?mode=rwc", data_dir.path().display()),
    };
    let settings = Settings {
        host: "127.0.0.1".into(),
        port: 0,
        data_dir: data_dir.path().to_owned(),
        database_url,
        spa_dir: data_dir.path().join("no-spa"),
        jwt_secret: Some("test-secret-test-secret-test-secret-0123".to_string().into()),
        outbox_worker: false,
        ..Settings::default()
    };
    let mut settings = settings;
    configure(&mut settings);
    let clock = Arc::new(ManualClock::new(Utc.with_ymd_and_hms(2026, 11, 21, 15, 0, 0).unwrap()));
    let app = Application::build(settings, clock.clone()).await.expect("app builds");
    let address = format!("http://127.0.0.1:{}", app.port());
    let db = app.state().db.clone();
    let worker = app.worker().clone();
    let background = app.state().background.clone();
    let files = app.state().files.clone();
    tokio::spawn(app.run());
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    TestApp {
        address,
        worker,
        background,
        files,
        data_dir: data_dir.path().to_owned(),
        client,
        clock,
        db,
        _data_dir: data_dir,
        _pg: pg,
    }
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    /// A practice with `admin@{slug}.test`, `frontdesk@…`, `billing@…`, `clinician@…`, all with [`PASSWORD`].
    pub async fn practice(&self, slug: &str) -> Practice {
        let now = self.clock.now();
        let p = create_practice(&self.db, &format!("{slug} clinic"), slug, "America/Chicago", now).await.unwrap();
        let hash = passwords::hash_now(PASSWORD).unwrap();
        for (who, role) in [
            ("admin", StaffRole::Admin),
            ("frontdesk", StaffRole::FrontDesk),
            ("billing", StaffRole::Billing),
            ("clinician", StaffRole::Clinician),
        ] {
            let email = format!("{who}@{slug}.test");
            users::insert(&self.db, p.id, &email, &format!("{who} of {slug}"), StaffRoles::new(&[role]), &hash, now)
                .await
                .unwrap();
        }
        Practice { id: p.id }
    }

    pub async fn login_raw(&self, email: &str, password: &str) -> reqwest::Response {
        self.client
            .post(self.url("/api/v1/staff/auth/login"))
            .json(&serde_json::json!({ "email": email, "password": password }))
            .send()
            .await
            .unwrap()
    }

    /// `login_raw` with owned arguments, for many at once.
    pub fn login_raw_owned(&self, email: String, password: &'static str) -> impl Future<Output = reqwest::Response> {
        let req = self
            .client
            .post(self.url("/api/v1/staff/auth/login"))
            .json(&serde_json::json!({ "email": email, "password": password }));
        async move { req.send().await.unwrap() }
    }

    /// Signs in and returns (access token, refresh cookie value).
    pub async fn login(&self, email: &str) -> Session {
        let res = self.login_raw(email, PASSWORD).await;
        assert_eq!(res.status(), 200, "login of {email}");
        let refresh = refresh_cookie(res.headers()).expect("refresh cookie set");
        let body: Value = res.json().await.unwrap();
        Session { token: body["access_token"].as_str().unwrap().to_owned(), refresh }
    }

    pub fn get(&self, path: &str, token: &str) -> reqwest::RequestBuilder {
        self.client.get(self.url(path)).bearer_auth(token)
    }

    pub fn post(&self, path: &str, token: &str) -> reqwest::RequestBuilder {
        self.client.post(self.url(path)).bearer_auth(token)
    }

    pub fn put(&self, path: &str, token: &str) -> reqwest::RequestBuilder {
        self.client.put(self.url(path)).bearer_auth(token)
    }

    pub async fn refresh(&self, cookie: &str) -> reqwest::Response {
        self.client
            .post(self.url("/api/v1/staff/auth/refresh"))
            .header("Cookie", format!("portico_staff_refresh={cookie}"))
            .send()
            .await
            .unwrap()
    }

    /// How many audit rows match an action.
    pub async fn audit_count(&self, action: &str) -> usize {
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        portico_server::entities::audit_events::Entity::find()
            .filter(portico_server::entities::audit_events::Column::Action.eq(action))
            .all(&self.db)
            .await
            .unwrap()
            .len()
    }
}

pub struct Session {
    pub token: String,
    pub refresh: String,
}

pub fn refresh_cookie(headers: &HeaderMap) -> Option<String> {
    named_cookie(headers, "portico_staff_refresh")
}

/// The value a `Set-Cookie` header gives cookie `name`.
pub fn named_cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    let prefix = format!("{name}=");
    headers
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&prefix))
        .map(|v| v.trim_start_matches(&prefix).split(';').next().unwrap_or("").to_owned())
}

/// Asserts a problem+json response and returns its body.
pub async fn problem(res: reqwest::Response, status: u16) -> Value {
    assert_eq!(res.status().as_u16(), status, "status");
    let ct = res.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
    assert!(ct.starts_with("application/problem+json"), "content type was {ct}");
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["status"], status);
    assert!(body["type"].as_str().unwrap().starts_with("urn:portico:problem:"));
    assert!(!body["detail"].as_str().unwrap().is_empty());
    body
}

/// The field names a 422 problem lists.
pub fn fields(problem: &Value) -> Vec<String> {
    problem["errors"]
        .as_array()
        .map(|a| a.iter().map(|e| e["field"].as_str().unwrap().to_owned()).collect())
        .unwrap_or_default()
}

/// The newest 100 audit events acting for `patient`, read by an administrator's `token`.
pub async fn patient_audit(app: &TestApp, token: &str, patient: &str) -> Value {
    let path = format!("/api/v1/staff/audit-events?patient_id={patient}&limit=100");
    app.get(&path, token).send().await.unwrap().json().await.unwrap()
}

/// The events of `audit` (a page of the audit log) with this action.
pub fn events<'a>(audit: &'a Value, action: &str) -> Vec<&'a Value> {
    audit["items"].as_array().unwrap().iter().filter(|e| e["action"] == action).collect()
}

/// Riverside's administrator changes the portal configuration with `edit`.
pub async fn edit_portal_config(app: &TestApp, edit: impl FnOnce(&mut Value)) {
    let admin = app.login("admin@riverside.test").await.token;
    let res = app.get("/api/v1/staff/portal-config", &admin).send().await.unwrap();
    let etag = res.headers()["etag"].to_str().unwrap().to_owned();
    let mut config: Value = res.json().await.unwrap();
    edit(&mut config);
    let res = app.put("/api/v1/staff/portal-config", &admin).header("If-Match", etag).json(&config).send().await;
    assert_eq!(res.unwrap().status(), 200);
}
