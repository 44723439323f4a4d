//! Who sees what (SPEC §5). This table is the one definition of the visibility matrix: the portal
//! extractor (`platform::portal::Grant`) consults it for every portal route, Home builds its tiles
//! from it, and a test walks every cell through the API.
use portico_types::invitations::GrantRole;
use portico_types::portal::PortalArea;

/// What a grant role may do in an area.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    Full,
    Limited(Limit),
    None,
}

/// The ways an area can be narrowed for a role (the matrix's "all except …" cells).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// Everything but the patient's preferred name.
    NoPreferredName,
    /// Everything but the patient's gender identity.
    NoGenderIdentity,
    /// Evaluations and consents the practice shared, and outcome measures.
    SharedDocumentsWithOutcomes,
    /// Evaluations and consents the practice shared; no outcome measures.
    SharedDocuments,
    /// Only what the practice shared.
    Shared,
    /// Insurance forms only.
    InsuranceForms,
    /// Upload, and see one's own uploads.
    OwnUploads,
}

impl Limit {
    /// How the limit reads on a Home tile.
    pub const fn describe(self) -> &'static str {
        match self {
            Self::NoPreferredName => "Everything except the preferred name",
            Self::NoGenderIdentity => "Everything except gender identity",
            Self::SharedDocumentsWithOutcomes => "Evaluations and consents shared with you, and outcome measures",
            Self::SharedDocuments => "Evaluations and consents shared with you",
            Self::Shared => "Plans shared with you",
            Self::InsuranceForms => "Insurance forms only",
            Self::OwnUploads => "Upload files and see your own uploads",
        }
    }
}

use Access::{Full, Limited, None as No};
use Limit::*;

/// Rows are areas; columns are `self`, `guardian`, `guarantor` (the order of `GrantRole::ALL`).
pub const MATRIX: [(PortalArea, [Access; 3]); 12] = [
    (PortalArea::Home, [Full, Limited(NoPreferredName), Limited(NoPreferredName)]),
    (PortalArea::MyInformation, [Full, Limited(NoGenderIdentity), No]),
    (PortalArea::Appointments, [Full, Full, No]),
    (PortalArea::Documents, [Limited(SharedDocumentsWithOutcomes), Limited(SharedDocuments), Limited(SharedDocuments)]),
    (PortalArea::TreatmentPlans, [Limited(Shared), Limited(Shared), Limited(Shared)]),
    (PortalArea::Medications, [Full, Full, No]),
    (PortalArea::HomeExercises, [Full, Full, No]),
    (PortalArea::Forms, [Full, Full, Limited(InsuranceForms)]),
    (PortalArea::Payments, [Full, No, Full]),
    (PortalArea::MyFiles, [Limited(OwnUploads), Limited(OwnUploads), Limited(OwnUploads)]),
    (PortalArea::Messages, [Full, Full, Full]),
    (PortalArea::MyAccount, [Full, Full, Full]),
];

const fn column(role: GrantRole) -> usize {
    match role {
        GrantRole::Patient => 0,
        GrantRole::Guardian => 1,
        GrantRole::Guarantor => 2,
    }
}

const fn rank(access: Access) -> u8 {
    match access {
        Full => 2,
        Limited(_) => 1,
        No => 0,
    }
}

/// One cell of the matrix.
pub fn cell(area: PortalArea, role: GrantRole) -> Access {
    MATRIX.iter().find(|(a, _)| *a == area).map_or(No, |(_, row)| row[column(role)])
}

/// What an account holding `roles` for one patient may do in `area`: the widest of its roles
/// (a guardian who is also the guarantor sees payments too).
pub fn access(area: PortalArea, roles: &[GrantRole]) -> Access {
    roles.iter().map(|r| cell(area, *r)).max_by_key(|a| rank(*a)).unwrap_or(No)
}

impl Access {
    pub const fn allowed(self) -> bool {
        !matches!(self, No)
    }

    pub const fn limit(self) -> Option<Limit> {
        match self {
            Limited(limit) => Some(limit),
            _ => Option::None,
        }
    }

    /// True unless this access hides `limit`'s field (e.g. `!access.hides(NoPreferredName)`).
    pub fn hides(self, limit: Limit) -> bool {
        self == Limited(limit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_area_has_exactly_one_row() {
        for area in PortalArea::ALL {
            assert_eq!(MATRIX.iter().filter(|(a, _)| *a == area).count(), 1, "{area:?}");
        }
    }

    #[test]
    fn spec_cells() {
        assert_eq!(cell(PortalArea::Payments, GrantRole::Guardian), No);
        assert_eq!(cell(PortalArea::Payments, GrantRole::Guarantor), Full);
        assert_eq!(cell(PortalArea::MyInformation, GrantRole::Guarantor), No);
        assert_eq!(cell(PortalArea::Forms, GrantRole::Guarantor), Limited(InsuranceForms));
        assert!(cell(PortalArea::Home, GrantRole::Guardian).hides(NoPreferredName));
        assert!(!cell(PortalArea::Home, GrantRole::Patient).hides(NoPreferredName));
    }

    #[test]
    fn several_roles_take_the_widest_access() {
        let both = [GrantRole::Guardian, GrantRole::Guarantor];
        assert_eq!(access(PortalArea::Payments, &both), Full);
        assert_eq!(access(PortalArea::Appointments, &both), Full);
        assert_eq!(access(PortalArea::MyInformation, &both), Limited(NoGenderIdentity));
        assert_eq!(access(PortalArea::Payments, &[]), No);
    }
}
