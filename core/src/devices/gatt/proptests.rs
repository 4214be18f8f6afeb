//! Property tests: encode then decode is the identity for every type with an encoder,
//! and arbitrary bytes or text never make a decoder panic.

use proptest::collection::vec;
use proptest::option::of;
use proptest::prelude::*;

use super::*;

fn sfloat() -> impl Strategy<Value = Sfloat> {
    any::<u16>().prop_map(Sfloat::from_raw)
}

fn date_time() -> impl Strategy<Value = DateTime> {
    (
        any::<u16>(),
        any::<u8>(),
        any::<u8>(),
        any::<u8>(),
        any::<u8>(),
        any::<u8>(),
    )
        .prop_map(|(year, month, day, hours, minutes, seconds)| DateTime {
            year,
            month,
            day,
            hours,
            minutes,
            seconds,
        })
}

fn concentration() -> impl Strategy<Value = GlucoseConcentration> {
    (sfloat(), any::<bool>(), 0u8..16, 0u8..16).prop_map(|(value, mol, t, l)| {
        GlucoseConcentration {
            value,
            unit: if mol {
                ConcentrationUnit::MolPerL
            } else {
                ConcentrationUnit::KgPerL
            },
            sample_type: GlucoseType::from_code(t),
            sample_location: SampleLocation::from_code(l),
        }
    })
}

fn glucose_measurement() -> impl Strategy<Value = GlucoseMeasurement> {
    (
        any::<u16>(),
        date_time(),
        of(any::<i16>()),
        of(concentration()),
        of(any::<u16>()),
        any::<bool>(),
    )
        .prop_map(
            |(
                sequence_number,
                base_time,
                time_offset_minutes,
                concentration,
                status,
                context_follows,
            )| {
                GlucoseMeasurement {
                    sequence_number,
                    base_time,
                    time_offset_minutes,
                    concentration,
                    sensor_status: status.map(SensorStatus::from_bits),
                    context_follows,
                }
            },
        )
}

fn glucose_context() -> impl Strategy<Value = GlucoseContext> {
    let carbohydrate = (any::<u8>(), sfloat()).prop_map(|(id, kilograms)| Carbohydrate {
        id: CarbohydrateId::from_code(id),
        kilograms,
    });
    let tester_health = (0u8..16, 0u8..16).prop_map(|(t, h)| TesterHealth {
        tester: Tester::from_code(t),
        health: Health::from_code(h),
    });
    let exercise =
        (any::<u16>(), any::<u8>()).prop_map(|(duration_seconds, intensity_percent)| Exercise {
            duration_seconds,
            intensity_percent,
        });
    let medication =
        (any::<u8>(), sfloat(), any::<bool>()).prop_map(|(id, amount, litres)| Medication {
            id: MedicationId::from_code(id),
            amount,
            unit: if litres {
                MedicationUnit::Litres
            } else {
                MedicationUnit::Kilograms
            },
        });
    (
        any::<u16>(),
        of(any::<u8>()),
        of(carbohydrate),
        of(any::<u8>().prop_map(Meal::from_code)),
        of(tester_health),
        of(exercise),
        of(medication),
        of(sfloat()),
    )
        .prop_map(
            |(
                sequence_number,
                extended_flags,
                carbohydrate,
                meal,
                tester_health,
                exercise,
                medication,
                hba1c_percent,
            )| {
                GlucoseContext {
                    sequence_number,
                    extended_flags,
                    carbohydrate,
                    meal,
                    tester_health,
                    exercise,
                    medication,
                    hba1c_percent,
                }
            },
        )
}

fn pressure_unit() -> impl Strategy<Value = PressureUnit> {
    any::<bool>().prop_map(|kpa| {
        if kpa {
            PressureUnit::KPa
        } else {
            PressureUnit::MmHg
        }
    })
}

