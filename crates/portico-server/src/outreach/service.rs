//! Outreach use cases. A send is one transaction: its recipients, any invitations the Patient
//! Portal Link needed, their outbox messages and the audit record appear together or not at all.
use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use portico_types::Page;
use portico_types::invitations::{GrantRole, InvitationOrigin};
use portico_types::outreach::{
    OutreachChannel, OutreachRecipient, OutreachSend, OutreachTemplate, RenderedMessage, TemplateInput,
};
use portico_types::practice::PracticeBranding;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, Set,
};
use serde_json::json;
use uuid::Uuid;

use super::error::{OutreachError, Result};
use super::template::{Template, Var};
use crate::domain::optional_text;
use crate::entities::{
    outbox_messages, outreach_recipients, outreach_sends, outreach_templates, patients, portal_grants,
};
use crate::error::{FieldErrors, invalid};
use crate::invitations::model::Invitee;
use crate::invitations::service::{self as invitations, sign_in_path};
use crate::patients::error::PatientError;
use crate::platform::audit::{self, Action, Actor, Event};
use crate::platform::outbox::branded::BrandedEmail;
use crate::platform::outbox::model::MessageKind;
use crate::platform::outbox::{self, Message};
use crate::practices::service as practices;
use crate::state::AppState;

/// At most this many recipients per send.
pub const MAX_RECIPIENTS: usize = 500;

const SKIPPED: &str = "skipped";

fn to_dto(m: outreach_templates::Model) -> OutreachTemplate {
    OutreachTemplate {
        id: m.id,
        name: m.name,
        channel: m.channel,
        subject: m.subject,
        body: m.body,
        created_at: m.created_at,
        updated_at: m.updated_at,
    }
}

/// A template that passed every rule.
struct Valid {
    name: String,
    subject: Option<String>,
    body: String,
}

fn validate(input: &TemplateInput) -> Result<Valid> {
    let mut e = FieldErrors::new();
    let name = e.check("name", optional_text(Some(&input.name), 100, "name")).flatten();
    if name.is_none() && !e.is_empty() {
        // optional_text explained it.
    } else if name.is_none() {
        e.add("name", "Give the template a name staff will recognise, e.g. “Portal invitation”.");
    }
    let (max_body, what) = match input.channel {
        OutreachChannel::Email => (10_000, "email"),
        OutreachChannel::Sms => (1_000, "text message"),
    };
    let body = input.body.trim().to_owned();
    if body.is_empty() {
        e.add("body", format!("Write the {what}'s text."));
    } else if body.chars().count() > max_body {
        e.add("body", format!("Keep the {what} under {max_body} characters."));
    } else if let Err(why) = Template::parse(&body) {
        e.add("body", why);
    }
    let subject = match input.channel {
        OutreachChannel::Email => {
            let s = input.subject.as_deref().unwrap_or("").trim().to_owned();
            if s.is_empty() {
                e.add("subject", "Emails need a subject.");
            } else if s.chars().count() > 200 {
                e.add("subject", "Keep the subject under 200 characters.");
            } else if let Err(why) = Template::parse(&s) {
                e.add("subject", why);
            }
            Some(s)
        }
        OutreachChannel::Sms => None,
    };
    e.finish()?;
    Ok(Valid { name: name.unwrap_or_default(), subject, body })
}

async fn find(db: &impl ConnectionTrait, practice_id: Uuid, id: Uuid) -> Result<outreach_templates::Model> {
    outreach_templates::Entity::find_by_id(id)
        .filter(outreach_templates::Column::PracticeId.eq(practice_id))
        .one(db)
        .await?
        .ok_or(OutreachError::TemplateNotFound)
}

pub async fn list(state: &AppState, practice_id: Uuid) -> Result<Page<OutreachTemplate>> {
    let rows = outreach_templates::Entity::find()
        .filter(outreach_templates::Column::PracticeId.eq(practice_id))
        .order_by_asc(outreach_templates::Column::Name)
        .order_by_asc(outreach_templates::Column::Id)
        .all(&state.db)
        .await?;
    Ok(Page { items: rows.into_iter().map(to_dto).collect(), next_cursor: None })
}

