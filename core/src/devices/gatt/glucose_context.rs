//! Glucose Measurement Context (0x2A34), Glucose Service 1.0 / GATT Specification
//! Supplement "Glucose Measurement Context".
//!
//! flags u8 (bit0 carbohydrate, bit1 meal, bit2 tester-health, bit3 exercise,
//! bit4 medication, bit5 medication unit litres, bit6 HbA1c, bit7 extended flags);
//! sequence number u16; [extended flags u8]; [carbohydrate id u8 + SFLOAT kg];
//! [meal u8]; [tester (low nibble) / health (high nibble) u8]; [exercise duration u16 s +
//! intensity u8 %]; [medication id u8 + SFLOAT kg or L]; [HbA1c SFLOAT %].
//! Unknown ids are kept as raw numbers, never dropped (BLE.md).

use serde::Serialize;

use super::codes::code_enum;
use super::error::DecodeError;
use super::reader::Reader;
use super::sfloat::Sfloat;

const CARBOHYDRATE: u8 = 1 << 0;
const MEAL: u8 = 1 << 1;
const TESTER_HEALTH: u8 = 1 << 2;
const EXERCISE: u8 = 1 << 3;
const MEDICATION: u8 = 1 << 4;
const MEDICATION_LITRES: u8 = 1 << 5;
const HBA1C: u8 = 1 << 6;
const EXTENDED_FLAGS: u8 = 1 << 7;

code_enum! {
    /// Carbohydrate ID.
    pub enum CarbohydrateId: u8 {
        /// Breakfast.
        Breakfast = 1 => "breakfast",
        /// Lunch.
        Lunch = 2 => "lunch",
        /// Dinner.
        Dinner = 3 => "dinner",
        /// Snack.
        Snack = 4 => "snack",
        /// Drink.
        Drink = 5 => "drink",
        /// Supper.
        Supper = 6 => "supper",
        /// Brunch.
        Brunch = 7 => "brunch",
    }
}

code_enum! {
    /// Meal. Values outside 1..=5 (one brand marks ketone tests with 6) stay raw.
    pub enum Meal: u8 {
        /// Preprandial (before meal).
        Preprandial = 1 => "preprandial",
        /// Postprandial (after meal).
        Postprandial = 2 => "postprandial",
        /// Fasting.
        Fasting = 3 => "fasting",
        /// Casual (snacks, drinks...).
        Casual = 4 => "casual",
        /// Bedtime.
        Bedtime = 5 => "bedtime",
    }
}

code_enum! {
    /// Who took the sample: the low nibble of the tester-health byte.
    pub enum Tester: u8 {
        /// The person themself.
        SelfTest = 1 => "self",
        /// A health care professional.
        HealthCareProfessional = 2 => "health_care_professional",
        /// A lab test.
        LabTest = 3 => "lab_test",
        /// Tester value not available.
        NotAvailable = 15 => "not_available",
    }
}

code_enum! {
    /// The person's health: the high nibble of the tester-health byte.
    pub enum Health: u8 {
        /// Minor health issues.
        MinorIssues = 1 => "minor_issues",
        /// Major health issues.
        MajorIssues = 2 => "major_issues",
        /// During menses.
        DuringMenses = 3 => "during_menses",
        /// Under stress.
        UnderStress = 4 => "under_stress",
        /// No health issues.
        NoIssues = 5 => "no_issues",
        /// Health value not available.
        NotAvailable = 15 => "not_available",
    }
}

code_enum! {
    /// Medication ID.
    pub enum MedicationId: u8 {
        /// Rapid-acting insulin.
        RapidActingInsulin = 1 => "rapid_acting_insulin",
        /// Short-acting insulin.
        ShortActingInsulin = 2 => "short_acting_insulin",
        /// Intermediate-acting insulin.
        IntermediateActingInsulin = 3 => "intermediate_acting_insulin",
        /// Long-acting insulin.
        LongActingInsulin = 4 => "long_acting_insulin",
        /// Pre-mixed insulin.
        PreMixedInsulin = 5 => "pre_mixed_insulin",
    }
}

/// Medication unit (flag bit 5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum MedicationUnit {
    /// Kilograms.
    #[serde(rename = "kg")]
    Kilograms,
    /// Litres.
    #[serde(rename = "L")]
    Litres,
}

/// Carbohydrate intake.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Carbohydrate {
    /// Which meal.
    pub id: CarbohydrateId,
    /// Amount in kilograms.
    pub kilograms: Sfloat,
}

/// Tester and health (one byte: tester low nibble, health high nibble).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct TesterHealth {
    /// Who tested.
    pub tester: Tester,
    /// Health state.
    pub health: Health,
}

