//! Practice branding and portal configuration persistence, with optimistic concurrency.
use chrono::{DateTime, Utc};
use portico_types::practice::{PortalConfig, PracticeBranding};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use uuid::Uuid;

use super::error::{PracticeError, Result};
use super::model::{self, Offerings};
use crate::entities::{appointment_types, portal_configs, practices, providers};
use crate::error::is_unique_violation;
use crate::platform::audit::{self, Action, Actor, Event};
use crate::state::AppState;

pub struct Versioned {
    pub config: PortalConfig,
    pub version: i32,
}

impl Versioned {
    pub fn etag(&self) -> String {
        format!("\"cfg-{}\"", self.version)
    }
}

/// The version an `If-Match` header names, if it is one of ours.
pub fn parse_if_match(header: &str) -> Option<i32> {
    header.trim().trim_start_matches("W/").trim_matches('"').strip_prefix("cfg-")?.parse().ok()
}

pub async fn practice(db: &impl ConnectionTrait, id: Uuid) -> Result<practices::Model> {
    practices::Entity::find_by_id(id).one(db).await?.ok_or(PracticeError::NotFound)
}

/// The practice with this slug (`/portal/sign-in?practice=…`, `/book/…`); 404 otherwise.
pub async fn by_slug(db: &impl ConnectionTrait, slug: &str) -> Result<practices::Model> {
    practices::Entity::find()
        .filter(practices::Column::Slug.eq(slug.trim().to_lowercase()))
        .one(db)
        .await?
        .ok_or(PracticeError::NotFound)
}

/// Creates a practice with the default configuration (demo seeding and tests).
pub async fn create_practice(
    db: &impl ConnectionTrait,
    name: &str,
    slug: &str,
    timezone: &str,
    now: DateTime<Utc>,
) -> Result<practices::Model> {
    let practice = practices::ActiveModel {
        id: Set(Uuid::now_v7()),
        name: Set(name.into()),
        slug: Set(slug.into()),
        timezone: Set(timezone.into()),
        created_at: Set(now),
    }
    .insert(db)
    .await?;
    store_default(db, &practice, now).await?;
    Ok(practice)
}

async fn store_default(db: &impl ConnectionTrait, practice: &practices::Model, now: DateTime<Utc>) -> Result<()> {
    let config = model::default_config(&practice.name, &practice.slug);
    portal_configs::Entity::insert(portal_configs::ActiveModel {
        practice_id: Set(practice.id),
        settings: Set(serde_json::to_value(&config).map_err(anyhow::Error::from)?),
        version: Set(1),
        updated_at: Set(now),
        updated_by: Set(None),
    })
    .on_conflict(OnConflict::column(portal_configs::Column::PracticeId).do_nothing().to_owned())
    .exec_without_returning(db)
    .await?;
    Ok(())
}

pub async fn load_config(db: &impl ConnectionTrait, practice_id: Uuid, now: DateTime<Utc>) -> Result<Versioned> {
    config_of(db, &practice(db, practice_id).await?, now).await
}

async fn config_of(db: &impl ConnectionTrait, practice: &practices::Model, now: DateTime<Utc>) -> Result<Versioned> {
    let practice_id = practice.id;
    let row = match portal_configs::Entity::find_by_id(practice_id).one(db).await? {
        Some(row) => row,
        None => {
            store_default(db, practice, now).await?;
            portal_configs::Entity::find_by_id(practice_id)
                .one(db)
                .await?
                .ok_or_else(|| anyhow::anyhow!("portal configuration missing after insert"))?
        }
    };
    let mut config: PortalConfig = serde_json::from_value(row.settings).map_err(anyhow::Error::from)?;
    // The slug lives on the practice row (it is unique across the deployment).
    config.online_scheduling.slug = practice.slug.clone();
    Ok(Versioned { config, version: row.version })
}

pub async fn branding(db: &impl ConnectionTrait, practice_id: Uuid, now: DateTime<Utc>) -> Result<PracticeBranding> {
    Ok(branding_and_config(db, practice_id, now).await?.0)
}

