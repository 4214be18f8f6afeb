// The Android app of the Person Held Record: a library module with the core's generated
// Kotlin bindings and native libraries (phr), the platform-free screen presenters
// (presenters, compiled and tested on the JVM by scripts/test-kotlin.sh), and the app.
// Not built on the project's machine (no Android Gradle plugin, NDK or AndroidX there):
// see README.md.
pluginManagement {
    repositories {
        google()
        mavenCentral()
        gradlePluginPortal()
    }
}

dependencyResolutionManagement {
    repositoriesMode.set(RepositoriesMode.FAIL_ON_PROJECT_REPOS)
    repositories {
        google()
        mavenCentral()
    }
}

rootProject.name = "phr-android"
include(":phr", ":presenters", ":app")
