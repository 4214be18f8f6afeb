// Smoke test of the Kotlin bindings: the library loads through JNA and
// answers a call.
package phr.tests

import org.junit.Assert.assertEquals
import org.junit.Assert.assertTrue
import org.junit.Test
import phr.harness.PhrTestEnv
import org.personheldrecord.phr.coreVersion

class CoreVersionTest {
    @Test
    fun coreVersionIsTheWorkspaceVersion() {
        val version = coreVersion()
        assertTrue("coreVersion() returned an empty string", version.isNotEmpty())
        assertEquals(PhrTestEnv.expectedVersion, version)
    }
}
