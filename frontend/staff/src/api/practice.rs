//! The practice's portal settings and what it offers (providers, appointment types).
use portico_types::Page;
use portico_types::practice::PortalConfig;
use portico_types::scheduling::{AppointmentType, Provider};

use super::{ApiResult, Call, Client};

const PORTAL_CONFIG: &str = "/api/v1/staff/portal-config";

/// The settings and the `ETag` to send back with the next save.
#[derive(Clone)]
pub struct Versioned {
    pub config: PortalConfig,
    pub etag: String,
}

pub async fn portal_config(client: Client) -> ApiResult<Versioned> {
    let reply = client.send(Call::get(PORTAL_CONFIG)).await?;
    Ok(Versioned { config: reply.json()?, etag: reply.etag.clone().unwrap_or_default() })
}

pub async fn save_portal_config(client: Client, config: PortalConfig, etag: String) -> ApiResult<Versioned> {
    let reply = client.send(Call::put(PORTAL_CONFIG).json(&config).if_match(etag)).await?;
    Ok(Versioned { config: reply.json()?, etag: reply.etag.clone().unwrap_or_default() })
}

pub async fn providers(client: Client) -> ApiResult<Page<Provider>> {
    client.send(Call::get("/api/v1/staff/providers?limit=100")).await?.json()
}

pub async fn appointment_types(client: Client) -> ApiResult<Page<AppointmentType>> {
    client.send(Call::get("/api/v1/staff/appointment-types?limit=100")).await?.json()
}
