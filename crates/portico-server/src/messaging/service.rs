//! Messaging use cases (MSG-1…4). Each write runs in one transaction with its audit record and
//! its notifications (NOT-1). Who may read a thread: the practice's staff, and a portal account
//! that takes part in it *and* still holds a live grant for its patient, so access ends with the
//! grant. Everyone else gets the same 404.
use std::collections::HashMap;

use chrono::{DateTime, Utc};
use portico_types::Page;
use portico_types::files::FileSource;
use portico_types::invitations::GrantRole;
use portico_types::messaging::{
    MessagePage, NewPortalThread, NewStaffThread, Participant, Party, PortalThreads, StaffRef, Thread, ThreadMessage,
    ThreadStatus, ThreadSummary, UNREAD_COUNT_CAP,
};
use sea_orm::sea_query::{Expr, ExprTrait as _, Func, OnConflict, Query, QueryStatementBuilder as _, SimpleExpr};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, Order, QueryFilter, QueryOrder,
    QuerySelect, QueryTrait, Set,
};
use serde_json::json;
use uuid::Uuid;

use super::error::{MessagingError, Result};
use super::model;
use crate::entities::{
    files, message_notices, message_threads, patients, portal_accounts, portal_grants, staff_users, thread_messages,
    thread_participants, thread_reads,
};
use crate::error::{FieldErrors, invalid};
use crate::files::error::FileError;
use crate::files::service::{self as file_records, Download, Owner, Uploader, Viewer};
use crate::files::upload::Upload;
use crate::platform::audit::{self, Action, Event};
use crate::platform::auth::Staff;
use crate::platform::outbox::branded::BrandedEmail;
use crate::platform::outbox::model::MessageKind;
use crate::platform::outbox::{self, Message};
use crate::platform::pagination::PageRequest;
use crate::platform::portal::{Grant, areas};
use crate::practices::service as practices;
use crate::state::AppState;

/// Whoever is reading or writing: a staff user or a portal account.
#[derive(Debug, Clone, Copy)]
struct Reader {
    party: Party,
    id: Uuid,
}

impl<P: crate::platform::auth::StaffPolicy> From<&Staff<P>> for Reader {
    fn from(s: &Staff<P>) -> Self {
        Self { party: Party::Staff, id: s.principal.user_id }
    }
}

impl From<&Grant<areas::Messages>> for Reader {
    fn from(g: &Grant<areas::Messages>) -> Self {
        Self { party: Party::Portal, id: g.principal.account_id }
    }
}

/// CFG-5: 403 when the practice has messaging off; otherwise whether patients may start threads.
async fn require_enabled(state: &AppState, practice_id: Uuid) -> Result<bool> {
    let (_, config) = practices::branding_and_config(&state.db, practice_id, state.now()).await?;
    if !config.messaging.enabled {
        return Err(MessagingError::MessagingOff);
    }
    Ok(config.messaging.patients_can_start_threads)
}

fn patient_name(p: &patients::Model) -> String {
    format!("{} {}", p.preferred_name.as_deref().unwrap_or(&p.first_name), p.last_name)
}

async fn practice_patient(db: &impl ConnectionTrait, practice_id: Uuid, patient_id: Uuid) -> Result<patients::Model> {
    patients::Entity::find_by_id(patient_id)
        .filter(patients::Column::PracticeId.eq(practice_id))
        .one(db)
        .await?
        .ok_or(MessagingError::PatientNotFound)
}

/// 404 unless the patient is the practice's.
pub async fn practice_patient_exists(state: &AppState, practice_id: Uuid, patient_id: Uuid) -> Result<()> {
    practice_patient(&state.db, practice_id, patient_id).await.map(|_| ())
}

/// The portal accounts that may take part in a thread about `patient_id`: registered accounts
/// with a live grant for the patient (every role may use Messages, §5), named as invited.
pub async fn recipients(db: &impl ConnectionTrait, practice_id: Uuid, patient_id: Uuid) -> Result<Vec<Participant>> {
    let grants = portal_grants::Entity::find()
        .filter(portal_grants::Column::PracticeId.eq(practice_id))
        .filter(portal_grants::Column::PatientId.eq(patient_id))
        .filter(portal_grants::Column::RevokedAt.is_null())
        .order_by_asc(portal_grants::Column::CreatedAt)
        .all(db)
        .await?;
    let account_ids: Vec<Uuid> = grants.iter().map(|g| g.account_id).collect();
    let accounts: HashMap<Uuid, portal_accounts::Model> = portal_accounts::Entity::find()
        .filter(portal_accounts::Column::Id.is_in(account_ids))
        .filter(portal_accounts::Column::RegisteredAt.is_not_null())
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.id, a))
        .collect();
    let invitation_ids: Vec<Uuid> = grants.iter().filter_map(|g| g.invitation_id).collect();
    let names = crate::platform::portal::invitee_names(db, invitation_ids).await?;
    let mut out: Vec<Participant> = Vec::new();
    for g in grants {
        let Some(account) = accounts.get(&g.account_id) else { continue };
        if out.iter().any(|p| p.account_id == g.account_id) {
            continue;
        }
        let name = g.invitation_id.and_then(|i| names.get(&i).cloned()).unwrap_or_else(|| account.email.clone());
        out.push(Participant { account_id: g.account_id, name, role: g.role });
    }
    Ok(out)
}

/// Moves `reader`'s marker on the thread to `message_id` (never backwards).
async fn mark_read(
    db: &impl ConnectionTrait,
    thread: &message_threads::Model,
    reader: Reader,
    message_id: Uuid,
    now: DateTime<Utc>,
) -> Result<()> {
    let existing = thread_reads::Entity::find()
        .filter(thread_reads::Column::ThreadId.eq(thread.id))
        .filter(thread_reads::Column::ReaderType.eq(reader.party))
        .filter(thread_reads::Column::ReaderId.eq(reader.id))
        .one(db)
        .await?;
    match existing {
        Some(r) if r.last_read_message_id >= message_id => {}
        Some(r) => {
            let mut active = r.into_active_model();
            active.last_read_message_id = Set(message_id);
            active.read_at = Set(now);
            active.update(db).await?;
        }
        None => {
            let row = thread_reads::ActiveModel {
                id: Set(Uuid::now_v7()),
                practice_id: Set(thread.practice_id),
                thread_id: Set(thread.id),
                reader_type: Set(reader.party),
                reader_id: Set(reader.id),
                last_read_message_id: Set(message_id),
                read_at: Set(now),
            };
            // Two tabs opening the thread at once: the second insert changes nothing.
            thread_reads::Entity::insert(row)
                .on_conflict_do_nothing_on([
                    thread_reads::Column::ThreadId,
                    thread_reads::Column::ReaderType,
                    thread_reads::Column::ReaderId,
                ])
                .exec(db)
                .await?;
        }
    }
    Ok(())
}

