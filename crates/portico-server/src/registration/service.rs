//! Registration use cases. Each step checks, in its transaction, that it is the invitation's
//! first incomplete step (REG-1), so no order of requests can skip one.
use chrono::{DateTime, Utc};
use portico_types::registration::{RegistrationStarted, RegistrationStatus, RegistrationStep};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use serde_json::json;
use uuid::Uuid;

use super::Registrant;
use super::error::{RegistrationError, Result};
use super::model::{self, CodeCheck, CodeState, Progress, SentCode};
use crate::accounts::auth::count_failure;
use crate::accounts::service::{self as accounts, actor, find_by_email};
use crate::domain::{Email, Phone};
use crate::entities::{invitation_tokens, invitations, patients, portal_accounts, verification_codes};
use crate::error::{ApiError, FieldErrors, invalid};
use crate::invitations::error::InvitationError;
use crate::invitations::service as invitation_service;
use crate::platform::audit::{self, Action, Actor, Event, Outcome};
use crate::platform::jwt::Audience;
use crate::platform::outbox::branded::BrandedEmail;
use crate::platform::outbox::model::MessageKind;
use crate::platform::outbox::{self, Message};
use crate::platform::passwords;
use crate::platform::request::RequestMeta;
use crate::platform::sessions::Issued;
use crate::platform::throttle::LoginKeys;
use crate::practices::service as practices;
use crate::state::AppState;
use portico_types::deliveries::Channel;

const EMAIL: Channel = Channel::Email;
const SMS: Channel = Channel::Sms;

/// The invitation behind a registration token, if it can still be used.
async fn load(db: &impl ConnectionTrait, who: &Registrant, now: DateTime<Utc>) -> Result<invitations::Model> {
    let invitation = invitations::Entity::find_by_id(who.invitation_id)
        .filter(invitations::Column::PracticeId.eq(who.practice_id))
        .lock_exclusive()
        .one(db)
        .await?
        .ok_or(RegistrationError::SessionEnded)?;
    invitation_service::usable(db, &invitation, now).await?;
    let link = invitation_tokens::Entity::find_by_id(who.link_id)
        .filter(invitation_tokens::Column::InvitationId.eq(invitation.id))
        .one(db)
        .await?;
    if link.is_none_or(|l| l.expires_at <= now) {
        return Err(RegistrationError::SessionEnded);
    }
    Ok(invitation)
}

async fn account_of(db: &impl ConnectionTrait, inv: &invitations::Model) -> Result<Option<portal_accounts::Model>> {
    Ok(match inv.account_id {
        Some(id) => portal_accounts::Entity::find_by_id(id).one(db).await?,
        None => None,
    })
}

/// The registered account the invitation leads to, if any: the one chosen at step 1 (which may
/// have finished registering through another invitation since), or the one its email has.
async fn existing_account(
    db: &impl ConnectionTrait,
    inv: &invitations::Model,
) -> Result<Option<portal_accounts::Model>> {
    let account = match (account_of(db, inv).await?, &inv.email) {
        (Some(chosen), _) => Some(chosen),
        (None, Some(email)) => find_by_email(db, inv.practice_id, email).await?,
        (None, None) => None,
    };
    Ok(account.filter(|a| a.registered_at.is_some()))
}

async fn step(db: &impl ConnectionTrait, inv: &invitations::Model) -> Result<RegistrationStep> {
    let existing = existing_account(db, inv).await?.is_some();
    Ok(model::step(Progress {
        account_chosen: inv.account_id.is_some(),
        existing_account: existing,
        email_verified: inv.email_verified_at.is_some(),
        phone_verified: inv.phone_verified_at.is_some(),
    }))
}

/// REG-1: refuses any step but the first incomplete one.
async fn expect(db: &impl ConnectionTrait, inv: &invitations::Model, wanted: RegistrationStep) -> Result<()> {
    let current = step(db, inv).await?;
    if current == wanted {
        return Ok(());
    }
    Err(RegistrationError::StepOutOfOrder(match current {
        RegistrationStep::CreateAccount => "Create your account first.",
        RegistrationStep::SignIn => "Sign in with your existing portal password first.",
        RegistrationStep::VerifyEmail => "Confirm your email address with the code we sent first.",
        RegistrationStep::VerifyPhone => "Confirm your phone number first.",
        RegistrationStep::Complete => "Your details are confirmed: review and accept the terms to finish.",
    }))
}

