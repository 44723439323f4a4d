//! Pure facesheet rules: parsing demographics and contacts, search keys and search terms.
use chrono::NaiveDate;
use portico_types::patients::{AdministrativeSex, ContactInput, PatientInput, Relationship};

use crate::domain::{Email, Phone, date_of_birth, optional, optional_text, person_name};
use crate::error::FieldErrors;

/// Demographics that passed every rule.
#[derive(Debug, Clone, PartialEq)]
pub struct Demographics {
    pub first_name: String,
    pub last_name: String,
    pub preferred_name: Option<String>,
    pub date_of_birth: NaiveDate,
    pub sex: AdministrativeSex,
    pub gender_identity: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub line1: String,
    pub line2: String,
    pub city: String,
    pub region: String,
    pub postal_code: String,
}

impl Demographics {
    pub fn parse(input: &PatientInput, today: NaiveDate) -> Result<Self, FieldErrors> {
        let mut e = FieldErrors::new();
        let first_name = e.check("first_name", person_name(&input.first_name, "first name"));
        let last_name = e.check("last_name", person_name(&input.last_name, "last name"));
        let preferred_name =
            e.check("preferred_name", optional_text(input.preferred_name.as_deref(), 100, "preferred name"));
        let dob = e.check("date_of_birth", date_of_birth(&input.date_of_birth, today));
        let gender_identity =
            e.check("gender_identity", optional_text(input.gender_identity.as_deref(), 100, "gender identity"));
        let email = e.check("email", optional(input.email.as_deref(), Email::parse));
        let phone = e.check("phone", optional(input.phone.as_deref(), Phone::parse));
        let a = &input.address;
        let mut text = |field: &str, value: &str, max: usize, what: &str| {
            e.check(field, optional_text(Some(value), max, what)).map(Option::unwrap_or_default)
        };
        let line1 = text("address.line1", &a.line1, 200, "address");
        let line2 = text("address.line2", &a.line2, 200, "address");
        let city = text("address.city", &a.city, 100, "city");
        let region = text("address.region", &a.region, 100, "state or region");
        let postal_code = text("address.postal_code", &a.postal_code, 20, "postal code");
        match (
            first_name,
            last_name,
            preferred_name,
            dob,
            gender_identity,
            email,
            phone,
            line1,
            line2,
            city,
            region,
            postal_code,
        ) {
            (
                Some(first_name),
                Some(last_name),
                Some(preferred_name),
                Some(date_of_birth),
                Some(gender_identity),
                Some(email),
                Some(phone),
                Some(line1),
                Some(line2),
                Some(city),
                Some(region),
                Some(postal_code),
            ) if e.is_empty() => Ok(Self {
                first_name,
                last_name,
                preferred_name,
                date_of_birth,
                sex: input.sex.unwrap_or(AdministrativeSex::Unknown),
                gender_identity,
                email: email.map(Email::into_string),
                phone: phone.map(Phone::into_string),
                line1,
                line2,
                city,
                region,
                postal_code,
            }),
            _ => Err(e),
        }
    }

    /// Sort key for lists and cursors: "last first", lower-case.
    pub fn name_key(&self) -> String {
        format!("{} {}", self.last_name, self.first_name).to_lowercase()
    }