/// Unread messages per thread for `reader`: messages after their marker, not their own.
async fn unread_counts(db: &impl ConnectionTrait, thread_ids: &[Uuid], reader: Reader) -> Result<HashMap<Uuid, u32>> {
    if thread_ids.is_empty() {
        return Ok(HashMap::new());
    }
    let markers: HashMap<Uuid, Uuid> = thread_reads::Entity::find()
        .filter(thread_reads::Column::ThreadId.is_in(thread_ids.to_vec()))
        .filter(thread_reads::Column::ReaderType.eq(reader.party))
        .filter(thread_reads::Column::ReaderId.eq(reader.id))
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.thread_id, r.last_read_message_id))
        .collect();
    let mut counts = HashMap::new();
    // One grouped query per page: threads the reader never opened count from the start.
    let mut query = thread_messages::Entity::find()
        .select_only()
        .column(thread_messages::Column::ThreadId)
        .column_as(Expr::col(thread_messages::Column::Id).count(), "unread")
        .filter(thread_messages::Column::ThreadId.is_in(thread_ids.to_vec()))
        .filter(match reader.party {
            // Staff have to read what patients wrote, not what colleagues wrote.
            Party::Staff => sea_orm::Condition::all().add(thread_messages::Column::AuthorType.eq(Party::Portal)),
            // A portal reader: everything but their own.
            Party::Portal => sea_orm::Condition::any()
                .add(thread_messages::Column::AuthorType.ne(reader.party))
                .add(thread_messages::Column::AuthorId.ne(reader.id)),
        });
    let mut after = sea_orm::Condition::any();
    for id in thread_ids {
        match markers.get(id) {
            Some(marker) => {
                after = after.add(
                    sea_orm::Condition::all()
                        .add(thread_messages::Column::ThreadId.eq(*id))
                        .add(thread_messages::Column::Id.gt(*marker)),
                );
            }
            None => after = after.add(thread_messages::Column::ThreadId.eq(*id)),
        }
    }
    query = query.filter(after).group_by(thread_messages::Column::ThreadId);
    let rows: Vec<(Uuid, i64)> = query.into_tuple().all(db).await?;
    for (thread, n) in rows {
        counts.insert(thread, u32::try_from(n).unwrap_or(u32::MAX));
    }
    Ok(counts)
}

/// One page of `query`, newest activity first, with `reader`'s unread count per thread.
async fn newest_first(
    db: &impl ConnectionTrait,
    query: sea_orm::Select<message_threads::Entity>,
    reader: Reader,
    page: PageRequest<DateTime<Utc>>,
) -> Result<(Vec<message_threads::Model>, Option<String>, HashMap<Uuid, u32>)> {
    let (rows, next_cursor) = page
        .fetch(db, query, (message_threads::Column::LastMessageAt, message_threads::Column::Id), Order::Desc, |t| {
            (t.last_message_at, t.id)
        })
        .await?;
    let ids: Vec<Uuid> = rows.iter().map(|t| t.id).collect();
    let unread = unread_counts(db, &ids, reader).await?;
    Ok((rows, next_cursor, unread))
}

/// Threads with something `reader` has not read, as a condition on `message_threads`: for staff,
/// a patient's message after their marker; for a portal account, any message after it.
fn unread_by(reader: Reader) -> sea_orm::sea_query::SimpleExpr {
    let newest = match reader.party {
        Party::Staff => message_threads::Column::LastPortalMessageId,
        Party::Portal => message_threads::Column::LastMessageId,
    };
    let read_to_end = Query::select()
        .expr(Expr::val(1))
        .from(thread_reads::Entity)
        .and_where(
            Expr::col((thread_reads::Entity, thread_reads::Column::ThreadId))
                .equals((message_threads::Entity, message_threads::Column::Id)),
        )
        .and_where(Expr::col((thread_reads::Entity, thread_reads::Column::ReaderType)).eq(reader.party.as_str()))
        .and_where(Expr::col((thread_reads::Entity, thread_reads::Column::ReaderId)).eq(reader.id))
        .and_where(
            Expr::col((thread_reads::Entity, thread_reads::Column::LastReadMessageId))
                .gte(Expr::col((message_threads::Entity, newest))),
        )
        .to_owned();
    // No portal message at all is nothing to read, for staff.
    Expr::col((message_threads::Entity, newest)).is_not_null().and(Expr::exists(read_to_end).not())
}

async fn staff_refs(db: &impl ConnectionTrait, practice_id: Uuid, ids: Vec<Uuid>) -> Result<HashMap<Uuid, StaffRef>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(staff_users::Entity::find()
        .filter(staff_users::Column::PracticeId.eq(practice_id))
        .filter(staff_users::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, StaffRef { id: u.id, name: u.name }))
        .collect())
}

fn summary(
    t: message_threads::Model,
    unread: &HashMap<Uuid, u32>,
    patient_name: Option<String>,
    assigned_to: Option<StaffRef>,
) -> ThreadSummary {
    ThreadSummary {
        id: t.id,
        patient_id: t.patient_id,
        patient_name,
        subject: t.subject,
        status: t.status,
        assigned_to,
        preview: t.preview,
        last_message_at: t.last_message_at,
        unread: unread.get(&t.id).copied().unwrap_or(0),
    }
}

