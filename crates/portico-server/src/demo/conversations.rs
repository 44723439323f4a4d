//! Demo conversations, so the portal's Messages and the staff inbox have something real in them
//! on first run: for each demo portal account, a thread the front desk started, with replies,
//! the last one from the practice and still unread by the patient; the first thread's opening
//! message carries a PDF of the exercise plan. Seeded once per practice.
use chrono::{DateTime, Duration, Utc};
use portico_types::messaging::{Participant, Party};
use portico_types::staff::StaffRole;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter};
use uuid::Uuid;

use sha2::{Digest, Sha256};

use super::pdf;
use super::portal::DemoAccount;
use crate::entities::message_threads;
use crate::files::model::Kind;
use crate::files::upload::Upload;
use crate::messaging::service::{Written, write_conversation};
use crate::platform::storage::FileStore;

/// The plan the first thread's opening message sends, stored like any upload.
async fn exercise_plan(files: &FileStore, practice_id: Uuid) -> anyhow::Result<Upload> {
    let bytes = pdf::one_page(
        "Home exercise plan",
        &[
            "Heel slides: 10 repetitions, twice a day.",
            "Quad sets: hold 5 seconds, 10 repetitions, twice a day.",
            "Ice for 15 minutes afterwards.",
            "Stop if the pain is more than 4 out of 10, and call us.",
        ],
    );
    let upload = Upload {
        key: FileStore::new_key(practice_id),
        name: "Home exercise plan.pdf".into(),
        kind: Kind::Pdf,
        size: bytes.len() as u64,
        sha256: hex::encode(Sha256::digest(&bytes)),
    };
    files.put(&upload.key, bytes.into()).await?;
    Ok(upload)
}

/// (subject, [(from the practice?, text)]) — the first message is the practice's.
const THREADS: &[(&str, &[(bool, &str)])] = &[
    (
        "Your home exercise plan",
        &[
            (
                true,
                "Hello! After today's visit we updated your home exercises.\n\nPlease do the heel slides and quad sets twice a day, 10 of each. Stop if anything hurts more than a 4 out of 10.",
            ),
            (false, "Thank you. Should I keep using ice after the exercises?"),
            (true, "Yes: 15 minutes of ice afterwards is a good idea for the next two weeks. See you Thursday!"),
        ],
    ),
    (
        "Before your next visit",
        &[
            (true, "Please bring your insurance card and wear shorts or loose trousers to your next appointment."),
            (false, "Will do, thanks."),
        ],
    ),
];

pub async fn seed(
    db: &impl ConnectionTrait,
    files: &FileStore,
    practice_id: Uuid,
    accounts: &[DemoAccount],
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    let existing =
        message_threads::Entity::find().filter(message_threads::Column::PracticeId.eq(practice_id)).count(db).await?;
    if existing > 0 {
        return Ok(());
    }
    let Some(desk) = super::staff_with(db, practice_id, StaffRole::FrontDesk).await? else {
        return Ok(());
    };
    let plan = [exercise_plan(files, practice_id).await?];
    for (i, account) in accounts.iter().enumerate() {
        let (subject, lines) = THREADS[i % THREADS.len()];
        let participant =
            Participant { account_id: account.account_id, name: account.name.clone(), role: account.role };
        // Three days ago in the (US) morning, replies a couple of hours apart.
        let day = (now - Duration::days(3)).date_naive().and_hms_opt(15, 0, 0).map(|t| t.and_utc()).unwrap_or(now);
        let start = day + Duration::hours(i as i64);
        let messages: Vec<Written> = lines
            .iter()
            .enumerate()
            .map(|(n, (practice, body))| Written {
                author: if *practice { Party::Staff } else { Party::Portal },
                author_id: if *practice { desk.id } else { account.account_id },
                author_name: if *practice { desk.name.as_str() } else { account.name.as_str() },
                body,
                attachments: if i == 0 && n == 0 { &plan } else { &[] },
                at: start + Duration::hours(2 * n as i64) + Duration::minutes(7 * n as i64),
            })
            .collect();
        write_conversation(db, practice_id, account.patient_id, subject, &[participant], &messages)
            .await
            .map_err(|e| anyhow::anyhow!("demo conversation: {e}"))?;
    }
    Ok(())
}
