//! Pure invitation rules: who may be invited and how (INV-1, INV-2), an invitation's status, and
//! the resend cooldown (INV-3).
use chrono::{DateTime, Duration, Utc};
use portico_types::deliveries::Channel;
use portico_types::invitations::{GrantRole, InvitationOrigin, InvitationStatus};
use portico_types::patients::Relationship;
use uuid::Uuid;

use crate::entities::values::ChannelSet;
use crate::error::FieldErrors;

/// Whom to invite, as staff chose: the patient (`contact_id: None`, role `self`) or one of their
/// guardian/guarantor contacts, and where the invitation was sent from (INV-2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Invitee {
    pub patient_id: Uuid,
    pub contact_id: Option<Uuid>,
    pub role: GrantRole,
    pub origin: InvitationOrigin,
}

/// The person on file an invitation goes to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OnFile<'a> {
    pub first_name: &'a str,
    pub last_name: &'a str,
    pub email: Option<&'a str>,
    pub phone: Option<&'a str>,
    /// `None` for the patient themself.
    pub relationship: Option<Relationship>,
}

/// Where one send goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Channels {
    pub email: Option<String>,
    pub sms: Option<String>,
}

impl Channels {
    pub fn stored(&self) -> ChannelSet {
        let mut set = Vec::new();
        if self.email.is_some() {
            set.push(Channel::Email);
        }
        if self.sms.is_some() {
            set.push(Channel::Sms);
        }
        ChannelSet(set)
    }
}

/// INV-1/INV-2: checks the role against the person and picks the channels from what is on file.
pub fn channels(person: &OnFile<'_>, role: GrantRole, origin: InvitationOrigin) -> Result<Channels, FieldErrors> {
    let name = format!("{} {}", person.first_name, person.last_name);
    match (person.relationship, role) {
        (None, GrantRole::Patient) => {}
        (None, _) => {
            return Err(FieldErrors::one(
                "role",
                "To invite the patient, use the role `self`. To invite a guardian or guarantor, pass their contact_id.",
            ));
        }
        (Some(rel @ (Relationship::Emergency | Relationship::Other)), _) => {
            return Err(FieldErrors::one(
                "contact_id",
                format!(
                    "Only guardians and guarantors can be invited to the portal; {name} is listed as “{}”. \
                     Change the contact's relationship first if they should have access.",
                    rel.label()
                ),
            ));
        }
        (Some(Relationship::Guardian), GrantRole::Guardian) | (Some(Relationship::Guarantor), GrantRole::Guarantor) => {
        }
        (Some(rel), _) => {
            return Err(FieldErrors::one(
                "role",
                format!("{name} is listed as {}; invite them with the role `{}`.", rel.label(), rel.as_str()),
            ));
        }
    }
    let channels = Channels { email: person.email.map(str::to_owned), sms: person.phone.map(str::to_owned) };
    match origin {
        InvitationOrigin::Facesheet if channels.email.is_none() => Err(FieldErrors::one(
            "email",
            format!(
                "There is no email address on file for {name}. Add one on the facesheet, then send the invitation."
            ),
        )),
        InvitationOrigin::PatientResponsibility | InvitationOrigin::Outreach
            if channels.email.is_none() && channels.sms.is_none() =>
        {
            Err(FieldErrors::one(
                "email",
                format!("There is no email address or phone number on file for {name}. Add one, then send the link."),
            ))
        }
        _ => Ok(channels),
    }
}

/// What an invitation's timestamps say about it.
pub fn status(
    accepted_at: Option<DateTime<Utc>>,
    revoked_at: Option<DateTime<Utc>>,
    expires_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> InvitationStatus {
    // Revoked first: staff may end an accepted invitation's access.
    if revoked_at.is_some() {
        InvitationStatus::Revoked
    } else if accepted_at.is_some() {
        InvitationStatus::Accepted
    } else if expires_at <= now {
        InvitationStatus::Expired
    } else {
        InvitationStatus::Pending
    }
}

/// INV-3: seconds (rounded up) until the same person may be sent another invitation.
pub fn cooldown_remaining(last_sent_at: DateTime<Utc>, cooldown: Duration, now: DateTime<Utc>) -> Option<u64> {
    let wait = (last_sent_at + cooldown - now).num_milliseconds();
    (wait > 0).then(|| ((wait + 999) / 1000) as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(
        relationship: Option<Relationship>,
        email: Option<&'static str>,
        phone: Option<&'static str>,
    ) -> OnFile<'static> {
        OnFile { first_name: "Ana", last_name: "Diaz", email, phone, relationship }
    }

    fn field(e: FieldErrors) -> String {
        e.into_vec()[0].field.clone()
    }

    #[test]
    fn channels_follow_what_is_on_file() {
        let both = person(None, Some("a@example.com"), Some("+15550100123"));
        let c = channels(&both, GrantRole::Patient, InvitationOrigin::Facesheet).unwrap();
        assert_eq!(c.stored().to_string(), "email,sms");
        let phone_only = person(None, None, Some("+15550100123"));
        let c = channels(&phone_only, GrantRole::Patient, InvitationOrigin::PatientResponsibility).unwrap();
        assert_eq!(c.stored().to_string(), "sms");
        // The facesheet needs an email (seed 2).
        let e = channels(&phone_only, GrantRole::Patient, InvitationOrigin::Facesheet).unwrap_err();
        assert_eq!(field(e), "email");
        let nothing = person(None, None, None);
        let e = channels(&nothing, GrantRole::Patient, InvitationOrigin::PatientResponsibility).unwrap_err();
        assert_eq!(field(e), "email");
    }

    #[test]
    fn only_guardians_and_guarantors_with_their_own_role() {
        let email = Some("g@example.com");
        for rel in [Relationship::Emergency, Relationship::Other] {
            let e = channels(&person(Some(rel), email, None), GrantRole::Guardian, InvitationOrigin::Facesheet);
            assert_eq!(field(e.unwrap_err()), "contact_id");
        }
        let guardian = person(Some(Relationship::Guardian), email, None);
        assert!(channels(&guardian, GrantRole::Guardian, InvitationOrigin::Facesheet).is_ok());
        assert_eq!(field(channels(&guardian, GrantRole::Guarantor, InvitationOrigin::Facesheet).unwrap_err()), "role");
        assert_eq!(field(channels(&guardian, GrantRole::Patient, InvitationOrigin::Facesheet).unwrap_err()), "role");
        let patient = person(None, email, None);
        assert_eq!(field(channels(&patient, GrantRole::Guardian, InvitationOrigin::Facesheet).unwrap_err()), "role");
    }

    #[test]
    fn status_precedence_and_cooldown() {
        let now = Utc::now();
        let later = now + Duration::days(1);
        assert_eq!(status(None, None, later, now), InvitationStatus::Pending);
        assert_eq!(status(None, None, now, now), InvitationStatus::Expired);
        assert_eq!(status(None, Some(now), later, now), InvitationStatus::Revoked);
        assert_eq!(status(Some(now), None, now, now), InvitationStatus::Accepted, "accepted outlives its expiry");
        // Staff ended the access an accepted invitation gave.
        assert_eq!(status(Some(now), Some(now), later, now), InvitationStatus::Revoked);
        let cd = Duration::seconds(60);
        assert_eq!(cooldown_remaining(now, cd, now), Some(60));
        assert_eq!(cooldown_remaining(now, cd, now + Duration::milliseconds(59_500)), Some(1));
        assert_eq!(cooldown_remaining(now, cd, now + cd), None);
    }
}
