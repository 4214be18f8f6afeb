//! The limit on bytes held as raw JSON while reading resources out of order.
//!
//! Reading a resource whose `resourceType` comes late means holding its elements as text
//! until the type is known. Nested such resources (a Bundle with sorted keys holding
//! resources with sorted keys) hold text inside held text; a crafted input could nest
//! this deeply and make the parser hold many copies of itself. [`parse_input`] allows at
//! most twice the input's size held at once.
//!
//! The limit is per thread, set for the duration of one `parse_input` call, and absent
//! otherwise (deserialising a [`Resource`](crate::fhir::Resource) directly with serde
//! has no limit).
//!
//! [`parse_input`]: crate::fhir::parse_input

use std::cell::Cell;

/// The message of the error raised when the limit is reached.
pub(crate) const EXHAUSTED: &str =
    "too much of the input had to be held to read resources whose resourceType comes late";

#[derive(Clone, Copy)]
struct Budget {
    left: usize,
    exhausted: bool,
}

thread_local! {
    static BUDGET: Cell<Option<Budget>> = const { Cell::new(None) };
}

/// Sets the limit until the guard drops, then restores what was there before.
pub(crate) struct Limit {
    previous: Option<Budget>,
}

impl Limit {
    /// Allows `bytes` held at once on this thread.
    pub(crate) fn new(bytes: usize) -> Self {
        let previous = BUDGET.replace(Some(Budget {
            left: bytes,
            exhausted: false,
        }));
        Self { previous }
    }

    /// Whether a charge was refused since the limit was set.
    pub(crate) fn exhausted(&self) -> bool {
        BUDGET.get().is_some_and(|b| b.exhausted)
    }
}

impl Drop for Limit {
    fn drop(&mut self) {
        BUDGET.set(self.previous);
    }
}

/// Takes `bytes` from the limit, if one is set.
pub(crate) fn charge(bytes: usize) -> Result<(), &'static str> {
    let Some(mut budget) = BUDGET.get() else {
        return Ok(());
    };
    if budget.left < bytes {
        budget.exhausted = true;
        BUDGET.set(Some(budget));
        return Err(EXHAUSTED);
    }
    budget.left -= bytes;
    BUDGET.set(Some(budget));
    Ok(())
}

/// Gives back bytes no longer held.
pub(crate) fn refund(bytes: usize) {
    if let Some(mut budget) = BUDGET.get() {
        budget.left = budget.left.saturating_add(bytes);
        BUDGET.set(Some(budget));
    }
}
