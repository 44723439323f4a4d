//! Serving the two single-page apps built by `scripts/build-spa.sh` from the spa dir:
//!
//! ```text
//! {spa_dir}/portal/   index.html + hashed assets, at /             (landing, /register, /portal/…)
//! {spa_dir}/staff/    index.html + hashed assets, at /staff/       (every /staff/… console)
//! ```
//!
//! `/staff` and `/staff/…` client routes get the staff app's `index.html`, every other non-API
//! page the patient app's, so a patient never downloads the staff consoles. Assets are served
//! precompressed (`.br`, else `.gz`, else as built) by `Accept-Encoding`; hashed ones are cached
//! for a year, `index.html` is `no-cache`. One app's missing dist leaves its routes unserved (404
//! problem+json) and the other app working.
use std::path::{Path, PathBuf};

use actix_web::http::header::{self, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::{HttpRequest, HttpResponse, web};
use base64::Engine;
use sha2::{Digest, Sha256};

use super::http::{RouteIndex, not_found};

/// Where the staff app is served; everything else that is not the API is the patient app's.
const STAFF_PREFIX: &str = "/staff";
const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// One built app: its folder and its `index.html` (read once at start-up).
#[derive(Debug, Clone)]
pub struct SpaApp {
    pub dir: PathBuf,
    pub index_html: Option<String>,
    script_hashes: Vec<String>,
}

impl SpaApp {
    pub fn load(dir: PathBuf) -> Self {
        let index_html = std::fs::read_to_string(dir.join("index.html")).ok();
        let script_hashes = index_html.as_deref().map(inline_script_hashes).unwrap_or_default();
        Self { dir, index_html, script_hashes }
    }
}

/// Both built apps and the hashes of their inline bootstrap scripts for the CSP.
#[derive(Debug, Clone)]
pub struct Spa {
    pub portal: SpaApp,
    pub staff: SpaApp,
}

impl Spa {
    /// Reads `{dir}/portal` and `{dir}/staff`; a missing one is left unserved.
    pub fn load(dir: &Path) -> Self {
        Self { portal: SpaApp::load(dir.join("portal")), staff: SpaApp::load(dir.join("staff")) }
    }

    /// Whether either app was found.
    pub fn is_built(&self) -> bool {
        self.portal.index_html.is_some() || self.staff.index_html.is_some()
    }

    /// Scripts only from this origin (plus the exact inline bootstrap Trunk writes into each
    /// app's `index.html`), WASM compilation allowed, nothing framed, nothing fetched elsewhere.
    /// No inline styles (the apps set the practice colour through the CSSOM), and images only
    /// from this server and the logo hosts the deployment lists.
    pub fn content_security_policy(&self, logo_origins: &[String]) -> String {
        let hashes: String =
            self.portal.script_hashes.iter().chain(&self.staff.script_hashes).map(|h| format!(" '{h}'")).collect();
        let logos: String = logo_origins.iter().map(|o| format!(" {o}")).collect();
        format!(
            "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{hashes}; style-src 'self'; \
             img-src 'self' data:{logos}; font-src 'self'; connect-src 'self'; object-src 'none'; \
             base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
        )
    }

    /// The app an address belongs to, and the rest of the path inside that app's folder.
    fn route<'a>(&self, path: &'a str) -> (&SpaApp, &'a str) {
        match path.strip_prefix(STAFF_PREFIX) {
            Some(rest) if rest.is_empty() || rest.starts_with('/') => (&self.staff, rest.trim_start_matches('/')),
            _ => (&self.portal, path.trim_start_matches('/')),
        }
    }
}

/// `sha256-…` of each `<script>` without `src`, byte for byte as the browser hashes it.
fn inline_script_hashes(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let Some(tag_end) = rest[start..].find('>') else { break };
        let tag = &rest[start..start + tag_end];
        let body_start = start + tag_end + 1;
        let Some(close) = rest[body_start..].find("</script>") else { break };
        let body = &rest[body_start..body_start + close];
        if !tag.contains("src=") && !body.trim().is_empty() {
            let digest = Sha256::digest(body.as_bytes());
            out.push(format!("sha256-{}", base64::engine::general_purpose::STANDARD.encode(digest)));
        }
        rest = &rest[body_start + close..];
    }
    out
}

