//! E-mail over SMTP with lettre: pooled connections, STARTTLS, implicit TLS or plain (a local
//! relay), optional credentials.

use abri_app::mail::{BoxFuture, DeliveryError, Mailer, OutgoingEmail};
use anyhow::Context;
use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};
use lettre::transport::smtp::PoolConfig;
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use uuid::Uuid;

use crate::config::{SmtpConfig, SmtpSecurity};

/// Sends e-mails through an SMTP server.
pub struct SmtpMailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    domain: String,
}

impl SmtpMailer {
    /// A mailer for `config` (no connection is made until the first e-mail).
    ///
    /// # Errors
    /// When the sender address or the TLS settings are invalid.
    pub fn new(config: &SmtpConfig) -> anyhow::Result<Self> {
        let from: Mailbox = config
            .from
            .parse()
            .context("smtp.from is not an e-mail address")?;
        let builder = match config.security {
            SmtpSecurity::Starttls => {
                AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&config.host)?
            }
            SmtpSecurity::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(&config.host)?,
            SmtpSecurity::None => {
                AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&config.host)
            }
        };
        let mut builder = builder
            .port(config.port)
            .timeout(Some(std::time::Duration::from_secs(20)))
            .pool_config(PoolConfig::new().max_size(4));
        if let (Some(user), Some(password)) = (&config.username, &config.password) {
            let password = String::from_utf8_lossy(password.expose()).into_owned();
            builder = builder.credentials(Credentials::new(user.clone(), password));
        }
        let domain = from.email.domain().to_owned();
        Ok(Self {
            transport: builder.build(),
            from,
            domain,
        })
    }

    fn message(&self, message_id: Uuid, email: &OutgoingEmail) -> Result<Message, DeliveryError> {
        let to: Mailbox = email
            .to
            .parse()
            .map_err(|e| DeliveryError(format!("recipient: {e}")))?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(&email.subject)
            .message_id(Some(format!("<{message_id}@{}>", self.domain)))
            .multipart(MultiPart::alternative_plain_html(
                email.text.clone(),
                email.html.clone(),
            ))
            .map_err(|e| DeliveryError(format!("building the message: {e}")))?;
        let mut message = message;
        message.headers_mut().insert_raw(HeaderValue::new(
            HeaderName::new_from_ascii_str("Auto-Submitted"),
            "auto-generated".to_owned(),
        ));
        Ok(message)
    }
}

impl Mailer for SmtpMailer {
    fn send<'a>(
        &'a self,
        message_id: Uuid,
        email: &'a OutgoingEmail,
    ) -> BoxFuture<'a, Result<(), DeliveryError>> {
        Box::pin(async move {
            let message = self.message(message_id, email)?;
            self.transport
                .send(message)
                .await
                .map_err(|e| DeliveryError(format!("smtp: {e}")))?;
            Ok(())
        })
    }
}