/// Exercise before the measurement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Exercise {
    /// Duration in seconds; 65535 means overrun (longer than the field holds).
    pub duration_seconds: u16,
    /// Intensity in percent.
    pub intensity_percent: u8,
}

impl Exercise {
    /// Duration value meaning "overrun".
    pub const DURATION_OVERRUN: u16 = 65535;

    /// Whether the duration overran the field.
    pub fn is_overrun(&self) -> bool {
        self.duration_seconds == Self::DURATION_OVERRUN
    }
}

/// Medication taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Medication {
    /// Which medication.
    pub id: MedicationId,
    /// Amount in `unit`.
    pub amount: Sfloat,
    /// Kilograms or litres.
    pub unit: MedicationUnit,
}

/// One Glucose Measurement Context notification.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct GlucoseContext {
    /// Sequence number of the measurement this context belongs to.
    pub sequence_number: u16,
    /// Extended flags (all reserved in GLS 1.0), kept as sent.
    pub extended_flags: Option<u8>,
    /// Carbohydrate intake.
    pub carbohydrate: Option<Carbohydrate>,
    /// Meal.
    pub meal: Option<Meal>,
    /// Tester and health.
    pub tester_health: Option<TesterHealth>,
    /// Exercise.
    pub exercise: Option<Exercise>,
    /// Medication.
    pub medication: Option<Medication>,
    /// HbA1c in percent.
    pub hba1c_percent: Option<Sfloat>,
}

impl GlucoseContext {
    /// Decodes a notification; trailing bytes are ignored.
    pub fn decode(bytes: &[u8]) -> Result<Self, DecodeError> {
        let mut r = Reader::new("glucose measurement context", bytes);
        let flags = r.u8("flags")?;
        let has = |bit: u8| flags & bit != 0;
        let sequence_number = r.u16("sequence_number")?;
        let extended_flags = has(EXTENDED_FLAGS)
            .then(|| r.u8("extended_flags"))
            .transpose()?;
        let carbohydrate = if has(CARBOHYDRATE) {
            Some(Carbohydrate {
                id: CarbohydrateId::from_code(r.u8("carbohydrate_id")?),
                kilograms: r.sfloat("carbohydrate")?,
            })
        } else {
            None
        };
        let meal = has(MEAL)
            .then(|| r.u8("meal"))
            .transpose()?
            .map(Meal::from_code);
        let tester_health = has(TESTER_HEALTH)
            .then(|| r.u8("tester_health"))
            .transpose()?
            .map(|b| TesterHealth {
                tester: Tester::from_code(b & 0x0F),
                health: Health::from_code(b >> 4),
            });
        let exercise = if has(EXERCISE) {
            Some(Exercise {
                duration_seconds: r.u16("exercise_duration")?,
                intensity_percent: r.u8("exercise_intensity")?,
            })
        } else {
            None
        };
        let medication = if has(MEDICATION) {
            Some(Medication {
                id: MedicationId::from_code(r.u8("medication_id")?),
                amount: r.sfloat("medication")?,
                unit: if has(MEDICATION_LITRES) {
                    MedicationUnit::Litres
                } else {
                    MedicationUnit::Kilograms
                },
            })
        } else {
            None
        };
        let hba1c_percent = has(HBA1C).then(|| r.sfloat("hba1c")).transpose()?;
        Ok(Self {
            sequence_number,
            extended_flags,
            carbohydrate,
            meal,
            tester_health,
            exercise,
            medication,
            hba1c_percent,
        })
    }