async fn latest_code(
    db: &impl ConnectionTrait,
    invitation_id: Uuid,
    channel: Channel,
) -> Result<Option<verification_codes::Model>> {
    Ok(verification_codes::Entity::find()
        .filter(verification_codes::Column::InvitationId.eq(invitation_id))
        .filter(verification_codes::Column::Channel.eq(channel))
        .order_by_desc(verification_codes::Column::CreatedAt)
        .order_by_desc(verification_codes::Column::Id)
        .lock_exclusive()
        .one(db)
        .await?)
}

/// Where the registration stands, for the wizard.
async fn status(db: &impl ConnectionTrait, inv: &invitations::Model, now: DateTime<Utc>) -> Result<RegistrationStatus> {
    let step = step(db, inv).await?;
    let account = account_of(db, inv).await?;
    let patient = patients::Entity::find_by_id(inv.patient_id)
        .one(db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("the invitation's patient is missing"))?;
    let channel = match step {
        RegistrationStep::VerifyEmail => Some(EMAIL),
        RegistrationStep::VerifyPhone => Some(SMS),
        _ => None,
    };
    let code = match channel {
        Some(c) => latest_code(db, inv.id, c).await?,
        None => None,
    };
    Ok(RegistrationStatus {
        step,
        practice: practices::branding(db, inv.practice_id, now).await?,
        role: inv.role,
        invitee_first_name: inv.invitee_first_name.clone(),
        patient_first_name: patient.first_name,
        // Issue 9, item 13: until a code proves the holder of the link reads that mailbox, the
        // address is shown masked (a forwarded or leaked link reveals no one's email).
        email: account
            .map(|a| a.email)
            .or_else(|| inv.email.clone())
            .map(|email| if inv.email_verified_at.is_some() { email } else { model::mask_email(&email) }),
        phone_on_file: inv.phone.as_deref().map(model::mask_phone),
        code_sent_to: code.as_ref().map(|c| {
            if c.channel == EMAIL { model::mask_email(&c.destination) } else { model::mask_phone(&c.destination) }
        }),
        resend_in_seconds: model::resend_in(code.as_ref().map(|c| c.created_at), now),
        phone_verified: inv.phone_verified_at.and(inv.verify_phone.as_deref()).map(model::mask_phone),
    })
}

/// `POST /registration`: trades a link's token for a registration token (INV-4, INV-7).
pub async fn start(state: &AppState, meta: &RequestMeta, token: &str) -> Result<RegistrationStarted> {
    if token.trim().is_empty() {
        return Err(InvitationError::LinkInvalid.into());
    }
    let now = state.now();
    let txn = crate::platform::db::begin(&state.db).await?;
    let (inv, link) = invitation_service::redeem(&txn, token, now).await?;
    let registration_token = state.jwt.issue_for(
        Audience::Registration,
        inv.id,
        link.id,
        inv.practice_id,
        now,
        model::REGISTRATION_TOKEN_TTL_SECONDS,
    )?;
    let status = status(&txn, &inv, now).await?;
    let event = Event::new(Action::RegistrationStart { invitation: inv.id, patient: inv.patient_id });
    audit::record(&txn, now, &Actor::anonymous(meta.clone(), Some(inv.practice_id)), event).await?;
    txn.commit().await?;
    Ok(RegistrationStarted { registration_token, expires_in: model::REGISTRATION_TOKEN_TTL_SECONDS as u64, status })
}

pub async fn current(state: &AppState, who: &Registrant) -> Result<RegistrationStatus> {
    let now = state.now();
    let inv = load(&state.db, who, now).await?;
    status(&state.db, &inv, now).await
}

fn registrant_actor(who: &Registrant, account_id: Option<Uuid>) -> Actor {
    match account_id {
        Some(id) => actor(id, who.practice_id, &who.meta),
        None => Actor::anonymous(who.meta.clone(), Some(who.practice_id)),
    }
}

async fn record(
    txn: &DatabaseTransaction,
    who: &Registrant,
    inv: &invitations::Model,
    action: Action,
    now: DateTime<Utc>,
) -> Result<()> {
    let event = Event::new(action);
    audit::record(txn, now, &registrant_actor(who, inv.account_id), event).await?;
    Ok(())
}

