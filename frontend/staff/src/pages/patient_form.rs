//! `/staff/patients/new` and `/staff/patients/:id/edit`: one demographics form for both.
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use portico_types::ProblemDetails;
use portico_types::patients::{Address, AdministrativeSex, Patient, PatientInput};

use super::{no_such_patient, route_patient, use_patient_id};
use crate::api::{self, use_client};
use crate::components::{ErrorBanner, Flash, FormErrors, Loaded, PageHeader, SelectField, TextField};
use crate::format;
use crate::links;

/// The form's text, one signal per input.
#[derive(Clone, Copy)]
struct Draft {
    first_name: RwSignal<String>,
    last_name: RwSignal<String>,
    preferred_name: RwSignal<String>,
    date_of_birth: RwSignal<String>,
    sex: RwSignal<String>,
    gender_identity: RwSignal<String>,
    email: RwSignal<String>,
    phone: RwSignal<String>,
    line1: RwSignal<String>,
    line2: RwSignal<String>,
    city: RwSignal<String>,
    region: RwSignal<String>,
    postal_code: RwSignal<String>,
}

impl Draft {
    fn new(p: Option<&Patient>) -> Self {
        let text = |f: fn(&Patient) -> String| RwSignal::new(p.map(f).unwrap_or_default());
        Self {
            first_name: text(|p| p.first_name.clone()),
            last_name: text(|p| p.last_name.clone()),
            preferred_name: text(|p| p.preferred_name.clone().unwrap_or_default()),
            date_of_birth: text(|p| p.date_of_birth.to_string()),
            sex: RwSignal::new(sex_value(p.map_or(AdministrativeSex::Unknown, |p| p.sex)).to_owned()),
            gender_identity: text(|p| p.gender_identity.clone().unwrap_or_default()),
            email: text(|p| p.email.clone().unwrap_or_default()),
            phone: text(|p| p.phone.clone().unwrap_or_default()),
            line1: text(|p| p.address.line1.clone()),
            line2: text(|p| p.address.line2.clone()),
            city: text(|p| p.address.city.clone()),
            region: text(|p| p.address.region.clone()),
            postal_code: text(|p| p.address.postal_code.clone()),
        }
    }

    fn to_input(self) -> PatientInput {
        let get = |s: RwSignal<String>| s.get_untracked().trim().to_owned();
        // Empty optional fields are absent, not empty strings.
        let opt = |s: RwSignal<String>| Some(get(s)).filter(|v| !v.is_empty());
        PatientInput {
            first_name: get(self.first_name),
            last_name: get(self.last_name),
            preferred_name: opt(self.preferred_name),
            date_of_birth: get(self.date_of_birth),
            sex: Some(parse_sex(&get(self.sex))),
            gender_identity: opt(self.gender_identity),
            email: opt(self.email),
            phone: opt(self.phone),
            address: Address {
                line1: get(self.line1),
                line2: get(self.line2),
                city: get(self.city),
                region: get(self.region),
                postal_code: get(self.postal_code),
            },
        }
    }
}

fn sex_value(s: AdministrativeSex) -> &'static str {
    format::SEXES.iter().find(|(x, ..)| *x == s).map_or("unknown", |(_, value, _)| value)
}

fn parse_sex(value: &str) -> AdministrativeSex {
    format::SEXES.iter().find(|(_, v, _)| *v == value).map_or(AdministrativeSex::Unknown, |(s, ..)| *s)
}

#[component]
pub fn NewPatient() -> impl IntoView {
    let client = use_client();
    let save = Action::new_local(move |input: &PatientInput| api::patients::create(client, input.clone()));
    view! {
        <PageHeader
            title="New patient".to_owned()
            lead="Add the patient's demographics. You can add contacts from the facesheet.".to_owned()
            back=("/staff/patients".to_owned(), "All patients")
        />
        <PatientForm draft=Draft::new(None) save submit_label="Add patient" saved_message="Patient added." cancel_href="/staff/patients".to_owned() />
    }
}

