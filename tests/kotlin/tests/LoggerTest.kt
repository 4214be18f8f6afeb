// The shell's logger (Logcat in the app; a list here) receives the library's log lines,
// set once per process.
package phr.tests

import java.io.File
import org.junit.Assert.assertFalse
import org.junit.Assert.assertThrows
import org.junit.Assert.assertTrue
import org.junit.Rule
import org.junit.Test
import org.junit.rules.TemporaryFolder
import org.personheldrecord.phr.*

class LoggerTest {
    @get:Rule
    val folder = TemporaryFolder()

    private class ListSink : LogSink {
        val lines = mutableListOf<LogRecord>()

        override fun log(record: LogRecord) {
            synchronized(lines) { lines.add(record) }
        }

        fun snapshot(): List<LogRecord> = synchronized(lines) { lines.toList() }
    }

    @Test
    fun theShellsLoggerGetsTheLibrarysLinesAndIsSetOnce() {
        val sink = ListSink()
        assertTrue(setLogger(sink, LogLevel.DEBUG))
        assertFalse(setLogger(ListSink(), LogLevel.TRACE))

        val path = File(folder.root, "r.phr").path
        PersonHeldRecord.create(path, generateDatabaseKey()).closeRecord()
        assertThrows(RecordException.WrongKey::class.java) { PersonHeldRecord.open(path, generateDatabaseKey()) }

        val lines = sink.snapshot()
        assertTrue(lines.any { it.level == LogLevel.INFO && it.target == "phr_ffi::record" && it.message == "record open" })
        assertTrue(lines.any { it.level == LogLevel.DEBUG && it.message.contains("does not open the record") })
        assertTrue(lines.all { it.target.startsWith("phr") })
    }
}
