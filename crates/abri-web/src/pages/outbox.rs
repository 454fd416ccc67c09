//! `/dev/outbox` (demo only): the e-mails and SMS the local outbox captured, links clickable.

use askama::Template;
use axum::extract::State;
use axum::response::Response;

use super::render;
use crate::error::PageError;
use crate::views::date_time;
use crate::{Ctx, WebState};

/// A piece of a message body: text, or a link to make clickable.
pub(crate) enum Piece {
    Text(String),
    Link(String),
}

pub(crate) struct MessageView {
    channel: String,
    recipient: String,
    subject: Option<String>,
    at: String,
    lines: Vec<Vec<Piece>>,
}

#[derive(Template)]
#[template(path = "outbox.html")]
struct OutboxPage<'a> {
    ctx: &'a Ctx,
    messages: Vec<MessageView>,
}

/// `GET /dev/outbox`.
pub(crate) async fn show(State(state): State<WebState>, ctx: Ctx) -> Result<Response, PageError> {
    let messages = state
        .app
        .db
        .outbox_messages(100)
        .await
        .map_err(abri_app::AppError::from)?;
    let messages = messages
        .into_iter()
        .map(|m| MessageView {
            channel: ctx.t(&format!("outbox-{}", m.channel)),
            recipient: m.recipient,
            subject: m.subject,
            at: date_time(ctx.lang, m.created_at),
            lines: m.body_text.lines().map(pieces).collect(),
        })
        .collect();
    render(&OutboxPage {
        ctx: &ctx,
        messages,
    })
}

/// Splits a line into text and `http(s)://` links.
fn pieces(line: &str) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut text = String::new();
    for (i, word) in line.split(' ').enumerate() {
        if i > 0 {
            text.push(' ');
        }
        if word.starts_with("http://") || word.starts_with("https://") {
            if !text.is_empty() {
                out.push(Piece::Text(std::mem::take(&mut text)));
            }
            out.push(Piece::Link(word.to_owned()));
        } else {
            text.push_str(word);
        }
    }
    if !text.is_empty() {
        out.push(Piece::Text(text));
    }
    out
}
