//! The Portal Directory (seed 2, §7): every portal account of the practice and every invitation
//! not yet accepted, with status, last sign-in and the patients each can see.
//!
//! The directory merges two tables and sorts by name, so it is assembled in memory from the
//! practice's rows (one query per table) and then paged with a `(name, id)` cursor. A practice
//! has at most a few thousand portal users, which keeps this cheap.
use std::collections::{BTreeMap, HashMap};

use chrono::Duration;
use portico_types::Page;
use portico_types::invitations::{DirectoryEntry, DirectoryPatient, DirectoryStatus, GrantRole, InvitationStatus};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use super::error::Result;
use super::model;
use crate::entities::{invitations, patients, portal_accounts, portal_grants};
use crate::error::FieldErrors;
use crate::platform::audit::{self, Action, Actor, Event};
use crate::platform::pagination::PageRequest;
use crate::practices::service as practices;
use crate::state::AppState;

pub struct Filter<'a> {
    pub q: Option<&'a str>,
    pub status: Option<&'a str>,
    pub cursor: Option<&'a str>,
    pub limit: Option<u64>,
}

pub async fn list(state: &AppState, actor: &Actor, practice_id: Uuid, f: Filter<'_>) -> Result<Page<DirectoryEntry>> {
    let page = PageRequest::<String>::parse(f.cursor, f.limit)?;
    let status =
        match f.status.filter(|s| !s.is_empty()) {
            Some(s) => Some(DirectoryStatus::parse(s).ok_or_else(|| {
                FieldErrors::one("status", "Use one of: invited, registered, expired, revoked, locked.")
            })?),
            None => None,
        };
    let now = state.now();
    let db = &state.db;
    let cooldown = Duration::seconds(
        practices::load_config(db, practice_id, now).await?.config.invitations.resend_cooldown_seconds,
    );
    let accounts = portal_accounts::Entity::find()
        .filter(portal_accounts::Column::PracticeId.eq(practice_id))
        .filter(portal_accounts::Column::RegisteredAt.is_not_null())
        .all(db)
        .await?;
    let grants = portal_grants::Entity::find()
        .filter(portal_grants::Column::PracticeId.eq(practice_id))
        .filter(portal_grants::Column::RevokedAt.is_null())
        .all(db)
        .await?;
    let invites = invitations::Entity::find().filter(invitations::Column::PracticeId.eq(practice_id)).all(db).await?;
    let names: HashMap<Uuid, String> = patients::Entity::find()
        .filter(patients::Column::PracticeId.eq(practice_id))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, format!("{} {}", p.first_name, p.last_name)))
        .collect();
    let patient = |id: Uuid, role: GrantRole, grant_id: Option<Uuid>| DirectoryPatient {
        patient_id: id,
        name: names.get(&id).cloned().unwrap_or_default(),
        role,
        grant_id,
    };

    let mut entries = Vec::new();
    for a in &accounts {
        let accepted = invites.iter().filter(|i| i.account_id == Some(a.id) && i.accepted_at.is_some());
        let name = accepted
            .max_by_key(|i| i.accepted_at)
            .map_or_else(|| a.email.clone(), |i| format!("{} {}", i.invitee_first_name, i.invitee_last_name));
        entries.push(DirectoryEntry {
            id: a.id,
            name,
            email: Some(a.email.clone()),
            phone: a.phone.clone(),
            status: if a.locked_at.is_some() { DirectoryStatus::Locked } else { DirectoryStatus::Registered },
            last_sign_in_at: a.last_login_at,
            patients: grants
                .iter()
                .filter(|g| g.account_id == a.id)
                .map(|g| patient(g.patient_id, g.role, Some(g.id)))
                .collect(),
            invitation_id: None,
            since: a.registered_at.unwrap_or(a.created_at),
            can_resend_at: None,
        });
    }
    // The newest invitation per person; an accepted one is represented by its account.
    let mut newest: BTreeMap<(Uuid, Option<Uuid>, GrantRole), &invitations::Model> = BTreeMap::new();
    for i in &invites {
        let key = (i.patient_id, i.contact_id, i.role);
        if newest.get(&key).is_none_or(|n| n.last_sent_at < i.last_sent_at) {
            newest.insert(key, i);
        }
    }
    for i in newest.into_values() {
        let status = match model::status(i.accepted_at, i.revoked_at, i.expires_at, now) {
            InvitationStatus::Accepted => continue,
            InvitationStatus::Pending => DirectoryStatus::Invited,
            InvitationStatus::Expired => DirectoryStatus::Expired,
            InvitationStatus::Revoked => DirectoryStatus::Revoked,
        };
        entries.push(DirectoryEntry {
            id: i.id,
            name: format!("{} {}", i.invitee_first_name, i.invitee_last_name),
            email: i.email.clone(),
            phone: i.phone.clone(),
            status,
            last_sign_in_at: None,
            patients: vec![patient(i.patient_id, i.role, None)],
            invitation_id: Some(i.id),
            since: i.last_sent_at,
            can_resend_at: Some(i.last_sent_at + cooldown),
        });
    }

    let needle = f.q.map(|q| q.trim().to_lowercase()).filter(|q| !q.is_empty());
    let key = |e: &DirectoryEntry| (e.name.to_lowercase(), e.id);
    let entries: Vec<DirectoryEntry> = entries
        .into_iter()
        .filter(|e| status.is_none_or(|s| e.status == s))
        .filter(|e| {
            needle.as_ref().is_none_or(|n| {
                e.name.to_lowercase().contains(n) || e.email.as_deref().is_some_and(|m| m.contains(n.as_str()))
            })
        })
        .collect();
    let (items, next_cursor) = page.take(entries, key);
    audit::record(db, now, actor, Event::new(Action::PortalDirectoryList)).await?;
    Ok(Page { items, next_cursor })
}
