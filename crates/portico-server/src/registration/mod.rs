//! Registration from an invitation link (SPEC §3, REG-1…5). The link's token buys a
//! registration token (its own JWT audience, so it opens nothing but these endpoints); progress
//! lives on the invitation, so any valid link resumes at the first incomplete step.
pub mod error;
pub mod model;
pub mod routes;
pub mod service;

use std::future::{Ready, ready};

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest, web};
use uuid::Uuid;

use crate::error::ApiError;
use crate::platform::auth::bearer_token;
use crate::platform::jwt::Audience;
use crate::platform::request::RequestMeta;
use crate::state::AppState;

/// An invitee holding a registration token.
pub struct Registrant {
    pub invitation_id: Uuid,
    /// The link the registration started from: when it stops working (a resend to a corrected
    /// address ends the old links), so does this registration.
    pub link_id: Uuid,
    pub practice_id: Uuid,
    pub meta: RequestMeta,
}

impl FromRequest for Registrant {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        const INVALID: &str = "Your registration session has ended. Open the link from your invitation again to continue \
                               where you left off.";
        let claims = req.app_data::<web::Data<AppState>>().and_then(|state| {
            let token = bearer_token(req)?;
            state.jwt.verify(token, Audience::Registration, state.now())
        });
        ready(match claims {
            Some(c) => Ok(Self {
                invitation_id: c.sub,
                link_id: c.sid,
                practice_id: c.pid,
                meta: RequestMeta::from_request(req),
            }),
            None => Err(ApiError::Unauthenticated(INVALID)),
        })
    }
}
