//! Statements and their pay links (PAY-5, MyChart's "pay as guest"). Billing staff send a
//! statement by email and/or text to the guarantor on file (else the patient); it carries a link
//! `/pay#t=…` (the token in the fragment, so it never reaches a server log) that shows that one
//! balance and takes a card payment toward it, capped at the balance — nothing else. The token is
//! kept only as its SHA-256. A link ends after 30 days, or when a newer statement for the patient
//! replaces it; staff end all of them by sending a new one.
use chrono::Duration;
use portico_types::patients::Relationship;
use portico_types::payments::{NewStatement, PayLinkPayment, PayLinkView, StatementSent};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use serde_json::json;
use uuid::Uuid;

use super::card::{self, Payer, Payment, Source};
use super::error::{PaymentError, Result};
use super::{model, service};
use crate::entities::{patient_contacts, patients, pay_links};
use crate::error::{ApiError, FieldErrors};
use crate::platform::audit::{self, Action, Actor, Event};
use crate::platform::auth::{Billers, Staff};
use crate::platform::crypto::{random_token, sha256_hex};
use crate::platform::idempotency::{Keyed, Settled};
use crate::platform::outbox::branded::BrandedEmail;
use crate::platform::outbox::model::MessageKind;
use crate::platform::outbox::{self, Message};
use crate::practices::service as practices;
use crate::state::AppState;

pub const LIFETIME: Duration = Duration::days(30);
const TOKEN_BYTES: usize = 32;

/// Who a statement goes to.
struct Recipient {
    name: String,
    email: Option<String>,
    phone: Option<String>,
    contact_id: Option<Uuid>,
}

async fn recipient(state: &AppState, patient: &patients::Model, contact_id: Option<Uuid>) -> Result<Recipient> {
    let contacts = patient_contacts::Entity::find().filter(patient_contacts::Column::PatientId.eq(patient.id));
    let contact = match contact_id {
        Some(id) => {
            Some(contacts.filter(patient_contacts::Column::Id.eq(id)).one(&state.db).await?.ok_or_else(|| {
                crate::error::invalid::<PaymentError>("contact_id", "Choose one of the patient's contacts.")
            })?)
        }
        None => contacts
            .filter(patient_contacts::Column::Relationship.eq(Relationship::Guarantor))
            .order_by_asc(patient_contacts::Column::CreatedAt)
            .all(&state.db)
            .await?
            .into_iter()
            .find(|c| c.email.is_some() || c.phone.is_some()),
    };
    let r = match contact {
        Some(c) => Recipient {
            name: format!("{} {}", c.first_name, c.last_name),
            email: c.email,
            phone: c.phone,
            contact_id: Some(c.id),
        },
        None => Recipient {
            name: format!("{} {}", patient.first_name, patient.last_name),
            email: patient.email.clone(),
            phone: patient.phone.clone(),
            contact_id: None,
        },
    };
    if r.email.is_none() && r.phone.is_none() {
        let field = if contact_id.is_some() { "contact_id" } else { "patient" };
        return Err(crate::error::invalid(
            field,
            format!("{} has no email or mobile number on file. Add one on the facesheet, then send it.", r.name),
        ));
    }
    Ok(r)
}

/// Billing staff send a statement with a fresh pay link; older links for the patient end.
pub async fn send_statement(
    state: &AppState,
    staff: &Staff<Billers>,
    patient_id: Uuid,
    input: NewStatement,
) -> Result<StatementSent> {
    let practice_id = staff.practice_id();
    let patient = service::practice_patient(&state.db, practice_id, patient_id).await?;
    let balance = service::balance(&state.db, patient_id).await?;
    if balance <= 0 {
        return Err(FieldErrors::one("patient", "This patient owes nothing: there is no statement to send.").into());
    }
    let to = recipient(state, &patient, input.contact_id).await?;
    let now = state.now();
    let token = random_token(TOKEN_BYTES);
    let branding = practices::branding(&state.db, practice_id, now).await?;
    let link = format!("{}/pay#t={token}", state.settings.public_url);
    let expires_at = now + LIFETIME;
    let txn = crate::platform::db::begin(&state.db).await?;
    // One live link per patient: a newer statement replaces the older ones.
    pay_links::Entity::update_many()
        .col_expr(pay_links::Column::RevokedAt, Expr::value(now))
        .filter(pay_links::Column::PatientId.eq(patient_id))
        .filter(pay_links::Column::RevokedAt.is_null())
        .exec(&txn)
        .await?;
    let sent_to: Vec<&str> = [to.email.as_deref(), to.phone.as_deref()].into_iter().flatten().collect();
    let row = pay_links::ActiveModel {
        id: Set(Uuid::now_v7()),
        practice_id: Set(practice_id),
        patient_id: Set(patient_id),
        token_hash: Set(sha256_hex(&token)),
        recipient_name: Set(to.name.clone()),
        sent_to: Set(sent_to.join(", ")),
        contact_id: Set(to.contact_id),
        staff_user_id: Set(staff.principal.user_id),
        balance_at_send: Set(balance),
        created_at: Set(now),
        expires_at: Set(expires_at),
        revoked_at: Set(None),
    }
    .insert(&txn)
    .await?;
    let due = model::dollars(balance);
    let who = patient.first_name.clone();
    let mut channels = Vec::new();
    if let Some(email) = &to.email {
        let message = BrandedEmail {
            branding: &branding,
            public_url: &state.settings.public_url,
            greeting: format!("Hello {},", to.name),
            paragraphs: vec![
                format!("Your statement from {}: {due} is due for {who}'s care.", branding.display_name),
                "You can pay it online with a card. You do not need to sign in.".into(),
            ],
            action: Some((format!("Pay {due}"), link.clone())),
            footnote: vec![
                format!(
                    "This link works for 30 days, until {}.",
                    crate::platform::clock::local_date(expires_at, &branding.timezone)
                ),
                "It only pays this balance. If you did not expect this email, you can ignore it.".into(),
            ],
        }
        .render(email, &format!("Your statement from {}", branding.display_name));
        outbox::enqueue(&txn, now, practice_id, MessageKind::Statement, Message::Email(message)).await?;
        channels.push("email".to_owned());
    }
    if let Some(phone) = &to.phone {
        let text = format!("{}: {due} is due for {who}'s care. Pay online, no sign-in: {link}", branding.display_name);
        outbox::enqueue(&txn, now, practice_id, MessageKind::Statement, Message::Sms { to: phone.clone(), text })
            .await?;
        channels.push("sms".to_owned());
    }
    let event = Event::new(Action::StatementSend { link: row.id, patient: patient_id })
        .details(json!({ "balance": balance, "channels": channels, "to_contact": to.contact_id.is_some() }));
    audit::record(&txn, now, &staff.actor(), event).await?;
    txn.commit().await?;
    Ok(StatementSent { recipient_name: to.name, channels, balance, currency: model::CURRENCY.into(), expires_at })
}

