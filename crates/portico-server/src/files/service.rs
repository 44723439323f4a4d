//! Files use cases (FILE-1, §5 My Files): recording what an upload stored, listing, and the
//! checks before a download. My Files: every portal role may upload into the patient's chart and
//! sees only their own uploads; staff see every file of the patient with who sent it. Message
//! attachments are recorded here for messaging, which decides who may read them.
use std::collections::HashMap;

use bytes::Bytes;
use chrono::{DateTime, Utc};
use futures_util::stream::BoxStream;
use portico_types::Page;
use portico_types::files::{FileSource, StoredFile};
use portico_types::messaging::Party;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, Order, QueryFilter, QueryOrder, Set};
use serde_json::json;
use uuid::Uuid;

use super::error::{FileError, Result};
use super::upload::{Form, Upload};
use crate::entities::{files, patients};
use crate::platform::audit::{self, Action, Actor, Event};
use crate::platform::auth::Staff;
use crate::platform::pagination::PageRequest;
use crate::platform::portal::{Grant, areas};
use crate::state::AppState;

/// Who is looking: decides `mine` and where download links point (each caller downloads through
/// its own prefix and credentials).
#[derive(Debug, Clone, Copy)]
pub enum Viewer {
    Staff { user: Uuid },
    Portal { account: Uuid, patient: Uuid },
}

impl Viewer {
    fn is(&self, party: Party, id: Uuid) -> bool {
        match *self {
            Self::Staff { user } => party == Party::Staff && id == user,
            Self::Portal { account, .. } => party == Party::Portal && id == account,
        }
    }
}

/// The API's view of a file for `viewer`.
pub fn dto(f: files::Model, viewer: Viewer) -> StoredFile {
    let kind = match f.source {
        FileSource::Message => "attachments",
        FileSource::Upload => "files",
    };
    let download_url = match (viewer, f.source) {
        (Viewer::Staff { .. }, FileSource::Message) => format!("/api/v1/staff/attachments/{}", f.id),
        (Viewer::Staff { .. }, FileSource::Upload) => format!("/api/v1/staff/patients/{}/files/{}", f.patient_id, f.id),
        (Viewer::Portal { patient, .. }, _) => format!("/api/v1/portal/patients/{patient}/{kind}/{}", f.id),
    };
    StoredFile {
        mine: viewer.is(f.uploaded_by_type, f.uploaded_by_id),
        id: f.id,
        name: f.name,
        content_type: f.content_type,
        size_bytes: u64::try_from(f.size_bytes).unwrap_or(0),
        sha256: f.sha256,
        source: f.source,
        thread_id: f.thread_id,
        uploaded_by: f.uploaded_by_type,
        uploaded_by_name: f.uploaded_by_name,
        uploaded_at: f.created_at,
        download_url,
    }
}

/// Who sent the files.
#[derive(Debug, Clone, Copy)]
pub struct Uploader<'a> {
    pub party: Party,
    pub id: Uuid,
    pub name: &'a str,
}

/// Where recorded files belong: the patient's chart, and the message they came with, if any.
#[derive(Debug, Clone, Copy)]
pub struct Owner {
    pub practice_id: Uuid,
    pub patient_id: Uuid,
    /// `(thread, message)` for an attachment.
    pub message: Option<(Uuid, Uuid)>,
}

/// Writes a row for each stored upload, in the caller's transaction.
pub async fn record(
    db: &impl ConnectionTrait,
    owner: Owner,
    uploader: Uploader<'_>,
    uploads: &[Upload],
    now: DateTime<Utc>,
) -> Result<Vec<files::Model>> {
    let mut rows = Vec::with_capacity(uploads.len());
    for u in uploads {
        let row = files::ActiveModel {
            id: Set(Uuid::now_v7()),
            practice_id: Set(owner.practice_id),
            patient_id: Set(owner.patient_id),
            source: Set(if owner.message.is_some() { FileSource::Message } else { FileSource::Upload }),
            thread_id: Set(owner.message.map(|(t, _)| t)),
            message_id: Set(owner.message.map(|(_, m)| m)),
            object_key: Set(u.key.clone()),
            name: Set(u.name.clone()),
            content_type: Set(u.kind.mime().to_owned()),
            size_bytes: Set(i64::try_from(u.size).unwrap_or(i64::MAX)),
            sha256: Set(u.sha256.clone()),
            uploaded_by_type: Set(uploader.party),
            uploaded_by_id: Set(uploader.id),
            uploaded_by_name: Set(uploader.name.to_owned()),
            created_at: Set(now),
        }
        .insert(db)
        .await?;
        rows.push(row);
    }
    Ok(rows)
}

/// The attachments of `message_ids`, per message, in the order they were attached.
pub async fn for_messages(
    db: &impl ConnectionTrait,
    message_ids: Vec<Uuid>,
) -> Result<HashMap<Uuid, Vec<files::Model>>> {
    let mut out: HashMap<Uuid, Vec<files::Model>> = HashMap::new();
    if message_ids.is_empty() {
        return Ok(out);
    }
    let rows = files::Entity::find()
        .filter(files::Column::MessageId.is_in(message_ids))
        .order_by_asc(files::Column::Id)
        .all(db)
        .await?;
    for f in rows {
        if let Some(m) = f.message_id {
            out.entry(m).or_default().push(f);
        }
    }
    Ok(out)
}

/// A file about to be sent: its row and its bytes.
pub struct Download {
    pub file: files::Model,
    pub bytes: BoxStream<'static, object_store::Result<Bytes>>,
}