fn blood_pressure() -> impl Strategy<Value = BloodPressureMeasurement> {
    (
        pressure_unit(),
        [sfloat(), sfloat(), sfloat()],
        of(date_time()),
        of(sfloat()),
        of(any::<u8>()),
        of(any::<u16>().prop_map(BloodPressureStatus::from_bits)),
    )
        .prop_map(
            |(
                unit,
                [systolic, diastolic, mean_arterial_pressure],
                time_stamp,
                pulse_rate,
                user_id,
                measurement_status,
            )| {
                BloodPressureMeasurement {
                    unit,
                    systolic,
                    diastolic,
                    mean_arterial_pressure,
                    time_stamp,
                    pulse_rate,
                    user_id,
                    measurement_status,
                }
            },
        )
}

fn cuff_pressure() -> impl Strategy<Value = IntermediateCuffPressure> {
    blood_pressure().prop_map(|m| IntermediateCuffPressure {
        unit: m.unit,
        cuff_pressure: m.systolic,
        time_stamp: m.time_stamp,
        pulse_rate: m.pulse_rate,
        user_id: m.user_id,
        measurement_status: m.measurement_status,
    })
}

fn selection() -> impl Strategy<Value = RecordSelection> {
    prop_oneof![
        Just(RecordSelection::All),
        any::<u16>().prop_map(RecordSelection::LessThanOrEqual),
        any::<u16>().prop_map(RecordSelection::GreaterThanOrEqual),
        (any::<u16>(), any::<u16>()).prop_map(|(a, b)| RecordSelection::WithinRange {
            min: a.min(b),
            max: a.max(b)
        }),
        Just(RecordSelection::First),
        Just(RecordSelection::Last),
    ]
}

fn racp_request() -> impl Strategy<Value = RacpRequest> {
    prop_oneof![
        selection().prop_map(RacpRequest::ReportStoredRecords),
        selection().prop_map(RacpRequest::DeleteStoredRecords),
        selection().prop_map(RacpRequest::ReportNumberOfStoredRecords),
        Just(RacpRequest::Abort),
    ]
}

fn racp_response() -> impl Strategy<Value = RacpResponse> {
    prop_oneof![
        any::<u32>().prop_map(RacpResponse::NumberOfStoredRecords),
        (any::<u8>(), any::<u8>()).prop_map(|(op, code)| RacpResponse::ResponseCode {
            request_op_code: RacpOpCode::from_code(op),
            response: RacpResponseCode::from_code(code),
        }),
    ]
}