/// Step 1 (REG-1, REG-4): the account's password, and its email when the invitation went by SMS.
pub async fn create_account(
    state: &AppState,
    who: &Registrant,
    password: &str,
    entered_email: Option<&str>,
) -> Result<RegistrationStatus> {
    let now = state.now();
    // Checks and hashing before the write transaction: Argon2id takes a while by design.
    let inv = load(&state.db, who, now).await?;
    expect(&state.db, &inv, RegistrationStep::CreateAccount).await?;
    let email = match (&inv.email, entered_email) {
        (Some(email), _) => email.clone(),
        (None, Some(entered)) => Email::parse(entered).map_err(|why| FieldErrors::one("email", why))?.into_string(),
        (None, None) => {
            return Err(invalid("email", "Enter the email address you want to sign in with."));
        }
    };
    if let Some(why) = passwords::policy_violation(password, &email) {
        return Err(invalid("password", why));
    }
    let hash = state.passwords.hash(password.to_owned()).await?;

    let txn = crate::platform::db::begin(&state.db).await?;
    let inv = load(&txn, who, now).await?;
    expect(&txn, &inv, RegistrationStep::CreateAccount).await?;
    let account = match find_by_email(&txn, inv.practice_id, &email).await? {
        // An existing account (registered, or another invitation's registration under way) is
        // shared, but its password is not touched: each registrant's password waits on their
        // invitation until they finish, and a registered account is joined only by signing in
        // after the code (so this answers alike whether the address has an account).
        Some(a) => a,
        None => {
            portal_accounts::ActiveModel {
                id: Set(Uuid::now_v7()),
                practice_id: Set(inv.practice_id),
                email: Set(email.clone()),
                // Unusable until registration completes; then the registrant's own password.
                password_hash: Set(hash.clone()),
                phone: Set(None),
                email_verified_at: Set(None),
                phone_verified_at: Set(None),
                terms_accepted_at: Set(None),
                registered_at: Set(None),
                failed_login_count: Set(0),
                last_failed_login_at: Set(None),
                locked_at: Set(None),
                locked_by: Set(None),
                last_login_at: Set(None),
                password_changed_at: Set(now),
                created_at: Set(now),
                updated_at: Set(now),
            }
            .insert(&txn)
            .await?
        }
    };
    let mut active = inv.into_active_model();
    active.account_id = Set(Some(account.id));
    active.password_hash = Set(Some(hash));
    active.email_verified_at = Set(None);
    let inv = active.update(&txn).await?;
    send_code(&txn, state, &inv, EMAIL, &account.email, now).await?;
    record(&txn, who, &inv, Action::RegistrationAccount { invitation: inv.id, patient: inv.patient_id }, now).await?;
    let status = status(&txn, &inv, now).await?;
    txn.commit().await?;
    Ok(status)
}

/// Creates a one-time code (REG-3) and puts its email or text in the outbox.
async fn send_code(
    txn: &DatabaseTransaction,
    state: &AppState,
    inv: &invitations::Model,
    channel: Channel,
    destination: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    let id = Uuid::now_v7();
    let code = model::new_code();
    verification_codes::ActiveModel {
        id: Set(id),
        invitation_id: Set(inv.id),
        channel: Set(channel),
        destination: Set(destination.into()),
        code_hash: Set(model::code_hash(&id.to_string(), &code)),
        created_at: Set(now),
        expires_at: Set(now + model::CODE_TTL),
        attempts: Set(0),
        consumed_at: Set(None),
    }
    .insert(txn)
    .await?;
    let branding = practices::branding(txn, inv.practice_id, now).await?;
    let message = if channel == EMAIL {
        Message::Email(
            BrandedEmail {
                branding: &branding,
                public_url: &state.settings.public_url,
                greeting: format!("Hello {},", inv.invitee_first_name),
                paragraphs: vec![
                    format!("Your verification code is {code}."),
                    "Enter it on the registration page to confirm your email address.".into(),
                ],
                action: None,
                footnote: vec![
                    "The code works for 10 minutes.".into(),
                    "If you are not registering for a patient portal, ignore this email.".into(),
                ],
            }
            .render(destination, &format!("Your {} verification code", branding.display_name)),
        )
    } else {
        Message::Sms {
            to: destination.into(),
            text: format!(
                "{}: your verification code is {code}. It works for 10 minutes. Don't share it.",
                branding.display_name
            ),
        }
    };
    outbox::enqueue(txn, now, inv.practice_id, MessageKind::VerificationCode, message).await?;
    Ok(())
}