/// Writes a message with its attachments (already in the file store) and moves the thread's
/// newest-message fields and the author's marker.
async fn append(
    db: &impl ConnectionTrait,
    thread: &message_threads::Model,
    author: Reader,
    author_name: &str,
    body: &str,
    uploads: &[Upload],
    now: DateTime<Utc>,
) -> Result<thread_messages::Model> {
    let message = thread_messages::ActiveModel {
        id: Set(Uuid::now_v7()),
        practice_id: Set(thread.practice_id),
        thread_id: Set(thread.id),
        author_type: Set(author.party),
        author_id: Set(author.id),
        author_name: Set(author_name.to_owned()),
        body: Set(body.to_owned()),
        created_at: Set(now),
    }
    .insert(db)
    .await?;
    let owner = Owner {
        practice_id: thread.practice_id,
        patient_id: thread.patient_id,
        message: Some((thread.id, message.id)),
    };
    let uploader = Uploader { party: author.party, id: author.id, name: author_name };
    file_records::record(db, owner, uploader, uploads, now).await?;
    message_threads::Entity::update_many()
        .col_expr(message_threads::Column::LastMessageId, Expr::value(message.id))
        .col_expr(message_threads::Column::LastMessageAt, Expr::value(now))
        .col_expr(message_threads::Column::Preview, Expr::value(model::preview(body, uploads.len())))
        .col_expr(
            message_threads::Column::LastPortalMessageId,
            match author.party {
                Party::Portal => Expr::value(message.id),
                Party::Staff => Expr::col(message_threads::Column::LastPortalMessageId),
            },
        )
        .col_expr(message_threads::Column::UpdatedAt, Expr::value(now))
        .filter(message_threads::Column::Id.eq(thread.id))
        .exec(db)
        .await?;
    mark_read(db, thread, author, message.id, now).await?;
    Ok(message)
}