/// The branding and the whole configuration, from one read of each row (portal Home needs both).
pub async fn branding_and_config(
    db: &impl ConnectionTrait,
    practice_id: Uuid,
    now: DateTime<Utc>,
) -> Result<(PracticeBranding, PortalConfig)> {
    let practice = practice(db, practice_id).await?;
    let config = config_of(db, &practice, now).await?.config;
    let branding = PracticeBranding {
        id: practice.id,
        slug: practice.slug,
        display_name: config.branding.display_name.clone(),
        logo_url: config.branding.logo_url.clone(),
        phone: config.branding.phone.clone(),
        accent_color: config.branding.accent_color.clone(),
        timezone: practice.timezone,
    };
    Ok((branding, config))
}

async fn offerings(db: &impl ConnectionTrait, practice_id: Uuid, logo_origins: &[String]) -> Result<Offerings> {
    let types =
        appointment_types::Entity::find().filter(appointment_types::Column::PracticeId.eq(practice_id)).all(db).await?;
    let provs = providers::Entity::find().filter(providers::Column::PracticeId.eq(practice_id)).all(db).await?;
    Ok(Offerings {
        appointment_type_ids: types.into_iter().filter(|t| t.active).map(|t| t.id).collect(),
        provider_ids: provs.into_iter().filter(|p| p.active).map(|p| p.id).collect(),
        logo_origins: logo_origins.to_vec(),
    })
}

/// CFG-6: replaces the configuration if `If-Match` still names the current version; audited
/// with every changed field's old and new value. Nothing is saved when any rule fails.
pub async fn update_config(
    state: &AppState,
    actor: &Actor,
    practice_id: Uuid,
    if_match: Option<&str>,
    proposed: PortalConfig,
) -> Result<Versioned> {
    let Some(if_match) = if_match else { return Err(PracticeError::VersionRequired) };
    let now = state.now();
    let txn = crate::platform::db::begin(&state.db).await?;
    let current = load_config(&txn, practice_id, now).await?;
    // RFC 9110: `If-Match: *` matches whatever version is current.
    let expected =
        if if_match.trim() == "*" { current.version } else { parse_if_match(if_match).ok_or(PracticeError::Stale)? };
    if current.version != expected {
        return Err(PracticeError::Stale);
    }
    let offered = offerings(&txn, practice_id, &state.settings.logo_origins).await?;
    let config = model::validate(proposed, &offered)?;
    let changes = model::diff(&current.config, &config);
    let updated = portal_configs::Entity::update_many()
        .col_expr(
            portal_configs::Column::Settings,
            Expr::value(serde_json::to_value(&config).map_err(anyhow::Error::from)?),
        )
        .col_expr(portal_configs::Column::Version, Expr::value(expected + 1))
        .col_expr(portal_configs::Column::UpdatedAt, Expr::value(now))
        .col_expr(portal_configs::Column::UpdatedBy, Expr::value(actor.id))
        .filter(portal_configs::Column::PracticeId.eq(practice_id))
        .filter(portal_configs::Column::Version.eq(expected))
        .exec(&txn)
        .await?;
    if updated.rows_affected != 1 {
        return Err(PracticeError::Stale);
    }
    if config.online_scheduling.slug != current.config.online_scheduling.slug {
        practices::Entity::update_many()
            .col_expr(practices::Column::Slug, Expr::value(config.online_scheduling.slug.clone()))
            .filter(practices::Column::Id.eq(practice_id))
            .exec(&txn)
            .await
            .map_err(|e| if is_unique_violation(&e) { PracticeError::SlugTaken } else { e.into() })?;
    }
    let event = Event::new(Action::PortalConfigUpdate { practice: practice_id }).details(changes);
    audit::record(&txn, now, actor, event).await?;
    txn.commit().await?;
    Ok(Versioned { config, version: expected + 1 })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn if_match_forms() {
        assert_eq!(parse_if_match("\"cfg-7\""), Some(7));
        assert_eq!(parse_if_match("W/\"cfg-7\""), Some(7));
        assert_eq!(parse_if_match("\"abc\""), None);
    }
}
