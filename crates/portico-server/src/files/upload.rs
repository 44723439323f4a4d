//! Reading uploads (SEC-4): `multipart/form-data` read part by part with the caps enforced while
//! the bytes arrive — 10 MB a file, 5 files, 64 KB a text part — each file's type decided from its
//! content, then stored under a generated name. Whatever fails, every object this request stored
//! is removed again, so a refused upload leaves nothing behind.
use actix_multipart::{Field, Multipart};
use actix_web::http::header::{self, HeaderMap};
use actix_web::{FromRequest, HttpRequest, web};
use bytes::{Bytes, BytesMut};
use futures_util::StreamExt as _;
use portico_types::files::{FILE_MAX_BYTES, FILES_PER_UPLOAD};
use serde::de::DeserializeOwned;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::error::{FileError, Result, TOO_MANY};
use super::model::{self, Kind};
use crate::error::{ApiError, FieldErrors};
use crate::platform::http::ApiJson;
use crate::platform::storage::FileStore;

/// A text part's bound: a message body is at most 10,000 characters.
const TEXT_MAX_BYTES: usize = 64 * 1024;
/// Past this many bytes in one request nothing more is read: five full files and the text.
const REQUEST_MAX_BYTES: u64 = FILES_PER_UPLOAD as u64 * FILE_MAX_BYTES + 1024 * 1024;

/// Time to read a whole upload: five full files at about 200 KB a second.
const READ_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(300);

/// A file read from the request and already in the store.
#[derive(Debug, Clone)]
pub struct Upload {
    pub key: String,
    pub name: String,
    pub kind: Kind,
    pub size: u64,
    pub sha256: String,
}

/// A multipart form: its text parts and its files.
#[derive(Debug, Default)]
pub struct Form {
    texts: Vec<(String, String)>,
    pub files: Vec<Upload>,
}

