//! `GET /events`: the signed-in customer's live stream (SSE). It replays what was stored after
//! `Last-Event-ID` (or `?after=`), then follows the bus, carrying only the customer's homes.
//! A reader that falls behind the bus loses its stream and resumes from the store; a session
//! that ends (signed out, revoked, expired) ends its stream within
//! [`crate::WebConfig::stream_session_check`].

use std::collections::{HashMap, VecDeque};
use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use abri_app::App;
use abri_app::alarm::AlarmEvent;
use abri_app::live::LiveEvent;
use abri_domain::Language;
use abri_domain::ids::{CustomerId, HomeId};
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::Stream;
use serde::Deserialize;
use tokio::sync::broadcast::Receiver;
use tokio::sync::broadcast::error::RecvError;
use tokio::sync::watch;

use crate::alarm_views::EventLine;
use crate::error::PageError;
use crate::stream_sessions::Watching;
use crate::{Ctx, WebState};

/// How often an idle stream sends a comment, so proxies keep it open: half the usual proxy
/// timeout (nginx's and load balancers' 60 s). Every 15 s cost 2.4 % of a core at 19,000
/// streams (BENCHMARKS.md B7 asks ≤ 2 %).
const KEEP_ALIVE: Duration = Duration::from_secs(30);

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
    /// Ends the stream when the session ends.
    session: Watching,
    lang: Language,
    replay: VecDeque<Pending>,
    bus: Receiver<Arc<LiveEvent>>,
    /// The newest id sent (the resume point of the replay).
    last: i64,
    /// The newest id sent per home: a panel's events commit in id order (its row is locked
    /// while they are written), so a bus event at or below its home's mark was already sent.
    sent: HashMap<HomeId, i64>,
    /// Whether the store may hold more to replay after `last` (the last page was full).
    more: bool,
    /// True once the server shuts down.
    closing: watch::Receiver<bool>,
}

impl Follow {
    async fn next(mut self) -> Option<(Result<Event, Infallible>, Self)> {
        loop {
            if let Some(pending) = self.replay.pop_front() {
                let event = pending.event();
                let mark = self.sent.entry(event.home_id).or_insert(0);
                if event.id > *mark {
                    *mark = event.id;
                    self.last = self.last.max(event.id);
                    let sse = pending.message(self.lang);
                    return Some((Ok(sse), self));
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
            if *self.closing.borrow() {
                return None;
            }
            tokio::select! {
                _ = self.closing.changed() => return None,
                received = self.bus.recv() => match received {
                    Ok(live) if live.customer_id == self.customer => {
                        self.replay.push_back(Pending::Live(live));
                    }
                    Ok(_) => {}
                    // Too slow for the bus, or the bus is gone: end; the browser resumes.
                    Err(RecvError::Lagged(_) | RecvError::Closed) => return None,
                },
                () = self.session.ended() => return None,
            }
        }
    }
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
    let bus = state.app.events.subscribe();
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
        sent: HashMap::new(),
        more: resume.is_some(),
        replay: VecDeque::new(),
        closing: state.closing(),
        bus,
    };
    let stream = futures_util::stream::unfold(follow, Follow::next);
    Ok(Sse::new(stream).keep_alive(KeepAlive::new().interval(KEEP_ALIVE)))
}