pub async fn create(
    state: &AppState,
    actor: &Actor,
    practice_id: Uuid,
    input: &TemplateInput,
) -> Result<OutreachTemplate> {
    let v = validate(input)?;
    let now = state.now();
    let txn = crate::platform::db::begin(&state.db).await?;
    let row = outreach_templates::ActiveModel {
        id: Set(Uuid::now_v7()),
        practice_id: Set(practice_id),
        name: Set(v.name),
        channel: Set(input.channel),
        subject: Set(v.subject),
        body: Set(v.body),
        created_by: Set(actor.id.unwrap_or_default()),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(&txn)
    .await?;
    audit::record(&txn, now, actor, Event::new(Action::OutreachTemplateCreate { template: row.id })).await?;
    txn.commit().await?;
    Ok(to_dto(row))
}

pub async fn update(
    state: &AppState,
    actor: &Actor,
    practice_id: Uuid,
    id: Uuid,
    input: &TemplateInput,
) -> Result<OutreachTemplate> {
    let v = validate(input)?;
    let now = state.now();
    let txn = crate::platform::db::begin(&state.db).await?;
    let mut row = find(&txn, practice_id, id).await?.into_active_model();
    row.name = Set(v.name);
    row.channel = Set(input.channel);
    row.subject = Set(v.subject);
    row.body = Set(v.body);
    row.updated_at = Set(now);
    let row = row.update(&txn).await?;
    audit::record(&txn, now, actor, Event::new(Action::OutreachTemplateUpdate { template: row.id })).await?;
    txn.commit().await?;
    Ok(to_dto(row))
}

/// The patients among `ids` who hold a portal account for themselves.
async fn with_accounts(db: &impl ConnectionTrait, practice_id: Uuid, ids: &[Uuid]) -> Result<HashSet<Uuid>> {
    Ok(portal_grants::Entity::find()
        .filter(portal_grants::Column::PracticeId.eq(practice_id))
        .filter(portal_grants::Column::PatientId.is_in(ids.iter().copied()))
        .filter(portal_grants::Column::Role.eq(GrantRole::Patient.as_str()))
        .filter(portal_grants::Column::RevokedAt.is_null())
        .all(db)
        .await?
        .into_iter()
        .map(|g| g.patient_id)
        .collect())
}

fn address(channel: OutreachChannel, p: &patients::Model) -> Option<String> {
    match channel {
        OutreachChannel::Email => p.email.clone(),
        OutreachChannel::Sms => p.phone.clone(),
    }
}

fn render(
    template: &outreach_templates::Model,
    branding: &PracticeBranding,
    patient: &patients::Model,
    link: &str,
) -> Result<(Option<String>, String)> {
    let value = |v: Var| match v {
        Var::PatientFirstName => patient.first_name.clone(),
        Var::PracticeName => branding.display_name.clone(),
        Var::PracticePhone => branding.phone.clone().unwrap_or_default(),
        Var::PatientPortalLink => link.to_owned(),
    };
    let parse =
        |text: &str| Template::parse(text).map_err(|e| OutreachError::from(anyhow::anyhow!("stored template: {e}")));
    let subject = template.subject.as_deref().map(parse).transpose()?.map(|t| t.render(value));
    Ok((subject, parse(&template.body)?.render(value)))
}

/// OUT-1: the template as one patient would receive it. Nothing is sent or created: a patient
/// without an account sees where their personal registration link will go.
pub async fn preview(
    state: &AppState,
    actor: &Actor,
    practice_id: Uuid,
    id: Uuid,
    patient_id: Uuid,
) -> Result<RenderedMessage> {
    let now = state.now();
    let template = find(&state.db, practice_id, id).await?;
    // The id came in the body, as in a send: a field to correct, not a missing page.
    let patient = match crate::patients::service::find(&state.db, practice_id, patient_id).await {
        Err(PatientError::PatientNotFound) => {
            return Err(invalid("patient_id", "This is not a patient of your practice."));
        }
        found => found?,
    };
    let branding = practices::branding(&state.db, practice_id, now).await?;
    let link = if with_accounts(&state.db, practice_id, &[patient_id]).await?.is_empty() {
        format!("{}/register#t=(a personal link is created when you send)", state.settings.public_url)
    } else {
        format!("{}{}", state.settings.public_url, sign_in_path(&branding.slug))
    };
    let (subject, body) = render(&template, &branding, &patient, &link)?;
    let channel = template.channel;
    let event = Event::new(Action::OutreachPreview { template: id, patient: patient_id });
    audit::record(&state.db, now, actor, event).await?;
    Ok(RenderedMessage { to: address(channel, &patient), subject, body })
}

/// OUT-2: sends the template now to each chosen patient, skipping (with a reason) those without
/// an address on file or invited moments ago.
pub async fn send(
    state: &AppState,
    actor: &Actor,
    practice_id: Uuid,
    id: Uuid,
    patient_ids: &[Uuid],
) -> Result<OutreachSend> {
    let mut unique = Vec::new();
    for pid in patient_ids {
        if !unique.contains(pid) {
            unique.push(*pid);
        }
    }
    if unique.is_empty() {
        return Err(invalid("patient_ids", "Choose at least one patient."));
    }
    if unique.len() > MAX_RECIPIENTS {
        return Err(invalid("patient_ids", format!("Send to at most {MAX_RECIPIENTS} patients at a time.")));
    }
    let now = state.now();
    let txn = crate::platform::db::begin(&state.db).await?;
    let template = find(&txn, practice_id, id).await?;
    let channel = template.channel;
    let found: HashMap<Uuid, patients::Model> = patients::Entity::find()
        .filter(patients::Column::PracticeId.eq(practice_id))
        .filter(patients::Column::Id.is_in(unique.iter().copied()))
        .all(&txn)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    if let Some(i) = patient_ids.iter().position(|p| !found.contains_key(p)) {
        return Err(invalid(&format!("patient_ids[{i}]"), "This is not a patient of your practice."));
    }
    let branding = practices::branding(&txn, practice_id, now).await?;
    let needs_link = Template::parse(&template.body).is_ok_and(|t| t.uses(Var::PatientPortalLink))
        || template
            .subject
            .as_deref()
            .and_then(|s| Template::parse(s).ok())
            .is_some_and(|t| t.uses(Var::PatientPortalLink));
    let registered = with_accounts(&txn, practice_id, &unique).await?;
    let send_id = Uuid::now_v7();
    outreach_sends::ActiveModel {
        id: Set(send_id),
        practice_id: Set(practice_id),
        template_id: Set(template.id),
        created_by: Set(actor.id.unwrap_or_default()),
        created_at: Set(now),
    }
    .insert(&txn)
    .await?;
    for pid in &unique {
        let patient = &found[pid];
        let outcome =
            recipient(&txn, state, actor, &template, channel, &branding, patient, needs_link, &registered, now).await?;
        let (outbox_message_id, skipped_reason) = match outcome {
            Recipient::Queued(message_id) => (Some(message_id), None),
            Recipient::Skipped(why) => (None, Some(why)),
        };
        outreach_recipients::ActiveModel {
            id: Set(Uuid::now_v7()),
            practice_id: Set(practice_id),
            send_id: Set(send_id),
            patient_id: Set(*pid),
            outbox_message_id: Set(outbox_message_id),
            skipped_reason: Set(skipped_reason),
        }
        .insert(&txn)
        .await?;
    }
    let event = Event::new(Action::OutreachSend { send: send_id })
        .details(json!({ "template_id": template.id, "recipients": unique.len() }));
    audit::record(&txn, now, actor, event).await?;
    let result = load_send(&txn, practice_id, send_id).await?;
    txn.commit().await?;
    Ok(result)
}

/// What became of one recipient of a send.
enum Recipient {
    /// Their message's outbox id.
    Queued(Uuid),
    /// Why they were left out, for the send's report.
    Skipped(String),
}

/// One recipient: their message, or why they were skipped.
#[allow(clippy::too_many_arguments)]
async fn recipient(
    txn: &impl ConnectionTrait,
    state: &AppState,
    actor: &Actor,
    template: &outreach_templates::Model,
    channel: OutreachChannel,
    branding: &PracticeBranding,
    patient: &patients::Model,
    needs_link: bool,
    registered: &HashSet<Uuid>,
    now: DateTime<Utc>,
) -> Result<Recipient> {
    let Some(to) = address(channel, patient) else {
        return Ok(Recipient::Skipped(match channel {
            OutreachChannel::Email => "No email address on file.".into(),
            OutreachChannel::Sms => "No phone number on file.".into(),
        }));
    };
    let link = if !needs_link {
        String::new()
    } else if registered.contains(&patient.id) {
        format!("{}{}", state.settings.public_url, sign_in_path(&branding.slug))
    } else {
        let invitee = Invitee {
            patient_id: patient.id,
            contact_id: None,
            role: GrantRole::Patient,
            origin: InvitationOrigin::Outreach,
        };
        match invitations::issue(txn, actor, patient.practice_id, &invitee, Some(channel), now).await {
            Ok(issued) => issued.link(&state.settings.public_url),
            Err(e) => match e.skip_reason() {
                Some(why) => return Ok(Recipient::Skipped(why)),
                None => return Err(e.into()),
            },
        }
    };
    let (subject, body) = render(template, branding, patient, &link)?;
    let message = match channel {
        OutreachChannel::Email => Message::Email(
            BrandedEmail {
                branding,
                public_url: &state.settings.public_url,
                greeting: String::new(),
                paragraphs: body.split("\n\n").map(|p| p.trim().to_owned()).filter(|p| !p.is_empty()).collect(),
                action: None,
                footnote: Vec::new(),
            }
            .render(&to, subject.as_deref().unwrap_or_default()),
        ),
        OutreachChannel::Sms => Message::Sms { to, text: body },
    };
    Ok(Recipient::Queued(outbox::enqueue(txn, now, patient.practice_id, MessageKind::Outreach, message).await?))
}

async fn load_send(db: &impl ConnectionTrait, practice_id: Uuid, id: Uuid) -> Result<OutreachSend> {
    let send = outreach_sends::Entity::find_by_id(id)
        .filter(outreach_sends::Column::PracticeId.eq(practice_id))
        .one(db)
        .await?
        .ok_or(OutreachError::SendNotFound)?;
    let rows = outreach_recipients::Entity::find()
        .filter(outreach_recipients::Column::SendId.eq(id))
        .order_by_asc(outreach_recipients::Column::Id)
        .all(db)
        .await?;
    let messages: HashMap<Uuid, outbox_messages::Model> = outbox_messages::Entity::find()
        .filter(outbox_messages::Column::Id.is_in(rows.iter().filter_map(|r| r.outbox_message_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|m| (m.id, m))
        .collect();
    let names: HashMap<Uuid, patients::Model> = patients::Entity::find()
        .filter(patients::Column::Id.is_in(rows.iter().map(|r| r.patient_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let recipients = rows
        .into_iter()
        .map(|r| {
            let message = r.outbox_message_id.and_then(|m| messages.get(&m));
            OutreachRecipient {
                patient_id: r.patient_id,
                patient_name: names
                    .get(&r.patient_id)
                    .map(|p| format!("{} {}", p.first_name, p.last_name))
                    .unwrap_or_default(),
                to: message.map(|m| m.recipient.clone()),
                status: message.map_or_else(|| SKIPPED.to_owned(), |m| m.status.to_string()),
                detail: r.skipped_reason.or_else(|| message.and_then(|m| m.last_error.clone())),
            }
        })
        .collect();
    Ok(OutreachSend { id: send.id, template_id: send.template_id, created_at: send.created_at, recipients })
}

/// OUT-2: a send with each recipient's current delivery status.
pub async fn get_send(state: &AppState, practice_id: Uuid, id: Uuid) -> Result<OutreachSend> {
    load_send(&state.db, practice_id, id).await
}
