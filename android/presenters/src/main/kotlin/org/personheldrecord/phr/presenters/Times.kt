// Times and numbers as the screens write them: in the phone's zone, in words a person
// reads aloud; numbers without a trailing ".0".
package org.personheldrecord.phr.presenters

import java.time.ZonedDateTime
import java.time.format.DateTimeFormatter
import java.util.Locale

/** How screens write times and the numbers the core hands them. */
object Times {
    private val spokenFormat = DateTimeFormatter.ofPattern("EEEE d MMMM yyyy 'at' HH:mm", Locale.UK)

    /** "Sunday 8 March 2026 at 18:00". */
    fun spoken(time: ZonedDateTime): String = spokenFormat.format(time)

    /** 54.0 as "54", 5.4 as "5.4". */
    fun number(value: Double): String =
        if (value == Math.rint(value) && kotlin.math.abs(value) < 1e15) value.toLong().toString() else value.toString()
}
