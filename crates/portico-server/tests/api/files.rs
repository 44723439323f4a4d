//! Files (FILE-1, SEC-4): message attachments and My Files, through the real file store — the
//! local folder, and a real S3-compatible server (moto) — with every cap and every way to reach a
//! file that is not yours.
use std::path::Path;

use reqwest::multipart::{Form, Part};
use serde_json::json;

use crate::helpers::{TestApp, events, fields, patient_audit, problem, spawn_app, spawn_app_with};
use crate::messaging::{Family, home_count, inbox, json_of, portal, recipients, riverside_family, start};
use crate::portal_support::{family, invite, register};

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";
/// A PDF that also holds markup: still a PDF, and never served as a page.
const PDF_WITH_HTML: &[u8] = b"%PDF-1.7\n<html><body><script>alert(document.cookie)</script></body></html>\n%%EOF";
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";

fn file(name: &str, bytes: &[u8]) -> Part {
    // The claimed type is a lie on purpose where it matters: the server must not believe it.
    Part::bytes(bytes.to_vec()).file_name(name.to_owned()).mime_str("image/png").unwrap()
}

fn with_files(body: &str, files: Vec<(&str, &[u8])>) -> Form {
    files.into_iter().fold(Form::new().text("body", body.to_owned()), |f, (n, b)| f.part("file", file(n, b)))
}

/// Objects in the local file store.
fn stored_objects(app: &TestApp) -> usize {
    fn walk(dir: &Path) -> usize {
        std::fs::read_dir(dir)
            .map(|entries| entries.flatten().map(|e| if e.path().is_dir() { walk(&e.path()) } else { 1 }).sum())
            .unwrap_or(0)
    }
    walk(&app.data_dir.join("files"))
}

async fn file_rows(app: &TestApp) -> i64 {
    use sea_orm::{ConnectionTrait, Statement};
    let row = app
        .db
        .query_one_raw(Statement::from_string(app.db.get_database_backend(), "SELECT COUNT(*) AS n FROM files"))
        .await
        .unwrap()
        .unwrap();
    row.try_get::<i64>("", "n").unwrap()
}

async fn staff_thread(app: &TestApp, f: &Family) -> String {
    let t = start(app, &f.staff, &f.patient, json!({ "subject": "Your plan", "body": "Plan attached." })).await;
    json_of(t, 201).await["id"].as_str().unwrap().to_owned()
}

async fn download(app: &TestApp, url: &str, token: &str) -> reqwest::Response {
    app.get(url, token).send().await.unwrap()
}

async fn assert_download(res: reqwest::Response, name: &str, content_type: &str, bytes: &[u8]) {
    assert_eq!(res.status(), 200);
    let h = res.headers().clone();
    assert_eq!(h["content-type"], content_type);
    let disposition = h["content-disposition"].to_str().unwrap();
    assert!(disposition.starts_with("attachment"), "{disposition}");
    assert!(disposition.contains(name), "{disposition}");
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert!(h["content-security-policy"].to_str().unwrap().contains("sandbox"));
    assert_eq!(res.bytes().await.unwrap().as_ref(), bytes, "the same bytes come back");
}

