//! The `EventBus` port: what is ingested is published once stored, and each customer's live
//! stream takes what concerns their homes. One node: an in-process broadcast.

use std::sync::{Arc, OnceLock};

use abri_domain::Language;
use abri_domain::ids::CustomerId;
use abri_store::alarm::AlarmEvent;
use tokio::sync::broadcast;

/// A stored event on its way to browsers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LiveEvent {
    /// The owner of the home: only their streams carry it.
    pub customer_id: CustomerId,
    /// The stored event (its id is the SSE id).
    pub event: AlarmEvent,
    /// How the web shows it, in each language: made by the first stream that sends it, then
    /// shared by the others (a customer with many open pages, BENCHMARKS.md B8).
    shown: [OnceLock<Arc<str>>; 2],
}

impl LiveEvent {
    /// The event of `customer_id`'s home, not yet shown.
    #[must_use]
    pub fn new(customer_id: CustomerId, event: AlarmEvent) -> Self {
        Self {
            customer_id,
            event,
            shown: Default::default(),
        }
    }

    /// The event as shown in `lang`: `show`'s text, made once per language.
    pub fn shown_in(&self, lang: Language, show: impl FnOnce(&AlarmEvent) -> String) -> Arc<str> {
        let slot = match lang {
            Language::Fr => &self.shown[0],
            Language::En => &self.shown[1],
        };
        Arc::clone(slot.get_or_init(|| show(&self.event).into()))
    }
}

/// Carries stored events to every stream that may show them.
pub trait EventBus: Send + Sync + 'static {
    /// Publishes an event (after its transaction committed).
    fn publish(&self, event: Arc<LiveEvent>);
    /// A receiver of every event published from now on. A receiver that falls behind by more
    /// than the buffer loses its place (`Lagged`): its stream ends and the browser resumes from
    /// the store with `Last-Event-ID`, so a slow reader never holds the others back.
    fn subscribe(&self) -> broadcast::Receiver<Arc<LiveEvent>>;
}

/// The in-process bus of a single node.
pub struct LocalBus(broadcast::Sender<Arc<LiveEvent>>);

impl LocalBus {
    /// A bus buffering `capacity` events per receiver.
    #[must_use]
    pub fn new(capacity: usize) -> Self {
        Self(broadcast::channel(capacity).0)
    }
}

impl EventBus for LocalBus {
    fn publish(&self, event: Arc<LiveEvent>) {
        // No receiver is not an error: nobody is watching.
        let _ = self.0.send(event);
    }

    fn subscribe(&self) -> broadcast::Receiver<Arc<LiveEvent>> {
        self.0.subscribe()
    }
}
