//! NOT-1: the outbox delivers through real transports — files, a real SMTP server (aiosmtpd),
//! an HTTP SMS API the test runs — retries with backoff, and survives a worker crash with at
//! most a documented duplicate.
use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};

use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use chrono::Duration;
use portico_server::entities::outbox_messages;
use portico_server::platform::clock::Clock;
use portico_server::platform::outbox::model::{MAX_ATTEMPTS, MessageKind};
use portico_server::platform::outbox::transports::Email;
use portico_server::platform::outbox::{self, Message};
use sea_orm::{EntityTrait, TransactionTrait};
use serde_json::Value;
use uuid::Uuid;

use crate::helpers::{TestApp, problem, spawn_app, spawn_app_with};

fn email(to: &str) -> Message {
    Message::Email(Email {
        to: to.into(),
        subject: "Your portal invitation".into(),
        text: "Hello Ann, open https://portal.example/register#t=secret".into(),
        html: Some("<p>Hello Ann, <a href=\"https://portal.example/register#t=secret\">register</a></p>".into()),
    })
}

fn sms(to: &str) -> Message {
    Message::Sms { to: to.into(), text: "Riverside PT: register at https://portal.example/register#t=secret".into() }
}

async fn enqueue(app: &TestApp, practice_id: Uuid, message: Message) -> Uuid {
    outbox::enqueue(&app.db, app.clock.now(), practice_id, MessageKind::Invitation, message).await.unwrap()
}

async fn row(app: &TestApp, id: Uuid) -> outbox_messages::Model {
    outbox_messages::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap()
}

