use std::future::Future;
use std::pin::Pin;

use futures::future::{FutureExt, Shared};
use gloo_net::http::{Method, RequestBuilder, Response};
use leptos::prelude::*;
use portico_types::auth::TokenResponse;
use portico_types::{ErrorCode, ProblemDetails};
use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::JsCast;
use web_sys::{FormData, RequestCredentials};

/// `Ok` with a new token in the client; `Err` with why not (status 0: no connection).
type RefreshFuture = Shared<Pin<Box<dyn Future<Output = Result<(), ProblemDetails>>>>>;

/// Holds the access token and sends requests with it. `Copy`, so closures can take it freely.
/// Staff and portal accounts are different audiences with different refresh cookies, so each
/// session has its own client (see [`crate::session::Session`]).
#[derive(Clone, Copy)]
pub struct Client {
    token: RwSignal<Option<String>>,
    /// Where the refresh cookie is traded for a new access token.
    refresh_path: &'static str,
    /// The refresh in flight, if any. Refresh tokens rotate and reusing a rotated one revokes the
    /// whole session, so concurrent requests that meet an expired token must share one refresh.
    refreshing: StoredValue<Option<RefreshFuture>, LocalStorage>,
}

/// What the API answers in, unless a call wants something else (a download).
const ACCEPT_JSON: &str = "application/json, application/problem+json";

/// One request, kept as data so it can be sent again after a token refresh.
pub struct Call {
    method: Method,
    path: String,
    body: Option<Body>,
    if_match: Option<String>,
    idempotency_key: Option<String>,
    accept: &'static str,
}

/// A request body. A `FormData` is not consumed by sending it, so a multipart call can be sent
/// again after a refresh just like a JSON one.
enum Body {
    Json(String),
    Multipart(FormData),
}

impl Call {
    fn new(method: Method, path: impl Into<String>) -> Self {
        Self { method, path: path.into(), body: None, if_match: None, idempotency_key: None, accept: ACCEPT_JSON }
    }

    pub fn get(path: impl Into<String>) -> Self {
        Self::new(Method::GET, path)
    }

    pub fn post(path: impl Into<String>) -> Self {
        Self::new(Method::POST, path)
    }

    pub fn put(path: impl Into<String>) -> Self {
        Self::new(Method::PUT, path)
    }

    pub fn patch(path: impl Into<String>) -> Self {
        Self::new(Method::PATCH, path)
    }

    pub fn delete(path: impl Into<String>) -> Self {
        Self::new(Method::DELETE, path)
    }

    pub fn json(self, body: &impl Serialize) -> Self {
        // Serialising our own DTOs cannot fail: they hold only strings, numbers, bools and ids.
        Self { body: Some(Body::Json(serde_json::to_string(body).unwrap_or_default())), ..self }
    }

    /// A `multipart/form-data` body (see [`form_data`]). The browser writes the `Content-Type`
    /// header itself, with the boundary.
    pub fn multipart(self, form: FormData) -> Self {
        Self { body: Some(Body::Multipart(form)), ..self }
    }

    pub fn if_match(self, etag: impl Into<String>) -> Self {
        Self { if_match: Some(etag.into()), ..self }
    }

    /// The `Idempotency-Key` of a request that moves money (see [`super::IdempotencyKey`]).
    pub fn idempotency_key(self, key: impl Into<String>) -> Self {
        Self { idempotency_key: Some(key.into()), ..self }
    }

    fn builder(&self, token: Option<&str>) -> RequestBuilder {
        let mut b = RequestBuilder::new(&self.path)
            .method(self.method.clone())
            .credentials(RequestCredentials::SameOrigin)
            .header("Accept", self.accept);
        if let Some(token) = token {
            b = b.header("Authorization", &format!("Bearer {token}"));
        }
        if let Some(etag) = &self.if_match {
            b = b.header("If-Match", etag);
        }
        if let Some(key) = &self.idempotency_key {
            b = b.header("Idempotency-Key", key);
        }
        b
    }