    /// What search terms are matched against: names, email and phone digits, lower-case.
    pub fn search_text(&self) -> String {
        let digits: String = self.phone.as_deref().unwrap_or("").chars().filter(char::is_ascii_digit).collect();
        [
            self.first_name.as_str(),
            self.last_name.as_str(),
            self.preferred_name.as_deref().unwrap_or(""),
            self.email.as_deref().unwrap_or(""),
            &digits,
        ]
        .join(" ")
        .to_lowercase()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ContactDetails {
    pub first_name: String,
    pub last_name: String,
    pub relationship: Relationship,
    pub email: Option<String>,
    pub phone: Option<String>,
}

impl ContactDetails {
    pub fn parse(input: &ContactInput) -> Result<Self, FieldErrors> {
        let mut e = FieldErrors::new();
        let first_name = e.check("first_name", person_name(&input.first_name, "first name"));
        let last_name = e.check("last_name", person_name(&input.last_name, "last name"));
        let email = e.check("email", optional(input.email.as_deref(), Email::parse));
        let phone = e.check("phone", optional(input.phone.as_deref(), Phone::parse));
        match (first_name, last_name, email, phone) {
            (Some(first_name), Some(last_name), Some(email), Some(phone)) if e.is_empty() => Ok(Self {
                first_name,
                last_name,
                relationship: input.relationship,
                email: email.map(Email::into_string),
                phone: phone.map(Phone::into_string),
            }),
            _ => Err(e),
        }
    }
}

/// A parsed search: free-text terms (each must appear), plus an exact date of birth when one of
/// the terms is a date. Phone terms are reduced to digits so "(217) 555-01" finds "+1217555 01…".
#[derive(Debug, Default, PartialEq)]
pub struct Search {
    pub terms: Vec<String>,
    pub date_of_birth: Option<NaiveDate>,
}

impl Search {
    pub fn parse(q: &str) -> Result<Self, String> {
        if q.chars().count() > 200 {
            return Err("Keep the search to 200 characters or fewer.".into());
        }
        let mut s = Self::default();
        for token in q.split_whitespace() {
            if let Some(d) = crate::domain::parse_date(token) {
                s.date_of_birth = Some(d);
                continue;
            }
            let digits: String = token.chars().filter(char::is_ascii_digit).collect();
            let phoneish = token.chars().all(|c| c.is_ascii_digit() || "+-().".contains(c));
            let term = if phoneish && !digits.is_empty() { digits } else { token.to_lowercase() };
            if !term.is_empty() && s.terms.len() < 8 {
                s.terms.push(term);
            }
        }
        Ok(s)
    }

    /// `%term%` for LIKE, with the wildcard characters in the term escaped.
    pub fn like_patterns(&self) -> Vec<String> {
        self.terms
            .iter()
            .map(|t| format!("%{}%", t.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use portico_types::patients::Address;

    fn input() -> PatientInput {
        PatientInput {
            first_name: " Ann ".into(),
            last_name: "Lee".into(),
            date_of_birth: "1958-03-14".into(),
            email: Some("Ann@Example.com".into()),
            phone: Some("(217) 555-0123".into()),
            address: Address { city: "Springfield".into(), ..Address::default() },
            ..PatientInput::default()
        }
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 21).unwrap()
    }

    #[test]
    fn parses_and_normalises() {
        let d = Demographics::parse(&input(), today()).unwrap();
        assert_eq!(d.first_name, "Ann");
        assert_eq!(d.email.as_deref(), Some("ann@example.com"));
        assert_eq!(d.phone.as_deref(), Some("+12175550123"));
        assert_eq!(d.sex, AdministrativeSex::Unknown);
        assert_eq!(d.name_key(), "lee ann");
        assert!(d.search_text().contains("12175550123"));
    }

    #[test]
    fn every_bad_field_is_named() {
        let bad = PatientInput {
            first_name: "".into(),
            last_name: "Lee".into(),
            date_of_birth: "2030-01-01".into(),
            email: Some("nope".into()),
            phone: Some("12".into()),
            ..PatientInput::default()
        };
        let err = Demographics::parse(&bad, today()).unwrap_err().finish().unwrap_err();
        let fields: Vec<_> = err.problem().errors.into_iter().map(|e| e.field).collect();
        assert_eq!(fields, vec!["first_name", "date_of_birth", "email", "phone"]);
    }

    #[test]
    fn search_terms() {
        let s = Search::parse("Lee 03/14/1958 (217)555-01").unwrap();
        assert_eq!(s.terms, vec!["lee".to_string(), "21755501".to_string()]);
        assert_eq!(s.date_of_birth, NaiveDate::from_ymd_opt(1958, 3, 14));
        assert_eq!(Search::parse("a_b%").unwrap().like_patterns(), vec!["%a\\_b\\%%"]);
    }
}
