//! The admin's staff-user management, always inside the admin's own practice.
use chrono::{DateTime, Utc};
use portico_types::Page;
use portico_types::staff::{CreateStaffUser, StaffRole, StaffUser, UpdateStaffUser};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use serde_json::json;
use uuid::Uuid;

use super::error::{Result, StaffError};
use crate::domain::{Email, person_name};
use crate::entities::staff_users;
use crate::entities::values::StaffRoles;
use crate::error::{FieldErrors, is_unique_violation};
use crate::platform::audit::{self, Action, Actor, Event};
use crate::platform::auth::{SUBJECT_STAFF, StaffPrincipal};
use crate::platform::jwt::Audience;
use crate::platform::{pagination, passwords, sessions, throttle};
use crate::state::AppState;

pub fn to_dto(m: staff_users::Model) -> StaffUser {
    StaffUser {
        id: m.id,
        roles: m.roles.0,
        locked: m.locked_at.is_some(),
        email: m.email,
        name: m.name,
        active: m.active,
        last_login_at: m.last_login_at,
        created_at: m.created_at,
    }
}

fn roles(errors: &mut FieldErrors, roles: &[StaffRole]) -> Option<StaffRoles> {
    if roles.is_empty() {
        errors.add("roles", "Give the user at least one role.");
        return None;
    }
    Some(StaffRoles::new(roles))
}

async fn find(state: &AppState, practice_id: Uuid, id: Uuid) -> Result<staff_users::Model> {
    staff_users::Entity::find_by_id(id)
        .filter(staff_users::Column::PracticeId.eq(practice_id))
        .one(&state.db)
        .await?
        .ok_or(StaffError::NotFound)
}

pub async fn list(
    state: &AppState,
    practice_id: Uuid,
    cursor: Option<&str>,
    limit: Option<u64>,
) -> Result<Page<StaffUser>> {
    let limit = pagination::limit(limit)?;
    let mut q = staff_users::Entity::find()
        .filter(staff_users::Column::PracticeId.eq(practice_id))
        .order_by_asc(staff_users::Column::Id)
        .limit(limit + 1);
    if let Some(c) = cursor {
        q = q.filter(staff_users::Column::Id.gt(pagination::decode::<Uuid>(c)?));
    }
    let (rows, next_cursor) = pagination::page(q.all(&state.db).await?, limit, |r| r.id);
    Ok(Page { items: rows.into_iter().map(to_dto).collect(), next_cursor })
}

pub async fn get(state: &AppState, practice_id: Uuid, id: Uuid) -> Result<StaffUser> {
    Ok(to_dto(find(state, practice_id, id).await?))
}

/// A new active staff user. Used by the API and seeding.
pub async fn insert(
    db: &impl ConnectionTrait,
    practice_id: Uuid,
    email: &str,
    name: &str,
    roles: StaffRoles,
    password_hash: &str,
    now: DateTime<Utc>,
) -> std::result::Result<staff_users::Model, DbErr> {
    staff_users::ActiveModel {
        id: Set(Uuid::now_v7()),
        practice_id: Set(practice_id),
        email: Set(email.into()),
        name: Set(name.into()),
        password_hash: Set(password_hash.into()),
        roles: Set(roles),
        active: Set(true),
        failed_login_count: Set(0),
        last_failed_login_at: Set(None),
        locked_at: Set(None),
        last_login_at: Set(None),
        password_changed_at: Set(now),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(db)
    .await
}

pub async fn create(state: &AppState, actor: &Actor, practice_id: Uuid, input: CreateStaffUser) -> Result<StaffUser> {
    let mut errors = FieldErrors::new();
    let email = errors.check("email", Email::parse(&input.email));
    let name = errors.check("name", person_name(&input.name, "name"));
    let roles = roles(&mut errors, &input.roles);
    if let Some(why) = passwords::policy_violation(&input.password, email.as_ref().map_or("", Email::as_str)) {
        errors.add("password", why);
    }
    errors.finish()?;
    let (Some(email), Some(name), Some(roles)) = (email, name, roles) else {
        return Err(anyhow::anyhow!("validated fields missing").into());
    };
    let hash = state.passwords.hash(input.password).await?;
    let now = state.now();
    let txn = crate::platform::db::begin(&state.db).await?;
    let user = insert(&txn, practice_id, email.as_str(), &name, roles, &hash, now)
        .await
        .map_err(|e| if is_unique_violation(&e) { StaffError::EmailTaken } else { e.into() })?;
    let event =
        Event::new(Action::StaffUserCreate { user: user.id }).details(json!({ "roles": user.roles.to_string() }));
    audit::record(&txn, now, actor, event).await?;
    txn.commit().await?;
    Ok(to_dto(user))
}

/// Admins cannot take away their own admin role or deactivate themselves: a practice must never
/// lose its last way in through a slip of the mouse.
pub async fn update(
    state: &AppState,
    actor: &Actor,
    caller: &StaffPrincipal,
    id: Uuid,
    input: UpdateStaffUser,
) -> Result<StaffUser> {
    let user = find(state, caller.practice_id, id).await?;
    let mut errors = FieldErrors::new();
    let name = input.name.as_deref().map(|n| errors.check("name", person_name(n, "name")));
    let new_roles = input.roles.as_deref().map(|r| roles(&mut errors, r));
    if id == caller.user_id {
        if input.roles.as_ref().is_some_and(|r| !r.contains(&StaffRole::Admin)) {
            errors.add("roles", "You cannot remove your own administrator role; ask another administrator.");
        }
        if input.active == Some(false) {
            errors.add("active", "You cannot deactivate your own account.");
        }
    }
    if let Some(p) = &input.password
        && let Some(why) = passwords::policy_violation(p, &user.email)
    {
        errors.add("password", why);
    }
    errors.finish()?;
    let hash = match input.password {
        Some(p) => Some(state.passwords.hash(p).await?),
        None => None,
    };
    let now = state.now();
    let txn = crate::platform::db::begin(&state.db).await?;
    let mut changed = Vec::new();
    let mut active = user.clone().into_active_model();
    if let Some(Some(name)) = name {
        active.name = Set(name);
        changed.push("name");
    }
    if let Some(Some(roles)) = new_roles {
        active.roles = Set(roles);
        changed.push("roles");
    }
    if let Some(a) = input.active {
        active.active = Set(a);
        changed.push("active");
    }
    let reset = hash.is_some();
    if let Some(hash) = hash {
        active.password_hash = Set(hash);
        active.password_changed_at = Set(now);
        active.locked_at = Set(None);
        active.failed_login_count = Set(0);
        changed.push("password");
    }
    active.updated_at = Set(now);
    let updated = active.update(&txn).await?;
    if reset {
        throttle::clear_account(&txn, Audience::Staff.as_str(), &updated.email).await?;
    }
    if reset || input.active == Some(false) {
        sessions::revoke_all(&txn, now, SUBJECT_STAFF, id, None, if reset { "password_reset" } else { "deactivated" })
            .await?;
    }
    let event = Event::new(Action::StaffUserUpdate { user: id })
        .details(json!({ "changed": changed, "roles": updated.roles.to_string(), "active": updated.active }));
    audit::record(&txn, now, actor, event).await?;
    txn.commit().await?;
    Ok(to_dto(updated))
}
