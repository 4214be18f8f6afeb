//! Which codes are which reading, and the units readings come in and go out in.
//!
//! One table, built from the model's own definitions: each kind's LOINC code
//! (`ReadingKind::loinc`), each glucose specimen's (`GlucoseSpecimen::loinc`), the
//! LOINC/UCUM pairs of SHARING.md (`fhir::codes`), plus the SNOMED CT codes the UK Core
//! examples use for the same readings. Units are converted with `model::units` only.

use std::sync::LazyLock;

use crate::fhir::codes::{
    self, DIASTOLIC, GLUCOSE_BLOOD_MG, GLUCOSE_CAPILLARY_MG, HEART_RATE, LOINC, MEAN_ARTERIAL,
    SNOMED_CT, SYSTOLIC, UCUM,
};
use crate::fhir::datatypes::{CodeableConcept, Coding, Decimal, Quantity};
use crate::model::{GlucoseSpecimen, ReadingKind, units};

/// R4 CodeSystem `observation-statistics`: what the export's day summaries' components
/// are (count, minimum, average, maximum, sum).
pub const OBSERVATION_STATISTICS: &str =
    "http://terminology.hl7.org/CodeSystem/observation-statistics";

/// Which value of a reading a code names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// The reading's value (glucose, heart rate, weight, steps).
    Value,
    /// A blood pressure panel: the values are its components.
    Panel,
    /// Systolic pressure (a component).
    Systolic,
    /// Diastolic pressure (a component).
    Diastolic,
    /// Mean arterial pressure (a component).
    Mean,
    /// Heart rate as a component of a blood pressure panel (the cuff's pulse).
    Pulse,
}

/// One row of the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadingCode {
    /// The code system.
    pub system: &'static str,
    /// The code.
    pub code: &'static str,
    /// The reading kind.
    pub kind: ReadingKind,
    /// Which value.
    pub part: Part,
    /// For glucose: the specimen the code says.
    pub specimen: Option<GlucoseSpecimen>,
    /// Whether the code says the person was fasting.
    pub fasting: bool,
}

const fn row(
    system: &'static str,
    code: &'static str,
    kind: ReadingKind,
    part: Part,
) -> ReadingCode {
    ReadingCode {
        system,
        code,
        kind,
        part,
        specimen: None,
        fasting: false,
    }
}

/// Every glucose specimen (model `GlucoseSpecimen`).
const SPECIMENS: [GlucoseSpecimen; 5] = [
    GlucoseSpecimen::CapillaryBlood,
    GlucoseSpecimen::InterstitialFluid,
    GlucoseSpecimen::Plasma,
    GlucoseSpecimen::Serum,
    GlucoseSpecimen::WholeBlood,
];

