//! The notifications outbox (NOT-1). A use case calls [`enqueue`] with its own transaction, so a
//! notification exists exactly when the change that caused it does. A [`Worker`] claims due rows
//! under a lease (`FOR UPDATE SKIP LOCKED` on PostgreSQL, so instances never claim the same
//! row), sends them, and marks them sent or schedules a retry.
//!
//! Delivery is at least once: a worker that dies after sending but before marking leaves the row
//! claimed; when its lease expires another worker sends it again. A row marked sent is never
//! sent again.
pub mod branded;
pub mod model;
pub mod transports;

use std::sync::Arc;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, LockBehavior, LockType, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, Set,
};
use uuid::Uuid;

use self::model::{AfterFailure, Channel, LEASE, MessageKind, OutboxStatus, after_failure};
use self::transports::{Email, Transports};
use crate::entities::outbox_messages::{self, Entity as Outbox};
use crate::platform::clock::Clock;

/// A notification to send.
#[derive(Debug, Clone)]
pub enum Message {
    Email(Email),
    Sms { to: String, text: String },
}

/// Adds a message to the outbox, inside the caller's transaction. `kind` names what caused it
/// (`invitation`, `verification_code` …) for the delivery log.
pub async fn enqueue(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    practice_id: Uuid,
    kind: MessageKind,
    message: Message,
) -> Result<Uuid, DbErr> {
    let (channel, recipient, subject, text, html) = match message {
        Message::Email(e) => (Channel::Email, e.to, Some(e.subject), e.text, e.html),
        Message::Sms { to, text } => (Channel::Sms, to, None, text, None),
    };
    let row = outbox_messages::ActiveModel {
        id: Set(Uuid::now_v7()),
        practice_id: Set(practice_id),
        kind: Set(kind),
        channel: Set(channel),
        recipient: Set(recipient),
        subject: Set(subject),
        body_text: Set(Some(text)),
        body_html: Set(html),
        status: Set(OutboxStatus::Pending),
        attempts: Set(0),
        next_attempt_at: Set(now),
        locked_until: Set(None),
        last_error: Set(None),
        created_at: Set(now),
        sent_at: Set(None),
    }
    .insert(db)
    .await?;
    Ok(row.id)
}

/// Claims up to `limit` due messages: pending ones whose time has come, and ones whose worker's
/// lease ran out. Each claim counts as an attempt.
pub async fn claim(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    limit: u64,
) -> Result<Vec<outbox_messages::Model>, DbErr> {
    let due = Condition::any()
        .add(
            Condition::all()
                .add(outbox_messages::Column::Status.eq(OutboxStatus::Pending))
                .add(outbox_messages::Column::NextAttemptAt.lte(now)),
        )
        .add(
            Condition::all()
                .add(outbox_messages::Column::Status.eq(OutboxStatus::Sending))
                .add(outbox_messages::Column::LockedUntil.lt(now)),
        );
    // SQLite has one writer at a time and no row locks; its query builder leaves the lock out.
    let ids = Query::select()
        .column(outbox_messages::Column::Id)
        .from(Outbox)
        .cond_where(due.clone())
        .order_by(outbox_messages::Column::NextAttemptAt, sea_orm::Order::Asc)
        .limit(limit)
        .lock_with_behavior(LockType::Update, LockBehavior::SkipLocked)
        .to_owned();
    Outbox::update_many()
        .col_expr(outbox_messages::Column::Status, Expr::value(OutboxStatus::Sending))
        .col_expr(outbox_messages::Column::LockedUntil, Expr::value(now + LEASE))
        .col_expr(outbox_messages::Column::Attempts, Expr::col(outbox_messages::Column::Attempts).add(1))
        .filter(outbox_messages::Column::Id.in_subquery(ids))
        .filter(due)
        .exec_with_returning(db)
        .await
}