impl Form {
    /// The first text part called `name`.
    pub fn text(&self, name: &str) -> Option<&str> {
        self.texts.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    /// Every text part called `name`, in order (repeated parts make a list).
    pub fn texts<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.texts.iter().filter(move |(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    fn keys(&self) -> Vec<String> {
        self.files.iter().map(|f| f.key.clone()).collect()
    }
}

/// A body that may come as JSON or as a multipart form with files.
pub enum Body<T> {
    Json(T),
    Form(Form),
}

fn is_multipart(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim_start().to_ascii_lowercase().starts_with("multipart/form-data"))
}

/// JSON (read like every other JSON body) or `multipart/form-data` taking the text parts
/// `text_fields` and `file` parts.
pub async fn json_or_form<T: DeserializeOwned + 'static>(
    store: &FileStore,
    practice_id: Uuid,
    req: &HttpRequest,
    payload: web::Payload,
    text_fields: &[&str],
) -> actix_web::Result<Body<T>> {
    if is_multipart(req.headers()) {
        let form = read(store, practice_id, req.headers(), payload, text_fields).await.map_err(ApiError::from)?;
        return Ok(Body::Form(form));
    }
    let ApiJson(value) = ApiJson::<T>::from_request(req, &mut payload.into_inner()).await?;
    Ok(Body::Json(value))
}

/// Reads a multipart form, storing each accepted file as it completes.
pub async fn read(
    store: &FileStore,
    practice_id: Uuid,
    headers: &HeaderMap,
    payload: web::Payload,
    text_fields: &[&str],
) -> Result<Form> {
    if !is_multipart(headers) {
        return Err(FileError::NotMultipart);
    }
    // Each upload in flight holds up to one file in memory: a bounded number at once.
    let Some(_permit) = store.try_begin_upload() else {
        return Err(ApiError::Unavailable("Many files are being sent right now. Try again in a moment.").into());
    };
    let mut form = Form::default();
    let reading = read_into(&mut form, store, practice_id, headers, payload, text_fields);
    // A client trickling bytes would hold its place for ever.
    let read = tokio::time::timeout(READ_TIMEOUT, reading).await.unwrap_or_else(|_| {
        Err(FileError::Invalid(FieldErrors::one(
            "file",
            "The upload took too long and was stopped. Check your connection and try again.",
        )))
    });
    match read {
        Ok(()) => Ok(form),
        Err(e) => {
            store.delete_all(&form.keys()).await;
            Err(e)
        }
    }
}

/// `result` of the use case a form's files were stored for; when it failed, the files go again,
/// so a refused request keeps nothing.
pub async fn settle<T, E>(
    store: &FileStore,
    form: Option<&Form>,
    result: std::result::Result<T, E>,
) -> std::result::Result<T, E> {
    if result.is_err()
        && let Some(form) = form
    {
        store.delete_all(&form.keys()).await;
    }
    result
}

enum Read {
    Whole(Bytes),
    /// Longer than allowed; the rest of the part was skipped.
    Over,
}

/// Reads one part up to `cap` bytes, skipping the rest of it beyond that. Every byte counts
/// toward the request's bound, past which reading stops altogether.
async fn read_part(field: &mut Field, cap: u64, total: &mut u64, index: usize) -> Result<Read> {
    let mut buf = BytesMut::new();
    let mut over = false;
    while let Some(chunk) = field.next().await {
        let chunk = chunk.map_err(malformed)?;
        *total += chunk.len() as u64;
        if *total > REQUEST_MAX_BYTES {
            return Err(FileError::TooLarge { index });
        }
        if over {
            continue;
        }
        if buf.len() as u64 + chunk.len() as u64 > cap {
            over = true;
            buf = BytesMut::new();
            continue;
        }
        buf.extend_from_slice(&chunk);
    }
    Ok(if over { Read::Over } else { Read::Whole(buf.freeze()) })
}

fn malformed(e: impl std::fmt::Display) -> FileError {
    tracing::debug!(error = %e, "unreadable multipart body");
    FileError::Invalid(FieldErrors::one(
        "body",
        "The upload could not be read. Send it as multipart/form-data with a `file` part for each file.",
    ))
}

async fn read_into(
    form: &mut Form,
    store: &FileStore,
    practice_id: Uuid,
    headers: &HeaderMap,
    payload: web::Payload,
    text_fields: &[&str],
) -> Result<()> {
    let mut parts = Multipart::new(headers, payload);
    let mut total = 0u64;
    let mut files_seen = 0usize;
    // The first problem is kept and the rest of the request read and skipped, so the client
    // gets the answer rather than a connection closed mid-upload.
    let mut failure: Option<FileError> = None;
    let mut errors = FieldErrors::new();
    while let Some(field) = parts.next().await {
        let mut field = field.map_err(malformed)?;
        let name = field.name().unwrap_or_default().to_owned();
        let client_name = field.content_disposition().and_then(|cd| cd.get_filename()).map(str::to_owned);
        if name == "file" {
            let index = files_seen;
            files_seen += 1;
            let read = read_part(&mut field, FILE_MAX_BYTES, &mut total, index).await?;
            if failure.is_some() || !errors.is_empty() {
                continue;
            }
            if index >= FILES_PER_UPLOAD {
                errors.add("file", TOO_MANY);
                continue;
            }
            let bytes = match read {
                Read::Over => {
                    failure = Some(FileError::TooLarge { index });
                    continue;
                }
                Read::Whole(b) => b,
            };
            // A file input left empty in an HTML form sends a nameless, empty part.
            if bytes.is_empty() && client_name.as_deref().unwrap_or_default().is_empty() {
                files_seen -= 1;
                continue;
            }
            if bytes.is_empty() {
                errors.add(format!("file[{index}]"), "This file is empty. Choose the file again.");
                continue;
            }
            // A part without a file name is a text field, not a file (RFC 7578 §4.2).
            if client_name.is_none() {
                errors.add(format!("file[{index}]"), "Send each `file` part as a file, with its file name.");
                continue;
            }
            let Some(kind) = model::sniff(&bytes) else {
                failure = Some(FileError::NotAllowed { index });
                continue;
            };
            let upload = Upload {
                key: FileStore::new_key(practice_id),
                name: model::safe_name(client_name.as_deref(), kind),
                kind,
                size: bytes.len() as u64,
                sha256: hex::encode(Sha256::digest(&bytes)),
            };
            store.put(&upload.key, bytes).await?;
            form.files.push(upload);
        } else if text_fields.contains(&name.as_str()) {
            match read_part(&mut field, TEXT_MAX_BYTES as u64, &mut total, files_seen).await? {
                Read::Over => errors.add(name, "This is too long. Shorten it and send it again."),
                Read::Whole(b) => match String::from_utf8(b.to_vec()) {
                    Ok(text) => form.texts.push((name, text)),
                    Err(_) => errors.add(name, "This is not readable text. Type it again."),
                },
            }
        } else {
            read_part(&mut field, 0, &mut total, files_seen).await?;
            let shown = if name.is_empty() { "body".to_owned() } else { name.chars().take(40).collect() };
            let expected = text_fields.iter().chain(["file"].iter()).map(|f| format!("`{f}`")).collect::<Vec<_>>();
            errors.add(shown, format!("This form takes only these parts: {}.", expected.join(", ")));
        }
    }
    if let Some(f) = failure {
        return Err(f);
    }
    errors.finish()?;
    Ok(())
}
