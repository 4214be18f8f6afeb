//! What a person types for a reading, read for its kind: `5.4` or `97mg/dL` for glucose,
//! `135/85` for blood pressure, words for menstrual flow, plain numbers for the rest.
//! Every shell sends the typed text here, so the units, their conversion and the
//! questions asked about a doubtful value are the same on a phone and a terminal.

use super::error::ValidationError;
use super::reading::{MenstrualFlow, ReadingFlag, ReadingValue, plausible};
use super::reading_kind::ReadingKind;
use super::reading_text::number;
use super::units::glucose_mmol_per_l_from_mg_per_dl;

/// What else a typed reading may carry besides its value.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TypedExtras {
    /// Blood pressure: the pulse the cuff showed.
    pub pulse: Option<f64>,
    /// Sleep: quality 0 to 10.
    pub quality: Option<u8>,
    /// Side effect, food: what it was. Physical activity: the activity.
    pub description: Option<String>,
    /// Side effect: the medication suspected.
    pub medication: Option<String>,
}

/// Why typed text is not a reading yet.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum InputError {
    /// The text is not a value of the kind, or not a plausible one.
    #[error(transparent)]
    Invalid(#[from] ValidationError),
    /// A glucose value that reads like mg/dL was typed without a unit, or one above what
    /// any meter reads was typed as mmol/L: the person is asked which they meant.
    #[error(
        "{typed} is higher than any meter reads in mmol/L: did you mean {} mmol/L, or {} mg/dL? Type it again with its unit, e.g. {}mmol/L or {}mg/dL",
        number(*if_mmol_per_l, 1), number(*typed, 0), number(*if_mmol_per_l, 1), number(*typed, 0)
    )]
    GlucoseUnitQuestion {
        /// The number typed.
        typed: f64,
        /// What it would be as a slip of the decimal point, in mmol/L.
        if_mmol_per_l: f64,
        /// What it would be if meant as mg/dL, in mmol/L.
        if_mg_per_dl_in_mmol_per_l: f64,
    },
}

fn invalid(reason: impl Into<String>) -> InputError {
    InputError::Invalid(ValidationError::new("value", reason))
}

fn parse_number(text: &str) -> Result<f64, InputError> {
    match text.trim().parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        _ => Err(invalid(format!("'{}' is not a number", text.trim()))),
    }
}

/// A whole number that fits in `T`.
fn whole<T: TryFrom<u64>>(text: &str, what: &str) -> Result<T, InputError> {
    let v = parse_number(text)?;
    let bad = || {
        invalid(format!(
            "{what} must be a whole number, not '{}'",
            text.trim()
        ))
    };
    if v < 0.0 || v.fract() != 0.0 || v > u64::MAX as f64 {
        return Err(bad());
    }
    T::try_from(v as u64).map_err(|_| bad())
}

/// Strips a unit written after the number, ignoring case and spaces; which unit (index
/// into `units`) was found.
fn without_unit<'a>(text: &'a str, units: &[&str]) -> (&'a str, Option<usize>) {
    let lower = text.trim().to_ascii_lowercase();
    let trimmed = text.trim();
    for (i, unit) in units.iter().enumerate() {
        if let Some(stripped) = lower.strip_suffix(unit) {
            return (trimmed[..stripped.len()].trim(), Some(i));
        }
    }
    (trimmed, None)
}

/// Typed glucose: mmol/L by default (the UK unit), mg/dL when written so. A number above
/// what any meter reads in mmol/L (33.3) is asked about, because it is either a slip of
/// the decimal point (54 for 5.4) or a value in mg/dL typed without its unit; it is
/// never stored as 54 mmol/L.
fn glucose(text: &str) -> Result<(ReadingValue, Vec<ReadingFlag>), InputError> {
    match text.trim().to_ascii_lowercase().as_str() {
        "lo" => {
            return Ok((
                ReadingValue::BloodGlucose { mmol_per_l: None },
                vec![ReadingFlag::BelowDeviceRange],
            ));
        }
        "hi" => {
            return Ok((
                ReadingValue::BloodGlucose { mmol_per_l: None },
                vec![ReadingFlag::AboveDeviceRange],
            ));
        }
        _ => {}
    }
    let (n, unit) = without_unit(text, &["mg/dl", "mmol/l"]);
    let v = parse_number(n)?;
    let meter_max = plausible::METER_MAX_GLUCOSE_MMOL_L;
    let mmol = match unit {
        Some(0) => {
            let mmol = glucose_mmol_per_l_from_mg_per_dl(v);
            if mmol > meter_max {
                return Err(invalid(format!(
                    "{} mg/dL is higher than any meter reads (600 mg/dL); check the value",
                    number(v, 0)
                )));
            }
            mmol
        }
        _ if v > meter_max => {
            let as_mg = glucose_mmol_per_l_from_mg_per_dl(v);
            let slip = v / 10.0;
            let field =
                |reason: String| InputError::Invalid(ValidationError::new("mmol_per_l", reason));
            return Err(match (slip <= meter_max, as_mg <= meter_max) {
                (true, _) => InputError::GlucoseUnitQuestion {
                    typed: v,
                    if_mmol_per_l: slip,
                    if_mg_per_dl_in_mmol_per_l: as_mg,
                },
                (false, true) => field(format!(
                    "{} is higher than any meter reads in mmol/L: if you meant {} mg/dL, type {}mg/dL",
                    number(v, 1),
                    number(v, 0),
                    number(v, 0)
                )),
                (false, false) => field(format!(
                    "{} is higher than any meter reads, in mmol/L or mg/dL; check the value",
                    number(v, 1)
                )),
            });
        }
        _ => v,
    };
    let value = ReadingValue::BloodGlucose {
        mmol_per_l: Some(mmol),
    };
    value.validate()?;
    Ok((value, Vec::new()))
}

