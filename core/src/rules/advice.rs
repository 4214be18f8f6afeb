//! Advice built from the numbers in force. A shipped advice text never states a
//! threshold itself: it says `{limit}`, and the notification says the limit the rule has
//! now. When the person's care team moves the low-glucose threshold to 4.5 mmol/L, the
//! advice says "below 4.5 mmol/L", never the shipped 4.
//!
//! | placeholder | becomes |
//! |---|---|
//! | `{limit}` | the first limit, without the measure's name: "below 4.5 mmol/L" |
//! | `{limits}` | every limit with its measure: "systolic at or above 180 mmHg or diastolic at or above 120 mmHg" |
//! | `{value}` | the first limit's number and unit: "4.5 mmol/L" |
//! | `{percent}` | a percent-change trend's size: "5%" |
//! | `{window}` | a trend's window: "30 days" |

use super::rule::{Limit, Measure};
use crate::model::ReadingKind;
use crate::model::reading_text::number;

/// The unit of `measure` of a reading of `kind`, as people write it.
pub(crate) fn unit(kind: ReadingKind, measure: Measure) -> &'static str {
    match measure {
        Measure::Pulse => "beats a minute",
        _ => kind.unit_text(),
    }
}

fn measure_name(kind: ReadingKind, measure: Measure) -> &'static str {
    match (kind, measure) {
        (ReadingKind::BloodPressure, Measure::Primary) => "systolic ",
        (ReadingKind::BloodPressure, Measure::Secondary) => "diastolic ",
        (_, Measure::Secondary) => "second value ",
        (_, Measure::Pulse) => "pulse ",
        _ => "",
    }
}

/// A limit's number with its unit: "4.5 mmol/L".
pub fn value_text(kind: ReadingKind, l: &Limit) -> String {
    format!("{} {}", number(l.value, 1), unit(kind, l.measure))
}

/// A limit in words, without the measure's name: "below 4.5 mmol/L".
pub fn limit_text(kind: ReadingKind, l: &Limit) -> String {
    format!("{} {}", l.is.words(), value_text(kind, l))
}

/// A limit in words with the measure's name: "systolic at or above 180 mmHg".
pub fn named_limit_text(kind: ReadingKind, l: &Limit) -> String {
    format!("{}{}", measure_name(kind, l.measure), limit_text(kind, l))
}

/// Every limit with its measure, joined by "or".
pub fn limits_text(kind: ReadingKind, limits: &[Limit]) -> String {
    limits
        .iter()
        .map(|l| named_limit_text(kind, l))
        .collect::<Vec<_>>()
        .join(" or ")
}

/// What fills an advice template.
#[derive(Debug, Clone, Default)]
pub struct AdviceValues {
    /// `{limit}`.
    pub limit: Option<String>,
    /// `{limits}`.
    pub limits: Option<String>,
    /// `{value}`.
    pub value: Option<String>,
    /// `{percent}`.
    pub percent: Option<String>,
    /// `{window}`.
    pub window: Option<String>,
}

impl AdviceValues {
    /// The values of a set of limits.
    pub fn of_limits(kind: ReadingKind, limits: &[Limit]) -> Self {
        Self {
            limit: limits.first().map(|l| limit_text(kind, l)),
            limits: Some(limits_text(kind, limits)),
            value: limits.first().map(|l| value_text(kind, l)),
            ..Default::default()
        }
    }
}

/// `template` with its placeholders filled. A placeholder without a value is left as
/// it is (rule validation makes sure a shipped rule has every value it names).
pub fn fill(template: &str, values: &AdviceValues) -> String {
    let mut out = template.to_string();
    for (key, value) in [
        ("{limit}", &values.limit),
        ("{limits}", &values.limits),
        ("{value}", &values.value),
        ("{percent}", &values.percent),
        ("{window}", &values.window),
    ] {
        if let Some(v) = value {
            out = out.replace(key, v);
        }
    }
    out
}

/// The placeholders `template` names that `values` cannot fill.
pub fn unfilled(template: &str, values: &AdviceValues) -> Vec<&'static str> {
    [
        ("{limit}", values.limit.is_some()),
        ("{limits}", values.limits.is_some()),
        ("{value}", values.value.is_some()),
        ("{percent}", values.percent.is_some()),
        ("{window}", values.window.is_some()),
    ]
    .into_iter()
    .filter(|(key, has)| !has && template.contains(key))
    .map(|(key, _)| key)
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::rule::Comparison;

    #[test]
    fn advice_says_the_threshold_in_force() {
        let limits = [Limit {
            measure: Measure::Primary,
            is: Comparison::Below,
            value: 4.5,
        }];
        let values = AdviceValues::of_limits(ReadingKind::BloodGlucose, &limits);
        assert_eq!(
            fill(
                "Your blood glucose is {limit}; once above {value}, eat.",
                &values
            ),
            "Your blood glucose is below 4.5 mmol/L; once above 4.5 mmol/L, eat."
        );
        let bp = [
            Limit {
                measure: Measure::Primary,
                is: Comparison::AtOrAbove,
                value: 180.0,
            },
            Limit {
                measure: Measure::Secondary,
                is: Comparison::AtOrAbove,
                value: 120.0,
            },
        ];
        assert_eq!(
            limits_text(ReadingKind::BloodPressure, &bp),
            "systolic at or above 180 mmHg or diastolic at or above 120 mmHg"
        );
        assert_eq!(unfilled("{percent} down", &values), vec!["{percent}"]);
    }
}
