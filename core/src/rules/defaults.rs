//! The rules every record starts with. Each clinical number cites its source here and in
//! `docs/rules.md`; numbers that are product choices (how long before a missed-reading
//! reminder, how often to check in on a goal) say so. Advice never implies that anyone
//! is watching: the person acts, and the advice says whom to contact.

use super::rule::*;
use crate::model::ReadingKind;

/// Rule ids of the shipped rules.
pub mod ids {
    /// Low blood glucose (hypoglycaemia).
    pub const GLUCOSE_LOW: &str = "glucose.low";
    /// High blood glucose.
    pub const GLUCOSE_HIGH: &str = "glucose.high";
    /// A single very high blood pressure reading.
    pub const BP_VERY_HIGH: &str = "blood_pressure.very_high";
    /// A single low blood pressure reading.
    pub const BP_LOW: &str = "blood_pressure.low";
    /// Home blood pressure average over a week.
    pub const BP_HOME_AVERAGE: &str = "blood_pressure.home_average";
    /// A slow heart rate.
    pub const HEART_RATE_LOW: &str = "heart_rate.low";
    /// A fast heart rate.
    pub const HEART_RATE_HIGH: &str = "heart_rate.high";
    /// Weight loss over 30 days.
    pub const WEIGHT_LOSS: &str = "weight.loss";
    /// No blood pressure reading for a while.
    pub const MISSED_BLOOD_PRESSURE: &str = "missed.blood_pressure";
    /// No glucose reading for a while.
    pub const MISSED_BLOOD_GLUCOSE: &str = "missed.blood_glucose";
    /// Appointment reminders.
    pub const APPOINTMENT_REMINDER: &str = "reminder.appointment";
    /// Medication reminders.
    pub const MEDICATION_REMINDER: &str = "reminder.medication";
    /// Goal check-ins.
    pub const GOAL_CHECK_IN: &str = "check_in.goal";
    /// The limit on requests to professionals.
    pub const REQUEST_LIMIT: &str = "requests.limit";
    /// A device's clock found to be off during a sync (made by the core, not a setting).
    pub const DEVICE_CLOCK: &str = "device.clock";
    /// A module answer that needs attention at once (PHQ-9 item 9; made by the core).
    pub const MODULE_ATTENTION: &str = "module.attention";

    /// The shipped rules that keep the person safe: turning one off needs an explicit
    /// confirmation, and no change may make one meaningless (another reading kind,
    /// thresholds outside the body's range, a low threshold above the high one).
    pub const SAFETY: &[&str] = &[
        GLUCOSE_LOW,
        GLUCOSE_HIGH,
        BP_VERY_HIGH,
        BP_LOW,
        BP_HOME_AVERAGE,
        HEART_RATE_LOW,
        HEART_RATE_HIGH,
        WEIGHT_LOSS,
        MISSED_BLOOD_PRESSURE,
        MISSED_BLOOD_GLUCOSE,
    ];
}