/// The live link a token names; anything else (unknown, expired, replaced) is one 404.
async fn live_link(state: &AppState, token: &str) -> Result<pay_links::Model> {
    let token = token.trim();
    if token.is_empty() || token.len() > 100 {
        return Err(PaymentError::PayLinkNotFound);
    }
    pay_links::Entity::find()
        .filter(pay_links::Column::TokenHash.eq(sha256_hex(token)))
        .filter(pay_links::Column::RevokedAt.is_null())
        .filter(pay_links::Column::ExpiresAt.gt(state.now()))
        .one(&state.db)
        .await?
        .ok_or(PaymentError::PayLinkNotFound)
}

fn link_actor(link: &pay_links::Model, meta: &crate::platform::request::RequestMeta) -> Actor {
    Actor::anonymous(meta.clone(), Some(link.practice_id))
}

/// What the pay page shows. Audited as an anonymous read of that patient's balance.
pub async fn view(state: &AppState, token: &str, meta: &crate::platform::request::RequestMeta) -> Result<PayLinkView> {
    let link = live_link(state, token).await?;
    let patient =
        patients::Entity::find_by_id(link.patient_id).one(&state.db).await?.ok_or(PaymentError::PayLinkNotFound)?;
    let now = state.now();
    let practice = practices::branding(&state.db, link.practice_id, now).await?;
    let balance = service::balance(&state.db, link.patient_id).await?;
    let initial = patient.last_name.chars().next().map(|c| format!(" {c}.")).unwrap_or_default();
    audit::record(
        &state.db,
        now,
        &link_actor(&link, meta),
        Action::PayLinkView { link: link.id, patient: link.patient_id },
    )
    .await?;
    Ok(PayLinkView {
        practice,
        patient_name: format!("{}{initial}", patient.first_name),
        balance,
        currency: model::CURRENCY.into(),
        expires_at: link.expires_at,
    })
}

/// The link the body's token names, for the payment's idempotency scope; 404 otherwise.
pub async fn link_for_payment(
    state: &AppState,
    input: &PayLinkPayment,
) -> std::result::Result<pay_links::Model, ApiError> {
    Ok(live_link(state, &input.token).await?)
}

/// Pays toward the link's balance with a new card (never saved: there is no account).
pub async fn pay(
    state: &AppState,
    link: &pay_links::Model,
    keyed: &Keyed,
    input: PayLinkPayment,
    meta: &crate::platform::request::RequestMeta,
) -> Settled {
    let mut errors = FieldErrors::new();
    errors.check("amount", card::payment_amount(input.amount).map_err(String::from));
    let token = input.card_token.trim();
    if token.is_empty() {
        errors.add("card_token", "Enter the card's details.");
    }
    if let Err(e) = errors.finish() {
        return Settled::Untouched(PaymentError::from(e).into());
    }
    let actor = link_actor(link, meta);
    let receipt_to = link.sent_to.split(", ").find(|s| s.contains('@')).map(str::to_owned);
    let payment = Payment {
        practice_id: link.practice_id,
        patient_id: link.patient_id,
        amount: input.amount,
        source: Source::New { token: token.to_owned(), save: false },
        consent: None,
        payer: Payer {
            kind: "pay_link",
            id: None,
            name: link.recipient_name.clone(),
            holder: link.recipient_name.clone(),
            receipt_to,
            account: None,
            actor: &actor,
        },
    };
    card::pay(state, keyed, payment).await
}
