// The acceptance scenario on the JVM, through the generated bindings and the real
// library: create a record, fill every section, set privacy, sync 200 simulated
// glucose records through the feed API, see the low-glucose alert, back up, restore,
// compare. tests/swift/Tests/PhrFFITests/AcceptanceTests.swift asserts the same.
package phr.tests

import java.io.File
import java.time.Duration
import java.time.Instant
import java.time.temporal.ChronoUnit
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertNotNull
import org.junit.Assert.assertThrows
import org.junit.Assert.assertTrue
import org.junit.Rule
import org.junit.Test
import org.junit.rules.TemporaryFolder
import uniffi.phr_ffi.*

class AcceptanceTest {
    @get:Rule
    val folder = TemporaryFolder()

    /** One entry of every kind, each filled from its typed record: no JSON anywhere. */
    private fun everySection(): List<NewEntry> {
        val private = NewEntryOptions(Visibility.PRIVATE)
        val shared = NewEntryOptions(Visibility.SHARED)
        val emergency = NewEntryOptions(Visibility.EMERGENCY)
        return listOf(
            NewEntry(
                EntryBody.Identity(
                    Identity(
                        name = "Alex Morgan",
                        preferredName = "Alex",
                        dateOfBirth = "1968-04-02",
                        nhsNumber = "9434765919",
                        pronouns = "they/them",
                    ),
                ),
                emergency,
            ),
            NewEntry(
                EntryBody.Condition(
                    Condition(
                        name = "Type 2 diabetes",
                        category = ConditionKind.DIAGNOSIS,
                        status = ConditionStatus.ACTIVE,
                        code = Coding("http://snomed.info/sct", "44054006", "Diabetes mellitus type 2"),
                        since = "2019-06-01",
                    ),
                ),
                emergency,
            ),
            NewEntry(
                EntryBody.Allergy(
                    Allergy(substance = "Penicillin", reaction = "Hives", severity = ReactionSeverity.SEVERE),
                ),
                emergency,
            ),
            NewEntry(
                EntryBody.Vaccination(
                    Vaccination(
                        vaccine = "Influenza (seasonal)",
                        date = "2025-10-14",
                        doseNumber = 1u,
                        givenBy = "High Street Pharmacy",
                    ),
                ),
                shared,
            ),
            NewEntry(
                EntryBody.Medication(
                    Medication(
                        name = "Metformin 500 mg tablets",
                        origin = MedicationOrigin.PRESCRIBED,
                        status = MedicationStatus.Taking,
                        dose = "1 tablet twice a day",
                        reason = "Type 2 diabetes",
                    ),
                ),
                emergency,
            ),
            NewEntry(
                EntryBody.SocialPrescription(
                    SocialPrescription(
                        activity = "Walking group",
                        organisation = "Parkside Community Centre",
                        referredBy = "Link worker",
                        start = "2026-01-12",
                    ),
                ),
                shared,
            ),
            NewEntry(
                EntryBody.TestResult(
                    TestResult(
                        name = "HbA1c",
                        value = ResultValue.Quantity(53.0, "mmol/mol"),
                        date = "2025-12-01",
                        loinc = "4548-4",
                        referenceRange = ReferenceRange(low = 20.0, high = 41.0),
                    ),
                ),
                shared,
            ),
            NewEntry(
                EntryBody.ThingsToKnow(
                    ThingsToKnow(
                        listOf("I am deaf in my left ear", "I care for my mother", "Please explain things slowly"),
                    ),
                ),
                emergency,
            ),
            NewEntry(
                EntryBody.MyHistory(MyHistory("Type 2 diabetes since 2019, managed with metformin and walking.")),
                private,
            ),
            NewEntry(
                EntryBody.Goal(
                    Goal(
                        goal = "Walk 8,000 steps a day",
                        status = GoalStatus.ACTIVE,
                        barriers = listOf(Barrier("Knee pain", "Physiotherapy exercises")),
                        targetDate = "2026-06-30",
                    ),
                ),
                private,
            ),
            NewEntry(
                EntryBody.PersonInMyLife(
                    PersonInMyLife(
                        name = "Biscuit",
                        relationship = Relationship.ANIMAL,
                        role = "Dog",
                        notes = "Sam looks after Biscuit if I go into hospital",
                    ),
                ),
                private,
            ),
            NewEntry(
                EntryBody.MyContactDetails(
                    MyContactDetails(phone = "07700 900123", email = "alex@example.org", preferredMethod = ContactMethod.TEXT),
                ),
                shared,
            ),
            NewEntry(
                EntryBody.Contact(
                    Contact(role = ContactRole.NEXT_OF_KIN, name = "Sam Morgan", relationship = "Sibling", phone = "07700 900456"),
                ),
                emergency,
            ),
            NewEntry(
                EntryBody.OrganDonation(
                    OrganDonation(decision = OrganDonationDecision.DONATE, organs = listOf("Kidneys", "Corneas"), registered = true),
                ),
                emergency,
            ),
            NewEntry(
                EntryBody.OtherTreatment(
                    OtherTreatment(
                        name = "Physiotherapy",
                        category = TreatmentKind.PHYSIOTHERAPY,
                        provider = "Move Well Clinic",
                        frequency = "weekly",
                    ),
                ),
                private,
            ),
            NewEntry(
                EntryBody.Appointment(
                    Appointment(
                        title = "Diabetes review",
                        start = "2026-03-20T09:30:00+00:00",
                        status = AppointmentStatus.BOOKED,
                        reminderMinutesBefore = defaultAppointmentReminders(),
                        durationMinutes = 20u,
                        with = "Practice nurse",
                        location = "Parkside Surgery",
                    ),
                ),
                shared,
            ),
            NewEntry(
                EntryBody.Module(
                    ModuleInstance(
                        templateId = "gad-7",
                        templateVersion = 1u,
                        answers = (1..7).associate { "q$it" to AnswerValue.Text("several_days") },
                        completedOn = "2026-03-01",
                    ),
                ),
                private,
            ),
        )
    }

