//! Authentication extractors. A handler states who may call it in its signature —
//! `Staff<AdminOnly>`, `Staff<PatientEditors>` — and the extractor checks the bearer token, the
//! session behind it (not revoked, not past its absolute lifetime) and the user's current roles
//! before the handler runs. No handler re-implements a permission check.
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::header::AUTHORIZATION;
use actix_web::{FromRequest, HttpRequest, web};
use portico_types::staff::{StaffCapability, StaffRole};
use sea_orm::sea_query::Query;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::entities::values::StaffRoles;
use crate::entities::{auth_sessions, staff_users};
use crate::error::ApiError;
use crate::platform::audit::{Actor, ActorKind};
use crate::platform::jwt::{Audience, Claims};
use crate::platform::request::RequestMeta;
use crate::state::AppState;

pub const SUBJECT_STAFF: &str = "staff";

/// Which staff may use an endpoint: a capability from `portico-types` (the table the SPA's
/// navigation reads too), or any signed-in staff user.
pub trait StaffPolicy: 'static {
    /// `None`: any signed-in staff user.
    const NEEDS: Option<StaffCapability>;
    const DENIED: &'static str;
}

pub struct AnyStaff;
impl StaffPolicy for AnyStaff {
    const NEEDS: Option<StaffCapability> = None;
    const DENIED: &'static str = "";
}

pub struct AdminOnly;
impl StaffPolicy for AdminOnly {
    const NEEDS: Option<StaffCapability> = Some(StaffCapability::Administer);
    const DENIED: &'static str = "Only practice administrators can do this.";
}

/// Who may create and edit patient demographics and contacts.
pub struct PatientEditors;
impl StaffPolicy for PatientEditors {
    const NEEDS: Option<StaffCapability> = Some(StaffCapability::EditPatients);
    const DENIED: &'static str = "Only administrators and front-desk staff can edit patient records.";
}

/// Billing staff and administrators: the ledger's postings, refunds and card charges.
pub struct Billers;
impl StaffPolicy for Billers {
    const NEEDS: Option<StaffCapability> = Some(StaffCapability::Bill);
    const DENIED: &'static str = "Only administrators and billing staff can post to a patient's ledger.";
}

/// Who may send, resend and revoke portal invitations (the front desk, billing for the Patient
/// Responsibility page, and administrators).
pub struct Inviters;
impl StaffPolicy for Inviters {
    const NEEDS: Option<StaffCapability> = Some(StaffCapability::InvitePatients);
    const DENIED: &'static str = "Only administrators, front-desk and billing staff can send portal invitations.";
}

/// The signed-in staff user, as of this request.
#[derive(Debug, Clone)]
pub struct StaffPrincipal {
    pub user_id: Uuid,
    pub practice_id: Uuid,
    pub session_id: Uuid,
    pub roles: Vec<StaffRole>,
    pub email: String,
    pub name: String,
}

/// A staff caller allowed by policy `P`, with the request facts for audit records.
pub struct Staff<P: StaffPolicy = AnyStaff> {
    pub principal: StaffPrincipal,
    pub meta: RequestMeta,
    _policy: PhantomData<P>,
}

impl<P: StaffPolicy> Staff<P> {
    pub fn practice_id(&self) -> Uuid {
        self.principal.practice_id
    }

    pub fn actor(&self) -> Actor {
        Actor {
            kind: ActorKind::Staff,
            id: Some(self.principal.user_id),
            role: Some(StaffRoles::new(&self.principal.roles).to_string()),
            practice_id: Some(self.principal.practice_id),
            meta: self.meta.clone(),
        }
    }
}

pub fn bearer_token(req: &HttpRequest) -> Option<&str> {
    let value = req.headers().get(AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim()).filter(|t| !t.is_empty())
}

/// Verifies a staff access token and loads the live session and user behind it.
pub async fn authenticate_staff(state: &AppState, token: &str) -> Result<StaffPrincipal, ApiError> {
    const INVALID: &str = "Your session has ended or the access token is not valid. Sign in again.";
    let now = state.now();
    let Claims { sub, sid, pid, .. } =
        state.jwt.verify(token, Audience::Staff, now).ok_or(ApiError::Unauthenticated(INVALID))?;
    // One round trip: the user, only if the token's session is live and theirs.
    let live_session = Query::select()
        .column(auth_sessions::Column::SubjectId)
        .from(auth_sessions::Entity)
        .and_where(auth_sessions::Column::Id.eq(sid))
        .and_where(auth_sessions::Column::SubjectType.eq(SUBJECT_STAFF))
        .and_where(auth_sessions::Column::PracticeId.eq(pid))
        .and_where(auth_sessions::Column::RevokedAt.is_null())
        .and_where(auth_sessions::Column::AbsoluteExpiresAt.gt(now))
        .to_owned();
    let user = staff_users::Entity::find_by_id(sub)
        .filter(staff_users::Column::PracticeId.eq(pid))
        .filter(staff_users::Column::Active.eq(true))
        .filter(staff_users::Column::LockedAt.is_null())
        .filter(staff_users::Column::Id.in_subquery(live_session))
        .one(&state.db)
        .await?
        .ok_or(ApiError::Unauthenticated(INVALID))?;
    Ok(StaffPrincipal {
        user_id: user.id,
        practice_id: user.practice_id,
        session_id: sid,
        roles: user.roles.0,
        email: user.email,
        name: user.name,
    })
}

impl<P: StaffPolicy> FromRequest for Staff<P> {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let token = bearer_token(req).map(str::to_owned);
        let meta = RequestMeta::from_request(req);
        Box::pin(async move {
            let state = state.ok_or_else(|| ApiError::Internal(anyhow::anyhow!("AppState missing")))?;
            let token = token.ok_or(ApiError::Unauthenticated(
                "Sign in first: send the access token as `Authorization: Bearer …`.",
            ))?;
            let principal = authenticate_staff(&state, &token).await?;
            if let Some(needs) = P::NEEDS
                && !needs.granted_to(&principal.roles)
            {
                return Err(ApiError::Forbidden(P::DENIED));
            }
            Ok(Self { principal, meta, _policy: PhantomData })
        })
    }
}
