//! What a reading measures: the kinds, their stable storage codes, their units (UCUM, and
//! as people write them) and their canonical LOINC codes.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

use super::error::ValidationError;

/// What a reading measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReadingKind {
    /// Blood glucose, mmol/L.
    BloodGlucose,
    /// Blood pressure, mm[Hg], with pulse when the cuff gives it.
    BloodPressure,
    /// Heart rate, /min.
    HeartRate,
    /// Body weight, kg.
    Weight,
    /// Steps in a period.
    Steps,
    /// Sleep, minutes, with an optional quality score.
    Sleep,
    /// Mood, 0 (worst) to 10 (best).
    Mood,
    /// Alcohol, UK units.
    Alcohol,
    /// Stress, 0 (none) to 10 (worst).
    Stress,
    /// Menstrual cycle: bleeding that day.
    MenstrualCycle,
    /// A medication side effect, with severity 1 to 10.
    SideEffect,
    /// Food and drink: energy, kcal, with carbohydrate when known.
    Diet,
    /// Physical activity: minutes of an activity, with energy when known.
    PhysicalActivity,
}

impl ReadingKind {
    /// Every kind, in display order.
    pub const ALL: [ReadingKind; 13] = [
        Self::BloodGlucose,
        Self::BloodPressure,
        Self::HeartRate,
        Self::Weight,
        Self::Steps,
        Self::Sleep,
        Self::PhysicalActivity,
        Self::Diet,
        Self::Mood,
        Self::Alcohol,
        Self::Stress,
        Self::MenstrualCycle,
        Self::SideEffect,
    ];

    /// The snake_case name used on the command line and in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::BloodGlucose => "blood_glucose",
            Self::BloodPressure => "blood_pressure",
            Self::HeartRate => "heart_rate",
            Self::Weight => "weight",
            Self::Steps => "steps",
            Self::Sleep => "sleep",
            Self::Mood => "mood",
            Self::Alcohol => "alcohol",
            Self::Stress => "stress",
            Self::MenstrualCycle => "menstrual_cycle",
            Self::SideEffect => "side_effect",
            Self::Diet => "diet",
            Self::PhysicalActivity => "physical_activity",
        }
    }

    /// The number stored for this kind. Stored records hold these: never change one,
    /// only add new ones.
    pub fn code(self) -> i64 {
        match self {
            Self::BloodGlucose => 1,
            Self::BloodPressure => 2,
            Self::HeartRate => 3,
            Self::Weight => 4,
            Self::Steps => 5,
            Self::Sleep => 6,
            Self::Mood => 7,
            Self::Alcohol => 8,
            Self::Stress => 9,
            Self::MenstrualCycle => 10,
            Self::SideEffect => 11,
            Self::Diet => 12,
            Self::PhysicalActivity => 13,
        }
    }

    /// The kind stored as `code`.
    pub fn from_code(code: i64) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    /// Heading shown to people.
    pub fn title(self) -> &'static str {
        match self {
            Self::BloodGlucose => "Blood glucose",
            Self::BloodPressure => "Blood pressure",
            Self::HeartRate => "Heart rate",
            Self::Weight => "Weight",
            Self::Steps => "Steps",
            Self::Sleep => "Sleep",
            Self::Mood => "Mood",
            Self::Alcohol => "Alcohol",
            Self::Stress => "Stress",
            Self::MenstrualCycle => "Menstrual cycle",
            Self::SideEffect => "Medication side effects",
            Self::Diet => "Food and drink",
            Self::PhysicalActivity => "Physical activity",
        }
    }

    /// The UCUM unit the values of this kind are stored in (SHARING.md, "Codes for
    /// readings"; The Unified Code for Units of Measure, annotations in braces).
    pub fn unit(self) -> &'static str {
        match self {
            Self::BloodGlucose => "mmol/L",
            Self::BloodPressure => "mm[Hg]",
            Self::HeartRate => "/min",
            Self::Weight => "kg",
            Self::Steps => "{steps}",
            Self::Sleep | Self::PhysicalActivity => "min",
            Self::Mood | Self::Stress | Self::SideEffect => "{score}",
            Self::Alcohol => "{UK_unit}",
            Self::MenstrualCycle => "{flow}",
            Self::Diet => "kcal",
        }
    }

    /// The unit as people write it.
    pub fn unit_text(self) -> &'static str {
        match self {
            Self::BloodGlucose => "mmol/L",
            Self::BloodPressure => "mmHg",
            Self::HeartRate => "beats a minute",
            Self::Weight => "kg",
            Self::Steps => "steps",
            Self::Sleep | Self::PhysicalActivity => "minutes",
            Self::Alcohol => "units",
            Self::Mood | Self::Stress | Self::SideEffect => "out of 10",
            Self::MenstrualCycle => "(flow)",
            Self::Diet => "kcal",
        }
    }

    /// The canonical LOINC code of this kind's main value, where one is used for it
    /// (SHARING.md, "Codes for readings"): blood glucose in blood, moles/volume 15074-8
    /// (capillary blood by glucometer is 14743-9, see [`GlucoseSpecimen::loinc`]); blood
    /// pressure panel 85354-9 (systolic 8480-6, diastolic 8462-4, mean 8478-0); heart
    /// rate 8867-4; body weight 29463-7; steps 55423-8. `None` where the project has not
    /// chosen a code.
    ///
    /// [`GlucoseSpecimen::loinc`]: super::reading::GlucoseSpecimen::loinc
    pub fn loinc(self) -> Option<&'static str> {
        match self {
            Self::BloodGlucose => Some("15074-8"),
            Self::BloodPressure => Some("85354-9"),
            Self::HeartRate => Some("8867-4"),
            Self::Weight => Some("29463-7"),
            Self::Steps => Some("55423-8"),
            _ => None,
        }
    }

    /// Whether a day's readings add up (steps, sleep, activity, food, alcohol), so a day
    /// summary shows their total, not their mean (Health Connect and HealthKit treat
    /// these as cumulative quantities).
    pub fn is_cumulative(self) -> bool {
        matches!(
            self,
            Self::Steps | Self::Sleep | Self::PhysicalActivity | Self::Diet | Self::Alcohol
        )
    }

    /// Whether a reading of this kind covers a span of time (start and end).
    pub fn has_span(self) -> bool {
        matches!(
            self,
            Self::Steps | Self::Sleep | Self::PhysicalActivity | Self::Diet
        )
    }
}

