//! Deterministic, realistic-looking demo people. Every email is on example.com and every phone
//! number is in the 555-01xx range reserved for fiction.
use chrono::{Datelike, NaiveDate};
use portico_types::patients::{Address, AdministrativeSex, ContactInput, PatientInput, Relationship};

/// SplitMix64: a tiny, seeded generator so every demo run creates the same people.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub fn pick<'a>(&mut self, items: &'a [&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

const FEMALE: &[&str] = &[
    "Olivia",
    "Emma",
    "Ava",
    "Sophia",
    "Isabella",
    "Mia",
    "Amelia",
    "Harper",
    "Evelyn",
    "Abigail",
    "Emily",
    "Ella",
    "Elizabeth",
    "Camila",
    "Luna",
    "Sofia",
    "Avery",
    "Mila",
    "Aria",
    "Scarlett",
    "Margaret",
    "Dorothy",
    "Ruth",
    "Linda",
    "Patricia",
    "Barbara",
    "Maria",
    "Priya",
    "Aisha",
    "Mei",
    "Fatima",
    "Grace",
    "Nora",
    "Zoe",
    "Hannah",
];
const MALE: &[&str] = &[
    "Liam",
    "Noah",
    "Oliver",
    "Elijah",
    "James",
    "William",
    "Benjamin",
    "Lucas",
    "Henry",
    "Theodore",
    "Jack",
    "Levi",
    "Alexander",
    "Mateo",
    "Daniel",
    "Michael",
    "Robert",
    "David",
    "Joseph",
    "Thomas",
    "Charles",
    "George",
    "Raj",
    "Omar",
    "Wei",
    "Diego",
    "Samuel",
    "Isaac",
    "Caleb",
    "Ethan",
];
const LAST: &[&str] = &[
    "Smith",
    "Johnson",
    "Williams",
    "Brown",
    "Jones",
    "Garcia",
    "Miller",
    "Davis",
    "Rodriguez",
    "Martinez",
    "Hernandez",
    "Lopez",
    "Gonzalez",
    "Wilson",
    "Anderson",
    "Thomas",
    "Taylor",
    "Moore",
    "Jackson",
    "Martin",
    "Lee",
    "Perez",
    "Thompson",
    "White",
    "Harris",
    "Sanchez",
    "Clark",
    "Ramirez",
    "Lewis",
    "Robinson",
    "Walker",
    "Young",
    "Allen",
    "King",
    "Wright",
    "Scott",
    "Nguyen",
    "Hill",
    "Flores",
    "Green",
    "Adams",
    "Nelson",
    "Baker",
    "Hall",
    "Rivera",
    "Campbell",
    "Mitchell",
    "Carter",
    "Roberts",
    "Patel",
    "Kim",
    "O'Brien",
    "Okafor",
    "Kowalski",
    "Schmidt",
];
const STREETS: &[&str] = &[
    "Maple Ave",
    "Oak St",
    "River Rd",
    "Washington St",
    "Lincoln Blvd",
    "Cedar Ln",
    "Elm St",
    "Park Ave",
    "Lakeview Dr",
    "Sunset Ct",
    "Highland Ave",
    "Meadow Ln",
    "Prairie St",
    "Church St",
    "Mill Rd",
];
const CITIES: &[(&str, &str, &str)] = &[
    ("Springfield", "IL", "627"),
    ("Chatham", "IL", "626"),
    ("Rochester", "IL", "626"),
    ("Sherman", "IL", "626"),
    ("Riverton", "IL", "625"),
];
const AREA_CODES: &[&str] = &["217", "309", "618", "312", "630"];

/// A patient and the contacts on their facesheet.
pub struct DemoPatient {
    pub patient: PatientInput,
    pub contacts: Vec<ContactInput>,
}

fn phone(serial: usize) -> String {
    let area = AREA_CODES[(serial / 100) % AREA_CODES.len()];
    format!("({area}) 555-01{:02}", serial % 100)
}

fn email(first: &str, last: &str, n: usize) -> String {
    let clean = |s: &str| s.to_lowercase().chars().filter(char::is_ascii_alphabetic).collect::<String>();
    format!("{}.{}{}@example.com", clean(first), clean(last), if n == 0 { String::new() } else { n.to_string() })
}

