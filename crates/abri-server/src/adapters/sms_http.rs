//! SMS through a generic HTTP JSON provider: `POST url` with
//! `{"from", "to", "text", "reference"}`, bearer or basic authentication, any 2xx is success.
//! The reference is the job's id, so a provider that deduplicates sends a retried job once.

use std::time::Duration;

use abri_app::jobs::{OutgoingSms, SmsSender};
use abri_app::mail::{BoxFuture, DeliveryError};
use anyhow::Context;
use uuid::Uuid;

use crate::config::SmsConfig;

/// Sends SMS through the configured HTTP provider.
pub struct HttpSms {
    client: reqwest::Client,
    config: SmsConfig,
}

impl HttpSms {
    /// A sender for `config`.
    ///
    /// # Errors
    /// When the HTTP client cannot be built.
    pub fn new(config: &SmsConfig) -> anyhow::Result<Self> {
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(15))
            .build()
            .context("SMS HTTP client")?;
        Ok(Self {
            client,
            config: config.clone(),
        })
    }
}

impl SmsSender for HttpSms {
    fn send<'a>(
        &'a self,
        message_id: Uuid,
        sms: &'a OutgoingSms,
    ) -> BoxFuture<'a, Result<(), DeliveryError>> {
        Box::pin(async move {
            let body = serde_json::json!({
                "from": self.config.sender,
                "to": sms.to,
                "text": sms.text,
                "reference": message_id.to_string(),
            });
            let mut request = self.client.post(&self.config.url).json(&body);
            if let Some(token) = &self.config.token {
                request = request.bearer_auth(String::from_utf8_lossy(token.expose()));
            } else if let Some(user) = &self.config.username {
                let password = self
                    .config
                    .password
                    .as_ref()
                    .map(|p| String::from_utf8_lossy(p.expose()).into_owned());
                request = request.basic_auth(user, password);
            }
            let response = request
                .send()
                .await
                .map_err(|e| DeliveryError(format!("sms provider: {e}")))?;
            let status = response.status();
            if status.is_success() {
                Ok(())
            } else {
                Err(DeliveryError(format!("sms provider answered {status}")))
            }
        })
    }
}