static TABLE: LazyLock<Vec<ReadingCode>> = LazyLock::new(|| {
    use ReadingKind::*;
    let mut rows = Vec::new();
    // Each kind's own code first: it is what the export writes when nothing more is known.
    for kind in ReadingKind::ALL {
        if let Some(code) = kind.loinc() {
            let part = if kind == BloodPressure {
                Part::Panel
            } else {
                Part::Value
            };
            rows.push(row(LOINC, code, kind, part));
        }
    }
    for specimen in SPECIMENS {
        rows.push(ReadingCode {
            specimen: Some(specimen),
            ..row(LOINC, specimen.loinc(), BloodGlucose, Part::Value)
        });
    }
    rows.push(ReadingCode {
        specimen: Some(GlucoseSpecimen::CapillaryBlood),
        ..row(LOINC, GLUCOSE_CAPILLARY_MG.loinc, BloodGlucose, Part::Value)
    });
    rows.push(row(
        LOINC,
        GLUCOSE_BLOOD_MG.loinc,
        BloodGlucose,
        Part::Value,
    ));
    rows.extend([
        row(LOINC, SYSTOLIC.loinc, BloodPressure, Part::Systolic),
        row(LOINC, DIASTOLIC.loinc, BloodPressure, Part::Diastolic),
        row(LOINC, MEAN_ARTERIAL.loinc, BloodPressure, Part::Mean),
        // LOINC 55284-4 "Blood pressure systolic and diastolic": the panel Synthea writes.
        row(LOINC, "55284-4", BloodPressure, Part::Panel),
        // SNOMED CT, as the UK Core examples code them (UKCore-Bundle-NEWS2Observations,
        // UKCore-Observation-VitalSigns-*, BloodPressureObservation in the fixtures).
        row(SNOMED_CT, "75367002", BloodPressure, Part::Panel),
        row(SNOMED_CT, "72313002", BloodPressure, Part::Systolic),
        row(
            SNOMED_CT,
            "1091811000000102",
            BloodPressure,
            Part::Diastolic,
        ),
        row(SNOMED_CT, "364075005", HeartRate, Part::Value),
        row(SNOMED_CT, "78564009", HeartRate, Part::Value),
        row(SNOMED_CT, "27113001", Weight, Part::Value),
        // SNOMED CT International: "Systolic blood pressure", "Diastolic blood pressure".
        row(SNOMED_CT, "271649006", BloodPressure, Part::Systolic),
        row(SNOMED_CT, "271650006", BloodPressure, Part::Diastolic),
    ]);
    // UK Core example UKCore-Observation-FastingTest: "Fasting blood glucose level".
    rows.push(ReadingCode {
        fasting: true,
        ..row(SNOMED_CT, "997681000000108", BloodGlucose, Part::Value)
    });
    rows
});

/// The reading a coding names.
pub fn by_coding(coding: &Coding) -> Option<ReadingCode> {
    let (system, code) = (coding.system.as_deref()?, coding.code.as_deref()?);
    TABLE
        .iter()
        .find(|r| r.system == system && r.code == code)
        .copied()
}

/// The reading a concept names: its first coding that is in the table.
pub fn by_concept(concept: &CodeableConcept) -> Option<ReadingCode> {
    concept.coding.iter().find_map(by_coding)
}

/// A LOINC concept with LOINC's display when SHARING.md gives one.
pub fn loinc_concept(code: &str, text: &str) -> CodeableConcept {
    let display = codes::reading_code(code).map(|c| c.display);
    CodeableConcept {
        coding: vec![Coding {
            system: Some(LOINC.into()),
            code: Some(code.into()),
            display: display.map(str::to_owned),
            ..Coding::default()
        }],
        text: Some(text.into()),
        ..CodeableConcept::default()
    }
}

/// The concept the export writes for a reading kind's main value.
pub fn kind_concept(
    kind: ReadingKind,
    specimen: Option<GlucoseSpecimen>,
) -> Option<CodeableConcept> {
    let code = match (kind, specimen) {
        (ReadingKind::BloodGlucose, Some(s)) => s.loinc(),
        _ => kind.loinc()?,
    };
    Some(loinc_concept(code, kind.title()))
}

/// The concept of a blood pressure component.
pub fn part_concept(part: Part) -> Option<CodeableConcept> {
    let code = match part {
        Part::Systolic => SYSTOLIC,
        Part::Diastolic => DIASTOLIC,
        Part::Mean => MEAN_ARTERIAL,
        Part::Pulse => HEART_RATE,
        Part::Value | Part::Panel => return None,
    };
    Some(loinc_concept(code.loinc, code.display))
}

/// Glucose whose LOINC code is in mass/volume (interstitial fluid, 99504-3: see
/// `GlucoseSpecimen::loinc`) goes out in mg/dL.
pub fn exported_in_mg_per_dl(kind: ReadingKind, specimen: Option<GlucoseSpecimen>) -> bool {
    kind == ReadingKind::BloodGlucose && specimen == Some(GlucoseSpecimen::InterstitialFluid)
}

