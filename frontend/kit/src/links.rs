//! Reading the addresses people arrive with: tokens in URL fragments (`/register#t=…`), the
//! practice a portal sign-in is for, and where to continue after signing in.

/// The value of `key` in a URL fragment such as `#t=abc` or `#a=1&t=abc`. Fragments never reach
/// the server (INV-4), which is why invitation and reset links carry their tokens there.
pub fn fragment_param(hash: &str, key: &str) -> Option<String> {
    hash.trim_start_matches('#')
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(k, _)| *k == key)
        .map(|(_, v)| v.trim().to_owned())
        .filter(|v| !v.is_empty())
}

/// The token of an invitation or password-reset link (`#t=…`).
pub fn fragment_token(hash: &str) -> Option<String> {
    fragment_param(hash, "t")
}

/// A practice's code (its slug) from what a person typed: the code itself, or a whole portal
/// address with `?practice=…` pasted from an email. `None` when it cannot be a code.
pub fn practice_code(typed: &str) -> Option<String> {
    let typed = typed.trim();
    let code = match typed.split_once("practice=") {
        Some((_, rest)) => rest.split(['&', '#']).next().unwrap_or_default(),
        None => typed,
    };
    let code = code.trim().trim_matches('/').to_ascii_lowercase();
    let valid = !code.is_empty()
        && code.len() <= 63
        && code.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    valid.then_some(code)
}

/// Where to continue after a portal sign-in: only a page of this app's portal (no open
/// redirect), and never back to a sign-in or password page.
pub fn portal_next(next: Option<String>) -> String {
    next.filter(|n| {
        (n == "/portal" || n.starts_with("/portal?") || n.starts_with("/portal/"))
            && !n.starts_with("/portal/sign-in")
            && !n.starts_with("/portal/forgot-password")
            && !n.starts_with("/portal/reset-password")
    })
    .unwrap_or_else(|| "/portal".to_owned())
}

/// A path the server suggests for signing in (`sign_in_path` on an accepted invitation): only a
/// path on this site.
pub fn local_path(path: Option<&str>) -> String {
    path.filter(|p| p.starts_with('/') && !p.starts_with("//") && !p.contains('\\'))
        .map(str::to_owned)
        .unwrap_or_else(|| "/portal/sign-in".to_owned())
}

/// Where [`use_link_token`] keeps an invitation link's token, and a password-reset link's.
pub const REGISTER_LINK: &str = "portico.register.link";
pub const RESET_LINK: &str = "portico.reset.link";

/// The token a link opened this page with (`#t=…`), then gone from the address bar and the
/// history (issue 9, item 16): a token left there is read off a shared screen, synced to other
/// devices and found in the history of a shared computer. It stays in this tab's session storage
/// under `key`, so a reload still works, and leaves when the tab closes. A new link opened in the
/// same tab replaces it.
pub fn use_link_token(key: &'static str) -> leptos::prelude::ReadSignal<Option<String>> {
    use leptos::prelude::*;
    let read = move || {
        let storage = window().session_storage().ok().flatten();
        match fragment_token(&location().hash().unwrap_or_default()) {
            Some(token) => {
                if let Some(storage) = &storage {
                    let _ = storage.set_item(key, &token);
                }
                let here = location();
                let clean = format!("{}{}", here.pathname().unwrap_or_default(), here.search().unwrap_or_default());
                if let Ok(history) = window().history() {
                    let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&clean));
                }
                Some(token)
            }
            None => storage.and_then(|s| s.get_item(key).ok().flatten()),
        }
    };
    let (token, set_token) = signal(read());
    let listener = window_event_listener(leptos::ev::hashchange, move |_| {
        if let Some(fresh) = read() {
            set_token.set(Some(fresh));
        }
    });
    on_cleanup(move || listener.remove());
    token
}

/// Forgets a link token once it has done its work (the registration finished, the password set).
pub fn forget_link_token(key: &str) {
    if let Some(storage) = leptos::prelude::window().session_storage().ok().flatten() {
        let _ = storage.remove_item(key);
    }
}

/// The `http://` and `https://` addresses in `body` that lead to this site (`origin`, e.g.
/// `http://127.0.0.1:8080`), in order and without repeats: the delivery log offers them as links
/// so a demo user can open an invitation from the filed message. Trailing punctuation that ends
/// a sentence is not part of an address.
pub fn same_origin_links(body: &str, origin: &str) -> Vec<String> {
    let origin = origin.trim_end_matches('/');
    let mut found: Vec<String> = Vec::new();
    let mut rest = body;
    while let Some(at) = ["http://", "https://"].iter().filter_map(|scheme| rest.find(scheme)).min() {
        let tail = &rest[at..];
        let end = tail.find(|c: char| c.is_whitespace() || "<>\"'`".contains(c)).unwrap_or(tail.len());
        let url = tail[..end].trim_end_matches(['.', ',', ';', ':', '!', '?', ')', ']']);
        let ours = !origin.is_empty()
            && url.strip_prefix(origin).is_some_and(|after| after.is_empty() || after.starts_with(['/', '?', '#']));
        if ours && !found.iter().any(|f| f == url) {
            found.push(url.to_owned());
        }
        rest = &tail[end.max(1)..];
    }
    found
}

