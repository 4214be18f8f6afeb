// Small platform pieces: the phone's clock and zone, where the record lives, and the
// app's own switches in SharedPreferences. Written from the Android documentation; not
// compiled or run on the project's machine (android/README.md).
package org.personheldrecord.phr.app.platform

import android.content.Context
import java.io.File
import java.time.Instant
import java.time.ZoneId
import org.personheldrecord.phr.presenters.AppClock
import org.personheldrecord.phr.presenters.PreferenceStore
import org.personheldrecord.phr.presenters.RecordFiles

/** The phone's clock and time zone (the zone is read each time: people travel). */
object PhoneClock : AppClock {
    override fun now(): Instant = Instant.now()

    override fun zone(): ZoneId = ZoneId.systemDefault()
}

/** The record and its recovery key in the app's private files (never backed up: see res/xml/no_backup.xml). */
class PrivateRecordFiles(context: Context) : RecordFiles {
    private val folder: File = File(context.noBackupFilesDir, "record").apply { mkdirs() }

    /** The folder the key vault keeps the wrapped key in. */
    val keyFolder: File get() = folder

    override val recordPath: String get() = File(folder, "record.phr").path
    override val recordId: String = "me"
    override val recoveryKeyPath: String get() = File(folder, "record.recovery-key").path

    // The core refuses to create a record beside a stale -wal or a dangling symlink;
    // any of them means a record was here.
    override fun recordExists(): Boolean = listOf("", "-wal", "-shm").any { File(recordPath + it).exists() }

    override fun recoveryKeyExists(): Boolean = File(recoveryKeyPath).exists()

    override fun removeRecoveryKey() {
        File(recoveryKeyPath).delete()
    }
}

/** SharedPreferences behind the presenters' small settings. */
class SharedPreferenceStore(context: Context) : PreferenceStore {
    private val preferences = context.getSharedPreferences("phr-settings", Context.MODE_PRIVATE)

    override fun get(key: String): String? = preferences.getString(key, null)

    override fun put(key: String, value: String?) {
        preferences.edit().apply { if (value == null) remove(key) else putString(key, value) }.apply()
    }
}
