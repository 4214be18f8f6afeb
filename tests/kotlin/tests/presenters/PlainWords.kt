// What a screen reader would say that a person should never hear: an empty label, or
// words from the code rather than from people (null, exception, snake_case, braces, a
// UUID, a raw Kotlin object).
package phr.tests.presenters

import org.personheldrecord.phr.presenters.Spoken

/** Checks spoken labels for plain words. */
object PlainWords {
    private val jargon = listOf(
        Regex("""\bnull\b""", RegexOption.IGNORE_CASE),
        Regex("""\b(true|false|NaN)\b"""),
        Regex("""exception|stack ?trace|uniffi|kotlin|\bffi\b|\bgatt\b|\bsql|\bjson\b|\benum\b""", RegexOption.IGNORE_CASE),
        Regex("""\w_\w"""),
        Regex("""[{}\[\]<>]|::|=>|\$"""),
        Regex("""\b[0-9a-f]{8}-[0-9a-f]{4}-"""),
        Regex("""\w+\(\w*=|@[0-9a-f]{4,}"""),
    )

    /** What is wrong with `text` as something spoken (empty when nothing is). */
    fun problems(text: String, where: String): List<String> = when {
        text.isBlank() -> listOf("$where: nothing to say")
        else -> jargon.mapNotNull { re -> re.find(text)?.let { "$where: \"${it.value}\" in \"$text\"" } }
    }

    /** Everything wrong with a screen state's spoken label and its controls' labels. */
    fun problems(state: Spoken): List<String> {
        val name = state::class.simpleName ?: "state"
        return problems(state.spokenLabel, name) +
            state.controls.flatMap { problems(it.label, "$name control ${it.id}") }
    }
}
