//! E-mails: what they say (rendered here, in the customer's language, HTML and plain text) and
//! the port that delivers them (SMTP in production, the local outbox in demo and tests).

use std::future::Future;
use std::pin::Pin;

use abri_domain::Language;
use askama::Template;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::i18n::{t, t_args};
use crate::{AppError, Provider};

/// A boxed future, so that ports can be trait objects.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Why a delivery failed; the job is retried.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct DeliveryError(pub String);

/// A rendered e-mail, as stored in a job's payload.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutgoingEmail {
    /// Recipient address.
    pub to: String,
    /// Subject line.
    pub subject: String,
    /// Plain-text part.
    pub text: String,
    /// HTML part (no remote images, inline styles only).
    pub html: String,
}

/// Delivers e-mails. `message_id` is the job's id: the same job delivered twice carries the
/// same `Message-ID`, and the outbox keeps it once.
pub trait Mailer: Send + Sync + 'static {
    /// Sends one e-mail.
    fn send<'a>(
        &'a self,
        message_id: Uuid,
        email: &'a OutgoingEmail,
    ) -> BoxFuture<'a, Result<(), DeliveryError>>;
}

/// A call to action in an e-mail (a link button).
#[derive(Clone, Debug)]
pub struct Action {
    /// Button text.
    pub label: String,
    /// Absolute URL, built from the configured base URL.
    pub url: String,
}

/// What an e-mail says, before rendering.
#[derive(Clone, Debug)]
pub struct Letter {
    /// Language of the recipient.
    pub lang: Language,
    /// Recipient address.
    pub to: String,
    /// Subject line.
    pub subject: String,
    /// Greeting line (`Bonjour Camille,`).
    pub greeting: String,
    /// Paragraphs, in order.
    pub paragraphs: Vec<String>,
    /// An optional button.
    pub action: Option<Action>,
    /// A closing warning (`If this was not you…`).
    pub warning: Option<String>,
}

impl Letter {
    /// A letter to `to` in `lang`, greeting `name`, with the subject message `subject_key`.
    #[must_use]
    pub fn new(lang: Language, to: &str, name: &str, subject_key: &str) -> Self {
        Self {
            lang,
            to: to.to_owned(),
            subject: t(lang, subject_key),
            greeting: t_args(lang, "email-greeting", &[("name", name.to_owned())]),
            paragraphs: Vec::new(),
            action: None,
            warning: None,
        }
    }

    /// Adds a paragraph from a message.
    #[must_use]
    pub fn paragraph(mut self, text: String) -> Self {
        self.paragraphs.push(text);
        self
    }

    /// Renders both parts, with the provider's name and support phone.
    ///
    /// # Errors
    /// When a template fails to render.
    pub fn render(&self, provider: &Provider) -> Result<OutgoingEmail, AppError> {
        let view = LetterView {
            letter: self,
            provider: &provider.name,
            footer: t_args(
                self.lang,
                "email-footer",
                &[("phone", provider.support_phone.clone())],
            ),
            automatic: t(self.lang, "email-automatic"),
        };
        let html = HtmlLetter { v: &view }.render();
        let text = TextLetter { v: &view }.render();
        match (html, text) {
            (Ok(html), Ok(text)) => Ok(OutgoingEmail {
                to: self.to.clone(),
                subject: self.subject.clone(),
                text,
                html,
            }),
            (Err(e), _) | (_, Err(e)) => Err(AppError::Internal(format!("e-mail template: {e}"))),
        }
    }
}

struct LetterView<'a> {
    letter: &'a Letter,
    provider: &'a str,
    footer: String,
    automatic: String,
}

#[derive(Template)]
#[template(path = "email/letter.html")]
struct HtmlLetter<'a> {
    v: &'a LetterView<'a>,
}

#[derive(Template)]
#[template(path = "email/letter.txt")]
struct TextLetter<'a> {
    v: &'a LetterView<'a>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_render_both_parts_escaped_and_without_remote_content() {
        let provider = Provider {
            name: "Abri <Protection>".into(),
            support_phone: "09 70 80 90 00".into(),
        };
        let mut letter = Letter::new(
            Language::Fr,
            "a@b.fr",
            "Camille",
            "email-password-changed-subject",
        )
        .paragraph("Un <b>paragraphe</b>".into());
        letter.action = Some(Action {
            label: "Ouvrir".into(),
            url: "https://espace.example.fr/x?a=1&b=2".into(),
        });
        let email = letter.render(&provider).unwrap();
        assert!(email.text.contains("Bonjour Camille,"));
        assert!(
            email.text.contains("Un <b>paragraphe</b>"),
            "plain text is not escaped"
        );
        assert!(email.text.contains("https://espace.example.fr/x?a=1&b=2"));
        assert!(
            email.html.contains("Un &#60;b&#62;paragraphe&#60;/b&#62;")
                || email.html.contains("Un &lt;b&gt;")
        );
        assert!(
            email.html.contains("Abri &#60;Protection&#62;")
                || email.html.contains("Abri &lt;Protection&gt;")
        );
        assert!(!email.html.contains("<img"), "no remote images");
        assert!(!email.html.contains("src=\"http"), "no remote content");
        let en = Letter::new(
            Language::En,
            "a@b.fr",
            "Sophie",
            "email-password-changed-subject",
        )
        .render(&provider)
        .unwrap();
        assert!(en.text.contains("Hello Sophie,"));
    }
}