#[tokio::test]
async fn a_reply_carries_files_that_only_the_thread_can_download() {
    let app = spawn_app().await;
    let f = riverside_family(&app).await;
    let maya = recipients(&app, &f.staff, &f.patient).await[0]["account_id"].clone();
    let t = start(
        &app,
        &f.staff,
        &f.patient,
        json!({ "subject": "Results", "body": "Attached.", "participant_account_ids": [maya] }),
    )
    .await;
    let id = json_of(t, 201).await["id"].as_str().unwrap().to_owned();

    // Maya answers with a PDF, a PDF full of markup and a photo, claiming every one is a PNG.
    let form = with_files(
        "Here are my scans.",
        vec![("referral.pdf", PDF), ("C:\\scans\\report.html", PDF_WITH_HTML), ("knee.png", PNG)],
    );
    let res = app.post(&portal(&f.patient, &format!("/{id}/messages")), &f.maya.token).multipart(form).send().await;
    let thread = json_of(res.unwrap(), 201).await;
    let sent = &thread["messages"][1];
    assert_eq!(sent["body"], "Here are my scans.");
    let files = sent["attachments"].as_array().unwrap();
    assert_eq!(files.len(), 3);
    assert_eq!(files[0]["name"], "referral.pdf");
    assert_eq!(files[0]["content_type"], "application/pdf", "decided from the bytes, not the claim");
    assert_eq!(files[1]["name"], "report.html.pdf", "the name ends in what it really is");
    assert_eq!(files[2]["content_type"], "image/png");
    assert_eq!(files[0]["size_bytes"], PDF.len());
    assert_eq!(files[0]["mine"], true);
    assert_eq!(files[0]["sha256"], hex_sha256(PDF));
    assert_eq!(stored_objects(&app), 3);

    // Staff see it unread and download the same bytes, as attachments of the sniffed type.
    assert_eq!(inbox(&app, &f.staff, "?unread=true").await[0]["preview"], "Here are my scans.");
    let staff_view =
        json_of(app.get(&format!("/api/v1/staff/threads/{id}"), &f.staff).send().await.unwrap(), 200).await;
    let staff_files = staff_view["messages"][1]["attachments"].as_array().unwrap().clone();
    let url = staff_files[1]["download_url"].as_str().unwrap();
    assert!(url.starts_with("/api/v1/staff/attachments/"), "{url}");
    assert_download(download(&app, url, &f.staff).await, "report.html.pdf", "application/pdf", PDF_WITH_HTML).await;
    let maya_url = files[0]["download_url"].as_str().unwrap();
    assert_download(download(&app, maya_url, &f.maya.token).await, "referral.pdf", "application/pdf", PDF).await;

    // Nobody else: Gus (no participant), another patient's account, another practice.
    problem(download(&app, maya_url, &f.gus.token).await, 404).await;
    let gus_url = maya_url.to_owned();
    problem(download(&app, &gus_url.replace("/attachments/", "/files/"), &f.gus.token).await, 404).await;
    let (leo, _) = family(&app, &f.staff, "Leo", "leo@example.com").await;
    invite(&app, &f.staff, &leo, "self", None).await;
    let leo_session = register(&app, "leo@example.com").await;
    let file_id = files[0]["id"].as_str().unwrap();
    let via_leo = format!("/api/v1/portal/patients/{leo}/attachments/{file_id}");
    problem(download(&app, &via_leo, &leo_session.token).await, 404).await;
    problem(download(&app, maya_url, &leo_session.token).await, 404).await;
    app.practice("lakeside").await;
    let lake = app.login("frontdesk@lakeside.test").await.token;
    problem(download(&app, url, &lake).await, 404).await;
    problem(download(&app, &format!("/api/v1/staff/attachments/{}", uuid::Uuid::now_v7()), &f.staff).await, 404).await;

    // Every download is in the audit trail, with no file name in it.
    let admin = app.login("admin@riverside.test").await.token;
    let audit = patient_audit(&app, &admin, &f.patient).await;
    assert_eq!(events(&audit, "file.download").len(), 2, "{audit}");
    assert!(!audit.to_string().contains("referral"));
}

fn hex_sha256(bytes: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(bytes))
}

