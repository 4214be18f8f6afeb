// Optional modules: switch PHQ-9 on, answer item 9 on a half-filled form and see the
// core's attention advice at once, answer every question and see the score.
package phr.tests.presenters

import kotlinx.coroutines.runBlocking
import org.junit.Assert.assertEquals
import org.junit.Assert.assertNull
import org.junit.Assert.assertTrue
import org.junit.Rule
import org.junit.Test
import org.junit.rules.TemporaryFolder
import org.personheldrecord.phr.presenters.*

class ModulesPresenterTest {
    @get:Rule
    val folder = TemporaryFolder()

    @Test
    fun phq9ItemNineShowsItsAdviceAtOnceAndAFullFormItsScore() = runBlocking {
        ScreenFixture(folder.root).use { f ->
            val modules = ModulesPresenter(f.session)
            modules.refresh()
            assertTrue(modules.state.value.offers.any { it.templateId == "phq-9" })
            modules.switchOn("phq-9")
            var s = modules.state.value
            assertEquals("0 of 9 questions answered", s.open!!.progress)
            assertEquals(9, s.questions.size)
            assertTrue(s.offers.none { it.templateId == "phq-9" })
            modules.answer("q1", "several_days")
            modules.answer("q9", "several_days")
            s = modules.state.value
            assertEquals("Several days", s.questions.first { it.id == "q9" }.answerLabel)
            assertNull("no score on a half-filled form", s.open!!.score)
            val advice = s.open!!.attention!!
            assertTrue(advice, advice.contains("Samaritans on 116 123"))
            assertTrue("the advice is said first", s.spokenLabel.startsWith(advice))
            for (q in 2..8) modules.answer("q$q", "not_at_all")
            s = modules.state.value
            assertEquals("9 of 9 questions answered", s.open!!.progress)
            assertTrue(s.open!!.score!!, s.open!!.score!!.startsWith("Score 2: "))
            assertTrue(s.open!!.attention!!.contains("116 123"))
            modules.finish()
            modules.close()
            assertEquals(listOf("PHQ-9 (mood)"), modules.state.value.modules.map { it.title })
        }
    }

    @Test
    fun anAnswerTheModuleCannotTakeIsAskedAgain() = runBlocking {
        ScreenFixture(folder.root).use { f ->
            val modules = ModulesPresenter(f.session)
            modules.refresh()
            modules.switchOn("phq-9")
            modules.answer("q1", "sometimes")
            val s = modules.state.value
            assertTrue(s.problem ?: "no problem", s.problem != null)
            assertEquals(null, s.questions.first { it.id == "q1" }.answer)
        }
    }
}
