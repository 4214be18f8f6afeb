//! The VALUE of `phr readings add`, read for its kind: `5.4` or `97mg/dL` for glucose,
//! `135/85` for blood pressure, words for menstrual flow, plain numbers for the rest.

use phr_core::model::{MenstrualFlow, ReadingFlag, ReadingKind, ReadingValue};

use crate::args::ReadingAddArgs;
use crate::error::{CliError, CliResult};

/// mg/dL in one mmol/L of glucose: the molar mass of glucose is 180.16 g/mol, so
/// 1 mmol/L = 180.16 mg/L = 18.016 mg/dL.
pub const GLUCOSE_MG_DL_PER_MMOL_L: f64 = 18.016;

fn number(text: &str) -> CliResult<f64> {
    match text.trim().parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        _ => Err(CliError::usage(format!(
            "'{}' is not a number",
            text.trim()
        ))),
    }
}

/// A whole number that fits in `T`.
fn whole<T: TryFrom<u64>>(text: &str, what: &str) -> CliResult<T> {
    let v = number(text)?;
    let bad = || {
        CliError::usage(format!(
            "{what} must be a whole number, not '{}'",
            text.trim()
        ))
    };
    if v < 0.0 || v.fract() != 0.0 || v > u64::MAX as f64 {
        return Err(bad());
    }
    T::try_from(v as u64).map_err(|_| bad())
}

/// Strips a unit written after the number, ignoring case and spaces.
fn without_unit<'a>(text: &'a str, units: &[&str]) -> (&'a str, Option<usize>) {
    let lower = text.to_ascii_lowercase();
    for (i, unit) in units.iter().enumerate() {
        if let Some(stripped) = lower.strip_suffix(unit) {
            return (text[..stripped.len()].trim(), Some(i));
        }
    }
    (text.trim(), None)
}

fn glucose(text: &str) -> CliResult<(ReadingValue, Vec<ReadingFlag>)> {
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
    let v = number(n)?;
    let mmol = if unit == Some(0) {
        // Two decimals keep every mg/dL value distinct without false precision.
        (v / GLUCOSE_MG_DL_PER_MMOL_L * 100.0).round() / 100.0
    } else {
        v
    };
    Ok((
        ReadingValue::BloodGlucose {
            mmol_per_l: Some(mmol),
        },
        Vec::new(),
    ))
}

fn blood_pressure(text: &str, pulse: Option<f64>) -> CliResult<ReadingValue> {
    let (n, _) = without_unit(text, &["mmhg"]);
    let (sys, dia) = n.split_once('/').ok_or_else(|| {
        CliError::usage(format!(
            "'{text}' is not a blood pressure: write it as 135/85"
        ))
    })?;
    Ok(ReadingValue::BloodPressure {
        systolic_mmhg: number(sys)?,
        diastolic_mmhg: number(dia)?,
        mean_arterial_mmhg: None,
        pulse_per_min: pulse,
    })
}

fn flow(text: &str) -> CliResult<MenstrualFlow> {
    match text.trim().to_ascii_lowercase().as_str() {
        "spotting" => Ok(MenstrualFlow::Spotting),
        "light" => Ok(MenstrualFlow::Light),
        "medium" => Ok(MenstrualFlow::Medium),
        "heavy" => Ok(MenstrualFlow::Heavy),
        other => Err(CliError::usage(format!(
            "'{other}' is not a flow: spotting, light, medium or heavy"
        ))),
    }
}

/// Refuses an option given for a kind it does not belong to.
fn only_for(given: bool, option: &str, kind: ReadingKind, wanted: ReadingKind) -> CliResult {
    if given && kind != wanted {
        return Err(CliError::usage(format!(
            "{option} goes with {wanted}, not {kind}"
        )));
    }
    Ok(())
}

