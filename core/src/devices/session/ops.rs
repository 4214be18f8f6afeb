//! One GATT operation at a time: Android's stack allows a single operation in flight,
//! so sessions queue theirs and hand out the next only when the previous one is done.

use std::collections::VecDeque;

use super::event::Action;
use super::gatt_id::GattId;

/// A queue of GATT operations with at most one in flight.
#[derive(Debug, Default)]
pub(crate) struct GattQueue {
    waiting: VecDeque<Action>,
    in_flight: Option<GattId>,
}

impl GattQueue {
    /// Queues an operation; returns it if nothing is in flight (to emit now).
    pub fn push(&mut self, action: Action, out: &mut Vec<Action>) {
        self.waiting.push_back(action);
        self.pump(out);
    }

    /// The operation on `id` finished; emits the next one, if any.
    pub fn done(&mut self, id: GattId, out: &mut Vec<Action>) -> bool {
        if self.in_flight != Some(id) {
            return false;
        }
        self.in_flight = None;
        self.pump(out);
        true
    }

    /// Whether nothing is queued or in flight.
    pub fn is_idle(&self) -> bool {
        self.in_flight.is_none() && self.waiting.is_empty()
    }

    /// Forgets everything (after a disconnect).
    pub fn clear(&mut self) {
        self.waiting.clear();
        self.in_flight = None;
    }

    fn pump(&mut self, out: &mut Vec<Action>) {
        if self.in_flight.is_some() {
            return;
        }
        if let Some(next) = self.waiting.pop_front() {
            self.in_flight = match &next {
                Action::Read { id } | Action::Subscribe { id, .. } | Action::Write { id, .. } => {
                    Some(*id)
                }
                _ => None,
            };
            out.push(next);
        }
    }
}