/// A value as a UCUM quantity in the kind's stored unit (`ReadingKind::unit`), or in
/// mg/dL where [`exported_in_mg_per_dl`] says so.
pub fn quantity(
    kind: ReadingKind,
    specimen: Option<GlucoseSpecimen>,
    value: f64,
) -> Option<Quantity> {
    let (value, unit) = if exported_in_mg_per_dl(kind, specimen) {
        (
            units::round_to(units::mmol_per_l_to_mg_per_dl(value), 1),
            GLUCOSE_BLOOD_MG.ucum,
        )
    } else {
        (value, kind.unit())
    };
    Some(Quantity::ucum(Decimal::from_f64(value)?, unit))
}

/// The unit of a quantity: its UCUM code, else its unit text.
fn unit_of(q: &Quantity) -> Option<&str> {
    match (q.system.as_deref(), q.code.as_deref()) {
        (Some(UCUM) | None, Some(code)) => Some(code),
        _ => q.unit.as_deref(),
    }
}

/// A quantity in the unit the record stores `kind` in, converted with `model::units`;
/// `Err` names a unit the record does not read for this kind.
pub fn stored_value(kind: ReadingKind, q: &Quantity) -> Result<f64, String> {
    let value = q
        .value
        .as_ref()
        .map(Decimal::to_f64)
        .ok_or_else(|| "the quantity has no value".to_owned())?;
    if q.comparator.is_some() {
        return Err("the value is a bound (<, >), not a measurement".into());
    }
    let unit = unit_of(q).unwrap_or_default();
    let lower = unit.to_ascii_lowercase();
    let converted = match kind {
        ReadingKind::BloodGlucose => match lower.as_str() {
            "mmol/l" => Some(value),
            "mg/dl" => Some(units::glucose_mmol_per_l_from_mg_per_dl(value)),
            _ => None,
        },
        ReadingKind::BloodPressure => match lower.as_str() {
            "mm[hg]" | "mmhg" => Some(value),
            "kpa" => Some(units::kpa_to_mmhg(value)),
            _ => None,
        },
        ReadingKind::HeartRate => lower.ends_with("/min").then_some(value),
        ReadingKind::Weight => match lower.as_str() {
            "kg" => Some(value),
            "[lb_av]" | "lb" => Some(units::lb_to_kg(value)),
            _ => None,
        },
        ReadingKind::Steps => Some(value),
        _ => None,
    };
    converted.ok_or_else(|| {
        format!(
            "the unit `{unit}` is not one the record reads for {}",
            kind.title().to_lowercase()
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_model_codes_are_in_the_table_first() {
        let glucose = by_coding(&Coding::new(LOINC, "15074-8", "")).unwrap();
        assert_eq!(
            (glucose.kind, glucose.specimen),
            (ReadingKind::BloodGlucose, None)
        );
        let capillary = by_coding(&Coding::new(LOINC, "14743-9", "")).unwrap();
        assert_eq!(capillary.specimen, Some(GlucoseSpecimen::CapillaryBlood));
        let panel = by_coding(&Coding::new(SNOMED_CT, "75367002", "")).unwrap();
        assert_eq!(panel.part, Part::Panel);
    }

    #[test]
    fn units_convert_through_the_model() {
        let q = |v: &str, u: &str| Quantity::ucum(v.parse().unwrap(), u);
        assert_eq!(
            stored_value(ReadingKind::BloodGlucose, &q("97", "mg/dL")),
            Ok(5.38)
        );
        assert_eq!(
            stored_value(ReadingKind::BloodPressure, &q("16", "kPa"))
                .map(|v| units::round_to(v, 1)),
            Ok(120.0)
        );
        assert!(stored_value(ReadingKind::Weight, &q("90000", "g")).is_err());
        let back = quantity(
            ReadingKind::BloodGlucose,
            Some(GlucoseSpecimen::InterstitialFluid),
            5.4,
        )
        .unwrap();
        assert_eq!(back.code.as_deref(), Some("mg/dL"));
        assert_eq!(stored_value(ReadingKind::BloodGlucose, &back), Ok(5.4));
    }
}