/// The codes sent for an invitation on a channel since `since`.
async fn codes_since(
    txn: &DatabaseTransaction,
    inv: &invitations::Model,
    channel: Channel,
    since: DateTime<Utc>,
) -> Result<Vec<verification_codes::Model>> {
    Ok(verification_codes::Entity::find()
        .filter(verification_codes::Column::InvitationId.eq(inv.id))
        .filter(verification_codes::Column::Channel.eq(channel))
        .filter(verification_codes::Column::CreatedAt.gt(since))
        .all(txn)
        .await?)
}

fn counted(codes: &[verification_codes::Model]) -> Vec<SentCode> {
    codes.iter().map(|c| SentCode { created_at: c.created_at, attempts: c.attempts }).collect()
}

/// Issue 9, item 3: the hour's codes on this channel (and, for a text, the day's numbers).
async fn send_caps(
    txn: &DatabaseTransaction,
    inv: &invitations::Model,
    channel: Channel,
    destination: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    let codes = codes_since(txn, inv, channel, now - model::PHONE_WINDOW.max(model::CAP_WINDOW)).await?;
    if let Some(retry_after_seconds) = model::send_cap(&counted(&codes), now) {
        let why = "For your security, we send at most 5 codes an hour.";
        return Err(RegistrationError::CodeLimit { retry_after_seconds, why });
    }
    if channel == SMS {
        let texted: Vec<(String, DateTime<Utc>)> =
            codes.iter().map(|c| (c.destination.clone(), c.created_at)).collect();
        if let Some(retry_after_seconds) = model::phone_cap(&texted, destination, now) {
            let why = "Codes have gone to several phone numbers today. For your security, use one of those numbers, \
                       or call your practice.";
            return Err(RegistrationError::CodeLimit { retry_after_seconds, why });
        }
    }
    Ok(())
}

/// REG-3: 30 s between two codes on one channel.
async fn resend_cooldown(
    txn: &DatabaseTransaction,
    inv: &invitations::Model,
    channel: Channel,
    now: DateTime<Utc>,
) -> Result<()> {
    let last = latest_code(txn, inv.id, channel).await?.map(|c| c.created_at);
    match model::resend_in(last, now) {
        0 => Ok(()),
        retry_after_seconds => Err(RegistrationError::CodeCooldown { retry_after_seconds }),
    }
}

/// Step 2: a new email code.
pub async fn resend_email(state: &AppState, who: &Registrant) -> Result<RegistrationStatus> {
    let now = state.now();
    let txn = crate::platform::db::begin(&state.db).await?;
    let inv = load(&txn, who, now).await?;
    expect(&txn, &inv, RegistrationStep::VerifyEmail).await?;
    resend_cooldown(&txn, &inv, EMAIL, now).await?;
    let account =
        account_of(&txn, &inv).await?.ok_or(RegistrationError::StepOutOfOrder("Create your account first."))?;
    send_caps(&txn, &inv, EMAIL, &account.email, now).await?;
    send_code(&txn, state, &inv, EMAIL, &account.email, now).await?;
    record(&txn, who, &inv, Action::RegistrationEmailCodeSent { invitation: inv.id, patient: inv.patient_id }, now)
        .await?;
    let status = status(&txn, &inv, now).await?;
    txn.commit().await?;
    Ok(status)
}

/// Step 3: a code by SMS to the phone on file, or to one the invitee enters.
pub async fn send_phone_code(state: &AppState, who: &Registrant, phone: Option<&str>) -> Result<RegistrationStatus> {
    let now = state.now();
    let entered = match phone.map(str::trim).filter(|p| !p.is_empty()) {
        Some(p) => Some(Phone::parse(p).map_err(|why| FieldErrors::one("phone", why))?.into_string()),
        None => None,
    };
    let txn = crate::platform::db::begin(&state.db).await?;
    let inv = load(&txn, who, now).await?;
    expect(&txn, &inv, RegistrationStep::VerifyPhone).await?;
    let phone = entered.or_else(|| inv.phone.clone()).ok_or_else(|| {
        FieldErrors::one("phone", "We have no mobile number on file for you. Enter the number to text the code to.")
    })?;
    resend_cooldown(&txn, &inv, SMS, now).await?;
    send_caps(&txn, &inv, SMS, &phone, now).await?;
    let mut active = inv.into_active_model();
    active.verify_phone = Set(Some(phone.clone()));
    let inv = active.update(&txn).await?;
    send_code(&txn, state, &inv, SMS, &phone, now).await?;
    record(&txn, who, &inv, Action::RegistrationPhoneCodeSent { invitation: inv.id, patient: inv.patient_id }, now)
        .await?;
    let status = status(&txn, &inv, now).await?;
    txn.commit().await?;
    Ok(status)
}

