//! Outreach Flows (OUT-1, OUT-2): templates, their variants, previews and sends.
use portico_types::Page;
use portico_types::outreach::{
    OutreachSend, OutreachTemplate, PreviewRequest, RenderedMessage, SendOutreach, TemplateInput, Variant,
};
use uuid::Uuid;

use super::{ApiResult, Call, Client};

const OUTREACH: &str = "/api/v1/staff/outreach";

pub async fn variants(client: Client) -> ApiResult<Vec<Variant>> {
    client.send(Call::get(format!("{OUTREACH}/variants"))).await?.json()
}

/// Every template of the practice, by name (one page: the API does not page them).
pub async fn templates(client: Client) -> ApiResult<Page<OutreachTemplate>> {
    client.send(Call::get(format!("{OUTREACH}/templates"))).await?.json()
}

pub async fn create(client: Client, input: TemplateInput) -> ApiResult<OutreachTemplate> {
    client.send(Call::post(format!("{OUTREACH}/templates")).json(&input)).await?.json()
}

pub async fn update(client: Client, id: Uuid, input: TemplateInput) -> ApiResult<OutreachTemplate> {
    client.send(Call::put(format!("{OUTREACH}/templates/{id}")).json(&input)).await?.json()
}

/// The saved template as one patient would receive it; nothing is sent.
pub async fn preview(client: Client, template: Uuid, patient_id: Uuid) -> ApiResult<RenderedMessage> {
    let call = Call::post(format!("{OUTREACH}/templates/{template}/preview")).json(&PreviewRequest { patient_id });
    client.send(call).await?.json()
}

pub async fn send(client: Client, template: Uuid, patient_ids: Vec<Uuid>) -> ApiResult<OutreachSend> {
    let call = Call::post(format!("{OUTREACH}/templates/{template}/sends")).json(&SendOutreach { patient_ids });
    client.send(call).await?.json()
}

/// A send with each recipient's current delivery status.
pub async fn get_send(client: Client, id: Uuid) -> ApiResult<OutreachSend> {
    client.send(Call::get(format!("{OUTREACH}/sends/{id}"))).await?.json()
}
