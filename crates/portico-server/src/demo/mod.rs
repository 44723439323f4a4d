//! `portico demo`: two practices with staff, providers, locations, appointment types, weekly
//! availability, patients and contacts. Idempotent: practices that exist are left as they are;
//! demo staff passwords are (re)set so the printed sign-in always works.
mod conversations;
mod ledger;
mod pdf;
mod people;
mod portal;

use std::fmt;

use chrono::{DateTime, Utc};
use portico_types::staff::StaffRole;
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, IntoActiveModel, QueryFilter, Set};
use uuid::Uuid;

use crate::entities::values::StaffRoles;
use crate::entities::{
    appointment_types, availability_rules, locations, outreach_templates, portal_configs, practices, providers,
    staff_users,
};
use crate::patients::model::{ContactDetails, Demographics};
use crate::patients::service as patients;
use crate::platform::clock::Clock;
use crate::platform::storage::FileStore;
use crate::platform::{crypto, passwords};
use crate::practices::service::create_practice;
use crate::staff::users;
use portico_types::deliveries::Channel;

struct PracticeSpec {
    name: &'static str,
    /// The phone patients see in emails and the portal.
    phone: &'static str,
    slug: &'static str,
    timezone: &'static str,
    seed: u64,
    patients: usize,
    staff: &'static [(&'static str, &'static str, &'static [StaffRole])],
    providers: &'static [(&'static str, &'static str)],
    locations: &'static [(&'static str, &'static str)],
    types: &'static [(&'static str, i32, bool)],
}

const PRACTICES: &[PracticeSpec] = &[
    PracticeSpec {
        name: "Riverside Physical Therapy",
        phone: "(217) 555-0100",
        slug: "riverside-pt",
        timezone: "America/Chicago",
        seed: 2026,
        patients: 50,
        staff: &[
            ("admin@riverside.example", "Alex Morgan", &[StaffRole::Admin]),
            ("frontdesk@riverside.example", "Jamie Rivera", &[StaffRole::FrontDesk]),
            ("billing@riverside.example", "Pat Kowalski", &[StaffRole::Billing]),
            ("clinician@riverside.example", "Dr. Maya Chen", &[StaffRole::Clinician]),
        ],
        providers: &[("Dr. Maya Chen", "PT, DPT"), ("Jordan Alvarez", "PT"), ("Sam Whitaker", "PTA")],
        locations: &[
            ("Riverside Main Clinic", "120 River Rd, Springfield, IL 62701"),
            ("Northside Clinic", "4800 N Grand Ave, Springfield, IL 62702"),
        ],
        types: &[
            ("Initial Evaluation", 60, true),
            ("Follow-up Visit", 45, false),
            ("Re-evaluation", 45, false),
            ("Telehealth Check-in", 30, false),
        ],
    },
    PracticeSpec {
        name: "Lakeside Behavioral Health",
        phone: "(802) 555-0100",
        slug: "lakeside-bh",
        timezone: "America/New_York",
        seed: 4242,
        patients: 12,
        staff: &[
            ("admin@lakeside.example", "Robin Hayes", &[StaffRole::Admin]),
            ("clinician@lakeside.example", "Dr. Lena Okafor", &[StaffRole::Clinician]),
        ],
        providers: &[("Dr. Lena Okafor", "PsyD"), ("Chris Patel", "LCSW")],
        locations: &[("Lakeside Office", "15 Harbor St, Burlington, VT 05401")],
        types: &[("Intake Session", 90, true), ("Therapy Session", 50, false)],
    },
];

/// Outreach Flows templates every demo practice starts with: (name, channel, subject, body).
const OUTREACH: &[(&str, Channel, Option<&str>, &str)] = &[
    (
        "Portal invitation",
        Channel::Email,
        Some("{{ practice_name }} has a patient portal"),
        "Hello {{ patient_first_name }},\n\n{{ practice_name }} now offers a secure patient portal: see your \
         appointments, fill in forms and message us whenever it suits you.\n\nGet started here: \
         {{ patient_portal_link }}\n\nQuestions? Call us at {{ practice_phone }}.",
    ),
    (
        "Portal reminder (text)",
        Channel::Sms,
        None,
        "{{ practice_name }}: hi {{ patient_first_name }}, your patient portal is ready: {{ patient_portal_link }}",
    ),
];

