// The core as an Android library (AAR): the Kotlin bindings uniffi generates and the
// native libraries scripts/build-android.sh builds for each ABI, with JNA (as an AAR, so
// its own libjnidispatch.so comes along) the bindings' only runtime dependency.
// Publish it with `./gradlew :phr:publishToMavenLocal`.
plugins {
    alias(libs.plugins.android.library)
    alias(libs.plugins.kotlin.android)
    `maven-publish`
}

android {
    namespace = "org.personheldrecord.phr"
    compileSdk = 35

    defaultConfig {
        minSdk = 26
        consumerProguardFiles("consumer-rules.pro")
    }

    sourceSets["main"].apply {
        // Written by scripts/build-android.sh (git-ignored): the generated bindings and
        // src/main/jniLibs/<abi>/libphr_ffi.so, which Gradle packs by default.
        java.srcDir("src/main/java")
    }

    compileOptions {
        sourceCompatibility = JavaVersion.VERSION_17
        targetCompatibility = JavaVersion.VERSION_17
    }

    publishing {
        singleVariant("release") {
            withSourcesJar()
        }
    }
}

kotlin {
    jvmToolchain(17)
}

dependencies {
    // `api`: the generated code's public types use JNA's and the coroutines' types.
    api("net.java.dev.jna:jna:${libs.versions.jna.get()}@aar")
    api(libs.kotlinx.coroutines.core)
}

publishing {
    publications {
        register<MavenPublication>("release") {
            groupId = "org.personheldrecord"
            artifactId = "phr"
            version = "0.1.0"
            afterEvaluate { from(components["release"]) }
        }
    }
}
