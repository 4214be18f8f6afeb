// A sync driven a step at a time, as an app's BluetoothGatt callbacks drive it: the
// shell performs each command and hands back what the stack reported.
package phr.tests

import java.io.File
import org.junit.Assert.assertEquals
import org.junit.Assert.assertTrue
import org.junit.Rule
import org.junit.Test
import org.junit.rules.TemporaryFolder
import org.personheldrecord.phr.*

class DeviceSessionTest {
    @get:Rule
    val folder = TemporaryFolder()

    @Test
    fun aCuffSyncedStepByStepStoresEachReadingOnce() {
        val record = PersonHeldRecord.create(File(folder.root, "r.phr").path, generateDatabaseKey())
        fun syncOnce(): SyncReport {
            val cuff = SimulatedDevice.bloodPressureCuff(12u, listOf())
            val session = DeviceSession(
                record,
                DeviceKind.BLOOD_PRESSURE_CUFF,
                cuff.peripheralId(),
                SyncSettings(Visibility.SHARED, utcOffsetMinutes = 60),
                cuff.advertisedName(),
            )
            assertTrue(syncOneConnection(session, cuff).finished)
            return session.report()
        }
        assertEquals(12u, syncOnce().added)
        assertEquals(12u, syncOnce().alreadyStored)
        assertEquals(12uL, record.readingCount(ReadingKind.BLOOD_PRESSURE, Viewer.SHARED))
        assertEquals(DeviceKind.BLOOD_PRESSURE_CUFF, deviceKindForServices(listOf("0x1810")))
        record.closeRecord()
    }
}