pub struct Report {
    password: String,
    generated: bool,
    created: Vec<&'static str>,
    existing: Vec<&'static str>,
    portal: Vec<portal::DemoAccount>,
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "Demo data ready.")?;
        for p in &self.created {
            writeln!(f, "  created  {p}")?;
        }
        for p in &self.existing {
            writeln!(f, "  present  {p} (left as it was)")?;
        }
        writeln!(f, "\nStaff sign-in (every demo staff user has this password):")?;
        for spec in PRACTICES {
            for (email, name, roles) in spec.staff {
                let roles: Vec<_> = roles.iter().map(|r| r.label()).collect();
                writeln!(f, "  {email:<30} {name} ({})", roles.join(", "))?;
            }
        }
        writeln!(f, "  password: {}", self.password)?;
        writeln!(f, "\nPatient portal sign-in (same password), at /portal/sign-in?practice=<slug>:")?;
        for a in &self.portal {
            writeln!(f, "  {:<36} {} ({})", a.email, a.who, a.practice_slug)?;
        }
        if self.generated {
            write!(f, "\n(The password was generated; set PORTICO_DEMO_PASSWORD to choose it.)")?;
        }
        Ok(())
    }
}

pub async fn seed(
    db: &DatabaseConnection,
    files: &FileStore,
    clock: &dyn Clock,
    password: Option<String>,
) -> anyhow::Result<Report> {
    let generated = password.is_none();
    let password = password.unwrap_or_else(|| crypto::random_token(12));
    if let Some(why) = passwords::policy_violation(&password, "") {
        anyhow::bail!("PORTICO_DEMO_PASSWORD is not acceptable: {why}");
    }
    let hash = passwords::hash_now(&password)?;
    let now = clock.now();
    let mut report = Report { password, generated, created: Vec::new(), existing: Vec::new(), portal: Vec::new() };
    for spec in PRACTICES {
        let txn = crate::platform::db::begin(db).await?;
        let existing = practices::Entity::find().filter(practices::Column::Slug.eq(spec.slug)).one(&txn).await?;
        let practice_id = match existing {
            Some(p) => {
                report.existing.push(spec.name);
                p.id
            }
            None => {
                let id = seed_practice(&txn, spec, now).await?;
                report.created.push(spec.name);
                id
            }
        };
        for (email, name, roles) in spec.staff {
            upsert_staff(&txn, practice_id, email, name, roles, &hash, now).await?;
        }
        let accounts = portal::seed(&txn, practice_id, spec.slug, &hash, now).await?;
        conversations::seed(&txn, files, practice_id, &accounts, now).await?;
        ledger::seed(&txn, practice_id, &accounts, now).await?;
        ledger::seed_card(&txn, practice_id, &accounts, now).await?;
        report.portal.extend(accounts);
        txn.commit().await?;
    }
    Ok(report)
}

/// The practice's first staff user (by email) holding `role`, else its first staff user: who the
/// demo's history is written by.
async fn staff_with(
    db: &impl sea_orm::ConnectionTrait,
    practice_id: Uuid,
    role: StaffRole,
) -> anyhow::Result<Option<crate::entities::staff_users::Model>> {
    use sea_orm::QueryOrder;
    let staff = crate::entities::staff_users::Entity::find()
        .filter(crate::entities::staff_users::Column::PracticeId.eq(practice_id))
        .order_by_asc(crate::entities::staff_users::Column::Email)
        .all(db)
        .await?;
    Ok(staff.iter().find(|u| u.roles.0.contains(&role)).or(staff.first()).cloned())
}

async fn upsert_staff(
    db: &impl sea_orm::ConnectionTrait,
    practice_id: Uuid,
    email: &str,
    name: &str,
    roles: &[StaffRole],
    hash: &str,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    let existing = staff_users::Entity::find()
        .filter(staff_users::Column::PracticeId.eq(practice_id))
        .filter(staff_users::Column::Email.eq(email))
        .one(db)
        .await?;
    match existing {
        Some(user) => {
            let mut active = user.into_active_model();
            active.password_hash = Set(hash.into());
            active.locked_at = Set(None);
            active.failed_login_count = Set(0);
            active.active = Set(true);
            active.updated_at = Set(now);
            active.update(db).await?;
        }
        None => {
            users::insert(db, practice_id, email, name, StaffRoles::new(roles), hash, now).await?;
        }
    }
    Ok(())
}

