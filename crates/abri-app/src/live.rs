//! The `EventBus` port: what is ingested is published once stored, and each customer's live
//! stream takes what concerns their homes. One node: an in-process broadcast.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, PoisonError};

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

/// Carries stored events to the streams of the customer they concern.
pub trait EventBus: Send + Sync + 'static {
    /// Publishes an event (after its transaction committed).
    fn publish(&self, event: Arc<LiveEvent>);
    /// A receiver of `customer`'s events published from now on, and of no one else's: an event
    /// wakes only its customer's streams (BENCHMARKS.md B8, other customers' streams). A
    /// receiver that falls behind by more than the buffer loses its place (`Lagged`) and
    /// catches up from the store, so a slow reader never holds the others back.
    fn subscribe(&self, customer: CustomerId) -> broadcast::Receiver<Arc<LiveEvent>>;
}

/// The in-process bus of a single node: a small broadcast channel for each customer whose
/// streams are open, made at the first subscription and dropped once nobody listens.
pub struct LocalBus {
    capacity: usize,
    channels: Mutex<Channels>,
}

/// The customers' channels, and how many there were after the last sweep of the unheard.
#[derive(Default)]
struct Channels {
    by_customer: HashMap<CustomerId, broadcast::Sender<Arc<LiveEvent>>>,
    swept_at: usize,
}

/// Channels kept before the first sweep of those nobody listens to any more.
const SWEEP_FROM: usize = 64;

impl LocalBus {
    /// A bus buffering `capacity` events per customer (each customer's buffer is allocated
    /// whole while their streams are open: keep it small; a lagging stream reads the store).
    #[must_use]
    pub fn new(capacity: usize) -> Self {
        Self {
            capacity,
            channels: Mutex::new(Channels::default()),
        }
    }

    fn channels(&self) -> MutexGuard<'_, Channels> {
        self.channels.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// How many customers have a channel (their streams open, or closed since the last sweep).
    #[must_use]
    pub fn channel_count(&self) -> usize {
        self.channels().by_customer.len()
    }
}

impl EventBus for LocalBus {
    fn publish(&self, event: Arc<LiveEvent>) {
        let mut channels = self.channels();
        let customer = event.customer_id;
        if let Some(sender) = channels.by_customer.get(&customer)
            && sender.send(event).is_err()
        {
            // Nobody listens any more: the customer's streams all ended.
            channels.by_customer.remove(&customer);
        }
    }

    fn subscribe(&self, customer: CustomerId) -> broadcast::Receiver<Arc<LiveEvent>> {
        let mut channels = self.channels();
        // Customers whose streams ended without an event since: swept when the map has doubled
        // since the last sweep, so each subscription costs O(1) on average.
        if channels.by_customer.len() >= channels.swept_at.max(SWEEP_FROM) * 2 {
            channels
                .by_customer
                .retain(|_, sender| sender.receiver_count() > 0);
            channels.swept_at = channels.by_customer.len();
        }
        let capacity = self.capacity;
        channels
            .by_customer
            .entry(customer)
            .or_insert_with(|| broadcast::channel(capacity).0)
            .subscribe()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use abri_domain::ids::HomeId;
    use tokio::sync::broadcast::error::{RecvError, TryRecvError};

    fn event(customer: CustomerId, id: i64) -> Arc<LiveEvent> {
        Arc::new(LiveEvent::new(
            customer,
            AlarmEvent {
                id,
                home_id: HomeId::new(),
                seq: id,
                kind: "door".to_owned(),
                device: None,
                device_label: None,
                state: None,
                mode: None,
                unexpected: false,
                actor_kind: None,
                actor_user: None,
                value: None,
                occurred_at: time::OffsetDateTime::UNIX_EPOCH,
            },
        ))
    }

    #[test]
    fn a_customer_hears_only_her_own_events() {
        let bus = LocalBus::new(4);
        let (camille, other) = (CustomerId::new(), CustomerId::new());
        let mut hers = bus.subscribe(camille);
        let mut theirs = bus.subscribe(other);
        bus.publish(event(other, 1));
        bus.publish(event(camille, 2));
        assert_eq!(hers.try_recv().map(|e| e.event.id), Ok(2));
        assert_eq!(
            hers.try_recv().map(|e| e.event.id),
            Err(TryRecvError::Empty)
        );
        assert_eq!(theirs.try_recv().map(|e| e.event.id), Ok(1));
        assert_eq!(
            theirs.try_recv().map(|e| e.event.id),
            Err(TryRecvError::Empty)
        );
    }

    #[tokio::test]
    async fn a_reader_past_its_buffer_is_told_it_lagged() {
        let bus = LocalBus::new(2);
        let camille = CustomerId::new();
        let mut slow = bus.subscribe(camille);
        for id in 1..=3 {
            bus.publish(event(camille, id));
        }
        assert_eq!(
            slow.recv().await.map(|e| e.event.id),
            Err(RecvError::Lagged(1))
        );
        assert_eq!(slow.recv().await.map(|e| e.event.id), Ok(2));
    }

    #[test]
    fn channels_nobody_hears_are_dropped() {
        let bus = LocalBus::new(4);
        let camille = CustomerId::new();
        drop(bus.subscribe(camille));
        assert_eq!(bus.channel_count(), 1);
        bus.publish(event(camille, 1));
        assert_eq!(
            bus.channel_count(),
            0,
            "dropped at the first event nobody hears"
        );
        // Streams that end without an event are swept as new customers subscribe.
        let kept: Vec<_> = (0..10)
            .map(|_| {
                let customer = CustomerId::new();
                (customer, bus.subscribe(customer))
            })
            .collect();
        for _ in 0..1000 {
            drop(bus.subscribe(CustomerId::new()));
        }
        assert!(
            bus.channel_count() <= 2 * SWEEP_FROM + kept.len(),
            "{} channels kept",
            bus.channel_count()
        );
        for (n, (customer, mut receiver)) in kept.into_iter().enumerate() {
            bus.publish(event(customer, n.try_into().unwrap_or_default()));
            assert!(receiver.try_recv().is_ok(), "a listened channel was swept");
        }
    }
}
