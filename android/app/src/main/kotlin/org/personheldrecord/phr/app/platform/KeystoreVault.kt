// The record's database key behind the phone's biometrics: the core's KeyStore foreign
// trait, backed by an AES-256-GCM key in the Android Keystore that only works after the
// person confirms it is them (BiometricPrompt with a CryptoObject), and that a new
// fingerprint or face invalidates. The database key itself is kept in the app's private
// files, wrapped (encrypted) by that Keystore key.
//
// Written from the Android documentation ("Android keystore system",
// KeyGenParameterSpec.Builder, "Show a biometric authentication dialog",
// BiometricPrompt.CryptoObject, KeyPermanentlyInvalidatedException). This machine cannot
// build or run Android code: it has not been compiled or run here (android/README.md).
package org.personheldrecord.phr.app.platform

import android.content.Context
import android.os.Build
import android.security.keystore.KeyGenParameterSpec
import android.security.keystore.KeyPermanentlyInvalidatedException
import android.security.keystore.KeyProperties
import android.security.keystore.StrongBoxUnavailableException
import androidx.biometric.BiometricManager
import androidx.biometric.BiometricManager.Authenticators.BIOMETRIC_STRONG
import androidx.biometric.BiometricManager.Authenticators.DEVICE_CREDENTIAL
import androidx.biometric.BiometricPrompt
import androidx.core.content.ContextCompat
import androidx.fragment.app.FragmentActivity
import java.io.File
import java.security.GeneralSecurityException
import java.security.KeyStore as JavaKeyStore
import javax.crypto.Cipher
import javax.crypto.KeyGenerator
import javax.crypto.SecretKey
import javax.crypto.spec.GCMParameterSpec
import kotlin.coroutines.resume
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.suspendCancellableCoroutine
import kotlinx.coroutines.withContext
import org.personheldrecord.phr.KeyException
import org.personheldrecord.phr.KeyStore
import org.personheldrecord.phr.presenters.Authorisation
import org.personheldrecord.phr.presenters.KeyPurpose
import org.personheldrecord.phr.presenters.KeyVault

/**
 * The key vault of the unlock screen. `host` gives the activity on screen, which shows
 * the prompt (null while none is); `folder` (the app's private files) keeps each
 * record's wrapped key as `<recordId>.wrapped-key`: a 12-byte GCM nonce followed by the
 * encrypted key and its tag.
 */
