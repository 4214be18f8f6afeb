// The screens' presenters: platform-free Kotlin (no android.* import), compiled with
// the app here and on the project's CI with plain kotlinc and tested on the JVM against
// the real core (scripts/test-kotlin.sh, tests/kotlin/tests/presenters/). An Android
// library only because the bindings it calls come as one (module phr).
plugins {
    alias(libs.plugins.android.library)
    alias(libs.plugins.kotlin.android)
}

android {
    namespace = "org.personheldrecord.phr.presenters"
    compileSdk = 35
    defaultConfig { minSdk = 26 }
    sourceSets["main"].kotlin.srcDir("src/main/kotlin")
    compileOptions {
        sourceCompatibility = JavaVersion.VERSION_17
        targetCompatibility = JavaVersion.VERSION_17
    }
}

kotlin {
    jvmToolchain(17)
    compilerOptions { allWarningsAsErrors.set(true) }
}

dependencies {
    api(project(":phr"))
    api(libs.kotlinx.coroutines.core)
}