/// Hypoglycaemia: below 4.0 mmol/L. NICE NG17 (type 1 diabetes in adults) section 1.6
/// sets the target before meals at 4 to 7 mmol/L; Diabetes UK and the NHS teach
/// "4 is the floor"; Level 1 hypoglycaemia in the International Hypoglycaemia Study Group
/// 2017 classification starts below 3.9 mmol/L (70 mg/dL).
pub const HYPO_BELOW_MMOL_L: f64 = 4.0;
/// Serious (level 2) hypoglycaemia: below 3.0 mmol/L (54 mg/dL). International
/// Hypoglycaemia Study Group, Diabetes Care 2017;40:155-157 (joint ADA/EASD position
/// statement); ADA Standards of Care section 6.
pub const SERIOUS_HYPO_BELOW_MMOL_L: f64 = 3.0;
/// High glucose: above 15 mmol/L. UK sick-day guidance (Diabetes UK; TREND-UK "Type 1
/// diabetes: what to do when you are ill") tells people to check ketones and contact
/// their diabetes team when glucose stays above 15 mmol/L; NICE NG17 recommendation
/// 1.11.1 (2015 numbering) asks for ketone monitoring as part of sick-day rules and leaves
/// the number to them.
pub const HIGH_GLUCOSE_ABOVE_MMOL_L: f64 = 15.0;
/// Very high blood pressure: systolic 180 mmHg or more. NICE NG136 section 1.5
/// (recommendations 1.5.1 to 1.5.4): clinic blood pressure of 180/120 mmHg or higher
/// calls for same-day investigation, and same-day specialist review with symptoms.
pub const VERY_HIGH_SYSTOLIC_MMHG: f64 = 180.0;
/// Very high blood pressure: diastolic 120 mmHg or more. NICE NG136 section 1.5.
pub const VERY_HIGH_DIASTOLIC_MMHG: f64 = 120.0;
/// Low blood pressure: systolic below 90 mmHg. NHS "Low blood pressure (hypotension)":
/// a reading below 90/60 mmHg; NEWS2 (Royal College of Physicians 2017) scores a
/// systolic pressure of 90 or less at its highest.
pub const LOW_SYSTOLIC_BELOW_MMHG: f64 = 90.0;
/// Home average systolic of 135 mmHg or more. NICE NG136 recommendation 1.2.8: stage 1
/// hypertension is an ABPM daytime or HBPM average of 135/85 mmHg or higher.
pub const HOME_AVERAGE_SYSTOLIC_MMHG: f64 = 135.0;
/// Home average diastolic of 85 mmHg or more. NICE NG136 recommendation 1.2.8.
pub const HOME_AVERAGE_DIASTOLIC_MMHG: f64 = 85.0;
/// Home blood pressure is averaged over 7 days. NICE NG136 recommendation 1.2.7: HBPM
/// continues for at least 4 days, ideally for 7 days.
pub const HOME_AVERAGE_WINDOW_DAYS: u32 = 7;
/// At least 4 days of home readings. NICE NG136 recommendation 1.2.7.
pub const HOME_AVERAGE_MIN_DAYS: u32 = 4;
/// A pulse of 40 /min or less. NEWS2 (Royal College of Physicians 2017) gives a pulse
/// of 40 or less its highest score (3).
pub const SLOW_PULSE_AT_OR_BELOW_PER_MIN: f64 = 40.0;
/// A pulse of 131 /min or more. NEWS2 gives a pulse of 131 or more its highest score (3).
pub const FAST_PULSE_AT_OR_ABOVE_PER_MIN: f64 = 131.0;
/// Weight loss of more than 5%. NICE CG32 recommendation 1.2.1 and BAPEN's MUST count
/// unintentional loss of more than 5% (over 3 to 6 months) towards malnutrition; the
/// same loss within 30 days is faster and worth raising.
pub const WEIGHT_LOSS_PERCENT: f64 = -5.0;
/// Weight change is looked at over 30 days (product choice, inside CG32's 3 to 6 months).
pub const WEIGHT_WINDOW_DAYS: u32 = 30;
/// Glucose alerts within 30 minutes of an earlier one in the same band are one episode
/// (product choice: a sensor sends a value every few minutes; NHS hypo treatment
/// rechecks after 10 to 15 minutes, so a recheck falls inside one episode).
pub const GLUCOSE_REPEAT_MINUTES: u32 = 30;
/// Pulse alerts within an hour of an earlier one are one episode (product choice).
pub const PULSE_REPEAT_MINUTES: u32 = 60;
/// Single readings older than 48 hours on arrival do not alert (product choice).
pub const ALERT_MAX_AGE_HOURS: u32 = 48;
/// Trend windows ending more than 7 days ago do not alert (product choice).
pub const TREND_MAX_AGE_DAYS: u32 = 7;
/// No blood pressure reading for 7 days (product choice, matching NG136's week of HBPM).
pub const MISSED_BLOOD_PRESSURE_DAYS: u32 = 7;
/// No glucose reading for 3 days (product choice; the care team may set another).
pub const MISSED_BLOOD_GLUCOSE_DAYS: u32 = 3;
/// Monitoring means at least 4 readings in the 30 days before the gap (product choice).
pub const MONITORED_MIN_READINGS: u32 = 4;
/// See [`MONITORED_MIN_READINGS`].
pub const MONITORED_WITHIN_DAYS: u32 = 30;
/// Goals are checked on weekly (product choice).
pub const GOAL_CHECK_IN_DAYS: u32 = 7;
/// At most one open request per recipient ... (product choice protecting professionals)
pub const MAX_OPEN_REQUESTS_PER_RECIPIENT: u32 = 1;
/// ... per 24 hours.
pub const REQUEST_WINDOW_HOURS: u32 = 24;

const NICE_NG17: &str = "NICE NG17 section 1.6 (target 4-7 mmol/L before meals); Diabetes UK '4 is the floor'; International Hypoglycaemia Study Group 2017 (level 1 below 3.9, level 2 below 3.0 mmol/L)";