/// Records the outcome of one attempt. Bodies are cleared once the message is finished with.
/// Only the current claim counts: a worker whose lease ran out and whose message was claimed
/// again (a higher attempt number) changes nothing.
pub async fn finish(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    row: &outbox_messages::Model,
    result: Result<(), String>,
) -> Result<(), DbErr> {
    let mut update = Outbox::update_many()
        .col_expr(outbox_messages::Column::LockedUntil, Expr::value(Option::<DateTime<Utc>>::None))
        .filter(outbox_messages::Column::Id.eq(row.id))
        .filter(outbox_messages::Column::Status.eq(OutboxStatus::Sending))
        .filter(outbox_messages::Column::Attempts.eq(row.attempts));
    let scrub = |u: sea_orm::UpdateMany<Outbox>| {
        u.col_expr(outbox_messages::Column::BodyText, Expr::value(Option::<String>::None))
            .col_expr(outbox_messages::Column::BodyHtml, Expr::value(Option::<String>::None))
    };
    update = match result {
        Ok(()) => scrub(update)
            .col_expr(outbox_messages::Column::Status, Expr::value(OutboxStatus::Sent))
            .col_expr(outbox_messages::Column::SentAt, Expr::value(now))
            .col_expr(outbox_messages::Column::LastError, Expr::value(Option::<String>::None)),
        Err(reason) => {
            let reason: String = reason.chars().take(500).collect();
            let update = update.col_expr(outbox_messages::Column::LastError, Expr::value(reason));
            match after_failure(row.attempts, now) {
                AfterFailure::RetryAt(at) => update
                    .col_expr(outbox_messages::Column::Status, Expr::value(OutboxStatus::Pending))
                    .col_expr(outbox_messages::Column::NextAttemptAt, Expr::value(at)),
                AfterFailure::GiveUp => {
                    scrub(update).col_expr(outbox_messages::Column::Status, Expr::value(OutboxStatus::Failed))
                }
            }
        }
    };
    update.exec(db).await?;
    Ok(())
}

/// Sends one claimed message through its channel's transport.
pub async fn send(transports: &Transports, row: &outbox_messages::Model) -> Result<(), String> {
    let text = row.body_text.clone().ok_or("the message body is gone")?;
    match row.channel {
        Channel::Email => {
            let email = Email {
                to: row.recipient.clone(),
                subject: row.subject.clone().unwrap_or_default(),
                text,
                html: row.body_html.clone(),
            };
            transports.email.send(row.id, &email).await
        }
        Channel::Sms => transports.sms.send(row.id, &row.recipient, &text).await,
    }
}

/// Delivers messages in the background of `portico serve`.
#[derive(Clone)]
pub struct Worker {
    pub db: DatabaseConnection,
    pub clock: Arc<dyn Clock>,
    pub transports: Arc<Transports>,
}

impl Worker {
    /// One pass: claims a batch, sends each, records each outcome. Returns how many it handled.
    pub async fn deliver_due(&self, limit: u64) -> Result<usize, DbErr> {
        let rows = claim(&self.db, self.clock.now(), limit).await?;
        for row in &rows {
            let result = send(&self.transports, row).await;
            if let Err(reason) = &result {
                tracing::warn!(message_id = %row.id, attempt = row.attempts, reason, "delivery failed");
            }
            finish(&self.db, self.clock.now(), row, result).await?;
        }
        Ok(rows.len())
    }

    /// Runs until the task is dropped; idles a second when there is nothing to do. Stopping it
    /// mid-send is safe: the lease runs out and the message is sent again.
    pub async fn run(self) {
        // Housekeeping rides along when there is nothing to send: expired idempotency keys go.
        let mut swept: Option<std::time::Instant> = None;
        loop {
            match self.deliver_due(20).await {
                Ok(n) if n > 0 => continue,
                Ok(_) => {}
                Err(e) => tracing::error!(error = %e, "outbox pass failed"),
            }
            if swept.is_none_or(|t| t.elapsed() >= std::time::Duration::from_secs(3600)) {
                swept = Some(std::time::Instant::now());
                if let Err(e) = crate::platform::idempotency::purge_expired(&self.db, self.clock.now()).await {
                    tracing::error!(error = %e, "purging expired idempotency keys failed");
                }
            }
            tokio::time::sleep(std::time::Duration::from_secs(1)).await;
        }
    }
}
