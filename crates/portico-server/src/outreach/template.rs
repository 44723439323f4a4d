//! The template language of Outreach Flows, sandboxed by construction: text with `{{ variant }}`
//! placeholders, where a variant is one of four allow-listed values. There are no expressions,
//! loops, filters or includes to abuse, unknown names are refused when the template is saved, and
//! the result is plain text (the email layout escapes it for HTML).
use portico_types::outreach::Variant;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Var {
    PatientFirstName,
    PracticeName,
    PracticePhone,
    PatientPortalLink,
}

impl Var {
    pub const ALL: [Var; 4] =
        [Self::PatientPortalLink, Self::PatientFirstName, Self::PracticeName, Self::PracticePhone];

    pub const fn key(self) -> &'static str {
        match self {
            Self::PatientFirstName => "patient_first_name",
            Self::PracticeName => "practice_name",
            Self::PracticePhone => "practice_phone",
            Self::PatientPortalLink => "patient_portal_link",
        }
    }

    pub const fn label(self) -> &'static str {
        match self {
            Self::PatientFirstName => "Patient First Name",
            Self::PracticeName => "Practice Name",
            Self::PracticePhone => "Practice Phone",
            Self::PatientPortalLink => "Patient Portal Link",
        }
    }

    pub const fn description(self) -> &'static str {
        match self {
            Self::PatientFirstName => "The recipient's first name.",
            Self::PracticeName => "Your practice's name as patients see it.",
            Self::PracticePhone => "Your practice's phone number.",
            Self::PatientPortalLink => {
                "A personal registration link for patients without a portal account; the portal sign-in \
                 page for everyone else."
            }
        }
    }

    pub fn variant(self) -> Variant {
        Variant { key: self.key().into(), label: self.label().into(), description: self.description().into() }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    Text(String),
    Var(Var),
}

/// A parsed template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template(Vec<Part>);

impl Template {
    /// Parses `text`, or explains in words what is wrong with it.
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut parts = Vec::new();
        let mut rest = text;
        while let Some(open) = rest.find("{{") {
            if open > 0 {
                parts.push(Part::Text(rest[..open].to_owned()));
            }
            let after = &rest[open + 2..];
            let close = after.find("}}").ok_or("A `{{` has no closing `}}`.")?;
            let name = after[..close].trim();
            let var = Var::ALL.into_iter().find(|v| v.key() == name).ok_or_else(|| {
                let known: Vec<String> = Var::ALL.iter().map(|v| format!("{{{{ {} }}}}", v.key())).collect();
                format!("`{{{{ {name} }}}}` is not a variant. Use one of: {}.", known.join(", "))
            })?;
            parts.push(Part::Var(var));
            rest = &after[close + 2..];
        }
        if rest.contains("}}") {
            return Err("A `}}` has no opening `{{`.".into());
        }
        if !rest.is_empty() {
            parts.push(Part::Text(rest.to_owned()));
        }
        Ok(Self(parts))
    }

    pub fn uses(&self, var: Var) -> bool {
        self.0.contains(&Part::Var(var))
    }

    pub fn render(&self, value: impl Fn(Var) -> String) -> String {
        self.0
            .iter()
            .map(|p| match p {
                Part::Text(t) => t.clone(),
                Part::Var(v) => value(*v),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_allow_listed_variants_only() {
        let t = Template::parse("Hi {{patient_first_name}}, register: {{ patient_portal_link }}!").unwrap();
        assert!(t.uses(Var::PatientPortalLink));
        let out = t.render(|v| match v {
            Var::PatientFirstName => "Ann".into(),
            Var::PatientPortalLink => "https://x/register#t=abc".into(),
            _ => String::new(),
        });
        assert_eq!(out, "Hi Ann, register: https://x/register#t=abc!");
        // Values are inserted as text, never re-parsed.
        let t = Template::parse("{{ patient_first_name }}").unwrap();
        assert_eq!(t.render(|_| "{{ practice_phone }}".into()), "{{ practice_phone }}");
    }

    #[test]
    fn refuses_unknown_names_and_broken_braces() {
        assert!(Template::parse("{{ patient.ssn }}").unwrap_err().contains("is not a variant"));
        assert!(Template::parse("{% for x in y %}{{ x }}").unwrap_err().contains("`{{ x }}` is not a variant"));
        assert!(Template::parse("Hello {{ patient_first_name").unwrap_err().contains("no closing"));
        assert!(Template::parse("Hello }}").unwrap_err().contains("no opening"));
        assert_eq!(Template::parse("plain").unwrap(), Template(vec![Part::Text("plain".into())]));
    }
}