#[tokio::test]
async fn refused_uploads_keep_nothing() {
    let app = spawn_app().await;
    let f = riverside_family(&app).await;
    let id = staff_thread(&app, &f).await;
    let reply = format!("/api/v1/staff/threads/{id}/messages");
    let mine = portal(&f.patient, &format!("/{id}/messages"));
    let before = (stored_objects(&app), file_rows(&app).await);
    assert_eq!(before, (0, 0));

    // An HTML page called .png: 415 naming the part.
    let html = b"<!DOCTYPE html><html><script>fetch('/api/v1/staff/patients')</script></html>";
    let form = with_files("see", vec![("fine.pdf", PDF), ("photo.png", html)]);
    let p = problem(app.post(&reply, &f.staff).multipart(form).send().await.unwrap(), 415).await;
    assert_eq!(fields(&p), ["file[1]"]);
    // 11 MB: 413, even with a good file before it.
    let big = {
        let mut b = PDF.to_vec();
        b.resize(11 * 1000 * 1000, b' ');
        b
    };
    let form = with_files("big", vec![("ok.png", PNG), ("scan.pdf", &big)]);
    let p = problem(app.post(&mine, &f.maya.token).multipart(form).send().await.unwrap(), 413).await;
    assert_eq!(fields(&p), ["file[1]"]);
    // Six files: 422.
    let six = (0..6).map(|_| ("a.pdf", PDF)).collect();
    let p = problem(app.post(&reply, &f.staff).multipart(with_files("six", six)).send().await.unwrap(), 422).await;
    assert_eq!(fields(&p), ["file"]);
    // An empty file, a part nobody asked for, a body too long with files: 422 and nothing kept.
    let form = with_files("", vec![("empty.pdf", b"")]);
    let p = problem(app.post(&reply, &f.staff).multipart(form).send().await.unwrap(), 422).await;
    assert_eq!(fields(&p), ["file[0]"]);
    let form = with_files("x", vec![("a.pdf", PDF)]).text("evil", "1");
    let p = problem(app.post(&reply, &f.staff).multipart(form).send().await.unwrap(), 422).await;
    assert_eq!(fields(&p), ["evil"]);
    let form = with_files(&"x".repeat(10_001), vec![("a.pdf", PDF)]);
    let p = problem(app.post(&reply, &f.staff).multipart(form).send().await.unwrap(), 422).await;
    assert_eq!(fields(&p), ["body"]);
    // A closed thread refuses before reading a byte; a thread of no one's: 404.
    let res = app.post(&format!("/api/v1/staff/threads/{id}/close"), &f.staff).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let form = with_files("late", vec![("a.pdf", PDF)]);
    problem(app.post(&mine, &f.maya.token).multipart(form).send().await.unwrap(), 409).await;
    let nowhere = format!("/api/v1/staff/threads/{}/messages", uuid::Uuid::now_v7());
    problem(app.post(&nowhere, &f.staff).multipart(with_files("x", vec![("a.pdf", PDF)])).send().await.unwrap(), 404)
        .await;

    assert_eq!((stored_objects(&app), file_rows(&app).await), before, "no object or row left behind");
    let thread = json_of(app.get(&format!("/api/v1/staff/threads/{id}"), &f.staff).send().await.unwrap(), 200).await;
    assert_eq!(thread["messages"].as_array().unwrap().len(), 1, "no message either");

    // Files alone are a message; a text file is one of the allowed kinds.
    let res = app.post(&format!("/api/v1/staff/threads/{id}/reopen"), &f.staff).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let form = with_files("", vec![("notes.txt", "Knee: better.\nHip: same.".as_bytes())]);
    let t = json_of(app.post(&reply, &f.staff).multipart(form).send().await.unwrap(), 201).await;
    assert_eq!(t["messages"][1]["body"], "");
    assert_eq!(t["messages"][1]["attachments"][0]["content_type"], "text/plain");
    assert_eq!(inbox(&app, &f.staff, "").await[0]["preview"], "Sent a file");
    let url = t["messages"][1]["attachments"][0]["download_url"].as_str().unwrap();
    let res = download(&app, url, &f.staff).await;
    assert_eq!(res.headers()["content-type"], "text/plain; charset=utf-8");
    // A staff thread can start with a file, its participants named in repeated parts.
    let gloria = recipients(&app, &f.staff, &f.patient).await[1]["account_id"].as_str().unwrap().to_owned();
    let form = with_files("Your plan", vec![("plan.pdf", PDF)])
        .text("subject", "Plan")
        .text("participant_account_ids", gloria);
    let res = app.post(&format!("/api/v1/staff/patients/{}/threads", f.patient), &f.staff).multipart(form).send();
    let t = json_of(res.await.unwrap(), 201).await;
    assert_eq!(t["participants"].as_array().unwrap().len(), 1);
    assert_eq!(t["messages"][0]["attachments"][0]["name"], "plan.pdf");
    // Gloria: the first thread's two messages and this one.
    assert_eq!(home_count(&app, &f.gloria, &f.patient).await, Some(3));
}

