//! The staff consoles of SPEC §7, in navigation order. The shell, the home tiles and the
//! "coming soon" page all read this one list.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Console {
    /// The path segment under `/staff/`.
    pub slug: &'static str,
    pub label: &'static str,
    /// One line on what it is for, shown on the home tiles.
    pub summary: &'static str,
    pub admin_only: bool,
    /// False while the console only has its "coming soon" page.
    pub ready: bool,
}

impl Console {
    pub fn href(&self) -> String {
        format!("/staff/{}", self.slug)
    }
}

const fn console(
    slug: &'static str,
    label: &'static str,
    summary: &'static str,
    admin_only: bool,
    ready: bool,
) -> Console {
    Console { slug, label, summary, admin_only, ready }
}

pub const CONSOLES: [Console; 12] = [
    console("patients", "Patients", "Find a patient, open the facesheet, manage contacts.", false, true),
    console(
        "portal-directory",
        "Portal Directory",
        "Every portal account and invitation, with its status.",
        false,
        false,
    ),
    console(
        "patient-responsibility",
        "Patient Responsibility",
        "Balances, charges and registration links.",
        false,
        false,
    ),
    console("outreach", "Outreach Flows", "Email and SMS templates sent to groups of patients.", false, false),
    console("messages", "Messages", "Conversations with patients and their contacts.", false, false),
    console("calendar", "Calendar", "Providers, availability, appointments and requests.", false, false),
    console("forms", "Forms", "Form templates, assignments and responses.", false, false),
    console("clinical", "Clinical", "Cases, home exercise programs, documents and medications.", false, false),
    console("portal-config", "Portal Configs", "What patients can do in the portal.", true, true),
    console("staff-users", "Staff users", "Who can sign in to the staff consoles, and their roles.", true, true),
    console("audit-log", "Audit log", "Who saw or changed what, and when.", true, true),
    console("deliveries", "Delivery log", "Every email and text message Portico sent.", true, true),
];

pub fn find(slug: &str) -> Option<Console> {
    CONSOLES.into_iter().find(|c| c.slug == slug)
}

/// The consoles a user sees in the navigation.
pub fn visible(is_admin: bool) -> impl Iterator<Item = Console> {
    CONSOLES.into_iter().filter(move |c| is_admin || !c.admin_only)
}