impl fmt::Display for ReadingKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ReadingKind {
    type Err = ValidationError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim().to_ascii_lowercase().replace('-', "_");
        Self::ALL
            .into_iter()
            .find(|k| k.as_str() == wanted)
            .or(match wanted.as_str() {
                "glucose" => Some(Self::BloodGlucose),
                "bp" => Some(Self::BloodPressure),
                "pulse" => Some(Self::HeartRate),
                "activity" | "exercise" => Some(Self::PhysicalActivity),
                "food" | "nutrition" => Some(Self::Diet),
                _ => None,
            })
            .ok_or_else(|| {
                let names: Vec<_> = Self::ALL.iter().map(|k| k.as_str()).collect();
                ValidationError::new(
                    "kind",
                    format!("'{s}' is not a reading kind ({})", names.join(", ")),
                )
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_stable_and_distinct() {
        let mut codes: Vec<i64> = ReadingKind::ALL.iter().map(|k| k.code()).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), ReadingKind::ALL.len());
        assert_eq!(ReadingKind::BloodGlucose.code(), 1);
        assert_eq!(ReadingKind::SideEffect.code(), 11);
        for kind in ReadingKind::ALL {
            assert_eq!(ReadingKind::from_code(kind.code()), Some(kind));
        }
    }

    #[test]
    fn kinds_parse_from_names_and_aliases() {
        for kind in ReadingKind::ALL {
            assert_eq!(kind.as_str().parse::<ReadingKind>().expect("parse"), kind);
        }
        assert_eq!(
            "glucose".parse::<ReadingKind>().expect("alias"),
            ReadingKind::BloodGlucose
        );
        assert_eq!(
            "blood-pressure".parse::<ReadingKind>().expect("dash"),
            ReadingKind::BloodPressure
        );
        assert!("cholesterol".parse::<ReadingKind>().is_err());
    }

    #[test]
    fn every_loinc_code_has_a_valid_check_digit() {
        for kind in ReadingKind::ALL {
            if let Some(code) = kind.loinc() {
                assert!(
                    super::super::codes::validate_loinc("loinc", code).is_ok(),
                    "{code}"
                );
            }
        }
    }
}