#[tokio::test]
async fn my_files_are_seen_by_their_sender_and_the_practice() {
    let app = spawn_app().await;
    let f = riverside_family(&app).await;
    let mine = format!("/api/v1/portal/patients/{}/files", f.patient);
    let form = Form::new()
        .part("file", file("insurance card.jpg", b"\xFF\xD8\xFF\xE0\0\x10JFIF"))
        .part("file", file("referral", PDF));
    let sent = json_of(app.post(&mine, &f.gloria.token).multipart(form).send().await.unwrap(), 201).await;
    let sent = sent.as_array().unwrap();
    assert_eq!(sent.len(), 2);
    assert_eq!(sent[0]["content_type"], "image/jpeg");
    assert_eq!(sent[1]["name"], "referral.pdf");
    assert_eq!(sent[0]["source"], "upload");
    assert_eq!(sent[0]["uploaded_by_name"], "Gloria Rivera");

    // Gloria sees hers; Maya and Gus see only their own (none).
    let page = json_of(app.get(&mine, &f.gloria.token).send().await.unwrap(), 200).await;
    assert_eq!(page["items"].as_array().unwrap().len(), 2);
    for other in [&f.maya, &f.gus] {
        let page = json_of(app.get(&mine, &other.token).send().await.unwrap(), 200).await;
        assert!(page["items"].as_array().unwrap().is_empty());
        problem(download(&app, sent[1]["download_url"].as_str().unwrap(), &other.token).await, 404).await;
    }
    let url = sent[1]["download_url"].as_str().unwrap();
    assert_download(download(&app, url, &f.gloria.token).await, "referral.pdf", "application/pdf", PDF).await;

    // Staff see every file of the patient, attachments too, with who sent each.
    let id = staff_thread(&app, &f).await;
    let form = with_files("photo", vec![("knee.png", PNG)]);
    let res = app.post(&portal(&f.patient, &format!("/{id}/messages")), &f.maya.token).multipart(form).send();
    json_of(res.await.unwrap(), 201).await;
    let chart = format!("/api/v1/staff/patients/{}/files", f.patient);
    let page = json_of(app.get(&chart, &f.staff).send().await.unwrap(), 200).await;
    let items = page["items"].as_array().unwrap();
    assert_eq!(items.len(), 3);
    assert_eq!(items[0]["source"], "message");
    assert_eq!(items[0]["uploaded_by_name"], "Maya Rivera");
    assert_eq!(items[0]["thread_id"], id.as_str());
    assert_eq!(items[1]["uploaded_by_name"], "Gloria Rivera");
    let url = items[2]["download_url"].as_str().unwrap();
    assert!(url.starts_with(&format!("/api/v1/staff/patients/{}/files/", f.patient)), "{url}");
    assert_download(
        download(&app, url, &f.staff).await,
        "insurance card.jpg",
        "image/jpeg",
        b"\xFF\xD8\xFF\xE0\0\x10JFIF",
    )
    .await;
    let paged = json_of(app.get(&format!("{chart}?limit=2"), &f.staff).send().await.unwrap(), 200).await;
    let next = paged["next_cursor"].as_str().unwrap();
    let rest = json_of(app.get(&format!("{chart}?limit=2&cursor={next}"), &f.staff).send().await.unwrap(), 200).await;
    assert_eq!(rest["items"][0]["id"], items[2]["id"]);

    // Another practice: 404 for the list and the file.
    app.practice("lakeside").await;
    let lake = app.login("frontdesk@lakeside.test").await.token;
    problem(app.get(&chart, &lake).send().await.unwrap(), 404).await;
    problem(download(&app, url, &lake).await, 404).await;
    // Nothing chosen (a browser sends an empty, nameless file part): 422; JSON is not an upload.
    let nothing = Form::new().part("file", Part::bytes(Vec::new()).file_name(""));
    let p = problem(app.post(&mine, &f.maya.token).multipart(nothing).send().await.unwrap(), 422).await;
    assert_eq!(fields(&p), ["file"]);
    let res = app.post(&mine, &f.maya.token).json(&json!({ "file": "x" })).send().await.unwrap();
    problem(res, 415).await;
}

