//! `GET /events`: the signed-in customer's live stream (SSE). It replays what was stored after
//! `Last-Event-ID` (or `?after=`), then follows the bus, carrying only the customer's homes.
//! A reader that falls behind the bus catches up from the store; a session
//! that ends (signed out, revoked, expired) ends its stream within
//! [`crate::WebConfig::stream_session_check`], and at each of those checks a stream whose session
//! stands sends a keep-alive comment, so proxies keep it open (no timer per stream).

use std::collections::VecDeque;
use std::convert::Infallible;
use std::sync::Arc;

use abri_app::App;
use abri_app::alarm::AlarmEvent;
use abri_app::live::LiveEvent;
use abri_domain::Language;
use abri_domain::ids::{CustomerId, HomeId};
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::sse::{Event, Sse};
use futures_util::Stream;
use serde::Deserialize;
use tokio::sync::broadcast::Receiver;
use tokio::sync::broadcast::error::RecvError;

use crate::alarm_views::EventLine;
use crate::error::PageError;
use crate::stream_sessions::{Heard, Watching};
use crate::{Ctx, WebState};

#[derive(Deserialize)]
pub(crate) struct After {
    #[serde(default)]
    after: Option<i64>,
}

/// An event to send: read from the store (replay), or from the bus, whose text is made once
/// for all the streams that send it.
enum Pending {
    Stored(Box<AlarmEvent>),
    Live(Arc<LiveEvent>),
}

impl Pending {
    fn event(&self) -> &AlarmEvent {
        match self {
            Self::Stored(event) => event,
            Self::Live(live) => &live.event,
        }
    }

    fn message(&self, lang: Language) -> Event {
        let show = |event: &AlarmEvent| {
            serde_json::to_string(&EventLine::new(lang, event)).unwrap_or_default()
        };
        let json: Arc<str> = match self {
            Self::Stored(event) => show(event).into(),
            Self::Live(live) => live.shown_in(lang, show),
        };
        if json.is_empty() {
            return Event::default().comment("unrenderable event");
        }
        Event::default()
            .id(self.event().id.to_string())
            .event("alarm")
            .data(&*json)
    }
}

struct Follow {
    app: Arc<App>,
    customer: CustomerId,
    /// Ends the stream when the session ends or the server shuts down; times its keep-alive.
    session: Watching,
    lang: Language,
    replay: VecDeque<Pending>,
    bus: Receiver<Arc<LiveEvent>>,
    /// The newest id sent (the resume point of the replay).
    last: i64,
    /// The newest id sent per home: a panel's events commit in id order (its row is locked
    /// while they are written), so a bus event at or below its home's mark was already sent.
    /// A list: a customer has a few homes, and a map is twice its size in every stream.
    sent: Vec<(HomeId, i64)>,
    /// Whether the store may hold more to replay after `last` (the last page was full).
    more: bool,
}

impl Follow {
    /// The next message to send and the state to go on with; `None` ends the stream.
    ///
    /// An `async` block, not an `async fn`: an `async fn` keeps its argument and the local it
    /// moves it into as two copies of the state in its future, for each idle stream (B7).
    #[expect(clippy::manual_async_fn, reason = "an async fn holds its state twice")]
    fn next(mut self) -> impl Future<Output = Option<(Result<Event, Infallible>, Self)>> {
        async move {
            let event = self.advance().await?;
            Some((Ok(event), self))
        }
    }

    /// The next message to send; `None` ends the stream.
    async fn advance(&mut self) -> Option<Event> {
        loop {
            if let Some(pending) = self.replay.pop_front() {
                let event = pending.event();
                let mark = mark_of(&mut self.sent, event.home_id);
                if event.id > *mark {
                    *mark = event.id;
                    self.last = self.last.max(event.id);
                    return Some(pending.message(self.lang));
                }
                continue;
            }
            if self.more {
                // Boxed: inline, the query's future would size every idle stream's state
                // for the rare moment it replays (BENCHMARKS.md B7).
                let page = Box::pin(self.app.alarm_events_after_for(self.customer, self.last))
                    .await
                    .ok()?;
                self.more = page.len() >= abri_app::alarm::REPLAY_PAGE;
                self.replay
                    .extend(page.into_iter().map(|e| Pending::Stored(Box::new(e))));
                continue;
            }
            if self.session.has_ended() {
                return None;
            }
            tokio::select! {
                received = self.bus.recv() => match received {
                    // The bus carries only this customer's events; checked all the same.
                    Ok(live) if live.customer_id == self.customer => {
                        self.replay.push_back(Pending::Live(live));
                    }
                    Ok(_) => {}
                    // Too slow for the bus: what it missed is in the store, read from `last`
                    // on (each home's mark skips what was sent).
                    Err(RecvError::Lagged(_)) => self.more = true,
                    // The bus is gone: end; the browser resumes.
                    Err(RecvError::Closed) => return None,
                },
                heard = self.session.heard() => match heard {
                    Heard::KeepAlive => return Some(Event::default().comment("")),
                    Heard::Ended => return None,
                },
            }
        }
    }
}

/// The newest id sent for `home` (0 before any).
fn mark_of(sent: &mut Vec<(HomeId, i64)>, home: HomeId) -> &mut i64 {
    let at = sent
        .iter()
        .position(|(h, _)| *h == home)
        .unwrap_or_else(|| {
            sent.push((home, 0));
            sent.len() - 1
        });
    &mut sent[at].1
}

/// `GET /events`.
pub(crate) async fn stream(
    State(state): State<WebState>,
    ctx: Ctx,
    headers: HeaderMap,
    Query(after): Query<After>,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, PageError> {
    let who = ctx.customer()?;
    // Subscribe before reading the store, so nothing falls between the two.
    let bus = state.app.events.subscribe(who.customer.id);
    let resume = headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<i64>().ok())
        .or(after.after);
    let follow = Follow {
        app: Arc::clone(&state.app),
        customer: who.customer.id,
        session: state.stream_sessions.watch(&who.session_hash),
        lang: ctx.lang,
        last: resume.unwrap_or(0),
        sent: Vec::new(),
        more: resume.is_some(),
        replay: VecDeque::new(),
        bus,
    };
    let stream = futures_util::stream::unfold(follow, Follow::next);
    Ok(Sse::new(stream))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn size_of_output<F, Fut>(_: F) -> usize
    where
        F: FnOnce(Follow) -> Fut,
    {
        std::mem::size_of::<Fut>()
    }

    /// What every idle stream keeps while it waits (BENCHMARKS.md B7: 12 KiB a stream in all,
    /// 11.2 of them hyper's and tokio's): 416 bytes when written; 592 while `next` was an
    /// `async fn` (its state twice) and the homes' marks a map.
    #[test]
    fn an_idle_stream_keeps_little() {
        let waiting = size_of_output(Follow::next);
        assert!(waiting <= 416, "an idle stream's state is {waiting} bytes");
    }
}