    async fn send(&self, token: Option<&str>) -> Result<Response, ProblemDetails> {
        let b = self.builder(token);
        let request = match &self.body {
            Some(Body::Json(body)) => b.header("Content-Type", "application/json").body(body.as_str()),
            Some(Body::Multipart(form)) => b.body(form.clone()),
            None => b.build(),
        };
        let sent = match request {
            Ok(req) => req.send().await,
            Err(e) => Err(e),
        };
        sent.map_err(|_| offline_problem())
    }
}

/// A successful response, read and ready to decode.
pub struct Reply {
    pub status: u16,
    pub etag: Option<String>,
    body: String,
}

impl Reply {
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, ProblemDetails> {
        serde_json::from_str(&self.body).map_err(|_| unexpected_problem(200))
    }
}

impl Client {
    /// A client whose refresh cookie is traded at `refresh_path` (`POST`).
    pub fn new(refresh_path: &'static str) -> Self {
        Self { token: RwSignal::new(None), refresh_path, refreshing: StoredValue::new_local(None) }
    }

    /// Whether an access token is held (reactive).
    pub fn has_token(&self) -> bool {
        self.token.with(Option::is_some)
    }

    pub fn set_token(&self, token: TokenResponse) {
        self.token.set(Some(token.access_token));
    }

    pub fn forget_token(&self) {
        self.token.set(None);
    }

    /// Sends `call` with the access token. On a 401 it refreshes once and retries once; when the
    /// refresh fails the token is dropped, which signs the user out (the shell watches it).
    pub async fn send(&self, call: Call) -> Result<Reply, ProblemDetails> {
        read(self.respond(&call).await?).await
    }

    /// The response to `call`, after one refresh and retry on a 401 (see [`Client::send`]).
    async fn respond(&self, call: &Call) -> Result<Response, ProblemDetails> {
        let token = self.token.get_untracked();
        let response = call.send(token.as_deref()).await?;
        if response.status() != 401 || token.is_none() {
            return Ok(response);
        }
        match self.refresh().await {
            Ok(()) => {}
            // Offline: keep the token, say there is no connection rather than "signed out".
            Err(problem) if problem.status == 0 => return Err(problem),
            Err(_) => return Ok(response),
        }
        let response = call.send(self.token.get_untracked().as_deref()).await?;
        if response.status() == 401 {
            self.forget_token();
        }
        Ok(response)
    }

    /// Downloads the file at `path` (a `download_url` from the API) with the access token, like
    /// [`Client::send`], and saves it as `file_name`: the bytes stay in the browser as a `Blob`
    /// (never copied into the app's memory) and are saved through a temporary link.
    pub async fn download(&self, path: impl Into<String>, file_name: &str) -> Result<(), ProblemDetails> {
        let call = Call { accept: "*/*", ..Call::get(path) };
        let response = self.respond(&call).await?;
        if !(200..300).contains(&response.status()) {
            // Every failure is problem+json: `read` turns it into the problem.
            return read(response).await.map(|_| ());
        }
        let raw = web_sys::Response::from(response);
        let blob = match raw.blob() {
            Ok(promise) => wasm_bindgen_futures::JsFuture::from(promise).await,
            Err(e) => Err(e),
        };
        let blob = blob.ok().and_then(|b| b.dyn_into::<web_sys::Blob>().ok()).ok_or_else(offline_problem)?;
        save_blob(&blob, file_name).map_err(|_| {
            problem(
                500,
                ErrorCode::Internal,
                "Could not save the file",
                "Your browser did not save the file. Try again, or try another browser.",
            )
        })
    }

    /// Sends a call that needs no access token (sign-in).
    pub async fn send_anonymous(&self, call: Call) -> Result<Reply, ProblemDetails> {
        read(call.send(None).await?).await
    }

    /// Trades the refresh cookie for a new access token. Refused (no valid session), the token
    /// is dropped; offline, it is kept. Callers arriving while a refresh is in flight wait for it.
    pub async fn refresh(&self) -> Result<(), ProblemDetails> {
        let running = self.refreshing.get_value();
        let shared = match running {
            Some(shared) => shared,
            None => {
                let client = *self;
                let path = self.refresh_path;
                let fut: Pin<Box<dyn Future<Output = Result<(), ProblemDetails>>>> = Box::pin(async move {
                    let token = match Call::post(path).send(None).await {
                        Ok(response) => read(response).await.and_then(|r| r.json::<TokenResponse>()),
                        Err(offline) => Err(offline),
                    };
                    client.refreshing.set_value(None);
                    match token {
                        Ok(token) => {
                            client.set_token(token);
                            Ok(())
                        }
                        Err(offline) if offline.status == 0 => Err(offline),
                        Err(refused) => {
                            client.forget_token();
                            Err(refused)
                        }
                    }
                });
                let shared = fut.shared();
                self.refreshing.set_value(Some(shared.clone()));
                shared
            }
        };
        shared.await
    }
}

