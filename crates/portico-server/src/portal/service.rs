//! Portal read use cases; every read of patient data is audited with the account as actor.
use std::collections::BTreeMap;

use portico_types::invitations::GrantRole;
use portico_types::portal::{PortalArea, PortalHome, PortalMe, PortalPatient, PortalProfile};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use super::error::{PortalError, Result};
use super::model;
use crate::entities::{patients, portal_accounts, portal_grants};
use crate::messaging;
use crate::patients::service as patient_records;
use crate::platform::audit::{self, Action};
use crate::platform::policy::{Access, Limit};
use crate::platform::portal::{AreaPolicy, Grant, Portal};
use crate::practices::service as practices;
use crate::state::AppState;

fn portal_patient(p: &patients::Model, roles: Vec<GrantRole>, access: Access) -> PortalPatient {
    PortalPatient {
        patient_id: p.id,
        first_name: p.first_name.clone(),
        last_name: p.last_name.clone(),
        preferred_name: if access.hides(Limit::NoPreferredName) { None } else { p.preferred_name.clone() },
        roles,
    }
}

/// `GET /portal/me`: the account and every patient it may see, with its roles for each.
pub async fn me(state: &AppState, caller: &Portal) -> Result<PortalMe> {
    let now = state.now();
    let p = &caller.principal;
    let account =
        portal_accounts::Entity::find_by_id(p.account_id).one(&state.db).await?.ok_or(PortalError::AccountGone)?;
    let grants = portal_grants::Entity::find()
        .filter(portal_grants::Column::AccountId.eq(p.account_id))
        .filter(portal_grants::Column::PracticeId.eq(p.practice_id))
        .filter(portal_grants::Column::RevokedAt.is_null())
        .all(&state.db)
        .await?;
    let mut roles: BTreeMap<Uuid, Vec<GrantRole>> = BTreeMap::new();
    for g in &grants {
        roles.entry(g.patient_id).or_default().push(g.role);
    }
    let records = patients::Entity::find()
        .filter(patients::Column::PracticeId.eq(p.practice_id))
        .filter(patients::Column::Id.is_in(roles.keys().copied()))
        .order_by_asc(patients::Column::FirstName)
        .all(&state.db)
        .await?;
    let patients = records
        .iter()
        .map(|r| {
            let mut rs = roles.get(&r.id).cloned().unwrap_or_default();
            rs.sort();
            let access = crate::platform::policy::access(portico_types::portal::PortalArea::Home, &rs);
            portal_patient(r, rs, access)
        })
        .collect();
    Ok(PortalMe {
        id: account.id,
        email: account.email,
        practice: practices::branding(&state.db, p.practice_id, now).await?,
        patients,
        last_sign_in_at: account.last_login_at,
    })
}

async fn patient<A: AreaPolicy>(state: &AppState, grant: &Grant<A>) -> Result<patients::Model> {
    Ok(patient_records::find(&state.db, grant.principal.practice_id, grant.patient_id).await?)
}

async fn audited_read<A: AreaPolicy>(state: &AppState, grant: &Grant<A>, action: Action) -> Result<()> {
    audit::record(&state.db, state.now(), &grant.actor(), action).await?;
    Ok(())
}

/// HOME-1: the tiles this grant may use and the practice's branding.
pub async fn home<A: AreaPolicy>(state: &AppState, grant: &Grant<A>) -> Result<PortalHome> {
    let now = state.now();
    let record = patient(state, grant).await?;
    let (practice, config) = practices::branding_and_config(&state.db, grant.principal.practice_id, now).await?;
    audited_read(state, grant, Action::PortalHomeRead { patient: grant.patient_id }).await?;
    let mut tiles = model::tiles(&grant.roles, config.messaging.enabled);
    if let Some(messages) = tiles.iter_mut().find(|t| t.area == PortalArea::Messages) {
        let (account, practice_id) = (grant.principal.account_id, grant.principal.practice_id);
        let unread = messaging::service::portal_unread_total(&state.db, account, practice_id, grant.patient_id)
            .await
            .map_err(crate::error::ApiError::from)?;
        messages.count = Some(unread);
    }
    if let Some(payments) = tiles.iter_mut().find(|t| t.area == PortalArea::Payments) {
        let due = crate::payments::service::balance(&state.db, grant.patient_id)
            .await
            .map_err(crate::error::ApiError::from)?;
        payments.amount = Some(due);
    }
    Ok(PortalHome { patient: portal_patient(&record, grant.roles.clone(), grant.access), practice, tiles })
}

/// My Information: demographics on file; guardians do not see gender identity (§5).
pub async fn my_information<A: AreaPolicy>(state: &AppState, grant: &Grant<A>) -> Result<PortalProfile> {
    let p = patient_records::to_dto(patient(state, grant).await?);
    audited_read(state, grant, Action::PortalMyInformationRead { patient: grant.patient_id }).await?;
    Ok(PortalProfile {
        first_name: p.first_name,
        last_name: p.last_name,
        preferred_name: p.preferred_name,
        date_of_birth: p.date_of_birth,
        sex: p.sex,
        gender_identity: if grant.access.hides(Limit::NoGenderIdentity) { None } else { p.gender_identity },
        email: p.email,
        phone: p.phone,
        address: p.address,
    })
}