async fn new_thread(
    db: &impl ConnectionTrait,
    practice_id: Uuid,
    patient_id: Uuid,
    subject: &str,
    starter: Reader,
    now: DateTime<Utc>,
) -> Result<message_threads::Model> {
    Ok(message_threads::ActiveModel {
        id: Set(Uuid::now_v7()),
        practice_id: Set(practice_id),
        patient_id: Set(patient_id),
        subject: Set(subject.to_owned()),
        status: Set(ThreadStatus::Open),
        assigned_to: Set(None),
        started_by_type: Set(starter.party),
        started_by_id: Set(starter.id),
        closed_at: Set(None),
        // Replaced by the first message, written next in the same transaction.
        last_message_id: Set(Uuid::nil()),
        last_portal_message_id: Set(None),
        last_message_at: Set(now),
        preview: Set(String::new()),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(db)
    .await?)
}

async fn add_participants(
    db: &impl ConnectionTrait,
    thread: &message_threads::Model,
    people: &[Participant],
    now: DateTime<Utc>,
) -> Result<()> {
    for p in people {
        thread_participants::ActiveModel {
            id: Set(Uuid::now_v7()),
            practice_id: Set(thread.practice_id),
            thread_id: Set(thread.id),
            account_id: Set(p.account_id),
            role: Set(p.role),
            display_name: Set(p.name.clone()),
            added_at: Set(now),
        }
        .insert(db)
        .await?;
    }
    Ok(())
}

/// MSG-3: "You have a new message from {practice}" to each participant with no PHI, by email,
/// and by text when the account has a verified phone; at most one per 15 minutes while unread.
async fn notify(
    state: &AppState,
    db: &impl ConnectionTrait,
    thread: &message_threads::Model,
    now: DateTime<Utc>,
) -> Result<u32> {
    let everyone = live_participants(db, thread).await?.into_iter().map(|p| p.account_id).collect();
    notify_accounts(state, db, thread, everyone, now).await
}

/// [`notify`] for some of the participants only (those just added).
async fn notify_accounts(
    state: &AppState,
    db: &impl ConnectionTrait,
    thread: &message_threads::Model,
    participants: Vec<Uuid>,
    now: DateTime<Utc>,
) -> Result<u32> {
    if participants.is_empty() {
        return Ok(0);
    }
    let branding = practices::branding(db, thread.practice_id, now).await?;
    let link = format!("{}/portal/sign-in?practice={}", state.settings.public_url, branding.slug);
    let mut sent = 0;
    for account_id in participants {
        let Some(account) = portal_accounts::Entity::find_by_id(account_id).one(db).await? else { continue };
        if account.locked_at.is_some() {
            continue;
        }
        let notice = message_notices::Entity::find_by_id(account.id).one(db).await?;
        let read_since = match &notice {
            Some(n) => thread_reads::Entity::find()
                .filter(thread_reads::Column::ReaderType.eq(Party::Portal))
                .filter(thread_reads::Column::ReaderId.eq(account.id))
                .filter(thread_reads::Column::ReadAt.gt(n.sent_at))
                .one(db)
                .await?
                .is_some(),
            None => false,
        };
        if !model::should_notify(notice.as_ref().map(|n| n.sent_at), read_since, now) {
            continue;
        }
        let email = BrandedEmail {
            branding: &branding,
            public_url: &state.settings.public_url,
            greeting: "Hello,".into(),
            paragraphs: vec![format!(
                "You have a new message from {} in your patient portal. Sign in to read it.",
                branding.display_name
            )],
            action: Some(("Sign in to read it".into(), link.clone())),
            footnote: vec!["For your privacy, messages are only shown in the portal.".into()],
        }
        .render(&account.email, &format!("New message from {}", branding.display_name));
        outbox::enqueue(db, now, thread.practice_id, MessageKind::MessageNotice, Message::Email(email)).await?;
        if let (Some(phone), Some(_)) = (&account.phone, account.phone_verified_at) {
            let text =
                format!("{}: you have a new message in your patient portal. Sign in: {link}", branding.display_name);
            outbox::enqueue(
                db,
                now,
                thread.practice_id,
                MessageKind::MessageNotice,
                Message::Sms { to: phone.clone(), text },
            )
            .await?;
        }
        let row = message_notices::ActiveModel {
            account_id: Set(account.id),
            practice_id: Set(thread.practice_id),
            sent_at: Set(now),
        };
        message_notices::Entity::insert(row)
            .on_conflict(
                OnConflict::column(message_notices::Column::AccountId)
                    .update_column(message_notices::Column::SentAt)
                    .to_owned(),
            )
            .exec(db)
            .await?;
        sent += 1;
    }
    Ok(sent)
}

/// Participants who can still read the thread: their grant for its patient is live.
async fn live_participants(db: &impl ConnectionTrait, thread: &message_threads::Model) -> Result<Vec<Participant>> {
    let live: Vec<Uuid> = portal_grants::Entity::find()
        .select_only()
        .column(portal_grants::Column::AccountId)
        .filter(portal_grants::Column::PatientId.eq(thread.patient_id))
        .filter(portal_grants::Column::PracticeId.eq(thread.practice_id))
        .filter(portal_grants::Column::RevokedAt.is_null())
        .into_tuple()
        .all(db)
        .await?;
    Ok(thread_participants::Entity::find()
        .filter(thread_participants::Column::ThreadId.eq(thread.id))
        .order_by_asc(thread_participants::Column::AddedAt)
        .all(db)
        .await?
        .into_iter()
        .filter(|p| live.contains(&p.account_id))
        .map(|p| Participant { account_id: p.account_id, name: p.display_name, role: p.role })
        .collect())
}

/// Messages a thread view or page holds at most: the newest, with `has_earlier` for the rest.
pub const MESSAGES_PER_PAGE: u64 = 50;

/// Up to `limit` messages of `thread` before `before` (the newest when `None`), oldest first, as
/// `reader` sees them, and whether earlier ones exist.
async fn message_page(
    db: &impl ConnectionTrait,
    thread: &message_threads::Model,
    reader: Reader,
    before: Option<Uuid>,
    limit: u64,
) -> Result<(Vec<ThreadMessage>, bool)> {
    let mut query = thread_messages::Entity::find().filter(thread_messages::Column::ThreadId.eq(thread.id));
    if let Some(before) = before {
        query = query.filter(thread_messages::Column::Id.lt(before));
    }
    let mut rows = query.order_by_desc(thread_messages::Column::Id).limit(limit + 1).all(db).await?;
    let has_earlier = rows.len() as u64 > limit;
    rows.truncate(limit as usize);
    rows.reverse();
    let mut attachments = file_records::for_messages(db, rows.iter().map(|m| m.id).collect()).await?;
    let viewer = match reader.party {
        Party::Staff => Viewer::Staff { user: reader.id },
        Party::Portal => Viewer::Portal { account: reader.id, patient: thread.patient_id },
    };
    let messages = rows
        .into_iter()
        .map(|m| ThreadMessage {
            id: m.id,
            author: m.author_type,
            mine: m.author_type == reader.party && m.author_id == reader.id,
            author_name: m.author_name,
            body: m.body,
            attachments: attachments
                .remove(&m.id)
                .unwrap_or_default()
                .into_iter()
                .map(|f| file_records::dto(f, viewer))
                .collect(),
            sent_at: m.created_at,
        })
        .collect();
    Ok((messages, has_earlier))
}

async fn thread_view(
    db: &impl ConnectionTrait,
    thread: &message_threads::Model,
    reader: Reader,
    staff_view: bool,
) -> Result<Thread> {
    let (messages, has_earlier) = message_page(db, thread, reader, None, MESSAGES_PER_PAGE).await?;
    let participants = live_participants(db, thread).await?;
    let (patient_name, assigned_to) = if staff_view {
        let patient = practice_patient(db, thread.practice_id, thread.patient_id).await?;
        let assigned = match thread.assigned_to {
            Some(id) => staff_refs(db, thread.practice_id, vec![id]).await?.remove(&id),
            None => None,
        };
        (Some(patient_name(&patient)), assigned)
    } else {
        (None, None)
    };
    let is_participant = staff_view || participants.iter().any(|p| p.account_id == reader.id);
    Ok(Thread {
        id: thread.id,
        patient_id: thread.patient_id,
        patient_name,
        subject: thread.subject.clone(),
        status: thread.status,
        assigned_to,
        participants,
        can_reply: thread.status == ThreadStatus::Open && is_participant,
        messages,
        has_earlier,
    })
}

/// `limit` 1–100 (default 50) for a page of earlier messages.
fn page_limit(limit: Option<u64>) -> Result<u64> {
    match limit {
        None => Ok(MESSAGES_PER_PAGE),
        Some(n @ 1..=100) => Ok(n),
        Some(_) => Err(invalid("limit", "Use a limit from 1 to 100.")),
    }
}

/// Earlier messages of a thread, for staff (reading them moves no marker: the newest were read
/// when the thread was opened). Audited like opening the thread.
pub async fn staff_messages(
    state: &AppState,
    staff: &Staff,
    id: Uuid,
    before: Option<Uuid>,
    limit: Option<u64>,
) -> Result<MessagePage> {
    let limit = page_limit(limit)?;
    let thread = staff_thread(&state.db, staff.practice_id(), id).await?;
    let (items, has_earlier) = message_page(&state.db, &thread, Reader::from(staff), before, limit).await?;
    let action = Action::ThreadRead { thread: thread.id, patient: thread.patient_id };
    audit::record(&state.db, state.now(), &staff.actor(), action).await?;
    Ok(MessagePage { items, has_earlier })
}

/// Earlier messages of a thread, for a participant.
pub async fn portal_messages(
    state: &AppState,
    grant: &Grant<areas::Messages>,
    id: Uuid,
    before: Option<Uuid>,
    limit: Option<u64>,
) -> Result<MessagePage> {
    require_enabled(state, grant.principal.practice_id).await?;
    let limit = page_limit(limit)?;
    let thread = portal_thread(&state.db, grant, id).await?;
    let (items, has_earlier) = message_page(&state.db, &thread, Reader::from(grant), before, limit).await?;
    let action = Action::ThreadRead { thread: thread.id, patient: thread.patient_id };
    audit::record(&state.db, state.now(), &grant.actor(), action).await?;
    Ok(MessagePage { items, has_earlier })
}

/// The subject (for a new thread) and body, checked; with files attached the body may be empty.
fn validated(subject: Option<&str>, body: &str, uploads: &[Upload]) -> Result<(String, String)> {
    let mut errors = FieldErrors::new();
    let subject = subject.map(|s| errors.check("subject", model::subject(s).map_err(String::from)));
    let body = if !uploads.is_empty() && body.trim().is_empty() {
        Some(String::new())
    } else {
        errors.check("body", model::body(body).map_err(String::from))
    };
    errors.finish()?;
    match (subject.flatten(), body) {
        (s, Some(b)) => Ok((s.unwrap_or_default(), b)),
        _ => Err(anyhow::anyhow!("validated fields missing").into()),
    }
}

/// One message of a conversation written in one go (demo seeding): who, their name, the text
/// and when.
pub struct Written<'a> {
    pub author: Party,
    pub author_id: Uuid,
    pub author_name: &'a str,
    pub body: &'a str,
    /// Files already in the store.
    pub attachments: &'a [Upload],
    pub at: DateTime<Utc>,
}

