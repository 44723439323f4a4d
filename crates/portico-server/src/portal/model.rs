//! Pure portal rules: Home's tiles, from the visibility matrix and what is built so far.
use portico_types::invitations::GrantRole;
use portico_types::portal::{PortalArea, PortalTile};

use crate::platform::policy;

/// Areas the portal serves today; the others are shown as "coming soon" rather than hidden, so a
/// patient learns what the portal will offer.
pub const BUILT: [PortalArea; 5] =
    [PortalArea::MyInformation, PortalArea::Messages, PortalArea::MyFiles, PortalArea::Payments, PortalArea::MyAccount];

pub const fn description(area: PortalArea) -> &'static str {
    match area {
        PortalArea::Home => "What the portal offers at a glance.",
        PortalArea::MyInformation => "Name, date of birth, contact details and address on file.",
        PortalArea::Appointments => "Upcoming and past visits; book, reschedule or cancel.",
        PortalArea::Documents => "Evaluations, consents and other documents from the practice.",
        PortalArea::TreatmentPlans => "The plan of care the practice shared.",
        PortalArea::Medications => "Current medications on file.",
        PortalArea::HomeExercises => "Your home exercise program, with instructions.",
        PortalArea::Forms => "Forms to fill in, and insurance details.",
        PortalArea::Payments => "Balance, charges, payments and saved cards.",
        PortalArea::MyFiles => "Send files to the practice and see what you sent.",
        PortalArea::Messages => "Secure messages with the practice.",
        PortalArea::MyAccount => "Your sign-in email, and changing your password.",
    }
}

/// Home's tiles for an account holding `roles` for one patient (HOME-1, §5).
pub fn tiles(roles: &[GrantRole], messages_enabled: bool) -> Vec<PortalTile> {
    PortalArea::ALL
        .into_iter()
        .filter(|area| *area != PortalArea::Home)
        .filter(|area| *area != PortalArea::Messages || messages_enabled)
        .filter_map(|area| {
            let access = policy::access(area, roles);
            access.allowed().then(|| PortalTile {
                area,
                title: area.title().into(),
                description: description(area).into(),
                scope: access.limit().map(|l| l.describe().into()),
                available: BUILT.contains(&area),
                count: None,
                amount: None,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn areas(roles: &[GrantRole], messages: bool) -> Vec<PortalArea> {
        tiles(roles, messages).into_iter().map(|t| t.area).collect()
    }

    #[test]
    fn tiles_follow_the_matrix() {
        let guarantor = areas(&[GrantRole::Guarantor], true);
        assert!(guarantor.contains(&PortalArea::Payments));
        assert!(!guarantor.contains(&PortalArea::MyInformation));
        assert!(!guarantor.contains(&PortalArea::Appointments));
        let guardian = areas(&[GrantRole::Guardian], true);
        assert!(!guardian.contains(&PortalArea::Payments));
        assert!(guardian.contains(&PortalArea::Appointments));
        assert!(!areas(&[GrantRole::Patient], false).contains(&PortalArea::Messages));
        let forms = tiles(&[GrantRole::Guarantor], true).into_iter().find(|t| t.area == PortalArea::Forms).unwrap();
        assert_eq!(forms.scope.as_deref(), Some("Insurance forms only"));
        assert!(!forms.available);
    }
}