    /// The notification bytes (flags derived from the fields). Tester and health codes
    /// above 15 do not fit their nibble and are truncated.
    pub fn encode(&self) -> Vec<u8> {
        let mut flags = 0;
        let mut out = vec![0];
        out.extend_from_slice(&self.sequence_number.to_le_bytes());
        if let Some(ext) = self.extended_flags {
            flags |= EXTENDED_FLAGS;
            out.push(ext);
        }
        if let Some(c) = &self.carbohydrate {
            flags |= CARBOHYDRATE;
            out.push(c.id.code());
            out.extend_from_slice(&c.kilograms.encode());
        }
        if let Some(meal) = self.meal {
            flags |= MEAL;
            out.push(meal.code());
        }
        if let Some(th) = &self.tester_health {
            flags |= TESTER_HEALTH;
            out.push((th.tester.code() & 0x0F) | (th.health.code() << 4));
        }
        if let Some(e) = &self.exercise {
            flags |= EXERCISE;
            out.extend_from_slice(&e.duration_seconds.to_le_bytes());
            out.push(e.intensity_percent);
        }
        if let Some(m) = &self.medication {
            flags |= MEDICATION;
            if m.unit == MedicationUnit::Litres {
                flags |= MEDICATION_LITRES;
            }
            out.push(m.id.code());
            out.extend_from_slice(&m.amount.encode());
        }
        if let Some(h) = self.hba1c_percent {
            flags |= HBA1C;
            out.extend_from_slice(&h.encode());
        }
        if let Some(first) = out.first_mut() {
            *first = flags;
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// NordicSemiconductor/Android-BLE-Common-Library,
    /// ble-common/src/test/.../glucose/GlucoseMeasurementContextDataCallbackTest.java,
    /// onGlucoseMeasurementContextReceived_full: flags 0xFF, seq 0, extended 0xB3,
    /// dinner with amount 100.0, casual, tester/health 0x12 (health care professional,
    /// minor issues), 60 s at 50 %, long-acting insulin 123.45, HbA1c 34.5 %. The SFLOAT
    /// bytes are our encodings: 100 = 0x0064; 123.45 needs five digits, so 1235 x 10^-1
    /// = 0xF4D3; 34.5 = 345 x 10^-1 = 0xF159.
    const NORDIC_FULL: [u8; 17] = [
        0xFF, 0x00, 0x00, 0xB3, 0x03, 0x64, 0x00, 0x04, 0x12, 0x3C, 0x00, 0x32, 0x04, 0xD3, 0xF4,
        0x59, 0xF1,
    ];

    #[test]
    fn nordic_full_context() {
        let c = GlucoseContext::decode(&NORDIC_FULL).expect("test value");
        assert_eq!(c.sequence_number, 0);
        assert_eq!(c.extended_flags, Some(0xB3));
        let carb = c.carbohydrate.expect("test value");
        assert_eq!(carb.id, CarbohydrateId::Dinner);
        assert_eq!(carb.kilograms.finite(), Some(100.0));
        assert_eq!(c.meal, Some(Meal::Casual));
        assert_eq!(
            c.tester_health,
            Some(TesterHealth {
                tester: Tester::HealthCareProfessional,
                health: Health::MinorIssues
            })
        );
        assert_eq!(
            c.exercise,
            Some(Exercise {
                duration_seconds: 60,
                intensity_percent: 50
            })
        );
        let med = c.medication.expect("test value");
        assert_eq!(
            (med.id, med.unit),
            (MedicationId::LongActingInsulin, MedicationUnit::Litres)
        );
        assert_eq!(med.amount.to_f64(), 123.5);
        assert_eq!(Sfloat::from_f64(123.45), Some(med.amount));
        assert_eq!(c.hba1c_percent.map(Sfloat::to_f64), Some(34.5));
        assert_eq!(c.encode(), NORDIC_FULL);
    }

    #[test]
    fn nordic_empty_context() {
        // Same file, onGlucoseMeasurementContextReceived_empty: flags 0, seq 1, padding.
        let mut bytes = [0u8; 17];
        bytes[1] = 1;
        let c = GlucoseContext::decode(&bytes).expect("test value");
        assert_eq!(c.sequence_number, 1);
        assert_eq!(
            (c.carbohydrate, c.meal, c.medication, c.hba1c_percent),
            (None, None, None, None)
        );
    }

    #[test]
    fn nordic_invalid_context_is_truncated_at_hba1c() {
        // Same file, onInvalidDataReceived: HbA1c flagged but missing.
        let bytes = &NORDIC_FULL[..15];
        assert_eq!(
            GlucoseContext::decode(bytes),
            Err(DecodeError::Truncated {
                characteristic: "glucose measurement context",
                field: "hba1c",
                offset: 15,
                needed: 2,
                available: 0,
            })
        );
    }

    #[test]
    fn unknown_meal_and_ids_are_kept_raw() {
        // BLE.md: one brand marks ketone tests with meal 6.
        let bytes = [0x13, 0x09, 0x00, 0x09, 0x32, 0x00, 0x06, 0x2A, 0x05, 0x00];
        let c = GlucoseContext::decode(&bytes).expect("test value");
        assert_eq!(c.meal, Some(Meal::Other(6)));
        assert_eq!(c.carbohydrate.map(|x| x.id), Some(CarbohydrateId::Other(9)));
        assert_eq!(c.medication.map(|m| m.id), Some(MedicationId::Other(42)));
        assert_eq!(
            c.medication.map(|m| m.unit),
            Some(MedicationUnit::Kilograms)
        );
        assert_eq!(c.encode(), bytes);
    }

    #[test]
    fn exercise_overrun() {
        let bytes = [0x08, 0x01, 0x00, 0xFF, 0xFF, 0x64];
        let e = GlucoseContext::decode(&bytes)
            .expect("test value")
            .exercise
            .expect("test value");
        assert!(e.is_overrun());
        assert_eq!(e.intensity_percent, 100);
    }
}
