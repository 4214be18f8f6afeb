// About me entries to and from a form's values, by the core's field paths. Nothing is
// checked here: the core checks every entry when it is saved (lengths, counts, one of
// each kind) and its error names the field, which the form then shows.
package org.personheldrecord.phr.presenters

import java.time.LocalDate
import java.time.format.DateTimeParseException
import org.personheldrecord.phr.Barrier
import org.personheldrecord.phr.Contact
import org.personheldrecord.phr.ContactMethod
import org.personheldrecord.phr.ContactPoints
import org.personheldrecord.phr.ContactRole
import org.personheldrecord.phr.EntryBody
import org.personheldrecord.phr.EntryKind
import org.personheldrecord.phr.Goal
import org.personheldrecord.phr.GoalStatus
import org.personheldrecord.phr.MyContactDetails
import org.personheldrecord.phr.MyHistory
import org.personheldrecord.phr.OrganDonation
import org.personheldrecord.phr.OrganDonationDecision
import org.personheldrecord.phr.OtherTreatment
import org.personheldrecord.phr.PersonInMyLife
import org.personheldrecord.phr.Relationship
import org.personheldrecord.phr.ThingsToKnow
import org.personheldrecord.phr.TreatmentKind

/** A value the form cannot turn into an entry yet (a choice not made, a date mistyped). */
class FormIncomplete(
    /** The field's path. */
    val path: String,
    /** What to do, in words ("choose one"). */
    val reason: String,
) : Exception(reason)

/** The kinds of the About me section, in the order the screen lists them. */
val aboutMeKinds = listOf(
    EntryKind.THINGS_TO_KNOW, EntryKind.MY_HISTORY, EntryKind.GOAL, EntryKind.PERSON_IN_MY_LIFE,
    EntryKind.MY_CONTACT_DETAILS, EntryKind.CONTACT, EntryKind.ORGAN_DONATION, EntryKind.OTHER_TREATMENT,
)

/** Turns About me entries into form values and back. */
object AboutMeCodec : EntryCodec {
    override val editableKinds = aboutMeKinds.toSet()

    /** The form values of an entry's body. */
    override fun values(body: EntryBody): Map<String, String> = buildMap {
        fun put(path: String, value: String?) {
            if (value != null) this[path] = value
        }
        fun points(p: ContactPoints) {
            put("phone", p.phone)
            put("email", p.email)
            put("address", p.address)
        }
        when (body) {
            is EntryBody.ThingsToKnow -> body.v1.items.forEachIndexed { i, s -> put("items[$i]", s) }
            is EntryBody.MyHistory -> put("text", body.v1.text)
            is EntryBody.Goal -> {
                put("goal", body.v1.goal)
                body.v1.barriers.forEachIndexed { i, b ->
                    put("barriers[$i].barrier", b.barrier)
                    put("barriers[$i].how_to_overcome", b.howToOvercome)
                }
                put("status", body.v1.status.word())
                put("target_date", body.v1.targetDate?.toString())
                put("support", body.v1.support)
            }
            is EntryBody.PersonInMyLife -> {
                put("name", body.v1.name)
                put("relationship", body.v1.relationship.word())
                put("role", body.v1.role)
                put("contact", body.v1.contact)
                put("notes", body.v1.notes)
            }
            is EntryBody.MyContactDetails -> {
                points(body.v1.points)
                put("preferred_method", body.v1.preferredMethod?.word())
            }
            is EntryBody.Contact -> {
                put("role", body.v1.role.word())
                put("name", body.v1.name)
                put("relationship", body.v1.relationship)
                points(body.v1.points)
                put("ods_code", body.v1.odsCode)
            }
            is EntryBody.OrganDonation -> {
                put("decision", body.v1.decision.word())
                body.v1.organs.forEachIndexed { i, s -> put("organs[$i]", s) }
                put("registered", if (body.v1.registered) "yes" else "no")
                put("notes", body.v1.notes)
            }
            is EntryBody.OtherTreatment -> {
                put("name", body.v1.name)
                put("category", body.v1.category.word())
                put("provider", body.v1.provider)
                put("frequency", body.v1.frequency)
                put("notes", body.v1.notes)
            }
            else -> Unit
        }
    }

    /** The body the form describes; `FormIncomplete` when a choice is missing or a date mistyped. */
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
        fun word(path: String): String = text(path).ifEmpty { throw FormIncomplete(path, "choose one") }
        fun points() = ContactPoints(optional("phone"), optional("email"), optional("address"))
        return when (form.kind) {
            EntryKind.THINGS_TO_KNOW -> EntryBody.ThingsToKnow(ThingsToKnow(form.items("items")))
            EntryKind.MY_HISTORY -> EntryBody.MyHistory(MyHistory(text("text")))
            EntryKind.GOAL -> EntryBody.Goal(
                Goal(
                    goal = text("goal"),
                    barriers = form.groups("barriers").map {
                        Barrier(it["barrier"].orEmpty(), it["how_to_overcome"]?.ifEmpty { null })
                    },
                    status = optional("status")?.let { GoalStatus.valueOf(it.uppercase()) } ?: GoalStatus.ACTIVE,
                    targetDate = date("target_date"),
                    support = optional("support"),
                ),
            )
            EntryKind.PERSON_IN_MY_LIFE -> EntryBody.PersonInMyLife(
                PersonInMyLife(
                    name = text("name"),
                    relationship = Relationship.valueOf(word("relationship").uppercase()),
                    role = optional("role"),
                    contact = optional("contact"),
                    notes = optional("notes"),
                ),
            )
            EntryKind.MY_CONTACT_DETAILS -> EntryBody.MyContactDetails(
                MyContactDetails(points(), optional("preferred_method")?.let { ContactMethod.valueOf(it.uppercase()) }),
            )
            EntryKind.CONTACT -> EntryBody.Contact(
                Contact(
                    role = ContactRole.valueOf(word("role").uppercase()),
                    name = text("name"),
                    relationship = optional("relationship"),
                    points = points(),
                    odsCode = optional("ods_code"),
                ),
            )
            EntryKind.ORGAN_DONATION -> EntryBody.OrganDonation(
                OrganDonation(
                    decision = OrganDonationDecision.valueOf(word("decision").uppercase()),
                    organs = form.items("organs"),
                    registered = text("registered") == "yes",
                    notes = optional("notes"),
                ),
            )
            EntryKind.OTHER_TREATMENT -> EntryBody.OtherTreatment(
                OtherTreatment(
                    name = text("name"),
                    category = TreatmentKind.valueOf(word("category").uppercase()),
                    provider = optional("provider"),
                    frequency = optional("frequency"),
                    notes = optional("notes"),
                ),
            )
            else -> throw IllegalArgumentException("${form.kind} is not in About me")
        }
    }

    /** The core's word for a choice: the enum's name in lower case. */
    private fun Enum<*>.word(): String = name.lowercase()
}
