//! Where messages actually go. Email: `.eml` files under the data folder (default) or SMTP via
//! lettre. SMS: one JSON file per message (default) or a Twilio-compatible HTTP API.
use std::path::PathBuf;

use lettre::message::{Mailbox, MultiPart};
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use secrecy::{ExposeSecret, SecretString};

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
    /// Sends or fails with a reason fit for the delivery log (no message content).
    async fn send(&self, email: &Email) -> Result<(), String>;
}

#[async_trait::async_trait]
pub trait SmsSender: Send + Sync {
    async fn send(&self, to: &str, text: &str) -> Result<(), String>;
}

/// Any lettre transport (files, SMTP), with the deployment's sender address.
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
    async fn send(&self, email: &Email) -> Result<(), String> {
        let to: Mailbox = email.to.parse().map_err(|e| format!("bad recipient address: {e}"))?;
        let builder = lettre::Message::builder().from(self.from.clone()).to(to).subject(email.subject.clone());
        let message = match &email.html {
            Some(html) => builder.multipart(MultiPart::alternative_plain_html(email.text.clone(), html.clone())),
            None => builder.body(email.text.clone()),
        }
        .map_err(|e| format!("could not build the message: {e}"))?;
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
    async fn send(&self, to: &str, text: &str) -> Result<(), String> {
        let body = serde_json::json!({ "to": to, "from": self.from, "body": text });
        let path = self.dir.join(format!("{}.json", uuid::Uuid::now_v7()));
        tokio::fs::write(&path, serde_json::to_vec_pretty(&body).unwrap_or_default()).await.map_err(|e| e.to_string())
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
    async fn send(&self, to: &str, text: &str) -> Result<(), String> {
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
                Box::new(Lettre { from, transport: AsyncFileTransport::<Tokio1Executor>::new(dir) })
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