/// `count` patients, about one in five a minor with a guardian (who is also the guarantor), many
/// adults with an emergency contact and some with a separate guarantor.
pub fn patients(seed: u64, count: usize, today: NaiveDate) -> Vec<DemoPatient> {
    let mut rng = Rng::new(seed);
    let mut serial = 0usize;
    let mut next_phone = || {
        serial += 1;
        phone(serial)
    };
    (0..count)
        .map(|i| {
            let female = rng.chance(52);
            let first = if female { rng.pick(FEMALE) } else { rng.pick(MALE) };
            let last = rng.pick(LAST);
            let minor = i % 5 == 2;
            let age = if minor { 4 + rng.below(14) } else { 18 + rng.below(72) };
            let year = today.year() - age as i32 - 1;
            let dob =
                NaiveDate::from_ymd_opt(year, 1 + rng.below(12) as u32, 1 + rng.below(28) as u32).unwrap_or(today);
            let (city, region, zip) = CITIES[rng.below(CITIES.len())];
            let address = Address {
                line1: format!("{} {}", 100 + rng.below(9800), rng.pick(STREETS)),
                line2: if rng.chance(15) { format!("Apt {}", 1 + rng.below(40)) } else { String::new() },
                city: city.into(),
                region: region.into(),
                postal_code: format!("{zip}{:02}", rng.below(100)),
            };
            let preferred_name = match first {
                "Elizabeth" => Some("Liz".to_string()),
                "Margaret" => Some("Peggy".into()),
                "Robert" => Some("Bob".into()),
                "William" => Some("Will".into()),
                "Alexander" => Some("Alex".into()),
                "Theodore" => Some("Teddy".into()),
                _ => None,
            };
            let mut contacts = Vec::new();
            if minor {
                let parent_female = rng.chance(60);
                let parent = if parent_female { rng.pick(FEMALE) } else { rng.pick(MALE) };
                contacts.push(ContactInput {
                    first_name: parent.into(),
                    last_name: last.into(),
                    relationship: Relationship::Guardian,
                    email: Some(email(parent, last, i)),
                    phone: Some(next_phone()),
                });
                contacts.push(ContactInput {
                    first_name: parent.into(),
                    last_name: last.into(),
                    relationship: Relationship::Guarantor,
                    email: Some(email(parent, last, i)),
                    phone: None,
                });
            } else {
                if rng.chance(60) {
                    let name = if rng.chance(50) { rng.pick(FEMALE) } else { rng.pick(MALE) };
                    contacts.push(ContactInput {
                        first_name: name.into(),
                        last_name: last.into(),
                        relationship: Relationship::Emergency,
                        email: None,
                        phone: Some(next_phone()),
                    });
                }
                if rng.chance(20) {
                    let name = if rng.chance(50) { rng.pick(FEMALE) } else { rng.pick(MALE) };
                    contacts.push(ContactInput {
                        first_name: name.into(),
                        last_name: last.into(),
                        relationship: Relationship::Guarantor,
                        email: Some(email(name, last, i + 1000)),
                        phone: Some(next_phone()),
                    });
                }
            }
            let has_email = minor || rng.chance(85);
            DemoPatient {
                patient: PatientInput {
                    first_name: first.into(),
                    last_name: last.into(),
                    preferred_name,
                    date_of_birth: dob.format("%Y-%m-%d").to_string(),
                    sex: Some(if female { AdministrativeSex::Female } else { AdministrativeSex::Male }),
                    gender_identity: if rng.chance(10) { Some("Non-binary".into()) } else { None },
                    email: (has_email && !minor).then(|| email(first, last, i)),
                    phone: (!minor || rng.chance(30)).then(&mut next_phone),
                    address,
                },
                contacts,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::patients::model::{ContactDetails, Demographics};

    #[test]
    fn demo_people_are_valid_deterministic_and_include_minors_with_guardians() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 21).unwrap();
        let a = patients(7, 50, today);
        let b = patients(7, 50, today);
        assert_eq!(a.len(), 50);
        assert_eq!(a[10].patient, b[10].patient);
        let mut minors = 0;
        for p in &a {
            let d = Demographics::parse(&p.patient, today).expect("demo patient valid");
            for c in &p.contacts {
                ContactDetails::parse(c).expect("demo contact valid");
            }
            if (today - d.date_of_birth).num_days() < 18 * 365 {
                minors += 1;
                assert!(p.contacts.iter().any(|c| c.relationship == Relationship::Guardian));
            }
        }
        assert!(minors >= 8, "{minors} minors");
        assert!(a.iter().any(|p| p.contacts.iter().any(|c| c.relationship == Relationship::Guarantor)));
    }
}
