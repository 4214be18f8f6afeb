//! Per-model deviations of blood-pressure cuffs, keyed on the advertised name (BLE.md,
//! "Blood-pressure cuffs"). Reserved flag bits and trailing bytes are tolerated by the
//! decoder for every cuff; only what cannot be told from the bytes is listed here.

use crate::devices::gatt::BpQuirks;

/// Advertised-name prefixes of cuffs that send pulse rate and measurement status
/// big-endian. Beurer BM85: reported with captures in derdilla/blood-pressure-monitor-fl
/// pull request 735 (the maker's own app keeps such a list); BLE.md describes the same
/// brand sending a user id without its flag, which `user_id_without_flag` tolerates
/// (it reads the byte only when it is there).
const BIG_ENDIAN_PULSE_AND_STATUS: &[&str] = &["BM85"];

/// The quirks of the cuff advertising `name` (none for an unknown or absent name).
pub fn quirks_for_name(name: Option<&str>) -> BpQuirks {
    let Some(name) = name.map(str::trim) else {
        return BpQuirks::default();
    };
    let upper = name.to_ascii_uppercase();
    let swapped = BIG_ENDIAN_PULSE_AND_STATUS
        .iter()
        .any(|prefix| upper.starts_with(prefix));
    BpQuirks {
        big_endian_pulse_and_status: swapped,
        user_id_without_flag: swapped,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quirks_follow_the_advertised_name() {
        assert!(quirks_for_name(Some("BM85")).big_endian_pulse_and_status);
        assert!(quirks_for_name(Some("bm85 ")).user_id_without_flag);
        assert_eq!(quirks_for_name(Some("X4 Smart")), BpQuirks::default());
        assert_eq!(quirks_for_name(None), BpQuirks::default());
    }
}
