//! Where messages actually go. Email: `.eml` files under the data folder (default) or SMTP via
//! lettre. SMS: one JSON file per message (default) or a Twilio-compatible HTTP API.
//!
//! The file transports are the development and demo mailbox: each delivery is written as
//! `{outbox id}-{unique}.eml` (or `.json` for SMS), with a `.json` sidecar holding an email's
//! subject and text, so the delivery log can show a message and tests can read it.
use std::path::{Path, PathBuf};

use lettre::message::{Mailbox, MultiPart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use secrecy::{ExposeSecret, SecretString};
use uuid::Uuid;

use crate::config::Settings;

/// One email as the outbox holds it.
#[derive(Debug, Clone)]
pub struct Email {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: Option<String>,
}

#[async_trait::async_trait]
pub trait EmailSender: Send + Sync {
    /// Sends outbox message `id`, or fails with a reason fit for the delivery log (no content).
    async fn send(&self, id: Uuid, email: &Email) -> Result<(), String>;
}

#[async_trait::async_trait]
pub trait SmsSender: Send + Sync {
    async fn send(&self, id: Uuid, to: &str, text: &str) -> Result<(), String>;
}

/// A message as the file transports keep it (the SMS file, and the email's sidecar).
pub use portico_types::deliveries::FiledMessage;

/// A unique file name for one delivery of outbox message `id` (a redelivery is a new file).
fn file_stem(id: Uuid) -> String {
    format!("{id}-{}", Uuid::now_v7().simple())
}

async fn write_json(path: &Path, message: &FiledMessage) -> Result<(), String> {
    let bytes = serde_json::to_vec_pretty(message).map_err(|e| e.to_string())?;
    tokio::fs::write(path, bytes).await.map_err(|e| e.to_string())
}

/// The newest delivery of outbox message `id` in a file-transport folder, if any.
pub fn filed(dir: &Path, id: Uuid) -> Option<FiledMessage> {
    let prefix = format!("{id}-");
    let mut names: Vec<PathBuf> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension().is_some_and(|x| x == "json")
                && p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with(&prefix))
        })
        .collect();
    names.sort();
    let text = std::fs::read_to_string(names.last()?).ok()?;
    serde_json::from_str(&text).ok()
}

fn build(from: &Mailbox, email: &Email) -> Result<lettre::Message, String> {
    let to: Mailbox = email.to.parse().map_err(|e| format!("bad recipient address: {e}"))?;
    let builder = lettre::Message::builder().from(from.clone()).to(to).subject(email.subject.clone());
    match &email.html {
        Some(html) => builder.multipart(MultiPart::alternative_plain_html(email.text.clone(), html.clone())),
        None => builder.body(email.text.clone()),
    }
    .map_err(|e| format!("could not build the message: {e}"))
}

/// Emails written as `.eml` files (with a JSON sidecar), for development and the demo.
pub struct FileEmail {
    dir: PathBuf,
    from: Mailbox,
}

#[async_trait::async_trait]
impl EmailSender for FileEmail {
    async fn send(&self, id: Uuid, email: &Email) -> Result<(), String> {
        let message = build(&self.from, email)?;
        let stem = file_stem(id);
        let filed = FiledMessage {
            to: email.to.clone(),
            from: self.from.to_string(),
            subject: Some(email.subject.clone()),
            body: email.text.clone(),
        };
        write_json(&self.dir.join(format!("{stem}.json")), &filed).await?;
        tokio::fs::write(self.dir.join(format!("{stem}.eml")), message.formatted()).await.map_err(|e| e.to_string())
    }
}

/// A lettre transport (SMTP), with the deployment's sender address.
pub struct Lettre<T> {
    from: Mailbox,
    transport: T,
}

#[async_trait::async_trait]
impl<T> EmailSender for Lettre<T>
where
    T: AsyncTransport + Send + Sync,
    T::Error: std::fmt::Display,
{
    async fn send(&self, _id: Uuid, email: &Email) -> Result<(), String> {
        let message = build(&self.from, email)?;
        self.transport.send(message).await.map(|_| ()).map_err(|e| e.to_string())
    }
}

/// SMS written as JSON files, for development and the demo.
pub struct FileSms {
    dir: PathBuf,
    from: String,
}

#[async_trait::async_trait]
impl SmsSender for FileSms {
    async fn send(&self, id: Uuid, to: &str, text: &str) -> Result<(), String> {
        let filed = FiledMessage { to: to.into(), from: self.from.clone(), subject: None, body: text.into() };
        write_json(&self.dir.join(format!("{}.json", file_stem(id))), &filed).await
    }
}

/// A Twilio-compatible API: `POST {base}/2010-04-01/Accounts/{sid}/Messages.json` with a form of
/// `To`, `From` and `Body`, HTTP basic auth `sid:token`; any 2xx is success.
pub struct HttpSms {
    client: reqwest::Client,
    endpoint: String,
    account_sid: String,
    auth_token: SecretString,
    from: String,
}

#[async_trait::async_trait]
impl SmsSender for HttpSms {
    async fn send(&self, _id: Uuid, to: &str, text: &str) -> Result<(), String> {
        let res = self
            .client
            .post(&self.endpoint)
            .basic_auth(&self.account_sid, Some(self.auth_token.expose_secret()))
            .form(&[("To", to), ("From", self.from.as_str()), ("Body", text)])
            .send()
            .await
            .map_err(|e| format!("SMS provider unreachable: {e}"))?;
        if res.status().is_success() { Ok(()) } else { Err(format!("SMS provider answered {}", res.status())) }
    }
}

pub struct Transports {
    pub email: Box<dyn EmailSender>,
    pub sms: Box<dyn SmsSender>,
}

impl Transports {
    pub fn from_settings(s: &Settings) -> anyhow::Result<Self> {
        let from: Mailbox =
            s.email_from.parse().map_err(|e| anyhow::anyhow!("PORTICO_EMAIL_FROM is not an address: {e}"))?;
        let email: Box<dyn EmailSender> = match s.smtp_url.as_deref().filter(|u| !u.is_empty()) {
            Some(url) => {
                let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .map_err(|e| anyhow::anyhow!("PORTICO_SMTP_URL is invalid: {e}"))?
                    .build();
                Box::new(Lettre { from, transport })
            }
            None => {
                let dir = s.data_dir.join("outbox").join("email");
                std::fs::create_dir_all(&dir)?;
                Box::new(FileEmail { dir, from })
            }
        };
        let sms: Box<dyn SmsSender> = match s.sms_api_url.as_deref().filter(|u| !u.is_empty()) {
            Some(base) => Box::new(HttpSms {
                client: reqwest::Client::builder().timeout(std::time::Duration::from_secs(15)).build()?,
                endpoint: format!(
                    "{}/2010-04-01/Accounts/{}/Messages.json",
                    base.trim_end_matches('/'),
                    s.sms_account_sid
                ),
                account_sid: s.sms_account_sid.clone(),
                auth_token: s.sms_auth_token.clone().unwrap_or_else(|| SecretString::from(String::new())),
                from: s.sms_from.clone(),
            }),
            None => {
                let dir = s.data_dir.join("outbox").join("sms");
                std::fs::create_dir_all(&dir)?;
                Box::new(FileSms { dir, from: s.sms_from.clone() })
            }
        };
        Ok(Self { email, sms })
    }
}