#[component]
pub fn EditPatient() -> impl IntoView {
    let client = use_client();
    let id = use_patient_id();
    let patient = route_patient(client, id);
    let save = Action::new_local(move |input: &PatientInput| {
        let (input, id) = (input.clone(), id.get_untracked());
        async move {
            match id {
                Some(id) => api::patients::update(client, id, input).await,
                None => Err(no_such_patient()),
            }
        }
    });
    let header =
        || view! { <PageHeader title="Edit patient".to_owned() back=("/staff/patients".to_owned(), "All patients") /> };
    view! {
        <Loaded read=patient header let:p>
            <PageHeader
                title=format!("Edit {}", format::full_name(&p.first_name, &p.last_name, None))
                back=(links::patient(p.id), "Back to facesheet")
            />
            <PatientForm
                draft=Draft::new(Some(&p))
                save
                submit_label="Save changes"
                saved_message="Changes saved."
                cancel_href=links::patient(p.id)
            />
        </Loaded>
    }
}

#[component]
fn PatientForm(
    draft: Draft,
    save: Action<PatientInput, Result<Patient, ProblemDetails>>,
    submit_label: &'static str,
    saved_message: &'static str,
    cancel_href: String,
) -> impl IntoView {
    let errors = FormErrors::new("patient");
    let navigate = use_navigate();
    let flash = expect_context::<Flash>();
    errors.follow(save, move |p| {
        let to = links::patient(p.id);
        flash.show_at(to.clone(), saved_message);
        navigate(&to, Default::default());
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        errors.clear();
        save.dispatch(draft.to_input());
    };
    let d = draft;
    view! {
        <form class="form card" novalidate on:submit=on_submit>
            <ErrorBanner errors />
            <fieldset>
                <legend>"Name"</legend>
                <div class="grid-2">
                    <TextField label="First name" field="first_name" value=d.first_name errors autocomplete="off" />
                    <TextField label="Last name" field="last_name" value=d.last_name errors autocomplete="off" />
                </div>
                <TextField
                    label="Preferred name"
                    field="preferred_name"
                    value=d.preferred_name
                    errors
                    optional=true
                    autocomplete="off"
                    hint="What the patient likes to be called, if different."
                />
            </fieldset>
            <fieldset>
                <legend>"Details"</legend>
                <div class="grid-2">
                    <TextField label="Date of birth" field="date_of_birth" value=d.date_of_birth errors input_type="date" />
                    <SelectField label="Sex" field="sex" value=d.sex errors options=format::SEXES.iter().map(|(_, v, l)| (v.to_string(), l.to_string())).collect() />
                </div>
                <TextField label="Gender identity" field="gender_identity" value=d.gender_identity errors optional=true autocomplete="off" />
            </fieldset>
            <fieldset>
                <legend>"Contact details"</legend>
                <div class="grid-2">
                    <TextField label="Email" field="email" value=d.email errors input_type="email" optional=true autocomplete="off" />
                    <TextField
                        label="Phone"
                        field="phone"
                        value=d.phone
                        errors
                        input_type="tel"
                        optional=true
                        autocomplete="off"
                        hint="US numbers may leave out +1."
                    />
                </div>
            </fieldset>
            <fieldset>
                <legend>"Address"</legend>
                <TextField label="Street address" field="address.line1" value=d.line1 errors optional=true autocomplete="off" />
                <TextField label="Apartment, suite or unit" field="address.line2" value=d.line2 errors optional=true autocomplete="off" />
                <div class="grid-3">
                    <TextField label="City" field="address.city" value=d.city errors optional=true autocomplete="off" />
                    <TextField label="State or region" field="address.region" value=d.region errors optional=true autocomplete="off" />
                    <TextField label="Postal code" field="address.postal_code" value=d.postal_code errors optional=true autocomplete="off" />
                </div>
            </fieldset>
            <div class="form-actions">
                <button type="submit" class="button button-primary" disabled=move || save.pending().get()>
                    {move || if save.pending().get() { "Saving…" } else { submit_label }}
                </button>
                <a class="button button-secondary" href=cancel_href>
                    "Cancel"
                </a>
            </div>
        </form>
    }
}
