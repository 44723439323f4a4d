//! Thin handlers for My Files: a portal account's uploads under `/api/v1/portal/patients/{patient_id}`,
//! the patient's files for staff under `/api/v1/staff/patients/{id}`. Downloads are answered by
//! [`download`], which message attachments use too.
use actix_web::http::header::{self, ContentDisposition, DispositionParam, DispositionType, ExtendedValue};
use actix_web::{HttpResponse, get, post, web};
use futures_util::TryStreamExt as _;
use portico_types::Page;
use portico_types::files::StoredFile;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use super::service::{self, Download};
use super::upload;
use crate::error::ApiResult;
use crate::platform::auth::Staff;
use crate::platform::http::ApiQuery;
use crate::platform::pagination::PageQuery;
use crate::platform::portal::{Grant, areas};
use crate::state::AppState;

pub fn staff_routes(cfg: &mut ServiceConfig) {
    cfg.service(staff_list).service(staff_download);
}

pub fn portal_routes(cfg: &mut ServiceConfig) {
    cfg.service(portal_list).service(portal_upload).service(portal_download);
}

/// A file's bytes in a `multipart/form-data` part (documentation only).
pub struct FilePart;

impl utoipa::PartialSchema for FilePart {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, SchemaFormat, Type};
        ObjectBuilder::new()
            .schema_type(Type::String)
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::Binary)))
            .description(Some("A file's bytes"))
            .into()
    }
}

impl utoipa::ToSchema for FilePart {}

/// My Files' upload: `multipart/form-data` (documentation only).
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
struct FilesForm {
    /// 1–5 files, 10 MB each: PDF, PNG, JPEG, HEIC, GIF, WebP or plain text (decided from the content).
    file: Vec<FilePart>,
}

/// A stored file as a download: the type decided at upload, always an attachment (never shown
/// inline, so nothing uploaded runs as a page of this site), `nosniff`, never cached.
pub fn download(d: Download) -> HttpResponse {
    let content_type = if d.file.content_type == "text/plain" {
        "text/plain; charset=utf-8".to_owned()
    } else {
        d.file.content_type.clone()
    };
    let ascii: String = d.file.name.chars().map(|c| if c.is_ascii_graphic() || c == ' ' { c } else { '_' }).collect();
    let disposition = ContentDisposition {
        disposition: DispositionType::Attachment,
        parameters: vec![
            DispositionParam::Filename(ascii),
            DispositionParam::FilenameExt(ExtendedValue {
                charset: header::Charset::Ext("UTF-8".into()),
                language_tag: None,
                value: d.file.name.clone().into_bytes(),
            }),
        ],
    };
    HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, content_type))
        .insert_header(disposition)
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .insert_header(("Content-Security-Policy", "default-src 'none'; sandbox"))
        .insert_header(("Repr-Digest", repr_digest(&d.file.sha256)))
        .no_chunking(u64::try_from(d.file.size_bytes).unwrap_or(0))
        .streaming(d.bytes.map_err(|e| {
            tracing::error!(error = %e, "a stored file could not be read");
            actix_web::error::ErrorInternalServerError("file unreadable")
        }))
}

/// RFC 9530 `Repr-Digest` from the stored hex SHA-256, so a client can check what it received.
fn repr_digest(hex_sha256: &str) -> String {
    use base64::Engine as _;
    let raw = hex::decode(hex_sha256).unwrap_or_default();
    format!("sha-256=:{}:", base64::engine::general_purpose::STANDARD.encode(raw))
}

/// The files this account sent for the patient (My Files), newest first.
///
/// Portal access token with a grant for `patient_id` (every role may use My Files and sees only their own
/// uploads, §5). Audited.
#[utoipa::path(operation_id = "list_my_files",
    tag = "portal-files", security(("portal_token" = [])), params(("patient_id" = Uuid, Path), PageQuery),
    responses(
    (status = 200, body = Page<StoredFile>),
    (status = 401, response = crate::openapi::Unauthorized),
    (status = 404, response = crate::openapi::NotFound),
    (status = 422, response = crate::openapi::Unprocessable),
))]
#[get("/patients/{patient_id}/files")]
async fn portal_list(
    state: web::Data<AppState>,
    grant: Grant<areas::MyFiles>,
    q: ApiQuery<PageQuery>,
) -> ApiResult<web::Json<Page<StoredFile>>> {
    Ok(web::Json(service::portal_list(&state, &grant, q.0.cursor.as_deref(), q.0.limit).await?))
}