/// Everything no API route took: an app's asset, else a client route (its `index.html`), else
/// the API's 404/405.
pub async fn serve(req: HttpRequest, spa: web::Data<Spa>, routes: web::Data<RouteIndex>) -> HttpResponse {
    let path = req.path();
    if !matches!(*req.method(), Method::GET | Method::HEAD) || path == "/api" || path.starts_with("/api/") {
        return not_found(req, routes).await;
    }
    let (app, rest) = spa.route(path);
    if let Some(name) = asset_name(rest) {
        let accept = req.headers().get(header::ACCEPT_ENCODING).and_then(|v| v.to_str().ok()).unwrap_or("");
        if let Some(response) = asset(&app.dir, name, accept).await {
            return response;
        }
    }
    match &app.index_html {
        Some(html) => HttpResponse::Ok()
            .content_type("text/html; charset=utf-8")
            .insert_header((header::CACHE_CONTROL, "no-cache"))
            .body(html.clone()),
        None => not_found(req, routes).await,
    }
}

/// A file name directly in an app's folder (Trunk writes no subfolders): one segment with an
/// extension, no hidden files, no way out of the folder.
fn asset_name(rest: &str) -> Option<&str> {
    let ok = !rest.is_empty()
        && !rest.starts_with('.')
        && rest.contains('.')
        && rest.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b))
        && rest != "index.html";
    ok.then_some(rest)
}

/// The encodings to try, best first, for an `Accept-Encoding` header: `br`, then `gzip`, each
/// only when accepted (a `q=0` refuses), then the file as built.
fn encodings(accept: &str) -> Vec<Encoding> {
    let accepted = |name: &str| {
        accept.split(',').any(|item| {
            let mut parts = item.split(';').map(str::trim);
            let coding = parts.next().unwrap_or_default();
            let refused = parts
                .any(|p| p.strip_prefix("q=").and_then(|q| q.trim().parse::<f32>().ok()).is_some_and(|q| q <= 0.0));
            (coding.eq_ignore_ascii_case(name) || coding == "*") && !refused
        })
    };
    let mut out = Vec::with_capacity(3);
    if accepted("br") {
        out.push(Encoding::Brotli);
    }
    if accepted("gzip") {
        out.push(Encoding::Gzip);
    }
    out.push(Encoding::Identity);
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Encoding {
    Brotli,
    Gzip,
    Identity,
}

impl Encoding {
    const fn suffix(self) -> &'static str {
        match self {
            Self::Brotli => ".br",
            Self::Gzip => ".gz",
            Self::Identity => "",
        }
    }

    const fn header(self) -> Option<&'static str> {
        match self {
            Self::Brotli => Some("br"),
            Self::Gzip => Some("gzip"),
            Self::Identity => None,
        }
    }
}

