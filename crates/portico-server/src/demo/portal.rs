//! Demo portal accounts, so the portal can be tried at once: the first adult patient with an
//! email (role `self`), the first adult's separate guarantor and the first minor's guardian. Each holds an accepted invitation and a
//! grant, exactly as registration leaves them, and gets the demo password on every run.
use chrono::{DateTime, Utc};
use portico_types::deliveries::Channel;
use portico_types::invitations::{GrantRole, InvitationOrigin};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, Set,
};
use uuid::Uuid;

use crate::accounts::service as accounts;
use crate::entities::values::ChannelSet;
use crate::entities::{invitations, patient_contacts, patients, portal_accounts};

/// A demo portal sign-in for the report.
pub struct DemoAccount {
    pub practice_slug: &'static str,
    pub email: String,
    pub who: String,
    pub account_id: Uuid,
    pub patient_id: Uuid,
    pub role: GrantRole,
    /// The account holder's name, as invited.
    pub name: String,
}

struct Person {
    patient_id: Uuid,
    contact_id: Option<Uuid>,
    role: GrantRole,
    first: String,
    last: String,
    email: String,
    phone: Option<String>,
    who: String,
}

async fn people(db: &impl ConnectionTrait, practice_id: Uuid, today: chrono::NaiveDate) -> anyhow::Result<Vec<Person>> {
    let all = patients::Entity::find()
        .filter(patients::Column::PracticeId.eq(practice_id))
        .order_by_asc(patients::Column::Id)
        .all(db)
        .await?;
    let adult = |p: &&patients::Model| (today - p.date_of_birth).num_days() >= 18 * 365;
    let mut out = Vec::new();
    if let Some(p) = all.iter().filter(adult).find(|p| p.email.is_some()) {
        out.push(Person {
            patient_id: p.id,
            contact_id: None,
            role: GrantRole::Patient,
            first: p.first_name.clone(),
            last: p.last_name.clone(),
            email: p.email.clone().unwrap_or_default(),
            phone: p.phone.clone(),
            who: format!("patient {} {}", p.first_name, p.last_name),
        });
    }
    // An adult with a separate guarantor (a spouse, a parent who pays): Payments without the chart.
    for p in all.iter().filter(adult) {
        let guarantor = patient_contacts::Entity::find()
            .filter(patient_contacts::Column::PatientId.eq(p.id))
            .filter(patient_contacts::Column::Relationship.eq("guarantor"))
            .filter(patient_contacts::Column::Email.is_not_null())
            .one(db)
            .await?;
        if let Some(g) = guarantor.filter(|g| out.iter().all(|o: &Person| Some(&o.email) != g.email.as_ref())) {
            out.push(Person {
                patient_id: p.id,
                contact_id: Some(g.id),
                role: GrantRole::Guarantor,
                first: g.first_name.clone(),
                last: g.last_name.clone(),
                email: g.email.clone().unwrap_or_default(),
                phone: g.phone.clone(),
                who: format!("{} {}, guarantor for {}", g.first_name, g.last_name, p.first_name),
            });
            break;
        }
    }
    for p in all.iter().filter(|p| !adult(p)) {
        let guardian = patient_contacts::Entity::find()
            .filter(patient_contacts::Column::PatientId.eq(p.id))
            .filter(patient_contacts::Column::Relationship.eq("guardian"))
            .filter(patient_contacts::Column::Email.is_not_null())
            .one(db)
            .await?;
        if let Some(g) = guardian {
            out.push(Person {
                patient_id: p.id,
                contact_id: Some(g.id),
                role: GrantRole::Guardian,
                first: g.first_name.clone(),
                last: g.last_name.clone(),
                email: g.email.clone().unwrap_or_default(),
                phone: g.phone.clone(),
                who: format!("{} {}, guardian of {}", g.first_name, g.last_name, p.first_name),
            });
            break;
        }
    }
    Ok(out)
}

pub async fn seed(
    db: &impl ConnectionTrait,
    practice_id: Uuid,
    practice_slug: &'static str,
    hash: &str,
    now: DateTime<Utc>,
) -> anyhow::Result<Vec<DemoAccount>> {
    let mut report = Vec::new();
    for person in people(db, practice_id, now.date_naive()).await? {
        let account =
            match accounts::find_by_email(db, practice_id, &person.email).await.map_err(|e| anyhow::anyhow!("{e}"))? {
                Some(existing) => {
                    let mut active = existing.into_active_model();
                    active.password_hash = Set(hash.into());
                    active.locked_at = Set(None);
                    active.failed_login_count = Set(0);
                    active.updated_at = Set(now);
                    active.update(db).await?
                }
                None => {
                    portal_accounts::ActiveModel {
                        id: Set(Uuid::now_v7()),
                        practice_id: Set(practice_id),
                        email: Set(person.email.clone()),
                        password_hash: Set(hash.into()),
                        phone: Set(person.phone.clone()),
                        email_verified_at: Set(Some(now)),
                        phone_verified_at: Set(person.phone.as_ref().map(|_| now)),
                        terms_accepted_at: Set(Some(now)),
                        registered_at: Set(Some(now)),
                        failed_login_count: Set(0),
                        last_failed_login_at: Set(None),
                        locked_at: Set(None),
                        locked_by: Set(None),
                        last_login_at: Set(None),
                        password_changed_at: Set(now),
                        created_at: Set(now),
                        updated_at: Set(now),
                    }
                    .insert(db)
                    .await?
                }
            };
        let accepted = invitations::Entity::find()
            .filter(invitations::Column::AccountId.eq(account.id))
            .filter(invitations::Column::PatientId.eq(person.patient_id))
            .one(db)
            .await?;
        if accepted.is_none() {
            let invitation = invitations::ActiveModel {
                id: Set(Uuid::now_v7()),
                practice_id: Set(practice_id),
                patient_id: Set(person.patient_id),
                contact_id: Set(person.contact_id),
                role: Set(person.role),
                origin: Set(InvitationOrigin::Facesheet),
                invitee_first_name: Set(person.first.clone()),
                invitee_last_name: Set(person.last.clone()),
                email: Set(Some(person.email.clone())),
                phone: Set(person.phone.clone()),
                channels: Set(ChannelSet(vec![Channel::Email])),
                created_by: Set(Uuid::nil()),
                created_at: Set(now),
                last_sent_at: Set(now),
                send_count: Set(1),
                expires_at: Set(now),
                revoked_at: Set(None),
                revoked_by: Set(None),
                accepted_at: Set(Some(now)),
                account_id: Set(Some(account.id)),
                password_hash: Set(None),
                email_verified_at: Set(Some(now)),
                verify_phone: Set(person.phone.clone()),
                phone_verified_at: Set(person.phone.as_ref().map(|_| now)),
            }
            .insert(db)
            .await?;
            accounts::grant(db, &account, person.patient_id, person.role, invitation.id, now)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
        }
        report.push(DemoAccount {
            practice_slug,
            email: person.email,
            who: person.who,
            account_id: account.id,
            patient_id: person.patient_id,
            role: person.role,
            name: format!("{} {}", person.first, person.last),
        });
    }
    Ok(report)
}