proptest! {
    #[test]
    fn sfloat_encode_decode_is_identity(v in sfloat()) {
        prop_assert_eq!(Sfloat::decode(&v.encode()), Ok(v));
        prop_assert_eq!(Sfloat::from_raw(v.to_raw()), v);
    }

    #[test]
    fn float32_encode_decode_is_identity(raw in any::<u32>()) {
        let v = Float32::from_raw(raw);
        prop_assert_eq!(Float32::decode(&v.encode()), Ok(v));
    }

    #[test]
    fn sfloat_new_keeps_mantissa_and_exponent(m in -2048i16..2048, e in -8i8..8) {
        if let Some(v) = Sfloat::new(m, e) {
            prop_assert_eq!((v.mantissa(), v.exponent()), (m, e));
            prop_assert!(v.is_finite());
        }
    }

    #[test]
    fn sfloat_from_f64_gives_back_every_finite_value(m in -2045i16..=2045, e in -8i8..8) {
        let v = Sfloat::new(m, e).ok_or_else(|| TestCaseError::fail("not representable"))?;
        let back = Sfloat::from_f64(v.to_f64()).ok_or_else(|| TestCaseError::fail("no sfloat"))?;
        prop_assert_eq!(back.to_f64(), v.to_f64());
    }

    #[test]
    fn float32_from_f64_gives_back_finite_values(m in -8_388_605i32..=8_388_605, e in any::<i8>()) {
        let v = Float32::new(m, e).ok_or_else(|| TestCaseError::fail("not representable"))?;
        let x = v.to_f64();
        let back = Float32::from_f64(x).ok_or_else(|| TestCaseError::fail("no float"))?.to_f64();
        prop_assert!((back - x).abs() <= x.abs() * 1e-9, "{} -> {}", x, back);
    }

    #[test]
    fn date_and_current_time_round_trip(t in date_time(), dow in any::<u8>(), f in any::<u8>(), reason in any::<u8>()) {
        prop_assert_eq!(DateTime::decode(&t.encode()), Ok(t));
        let ct = CurrentTime { date_time: t, day_of_week: DayOfWeek::from_code(dow), fractions256: f, adjust_reason: AdjustReason::from_bits(reason) };
        prop_assert_eq!(CurrentTime::decode(&ct.encode()), Ok(ct));
    }

    #[test]
    fn glucose_measurement_round_trips(m in glucose_measurement()) {
        prop_assert_eq!(GlucoseMeasurement::decode(&m.encode()), Ok(m));
    }

    #[test]
    fn glucose_context_round_trips(c in glucose_context()) {
        prop_assert_eq!(GlucoseContext::decode(&c.encode()), Ok(c));
    }

    #[test]
    fn blood_pressure_round_trips(m in blood_pressure()) {
        prop_assert_eq!(BloodPressureMeasurement::decode(&m.encode()), Ok(m));
    }

    #[test]
    fn intermediate_cuff_pressure_round_trips(c in cuff_pressure()) {
        prop_assert_eq!(IntermediateCuffPressure::decode(&c.encode()), Ok(c));
    }

    #[test]
    fn racp_requests_and_responses_round_trip(req in racp_request(), resp in racp_response()) {
        prop_assert_eq!(RacpRequest::decode(&req.encode()), Ok(req));
        prop_assert_eq!(RacpResponse::decode(&resp.encode()), Ok(resp));
        prop_assert_eq!(RacpMessage::decode(&req.encode()), Ok(RacpMessage::Request(req)));
        prop_assert_eq!(RacpMessage::decode(&resp.encode()), Ok(RacpMessage::Response(resp)));
    }

    #[test]
    fn arbitrary_bytes_never_panic_any_decoder(bytes in vec(any::<u8>(), 0..48)) {
        for c in Characteristic::ALL {
            if let Ok(v) = c.decode(&bytes) {
                prop_assert!(json::to_json(&v).is_object());
            }
        }
        for quirks in [(false, false), (true, false), (false, true), (true, true)] {
            let q = BpQuirks { big_endian_pulse_and_status: quirks.0, user_id_without_flag: quirks.1 };
            let _ = BloodPressureMeasurement::decode_with_quirks(&bytes, q);
            let _ = IntermediateCuffPressure::decode_with_quirks(&bytes, q);
        }
        let _ = (RacpRequest::decode(&bytes), RacpResponse::decode(&bytes), Sfloat::decode(&bytes), Float32::decode(&bytes));
    }

    #[test]
    fn decoded_values_re_encode_to_the_same_value(bytes in vec(any::<u8>(), 0..32)) {
        if let Ok(m) = GlucoseMeasurement::decode(&bytes) {
            prop_assert_eq!(GlucoseMeasurement::decode(&m.encode()), Ok(m));
        }
        if let Ok(c) = GlucoseContext::decode(&bytes) {
            prop_assert_eq!(GlucoseContext::decode(&c.encode()), Ok(c));
        }
        if let Ok(m) = BloodPressureMeasurement::decode(&bytes) {
            prop_assert_eq!(BloodPressureMeasurement::decode(&m.encode()), Ok(m));
        }
        if let Ok(r) = RacpRequest::decode(&bytes) {
            prop_assert_eq!(RacpRequest::decode(&r.encode()), Ok(r));
        }
        if let Ok(r) = RacpResponse::decode(&bytes) {
            prop_assert_eq!(RacpResponse::decode(&r.encode()), Ok(r));
        }
    }

    #[test]
    fn arbitrary_text_never_panics(characteristic in "\\PC{0,40}", hex in "\\PC{0,64}") {
        let _ = decode_to_json(&characteristic, &hex);
        let _ = Characteristic::parse(&characteristic);
    }

    #[test]
    fn arbitrary_hex_for_every_characteristic_never_panics(bytes in vec(any::<u8>(), 0..40)) {
        let hex: String = bytes.iter().map(|b| format!("{b:02x} ")).collect();
        for c in Characteristic::ALL {
            let _ = decode_to_json(&c.key(), &hex);
        }
    }
}