fn limit(measure: Measure, is: Comparison, value: f64) -> Limit {
    Limit { measure, is, value }
}

fn band(id: &str, severity: Severity, when: Vec<Limit>, title: &str, advice: &str) -> Band {
    Band {
        id: id.into(),
        severity,
        when,
        title: title.into(),
        advice: advice.into(),
    }
}

fn rule(id: &str, title: &str, source: &str, body: RuleBody) -> Rule {
    Rule {
        id: id.into(),
        title: title.into(),
        enabled: true,
        source: source.into(),
        body,
    }
}

fn glucose_rules() -> Vec<Rule> {
    use Comparison::*;
    use Measure::Primary;
    vec![
        rule(
            ids::GLUCOSE_LOW,
            "Low blood glucose",
            NICE_NG17,
            RuleBody::Threshold(ThresholdRule {
                reading_kind: ReadingKind::BloodGlucose,
                bands: vec![
                    band(
                        "level_1",
                        Severity::Warning,
                        vec![limit(Primary, Below, HYPO_BELOW_MMOL_L)],
                        "Low blood glucose (hypo)",
                        "Your blood glucose is {limit}. Treat it now: have 15 to 20 g of fast-acting sugar, such as 5 glucose tablets or a small glass of fruit juice or non-diet fizzy drink. Check again after 10 to 15 minutes and treat again if you are still {limit}. Once you are above {value}, have a snack if your next meal is not due. If you have hypos often, tell your diabetes team or GP at your next contact.",
                    ),
                    band(
                        "level_2",
                        Severity::Urgent,
                        vec![limit(Primary, Below, SERIOUS_HYPO_BELOW_MMOL_L)],
                        "Very low blood glucose (serious hypo)",
                        "Your blood glucose is {limit}, a serious hypo. Treat it straight away with 15 to 20 g of fast-acting sugar and check again after 10 to 15 minutes. Do not drive. Tell someone near you. If you feel unwell or confused, or cannot treat this yourself, call 999. Afterwards, contact your diabetes team or GP, or call NHS 111 for advice.",
                    ),
                ],
                repeat_after_minutes: GLUCOSE_REPEAT_MINUTES,
                max_age_hours: ALERT_MAX_AGE_HOURS,
            }),
        ),
        rule(
            ids::GLUCOSE_HIGH,
            "High blood glucose",
            "Diabetes UK and TREND-UK sick-day guidance (glucose above 15 mmol/L: check ketones, contact the diabetes team); NICE NG17 recommendation 1.11.1 (2015 numbering), ketone monitoring in sick-day rules",
            RuleBody::Threshold(ThresholdRule {
                reading_kind: ReadingKind::BloodGlucose,
                bands: vec![band(
                    "high",
                    Severity::Warning,
                    vec![limit(Primary, Above, HIGH_GLUCOSE_ABOVE_MMOL_L)],
                    "High blood glucose",
                    "Your blood glucose is {limit}. Drink plenty of water or sugar-free drinks and keep taking your diabetes medicines unless your care team told you otherwise. If you have type 1 diabetes, check your ketones if you can. Check your glucose again in 2 hours. If it stays high, or you are being sick, have tummy pain, are breathing fast or feel very drowsy, contact your diabetes team or GP today, or call NHS 111. If you feel very unwell, call 999.",
                )],
                repeat_after_minutes: GLUCOSE_REPEAT_MINUTES,
                max_age_hours: ALERT_MAX_AGE_HOURS,
            }),
        ),
    ]
}

