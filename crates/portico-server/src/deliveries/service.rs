//! The delivery log's use cases: what the outbox sent, and (for the file mailbox) what it said.
use chrono::{DateTime, Utc};
use portico_types::Page;
use portico_types::deliveries::{Delivery, FiledMessage};
use sea_orm::{ColumnTrait, EntityTrait, Order, QueryFilter};
use uuid::Uuid;

use super::error::{DeliveryError, Result};
use crate::entities::outbox_messages;
use crate::error::FieldErrors;
use crate::platform::outbox::model::{Channel, OutboxStatus};
use crate::platform::outbox::transports;
use crate::platform::pagination::PageRequest;
use crate::state::AppState;

/// Which messages to list; `status` and `channel` by name, as the query string has them.
#[derive(Debug, Default)]
pub struct Filter<'a> {
    pub status: Option<&'a str>,
    pub channel: Option<&'a str>,
    pub cursor: Option<&'a str>,
    pub limit: Option<u64>,
}

fn to_dto(m: outbox_messages::Model) -> Delivery {
    Delivery {
        id: m.id,
        next_attempt_at: (m.status == OutboxStatus::Pending).then_some(m.next_attempt_at),
        kind: m.kind.to_string(),
        channel: m.channel.to_string(),
        recipient: m.recipient,
        status: m.status.to_string(),
        attempts: m.attempts,
        created_at: m.created_at,
        sent_at: m.sent_at,
        last_error: m.last_error,
    }
}

/// The practice's emails and texts, newest first; message bodies are never listed.
pub async fn list(state: &AppState, practice_id: Uuid, f: Filter<'_>) -> Result<Page<Delivery>> {
    let page = PageRequest::<DateTime<Utc>>::parse(f.cursor, f.limit)?;
    let mut errors = FieldErrors::new();
    let status = f.status.map(|s| OutboxStatus::parse(s).ok_or("Use one of: pending, sending, sent, failed."));
    let status = status.and_then(|s| errors.check("status", s.map_err(str::to_owned)));
    let channel = f.channel.map(|c| Channel::parse(c).ok_or("Use email or sms."));
    let channel = channel.and_then(|c| errors.check("channel", c.map_err(str::to_owned)));
    errors.finish()?;
    let mut query = outbox_messages::Entity::find().filter(outbox_messages::Column::PracticeId.eq(practice_id));
    if let Some(status) = status {
        query = query.filter(outbox_messages::Column::Status.eq(status));
    }
    if let Some(channel) = channel {
        query = query.filter(outbox_messages::Column::Channel.eq(channel));
    }
    let keys = (outbox_messages::Column::CreatedAt, outbox_messages::Column::Id);
    let (rows, next_cursor) = page.fetch(&state.db, query, keys, Order::Desc, |r| (r.created_at, r.id)).await?;
    Ok(Page { items: rows.into_iter().map(to_dto).collect(), next_cursor })
}

/// The message as the file mailbox holds it: only with the demo mailbox switched on
/// (`PORTICO_DEMO_MAILBOX`, development and the demo: message bodies hold live links and codes),
/// only while messages go to files, and only the practice's own.
pub async fn filed(state: &AppState, practice_id: Uuid, id: Uuid) -> Result<FiledMessage> {
    if !state.settings.demo_mailbox {
        return Err(DeliveryError::NotFiled);
    }
    let row = outbox_messages::Entity::find_by_id(id)
        .filter(outbox_messages::Column::PracticeId.eq(practice_id))
        .one(&state.db)
        .await?
        .ok_or(DeliveryError::NotFiled)?;
    let settings = &state.settings;
    let filed_to_disk = match row.channel {
        Channel::Email => settings.smtp_url.as_deref().is_none_or(str::is_empty),
        Channel::Sms => settings.sms_api_url.as_deref().is_none_or(str::is_empty),
    };
    if !filed_to_disk {
        return Err(DeliveryError::NotFiled);
    }
    let dir = settings.data_dir.join("outbox").join(row.channel.as_str());
    tokio::task::spawn_blocking(move || transports::filed(&dir, row.id))
        .await
        .map_err(anyhow::Error::from)?
        .ok_or(DeliveryError::NotFiled)
}