fn blood_pressure(text: &str, pulse: Option<f64>) -> Result<ReadingValue, InputError> {
    let (n, _) = without_unit(text, &["mmhg"]);
    let (sys, dia) = n.split_once('/').ok_or_else(|| {
        invalid(format!(
            "'{text}' is not a blood pressure: write it as 135/85"
        ))
    })?;
    Ok(ReadingValue::BloodPressure {
        systolic_mmhg: parse_number(sys)?,
        diastolic_mmhg: parse_number(dia)?,
        mean_arterial_mmhg: None,
        pulse_per_min: pulse,
    })
}

fn flow(text: &str) -> Result<MenstrualFlow, InputError> {
    match text.trim().to_ascii_lowercase().as_str() {
        "spotting" => Ok(MenstrualFlow::Spotting),
        "light" => Ok(MenstrualFlow::Light),
        "medium" => Ok(MenstrualFlow::Medium),
        "heavy" => Ok(MenstrualFlow::Heavy),
        other => Err(invalid(format!(
            "'{other}' is not a flow: spotting, light, medium or heavy"
        ))),
    }
}

/// Refuses an extra given for a kind it does not belong to.
fn only_for(
    given: bool,
    what: &str,
    kind: ReadingKind,
    wanted: &[ReadingKind],
) -> Result<(), InputError> {
    if given && !wanted.contains(&kind) {
        return Err(InputError::Invalid(ValidationError::new(
            what,
            format!("does not go with {kind}"),
        )));
    }
    Ok(())
}

