// The runner of the Kotlin binding tests (scripts/test-kotlin.sh runs it).
//
// It finds every JUnit 4 test class among the compiled test classes (a
// directory or jar given as the first argument), runs them with JUnitCore,
// prints one line per test and the stack trace of each failure, and closes
// with the line "N passed, N failed" (", N skipped" when some were
// skipped). It exits with 1 when a test failed or no test ran.
package phr.harness

import java.io.File
import java.lang.reflect.Modifier
import java.util.jar.JarFile
import kotlin.system.exitProcess
import org.junit.runner.Description
import org.junit.runner.JUnitCore
import org.junit.runner.Request
import org.junit.runner.notification.Failure
import org.junit.runner.notification.RunListener

/** Settings that scripts/test-kotlin.sh hands to the tests. */
object PhrTestEnv {
    /** The workspace version from Cargo.toml, which `coreVersion()` must return. */
    val expectedVersion: String
        get() = requireNotNull(System.getProperty("phr.expectedVersion")) {
            "system property phr.expectedVersion is not set: run the tests with scripts/test-kotlin.sh"
        }
}

/** Prints each test's outcome and counts them. */
private class CountingListener : RunListener() {
    var passed = 0
        private set
    var failed = 0
        private set
    var skipped = 0
        private set

    // Outcome of the tests started and not yet finished: "fail" or "skip".
    private val outcome = HashMap<Description, String>()

    override fun testFailure(failure: Failure) {
        val d = failure.description
        println("FAIL  ${name(d)}")
        println(failure.trimmedTrace.trimEnd().prependIndent("      "))
        // A failure of a whole class (in @BeforeClass, say) has no
        // testFinished: count it now.
        if (d.methodName == null) failed++ else outcome[d] = "fail"
    }

    override fun testAssumptionFailure(failure: Failure) {
        val d = failure.description
        println("SKIP  ${name(d)}: ${failure.message}")
        if (d.methodName == null) skipped++ else outcome.putIfAbsent(d, "skip")
    }

    override fun testIgnored(description: Description) {
        println("SKIP  ${name(description)} (@Ignore)")
        skipped++
    }

    override fun testFinished(description: Description) {
        when (outcome.remove(description)) {
            "fail" -> failed++
            "skip" -> skipped++
            else -> {
                passed++
                println("PASS  ${name(description)}")
            }
        }
    }

    private fun name(d: Description): String =
        if (d.methodName == null) d.className else "${d.className}.${d.methodName}"
}

/** Names of the classes in a directory of .class files or in a jar. */
private fun classNames(root: File): List<String> {
    val entries: List<String> = if (root.isDirectory) {
        root.walkTopDown().filter { it.isFile }.map { it.relativeTo(root).invariantSeparatorsPath }.toList()
    } else {
        JarFile(root).use { jar -> jar.entries().toList().map { it.name } }
    }
    return entries
        .filter { it.endsWith(".class") && '$' !in it && it != "module-info.class" }
        .map { it.removeSuffix(".class").replace('/', '.') }
        .sorted()
}

/** A JUnit 4 test class: concrete, public, with at least one @Test method. */
private fun isTestClass(c: Class<*>): Boolean =
    Modifier.isPublic(c.modifiers) && !Modifier.isAbstract(c.modifiers) && !c.isInterface &&
        c.methods.any { it.isAnnotationPresent(org.junit.Test::class.java) }

fun main(args: Array<String>) {
    require(args.isNotEmpty()) { "usage: PhrTestRunner <test classes dir or jar> [class name filter]" }
    val root = File(args[0])
    val filter = args.getOrNull(1)?.let { Regex(it) }
    val loader = Thread.currentThread().contextClassLoader
    // A class that cannot be loaded or inspected counts as one failure.
    var loadFailures = 0
    val classes = classNames(root)
        .filter { !it.startsWith("phr.harness.") }
        .filter { filter == null || filter.containsMatchIn(it) }
        .mapNotNull { name ->
            try {
                Class.forName(name, false, loader).takeIf(::isTestClass)
            } catch (e: LinkageError) {
                loadFailures++
                println("FAIL  $name: cannot load: $e")
                null
            } catch (e: ClassNotFoundException) {
                loadFailures++
                println("FAIL  $name: cannot load: $e")
                null
            }
        }

    val listener = CountingListener()
    val core = JUnitCore()
    core.addListener(listener)
    core.run(Request.classes(*classes.toTypedArray()))
    val failed = listener.failed + loadFailures

    val skipped = if (listener.skipped > 0) ", ${listener.skipped} skipped" else ""
    if (classes.isEmpty()) println("no test classes found in $root")
    println("${listener.passed} passed, $failed failed$skipped")
    exitProcess(if (failed == 0 && listener.passed > 0) 0 else 1)
}
