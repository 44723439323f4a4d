//! The facesheet: patients and their contacts.
use portico_types::Page;
use portico_types::patients::{Contact, ContactInput, Patient, PatientInput, PatientSummary};
use uuid::Uuid;

use super::{ApiResult, Call, Client, encode};

const PATIENTS: &str = "/api/v1/staff/patients";

pub async fn search(client: Client, q: String, cursor: Option<String>) -> ApiResult<Page<PatientSummary>> {
    let mut path = format!("{PATIENTS}?limit=25&q={}", encode(&q));
    if let Some(cursor) = cursor {
        path.push_str(&format!("&cursor={}", encode(&cursor)));
    }
    client.send(Call::get(path)).await?.json()
}

pub async fn get(client: Client, id: Uuid) -> ApiResult<Patient> {
    client.send(Call::get(format!("{PATIENTS}/{id}"))).await?.json()
}

pub async fn create(client: Client, input: PatientInput) -> ApiResult<Patient> {
    client.send(Call::post(PATIENTS).json(&input)).await?.json()
}

pub async fn update(client: Client, id: Uuid, input: PatientInput) -> ApiResult<Patient> {
    client.send(Call::put(format!("{PATIENTS}/{id}")).json(&input)).await?.json()
}

pub async fn contacts(client: Client, patient: Uuid) -> ApiResult<Page<Contact>> {
    client.send(Call::get(format!("{PATIENTS}/{patient}/contacts?limit=100"))).await?.json()
}

pub async fn add_contact(client: Client, patient: Uuid, input: ContactInput) -> ApiResult<Contact> {
    client.send(Call::post(format!("{PATIENTS}/{patient}/contacts")).json(&input)).await?.json()
}

pub async fn update_contact(client: Client, patient: Uuid, contact: Uuid, input: ContactInput) -> ApiResult<Contact> {
    client.send(Call::put(format!("{PATIENTS}/{patient}/contacts/{contact}")).json(&input)).await?.json()
}

pub async fn remove_contact(client: Client, patient: Uuid, contact: Uuid) -> ApiResult<()> {
    client.send(Call::delete(format!("{PATIENTS}/{patient}/contacts/{contact}"))).await.map(drop)
}