fn pressure_rules() -> Vec<Rule> {
    use Comparison::*;
    use Measure::{Primary, Secondary};
    vec![
        rule(
            ids::BP_VERY_HIGH,
            "Very high blood pressure",
            "NICE NG136 section 1.5 (recommendations 1.5.1 to 1.5.4): 180/120 mmHg or higher, same-day review",
            RuleBody::Threshold(ThresholdRule {
                reading_kind: ReadingKind::BloodPressure,
                bands: vec![band(
                    "very_high",
                    Severity::Urgent,
                    vec![
                        limit(Primary, AtOrAbove, VERY_HIGH_SYSTOLIC_MMHG),
                        limit(Secondary, AtOrAbove, VERY_HIGH_DIASTOLIC_MMHG),
                    ],
                    "Very high blood pressure",
                    "This reading has {limits}. Sit quietly for 5 minutes and measure again. Call 999 now if you also have chest pain, shortness of breath, a severe headache, changes in your sight, confusion, weakness on one side or difficulty speaking. If the second reading is still this high and you feel well, contact your GP surgery today or call NHS 111.",
                )],
                repeat_after_minutes: 0,
                max_age_hours: ALERT_MAX_AGE_HOURS,
            }),
        ),
        rule(
            ids::BP_LOW,
            "Low blood pressure",
            "NHS 'Low blood pressure (hypotension)': below 90/60 mmHg; RCP NEWS2 (2017) systolic 90 or less",
            RuleBody::Threshold(ThresholdRule {
                reading_kind: ReadingKind::BloodPressure,
                bands: vec![band(
                    "low",
                    Severity::Warning,
                    vec![limit(Primary, Below, LOW_SYSTOLIC_BELOW_MMHG)],
                    "Low blood pressure",
                    "The top number (systolic) of this reading is {limit}. If you feel well, this may be normal for you. If you feel dizzy, light-headed, faint or sick, sit or lie down and have a drink of water; call NHS 111 if it does not pass. If you have just started or changed a blood pressure medicine, talk to your GP or pharmacist. Call 999 if you faint and do not come round quickly, or have chest pain or cold, clammy skin.",
                )],
                repeat_after_minutes: 0,
                max_age_hours: ALERT_MAX_AGE_HOURS,
            }),
        ),
        rule(
            ids::BP_HOME_AVERAGE,
            "Home blood pressure average",
            "NICE NG136 recommendations 1.2.7 (HBPM over at least 4, ideally 7 days) and 1.2.8 (average 135/85 mmHg or higher)",
            RuleBody::Trend(TrendRule {
                reading_kind: ReadingKind::BloodPressure,
                window_days: HOME_AVERAGE_WINDOW_DAYS,
                min_days_with_readings: HOME_AVERAGE_MIN_DAYS,
                max_age_days: TREND_MAX_AGE_DAYS,
                test: TrendTest::Mean {
                    when: vec![
                        limit(Primary, AtOrAbove, HOME_AVERAGE_SYSTOLIC_MMHG),
                        limit(Secondary, AtOrAbove, HOME_AVERAGE_DIASTOLIC_MMHG),
                    ],
                },
                severity: Severity::Warning,
                advice: "Your home blood pressure over the last {window} averages {limits}. This is the level at which high blood pressure is usually diagnosed from home readings. It is not an emergency. Book an appointment with your GP surgery, or a blood pressure check at a pharmacy, and share these readings with them.".into(),
            }),
        ),
    ]
}

fn other_reading_rules() -> Vec<Rule> {
    use Comparison::*;
    use Measure::Primary;
    let pulse_advice = "If you were exercising or have just been active, this can be normal: rest for 5 minutes and measure again. If it stays like this at rest, or you feel dizzy, faint or short of breath, call NHS 111 or contact your GP surgery today. Call 999 if you have chest pain, collapse or are struggling to breathe.";
    vec![
        rule(
            ids::HEART_RATE_LOW,
            "Slow heart rate",
            "Royal College of Physicians NEWS2 (2017): pulse 40 or less scores 3",
            RuleBody::Threshold(ThresholdRule {
                reading_kind: ReadingKind::HeartRate,
                bands: vec![band(
                    "slow",
                    Severity::Warning,
                    vec![limit(Primary, AtOrBelow, SLOW_PULSE_AT_OR_BELOW_PER_MIN)],
                    "Slow heart rate",
                    pulse_advice,
                )],
                repeat_after_minutes: PULSE_REPEAT_MINUTES,
                max_age_hours: ALERT_MAX_AGE_HOURS,
            }),
        ),
        rule(
            ids::HEART_RATE_HIGH,
            "Fast heart rate",
            "Royal College of Physicians NEWS2 (2017): pulse 131 or more scores 3",
            RuleBody::Threshold(ThresholdRule {
                reading_kind: ReadingKind::HeartRate,
                bands: vec![band(
                    "fast",
                    Severity::Warning,
                    vec![limit(Primary, AtOrAbove, FAST_PULSE_AT_OR_ABOVE_PER_MIN)],
                    "Fast heart rate",
                    pulse_advice,
                )],
                repeat_after_minutes: PULSE_REPEAT_MINUTES,
                max_age_hours: ALERT_MAX_AGE_HOURS,
            }),
        ),
        rule(
            ids::WEIGHT_LOSS,
            "Weight loss",
            "NICE CG32 recommendation 1.2.1 and BAPEN MUST: unintentional loss of more than 5%",
            RuleBody::Trend(TrendRule {
                reading_kind: ReadingKind::Weight,
                window_days: WEIGHT_WINDOW_DAYS,
                min_days_with_readings: 2,
                max_age_days: TREND_MAX_AGE_DAYS,
                test: TrendTest::PercentChange {
                    is: Below,
                    percent: WEIGHT_LOSS_PERCENT,
                },
                severity: Severity::Warning,
                advice: "You have lost more than {percent} of your weight within {window}. If you were not trying to lose weight, make an appointment with your GP surgery: losing weight without trying can be a sign of a health problem. If you are trying to lose weight, talk to your GP or weight management service about a safe pace.".into(),
            }),
        ),
    ]
}

