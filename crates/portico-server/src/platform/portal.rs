//! Portal authentication and the visibility check. A portal handler names the area it serves in
//! its signature — `Grant<areas::Payments>` — and the extractor has already checked, before the
//! handler runs: a live portal session (never a staff or registration token), a grant for the
//! patient in the path (else 404, so other patients' ids reveal nothing), and that the grant's
//! role may use the area according to `policy::MATRIX` (else 403).
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest, web};
use portico_types::invitations::GrantRole;
use portico_types::portal::PortalArea;
use sea_orm::sea_query::Query;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use crate::entities::{auth_sessions, invitations, portal_accounts, portal_grants};
use crate::error::ApiError;
use crate::platform::audit::{Actor, ActorKind};
use crate::platform::auth::bearer_token;
use crate::platform::jwt::{Audience, Claims};
use crate::platform::policy::{self, Access};
use crate::platform::request::RequestMeta;
use crate::state::AppState;

pub const SUBJECT_PORTAL: &str = "portal";

/// The signed-in portal account, as of this request.
#[derive(Debug, Clone)]
pub struct PortalPrincipal {
    pub account_id: Uuid,
    pub practice_id: Uuid,
    pub session_id: Uuid,
    pub email: String,
}

/// Verifies a portal access token and loads the live, registered, unlocked account behind it.
pub async fn authenticate_portal(state: &AppState, token: &str) -> Result<PortalPrincipal, ApiError> {
    const INVALID: &str = "Your session has ended or the access token is not valid. Sign in again.";
    let now = state.now();
    let Claims { sub, sid, pid, .. } =
        state.jwt.verify(token, Audience::Portal, now).ok_or(ApiError::Unauthenticated(INVALID))?;
    let live_session = Query::select()
        .column(auth_sessions::Column::SubjectId)
        .from(auth_sessions::Entity)
        .and_where(auth_sessions::Column::Id.eq(sid))
        .and_where(auth_sessions::Column::SubjectType.eq(SUBJECT_PORTAL))
        .and_where(auth_sessions::Column::PracticeId.eq(pid))
        .and_where(auth_sessions::Column::RevokedAt.is_null())
        .and_where(auth_sessions::Column::AbsoluteExpiresAt.gt(now))
        .to_owned();
    let account = portal_accounts::Entity::find_by_id(sub)
        .filter(portal_accounts::Column::PracticeId.eq(pid))
        .filter(portal_accounts::Column::RegisteredAt.is_not_null())
        .filter(portal_accounts::Column::LockedAt.is_null())
        .filter(portal_accounts::Column::Id.in_subquery(live_session))
        .one(&state.db)
        .await?
        .ok_or(ApiError::Unauthenticated(INVALID))?;
    Ok(PortalPrincipal {
        account_id: account.id,
        practice_id: account.practice_id,
        session_id: sid,
        email: account.email,
    })
}

fn portal_actor(principal: &PortalPrincipal, roles: &[GrantRole], meta: &RequestMeta) -> Actor {
    let role = (!roles.is_empty()).then(|| roles.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(","));
    Actor {
        kind: ActorKind::Portal,
        id: Some(principal.account_id),
        role,
        practice_id: Some(principal.practice_id),
        meta: meta.clone(),
    }
}

async fn principal_from(req: &HttpRequest) -> Result<(web::Data<AppState>, PortalPrincipal), ApiError> {
    let state = req
        .app_data::<web::Data<AppState>>()
        .cloned()
        .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("AppState missing")))?;
    let token = bearer_token(req)
        .map(str::to_owned)
        .ok_or(ApiError::Unauthenticated("Sign in first: send the access token as `Authorization: Bearer …`."))?;
    let principal = authenticate_portal(&state, &token).await?;
    Ok((state, principal))
}

/// Any signed-in portal account (account-level routes such as `me`).
pub struct Portal {
    pub principal: PortalPrincipal,
    pub meta: RequestMeta,
}

impl Portal {
    pub fn actor(&self) -> Actor {
        portal_actor(&self.principal, &[], &self.meta)
    }
}

impl FromRequest for Portal {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let (_, principal) = principal_from(&req).await?;
            Ok(Self { principal, meta: RequestMeta::from_request(&req) })
        })
    }
}

/// The area a portal route serves.
pub trait AreaPolicy: 'static {
    const AREA: PortalArea;
}

/// One marker type per area, for `Grant<areas::…>`.
pub mod areas {
    use super::{AreaPolicy, PortalArea};