    /** Everything a person can see in their record, to compare a restore with. */
    private data class Contents(
        val entries: List<Entry>,
        val readings: List<Reading>,
        val notifications: List<HealthNotification>,
        val messages: List<Message>,
    )

    private fun contents(record: PersonHeldRecord) = Contents(
        record.entries(EntryFilter(includeDeleted = true), Viewer.PERSON),
        record.readings(ReadingQuery(), Viewer.PERSON),
        record.notifications(true),
        record.messages(),
    )

    @Test
    fun aPersonFillsTheRecordSyncsAMeterSeesTheLowAlertAndRestoresABackup() {
        val path = File(folder.root, "alex.phr").path
        val keys = MemoryKeyStore()
        // The record's day: just after the meter's last simulated record (8 March 2026).
        val now = Instant.parse("2026-03-08T18:00:00Z")
        val clock = ClockFrom(now)

        // Create: a fresh key goes to the shell's key store, never to disk.
        val record = PersonHeldRecord.createWithKeyStore(path, "alex", keys)
        record.setTimeSource(clock)
        assertEquals(32, keys.stored("alex")?.size)

        // Every section, every entry kind, in one transaction.
        val added = record.addEntries(everySection())
        assertEquals(everySection().map { it.body }, added.map { it.body })
        assertEquals(EntryKind.entries.toSet(), added.map { it.kind }.toSet())
        assertEquals(RecordSection.entries.toSet(), added.map { it.section }.toSet())
        val byKind = added.associateBy { it.kind }
        fun id(kind: EntryKind) = byKind.getValue(kind).meta.id
        assertEquals("GAD-7 (anxiety): 7 (Mild anxiety)", byKind.getValue(EntryKind.MODULE).summary)
        assertTrue(byKind.getValue(EntryKind.TEST_RESULT).summary.contains("out of range"))

        // Edit, with history.
        val medication = byKind.getValue(EntryKind.MEDICATION).body as EntryBody.Medication
        val edited = record.updateEntry(
            id(EntryKind.MEDICATION),
            EntryBody.Medication(medication.v1.copy(dose = "2 tablets twice a day")),
        )
        assertEquals(2u, edited.meta.version)
        val history = record.history(id(EntryKind.MEDICATION))
        assertEquals(listOf(ChangeOp.CREATE, ChangeOp.UPDATE), history.map { it.op })
        assertEquals(medication, history[1].before?.body)

        // Privacy: each viewer sees only what the person chose to show.
        record.setVisibility(id(EntryKind.GOAL), Visibility.SHARED)
        val emergencyView = record.entries(EntryFilter(), Viewer.EMERGENCY)
        assertEquals(
            setOf(
                EntryKind.IDENTITY, EntryKind.CONDITION, EntryKind.ALLERGY, EntryKind.MEDICATION,
                EntryKind.THINGS_TO_KNOW, EntryKind.CONTACT, EntryKind.ORGAN_DONATION,
            ),
            emergencyView.map { it.kind }.toSet(),
        )
        val sharedView = record.entries(EntryFilter(), Viewer.SHARED).map { it.kind }
        assertTrue(EntryKind.GOAL in sharedView)
        assertFalse(EntryKind.MY_HISTORY in sharedView)
        assertThrows(RecordException.NotFound::class.java) {
            record.entry(id(EntryKind.MY_HISTORY), Viewer.SHARED)
        }

        // Delete and undo.
        record.deleteEntry(id(EntryKind.SOCIAL_PRESCRIPTION))
        assertEquals(16, record.entries(EntryFilter(), Viewer.PERSON).size)
        val restoredEntry = record.undo(id(EntryKind.SOCIAL_PRESCRIPTION))
        assertEquals(null, restoredEntry.meta.deletedAt)
        assertEquals(17, record.entries(EntryFilter(), Viewer.PERSON).size)

        // A kind held once refuses a second entry, naming the one to edit instead.
        val second = assertThrows(RecordException.OnlyOneAllowed::class.java) {
            record.addEntry(EntryBody.Identity(Identity(name = "Someone Else")), NewEntryOptions(Visibility.PRIVATE))
        }
        assertEquals(id(EntryKind.IDENTITY), second.existingId)

        // A reading typed in.
        val bp = record.addReading(
            NewReading(
                value = ReadingValue.BloodPressure(132.0, 84.0, null, 71.0),
                takenAt = "2026-03-08T08:15:00+00:00",
                source = ReadingSource.Manual,
                visibility = Visibility.SHARED,
            ),
        )
        assertEquals(ReadingKind.BLOOD_PRESSURE, bp.kind)
        assertEquals("mm[Hg]", bp.unit)

        // The care team asks to hear about every low in the last 90 days when the meter
        // is first synced (the default is 48 hours): rules are data, changed by setting.
        val rule = record.changeRule("glucose.low", listOf(RuleSetting("max_age_hours", "${90 * 24}")))
        assertEquals(2u, rule.version)

        // Sync 200 records from the simulated meter through the feed API.
        val meter = SimulatedDevice.glucoseMeter(200u, listOf())
        val seen = mutableListOf<SyncProgress>()
        val listener = object : SyncListener {
            override fun onProgress(progress: SyncProgress) {
                synchronized(seen) { seen.add(progress) }
            }
        }
        val session = DeviceSession(
            record,
            DeviceKind.GLUCOSE_METER,
            meter.peripheralId(),
            SyncSettings(Visibility.SHARED, utcOffsetMinutes = 0),
            meter.advertisedName(),
            listener,
        )
        val end = syncOneConnection(session, meter)
        assertTrue(end.finished)
        val report = session.report()
        assertEquals(200u, report.added)
        assertEquals(SyncEnd.Complete, report.end)
        assertEquals("SIM-GLU-0001", report.device?.id)
        assertEquals(200u, seen.maxOf { it.received })
        assertEquals(200uL, record.readingCount(ReadingKind.BLOOD_GLUCOSE, Viewer.PERSON))

        // A second sync of the same meter adds nothing.
        val again = DeviceSession(
            record,
            DeviceKind.GLUCOSE_METER,
            meter.peripheralId(),
            SyncSettings(Visibility.SHARED, utcOffsetMinutes = 0),
        )
        syncOneConnection(again, meter)
        assertEquals(0u, again.report().added)
        assertEquals(200uL, record.readingCount(ReadingKind.BLOOD_GLUCOSE, Viewer.PERSON))

        // The daily trend, from the core's per-day summaries.
        val days = record.dailySummaries(ReadingKind.BLOOD_GLUCOSE, "2026-01-01", "2026-03-31", Viewer.PERSON)
        assertEquals(200u, days.sumOf { it.count })
        assertEquals("2026-01-05", days.first().date)
        assertTrue(days.first().min!! < 4.0)

        // The low-glucose alerts, with advice: the meter's four readings under 4 mmol/L
        // (70, 71, 72 and 70 mg/dL).
        val lows = record.dueNotifications(clock.now()).filter { it.ruleId == "glucose.low" }
        assertEquals(4, lows.size)
        for (low in lows) {
            assertEquals(NotificationCategory.ALERT, low.category)
            assertEquals(NotificationSeverity.WARNING, low.severity)
            assertTrue(low.advice.contains("fast-acting sugar"))
            assertEquals(NotificationState.New, low.state)
            val value = record.reading(low.readings.single()).value as ReadingValue.BloodGlucose
            assertTrue(value.mmolPerL!! < 4.0)
        }
        assertEquals(NotificationState.Acknowledged, record.acknowledge(lows[0].id).state)
        val until = clock.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS)
        assertEquals(NotificationState.Snoozed(until), record.snooze(lows[1].id, until).state)
        record.markShown(lows.drop(2).map { it.id })
        assertTrue(record.dueNotifications(clock.now()).none { it.ruleId == "glucose.low" })
        assertThrows(AlertException.NotAllowed::class.java) { record.snooze(lows[0].id, until) }