fn reminder_rules() -> Vec<Rule> {
    let product = "Product default: change it to suit you or your care plan";
    vec![
        rule(
            ids::MISSED_BLOOD_PRESSURE,
            "No blood pressure reading for a week",
            product,
            RuleBody::Missed(MissedRule {
                reading_kind: ReadingKind::BloodPressure,
                after_days: MISSED_BLOOD_PRESSURE_DAYS,
                monitored_min_readings: MONITORED_MIN_READINGS,
                monitored_within_days: MONITORED_WITHIN_DAYS,
                advice: "You usually measure your blood pressure, but there has been no reading for a while. When you can, sit quietly for 5 minutes and take a reading. If you have stopped on purpose, you can switch this reminder off.".into(),
            }),
        ),
        rule(
            ids::MISSED_BLOOD_GLUCOSE,
            "No glucose reading for a few days",
            product,
            RuleBody::Missed(MissedRule {
                reading_kind: ReadingKind::BloodGlucose,
                after_days: MISSED_BLOOD_GLUCOSE_DAYS,
                monitored_min_readings: MONITORED_MIN_READINGS,
                monitored_within_days: MONITORED_WITHIN_DAYS,
                advice: "You usually check your blood glucose, but there has been no reading for a few days. Check it when you can, or sync your meter. If your care team changed how often you check, you can change or switch off this reminder.".into(),
            }),
        ),
        rule(
            ids::APPOINTMENT_REMINDER,
            "Appointment reminders",
            "Reminder times come from each appointment (one day and two hours before unless changed)",
            RuleBody::AppointmentReminder(AppointmentReminderRule {
                advice: "You have an appointment coming up. Check the time and place, and look at your questions for it. If you cannot go, contact the service to rearrange so that someone else can have the slot.".into(),
            }),
        ),
        rule(
            ids::MEDICATION_REMINDER,
            "Medication reminders",
            product,
            RuleBody::MedicationReminder(MedicationReminderRule {
                schedules: Vec::new(),
                advice: "It is time for your medicine. If you are not sure whether you have already taken it, do not take a double dose; ask your pharmacist or call NHS 111 for advice.".into(),
            }),
        ),
        rule(
            ids::GOAL_CHECK_IN,
            "Goal check-in",
            product,
            RuleBody::GoalCheckIn(GoalCheckInRule {
                every_days: GOAL_CHECK_IN_DAYS,
                advice: "How is your goal going? Take a moment to note what helped and what got in the way. You can change the goal, pause it, or look at the support listed with it.".into(),
            }),
        ),
        rule(
            ids::REQUEST_LIMIT,
            "Limit on requests to professionals",
            "Product default protecting professionals from floods",
            RuleBody::RequestLimit(RequestLimitRule {
                max_open_per_recipient: MAX_OPEN_REQUESTS_PER_RECIPIENT,
                window_hours: REQUEST_WINDOW_HOURS,
            }),
        ),
    ]
}

/// Every shipped rule, as version 1 of its id.
pub fn default_rules() -> Vec<Rule> {
    shipped().to_vec()
}

/// The shipped rule with this id.
pub fn default_rule(id: &str) -> Option<Rule> {
    shipped().iter().find(|r| r.id == id).cloned()
}

/// The shipped rules, made once per process: every ingest batch consults them.
pub(crate) fn shipped() -> &'static [Rule] {
    static SHIPPED: std::sync::OnceLock<Vec<Rule>> = std::sync::OnceLock::new();
    SHIPPED.get_or_init(|| {
        let mut all = glucose_rules();
        all.extend(pressure_rules());
        all.extend(other_reading_rules());
        all.extend(reminder_rules());
        all
    })
}
