//! Typed columns: stored enums of the server's own, and sets of names stored comma-separated
//! (`admin,billing`, `email,sms`). Reading a row with an unknown or empty name fails the query:
//! an internal error, never a default. (The API's enums derive the same in `portico-types`.)
use portico_types::deliveries::Channel;
use portico_types::names::UnknownName;
use portico_types::staff::StaffRole;
use sea_orm::DeriveValueType;

/// Parses `a,b` strictly: every name known, none repeated, at least one.
fn parse_set<T: std::str::FromStr<Err = UnknownName> + PartialEq>(
    s: &str,
    type_name: &'static str,
) -> Result<Vec<T>, UnknownName> {
    let mut out = Vec::new();
    for name in s.split(',') {
        let value = name.parse::<T>()?;
        if out.contains(&value) {
            return Err(UnknownName { type_name, name: s.to_owned() });
        }
        out.push(value);
    }
    Ok(out)
}

fn join<T: std::fmt::Display>(values: &[T]) -> String {
    values.iter().map(ToString::to_string).collect::<Vec<_>>().join(",")
}

/// `Display` and strict `FromStr` for a comma-separated set type.
macro_rules! name_set {
    ($set:ident) => {
        impl std::fmt::Display for $set {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&join(&self.0))
            }
        }

        impl std::str::FromStr for $set {
            type Err = UnknownName;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                parse_set(s, stringify!($set)).map(Self)
            }
        }
    };
}

/// A staff user's roles, in the order given.
#[derive(Debug, Clone, PartialEq, Eq, DeriveValueType)]
#[sea_orm(value_type = "String")]
pub struct StaffRoles(pub Vec<StaffRole>);

name_set!(StaffRoles);

impl StaffRoles {
    /// The canonical set: sorted, without repeats.
    pub fn new(roles: &[StaffRole]) -> Self {
        let mut roles = roles.to_vec();
        roles.sort();
        roles.dedup();
        Self(roles)
    }
}

/// The channels one send used: `email`, `sms` or both.
#[derive(Debug, Clone, PartialEq, Eq, DeriveValueType)]
#[sea_orm(value_type = "String")]
pub struct ChannelSet(pub Vec<Channel>);

name_set!(ChannelSet);

/// Who acted, in an audit record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, sea_orm::DeriveValueType)]
#[sea_orm(value_type = "String")]
pub enum ActorKind {
    Staff,
    Portal,
    Anonymous,
    System,
}

portico_types::names!(ActorKind {
    Staff => "staff",
    Portal => "portal",
    Anonymous => "anonymous",
    System => "system",
});

/// How an audited action ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, sea_orm::DeriveValueType)]
#[sea_orm(value_type = "String")]
pub enum Outcome {
    Success,
    Failure,
    Denied,
}

portico_types::names!(Outcome {
    Success => "success",
    Failure => "failure",
    Denied => "denied",
});

/// Where a message stands: `pending` (due at `next_attempt_at`), `sending` (claimed by a worker
/// until its lease ends), `sent`, or `failed` (given up after `MAX_ATTEMPTS`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, sea_orm::DeriveValueType)]
#[sea_orm(value_type = "String")]
pub enum OutboxStatus {
    Pending,
    Sending,
    Sent,
    Failed,
}

portico_types::names!(OutboxStatus {
    Pending => "pending",
    Sending => "sending",
    Sent => "sent",
    Failed => "failed",
});

/// What caused a message; the delivery log shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, sea_orm::DeriveValueType)]
#[sea_orm(value_type = "String")]
pub enum MessageKind {
    Invitation,
    VerificationCode,
    PasswordReset,
    Outreach,
    /// "You have a new message" (MSG-3): no PHI, coalesced.
    MessageNotice,
    /// A payment or refund receipt (PAY-4): amount, card's last four, date; no services.
    Receipt,
    /// A statement with its pay link (PAY-5): the balance and the link, nothing clinical.
    Statement,
}

portico_types::names!(MessageKind {
    Invitation => "invitation",
    VerificationCode => "verification_code",
    PasswordReset => "password_reset",
    Outreach => "outreach",
    MessageNotice => "message_notice",
    Receipt => "receipt",
    Statement => "statement",
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sets_read_back_exactly_or_fail() {
        let roles: StaffRoles = "admin,front_desk".parse().unwrap();
        assert_eq!(roles.0, vec![StaffRole::Admin, StaffRole::FrontDesk]);
        assert_eq!(roles.to_string(), "admin,front_desk");
        for bad in ["", "admin,", "admin,admin", "owner", "Admin"] {
            assert!(bad.parse::<StaffRoles>().is_err(), "{bad:?} must not parse");
        }
        assert_eq!(
            StaffRoles::new(&[StaffRole::Clinician, StaffRole::Admin, StaffRole::Admin]).to_string(),
            "admin,clinician"
        );
        let channels: ChannelSet = "email,sms".parse().unwrap();
        assert_eq!(channels.0, vec![Channel::Email, Channel::Sms]);
        assert!("fax".parse::<ChannelSet>().is_err());
    }
}
