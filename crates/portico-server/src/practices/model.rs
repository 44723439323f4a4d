//! Portal configuration rules (CFG-1…5), pure: defaults, validation and the audit diff.
use std::collections::BTreeMap;

use portico_types::practice::{
    AppointmentRequests, BrandingSettings, InvitationSettings, MessagingSettings, OnlineScheduling, PortalConfig,
    PortalPermissions, ScheduleNotice,
};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::error::FieldErrors;

pub fn default_config(display_name: &str, slug: &str) -> PortalConfig {
    PortalConfig {
        schedule_notice: ScheduleNotice { min_notice_hours: 24, max_notice_hours: 0 },
        appointment_requests: AppointmentRequests { require_approval: true },
        online_scheduling: OnlineScheduling {
            enabled: false,
            slug: slug.into(),
            appointment_type_ids: Vec::new(),
            provider_ids: Vec::new(),
            new_patient_bookings_are_requests: true,
        },
        permissions: PortalPermissions {
            add_payment_methods: true,
            delete_payment_methods: true,
            cancel_appointments: true,
            reschedule_appointments: true,
            change_min_notice_hours: None,
        },
        messaging: MessagingSettings { enabled: true, patients_can_start_threads: false },
        waitlist_enabled: false,
        invitations: InvitationSettings { expiry_days: 14, resend_cooldown_seconds: 60 },
        branding: BrandingSettings {
            display_name: display_name.into(),
            logo_url: None,
            phone: None,
            accent_color: "#1f6f8b".into(),
        },
    }
}

/// A year: the furthest ahead any notice setting may reach.
const MAX_NOTICE_HOURS: i64 = 24 * 366;

/// What the practice offers, for checking the ids a config refers to, and where its logo may
/// come from.
pub struct Offerings {
    pub appointment_type_ids: Vec<Uuid>,
    pub provider_ids: Vec<Uuid>,
    /// The image hosts the Content-Security-Policy allows (`PORTICO_LOGO_ORIGINS`), besides this
    /// server: a logo from anywhere else would not show.
    pub logo_origins: Vec<String>,
}

/// The origin of an absolute URL, `https://host[:port]`.
fn origin(url: &url::Url) -> String {
    url.origin().ascii_serialization()
}