/// The messages in a folder (the outbox's emails: the `.eml` files, not their JSON sidecars).
fn files(dir: &Path) -> Vec<String> {
    let skip_sidecars = dir.ends_with("outbox/email");
    let mut out: Vec<String> = std::fs::read_dir(dir)
        .map(|d| {
            d.filter_map(|e| {
                let path = e.ok()?.path();
                let sidecar = path.extension().is_some_and(|x| x == "json");
                (!(skip_sidecars && sidecar)).then(|| std::fs::read_to_string(path).ok())?
            })
            .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

#[tokio::test]
async fn file_transports_deliver_once_and_bodies_are_cleared() {
    let app = spawn_app().await;
    let p = app.practice("riverside").await;
    let e = enqueue(&app, p.id, email("ann@example.com")).await;
    let s = enqueue(&app, p.id, sms("+12175550123")).await;
    assert_eq!(app.worker.deliver_due(10).await.unwrap(), 2);
    assert_eq!(app.worker.deliver_due(10).await.unwrap(), 0, "a sent message is never sent again");

    let emails = files(&app.data_dir.join("outbox/email"));
    assert_eq!(emails.len(), 1);
    assert!(emails[0].contains("Subject: Your portal invitation"));
    assert!(emails[0].contains("To: ann@example.com"));
    assert!(emails[0].contains("text/plain") && emails[0].contains("text/html"));
    let texts = files(&app.data_dir.join("outbox/sms"));
    let text: Value = serde_json::from_str(&texts[0]).unwrap();
    assert_eq!(text["to"], "+12175550123");

    for id in [e, s] {
        let r = row(&app, id).await;
        assert_eq!(r.status.as_str(), "sent");
        assert_eq!(r.attempts, 1);
        assert!(r.body_text.is_none() && r.body_html.is_none(), "the link with its token is not kept");
        assert!(r.sent_at.is_some());
    }
}

#[tokio::test]
async fn a_message_exists_only_if_its_transaction_commits() {
    let app = spawn_app().await;
    let p = app.practice("riverside").await;
    let txn = app.db.begin().await.unwrap();
    let id =
        outbox::enqueue(&txn, app.clock.now(), p.id, MessageKind::Invitation, email("ann@example.com")).await.unwrap();
    txn.rollback().await.unwrap();
    assert!(outbox_messages::Entity::find_by_id(id).one(&app.db).await.unwrap().is_none());
    assert_eq!(app.worker.deliver_due(10).await.unwrap(), 0);
}

#[tokio::test]
async fn a_worker_crash_between_send_and_mark_means_one_duplicate_at_most() {
    let app = spawn_app().await;
    let p = app.practice("riverside").await;
    let id = enqueue(&app, p.id, email("ann@example.com")).await;
    // A worker claims and sends, then dies before recording it.
    let claimed = outbox::claim(&app.db, app.clock.now(), 10).await.unwrap();
    assert_eq!(claimed.len(), 1);
    outbox::send(&app.worker.transports, &claimed[0]).await.unwrap();
    // While its lease holds nobody else takes the message …
    assert_eq!(app.worker.deliver_due(10).await.unwrap(), 0);
    // … and once it lapses another worker sends it again and records it.
    app.clock.advance(Duration::minutes(2) + Duration::seconds(1));
    assert_eq!(app.worker.deliver_due(10).await.unwrap(), 1);
    // The first worker, waking up late, can no longer change the record.
    outbox::finish(&app.db, app.clock.now(), &claimed[0], Err("stale".into())).await.unwrap();
    assert_eq!(app.worker.deliver_due(10).await.unwrap(), 0);
    app.clock.advance(Duration::hours(1));
    assert_eq!(app.worker.deliver_due(10).await.unwrap(), 0);
    assert_eq!(files(&app.data_dir.join("outbox/email")).len(), 2, "at least once: one duplicate, never more");
    let r = row(&app, id).await;
    assert_eq!((r.status.as_str(), r.attempts), ("sent", 2));
}

/// A Twilio-compatible SMS API the test controls: records requests, fails the first `failures`.
#[derive(Default)]
struct SmsApi {
    failures: usize,
    received: Vec<(String, String)>,
}

async fn sms_api(
    req: HttpRequest,
    form: web::Form<Vec<(String, String)>>,
    api: web::Data<Mutex<SmsApi>>,
) -> HttpResponse {
    let mut api = api.lock().unwrap();
    let auth = req.headers().get("authorization").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
    api.received.push((req.path().to_owned(), format!("{auth} {:?}", form.0)));
    if api.failures > 0 {
        api.failures -= 1;
        return HttpResponse::InternalServerError().finish();
    }
    HttpResponse::Created().json(serde_json::json!({ "sid": "SM123", "status": "queued" }))
}

fn start_sms_api(failures: usize) -> (String, Arc<Mutex<SmsApi>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let api = web::Data::new(Mutex::new(SmsApi { failures, ..SmsApi::default() }));
    let shared = api.clone().into_inner();
    let server = HttpServer::new(move || App::new().app_data(api.clone()).default_service(web::post().to(sms_api)))
        .workers(1)
        .listen(listener)
        .unwrap()
        .run();
    tokio::spawn(server);
    (url, shared)
}

#[tokio::test]
async fn sms_goes_through_the_http_api_and_failures_back_off() {
    let (url, api) = start_sms_api(1);
    let app = spawn_app_with(|s| {
        s.sms_api_url = Some(url);
        s.sms_account_sid = "AC42".into();
        s.sms_auth_token = Some("sekrit".to_string().into());
        s.sms_from = "+15550100999".into();
    })
    .await;
    let p = app.practice("riverside").await;
    let id = enqueue(&app, p.id, sms("+12175550123")).await;
    assert_eq!(app.worker.deliver_due(10).await.unwrap(), 1);
    let r = row(&app, id).await;
    assert_eq!((r.status.as_str(), r.attempts), ("pending", 1));
    assert!(r.last_error.as_deref().unwrap().contains("500"));
    assert_eq!(r.next_attempt_at, app.clock.now() + Duration::seconds(30));
    assert_eq!(app.worker.deliver_due(10).await.unwrap(), 0, "not before the backoff");
    app.clock.advance(Duration::seconds(30));
    assert_eq!(app.worker.deliver_due(10).await.unwrap(), 1);
    assert_eq!(row(&app, id).await.status.as_str(), "sent");
    let received = api.lock().unwrap().received.clone();
    assert_eq!(received.len(), 2);
    let (path, request) = &received[1];
    assert_eq!(path, "/2010-04-01/Accounts/AC42/Messages.json");
    assert!(request.starts_with("Basic "), "basic auth: {request}");
    for part in ["\"To\", \"+12175550123\"", "\"From\", \"+15550100999\"", "register#t=secret"] {
        assert!(request.contains(part), "{part} missing from {request}");
    }
}

#[tokio::test]
async fn repeated_failures_end_as_failed_with_the_body_cleared() {
    let (url, _api) = start_sms_api(usize::MAX);
    let app = spawn_app_with(|s| s.sms_api_url = Some(url)).await;
    let p = app.practice("riverside").await;
    let id = enqueue(&app, p.id, sms("+12175550123")).await;
    for _ in 0..MAX_ATTEMPTS {
        assert_eq!(app.worker.deliver_due(10).await.unwrap(), 1);
        app.clock.advance(Duration::hours(1));
    }
    let r = row(&app, id).await;
    assert_eq!((r.status.as_str(), r.attempts), ("failed", MAX_ATTEMPTS));
    assert!(r.body_text.is_none());
    assert_eq!(app.worker.deliver_due(10).await.unwrap(), 0);
}

/// aiosmtpd, a real SMTP server, writing what it receives into a maildir.
struct SmtpServer {
    child: Child,
    port: u16,
    maildir: tempfile::TempDir,
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start_smtp() -> SmtpServer {
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let maildir = tempfile::tempdir().unwrap();
    let child = Command::new("python3")
        .args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}"), "-c", "aiosmtpd.handlers.Mailbox"])
        .arg(maildir.path().join("mail"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("python3 with aiosmtpd (scripts/bootstrap.sh --test installs it)");
    // Owned by the guard from here on, so it is stopped on every path, panics included.
    let server = SmtpServer { child, port, maildir };
    for _ in 0..100 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return server;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    panic!("aiosmtpd did not start on port {port}");
}

#[tokio::test]
async fn email_goes_through_a_real_smtp_server() {
    let smtp = start_smtp();
    let app = spawn_app_with(|s| {
        s.smtp_url = Some(format!("smtp://127.0.0.1:{}", smtp.port));
        s.email_from = "Riverside PT <no-reply@riverside.example>".into();
    })
    .await;
    let p = app.practice("riverside").await;
    let id = enqueue(&app, p.id, email("ann@example.com")).await;
    assert_eq!(app.worker.deliver_due(10).await.unwrap(), 1);
    assert_eq!(row(&app, id).await.status.as_str(), "sent", "{:?}", row(&app, id).await.last_error);
    let received = files(&smtp.maildir.path().join("mail/new"));
    assert_eq!(received.len(), 1);
    assert!(received[0].contains("From: \"Riverside PT\" <no-reply@riverside.example>"), "{}", received[0]);
    assert!(received[0].contains("Subject: Your portal invitation"));
}

#[tokio::test]
async fn the_delivery_log_lists_this_practices_messages_without_bodies() {
    let app = spawn_app().await;
    let river = app.practice("riverside").await;
    let lake = app.practice("lakeside").await;
    enqueue(&app, river.id, email("ann@example.com")).await;
    app.clock.advance(Duration::seconds(1));
    enqueue(&app, river.id, sms("+12175550123")).await;
    enqueue(&app, lake.id, email("lee@example.com")).await;
    app.worker.deliver_due(10).await.unwrap();
    let admin = app.login("admin@riverside.test").await;
    let log: Value = app.get("/api/v1/staff/deliveries", &admin.token).send().await.unwrap().json().await.unwrap();
    let items = log["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(items[0]["channel"], "sms");
    assert_eq!(items[1]["recipient"], "ann@example.com");
    assert_eq!(items[1]["status"], "sent");
    assert!(!log.to_string().contains("secret"), "no bodies, no tokens");
    let emails: Value =
        app.get("/api/v1/staff/deliveries?channel=email", &admin.token).send().await.unwrap().json().await.unwrap();
    assert_eq!(emails["items"].as_array().unwrap().len(), 1);
    let first: Value =
        app.get("/api/v1/staff/deliveries?limit=1", &admin.token).send().await.unwrap().json().await.unwrap();
    let next = first["next_cursor"].as_str().unwrap();
    let second: Value = app
        .get("/api/v1/staff/deliveries?limit=1", &admin.token)
        .query(&[("cursor", next)])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        (first["items"][0]["channel"].as_str(), second["items"][0]["channel"].as_str()),
        (Some("sms"), Some("email"))
    );
    assert!(second["next_cursor"].is_null());
    problem(app.get("/api/v1/staff/deliveries?status=lost", &admin.token).send().await.unwrap(), 422).await;
    let front = app.login("frontdesk@riverside.test").await;
    problem(app.get("/api/v1/staff/deliveries", &front.token).send().await.unwrap(), 403).await;
}

#[tokio::test]
async fn two_workers_claiming_at_once_never_take_the_same_message() {
    let app = spawn_app().await;
    let p = app.practice("riverside").await;
    for i in 0..20 {
        enqueue(&app, p.id, sms(&format!("+121755501{i:02}"))).await;
    }
    let now = app.clock.now();
    let (a, b) = tokio::join!(outbox::claim(&app.db, now, 12), outbox::claim(&app.db, now, 12));
    let mut ids: Vec<Uuid> = a.unwrap().into_iter().chain(b.unwrap()).map(|r| r.id).collect();
    let claimed = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), claimed, "no message claimed twice");
    assert_eq!(claimed, 20);
}
