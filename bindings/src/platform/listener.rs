//! Change listeners: a screen registers a `RecordListener` and is told, after each
//! commit, which areas of the record changed; the returned `ListenerHandle` unregisters
//! it (`cancel()`, or when the handle is freed).
//!
//! The core tells its listeners on the writing thread while the record is still locked
//! for that write. A shell's listener may well read the record at once (to refresh a
//! screen), so each listener here gets its own delivery thread: changes reach it in
//! order, never while a write holds the record, and never for a change committed after
//! `cancel()` returned.

use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex, PoisonError};

use phr_core::api::{ChangeListener, RecordChange, Subscription};

/// Told of every committed change; implemented by the shell (a Kotlin `Flow`'s
/// `callbackFlow`, a Swift `AsyncStream`'s continuation).
#[uniffi::export(foreign)]
pub trait RecordListener: Send + Sync {
    /// The record changed in these areas.
    fn on_change(&self, change: RecordChange);
}

/// Hands the core's calls to the delivery thread.
struct Relay(Mutex<Sender<RecordChange>>);

impl ChangeListener for Relay {
    fn on_change(&self, change: &RecordChange) {
        let sender = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        // A closed channel means the handle was cancelled: nothing to deliver.
        let _ = sender.send(change.clone());
    }
}

fn deliver(changes: Receiver<RecordChange>, listener: Arc<dyn RecordListener>) {
    for change in changes {
        listener.on_change(change);
    }
}

/// A registered listener. `cancel()` (or freeing the handle) unregisters it.
#[derive(uniffi::Object)]
pub struct ListenerHandle {
    subscription: Mutex<Option<Subscription>>,
}

impl std::fmt::Debug for ListenerHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ListenerHandle").finish_non_exhaustive()
    }
}

impl ListenerHandle {
    /// Registers `listener` through `subscribe` (the core's `Record::observe`).
    pub(crate) fn register(
        listener: Arc<dyn RecordListener>,
        subscribe: impl FnOnce(Arc<dyn ChangeListener>) -> Subscription,
    ) -> Arc<Self> {
        let (sender, receiver) = channel();
        std::thread::Builder::new()
            .name("phr-listener".into())
            .spawn(move || deliver(receiver, listener))
            .map_err(|e| log::warn!(target: "phr_ffi::listener", "no delivery thread: {e}"))
            .ok();
        let subscription = subscribe(Arc::new(Relay(Mutex::new(sender))));
        Arc::new(Self {
            subscription: Mutex::new(Some(subscription)),
        })
    }
}

#[uniffi::export]
impl ListenerHandle {
    /// Unregisters the listener: it is told of no change made after this returns.
    /// Cancelling twice is harmless.
    pub fn cancel(&self) {
        // Dropping the subscription unregisters the relay; dropping the relay closes the
        // channel, and the delivery thread ends once it has delivered what was sent.
        self.subscription
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
    }

    /// Whether `cancel()` was called.
    pub fn is_cancelled(&self) -> bool {
        self.subscription
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .is_none()
    }
}
