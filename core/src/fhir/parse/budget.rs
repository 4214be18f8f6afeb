//! The limits on what one parse may allocate beyond the input, kept per thread for the
//! duration of one [`parse_input`] call (deserialising a
//! [`Resource`](crate::fhir::Resource) directly with serde has no limits).
//!
//! - **Held text.** Reading a resource whose `resourceType` comes late means holding its
//!   elements as text until the type is known. Nested such resources (a Bundle with
//!   sorted keys holding resources with sorted keys) hold text inside held text; a
//!   crafted input could nest this deeply and make the parser hold many copies of
//!   itself. At most [`ParseLimits::held_per_input_byte`] times the input is held at once.
//! - **Typed size.** A few bytes of JSON can become a large struct (`{"code":{}}` is 11
//!   bytes, an `ObservationComponent` hundreds), so a crafted file of empty objects
//!   could take far more memory than its size. Every struct read is charged its size,
//!   up to [`ParseLimits::typed_per_input_byte`] times the input (plus 16 MiB).
//!
//! [`parse_input`]: crate::fhir::parse_input
//! [`ParseLimits::held_per_input_byte`]: crate::fhir::parse::ParseLimits
//! [`ParseLimits::typed_per_input_byte`]: crate::fhir::parse::ParseLimits

use std::cell::Cell;

/// The message of the error raised when the held-text limit is reached.
pub(crate) const HELD_EXHAUSTED: &str =
    "too much of the input had to be held to read resources whose resourceType comes late";
/// The message of the error raised when the typed-size limit is reached.
pub(crate) const TYPED_EXHAUSTED: &str =
    "the resources would take too much memory for the size of the file";

/// Which limit was reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Exhausted {
    Held,
    Typed,
}

#[derive(Clone, Copy)]
struct Budget {
    held_left: usize,
    typed_left: usize,
    exhausted: Option<Exhausted>,
}

thread_local! {
    static BUDGET: Cell<Option<Budget>> = const { Cell::new(None) };
}

/// Sets the limits until the guard drops, then restores what was there before.
pub(crate) struct Limit {
    previous: Option<Budget>,
}

impl Limit {
    /// Allows `held` bytes of text held at once and `typed` bytes of structs in all.
    pub(crate) fn new(held: usize, typed: usize) -> Self {
        let previous = BUDGET.replace(Some(Budget {
            held_left: held,
            typed_left: typed,
            exhausted: None,
        }));
        Self { previous }
    }

    /// Which limit was reached since this one was set, if any.
    pub(crate) fn exhausted(&self) -> Option<Exhausted> {
        BUDGET.get().and_then(|b| b.exhausted)
    }
}

impl Drop for Limit {
    fn drop(&mut self) {
        BUDGET.set(self.previous);
    }
}

fn update(
    change: impl FnOnce(&mut Budget) -> Result<(), &'static str>,
) -> Result<(), &'static str> {
    let Some(mut budget) = BUDGET.get() else {
        return Ok(());
    };
    let result = change(&mut budget);
    BUDGET.set(Some(budget));
    result
}

/// Takes `bytes` of held text from the limit, if one is set.
pub(crate) fn hold(bytes: usize) -> Result<(), &'static str> {
    update(|b| match b.held_left.checked_sub(bytes) {
        Some(left) => {
            b.held_left = left;
            Ok(())
        }
        None => {
            b.exhausted = Some(Exhausted::Held);
            Err(HELD_EXHAUSTED)
        }
    })
}

/// Gives back held text no longer held.
pub(crate) fn release(bytes: usize) {
    let _ = update(|b| {
        b.held_left = b.held_left.saturating_add(bytes);
        Ok(())
    });
}

/// Charges `bytes` of typed structs to the limit, if one is set.
pub(crate) fn charge_typed(bytes: usize) -> Result<(), &'static str> {
    update(|b| match b.typed_left.checked_sub(bytes) {
        Some(left) => {
            b.typed_left = left;
            Ok(())
        }
        None => {
            b.exhausted = Some(Exhausted::Typed);
            Err(TYPED_EXHAUSTED)
        }
    })
}
