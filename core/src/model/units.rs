//! Units: every conversion factor the record uses, each with its source, and the one
//! rounding of glucose typed or decoded in mg/dL. Decoders, typed input, imports and
//! exports all convert here.

/// mg/dL per mmol/L of glucose. The molar mass of glucose (C6H12O6) is 180.16 g/mol
/// (from IUPAC standard atomic weights: 6 x 12.011 + 12 x 1.008 + 6 x 15.999), so
/// 1 mmol/L = 180.16 mg/L = 18.016 mg/dL. BLE.md: "mmol/L = mg/dL / 18.016".
pub const MG_PER_DL_PER_MMOL_PER_L_GLUCOSE: f64 = 18.016;

/// mg/dL per kg/L: 1 kg/L = 10^6 mg / 10 dL = 10^5 mg/dL (Bluetooth GLS: concentration
/// in kg/L; BLE.md: "1 mg/dL = 1e-5 kg/L").
pub const MG_PER_DL_PER_KG_PER_L: f64 = 1e5;

/// mmol/L per mol/L: the SI prefix milli = 10^-3 (BIPM SI Brochure, 9th ed., Table 7).
pub const MMOL_PER_L_PER_MOL_PER_L: f64 = 1e3;

/// mmHg per kPa: 1 mmHg = 133.322 387 415 Pa (NIST SP 811, 2008, Appendix B.8), so
/// 1 kPa = 1000 / 133.322 387 415 = 7.500 62 mmHg. BLE.md: "1 kPa = 7.50062 mmHg".
pub const MMHG_PER_KPA: f64 = 7.50062;

/// kg per pound: 0.453 592 37 exactly (international yard and pound agreement, 1959;
/// NIST SP 811, Appendix B.8).
pub const KG_PER_LB: f64 = 0.453_592_37;

/// metres per inch: 0.0254 exactly (same agreement; NIST SP 811, Appendix B.8).
pub const M_PER_INCH: f64 = 0.0254;

/// Glucose mg/dL to mmol/L.
pub fn mg_per_dl_to_mmol_per_l(mg_per_dl: f64) -> f64 {
    mg_per_dl / MG_PER_DL_PER_MMOL_PER_L_GLUCOSE
}

/// Glucose mmol/L to mg/dL.
pub fn mmol_per_l_to_mg_per_dl(mmol_per_l: f64) -> f64 {
    mmol_per_l * MG_PER_DL_PER_MMOL_PER_L_GLUCOSE
}

/// kg/L to mg/dL (any substance).
pub fn kg_per_l_to_mg_per_dl(kg_per_l: f64) -> f64 {
    kg_per_l * MG_PER_DL_PER_KG_PER_L
}

/// mol/L to mmol/L (any substance).
pub fn mol_per_l_to_mmol_per_l(mol_per_l: f64) -> f64 {
    mol_per_l * MMOL_PER_L_PER_MOL_PER_L
}

/// kPa to mmHg.
pub fn kpa_to_mmhg(kpa: f64) -> f64 {
    kpa * MMHG_PER_KPA
}

/// mmHg to kPa.
pub fn mmhg_to_kpa(mmhg: f64) -> f64 {
    mmhg / MMHG_PER_KPA
}

/// Pounds to kilograms.
pub fn lb_to_kg(lb: f64) -> f64 {
    lb * KG_PER_LB
}

/// Inches to metres.
pub fn inch_to_m(inch: f64) -> f64 {
    inch * M_PER_INCH
}

/// Glucose in mg/dL as the record stores it: mmol/L to two decimals, which keeps every
/// whole mg/dL value distinct without false precision (97 mg/dL is 5.38 mmol/L).
pub fn glucose_mmol_per_l_from_mg_per_dl(mg_per_dl: f64) -> f64 {
    round_to(mg_per_dl_to_mmol_per_l(mg_per_dl), 2)
}

/// `value` rounded to `decimals` places, for display (half away from zero).
pub fn round_to(value: f64, decimals: i32) -> f64 {
    let scale = 10f64.powi(decimals);
    (value * scale).round() / scale
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ble_md_worked_example_97_mg_per_dl_is_5_38_mmol_per_l() {
        assert_eq!(round_to(mg_per_dl_to_mmol_per_l(97.0), 2), 5.38);
        assert_eq!(round_to(kg_per_l_to_mg_per_dl(0.00097), 6), 97.0);
    }

    #[test]
    fn conversions_round_trip() {
        assert!((mmol_per_l_to_mg_per_dl(mg_per_dl_to_mmol_per_l(180.0)) - 180.0).abs() < 1e-9);
        assert!((mmhg_to_kpa(kpa_to_mmhg(16.0)) - 16.0).abs() < 1e-12);
        assert_eq!(round_to(mol_per_l_to_mmol_per_l(0.0054), 6), 5.4);
    }

    #[test]
    fn kpa_factor_matches_nist_definition_of_mmhg() {
        assert!((1000.0 / 133.322_387_415 - MMHG_PER_KPA).abs() < 1e-5);
        assert_eq!(round_to(kpa_to_mmhg(16.0), 1), 120.0);
    }

    #[test]
    fn imperial_factors() {
        assert_eq!(round_to(lb_to_kg(100.0), 5), 45.35924);
        assert_eq!(round_to(inch_to_m(60.0), 3), 1.524);
    }
}