/// Steps 2 and 3: checks a code; wrong tries count even though the answer is an error.
pub async fn verify(state: &AppState, who: &Registrant, channel: Channel, entered: &str) -> Result<RegistrationStatus> {
    let wanted = if channel == EMAIL { RegistrationStep::VerifyEmail } else { RegistrationStep::VerifyPhone };
    let code = model::normalize_code(entered).ok_or_else(|| FieldErrors::one("code", "Enter the 6-digit code."))?;
    let now = state.now();
    let txn = crate::platform::db::begin(&state.db).await?;
    let inv = load(&txn, who, now).await?;
    expect(&txn, &inv, wanted).await?;
    let hour = codes_since(&txn, &inv, channel, now - model::CAP_WINDOW).await?;
    if let Some(retry_after_seconds) = model::tries_cap(&counted(&hour), now) {
        let why = "That is too many wrong codes for now. For your security, wait, then send a new code.";
        return Err(RegistrationError::CodeLimit { retry_after_seconds, why });
    }
    let Some(stored) = latest_code(&txn, inv.id, channel).await? else {
        return Err(invalid("code", "No code has been sent yet. Send a code first."));
    };
    let matches = model::code_hash(&stored.id.to_string(), &code) == stored.code_hash;
    let state_of =
        CodeState { expires_at: stored.expires_at, attempts: stored.attempts, consumed: stored.consumed_at.is_some() };
    match model::check(state_of, matches, now) {
        CodeCheck::Accepted => {
            verification_codes::Entity::update_many()
                .col_expr(verification_codes::Column::ConsumedAt, Expr::value(now))
                .filter(verification_codes::Column::Id.eq(stored.id))
                .exec(&txn)
                .await?;
            let mut active = inv.into_active_model();
            if channel == EMAIL {
                active.email_verified_at = Set(Some(now));
            } else {
                active.phone_verified_at = Set(Some(now));
            }
            let inv = active.update(&txn).await?;
            let (invitation, patient) = (inv.id, inv.patient_id);
            let action = if channel == EMAIL {
                Action::RegistrationEmailVerified { invitation, patient }
            } else {
                Action::RegistrationPhoneVerified { invitation, patient }
            };
            record(&txn, who, &inv, action, now).await?;
            let status = status(&txn, &inv, now).await?;
            txn.commit().await?;
            Ok(status)
        }
        CodeCheck::Wrong { tries_left } => {
            verification_codes::Entity::update_many()
                .col_expr(verification_codes::Column::Attempts, Expr::col(verification_codes::Column::Attempts).add(1))
                .filter(verification_codes::Column::Id.eq(stored.id))
                .exec(&txn)
                .await?;
            let event = Event::new(Action::RegistrationCodeRejected { invitation: inv.id, patient: inv.patient_id })
                .outcome(Outcome::Failure)
                .details(json!({ "channel": channel }));
            audit::record(&txn, now, &registrant_actor(who, inv.account_id), event).await?;
            txn.commit().await?;
            Err(invalid(
                "code",
                match tries_left {
                    0 => "That code is not right, and it cannot be tried again. Send a new code.".to_owned(),
                    1 => "That code is not right. You can try once more, then send a new code.".to_owned(),
                    n => format!("That code is not right. You can try {n} more times."),
                },
            ))
        }
        CodeCheck::Spent(why) => Err(invalid("code", why)),
    }
}