/// Writes a whole conversation through the same steps as the API (no notices, no audit: the
/// demo's history, not anyone's action). The first message's time is the thread's.
pub async fn write_conversation(
    db: &impl ConnectionTrait,
    practice_id: Uuid,
    patient_id: Uuid,
    subject: &str,
    participants: &[Participant],
    messages: &[Written<'_>],
) -> Result<Uuid> {
    let first = messages.first().ok_or_else(|| anyhow::anyhow!("a conversation needs a message"))?;
    let starter = Reader { party: first.author, id: first.author_id };
    let thread = new_thread(db, practice_id, patient_id, subject, starter, first.at).await?;
    add_participants(db, &thread, participants, first.at).await?;
    for m in messages {
        let author = Reader { party: m.author, id: m.author_id };
        append(db, &thread, author, m.author_name, m.body, m.attachments, m.at).await?;
    }
    Ok(thread.id)
}

// ---- Staff ---------------------------------------------------------------------------------

/// MSG-1/MSG-2: staff start a thread with a patient, with the participants chosen (by default
/// every portal account with access), and its first message; participants are notified.
pub async fn start_staff(
    state: &AppState,
    staff: &Staff,
    patient_id: Uuid,
    input: NewStaffThread,
    uploads: &[Upload],
) -> Result<Thread> {
    let practice_id = staff.practice_id();
    staff_may_start(state, staff, patient_id).await?;
    let (subject, body) = validated(Some(&input.subject), &input.body, uploads)?;
    let available = recipients(&state.db, practice_id, patient_id).await?;
    let chosen = choose(&available, input.participant_account_ids.as_deref(), "participant_account_ids")?;
    let now = state.now();
    let reader = Reader::from(staff);
    let txn = crate::platform::db::begin(&state.db).await?;
    let thread = new_thread(&txn, practice_id, patient_id, &subject, reader, now).await?;
    add_participants(&txn, &thread, &chosen, now).await?;
    append(&txn, &thread, reader, &staff.principal.name, &body, uploads, now).await?;
    let notified = notify(state, &txn, &thread, now).await?;
    let event = Event::new(Action::ThreadCreate { thread: thread.id, patient: patient_id }).details(json!({
        "participants": chosen.iter().map(|p| p.account_id).collect::<Vec<_>>(),
        "notified": notified,
        "attachments": uploads.len(),
    }));
    audit::record(&txn, now, &staff.actor(), event).await?;
    let thread = reload(&txn, thread.id).await?;
    let view = thread_view(&txn, &thread, reader, true).await?;
    txn.commit().await?;
    Ok(view)
}

/// The participants `ids` names among `available` (all of them for `None`), refusing an id that
/// is not one of them, and an empty choice, naming `field`.
fn choose(available: &[Participant], ids: Option<&[Uuid]>, field: &str) -> Result<Vec<Participant>> {
    let chosen = match ids {
        None => available.to_vec(),
        Some(ids) => {
            let mut errors = FieldErrors::new();
            let mut chosen: Vec<Participant> = Vec::new();
            for (i, id) in ids.iter().enumerate() {
                match available.iter().find(|p| p.account_id == *id) {
                    Some(p) if !chosen.contains(p) => chosen.push(p.clone()),
                    Some(_) => {}
                    None => {
                        errors.add(format!("{field}[{i}]"), "This is not a portal account with access to this patient.")
                    }
                }
            }
            errors.finish()?;
            chosen
        }
    };
    if chosen.is_empty() {
        let why = if available.is_empty() {
            "No one has portal access for this patient yet: send a portal invitation first."
        } else {
            "Choose at least one person to write to."
        };
        return Err(invalid(field, why));
    }
    Ok(chosen)
}

/// MSG-2: who takes part, changed by staff. Someone removed stops seeing the thread at once;
/// someone added sees all of it and is told a message is waiting (coalesced, no PHI). Audited
/// with who was added and removed.
pub async fn set_participants(state: &AppState, staff: &Staff, id: Uuid, ids: &[Uuid]) -> Result<Thread> {
    let practice_id = staff.practice_id();
    let now = state.now();
    let txn = crate::platform::db::begin(&state.db).await?;
    let thread = staff_thread(&txn, practice_id, id).await?;
    let available = recipients(&txn, practice_id, thread.patient_id).await?;
    let chosen = choose(&available, Some(ids), "account_ids")?;
    let current: Vec<Uuid> = thread_participants::Entity::find()
        .select_only()
        .column(thread_participants::Column::AccountId)
        .filter(thread_participants::Column::ThreadId.eq(thread.id))
        .into_tuple()
        .all(&txn)
        .await?;
    let removed: Vec<Uuid> = current.iter().copied().filter(|a| !chosen.iter().any(|p| p.account_id == *a)).collect();
    let added: Vec<Participant> = chosen.into_iter().filter(|p| !current.contains(&p.account_id)).collect();
    if !removed.is_empty() {
        thread_participants::Entity::delete_many()
            .filter(thread_participants::Column::ThreadId.eq(thread.id))
            .filter(thread_participants::Column::AccountId.is_in(removed.clone()))
            .exec(&txn)
            .await?;
    }
    add_participants(&txn, &thread, &added, now).await?;
    let notified = notify_accounts(state, &txn, &thread, added.iter().map(|p| p.account_id).collect(), now).await?;
    let event =
        Event::new(Action::ThreadParticipants { thread: thread.id, patient: thread.patient_id }).details(json!({
            "added": added.iter().map(|p| p.account_id).collect::<Vec<_>>(),
            "removed": removed,
            "notified": notified,
        }));
    audit::record(&txn, now, &staff.actor(), event).await?;
    let view = thread_view(&txn, &thread, Reader::from(staff), true).await?;
    txn.commit().await?;
    Ok(view)
}

/// 403 with messaging off, 404 for another practice's patient: checked before an upload is read.
pub async fn staff_may_start(state: &AppState, staff: &Staff, patient_id: Uuid) -> Result<()> {
    require_enabled(state, staff.practice_id()).await?;
    practice_patient(&state.db, staff.practice_id(), patient_id).await.map(|_| ())
}

async fn reload(db: &impl ConnectionTrait, id: Uuid) -> Result<message_threads::Model> {
    message_threads::Entity::find_by_id(id).one(db).await?.ok_or(MessagingError::ThreadNotFound)
}

async fn staff_thread(db: &impl ConnectionTrait, practice_id: Uuid, id: Uuid) -> Result<message_threads::Model> {
    message_threads::Entity::find_by_id(id)
        .filter(message_threads::Column::PracticeId.eq(practice_id))
        .one(db)
        .await?
        .ok_or(MessagingError::ThreadNotFound)
}

/// The inbox's filters (MSG-4).
#[derive(Debug, Default)]
pub struct InboxFilter<'a> {
    pub unread: Option<bool>,
    /// `me`, `none`, or a staff user's id.
    pub assigned: Option<&'a str>,
    pub patient_id: Option<Uuid>,
    pub status: Option<ThreadStatus>,
    pub cursor: Option<&'a str>,
    pub limit: Option<u64>,
}

