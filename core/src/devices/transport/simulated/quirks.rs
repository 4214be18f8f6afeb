//! The quirks a simulated meter or cuff can be switched to, named as on the command
//! line (`phr devices simulate glucose --quirk lo-hi`). Each one is a behaviour seen on
//! real devices or in other apps' bug trackers (BLE.md, "Seen on real devices").

use std::fmt;
use std::str::FromStr;

use crate::devices::session::DeviceError;

macro_rules! quirks {
    ($(#[$meta:meta])* $name:ident { $( $(#[$v:meta])* $variant:ident = $text:literal, )+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $( $(#[$v])* $variant, )+
        }

        impl $name {
            /// Every quirk.
            pub const EVERY: &'static [Self] = &[ $( Self::$variant, )+ ];

            /// The command-line name.
            pub fn name(self) -> &'static str {
                match self { $( Self::$variant => $text, )+ }
            }

            /// Parses one name; `all` is handled by [`Self::parse_list`].
            pub fn parse(name: &str) -> Result<Self, DeviceError> {
                let wanted = name.trim().to_ascii_lowercase().replace('_', "-");
                Self::EVERY
                    .iter()
                    .copied()
                    .find(|q| q.name() == wanted)
                    .ok_or_else(|| DeviceError::UnknownQuirk {
                        name: name.to_owned(),
                        known: Self::EVERY
                            .iter()
                            .map(|q| q.name())
                            .chain(["all"])
                            .collect::<Vec<_>>()
                            .join(", "),
                    })
            }

            /// Parses names; `all` switches on [`Self::all`].
            pub fn parse_list<S: AsRef<str>>(names: &[S]) -> Result<Vec<Self>, DeviceError> {
                let mut out = Vec::new();
                for name in names {
                    if name.as_ref().trim().eq_ignore_ascii_case("all") {
                        out.extend_from_slice(&Self::all());
                    } else {
                        out.push(Self::parse(name.as_ref())?);
                    }
                }
                out.sort();
                out.dedup();
                Ok(out)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.name())
            }
        }

        impl FromStr for $name {
            type Err = DeviceError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::parse(s)
            }
        }
    };
}

quirks! {
    /// Behaviours of a simulated glucose meter.
    MeterQuirk {
        /// Every 7th record's notifications (measurement and context) are sent twice.
        Duplicates = "duplicates",
        /// Neighbouring records swap places; some contexts come before their measurement.
        OutOfOrder = "out-of-order",
        /// The first connection drops 40 % of the way through a transfer.
        Disconnect = "disconnect",
        /// The memory holds records from before and after a battery change: numbering
        /// restarted at 0 for the last 40 % (old and new share sequence numbers).
        BatteryRestart = "battery-restart",
        /// Base time in UTC plus a negative local offset (-420 min), as one brand does.
        NegativeOffset = "negative-offset",
        /// The last 10 % of records were taken with the clock five years ahead, and
        /// every 45th record has the time-fault status bit.
        WrongClock = "wrong-clock",
        /// Every 50th record is LO (-INF, status bit 6), another every 50th is HI.
        LoHi = "lo-hi",
        /// Every 40th record is a control-solution test (type 10, location 4).
        ControlSolution = "control-solution",
        /// Every 11th record flags a context that is never sent.
        MissingContexts = "missing-contexts",
        /// The last two records come after the RACP response.
        LateNotifications = "late-notifications",
        /// Numbering starts near 65535 and wraps to 0 during the records.
        SequenceWrap = "sequence-wrap",
        /// A vendor service exposes a second 0x2A52 that answers with nonsense.
        VendorRacp = "vendor-racp",
        /// Every 97th record is preceded by a truncated measurement notification.
        Malformed = "malformed",
        /// The meter's memory is empty (overrides the number of records).
        NoRecords = "no-records",
    }
}

quirks! {
    /// Behaviours of a simulated blood-pressure cuff.
    CuffQuirk {
        /// Advertises as "BM85" and sends pulse and status big-endian, a user id without
        /// its flag and a reserved flag bit (BLE.md, "Blood-pressure cuffs").
        BigEndian = "big-endian",
        /// Mean arterial pressure sent as 0 ("not measured").
        MapZero = "map-zero",
        /// Every 10th pulse is 400 /min: dropped, the pressures kept.
        ImplausiblePulse = "implausible-pulse",
        /// The clock was never set: time stamps with year 0.
        NoClock = "no-clock",
        /// One extra reading is an error report (all pressures NaN): skipped.
        ErrorReading = "error-reading",
        /// Every 5th indication is sent twice.
        Duplicates = "duplicates",
        /// The cuff does not disconnect at the end: the idle timeout ends the transfer.
        StaysConnected = "stays-connected",
        /// No Current Time Service: its clock cannot be set.
        NoCurrentTime = "no-current-time",
    }
}

impl MeterQuirk {
    /// What `--quirk all` switches on: every quirk except `no-records`, which would
    /// empty the meter (it contradicts "N records"; name it on its own to get it).
    pub fn all() -> Vec<Self> {
        Self::EVERY
            .iter()
            .copied()
            .filter(|q| *q != Self::NoRecords)
            .collect()
    }
}

impl CuffQuirk {
    /// What `--quirk all` switches on: every quirk.
    pub fn all() -> Vec<Self> {
        Self::EVERY.to_vec()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_all_expands() {
        for q in MeterQuirk::EVERY {
            assert_eq!(MeterQuirk::parse(q.name()).expect("name"), *q);
        }
        assert_eq!(MeterQuirk::parse("LO_HI").expect("alias"), MeterQuirk::LoHi);
        let all = MeterQuirk::parse_list(&["all", "lo-hi"]).expect("all");
        assert_eq!(all.len(), MeterQuirk::EVERY.len() - 1);
        assert!(!all.contains(&MeterQuirk::NoRecords));
        let err = CuffQuirk::parse("wobbly").expect_err("unknown");
        assert!(err.to_string().contains("big-endian"));
    }
}
