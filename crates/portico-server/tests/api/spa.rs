//! The two SPA apps: which `index.html` a client route gets, precompressed assets negotiated by
//! `Accept-Encoding`, caching, and one app's dist missing.
use std::path::Path;

use crate::helpers::{TestApp, spawn_app_with};

const WASM: &str = "portico-portal-0123456789abcdef_bg.wasm";

fn write(path: &Path, body: &[u8]) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, body).unwrap();
}

/// A fake build: the portal app with identity, gzip and brotli copies of its wasm, and (unless
/// `staff` is false) the staff app with one script.
async fn app_with_dist(staff: bool) -> (TestApp, tempfile::TempDir) {
    let dist = tempfile::tempdir().unwrap();
    let portal = dist.path().join("portal");
    write(&portal.join("index.html"), b"<html><script type=\"module\">portal()</script>PORTAL</html>");
    write(&portal.join(WASM), b"identity");
    write(&portal.join(format!("{WASM}.gz")), b"gzip");
    write(&portal.join(format!("{WASM}.br")), b"brotli");
    if staff {
        let staff = dist.path().join("staff");
        write(&staff.join("index.html"), b"<html><script type=\"module\">staff()</script>STAFF</html>");
        write(&staff.join("portico-staff-0123456789abcdef.js"), b"export default 1;");
    }
    let dir = dist.path().to_owned();
    let app = spawn_app_with(move |s| s.spa_dir = dir).await;
    (app, dist)
}

async fn get(app: &TestApp, path: &str, accept_encoding: &str) -> reqwest::Response {
    app.client.get(app.url(path)).header("Accept-Encoding", accept_encoding).send().await.unwrap()
}

#[tokio::test]
async fn staff_routes_get_the_staff_app_and_the_rest_the_portal() {
    let (app, _dist) = app_with_dist(true).await;
    for (path, marker) in [
        ("/", "PORTAL"),
        ("/register", "PORTAL"),
        ("/portal/sign-in", "PORTAL"),
        ("/staffing", "PORTAL"),
        ("/staff", "STAFF"),
        ("/staff/", "STAFF"),
        ("/staff/patients/0190", "STAFF"),
    ] {
        let res = get(&app, path, "").await;
        assert_eq!(res.status(), 200, "{path}");
        assert_eq!(res.headers()["cache-control"], "no-cache", "{path}");
        assert!(res.headers()["content-type"].to_str().unwrap().starts_with("text/html"), "{path}");
        let csp = res.headers()["content-security-policy"].to_str().unwrap().to_owned();
        assert_eq!(csp.matches("'sha256-").count(), 2, "both apps' bootstraps: {csp}");
        assert!(res.text().await.unwrap().contains(marker), "{path}");
    }
    // Each app's assets live under its own public path only.
    let res = get(&app, "/staff/portico-staff-0123456789abcdef.js", "").await;
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-type"].to_str().unwrap().starts_with("text/javascript"));
    let res = get(&app, "/portico-staff-0123456789abcdef.js", "").await;
    assert!(res.text().await.unwrap().contains("PORTAL"), "not a portal asset: its index.html");
}

#[tokio::test]
async fn assets_are_served_precompressed_by_accept_encoding() {
    let (app, _dist) = app_with_dist(true).await;
    let path = format!("/{WASM}");
    for (accept, encoding, body) in [
        ("gzip, deflate, br", Some("br"), "brotli"),
        ("br", Some("br"), "brotli"),
        ("gzip", Some("gzip"), "gzip"),
        ("br;q=0, gzip", Some("gzip"), "gzip"),
        ("identity", None, "identity"),
    ] {
        let res = get(&app, &path, accept).await;
        assert_eq!(res.status(), 200, "{accept}");
        let h = res.headers();
        assert_eq!(h.get("content-encoding").map(|v| v.to_str().unwrap()), encoding, "{accept}");
        assert_eq!(h["content-type"], "application/wasm", "{accept}");
        assert_eq!(h["vary"], "Accept-Encoding", "{accept}");
        assert_eq!(h["cache-control"], "public, max-age=31536000, immutable", "{accept}");
        assert_eq!(h["x-content-type-options"], "nosniff", "security headers stay: {accept}");
        assert_eq!(res.text().await.unwrap(), body, "{accept}");
    }
    // A file with no compressed copy is served as built.
    let res = get(&app, "/staff/portico-staff-0123456789abcdef.js", "br, gzip").await;
    assert!(res.headers().get("content-encoding").is_none());
    assert_eq!(res.text().await.unwrap(), "export default 1;");
}

#[tokio::test]
async fn a_missing_app_is_a_404_and_the_api_is_untouched() {
    let (app, _dist) = app_with_dist(false).await;
    assert_eq!(get(&app, "/portal/sign-in", "").await.status(), 200);
    let res = get(&app, "/staff/patients", "").await;
    assert_eq!(res.status(), 404);
    assert!(res.headers()["content-type"].to_str().unwrap().starts_with("application/problem+json"));
    // API paths never fall back to an app.
    let res = get(&app, "/api/v1/nothing-here", "").await;
    assert_eq!(res.status(), 404);
    assert!(res.headers()["content-type"].to_str().unwrap().starts_with("application/problem+json"));
    // Only GET and HEAD reach the apps.
    let res = app.client.post(app.url("/portal/sign-in")).send().await.unwrap();
    assert_eq!(res.status(), 404);
}