/// The practice's threads, newest activity first, with the caller's unread count on each.
pub async fn inbox(state: &AppState, staff: &Staff, f: InboxFilter<'_>) -> Result<Page<ThreadSummary>> {
    let practice_id = staff.practice_id();
    let reader = Reader::from(staff);
    let page = PageRequest::<DateTime<Utc>>::parse(f.cursor, f.limit)?;
    let mut query = message_threads::Entity::find().filter(message_threads::Column::PracticeId.eq(practice_id));
    match f.assigned {
        None | Some("") => {}
        Some("me") => query = query.filter(message_threads::Column::AssignedTo.eq(staff.principal.user_id)),
        Some("none") => query = query.filter(message_threads::Column::AssignedTo.is_null()),
        Some(other) => match Uuid::parse_str(other) {
            Ok(id) => query = query.filter(message_threads::Column::AssignedTo.eq(id)),
            Err(_) => return Err(invalid("assigned", "Use `me`, `none` or a staff user's id.")),
        },
    }
    if let Some(p) = f.patient_id {
        query = query.filter(message_threads::Column::PatientId.eq(p));
    }
    if let Some(s) = f.status {
        query = query.filter(message_threads::Column::Status.eq(s));
    }
    if f.unread == Some(true) {
        query = query.filter(unread_by(reader));
    }
    let (rows, next_cursor, unread) = newest_first(&state.db, query, reader, page).await?;
    let patient_ids: Vec<Uuid> = rows.iter().map(|t| t.patient_id).collect();
    let names: HashMap<Uuid, String> = patients::Entity::find()
        .filter(patients::Column::PracticeId.eq(practice_id))
        .filter(patients::Column::Id.is_in(patient_ids))
        .all(&state.db)
        .await?
        .iter()
        .map(|p| (p.id, patient_name(p)))
        .collect();
    let assignees = staff_refs(&state.db, practice_id, rows.iter().filter_map(|t| t.assigned_to).collect()).await?;
    let items = rows
        .into_iter()
        .map(|t| {
            let name = names.get(&t.patient_id).cloned();
            let assigned = t.assigned_to.and_then(|id| assignees.get(&id).cloned());
            summary(t, &unread, name, assigned)
        })
        .collect();
    Ok(Page { items, next_cursor })
}

/// One thread for staff; opening it marks it read for this staff user only (audited).
pub async fn staff_get(state: &AppState, staff: &Staff, id: Uuid) -> Result<Thread> {
    let now = state.now();
    let reader = Reader::from(staff);
    let txn = crate::platform::db::begin(&state.db).await?;
    let thread = staff_thread(&txn, staff.practice_id(), id).await?;
    mark_read(&txn, &thread, reader, thread.last_message_id, now).await?;
    audit::record(&txn, now, &staff.actor(), Action::ThreadRead { thread: thread.id, patient: thread.patient_id })
        .await?;
    let view = thread_view(&txn, &thread, reader, true).await?;
    txn.commit().await?;
    Ok(view)
}

/// A staff reply; participants are notified (coalesced).
pub async fn staff_reply(state: &AppState, staff: &Staff, id: Uuid, body: &str, uploads: &[Upload]) -> Result<Thread> {
    let (_, body) = validated(None, body, uploads)?;
    let now = state.now();
    let reader = Reader::from(staff);
    let txn = crate::platform::db::begin(&state.db).await?;
    let thread = open_thread(staff_thread(&txn, staff.practice_id(), id).await?)?;
    append(&txn, &thread, reader, &staff.principal.name, &body, uploads, now).await?;
    let notified = notify(state, &txn, &thread, now).await?;
    let event = Event::new(Action::MessagePost { thread: thread.id, patient: thread.patient_id })
        .details(json!({ "notified": notified, "attachments": uploads.len() }));
    audit::record(&txn, now, &staff.actor(), event).await?;
    let thread = reload(&txn, thread.id).await?;
    let view = thread_view(&txn, &thread, reader, true).await?;
    txn.commit().await?;
    Ok(view)
}