/// Checks every rule and returns the normalised config, or every problem at once.
pub fn validate(mut c: PortalConfig, offered: &Offerings) -> Result<PortalConfig, FieldErrors> {
    let mut e = FieldErrors::new();
    let n = &c.schedule_notice;
    if !(0..=MAX_NOTICE_HOURS).contains(&n.min_notice_hours) {
        e.add("schedule_notice.min_notice_hours", format!("Enter a number of hours from 0 to {MAX_NOTICE_HOURS}."));
    }
    if n.max_notice_hours < 0 || n.max_notice_hours > MAX_NOTICE_HOURS {
        e.add(
            "schedule_notice.max_notice_hours",
            format!("Enter 0 for unlimited, or a number of hours up to {MAX_NOTICE_HOURS}."),
        );
    } else if n.max_notice_hours != 0 && n.max_notice_hours < n.min_notice_hours {
        e.add(
            "schedule_notice.max_notice_hours",
            format!(
                "Maximum notice cannot be less than the minimum ({} hours). Enter 0 for unlimited.",
                n.min_notice_hours
            ),
        );
    }

    let s = &mut c.online_scheduling;
    s.slug = s.slug.trim().to_lowercase();
    if let Err(why) = slug(&s.slug) {
        e.add("online_scheduling.slug", why);
    }
    dedup(&mut s.appointment_type_ids);
    dedup(&mut s.provider_ids);
    for (i, id) in s.appointment_type_ids.iter().enumerate() {
        if !offered.appointment_type_ids.contains(id) {
            e.add(
                format!("online_scheduling.appointment_type_ids[{i}]"),
                "This appointment type is not one of your practice's.",
            );
        }
    }
    for (i, id) in s.provider_ids.iter().enumerate() {
        if !offered.provider_ids.contains(id) {
            e.add(format!("online_scheduling.provider_ids[{i}]"), "This provider is not one of your practice's.");
        }
    }
    if s.enabled && s.appointment_type_ids.is_empty() {
        e.add(
            "online_scheduling.appointment_type_ids",
            "Choose at least one appointment type to offer online, or turn online scheduling off.",
        );
    }
    if s.enabled && s.provider_ids.is_empty() {
        e.add(
            "online_scheduling.provider_ids",
            "Choose at least one provider to offer online, or turn online scheduling off.",
        );
    }

    if let Some(h) = c.permissions.change_min_notice_hours
        && !(0..=MAX_NOTICE_HOURS).contains(&h)
    {
        e.add(
            "permissions.change_min_notice_hours",
            format!("Enter a number of hours from 0 to {MAX_NOTICE_HOURS}, or leave it empty."),
        );
    }
    if c.messaging.patients_can_start_threads && !c.messaging.enabled {
        e.add("messaging.patients_can_start_threads", "Turn messages on before letting patients start conversations.");
    }
    if !(1..=90).contains(&c.invitations.expiry_days) {
        e.add("invitations.expiry_days", "Invitation links can last from 1 to 90 days.");
    }
    if !(10..=3600).contains(&c.invitations.resend_cooldown_seconds) {
        e.add("invitations.resend_cooldown_seconds", "Use a cooldown from 10 to 3600 seconds.");
    }

    let b = &mut c.branding;
    b.display_name = b.display_name.split_whitespace().collect::<Vec<_>>().join(" ");
    if b.display_name.is_empty() || b.display_name.chars().count() > 120 {
        e.add("branding.display_name", "Enter the name patients know you by (up to 120 characters).");
    }
    b.logo_url = b.logo_url.take().map(|u| u.trim().to_owned()).filter(|u| !u.is_empty());
    if let Some(url) = &b.logo_url {
        let here = url.starts_with('/') && !url.starts_with("//") && !url.contains('\\');
        let elsewhere = url::Url::parse(url).ok().filter(|u| u.scheme() == "https");
        if url.len() > 500 || !here && elsewhere.is_none() {
            e.add("branding.logo_url", "Use an https:// address or a path on this server, such as /logos/clinic.png.");
        } else if let Some(u) = elsewhere
            && !offered.logo_origins.contains(&origin(&u))
        {
            let allowed = match offered.logo_origins.as_slice() {
                [] => "Put the logo on this server and use its path, such as /logos/clinic.png.".to_owned(),
                hosts => format!("Use a path on this server, or an image from {}.", hosts.join(", ")),
            };
            e.add("branding.logo_url", format!("Logos from {} cannot be shown. {allowed}", origin(&u)));
        }
    }
    b.phone = b.phone.take().map(|p| p.trim().to_owned()).filter(|p| !p.is_empty());
    if let Some(p) = &b.phone {
        match crate::domain::Phone::parse(p) {
            Ok(_) => {}
            Err(why) => e.add("branding.phone", why),
        }
    }
    b.accent_color = b.accent_color.trim().to_lowercase();
    let hex = b.accent_color.strip_prefix('#').unwrap_or("");
    if hex.len() != 6 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        e.add("branding.accent_color", "Use a colour like #1f6f8b.");
    }
    if e.is_empty() { Ok(c) } else { Err(e) }
}

/// Public booking slugs: 3–60 lowercase letters, digits and single hyphens.
pub fn slug(s: &str) -> Result<(), String> {
    let ok = (3..=60).contains(&s.len())
        && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--");
    if ok { Ok(()) } else { Err("Use 3–60 lowercase letters, digits and hyphens, e.g. riverside-pt.".into()) }
}

fn dedup(ids: &mut Vec<Uuid>) {
    let mut seen = Vec::with_capacity(ids.len());
    ids.retain(|id| {
        let fresh = !seen.contains(id);
        seen.push(*id);
        fresh
    });
}

/// `{ "schedule_notice.max_notice_hours": { "old": 0, "new": 48 } }` for the audit record.
/// Configuration holds no PHI, so values are recorded as they are.
pub fn diff(old: &PortalConfig, new: &PortalConfig) -> Value {
    let mut a = BTreeMap::new();
    let mut b = BTreeMap::new();
    flatten("", &json!(old), &mut a);
    flatten("", &json!(new), &mut b);
    let changes: serde_json::Map<String, Value> = b
        .into_iter()
        .filter_map(|(k, v)| {
            let before = a.get(&k).cloned().unwrap_or(Value::Null);
            (before != v).then(|| (k, json!({ "old": before, "new": v })))
        })
        .collect();
    Value::Object(changes)
}