/// Send files into the patient's chart (My Files).
///
/// Portal access token with a grant for `patient_id`. `multipart/form-data` with 1–5 `file` parts, each at most
/// 10 MB (413 naming `file[i]` as soon as one passes it; nothing is kept). The type is decided from the
/// content — PDF, PNG, JPEG, HEIC, GIF, WebP or plain text — never from the name or the part's
/// `Content-Type` (415 naming `file[i]` otherwise). 422 for a 6th file or an empty one. The practice's staff
/// see the files on the patient's chart with who sent them. Audited.
#[utoipa::path(operation_id = "upload_my_files",
    tag = "portal-files", security(("portal_token" = [])), params(("patient_id" = Uuid, Path)),
    request_body(content = FilesForm, content_type = "multipart/form-data"),
    responses(
    (status = 201, body = Vec<StoredFile>),
    (status = 401, response = crate::openapi::Unauthorized),
    (status = 404, response = crate::openapi::NotFound),
    (status = 413, response = crate::openapi::FileTooLarge),
    (status = 415, response = crate::openapi::FileTypeNotAllowed),
    (status = 422, response = crate::openapi::Unprocessable),
))]
#[post("/patients/{patient_id}/files")]
async fn portal_upload(
    state: web::Data<AppState>,
    grant: Grant<areas::MyFiles>,
    req: actix_web::HttpRequest,
    payload: web::Payload,
) -> ApiResult<HttpResponse> {
    let form = upload::read(&state.files, grant.principal.practice_id, req.headers(), payload, &[]).await?;
    let files = upload::settle(&state.files, Some(&form), service::portal_upload(&state, &grant, &form).await).await?;
    Ok(HttpResponse::Created().json(files))
}

/// Download one of this account's own uploads.
///
/// Portal access token with a grant for `patient_id`; 404 for any file this account did not upload for the
/// patient. The bytes as uploaded, with the type decided at upload, as an attachment. Audited.
#[utoipa::path(operation_id = "download_my_file",
    tag = "portal-files", security(("portal_token" = [])),
    params(("patient_id" = Uuid, Path), ("file_id" = Uuid, Path)), responses(
    (status = 200, response = crate::openapi::FileDownload),
    (status = 401, response = crate::openapi::Unauthorized),
    (status = 404, response = crate::openapi::NotFound),
))]
#[get("/patients/{patient_id}/files/{file_id}")]
async fn portal_download(
    state: web::Data<AppState>,
    grant: Grant<areas::MyFiles>,
    path: web::Path<(Uuid, Uuid)>,
) -> ApiResult<HttpResponse> {
    Ok(download(service::portal_download(&state, &grant, path.1).await?))
}

/// The patient's files: My Files uploads and message attachments, newest first.
///
/// Any staff user. Each file says who sent it (`uploaded_by`, `uploaded_by_name`) and where from (`source`,
/// with the thread of an attachment). 404 for another practice's patient. Audited.
#[utoipa::path(operation_id = "list_patient_files",
    tag = "files", security(("staff_token" = [])), params(("id" = Uuid, Path), PageQuery), responses(
    (status = 200, body = Page<StoredFile>),
    (status = 401, response = crate::openapi::Unauthorized),
    (status = 404, response = crate::openapi::NotFound),
    (status = 422, response = crate::openapi::Unprocessable),
))]
#[get("/patients/{id}/files")]
async fn staff_list(
    state: web::Data<AppState>,
    staff: Staff,
    id: web::Path<Uuid>,
    q: ApiQuery<PageQuery>,
) -> ApiResult<web::Json<Page<StoredFile>>> {
    let page = service::staff_list(&state, &staff, id.into_inner(), q.0.cursor.as_deref(), q.0.limit).await?;
    Ok(web::Json(page))
}

/// Download a file a portal account sent from My Files.
///
/// Any staff user of the patient's practice (404 otherwise). As an attachment, with the type decided at
/// upload. Audited. Message attachments download from `/staff/attachments/{attachment_id}`.
#[utoipa::path(operation_id = "download_patient_file",
    tag = "files", security(("staff_token" = [])), params(("id" = Uuid, Path), ("file_id" = Uuid, Path)),
    responses(
    (status = 200, response = crate::openapi::FileDownload),
    (status = 401, response = crate::openapi::Unauthorized),
    (status = 404, response = crate::openapi::NotFound),
))]
#[get("/patients/{id}/files/{file_id}")]
async fn staff_download(
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<(Uuid, Uuid)>,
) -> ApiResult<HttpResponse> {
    let (patient, file) = path.into_inner();
    Ok(download(service::staff_download(&state, &staff, patient, file).await?))
}