/// 409 for a closed thread: it takes no replies (MSG-4).
fn open_thread(thread: message_threads::Model) -> Result<message_threads::Model> {
    match thread.status {
        ThreadStatus::Open => Ok(thread),
        ThreadStatus::Closed => Err(MessagingError::Closed),
    }
}

/// 404 or 409 before an upload is read: the staff user may reply in this thread now.
pub async fn staff_may_reply(state: &AppState, staff: &Staff, id: Uuid) -> Result<()> {
    open_thread(staff_thread(&state.db, staff.practice_id(), id).await?).map(|_| ())
}

/// A message attachment of the practice, for staff.
pub async fn staff_attachment(state: &AppState, staff: &Staff, id: Uuid) -> Result<Download> {
    let file = file_records::practice_file(&state.db, staff.practice_id(), id).await?;
    if file.source != FileSource::Message {
        return Err(FileError::NotFound.into());
    }
    Ok(file_records::open(state, &staff.actor(), file).await?)
}

/// Assigns the thread to a staff user of the practice, or to nobody.
pub async fn assign(state: &AppState, staff: &Staff, id: Uuid, to: Option<Uuid>) -> Result<Thread> {
    let practice_id = staff.practice_id();
    if let Some(user) = to {
        let active = staff_users::Entity::find_by_id(user)
            .filter(staff_users::Column::PracticeId.eq(practice_id))
            .filter(staff_users::Column::Active.eq(true))
            .one(&state.db)
            .await?;
        if active.is_none() {
            return Err(invalid("staff_user_id", "Choose an active staff user of this practice."));
        }
    }
    change(state, staff, id, Action::ThreadAssign { thread: id }, move |t| t.assigned_to = Set(to)).await
}

/// Closes (no more replies) or reopens a thread.
pub async fn set_status(state: &AppState, staff: &Staff, id: Uuid, status: ThreadStatus) -> Result<Thread> {
    let now = state.now();
    let action = match status {
        ThreadStatus::Closed => Action::ThreadClose { thread: id },
        ThreadStatus::Open => Action::ThreadReopen { thread: id },
    };
    change(state, staff, id, action, move |t| {
        t.status = Set(status);
        t.closed_at = Set((status == ThreadStatus::Closed).then_some(now));
    })
    .await
}

async fn change(
    state: &AppState,
    staff: &Staff,
    id: Uuid,
    action: Action,
    apply: impl FnOnce(&mut message_threads::ActiveModel),
) -> Result<Thread> {
    let now = state.now();
    let txn = crate::platform::db::begin(&state.db).await?;
    let thread = staff_thread(&txn, staff.practice_id(), id).await?;
    let mut active = thread.into_active_model();
    apply(&mut active);
    active.updated_at = Set(now);
    let thread = active.update(&txn).await?;
    audit::record(&txn, now, &staff.actor(), action).await?;
    let view = thread_view(&txn, &thread, Reader::from(staff), true).await?;
    txn.commit().await?;
    Ok(view)
}

// ---- Portal --------------------------------------------------------------------------------

/// Threads about `patient_id` that `account_id` takes part in.
fn participant_threads(
    account_id: Uuid,
    practice_id: Uuid,
    patient_id: Uuid,
) -> sea_orm::Select<message_threads::Entity> {
    let mine = Query::select()
        .column(thread_participants::Column::ThreadId)
        .from(thread_participants::Entity)
        .and_where(thread_participants::Column::AccountId.eq(account_id))
        .to_owned();
    message_threads::Entity::find()
        .filter(message_threads::Column::PracticeId.eq(practice_id))
        .filter(message_threads::Column::PatientId.eq(patient_id))
        .filter(message_threads::Column::Id.in_subquery(mine))
}

fn portal_threads(grant: &Grant<areas::Messages>) -> sea_orm::Select<message_threads::Entity> {
    participant_threads(grant.principal.account_id, grant.principal.practice_id, grant.patient_id)
}

/// The portal's Messages list, newest first, with unread counts; and whether a thread may be
/// started here.
pub async fn portal_list(
    state: &AppState,
    grant: &Grant<areas::Messages>,
    cursor: Option<&str>,
    limit: Option<u64>,
) -> Result<PortalThreads> {
    let can_start = require_enabled(state, grant.principal.practice_id).await?;
    let page = PageRequest::<DateTime<Utc>>::parse(cursor, limit)?;
    let reader = Reader::from(grant);
    let (rows, next_cursor, unread) = newest_first(&state.db, portal_threads(grant), reader, page).await?;
    audit::record(&state.db, state.now(), &grant.actor(), Action::ThreadList { patient: grant.patient_id }).await?;
    Ok(PortalThreads {
        items: rows.into_iter().map(|t| summary(t, &unread, None, None)).collect(),
        next_cursor,
        can_start,
    })
}

/// Unread messages for this account about the grant's patient (the Home tile's count): messages
/// after its marker in threads it takes part in, not its own, counted up to [`UNREAD_COUNT_CAP`]
/// in one statement, so the cost is bounded however much is waiting.
pub async fn portal_unread_total(
    db: &impl ConnectionTrait,
    account_id: Uuid,
    practice_id: Uuid,
    patient_id: Uuid,
) -> Result<u32> {
    let reader = Reader { party: Party::Portal, id: account_id };
    let threads = participant_threads(account_id, practice_id, patient_id)
        .select_only()
        .column(message_threads::Column::Id)
        .filter(unread_by(reader))
        .into_query();
    let marker = Query::select()
        .column(thread_reads::Column::LastReadMessageId)
        .from(thread_reads::Entity)
        .and_where(
            Expr::col((thread_reads::Entity, thread_reads::Column::ThreadId))
                .equals((thread_messages::Entity, thread_messages::Column::ThreadId)),
        )
        .and_where(Expr::col((thread_reads::Entity, thread_reads::Column::ReaderType)).eq(Party::Portal.as_str()))
        .and_where(Expr::col((thread_reads::Entity, thread_reads::Column::ReaderId)).eq(account_id))
        .to_owned();
    // No marker yet: every message counts (the nil id sorts before every UUID v7).
    let after_marker = Expr::col((thread_messages::Entity, thread_messages::Column::Id)).gt(Func::coalesce([
        SimpleExpr::SubQuery(None, Box::new(marker.into_sub_query_statement())),
        Expr::val(Uuid::nil()),
    ]));
    let unread: Vec<Uuid> = thread_messages::Entity::find()
        .select_only()
        .column(thread_messages::Column::Id)
        .filter(thread_messages::Column::ThreadId.in_subquery(threads))
        .filter(
            sea_orm::Condition::any()
                .add(thread_messages::Column::AuthorType.ne(Party::Portal))
                .add(thread_messages::Column::AuthorId.ne(account_id)),
        )
        .filter(after_marker)
        .limit(u64::from(UNREAD_COUNT_CAP))
        .into_tuple()
        .all(db)
        .await?;
    Ok(u32::try_from(unread.len()).unwrap_or(UNREAD_COUNT_CAP))
}

