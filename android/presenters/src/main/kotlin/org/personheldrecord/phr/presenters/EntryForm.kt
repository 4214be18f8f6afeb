// A form for one entry, built from the core's field schema (`entryKindFields`): each
// field's label, whether it is needed, its character limit and its choices are the
// core's. Lists (three things to know, a goal's barriers) show the items written so far
// and one empty item, up to the schema's most items.
package org.personheldrecord.phr.presenters

import org.personheldrecord.phr.EntryId
import org.personheldrecord.phr.EntryKind
import org.personheldrecord.phr.FieldSpec
import org.personheldrecord.phr.FieldType
import org.personheldrecord.phr.Visibility
import org.personheldrecord.phr.entryKindFields

/** A choice of a choice field. */
data class Choice(
    /** The core's word for it. */
    val word: String,
    /** What the person sees. */
    val label: String,
)

/** Characters as the core counts them: Unicode scalar values, not UTF-16 units. */
fun String.personCharacters(): Int = codePointCount(0, length)

/** One field of a form. */
data class FormField(
    /** The core's path (`name`, `items[1]`, `barriers[0].barrier`). */
    val path: String,
    /** What it asks, from the core's schema. */
    val label: String,
    /** What is typed or chosen (a choice's word; a date as YYYY-MM-DD). */
    val value: String = "",
    /** The core's character limit, for text. */
    val maxChars: Int? = null,
    /** Whether the entry needs it. */
    val required: Boolean = false,
    /** The choices, for a choice field. */
    val choices: List<Choice>? = null,
    /** What is wrong with it, in the core's words. */
    val error: String? = null,
) {
    /** Characters left before the limit (negative: too many). */
    val charactersLeft: Int? get() = maxChars?.let { it - value.personCharacters() }

    /** What a screen reader says for the field. */
    val spokenLabel: String
        get() = listOfNotNull(
            label,
            if (required) "needed" else null,
            choices?.firstOrNull { it.word == value }?.label ?: value.takeIf { choices == null && it.isNotEmpty() },
            charactersLeft?.let { left ->
                when {
                    left < 0 -> "${-left} characters too many"
                    left == 1 -> "1 character left"
                    else -> "$left characters left"
                }
            },
            error,
        ).joinToString(", ")
}

/** A form for a new entry or a change to one. */
data class EntryForm(
    /** The kind of entry. */
    val kind: EntryKind,
    /** The entry changed, or null for a new one. */
    val editing: EntryId?,
    /** Its fields in the core's order. */
    val fields: List<FormField>,
    /** Who may see a new entry (a change keeps the entry's own setting). */
    val visibility: Visibility = Visibility.PRIVATE,
) {
    /** The value at `path`, or "" when empty. */
    fun value(path: String): String = fields.firstOrNull { it.path == path }?.value.orEmpty()

    /** The values of a list field's items (`items[0]`, `items[1]` ...) that are filled in. */
    fun items(prefix: String): List<String> =
        fields.filter { it.path.startsWith("$prefix[") && !it.path.contains("].") && it.value.isNotBlank() }
            .map { it.value.trim() }

    /** The filled-in groups of a list of groups (`barriers[0].barrier` ...), by index. */
    fun groups(prefix: String): List<Map<String, String>> =
        fields.filter { it.path.startsWith("$prefix[") && it.path.contains("].") }
            .groupBy { it.path.substringAfter("[").substringBefore("]").toInt() }
            .toSortedMap().values
            .map { group -> group.associate { it.path.substringAfter("].") to it.value.trim() } }
            .filter { group -> group.values.any { it.isNotEmpty() } }

    /** The form with `value` at `path`, and one more empty list item when the last was filled. */
    fun with(path: String, value: String): EntryForm = copy(
        fields = fields.map { if (it.path == path) it.copy(value = value, error = null) else it },
    ).let { FormBuilder.grow(it) }

    /** The form with the core's complaint about `field` shown on it; false when no field matched. */
    fun withError(field: String, reason: String): EntryForm? {
        val match = fields.indexOfFirst { it.path == field }.takeIf { it >= 0 }
            ?: fields.indexOfFirst { field.startsWith(it.path) || it.path.startsWith(field) }.takeIf { it >= 0 }
            ?: return null
        return copy(fields = fields.mapIndexed { i, f -> f.copy(error = if (i == match) reason else null) })
    }
}

/** Builds forms from the core's schema. */
object FormBuilder {
    /** The fields of `kind` with `values` (path to value) filled in. */
    fun fields(kind: EntryKind, values: Map<String, String>): List<FormField> {
        val specs = entryKindFields(kind)
        val out = mutableListOf<FormField>()
        for (spec in specs) {
            if (spec.path.contains("[].")) continue // expanded with their list
            when (val type = spec.kind) {
                is FieldType.Group -> Unit // a heading only: its fields follow
                is FieldType.ListOf -> out += listItems(spec, type, specs, values)
                else -> out += field(spec, spec.path, values[spec.path].orEmpty())
            }
        }
        return out
    }

    /** Adds an empty item to each list whose last item is filled, up to its most items. */
    fun grow(form: EntryForm): EntryForm {
        val values = form.fields.associate { it.path to it.value }
        val errors = form.fields.associate { it.path to it.error }
        val rebuilt = fields(form.kind, values).map { it.copy(error = errors[it.path]) }
        return form.copy(fields = rebuilt)
    }

    private fun field(spec: FieldSpec, path: String, value: String): FormField {
        val label = spec.help.replaceFirstChar { it.uppercase() }
        return when (val type = spec.kind) {
            is FieldType.Text -> FormField(path, label, value, maxChars = type.maxChars.toInt(), required = spec.required)
            is FieldType.Choice -> FormField(
                path, label, value, required = spec.required,
                choices = type.values.map { Choice(it, Words.choice(it)) },
            )
            is FieldType.YesNo -> FormField(
                path, label, value, required = spec.required,
                choices = listOf(Choice("yes", "Yes"), Choice("no", "No")),
            )
            else -> FormField(path, label, value, required = spec.required)
        }
    }

    private fun listItems(
        spec: FieldSpec,
        type: FieldType.ListOf,
        specs: List<FieldSpec>,
        values: Map<String, String>,
    ): List<FormField> {
        val max = type.maxItems.toInt()
        val itemSpecs = specs.filter { it.path.startsWith("${spec.path}[].") }
        fun filled(i: Int): Boolean = if (itemSpecs.isEmpty()) {
            values["${spec.path}[$i]"].orEmpty().isNotBlank()
        } else {
            itemSpecs.any { values["${spec.path}[$i].${it.path.substringAfter("[].")}"].orEmpty().isNotBlank() }
        }
        var shown = 0
        while (shown < max && filled(shown)) shown++
        // One empty item to type the next into, unless the list is full.
        val count = minOf(max, shown + 1)
        return (0 until count).flatMap { i ->
            if (itemSpecs.isEmpty()) {
                val item = FieldSpec(spec.path, type.item, spec.required && i == 0, spec.help)
                listOf(field(item, "${spec.path}[$i]", values["${spec.path}[$i]"].orEmpty()).numbered(i, max))
            } else {
                itemSpecs.map { sub ->
                    val path = "${spec.path}[$i].${sub.path.substringAfter("[].")}"
                    field(sub.copy(required = sub.required && filled(i)), path, values[path].orEmpty()).numbered(i, max)
                }
            }
        }
    }

    private fun FormField.numbered(i: Int, max: Int): FormField =
        if (max > 1) copy(label = "$label, ${i + 1} of $max") else this
}
