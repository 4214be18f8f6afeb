//! Which glucose records are already stored, and in which sequence-number epoch a new
//! one goes. A record is itself by (sequence number, device time): after a battery
//! change a meter numbers from 0 again, so the same number comes back with another
//! time. Such a record starts a new epoch, so old and new coexist under the store's
//! uniqueness (device, epoch, sequence); one that matches a stored record in number
//! *and* time is the same record and adds nothing, whatever order it arrives in.

use std::collections::HashMap;

use chrono::NaiveDateTime;

use rusqlite::Connection;

use crate::devices::session::{DeviceError, GlucoseHistory};
use crate::store::origins::DeviceSyncState;
use crate::store::readings;

/// Sequence number and device time (`None` when the meter's clock was unset).
type Key = (u32, Option<NaiveDateTime>);

/// The stored records of one device.
#[derive(Debug, Default, Clone)]
pub(crate) struct KnownRecords {
    by_key: HashMap<Key, u32>,
    by_slot: HashMap<(u32, u32), Option<NaiveDateTime>>,
}

/// Where a record goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Placement {
    /// Already stored, in this epoch.
    Known(u32),
    /// New, to be stored in this epoch.
    New(u32),
}

/// The epochs chosen for a batch and where the device's numbering now stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct EpochPlan {
    pub placements: Vec<Placement>,
    pub epoch: u32,
    pub last_sequence: Option<u32>,
}

impl KnownRecords {
    /// The device's stored glucose records, through the store's per-device index. Read
    /// inside the sync's write transaction, so two syncs of one meter at once (a phone's
    /// background sync and a foreground one) never decide epochs from a stale snapshot.
    pub fn load(conn: &Connection, device_id: &str) -> Result<Self, DeviceError> {
        let mut known = Self::default();
        for (epoch, seq, time) in readings::device_glucose_keys(conn, device_id)? {
            known.insert(epoch, seq, time);
        }
        Ok(known)
    }

    /// Where to resume: the last stored sequence number of the current epoch and the
    /// device time of that record.
    pub fn history(&self, state: Option<&DeviceSyncState>) -> GlucoseHistory {
        let Some(state) = state else {
            return GlucoseHistory::default();
        };
        let last_sequence = state.last_sequence.and_then(|s| u16::try_from(s).ok());
        let last_time = last_sequence
            .and_then(|s| self.by_slot.get(&(state.epoch, u32::from(s))))
            .copied()
            .flatten();
        GlucoseHistory {
            last_sequence,
            last_time,
        }
    }

    /// Places each record (sequence number, device time), in arrival order, starting
    /// from the device's current epoch.
    pub fn plan(
        &mut self,
        records: &[Key],
        start_epoch: u32,
        stored_last: Option<u32>,
    ) -> EpochPlan {
        let mut cursor = start_epoch;
        let mut last_in_epoch: HashMap<u32, u32> = HashMap::new();
        let mut placements = Vec::with_capacity(records.len());
        for &(seq, time) in records {
            if let Some(&epoch) = self.by_key.get(&(seq, time)) {
                placements.push(Placement::Known(epoch));
                last_in_epoch.insert(epoch, seq);
                continue;
            }
            let mut epoch = cursor;
            while self.by_slot.contains_key(&(epoch, seq)) {
                epoch += 1;
            }
            cursor = cursor.max(epoch);
            self.insert(epoch, seq, time);
            placements.push(Placement::New(epoch));
            last_in_epoch.insert(epoch, seq);
        }
        let last_sequence = match last_in_epoch.get(&cursor) {
            Some(seq) => Some(*seq),
            None if cursor == start_epoch => stored_last,
            None => None,
        };
        EpochPlan {
            placements,
            epoch: cursor,
            last_sequence,
        }
    }

    fn insert(&mut self, epoch: u32, seq: u32, time: Option<NaiveDateTime>) {
        self.by_key.insert((seq, time), epoch);
        self.by_slot.insert((epoch, seq), time);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(minute: u32) -> Option<NaiveDateTime> {
        chrono::NaiveDate::from_ymd_opt(2026, 3, 1).and_then(|d| d.and_hms_opt(8, minute, 0))
    }

    #[test]
    fn a_restarted_numbering_opens_a_new_epoch_and_repeats_are_known() {
        let mut known = KnownRecords::default();
        let first = known.plan(&[(0, t(0)), (1, t(1)), (2, t(2))], 0, None);
        assert_eq!(first.epoch, 0);
        assert_eq!(first.last_sequence, Some(2));
        // Battery change: 0 and 1 again with later times, then an old one resent.
        let second = known.plan(&[(0, t(30)), (1, t(31)), (2, t(2))], 0, Some(2));
        assert_eq!(
            second.placements,
            vec![Placement::New(1), Placement::New(1), Placement::Known(0)]
        );
        assert_eq!((second.epoch, second.last_sequence), (1, Some(1)));
        let again = known.plan(&[(0, t(30)), (1, t(31))], 1, Some(1));
        assert!(
            again
                .placements
                .iter()
                .all(|p| matches!(p, Placement::Known(1)))
        );
    }
}