async fn portal_thread(
    db: &impl ConnectionTrait,
    grant: &Grant<areas::Messages>,
    id: Uuid,
) -> Result<message_threads::Model> {
    portal_threads(grant)
        .filter(message_threads::Column::Id.eq(id))
        .one(db)
        .await?
        .ok_or(MessagingError::ThreadNotFound)
}

/// One thread for a participant; opening it marks it read for this account only.
pub async fn portal_get(state: &AppState, grant: &Grant<areas::Messages>, id: Uuid) -> Result<Thread> {
    require_enabled(state, grant.principal.practice_id).await?;
    let now = state.now();
    let reader = Reader::from(grant);
    let txn = crate::platform::db::begin(&state.db).await?;
    let thread = portal_thread(&txn, grant, id).await?;
    mark_read(&txn, &thread, reader, thread.last_message_id, now).await?;
    audit::record(&txn, now, &grant.actor(), Action::ThreadRead { thread: thread.id, patient: thread.patient_id })
        .await?;
    let view = thread_view(&txn, &thread, reader, false).await?;
    txn.commit().await?;
    Ok(view)
}

/// The name a portal author signs with: as invited for this patient.
async fn portal_name(db: &impl ConnectionTrait, grant: &Grant<areas::Messages>) -> Result<(String, GrantRole)> {
    let role = grant.roles.first().copied().unwrap_or(GrantRole::Patient);
    Ok((grant.holder_name(db).await?, role))
}

/// A participant's reply. Staff see it unread in the inbox.
pub async fn portal_reply(
    state: &AppState,
    grant: &Grant<areas::Messages>,
    id: Uuid,
    body: &str,
    uploads: &[Upload],
) -> Result<Thread> {
    require_enabled(state, grant.principal.practice_id).await?;
    let (_, body) = validated(None, body, uploads)?;
    let now = state.now();
    let reader = Reader::from(grant);
    let txn = crate::platform::db::begin(&state.db).await?;
    let thread = open_thread(portal_thread(&txn, grant, id).await?)?;
    let (name, _) = portal_name(&txn, grant).await?;
    append(&txn, &thread, reader, &name, &body, uploads, now).await?;
    let event = Event::new(Action::MessagePost { thread: thread.id, patient: thread.patient_id })
        .details(json!({ "attachments": uploads.len() }));
    audit::record(&txn, now, &grant.actor(), event).await?;
    let thread = reload(&txn, thread.id).await?;
    let view = thread_view(&txn, &thread, reader, false).await?;
    txn.commit().await?;
    Ok(view)
}

/// 403 or 404 and 409 before an upload is read: this participant may reply in the thread now.
pub async fn portal_may_reply(state: &AppState, grant: &Grant<areas::Messages>, id: Uuid) -> Result<()> {
    require_enabled(state, grant.principal.practice_id).await?;
    open_thread(portal_thread(&state.db, grant, id).await?).map(|_| ())
}

/// 403 unless the practice has messaging on and lets patients start threads (CFG-5).
pub async fn portal_may_start(state: &AppState, grant: &Grant<areas::Messages>) -> Result<()> {
    if !require_enabled(state, grant.principal.practice_id).await? {
        return Err(MessagingError::PatientsMayNotStart);
    }
    Ok(())
}

/// A message attachment in a thread this participant reads (404 for any other file).
pub async fn portal_attachment(state: &AppState, grant: &Grant<areas::Messages>, id: Uuid) -> Result<Download> {
    require_enabled(state, grant.principal.practice_id).await?;
    let file: Option<files::Model> = files::Entity::find_by_id(id)
        .filter(files::Column::Source.eq(FileSource::Message))
        .filter(
            files::Column::ThreadId
                .in_subquery(portal_threads(grant).select_only().column(message_threads::Column::Id).into_query()),
        )
        .one(&state.db)
        .await?;
    let file = file.ok_or(FileError::NotFound)?;
    Ok(file_records::open(state, &grant.actor(), file).await?)
}

/// CFG-5: a patient-started thread, when the practice allows it; the starter alone takes part
/// (staff may write to others in threads of their own).
pub async fn portal_start(
    state: &AppState,
    grant: &Grant<areas::Messages>,
    input: NewPortalThread,
    uploads: &[Upload],
) -> Result<Thread> {
    portal_may_start(state, grant).await?;
    let (subject, body) = validated(Some(&input.subject), &input.body, uploads)?;
    let now = state.now();
    let reader = Reader::from(grant);
    let txn = crate::platform::db::begin(&state.db).await?;
    let (name, role) = portal_name(&txn, grant).await?;
    let thread = new_thread(&txn, grant.principal.practice_id, grant.patient_id, &subject, reader, now).await?;
    let me = Participant { account_id: grant.principal.account_id, name: name.clone(), role };
    add_participants(&txn, &thread, std::slice::from_ref(&me), now).await?;
    append(&txn, &thread, reader, &name, &body, uploads, now).await?;
    audit::record(&txn, now, &grant.actor(), Action::ThreadCreate { thread: thread.id, patient: grant.patient_id })
        .await?;
    let thread = reload(&txn, thread.id).await?;
    let view = thread_view(&txn, &thread, reader, false).await?;
    txn.commit().await?;
    Ok(view)
}