fn flatten(prefix: &str, v: &Value, out: &mut BTreeMap<String, Value>) {
    match v {
        Value::Object(map) => {
            for (k, v) in map {
                let key = if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") };
                flatten(&key, v, out);
            }
        }
        other => {
            out.insert(prefix.to_owned(), other.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn none() -> Offerings {
        Offerings { appointment_type_ids: vec![], provider_ids: vec![], logo_origins: vec![] }
    }

    fn fields(c: PortalConfig, o: &Offerings) -> Vec<String> {
        match validate(c, o) {
            Ok(_) => vec![],
            Err(e) => e.into_vec().into_iter().map(|f| f.field).collect(),
        }
    }

    #[test]
    fn default_is_valid() {
        assert!(validate(default_config("Riverside", "riverside-pt"), &none()).is_ok());
    }

    #[test]
    fn max_notice_zero_is_unlimited_otherwise_at_least_min() {
        let mut c = default_config("R", "riverside-pt");
        c.schedule_notice = ScheduleNotice { min_notice_hours: 48, max_notice_hours: 0 };
        assert!(fields(c.clone(), &none()).is_empty());
        c.schedule_notice.max_notice_hours = 24;
        assert_eq!(fields(c.clone(), &none()), vec!["schedule_notice.max_notice_hours"]);
        c.schedule_notice.max_notice_hours = 48;
        assert!(fields(c, &none()).is_empty());
    }

    #[test]
    fn negative_minimum_is_refused() {
        let mut c = default_config("R", "riverside-pt");
        c.schedule_notice.min_notice_hours = -1;
        assert_eq!(fields(c, &none()), vec!["schedule_notice.min_notice_hours"]);
    }

    #[test]
    fn enabled_scheduling_needs_known_types_and_providers() {
        let known = Uuid::now_v7();
        let offered = Offerings { appointment_type_ids: vec![known], provider_ids: vec![known], logo_origins: vec![] };
        let mut c = default_config("R", "riverside-pt");
        c.online_scheduling.enabled = true;
        assert_eq!(fields(c.clone(), &offered).len(), 2);
        c.online_scheduling.appointment_type_ids = vec![known, known];
        c.online_scheduling.provider_ids = vec![Uuid::now_v7()];
        assert_eq!(fields(c.clone(), &offered), vec!["online_scheduling.provider_ids[0]"]);
        c.online_scheduling.provider_ids = vec![known];
        let ok = validate(c, &offered).unwrap();
        assert_eq!(ok.online_scheduling.appointment_type_ids, vec![known]);
    }

    #[test]
    fn logos_come_from_this_server_or_a_listed_host() {
        let with = |url: &str, origins: &[&str]| {
            let mut c = default_config("R", "riverside");
            c.branding.logo_url = Some(url.into());
            let offered = Offerings {
                appointment_type_ids: vec![],
                provider_ids: vec![],
                logo_origins: origins.iter().map(|o| (*o).to_owned()).collect(),
            };
            fields(c, &offered).contains(&"branding.logo_url".to_owned())
        };
        assert!(!with("/logos/clinic.png", &[]));
        assert!(with("https://cdn.example.com/logo.png", &[]), "no image host listed");
        assert!(!with("https://cdn.example.com/logo.png", &["https://cdn.example.com"]));
        assert!(with("https://evil.example.net/logo.png", &["https://cdn.example.com"]));
        assert!(with("//cdn.example.com/logo.png", &["https://cdn.example.com"]), "scheme-relative");
        assert!(with("http://cdn.example.com/logo.png", &["https://cdn.example.com"]), "not https");
    }

    #[test]
    fn slugs_colours_logos_and_ranges() {
        let mut c = default_config("R", "Bad Slug");
        c.branding.accent_color = "blue".into();
        c.branding.logo_url = Some("javascript:alert(1)".into());
        c.invitations.expiry_days = 0;
        c.invitations.resend_cooldown_seconds = 1;
        c.messaging = MessagingSettings { enabled: false, patients_can_start_threads: true };
        let f = fields(c, &none());
        for want in [
            "online_scheduling.slug",
            "branding.accent_color",
            "branding.logo_url",
            "invitations.expiry_days",
            "invitations.resend_cooldown_seconds",
            "messaging.patients_can_start_threads",
        ] {
            assert!(f.iter().any(|x| x == want), "{want} missing from {f:?}");
        }
    }

    #[test]
    fn diff_names_only_changed_fields() {
        let old = default_config("R", "riverside-pt");
        let mut new = old.clone();
        new.schedule_notice.max_notice_hours = 72;
        let d = diff(&old, &new);
        assert_eq!(d, json!({ "schedule_notice.max_notice_hours": { "old": 0, "new": 72 } }));
    }
}