class KeystoreVault(
    private val context: Context,
    private val host: () -> FragmentActivity?,
    private val folder: File,
) : KeyVault {
    private val keystore: JavaKeyStore = JavaKeyStore.getInstance(ANDROID_KEYSTORE).apply { load(null) }

    /** What the last prompt unlocked: one cipher, for one operation on one record's key. */
    private class Unlocked(val recordId: String, val mode: Int, val cipher: Cipher)

    @Volatile
    private var authorised: Unlocked? = null

    override val keyStore: KeyStore = object : KeyStore {
        override fun load(recordId: String): ByteArray? {
            val file = wrappedFile(recordId)
            if (!file.exists()) return null
            val cipher = take(recordId, Cipher.DECRYPT_MODE)
            val bytes = file.readBytes()
            if (bytes.size <= NONCE_BYTES) throw KeyException.Failed("the stored key is damaged")
            return try {
                cipher.doFinal(bytes, NONCE_BYTES, bytes.size - NONCE_BYTES)
            } catch (e: GeneralSecurityException) {
                throw KeyException.Failed("the stored key could not be unwrapped")
            }
        }

        override fun save(recordId: String, key: ByteArray) {
            val cipher = take(recordId, Cipher.ENCRYPT_MODE)
            val sealed = try {
                cipher.iv + cipher.doFinal(key)
            } catch (e: GeneralSecurityException) {
                throw KeyException.Failed("the key could not be wrapped")
            }
            // Written whole, then moved in place: a half-written key file never exists.
            val temporary = File(folder, "$recordId.wrapped-key.new")
            temporary.writeBytes(sealed)
            if (!temporary.renameTo(wrappedFile(recordId))) throw KeyException.Failed("the key could not be stored")
        }

        override fun delete(recordId: String) {
            wrappedFile(recordId).delete()
            keystore.deleteEntry(alias(recordId))
        }
    }

    override suspend fun authorise(recordId: String, purpose: KeyPurpose): Authorisation {
        authorised = null
        val canAuthenticate = BiometricManager.from(context).canAuthenticate(authenticators())
        when (canAuthenticate) {
            BiometricManager.BIOMETRIC_SUCCESS -> Unit
            BiometricManager.BIOMETRIC_ERROR_NONE_ENROLLED -> return Authorisation.NotSetUp
            BiometricManager.BIOMETRIC_ERROR_NO_HARDWARE,
            BiometricManager.BIOMETRIC_ERROR_HW_UNAVAILABLE,
            -> return Authorisation.Unavailable("this phone has no fingerprint or face unlock that can protect your record")
            BiometricManager.BIOMETRIC_ERROR_SECURITY_UPDATE_REQUIRED ->
                return Authorisation.Unavailable("the phone needs a security update first")
            else -> return Authorisation.Unavailable("the phone's fingerprint or face unlock cannot be used now")
        }
        val cipher = try {
            withContext(Dispatchers.IO) { cipherFor(recordId, purpose) }
        } catch (e: KeyPermanentlyInvalidatedException) {
            // A fingerprint or face was added (or every one removed): the Keystore key
            // is gone for good, and with it the wrapped database key.
            withContext(Dispatchers.IO) { keyStore.delete(recordId) }
            return Authorisation.KeyInvalidated
        } catch (e: GeneralSecurityException) {
            return Authorisation.Unavailable("the phone's key store could not be used")
        }
        // OPEN with no wrapped key: nothing to unlock; the core then says NoKey.
        if (cipher == null) return Authorisation.Granted
        val outcome = prompt(cipher.second)
        if (outcome is PromptOutcome.Succeeded) {
            authorised = Unlocked(recordId, cipher.first, outcome.cipher)
            return Authorisation.Granted
        }
        return (outcome as PromptOutcome.Failed).authorisation
    }

    private fun authenticators(): Int =
        // A CryptoObject with the screen lock as fallback needs Android 11.
        if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.R) BIOMETRIC_STRONG or DEVICE_CREDENTIAL else BIOMETRIC_STRONG

    /**
     * The cipher to unlock with a prompt, with its mode: to unwrap the stored key when
     * there is one (also on CREATE, where the core uses again a key left by a creation
     * that was stopped), else to wrap a new key with a fresh nonce; null on OPEN when
     * there is nothing to unwrap.
     */
    private fun cipherFor(recordId: String, purpose: KeyPurpose): Pair<Int, Cipher>? {
        val cipher = Cipher.getInstance(TRANSFORMATION)
        val file = wrappedFile(recordId)
        val existing = secretKey(recordId, create = false)
        if (file.exists() && existing != null) {
            val nonce = file.readBytes().copyOf(NONCE_BYTES)
            cipher.init(Cipher.DECRYPT_MODE, existing, GCMParameterSpec(TAG_BITS, nonce))
            return Cipher.DECRYPT_MODE to cipher
        }
        if (purpose == KeyPurpose.OPEN) return null
        cipher.init(Cipher.ENCRYPT_MODE, existing ?: secretKey(recordId, create = true))
        return Cipher.ENCRYPT_MODE to cipher
    }

    private fun secretKey(recordId: String, create: Boolean): SecretKey? {
        (keystore.getKey(alias(recordId), null) as? SecretKey)?.let { return it }
        if (!create) return null
        return try {
            generate(recordId, strongBox = Build.VERSION.SDK_INT >= Build.VERSION_CODES.P)
        } catch (e: StrongBoxUnavailableException) {
            // No StrongBox secure element on this phone: the Keystore's TEE keeps it.
            generate(recordId, strongBox = false)
        }
    }

    private fun generate(recordId: String, strongBox: Boolean): SecretKey {
        val spec = KeyGenParameterSpec.Builder(alias(recordId), KeyProperties.PURPOSE_ENCRYPT or KeyProperties.PURPOSE_DECRYPT)
            .setKeySize(256)
            .setBlockModes(KeyProperties.BLOCK_MODE_GCM)
            .setEncryptionPaddings(KeyProperties.ENCRYPTION_PADDING_NONE)
            .setUserAuthenticationRequired(true)
            .setInvalidatedByBiometricEnrollment(true)
            .apply {
                if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.R) {
                    // Every use needs a prompt (timeout 0), by biometrics or the screen lock.
                    setUserAuthenticationParameters(0, KeyProperties.AUTH_BIOMETRIC_STRONG or KeyProperties.AUTH_DEVICE_CREDENTIAL)
                }
                if (strongBox && Build.VERSION.SDK_INT >= Build.VERSION_CODES.P) setIsStrongBoxBacked(true)
            }
            .build()
        val generator = KeyGenerator.getInstance(KeyProperties.KEY_ALGORITHM_AES, ANDROID_KEYSTORE)
        generator.init(spec)
        return generator.generateKey()
    }

    private sealed interface PromptOutcome {
        class Succeeded(val cipher: Cipher) : PromptOutcome
        class Failed(val authorisation: Authorisation) : PromptOutcome
    }

    private suspend fun prompt(cipher: Cipher): PromptOutcome = withContext(Dispatchers.Main) {
        val activity = host() ?: return@withContext PromptOutcome.Failed(Authorisation.Unavailable("the app is not on screen"))
        suspendCancellableCoroutine { continuation ->
            val callback = object : BiometricPrompt.AuthenticationCallback() {
                override fun onAuthenticationSucceeded(result: BiometricPrompt.AuthenticationResult) {
                    val unlocked = result.cryptoObject?.cipher
                    continuation.resume(
                        if (unlocked != null) PromptOutcome.Succeeded(unlocked) else PromptOutcome.Failed(Authorisation.Unavailable("the phone did not unlock the key")),
                    )
                }

                override fun onAuthenticationError(errorCode: Int, errString: CharSequence) {
                    val outcome = when (errorCode) {
                        BiometricPrompt.ERROR_USER_CANCELED, BiometricPrompt.ERROR_NEGATIVE_BUTTON, BiometricPrompt.ERROR_CANCELED -> Authorisation.Cancelled
                        BiometricPrompt.ERROR_LOCKOUT, BiometricPrompt.ERROR_LOCKOUT_PERMANENT -> Authorisation.LockedOut
                        BiometricPrompt.ERROR_NO_BIOMETRICS, BiometricPrompt.ERROR_NO_DEVICE_CREDENTIAL -> Authorisation.NotSetUp
                        else -> Authorisation.Unavailable(errString.toString())
                    }
                    continuation.resume(PromptOutcome.Failed(outcome))
                }

                // One face or finger not recognised: the prompt stays up and lets the
                // person try again; it ends with onAuthenticationError when it gives up.
                override fun onAuthenticationFailed() = Unit
            }
            val prompt = BiometricPrompt(activity, ContextCompat.getMainExecutor(activity), callback)
            val info = BiometricPrompt.PromptInfo.Builder()
                .setTitle(activity.getString(org.personheldrecord.phr.app.R.string.unlock_title))
                .setSubtitle(activity.getString(org.personheldrecord.phr.app.R.string.unlock_subtitle))
                .setAllowedAuthenticators(authenticators())
                .apply {
                    // With the screen lock allowed the prompt has its own way out.
                    if (Build.VERSION.SDK_INT < Build.VERSION_CODES.R) {
                        setNegativeButtonText(activity.getString(org.personheldrecord.phr.app.R.string.unlock_cancel))
                    }
                }
                .build()
            prompt.authenticate(info, BiometricPrompt.CryptoObject(cipher))
            continuation.invokeOnCancellation { prompt.cancelAuthentication() }
        }
    }

    /** The cipher the prompt unlocked for `recordId` and `mode`, used once. */
    private fun take(recordId: String, mode: Int): Cipher {
        val unlocked = authorised ?: throw KeyException.Unavailable("the person has not unlocked the key")
        if (unlocked.recordId != recordId) throw KeyException.Unavailable("the key was unlocked for another record")
        // A cipher initialised to wrap cannot unwrap, and the other way round.
        if (unlocked.mode != mode) throw KeyException.Unavailable("the key was unlocked for another use")
        authorised = null
        return unlocked.cipher
    }

    private fun wrappedFile(recordId: String) = File(folder, "$recordId.wrapped-key")

    private fun alias(recordId: String) = "phr-record-key-$recordId"

    private companion object {
        const val ANDROID_KEYSTORE = "AndroidKeyStore"
        const val TRANSFORMATION = "AES/GCM/NoPadding"
        const val NONCE_BYTES = 12
        const val TAG_BITS = 128
    }
}