/// Opens `file` for `actor` and records the download (SEC-4: every download is audited).
pub async fn open(state: &AppState, actor: &Actor, file: files::Model) -> Result<Download> {
    let bytes = state.files.get(&file.object_key).await?;
    let event = Action::FileDownload { file: file.id, patient: file.patient_id };
    audit::record(&state.db, state.now(), actor, event).await?;
    Ok(Download { file, bytes })
}

/// A practice's file by id, for staff (any source).
pub async fn practice_file(db: &impl ConnectionTrait, practice_id: Uuid, id: Uuid) -> Result<files::Model> {
    files::Entity::find_by_id(id)
        .filter(files::Column::PracticeId.eq(practice_id))
        .one(db)
        .await?
        .ok_or(FileError::NotFound)
}

/// Newest first, `query` already filtered.
async fn newest_first(
    db: &impl ConnectionTrait,
    query: sea_orm::Select<files::Entity>,
    cursor: Option<&str>,
    limit: Option<u64>,
    viewer: Viewer,
) -> Result<Page<StoredFile>> {
    let page = PageRequest::<DateTime<Utc>>::parse(cursor, limit)?;
    let (rows, next_cursor) = page
        .fetch(db, query, (files::Column::CreatedAt, files::Column::Id), Order::Desc, |f| (f.created_at, f.id))
        .await?;
    Ok(Page { items: rows.into_iter().map(|f| dto(f, viewer)).collect(), next_cursor })
}

// ---- Portal: My Files -----------------------------------------------------------------------

fn own_uploads(grant: &Grant<areas::MyFiles>) -> sea_orm::Select<files::Entity> {
    files::Entity::find()
        .filter(files::Column::PracticeId.eq(grant.principal.practice_id))
        .filter(files::Column::PatientId.eq(grant.patient_id))
        .filter(files::Column::Source.eq(FileSource::Upload))
        .filter(files::Column::UploadedByType.eq(Party::Portal))
        .filter(files::Column::UploadedById.eq(grant.principal.account_id))
}

fn portal_viewer(grant: &Grant<areas::MyFiles>) -> Viewer {
    Viewer::Portal { account: grant.principal.account_id, patient: grant.patient_id }
}

/// What this account uploaded for the patient (§5: "see own uploads").
pub async fn portal_list(
    state: &AppState,
    grant: &Grant<areas::MyFiles>,
    cursor: Option<&str>,
    limit: Option<u64>,
) -> Result<Page<StoredFile>> {
    let page = newest_first(&state.db, own_uploads(grant), cursor, limit, portal_viewer(grant)).await?;
    audit::record(&state.db, state.now(), &grant.actor(), Action::FileList { patient: grant.patient_id }).await?;
    Ok(page)
}

/// Files sent into the patient's chart from My Files; the form's files are already stored.
pub async fn portal_upload(state: &AppState, grant: &Grant<areas::MyFiles>, form: &Form) -> Result<Vec<StoredFile>> {
    if form.files.is_empty() {
        return Err(crate::error::invalid("file", "Choose a file to send first."));
    }
    let now = state.now();
    let txn = crate::platform::db::begin(&state.db).await?;
    let name = grant.holder_name(&txn).await?;
    let owner = Owner { practice_id: grant.principal.practice_id, patient_id: grant.patient_id, message: None };
    let uploader = Uploader { party: Party::Portal, id: grant.principal.account_id, name: &name };
    let rows = record(&txn, owner, uploader, &form.files, now).await?;
    let actor = grant.actor();
    for f in &rows {
        let event = Event::new(Action::FileUpload { file: f.id, patient: f.patient_id })
            .details(json!({ "content_type": f.content_type, "size_bytes": f.size_bytes }));
        audit::record(&txn, now, &actor, event).await?;
    }
    txn.commit().await?;
    let viewer = portal_viewer(grant);
    Ok(rows.into_iter().map(|f| dto(f, viewer)).collect())
}

/// One of this account's own uploads; anything else is 404.
pub async fn portal_download(state: &AppState, grant: &Grant<areas::MyFiles>, id: Uuid) -> Result<Download> {
    let file = own_uploads(grant).filter(files::Column::Id.eq(id)).one(&state.db).await?.ok_or(FileError::NotFound)?;
    open(state, &grant.actor(), file).await
}

// ---- Staff ----------------------------------------------------------------------------------

async fn practice_patient(db: &impl ConnectionTrait, practice_id: Uuid, patient_id: Uuid) -> Result<()> {
    patients::Entity::find_by_id(patient_id)
        .filter(patients::Column::PracticeId.eq(practice_id))
        .one(db)
        .await?
        .map(|_| ())
        .ok_or(FileError::PatientNotFound)
}

/// Every file of the patient — My Files uploads and message attachments — with who sent it.
pub async fn staff_list(
    state: &AppState,
    staff: &Staff,
    patient_id: Uuid,
    cursor: Option<&str>,
    limit: Option<u64>,
) -> Result<Page<StoredFile>> {
    practice_patient(&state.db, staff.practice_id(), patient_id).await?;
    let query = files::Entity::find()
        .filter(files::Column::PracticeId.eq(staff.practice_id()))
        .filter(files::Column::PatientId.eq(patient_id));
    let viewer = Viewer::Staff { user: staff.principal.user_id };
    let page = newest_first(&state.db, query, cursor, limit, viewer).await?;
    audit::record(&state.db, state.now(), &staff.actor(), Action::FileList { patient: patient_id }).await?;
    Ok(page)
}

/// A My Files upload of the practice's patient.
pub async fn staff_download(state: &AppState, staff: &Staff, patient_id: Uuid, id: Uuid) -> Result<Download> {
    let file = practice_file(&state.db, staff.practice_id(), id).await?;
    if file.patient_id != patient_id || file.source != FileSource::Upload {
        return Err(FileError::NotFound);
    }
    open(state, &staff.actor(), file).await
}
