//! The staff consoles of SPEC §7, in navigation order. The shell, the home tiles and the
//! "coming soon" page all read this one list.

/// Who sees a console in the navigation (the API enforces the same rules).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    AnyStaff,
    /// Administrators, front desk and billing: those who may invite patients to the portal.
    Inviters,
    Admins,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Console {
    /// The path segment under `/staff/`.
    pub slug: &'static str,
    pub label: &'static str,
    /// One line on what it is for, shown on the home tiles.
    pub summary: &'static str,
    pub access: Access,
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
    access: Access,
    ready: bool,
) -> Console {
    Console { slug, label, summary, access, ready }
}

use Access::{Admins, AnyStaff, Inviters};

pub const CONSOLES: [Console; 12] = [
    console("patients", "Patients", "Find a patient, open the facesheet, manage contacts.", AnyStaff, true),
    console(
        "portal-directory",
        "Portal Directory",
        "Every portal account and invitation, with its status.",
        Inviters,
        true,
    ),
    console(
        "patient-responsibility",
        "Patient Responsibility",
        "Balances, charges and registration links.",
        Inviters,
        true,
    ),
    console("outreach", "Outreach Flows", "Email and SMS templates sent to groups of patients.", Inviters, true),
    console("messages", "Messages", "Conversations with patients and their contacts.", AnyStaff, true),
    console("calendar", "Calendar", "Providers, availability, appointments and requests.", AnyStaff, false),
    console("forms", "Forms", "Form templates, assignments and responses.", AnyStaff, false),
    console("clinical", "Clinical", "Cases, home exercise programs, documents and medications.", AnyStaff, false),
    console("portal-config", "Portal Configs", "What patients can do in the portal.", Admins, true),
    console("staff-users", "Staff users", "Who can sign in to the staff consoles, and their roles.", Admins, true),
    console("audit-log", "Audit log", "Who saw or changed what, and when.", Admins, true),
    console("deliveries", "Delivery log", "Every email and text message Portico sent.", Admins, true),
];

pub fn find(slug: &str) -> Option<Console> {
    CONSOLES.into_iter().find(|c| c.slug == slug)
}

/// The consoles a user sees in the navigation: `is_admin` and `can_invite` as in
/// [`crate::session::StaffSession`].
pub fn visible(is_admin: bool, can_invite: bool) -> impl Iterator<Item = Console> {
    CONSOLES.into_iter().filter(move |c| match c.access {
        AnyStaff => true,
        Inviters => can_invite,
        Admins => is_admin,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slugs(is_admin: bool, can_invite: bool) -> Vec<&'static str> {
        visible(is_admin, can_invite).filter(|c| c.ready).map(|c| c.slug).collect()
    }

    #[test]
    fn each_role_sees_its_consoles() {
        assert_eq!(slugs(false, false), ["patients", "messages"]);
        assert_eq!(
            slugs(false, true),
            ["patients", "portal-directory", "patient-responsibility", "outreach", "messages"]
        );
        assert!(slugs(true, true).contains(&"deliveries"));
        assert!(!slugs(false, true).contains(&"deliveries"));
    }
}