    macro_rules! areas {
        ($($name:ident),* $(,)?) => {$(
            pub struct $name;
            impl AreaPolicy for $name {
                const AREA: PortalArea = PortalArea::$name;
            }
        )*};
    }

    areas!(
        Home,
        MyInformation,
        Appointments,
        Documents,
        TreatmentPlans,
        Medications,
        HomeExercises,
        Forms,
        Payments,
        MyFiles,
        Messages,
        MyAccount
    );
}

/// A portal caller allowed into area `A` for the patient named by the path's `patient_id`.
pub struct Grant<A: AreaPolicy> {
    pub principal: PortalPrincipal,
    pub meta: RequestMeta,
    pub patient_id: Uuid,
    /// Every role the account holds for this patient.
    pub roles: Vec<GrantRole>,
    /// What the widest of those roles may do in `A` (never `Access::None`).
    pub access: Access,
    _area: PhantomData<A>,
}

impl<A: AreaPolicy> Grant<A> {
    /// The audit actor, acting for `patient_id`.
    pub fn actor(&self) -> Actor {
        portal_actor(&self.principal, &self.roles, &self.meta)
    }

    /// The name the account holder was invited under for this patient, which is how the
    /// practice knows them (their sign-in email when no invitation names them).
    pub async fn holder_name(&self, db: &impl sea_orm::ConnectionTrait) -> Result<String, sea_orm::DbErr> {
        let invitation: Option<Option<Uuid>> = portal_grants::Entity::find()
            .select_only()
            .column(portal_grants::Column::InvitationId)
            .filter(portal_grants::Column::AccountId.eq(self.principal.account_id))
            .filter(portal_grants::Column::PatientId.eq(self.patient_id))
            .filter(portal_grants::Column::RevokedAt.is_null())
            .filter(portal_grants::Column::InvitationId.is_not_null())
            .order_by_asc(portal_grants::Column::CreatedAt)
            .into_tuple()
            .one(db)
            .await?;
        let named = match invitation.flatten() {
            Some(id) => invitations::Entity::find_by_id(id).one(db).await?,
            None => None,
        };
        Ok(named.map_or_else(
            || self.principal.email.clone(),
            |i| format!("{} {}", i.invitee_first_name, i.invitee_last_name),
        ))
    }
}

/// The names invitations were sent to, by invitation id: how the practice knows each holder.
pub async fn invitee_names(
    db: &impl sea_orm::ConnectionTrait,
    invitation_ids: Vec<Uuid>,
) -> Result<std::collections::HashMap<Uuid, String>, sea_orm::DbErr> {
    Ok(invitations::Entity::find()
        .filter(invitations::Column::Id.is_in(invitation_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|i| (i.id, format!("{} {}", i.invitee_first_name, i.invitee_last_name)))
        .collect())
}

/// The roles `account_id` holds for `patient_id` through live grants.
pub async fn roles_for(
    db: &impl sea_orm::ConnectionTrait,
    principal: &PortalPrincipal,
    patient_id: Uuid,
) -> Result<Vec<GrantRole>, sea_orm::DbErr> {
    let mut roles: Vec<GrantRole> = portal_grants::Entity::find()
        .select_only()
        .column(portal_grants::Column::Role)
        .filter(portal_grants::Column::AccountId.eq(principal.account_id))
        .filter(portal_grants::Column::PracticeId.eq(principal.practice_id))
        .filter(portal_grants::Column::PatientId.eq(patient_id))
        .filter(portal_grants::Column::RevokedAt.is_null())
        .into_tuple()
        .all(db)
        .await?;
    roles.sort();
    Ok(roles)
}

impl<A: AreaPolicy> FromRequest for Grant<A> {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let (state, principal) = principal_from(&req).await?;
            // A malformed id is just another patient this account cannot see.
            let patient_id = req
                .match_info()
                .get("patient_id")
                .and_then(|s| Uuid::parse_str(s).ok())
                .ok_or(ApiError::NotFound("patient"))?;
            let roles = roles_for(&state.db, &principal, patient_id).await?;
            if roles.is_empty() {
                return Err(ApiError::NotFound("patient"));
            }
            let access = policy::access(A::AREA, &roles);
            if !access.allowed() {
                return Err(ApiError::Forbidden(
                    "Your portal access for this patient does not include this area. Call the practice if you need it.",
                ));
            }
            Ok(Self { principal, meta: RequestMeta::from_request(&req), patient_id, roles, access, _area: PhantomData })
        })
    }
}
