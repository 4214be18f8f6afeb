// The walk-through against the real library (see Walkthrough.kt), and the check that
// every state each screen showed on the way has a spoken label and spoken control
// labels in plain words.
package phr.tests.presenters

import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.cancel
import kotlinx.coroutines.runBlocking
import org.junit.Assert.assertTrue
import org.junit.Rule
import org.junit.Test
import org.junit.rules.TemporaryFolder
import org.personheldrecord.phr.presenters.*

class WalkthroughTest {
    @get:Rule
    val folder = TemporaryFolder()

    @Test
    fun aPersonCreatesFillsSyncsAcknowledgesSharesLocksAndUnlocksAgain() = runBlocking {
        val scope = CoroutineScope(SupervisorJob() + Dispatchers.Default)
        val log = StateLog(scope)
        try {
            Walkthrough(folder.root, log).run()
            log.stop()
            val states = log.states()
            val kinds = states.map { it::class.simpleName }.toSet()
            for (kind in listOf("Welcome", "Working", "Unlocked", "Locked", "NeedsRecovery", "SectionState", "DeviceState", "AlertsState", "OverviewState", "PrivacyState")) {
                assertTrue("no $kind among $kinds", kind in kinds)
            }
            val problems = states.flatMap { PlainWords.problems(it) }.distinct()
            assertTrue(problems.joinToString("\n"), problems.isEmpty())
        } finally {
            scope.cancel()
        }
    }
}