        // A request to the practice about the readings; a second one is rate-limited.
        val request = record.createRequest(
            "look_at_readings", "Parkside Surgery", listOf(id(EntryKind.CONDITION)), "Four lows since January",
        )
        assertEquals(MessageState.DRAFT, request.state)
        assertEquals(MessageState.QUEUED, record.queueRequest(request.id).state)
        val another = record.createRequest("explain_results", "Parkside Surgery", listOf())
        val limited = assertThrows(AlertException.RateLimited::class.java) { record.queueRequest(another.id) }
        assertEquals("Parkside Surgery", limited.recipient)
        assertEquals(listOf(request.id), record.outbox().map { it.id })

        // Back up, restore under a new key, compare.
        val before = contents(record)
        val backup = File(folder.root, "alex.phrbackup").path
        record.backupTo(backup, "correct horse battery staple")
        record.closeRecord()
        assertThrows(RecordException.Closed::class.java) { record.entries(EntryFilter(), Viewer.PERSON) }

        val restoredPath = File(folder.root, "restored.phr").path
        assertThrows(RecordException.WrongPassphrase::class.java) {
            PersonHeldRecord.restoreFrom(backup, "wrong horse battery staple", restoredPath, generateDatabaseKey())
        }
        assertFalse(File(restoredPath).exists())
        val restored = PersonHeldRecord.restoreFrom(backup, "correct horse battery staple", restoredPath, generateDatabaseKey())
        restored.checkIntegrity()
        val after = contents(restored)
        assertEquals(before, after)
        assertEquals(17, after.entries.size)
        assertEquals(201, after.readings.size)
        restored.closeRecord()

        // The original opens again with the key from the key store.
        val reopened = PersonHeldRecord.openWithKeyStore(path, "alex", keys)
        assertNotNull(reopened.entry(id(EntryKind.IDENTITY), Viewer.EMERGENCY))
        reopened.closeRecord()
    }
}
