// The Kotlin/JVM figures of issue 14, through the generated bindings and JNA against the
// release library: a round-trip call, and one page of 10,000 readings. scripts/bench.sh
// runs it (through scripts/bench-kotlin.sh) and puts its ROW lines in the table.
//
// Each figure is the median of several rounds after a warm-up (the JIT compiles the
// bindings' code first). Nothing here is a test and nothing asserts a time; the page is
// checked for its 10,000 readings, newest first, so a fast wrong answer cannot pass.
package phr.bench

import java.io.File
import java.nio.file.Files
import java.time.OffsetDateTime
import org.personheldrecord.phr.*

private const val ROUNDS = 11
private const val CALLS_PER_ROUND = 100_000
private const val READINGS = 10_000

private fun median(values: List<Double>): Double {
    val sorted = values.sorted()
    return sorted[sorted.size / 2]
}

/** Seconds `block` takes, from the JVM's monotonic clock. */
private inline fun seconds(block: () -> Unit): Double {
    val began = System.nanoTime()
    block()
    return (System.nanoTime() - began) / 1e9
}

private fun row(figure: String, size: String, value: String, target: String, met: Boolean) {
    val verdict = if (met) "met" else "MISSED"
    println("ROW\t$figure\t$size\t$value\t-\t-\t$target\t$verdict")
}

/** Median seconds per call of `call`, after a warm-up of twice a round. */
private inline fun perCall(call: () -> Unit): Double {
    repeat(CALLS_PER_ROUND * 2) { call() }
    return median((1..ROUNDS).map { seconds { repeat(CALLS_PER_ROUND) { call() } } / CALLS_PER_ROUND })
}

/**
 * Round trips into the core and back: a method on the record (the handle is cloned for
 * the call, the record locked, a boolean lifted), and a free function (no handle; a
 * string lifted), which shows what the bindings themselves cost.
 */
private fun roundTrip(record: PersonHeldRecord) {
    var closed = 0
    val method = perCall { if (record.isClosed()) closed++ }
    check(closed == 0) { "the record closed itself" }
    var length = 0
    val free = perCall { length += coreVersion().length }
    check(length > 0) { "no version" }
    for ((figure, secs) in listOf(
        "Kotlin/JVM round-trip call, a method on the record (isClosed)" to method,
        "Kotlin/JVM round-trip call, a free function (coreVersion)" to free,
    )) {
        val micros = secs * 1e6
        row(figure, "-", "%.2f µs".format(micros), "< 20 µs", micros < 20.0)
    }
}

/** One page of 10,000 glucose readings (a sensor app's), each lifted into Kotlin objects. */
private fun pagedFetch(record: PersonHeldRecord) {
    val start = OffsetDateTime.parse("2025-01-01T00:00:00Z")
    // A sensor's app hands over five-minute glucose values (4.0 to 10.0 mmol/L).
    val readings = List(READINGS) { i ->
        NewReading(
            value = ReadingValue.BloodGlucose(4.0 + (i % 61) / 10.0),
            takenAt = start.plusMinutes(5L * i),
            source = ReadingSource.App("com.example.cgm"),
            context = ReadingContext(),
            visibility = Visibility.PRIVATE,
        )
    }
    check(record.addReadings(readings).added == READINGS.toUInt()) { "the readings were not all added" }
    val request = ReadingsPageRequest(kind = ReadingKind.BLOOD_GLUCOSE, limit = READINGS.toUInt(), cursor = null)
    fun fetch() {
        val page = record.readingsPage(request, Viewer.PERSON)
        check(page.readings.size == READINGS) { "a page of ${page.readings.size} readings" }
        check(page.readings.first().reading.takenAt.isAfter(page.readings.last().reading.takenAt)) {
            "the page is not newest first"
        }
    }
    repeat(5) { fetch() }
    val perPage = median((1..ROUNDS).map { seconds { fetch() } })
    val millis = perPage * 1e3
    row(
        "Kotlin/JVM paged fetch of 10,000 readings (one page)", "10k",
        "%.1f ms".format(millis), "< 50 ms", millis < 50.0,
    )
}

fun main() {
    val dir = Files.createTempDirectory("phr-jvm-bench").toFile()
    try {
        val record = PersonHeldRecord.create(File(dir, "r.phr").path, generateDatabaseKey())
        roundTrip(record)
        pagedFetch(record)
        record.closeRecord()
    } finally {
        dir.deleteRecursively()
    }
}