// ---- S3 ----------------------------------------------------------------------------------------

/// moto's S3 server, a real S3-compatible endpoint, in a child process for this test.
struct Moto {
    child: std::process::Child,
    port: u16,
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn moto_server() -> std::path::PathBuf {
    if let Some(p) = std::env::var_os("PORTICO_MOTO_SERVER") {
        return p.into();
    }
    let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/s3-tools/bin/moto_server");
    if venv.exists() { venv } else { "moto_server".into() }
}

async fn start_moto() -> Moto {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let child = std::process::Command::new(moto_server())
        .args(["-H", "127.0.0.1", "-p", &port.to_string()])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("moto_server (scripts/bootstrap.sh --test installs it into target/s3-tools)");
    let moto = Moto { child, port };
    for _ in 0..100 {
        if reqwest::get(format!("http://127.0.0.1:{port}/")).await.is_ok() {
            return moto;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("moto_server did not start on port {port}");
}

#[tokio::test]
async fn files_go_to_s3_when_a_bucket_is_configured() {
    let moto = start_moto().await;
    let endpoint = format!("http://127.0.0.1:{}", moto.port);
    let bucket = format!("{endpoint}/portico-files");
    assert!(reqwest::Client::new().put(&bucket).send().await.unwrap().status().is_success());
    let app = spawn_app_with(|s| {
        s.s3.bucket = Some("portico-files".into());
        s.s3.endpoint = Some(endpoint.clone());
        s.s3.access_key_id = Some("test".into());
        s.s3.secret_access_key = Some("test".to_owned().into());
    })
    .await;
    let f = riverside_family(&app).await;
    let id = staff_thread(&app, &f).await;
    let form = with_files("scan", vec![("scan.pdf", PDF_WITH_HTML)]);
    let res = app.post(&portal(&f.patient, &format!("/{id}/messages")), &f.maya.token).multipart(form).send();
    let t = json_of(res.await.unwrap(), 201).await;
    let url = t["messages"][1]["attachments"][0]["download_url"].as_str().unwrap().to_owned();
    assert_download(download(&app, &url, &f.maya.token).await, "scan.pdf", "application/pdf", PDF_WITH_HTML).await;

    // The object is in the bucket under a generated name, nothing on local disk.
    let listing = reqwest::get(format!("{bucket}?list-type=2")).await.unwrap().text().await.unwrap();
    assert!(listing.contains("<KeyCount>1</KeyCount>"), "{listing}");
    assert!(!listing.contains("scan"), "the object's name says nothing about the file");
    assert_eq!(stored_objects(&app), 0);

    // A refused upload leaves the bucket as it was.
    let form = with_files("two", vec![("a.pdf", PDF), ("b.png", b"<html></html>")]);
    let res = app.post(&portal(&f.patient, &format!("/{id}/messages")), &f.maya.token).multipart(form).send();
    problem(res.await.unwrap(), 415).await;
    let listing = reqwest::get(format!("{bucket}?list-type=2")).await.unwrap().text().await.unwrap();
    assert!(listing.contains("<KeyCount>1</KeyCount>"), "{listing}");
}
