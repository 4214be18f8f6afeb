// About my health: identity, conditions, allergies, vaccinations, medicines, social
// prescriptions and test results, each saying where it came from (the GP record or the
// person). The person adds and corrects what they know, and says "I have stopped
// taking this" for a medicine; results and imported entries keep their provenance.
package org.personheldrecord.phr.presenters

import java.time.LocalDate
import java.time.format.DateTimeParseException
import org.personheldrecord.phr.Allergy
import org.personheldrecord.phr.Author
import org.personheldrecord.phr.Condition
import org.personheldrecord.phr.ConditionKind
import org.personheldrecord.phr.ConditionStatus
import org.personheldrecord.phr.EntryBody
import org.personheldrecord.phr.EntryId
import org.personheldrecord.phr.EntryKind
import org.personheldrecord.phr.Identity
import org.personheldrecord.phr.Medication
import org.personheldrecord.phr.MedicationOrigin
import org.personheldrecord.phr.MedicationStatus
import org.personheldrecord.phr.RecordSection
import org.personheldrecord.phr.Severity
import org.personheldrecord.phr.SocialPrescription
import org.personheldrecord.phr.Vaccination
import org.personheldrecord.phr.Viewer
import org.personheldrecord.phr.parseNhsNumber

/** The kinds of About my health, in the order the screen lists them. */
val healthKinds = listOf(
    EntryKind.IDENTITY, EntryKind.CONDITION, EntryKind.ALLERGY, EntryKind.MEDICATION,
    EntryKind.VACCINATION, EntryKind.SOCIAL_PRESCRIPTION, EntryKind.TEST_RESULT,
)

/** Turns the health entries a person writes into form values and back. */
object HealthCodec : EntryCodec {
    // Test results come from laboratories through imports: listed, not typed in.
    override val editableKinds = healthKinds.toSet() - EntryKind.TEST_RESULT

    override fun values(body: EntryBody): Map<String, String> = buildMap {
        fun put(path: String, value: Any?) {
            if (value != null) this[path] = value.toString()
        }
        when (body) {
            is EntryBody.Identity -> body.v1.let {
                put("name", it.name)
                put("preferred_name", it.preferredName)
                put("date_of_birth", it.dateOfBirth)
                put("nhs_number", it.nhsNumber)
                put("pronouns", it.pronouns)
            }
            is EntryBody.Condition -> body.v1.let {
                put("name", it.name)
                put("category", it.category.name.lowercase())
                put("since", it.since)
                put("status", it.status.name.lowercase())
                put("notes", it.notes)
            }
            is EntryBody.Allergy -> body.v1.let {
                put("substance", it.substance)
                put("reaction", it.reaction)
                put("severity", it.severity?.name?.lowercase())
                put("notes", it.notes)
            }
            is EntryBody.Medication -> body.v1.let {
                put("name", it.name)
                put("dose", it.dose)
                put("reason", it.reason)
                put("origin", it.origin.name.lowercase())
                when (val s = it.status) {
                    MedicationStatus.Taking -> put("status.state", "taking")
                    is MedicationStatus.StoppedByMe -> {
                        put("status.state", "stopped_by_me")
                        put("status.on", s.on)
                        put("status.reason", s.reason)
                    }
                    is MedicationStatus.StoppedByProfessional -> {
                        put("status.state", "stopped_by_professional")
                        put("status.on", s.on)
                    }
                    is MedicationStatus.Completed -> {
                        put("status.state", "completed")
                        put("status.on", s.on)
                    }
                }
            }
            is EntryBody.Vaccination -> body.v1.let {
                put("vaccine", it.vaccine)
                put("date", it.date)
                put("dose_number", it.doseNumber)
                put("batch", it.batch)
                put("given_by", it.givenBy)
            }
            is EntryBody.SocialPrescription -> body.v1.let {
                put("activity", it.activity)
                put("organisation", it.organisation)
                put("referred_by", it.referredBy)
                put("start", it.start)
                put("notes", it.notes)
            }
            else -> Unit
        }
    }