/// Trunk's hashed names: `portico-portal-0123456789abcdef.wasm`, `style-….css`, `…_bg.wasm`.
fn is_hashed(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or_default();
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-').is_some_and(|(_, hash)| hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// The file `name` of `dir`, in the best encoding on disk the client accepts; `None` when the
/// file is not there.
async fn asset(dir: &Path, name: &str, accept: &str) -> Option<HttpResponse> {
    let original = dir.join(name);
    if !tokio::fs::metadata(&original).await.is_ok_and(|m| m.is_file()) {
        return None;
    }
    let ext = name.rsplit_once('.').map(|(_, e)| e).unwrap_or_default();
    let content_type = match ext {
        "wasm" => "application/wasm".to_owned(),
        "js" | "mjs" => "text/javascript; charset=utf-8".to_owned(),
        "css" => "text/css; charset=utf-8".to_owned(),
        _ => actix_files::file_extension_to_mime(ext).to_string(),
    };
    for encoding in encodings(accept) {
        let mut file = original.clone().into_os_string();
        file.push(encoding.suffix());
        let Ok(body) = tokio::fs::read(&file).await else { continue };
        let mut response = HttpResponse::build(StatusCode::OK);
        response
            .insert_header((header::CONTENT_TYPE, content_type.clone()))
            .insert_header((header::VARY, HeaderValue::from_static("Accept-Encoding")))
            .insert_header((header::CACHE_CONTROL, if is_hashed(name) { IMMUTABLE } else { "no-cache" }));
        if let Some(coding) = encoding.header() {
            response.insert_header((header::CONTENT_ENCODING, coding));
        }
        return Some(response.body(body));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_scripts_are_hashed_external_ones_are_not() {
        let html = r#"<script src="/a.js"></script><script type="module">init()</script>"#;
        let hashes = inline_script_hashes(html);
        assert_eq!(hashes.len(), 1);
        assert!(hashes[0].starts_with("sha256-"));
    }

    #[test]
    fn brotli_then_gzip_then_identity() {
        use Encoding::{Brotli, Gzip, Identity};
        assert_eq!(encodings("gzip, deflate, br, zstd"), [Brotli, Gzip, Identity]);
        assert_eq!(encodings("gzip"), [Gzip, Identity]);
        assert_eq!(encodings("br;q=1.0, gzip;q=0.5"), [Brotli, Gzip, Identity]);
        assert_eq!(encodings("br;q=0, gzip"), [Gzip, Identity]);
        assert_eq!(encodings("*"), [Brotli, Gzip, Identity]);
        assert_eq!(encodings(""), [Identity]);
        assert_eq!(encodings("identity"), [Identity]);
    }

    #[test]
    fn staff_addresses_belong_to_the_staff_app() {
        let spa = Spa::load(Path::new("/nonexistent"));
        assert!(!spa.is_built());
        let app = |path: &str| {
            let (app, rest) = spa.route(path);
            (app.dir.ends_with("staff"), rest.to_owned())
        };
        assert_eq!(app("/staff"), (true, String::new()));
        assert_eq!(app("/staff/"), (true, String::new()));
        assert_eq!(app("/staff/patients/1"), (true, "patients/1".to_owned()));
        assert_eq!(app("/staff/portico-staff-0123456789abcdef.js"), (true, "portico-staff-0123456789abcdef.js".into()));
        assert_eq!(app("/staffing"), (false, "staffing".to_owned()));
        assert_eq!(app("/portal/sign-in"), (false, "portal/sign-in".to_owned()));
        assert_eq!(app("/"), (false, String::new()));
    }

    #[test]
    fn only_plain_file_names_are_assets() {
        assert_eq!(
            asset_name("portico-portal-0123456789abcdef_bg.wasm"),
            Some("portico-portal-0123456789abcdef_bg.wasm")
        );
        assert_eq!(asset_name("style-0123456789abcdef.css"), Some("style-0123456789abcdef.css"));
        assert_eq!(asset_name("portal/sign-in"), None);
        assert_eq!(asset_name("../staff/index.html"), None);
        assert_eq!(asset_name(".env"), None);
        assert_eq!(asset_name("index.html"), None);
        assert_eq!(asset_name(""), None);
    }

    #[test]
    fn hashed_names_are_recognised() {
        assert!(is_hashed("portico-portal-0123456789abcdef_bg.wasm"));
        assert!(is_hashed("portico-staff-0123456789abcdef.js"));
        assert!(is_hashed("style-0123456789abcdef.css"));
        assert!(!is_hashed("favicon.ico"));
        assert!(!is_hashed("robots-txt.txt"));
    }

    #[test]
    fn the_csp_allows_both_apps_bootstraps() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
        for (app, script) in [("portal", "initPortal()"), ("staff", "initStaff()")] {
            std::fs::create_dir_all(dir.path().join(app)).unwrap_or_else(|e| panic!("{e}"));
            std::fs::write(
                dir.path().join(app).join("index.html"),
                format!("<script type=\"module\">{script}</script>"),
            )
            .unwrap_or_else(|e| panic!("{e}"));
        }
        let spa = Spa::load(dir.path());
        let csp = spa.content_security_policy(&[]);
        assert_eq!(csp.matches("'sha256-").count(), 2, "{csp}");
        assert!(!csp.contains("unsafe-inline") && csp.contains("img-src 'self' data:;"), "{csp}");
        let csp = spa.content_security_policy(&["https://cdn.example.com".to_owned()]);
        assert!(csp.contains("img-src 'self' data: https://cdn.example.com;"), "{csp}");
    }
}