/// How long a saved file's object URL lives: long enough for the browser to start saving it.
const OBJECT_URL_LIFETIME: std::time::Duration = std::time::Duration::from_secs(60);

/// Saves `blob` as `file_name`: an object URL, a hidden `<a download>` clicked once, then the URL
/// revoked once the browser has had time to read it.
fn save_blob(blob: &web_sys::Blob, file_name: &str) -> Result<(), wasm_bindgen::JsValue> {
    let url = web_sys::Url::create_object_url_with_blob(blob)?;
    let clicked = click_link(&url, file_name);
    set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        OBJECT_URL_LIFETIME,
    );
    clicked
}

fn click_link(url: &str, file_name: &str) -> Result<(), wasm_bindgen::JsValue> {
    let document = document();
    let link: web_sys::HtmlAnchorElement = document.create_element("a")?.unchecked_into();
    link.set_href(url);
    link.set_download(file_name);
    link.set_hidden(true);
    // Some browsers follow only links that are in the page.
    let body = document.body().ok_or_else(|| wasm_bindgen::JsValue::from_str("no body"))?;
    body.append_child(&link)?;
    link.click();
    link.remove();
    Ok(())
}

/// A `multipart/form-data` body: each `(name, value)` text part, then each file as a `file` part
/// under its own name.
pub fn form_data(text: &[(&str, &str)], files: &[web_sys::File]) -> Result<FormData, ProblemDetails> {
    let unreadable = |_| unexpected_problem(0);
    let form = FormData::new().map_err(unreadable)?;
    for (name, value) in text {
        form.append_with_str(name, value).map_err(unreadable)?;
    }
    for file in files {
        form.append_with_blob_and_filename("file", file, &file.name()).map_err(unreadable)?;
    }
    Ok(form)
}

/// Sends a call with a bearer token that is not this app's access token (the registration
/// token, REG-5): no refresh, no retry.
pub async fn send_with_token(call: Call, token: &str) -> Result<Reply, ProblemDetails> {
    read(call.send(Some(token)).await?).await
}

async fn read(response: Response) -> Result<Reply, ProblemDetails> {
    let status = response.status();
    let etag = response.headers().get("etag");
    let retry_after = response.headers().get("retry-after").and_then(|v| v.trim().parse::<u64>().ok());
    let body = response.text().await.map_err(|_| offline_problem())?;
    if (200..300).contains(&status) {
        return Ok(Reply { status, etag, body });
    }
    // Every API error is problem+json; anything else (a proxy's HTML page) gets a generic one.
    let mut problem = serde_json::from_str::<ProblemDetails>(&body).unwrap_or_else(|_| unexpected_problem(status));
    if problem.retry_after_seconds.is_none() {
        problem.retry_after_seconds = retry_after;
    }
    Err(problem)
}

fn offline_problem() -> ProblemDetails {
    problem(0, ErrorCode::Unavailable, "Can't reach Portico", "Check your connection and try again.")
}

fn unexpected_problem(status: u16) -> ProblemDetails {
    problem(
        status,
        ErrorCode::Internal,
        "Something went wrong",
        "Portico sent an unexpected answer. Try again in a moment.",
    )
}

/// A problem made on this side of the wire (no connection, unreadable answer, a field the form
/// itself rejects), shaped like the server's so pages show it the same way.
pub fn problem(status: u16, code: ErrorCode, title: &str, detail: &str) -> ProblemDetails {
    ProblemDetails {
        type_uri: format!("about:blank#{}", code.as_str()),
        title: title.to_owned(),
        status,
        detail: detail.to_owned(),
        code,
        request_id: None,
        errors: Vec::new(),
        retry_after_seconds: None,
        sign_in_path: None,
        decline_code: None,
    }
}