    override fun body(form: EntryForm): EntryBody {
        fun text(path: String) = form.value(path).trim()
        fun optional(path: String) = text(path).ifEmpty { null }
        fun date(path: String): LocalDate? = optional(path)?.let {
            try {
                LocalDate.parse(it)
            } catch (e: DateTimeParseException) {
                throw FormIncomplete(path, "choose a date")
            }
        }
        fun wholeNumber(path: String): UInt? = optional(path)?.let {
            it.toUIntOrNull() ?: throw FormIncomplete(path, "type a whole number")
        }
        return when (form.kind) {
            EntryKind.IDENTITY -> EntryBody.Identity(
                Identity(
                    name = text("name"),
                    preferredName = optional("preferred_name"),
                    dateOfBirth = date("date_of_birth"),
                    // The core checks the ten digits and the check digit, and says what is wrong.
                    nhsNumber = optional("nhs_number")?.let { parseNhsNumber(it) },
                    pronouns = optional("pronouns"),
                ),
            )
            EntryKind.CONDITION -> EntryBody.Condition(
                Condition(
                    name = text("name"),
                    category = optional("category")?.let { ConditionKind.valueOf(it.uppercase()) } ?: ConditionKind.DIAGNOSIS,
                    since = date("since"),
                    status = optional("status")?.let { ConditionStatus.valueOf(it.uppercase()) } ?: ConditionStatus.ACTIVE,
                    notes = optional("notes"),
                ),
            )
            EntryKind.ALLERGY -> EntryBody.Allergy(
                Allergy(
                    substance = text("substance"),
                    reaction = optional("reaction"),
                    severity = optional("severity")?.let { Severity.valueOf(it.uppercase()) },
                    notes = optional("notes"),
                ),
            )
            EntryKind.MEDICATION -> EntryBody.Medication(
                Medication(
                    name = text("name"),
                    dose = optional("dose"),
                    reason = optional("reason"),
                    origin = optional("origin")?.let { MedicationOrigin.valueOf(it.uppercase()) } ?: MedicationOrigin.PRESCRIBED,
                    status = medicationStatus(optional("status.state"), { date("status.on") }, optional("status.reason")),
                ),
            )
            EntryKind.VACCINATION -> EntryBody.Vaccination(
                Vaccination(
                    vaccine = text("vaccine"),
                    date = date("date") ?: throw FormIncomplete("date", "choose a date"),
                    doseNumber = wholeNumber("dose_number"),
                    batch = optional("batch"),
                    givenBy = optional("given_by"),
                ),
            )
            EntryKind.SOCIAL_PRESCRIPTION -> EntryBody.SocialPrescription(
                SocialPrescription(
                    activity = text("activity"),
                    organisation = optional("organisation"),
                    referredBy = optional("referred_by"),
                    start = date("start"),
                    notes = optional("notes"),
                ),
            )
            else -> throw IllegalArgumentException("${form.kind} is not typed in on this screen")
        }
    }

    private fun medicationStatus(state: String?, on: () -> LocalDate?, reason: String?): MedicationStatus {
        fun stoppedOn() = on() ?: throw FormIncomplete("status.on", "choose the date it stopped")
        return when (state) {
            null, "taking" -> MedicationStatus.Taking
            "stopped_by_me" -> MedicationStatus.StoppedByMe(stoppedOn(), reason)
            "stopped_by_professional" -> MedicationStatus.StoppedByProfessional(stoppedOn())
            else -> MedicationStatus.Completed(stoppedOn())
        }
    }
}

/** About my health. */
class HealthPresenter(session: RecordSession) : SectionPresenter(
    session, RecordSection.HEALTH, healthKinds, HealthCodec,
    "your conditions, allergies, medicines, vaccinations and results.",
) {
    /** "I have stopped taking this": the medicine `id` stopped today, with the person's reason. */
    suspend fun stopTaking(id: EntryId, reason: String?) {
        attempt {
            session.call { record ->
                val entry = record.entry(id, Viewer.PERSON)
                val medication = (entry.body as? EntryBody.Medication)?.v1
                    ?: throw IllegalArgumentException("entry $id is not a medicine")
                val stopped = MedicationStatus.StoppedByMe(session.clock.today(), reason?.trim()?.ifEmpty { null })
                record.updateEntry(id, EntryBody.Medication(medication.copy(status = stopped)), Author.Person)
            }
            refresh()
        }
    }
}