/// The value and flags of a reading typed as `text` for `kind`. The value is checked
/// for plausibility; the reading as a whole is checked when it is added.
pub fn parse_typed(
    kind: ReadingKind,
    text: &str,
    extras: &TypedExtras,
) -> Result<(ReadingValue, Vec<ReadingFlag>), InputError> {
    use ReadingKind as K;
    only_for(extras.pulse.is_some(), "pulse", kind, &[K::BloodPressure])?;
    only_for(extras.quality.is_some(), "quality", kind, &[K::Sleep])?;
    only_for(
        extras.description.is_some(),
        "description",
        kind,
        &[K::SideEffect, K::Diet, K::PhysicalActivity],
    )?;
    only_for(
        extras.medication.is_some(),
        "medication",
        kind,
        &[K::SideEffect],
    )?;
    let value = match kind {
        K::BloodGlucose => return glucose(text),
        K::BloodPressure => blood_pressure(text, extras.pulse)?,
        K::HeartRate => ReadingValue::HeartRate {
            per_min: parse_number(without_unit(text, &["bpm", "/min"]).0)?,
        },
        K::Weight => ReadingValue::Weight {
            kg: parse_number(without_unit(text, &["kg"]).0)?,
        },
        K::Steps => ReadingValue::Steps {
            count: whole(text, "steps")?,
        },
        K::Sleep => ReadingValue::Sleep {
            minutes: whole(without_unit(text, &["min"]).0, "sleep (minutes)")?,
            quality: extras.quality,
        },
        K::Mood => ReadingValue::Mood {
            score: whole(text, "mood (0-10)")?,
        },
        K::Stress => ReadingValue::Stress {
            score: whole(text, "stress (0-10)")?,
        },
        K::Alcohol => ReadingValue::Alcohol {
            units: parse_number(without_unit(text, &["units", "unit"]).0)?,
        },
        K::MenstrualCycle => ReadingValue::MenstrualCycle { flow: flow(text)? },
        K::SideEffect => ReadingValue::SideEffect {
            description: extras.description.clone().ok_or_else(|| {
                InputError::Invalid(ValidationError::new(
                    "description",
                    "a side effect needs a description of what you noticed",
                ))
            })?,
            severity: whole(text, "severity (1-10)")?,
            medication: extras.medication.clone(),
        },
        K::Diet => ReadingValue::Diet {
            energy_kcal: parse_number(without_unit(text, &["kcal"]).0)?,
            carbohydrate_g: None,
            description: extras.description.clone(),
        },
        K::PhysicalActivity => ReadingValue::PhysicalActivity {
            activity: extras
                .description
                .clone()
                .unwrap_or_else(|| "activity".to_string()),
            minutes: whole(without_unit(text, &["min"]).0, "activity (minutes)")?,
            energy_kcal: None,
        },
    };
    value.validate()?;
    Ok((value, Vec::new()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(
        kind: ReadingKind,
        text: &str,
    ) -> Result<(ReadingValue, Vec<ReadingFlag>), InputError> {
        parse_typed(kind, text, &TypedExtras::default())
    }

    fn mmol(v: &(ReadingValue, Vec<ReadingFlag>)) -> Option<f64> {
        v.0.primary()
    }

    #[test]
    fn glucose_in_mg_per_dl_is_converted_with_the_molar_mass() {
        assert_eq!(
            mmol(&typed(ReadingKind::BloodGlucose, "97mg/dL").expect("mg")),
            Some(5.38)
        );
        assert_eq!(
            mmol(&typed(ReadingKind::BloodGlucose, "97 mg/dl").expect("mg")),
            Some(5.38)
        );
        assert_eq!(
            mmol(&typed(ReadingKind::BloodGlucose, "5.4").expect("mmol")),
            Some(5.4)
        );
        assert_eq!(
            mmol(&typed(ReadingKind::BloodGlucose, "5.4 mmol/L").expect("mmol")),
            Some(5.4)
        );
        let (_, flags) = typed(ReadingKind::BloodGlucose, "LO").expect("lo");
        assert_eq!(flags, vec![ReadingFlag::BelowDeviceRange]);
    }

    #[test]
    fn glucose_that_reads_like_mg_per_dl_asks_which_was_meant() {
        let err = typed(ReadingKind::BloodGlucose, "54").expect_err("ambiguous");
        match &err {
            InputError::GlucoseUnitQuestion {
                typed,
                if_mmol_per_l,
                if_mg_per_dl_in_mmol_per_l,
            } => {
                assert_eq!(*typed, 54.0);
                assert_eq!(*if_mmol_per_l, 5.4);
                assert_eq!(*if_mg_per_dl_in_mmol_per_l, 3.0);
            }
            other => panic!("not a question: {other:?}"),
        }
        assert!(
            err.to_string()
                .contains("did you mean 5.4 mmol/L, or 54 mg/dL?")
        );
        // Typed as mmol/L above what any meter reads: the same question.
        assert!(matches!(
            typed(ReadingKind::BloodGlucose, "54 mmol/L"),
            Err(InputError::GlucoseUnitQuestion { .. })
        ));
        // 33.3 is the highest a meter shows: still a value.
        assert_eq!(
            mmol(&typed(ReadingKind::BloodGlucose, "33.3").expect("max")),
            Some(33.3)
        );
        // A slip is impossible, mg/dL is not: it says so.
        match typed(ReadingKind::BloodGlucose, "540") {
            Err(InputError::Invalid(e)) => {
                assert_eq!(e.field, "mmol_per_l");
                assert!(e.reason.contains("540mg/dL"), "{}", e.reason);
            }
            other => panic!("{other:?}"),
        }
        // Above what a meter reads in either unit: refused outright.
        assert!(matches!(
            typed(ReadingKind::BloodGlucose, "5400"),
            Err(InputError::Invalid(_))
        ));
        assert!(matches!(
            typed(ReadingKind::BloodGlucose, "700mg/dL"),
            Err(InputError::Invalid(_))
        ));
    }

    #[test]
    fn blood_pressure_takes_slash_and_pulse() {
        let extras = TypedExtras {
            pulse: Some(72.0),
            ..Default::default()
        };
        let (v, _) = parse_typed(ReadingKind::BloodPressure, "135/85", &extras).expect("bp");
        assert_eq!(v.primary(), Some(135.0));
        assert_eq!(v.secondary(), Some(85.0));
        assert!(typed(ReadingKind::BloodPressure, "135").is_err());
        assert!(parse_typed(ReadingKind::Weight, "80", &extras).is_err());
    }

    #[test]
    fn words_and_whole_numbers() {
        let (v, _) = typed(ReadingKind::MenstrualCycle, "Heavy").expect("flow");
        assert_eq!(
            v,
            ReadingValue::MenstrualCycle {
                flow: MenstrualFlow::Heavy
            }
        );
        assert!(typed(ReadingKind::Mood, "7.5").is_err());
        assert!(typed(ReadingKind::Mood, "-1").is_err());
        assert!(typed(ReadingKind::Mood, "11").is_err());
        assert!(typed(ReadingKind::Steps, "lots").is_err());
        assert!(typed(ReadingKind::SideEffect, "4").is_err());
    }
}