/// The value and flags of a reading from the command line.
pub fn parse(args: &ReadingAddArgs) -> CliResult<(ReadingValue, Vec<ReadingFlag>)> {
    let kind = args.kind;
    only_for(
        args.pulse.is_some(),
        "--pulse",
        kind,
        ReadingKind::BloodPressure,
    )?;
    only_for(
        args.quality.is_some(),
        "--quality",
        kind,
        ReadingKind::Sleep,
    )?;
    only_for(
        args.description.is_some(),
        "--description",
        kind,
        ReadingKind::SideEffect,
    )?;
    only_for(
        args.medication.is_some(),
        "--medication",
        kind,
        ReadingKind::SideEffect,
    )?;
    let text = args.value.as_str();
    let value = match kind {
        ReadingKind::BloodGlucose => return glucose(text),
        ReadingKind::BloodPressure => blood_pressure(text, args.pulse)?,
        ReadingKind::HeartRate => ReadingValue::HeartRate {
            per_min: number(without_unit(text, &["bpm", "/min"]).0)?,
        },
        ReadingKind::Weight => ReadingValue::Weight {
            kg: number(without_unit(text, &["kg"]).0)?,
        },
        ReadingKind::Steps => ReadingValue::Steps {
            count: whole(text, "steps")?,
        },
        ReadingKind::Sleep => ReadingValue::Sleep {
            minutes: whole(without_unit(text, &["min"]).0, "sleep (minutes)")?,
            quality: args.quality,
        },
        ReadingKind::Mood => ReadingValue::Mood {
            score: whole(text, "mood (0-10)")?,
        },
        ReadingKind::Stress => ReadingValue::Stress {
            score: whole(text, "stress (0-10)")?,
        },
        ReadingKind::Alcohol => ReadingValue::Alcohol {
            units: number(without_unit(text, &["units", "unit"]).0)?,
        },
        ReadingKind::MenstrualCycle => ReadingValue::MenstrualCycle { flow: flow(text)? },
        ReadingKind::SideEffect => ReadingValue::SideEffect {
            description: args.description.clone().ok_or_else(|| {
                CliError::usage("a side effect needs --description \"what you noticed\"")
            })?,
            severity: whole(text, "severity (1-10)")?,
            medication: args.medication.clone(),
        },
    };
    Ok((value, Vec::new()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    fn parsed(line: &[&str]) -> CliResult<(ReadingValue, Vec<ReadingFlag>)> {
        #[derive(Parser)]
        struct T {
            #[command(flatten)]
            args: ReadingAddArgs,
        }
        let t = T::try_parse_from(std::iter::once("t").chain(line.iter().copied()))
            .map_err(|e| CliError::usage(e.to_string()))?;
        parse(&t.args)
    }

    #[test]
    fn glucose_in_mg_per_dl_is_converted_with_the_molar_mass() {
        let (v, _) = parsed(&["glucose", "97mg/dL"]).expect("parse");
        assert_eq!(
            v,
            ReadingValue::BloodGlucose {
                mmol_per_l: Some(5.38)
            }
        );
        let (v, _) = parsed(&["glucose", "5.4"]).expect("parse");
        assert_eq!(
            v,
            ReadingValue::BloodGlucose {
                mmol_per_l: Some(5.4)
            }
        );
        let (_, flags) = parsed(&["glucose", "LO"]).expect("parse");
        assert_eq!(flags, vec![ReadingFlag::BelowDeviceRange]);
    }

    #[test]
    fn blood_pressure_takes_slash_and_pulse() {
        let (v, _) = parsed(&["bp", "135/85", "--pulse", "72"]).expect("parse");
        assert_eq!(v.primary(), Some(135.0));
        assert_eq!(v.secondary(), Some(85.0));
        assert!(parsed(&["bp", "135"]).is_err());
        assert!(parsed(&["weight", "80", "--pulse", "72"]).is_err());
    }

    #[test]
    fn words_and_whole_numbers() {
        let (v, _) = parsed(&["menstrual_cycle", "Heavy"]).expect("parse");
        assert_eq!(
            v,
            ReadingValue::MenstrualCycle {
                flow: MenstrualFlow::Heavy
            }
        );
        assert!(parsed(&["mood", "7.5"]).is_err());
        assert!(parsed(&["mood", "-1"]).is_err());
        assert!(parsed(&["steps", "lots"]).is_err());
        assert!(parsed(&["side_effect", "4"]).is_err());
    }
}
