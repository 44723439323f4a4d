use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// What a practice looks like to its users: name, logo, phone and accent colour.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PracticeBranding {
    pub id: Uuid,
    pub slug: String,
    pub display_name: String,
    pub logo_url: Option<String>,
    pub phone: Option<String>,
    /// `#rrggbb`
    pub accent_color: String,
    /// IANA time zone, e.g. `America/Chicago`.
    pub timezone: String,
}

/// The practice's portal settings (SPEC §4). `PUT` replaces the whole document and needs
/// `If-Match` with the `ETag` from `GET`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PortalConfig {
    pub schedule_notice: ScheduleNotice,
    pub appointment_requests: AppointmentRequests,
    pub online_scheduling: OnlineScheduling,
    pub permissions: PortalPermissions,
    pub messaging: MessagingSettings,
    pub waitlist_enabled: bool,
    pub invitations: InvitationSettings,
    pub branding: BrandingSettings,
}

/// CFG-1
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScheduleNotice {
    /// Earliest a patient may book, in hours from now (required, ≥ 0).
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 8784))]
    pub min_notice_hours: i64,
    /// Latest a patient may book, in hours from now; 0 means unlimited, otherwise ≥ the minimum.
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 8784))]
    pub max_notice_hours: i64,
}

/// CFG-2
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AppointmentRequests {
    /// On: portal bookings arrive as requests for staff to approve. Off: they book directly.
    pub require_approval: bool,
}

/// CFG-3
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OnlineScheduling {
    pub enabled: bool,
    /// The public booking address is `/book/{slug}`: lowercase letters, digits and hyphens.
    #[cfg_attr(feature = "openapi", schema(min_length = 3, max_length = 60, pattern = "^[a-z0-9]+(-[a-z0-9]+)*$"))]
    pub slug: String,
    pub appointment_type_ids: Vec<Uuid>,
    pub provider_ids: Vec<Uuid>,
    pub new_patient_bookings_are_requests: bool,
}

/// CFG-4: off hides the control in the portal and the API refuses.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PortalPermissions {
    pub add_payment_methods: bool,
    pub delete_payment_methods: bool,
    pub cancel_appointments: bool,
    pub reschedule_appointments: bool,
    /// Patients may cancel or reschedule only this many hours ahead (absent: any time).
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 8784))]
    pub change_min_notice_hours: Option<i64>,
}

/// CFG-5
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MessagingSettings {
    pub enabled: bool,
    /// Off (the default): only staff start threads; patients reply.
    pub patients_can_start_threads: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InvitationSettings {
    /// Days an invitation link stays valid (1–90).
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 90))]
    pub expiry_days: i64,
    /// Seconds between two sends to the same person (10–3600).
    #[cfg_attr(feature = "openapi", schema(minimum = 10, maximum = 3600))]
    pub resend_cooldown_seconds: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BrandingSettings {
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 120))]
    pub display_name: String,
    /// An `https://` address or a path on this server.
    #[cfg_attr(feature = "openapi", schema(max_length = 500))]
    pub logo_url: Option<String>,
    /// The practice phone shown to patients, e.g. `+1 555 010 0200`.
    #[cfg_attr(feature = "openapi", schema(max_length = 32))]
    pub phone: Option<String>,
    /// `#rrggbb`
    #[cfg_attr(feature = "openapi", schema(pattern = "^#[0-9a-fA-F]{6}$"))]
    pub accent_color: String,
}
