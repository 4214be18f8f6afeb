//! Change observers: a screen registers a listener and is told when the record changed
//! (entries, readings, alerts, settings, messages), so it updates without polling. A
//! listener is told after the change is committed, never for a change that rolled
//! back; registering returns a [`Subscription`] whose drop (or `cancel`) unregisters it.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, Weak};

use serde::{Deserialize, Serialize};

/// What part of the record changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeArea {
    /// Entries (any section).
    Entries,
    /// Readings.
    Readings,
    /// Notifications (new, acknowledged, snoozed ...).
    Alerts,
    /// Rules and other settings.
    Settings,
    /// Requests, messages, questions.
    Messages,
    /// Devices and their syncs.
    Devices,
}

/// One committed change: which areas it touched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordChange {
    /// The areas, each once, in order.
    pub areas: Vec<ChangeArea>,
}

/// Something told of every committed change. Called on the thread that made the change,
/// after its transaction committed: keep it short (hand the change to a screen's queue).
pub trait ChangeListener: Send + Sync {
    /// The record changed.
    fn on_change(&self, change: &RecordChange);
}

type Listeners = Mutex<BTreeMap<u64, Arc<dyn ChangeListener>>>;

/// The listeners of one record.
#[derive(Default)]
pub(crate) struct Observers {
    listeners: Arc<Listeners>,
    next: AtomicU64,
}

impl Observers {
    pub fn add(&self, listener: Arc<dyn ChangeListener>) -> Subscription {
        let id = self.next.fetch_add(1, Ordering::Relaxed);
        self.lock().insert(id, listener);
        Subscription {
            id,
            listeners: Arc::downgrade(&self.listeners),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, BTreeMap<u64, Arc<dyn ChangeListener>>> {
        self.listeners
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Tells every listener. A listener that panics does not stop the others.
    pub fn notify(&self, mut areas: Vec<ChangeArea>) {
        if areas.is_empty() {
            return;
        }
        areas.sort();
        areas.dedup();
        let change = RecordChange { areas };
        let listeners: Vec<Arc<dyn ChangeListener>> = self.lock().values().cloned().collect();
        for listener in listeners {
            let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                listener.on_change(&change)
            }));
            if outcome.is_err() {
                log::warn!(target: "phr_core::api", "a change listener panicked");
            }
        }
    }

    pub fn count(&self) -> usize {
        self.lock().len()
    }
}

/// A registered listener. Dropping it, or calling [`Subscription::cancel`], unregisters
/// the listener; it is never called after that.
#[derive(Debug)]
pub struct Subscription {
    id: u64,
    listeners: Weak<Listeners>,
}

impl Subscription {
    /// Unregisters the listener now.
    pub fn cancel(&self) {
        if let Some(listeners) = self.listeners.upgrade() {
            listeners
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .remove(&self.id);
        }
    }
}

impl Drop for Subscription {
    fn drop(&mut self) {
        self.cancel();
    }
}