const PRACTICE_KEY: &str = "portico.portal.practice";

/// The practice code used for the last portal sign-in on this browser. A code is not a secret,
/// so it may live in localStorage (tokens never do).
pub fn remembered_practice() -> Option<String> {
    let storage = leptos::prelude::window().local_storage().ok().flatten()?;
    storage.get_item(PRACTICE_KEY).ok().flatten().and_then(|c| practice_code(&c))
}

pub fn remember_practice(code: &str) {
    if let Some(storage) = leptos::prelude::window().local_storage().ok().flatten() {
        let _ = storage.set_item(PRACTICE_KEY, code);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_come_from_the_fragment() {
        assert_eq!(fragment_token("#t=abc_DEF-123").as_deref(), Some("abc_DEF-123"));
        assert_eq!(fragment_token("t=abc").as_deref(), Some("abc"));
        assert_eq!(fragment_token("#x=1&t=abc").as_deref(), Some("abc"));
        assert_eq!(fragment_token("#t="), None);
        assert_eq!(fragment_token("#"), None);
        assert_eq!(fragment_token(""), None);
        assert_eq!(fragment_token("#token=abc"), None);
    }

    #[test]
    fn practice_codes_are_read_from_codes_or_links() {
        assert_eq!(practice_code(" Riverside-PT ").as_deref(), Some("riverside-pt"));
        assert_eq!(
            practice_code("https://portico.example/portal/sign-in?practice=riverside-pt&x=1").as_deref(),
            Some("riverside-pt")
        );
        assert_eq!(practice_code(""), None);
        assert_eq!(practice_code("river side"), None);
        assert_eq!(practice_code("<script>"), None);
    }

    #[test]
    fn sign_in_continues_only_inside_the_portal() {
        assert_eq!(portal_next(Some("/portal/my-information?patient=1".into())), "/portal/my-information?patient=1");
        assert_eq!(portal_next(Some("/portal?patient=1".into())), "/portal?patient=1");
        assert_eq!(portal_next(Some("https://evil.example/portal".into())), "/portal");
        assert_eq!(portal_next(Some("/portalevil".into())), "/portal");
        assert_eq!(portal_next(Some("/portal/sign-in".into())), "/portal");
        assert_eq!(portal_next(Some("/staff".into())), "/portal");
        assert_eq!(portal_next(None), "/portal");
    }

    #[test]
    fn only_links_to_this_site_are_offered() {
        let origin = "http://127.0.0.1:8094";
        let body = "Register: http://127.0.0.1:8094/register#t=abc_DEF-1.\n\
                    Again (http://127.0.0.1:8094/register#t=abc_DEF-1), or https://evil.example/x \
                    or http://127.0.0.1:80945/not-ours or http://127.0.0.1:8094.evil.example/x. \
                    Sign in at http://127.0.0.1:8094/portal/sign-in?practice=riverside-pt!";
        assert_eq!(
            same_origin_links(body, origin),
            [
                "http://127.0.0.1:8094/register#t=abc_DEF-1",
                "http://127.0.0.1:8094/portal/sign-in?practice=riverside-pt"
            ]
        );
        assert_eq!(
            same_origin_links("see https://portal.example", "https://portal.example/"),
            ["https://portal.example"]
        );
        assert!(same_origin_links("no links here", origin).is_empty());
        assert!(same_origin_links("http://127.0.0.1:8094/x", "").is_empty());
        assert!(same_origin_links("http://", origin).is_empty());
    }

    #[test]
    fn suggested_sign_in_paths_stay_on_this_site() {
        assert_eq!(local_path(Some("/portal/sign-in?practice=riverside-pt")), "/portal/sign-in?practice=riverside-pt");
        assert_eq!(local_path(Some("//evil.example")), "/portal/sign-in");
        assert_eq!(local_path(Some("https://evil.example")), "/portal/sign-in");
        assert_eq!(local_path(None), "/portal/sign-in");
    }
}

/// `base`, with `?a=1&b=2` when there are query pairs (already encoded).
pub fn with_query(base: &str, query: &[String]) -> String {
    if query.is_empty() { base.to_owned() } else { format!("{base}?{}", query.join("&")) }
}