async fn seed_practice(
    db: &impl sea_orm::ConnectionTrait,
    spec: &PracticeSpec,
    now: DateTime<Utc>,
) -> anyhow::Result<Uuid> {
    let practice =
        create_practice(db, spec.name, spec.slug, spec.timezone, now).await.map_err(|e| anyhow::anyhow!("{e}"))?;
    // The branding phone, straight into the fresh default configuration (version 1, no edit yet).
    let row = portal_configs::Entity::find_by_id(practice.id).one(db).await?.ok_or(anyhow::anyhow!("no config"))?;
    let mut config: portico_types::practice::PortalConfig = serde_json::from_value(row.settings.clone())?;
    config.branding.phone = Some(spec.phone.into());
    let mut row = row.into_active_model();
    row.settings = Set(serde_json::to_value(&config)?);
    row.update(db).await?;
    let mut provider_ids = Vec::new();
    for (name, credentials) in spec.providers {
        let p = providers::ActiveModel {
            id: Set(Uuid::now_v7()),
            practice_id: Set(practice.id),
            name: Set((*name).into()),
            credentials: Set(Some((*credentials).into())),
            active: Set(true),
        }
        .insert(db)
        .await?;
        provider_ids.push(p.id);
    }
    let mut location_ids = Vec::new();
    for (name, address) in spec.locations {
        let l = locations::ActiveModel {
            id: Set(Uuid::now_v7()),
            practice_id: Set(practice.id),
            name: Set((*name).into()),
            address: Set((*address).into()),
        }
        .insert(db)
        .await?;
        location_ids.push(l.id);
    }
    for (name, minutes, new_patients) in spec.types {
        appointment_types::ActiveModel {
            id: Set(Uuid::now_v7()),
            practice_id: Set(practice.id),
            name: Set((*name).into()),
            duration_minutes: Set(*minutes),
            new_patients: Set(*new_patients),
            active: Set(true),
        }
        .insert(db)
        .await?;
    }
    // Weekdays 8:00–17:00 (12:00–13:00 lunch); providers alternate locations by day.
    for (pi, provider_id) in provider_ids.iter().enumerate() {
        for weekday in 1..=5i16 {
            let location_id = location_ids[(pi + weekday as usize) % location_ids.len()];
            for (start, end) in [(8 * 60, 12 * 60), (13 * 60, 17 * 60)] {
                availability_rules::ActiveModel {
                    id: Set(Uuid::now_v7()),
                    practice_id: Set(practice.id),
                    provider_id: Set(*provider_id),
                    location_id: Set(location_id),
                    weekday: Set(weekday),
                    start_minute: Set(start),
                    end_minute: Set(end),
                }
                .insert(db)
                .await?;
            }
        }
    }
    for (name, channel, subject, body) in OUTREACH {
        outreach_templates::ActiveModel {
            id: Set(Uuid::now_v7()),
            practice_id: Set(practice.id),
            name: Set((*name).into()),
            channel: Set(*channel),
            subject: Set(subject.map(Into::into)),
            body: Set((*body).into()),
            created_by: Set(Uuid::nil()),
            created_at: Set(now),
            updated_at: Set(now),
        }
        .insert(db)
        .await?;
    }
    let today = now.date_naive();
    for person in people::patients(spec.seed, spec.patients, today) {
        let d = Demographics::parse(&person.patient, today)
            .map_err(|e| anyhow::anyhow!("demo patient invalid: {:?}", e.finish().err()))?;
        let patient = patients::insert(db, practice.id, &d, now).await.map_err(|e| anyhow::anyhow!("{e}"))?;
        for c in &person.contacts {
            let c = ContactDetails::parse(c)
                .map_err(|e| anyhow::anyhow!("demo contact invalid: {:?}", e.finish().err()))?;
            patients::insert_contact(db, practice.id, patient.id, &c, now).await.map_err(|e| anyhow::anyhow!("{e}"))?;
        }
    }
    Ok(practice.id)
}

#[cfg(test)]
mod tests {
    use crate::outreach::template::Template;

    #[test]
    fn demo_outreach_templates_parse() {
        for (name, _, subject, body) in super::OUTREACH {
            assert!(Template::parse(body).is_ok(), "{name}");
            assert!(subject.is_none_or(|s| Template::parse(s).is_ok()), "{name}");
        }
    }
}