/// Step 4 (REG-1, REG-5): accepts the terms, finishes the account, adds the grant and signs in.
pub async fn complete(state: &AppState, who: &Registrant, accept_terms: bool) -> Result<Issued> {
    if !accept_terms {
        return Err(invalid("accept_terms", "Read and accept the terms of use to finish registering."));
    }
    let now = state.now();
    let txn = crate::platform::db::begin(&state.db).await?;
    let inv = load(&txn, who, now).await?;
    expect(&txn, &inv, RegistrationStep::Complete).await?;
    let account =
        account_of(&txn, &inv).await?.ok_or(RegistrationError::StepOutOfOrder("Create your account first."))?;
    // Claim the account's first registration in one statement: when two invitations of the same
    // email finish at once, only one sets the password and phone; the other must sign in.
    let claimed = portal_accounts::Entity::update_many()
        .col_expr(portal_accounts::Column::RegisteredAt, Expr::value(now))
        .filter(portal_accounts::Column::Id.eq(account.id))
        .filter(portal_accounts::Column::RegisteredAt.is_null())
        .exec(&txn)
        .await?;
    if claimed.rows_affected != 1 {
        return Err(RegistrationError::StepOutOfOrder("Sign in with your existing portal password first."));
    }
    let mut active = account.clone().into_active_model();
    if let Some(hash) = &inv.password_hash {
        active.password_hash = Set(hash.clone());
        active.password_changed_at = Set(now);
    }
    active.registered_at = Set(Some(now));
    active.email_verified_at = Set(inv.email_verified_at);
    active.phone = Set(inv.verify_phone.clone());
    active.phone_verified_at = Set(inv.phone_verified_at);
    active.terms_accepted_at = Set(Some(now));
    active.updated_at = Set(now);
    let account = active.update(&txn).await?;
    let complete = Action::RegistrationComplete { invitation: inv.id, patient: inv.patient_id };
    let issued = accept(&txn, state, who, inv, &account, now, complete).await?;
    txn.commit().await?;
    Ok(issued)
}

/// The invitation becomes a grant on the account, and the account is signed in.
async fn accept(
    txn: &DatabaseTransaction,
    state: &AppState,
    who: &Registrant,
    inv: invitations::Model,
    account: &portal_accounts::Model,
    now: DateTime<Utc>,
    action: Action,
) -> Result<Issued> {
    accounts::grant(txn, account, inv.patient_id, inv.role, inv.id, now).await?;
    let mut active = inv.into_active_model();
    active.accepted_at = Set(Some(now));
    active.account_id = Set(Some(account.id));
    active.password_hash = Set(None);
    let inv = active.update(txn).await?;
    let issued = accounts::start_session(txn, state, account, false, now).await?;
    let event = Event::new(action).details(json!({ "role": inv.role.as_str() }));
    audit::record(txn, now, &actor(account.id, account.practice_id, &who.meta), event).await?;
    Ok(issued)
}

/// For an invitee who already has an account: their password adds the new patient to it.
/// Throttled and counted like any sign-in (AUTH-3).
pub async fn sign_in(state: &AppState, who: &Registrant, password: &str) -> Result<Issued> {
    if password.is_empty() {
        return Err(invalid("password", "Enter your password."));
    }
    let now = state.now();
    let inv = load(&state.db, who, now).await?;
    expect(&state.db, &inv, RegistrationStep::SignIn).await?;
    let account = existing_account(&state.db, &inv)
        .await?
        .ok_or(RegistrationError::StepOutOfOrder("Create your account first."))?;
    let keys = LoginKeys::new(
        &crate::accounts::auth::throttle_audience(inv.practice_id),
        &account.email,
        Audience::Registration,
        who.meta.ip.as_deref(),
    );
    let stored = Some(account.password_hash.clone());
    let (attempt, password_ok) = keys.verify(&state.db, now, &state.passwords, password, stored).await?;

    let txn = crate::platform::db::begin(&state.db).await?;
    let inv = load(&txn, who, now).await?;
    if password_ok && account.locked_at.is_none() {
        attempt.succeeded(&txn).await?;
        let mut active = account.clone().into_active_model();
        active.failed_login_count = Set(0);
        active.last_login_at = Set(Some(now));
        let account = active.update(&txn).await?;
        let added = Action::RegistrationAddToAccount { invitation: inv.id, patient: inv.patient_id };
        let issued = accept(&txn, state, who, inv, &account, now, added).await?;
        txn.commit().await?;
        return Ok(issued);
    }
    attempt.failed(&txn, now).await?;
    if !password_ok {
        count_failure(&txn, &account, now).await?;
    }
    let event = Event::new(Action::RegistrationSignIn { account: account.id })
        .outcome(Outcome::Failure)
        .details(json!({ "reason": if password_ok { "locked" } else { "wrong_password" } }));
    audit::record(&txn, now, &actor(account.id, account.practice_id, &who.meta), event).await?;
    txn.commit().await?;
    Err(ApiError::InvalidCredentials.into())
}
