//! Long operations as futures: the work runs on its own thread (SQLCipher and Argon2
//! block), and the future the shell awaits (Kotlin `suspend`, Swift `async`) finishes
//! when it is done. Cancelling the awaiting coroutine or task drops the future, which
//! raises the work's cancel flag; work that can stop early (a device sync) stops at its
//! next step, and work that cannot undoes what it made (a backup file, a restored
//! record). No async runtime is needed: the foreign side polls.

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll, Waker};

use crate::error::RecordError;

/// Whether the shell stopped waiting for the work.
#[derive(Debug, Clone, Default)]
pub(crate) struct CancelFlag(Arc<AtomicBool>);

impl CancelFlag {
    /// Whether the awaiting side cancelled.
    pub(crate) fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
}

struct Slot<T> {
    result: Option<Result<T, RecordError>>,
    waker: Option<Waker>,
}

/// The future of work running on its own thread.
struct Work<T> {
    slot: Arc<Mutex<Slot<T>>>,
    cancel: CancelFlag,
}

impl<T> Future for Work<T> {
    type Output = Result<T, RecordError>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let mut slot = self.slot.lock().unwrap_or_else(PoisonError::into_inner);
        match slot.result.take() {
            Some(result) => Poll::Ready(result),
            None => {
                slot.waker = Some(cx.waker().clone());
                Poll::Pending
            }
        }
    }
}

impl<T> Drop for Work<T> {
    fn drop(&mut self) {
        self.cancel.0.store(true, Ordering::SeqCst);
    }
}

/// Runs `work` on a new thread; a panic in it is an error, never a crash.
pub(crate) fn run<T, F>(work: F) -> impl Future<Output = Result<T, RecordError>>
where
    T: Send + 'static,
    F: FnOnce(&CancelFlag) -> Result<T, RecordError> + Send + 'static,
{
    let slot = Arc::new(Mutex::new(Slot {
        result: None,
        waker: None,
    }));
    let cancel = CancelFlag::default();
    let (for_thread, flag) = (slot.clone(), cancel.clone());
    let spawned = std::thread::Builder::new()
        .name("phr-work".into())
        .spawn(move || {
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(&flag)))
                .unwrap_or_else(|_| {
                    log::error!(target: "phr_ffi::worker", "the work panicked");
                    Err(RecordError::Storage {
                        reason: "an internal error stopped the operation; nothing was lost".into(),
                    })
                });
            let mut slot = for_thread.lock().unwrap_or_else(PoisonError::into_inner);
            slot.result = Some(result);
            if let Some(waker) = slot.waker.take() {
                waker.wake();
            }
        });
    if let Err(e) = spawned {
        slot.lock().unwrap_or_else(PoisonError::into_inner).result =
            Some(Err(RecordError::Storage {
                reason: format!("the operation could not start: {e}"),
            }));
    }
    Work { slot, cancel }
}
