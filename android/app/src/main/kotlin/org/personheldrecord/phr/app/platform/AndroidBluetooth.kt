// The phone's Bluetooth for the device screen: whether it can be used (switched on, and
// the runtime permissions of Android 12+ or the location permission before), a scan for
// glucose meters and blood pressure cuffs, and a GattLink to the one chosen.
//
// Written from the Android documentation ("Bluetooth permissions", "Find BLE devices",
// ScanFilter, BluetoothLeScanner). This machine cannot build or run Android code: it
// has not been compiled or run here (android/README.md).
package org.personheldrecord.phr.app.platform

import android.Manifest
import android.annotation.SuppressLint
import android.bluetooth.BluetoothManager
import android.bluetooth.le.ScanCallback
import android.bluetooth.le.ScanFilter
import android.bluetooth.le.ScanResult
import android.bluetooth.le.ScanSettings
import android.content.Context
import android.content.pm.PackageManager
import android.os.Build
import android.os.ParcelUuid
import androidx.core.content.ContextCompat
import kotlinx.coroutines.channels.awaitClose
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.callbackFlow
import org.personheldrecord.phr.BluetoothLink
import org.personheldrecord.phr.RecordException
import org.personheldrecord.phr.presenters.Advertisement
import org.personheldrecord.phr.presenters.BluetoothAvailability
import org.personheldrecord.phr.presenters.BluetoothStack

/** BluetoothGatt behind the presenters' Bluetooth interface. */
@SuppressLint("MissingPermission") // every use follows availability() == ON
class AndroidBluetooth(private val context: Context) : BluetoothStack {
    private val adapter = context.getSystemService(BluetoothManager::class.java)?.adapter

    /** The permissions a scan and a connection need on this version of Android. */
    val permissions: Array<String> =
        if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.S) {
            arrayOf(Manifest.permission.BLUETOOTH_SCAN, Manifest.permission.BLUETOOTH_CONNECT)
        } else {
            arrayOf(Manifest.permission.ACCESS_FINE_LOCATION)
        }

    override fun availability(): BluetoothAvailability = when {
        adapter == null || !context.packageManager.hasSystemFeature(PackageManager.FEATURE_BLUETOOTH_LE) -> BluetoothAvailability.MISSING
        permissions.any { ContextCompat.checkSelfPermission(context, it) != PackageManager.PERMISSION_GRANTED } -> BluetoothAvailability.NEEDS_PERMISSION
        !adapter.isEnabled -> BluetoothAvailability.OFF
        else -> BluetoothAvailability.ON
    }

    override fun scan(): Flow<Advertisement> = callbackFlow {
        val scanner = adapter?.bluetoothLeScanner
        if (scanner == null) {
            close()
            return@callbackFlow
        }
        val callback = object : ScanCallback() {
            override fun onScanResult(callbackType: Int, result: ScanResult) {
                val services = result.scanRecord?.serviceUuids?.map { it.uuid.toString() }.orEmpty()
                trySend(Advertisement(result.device.address, result.scanRecord?.deviceName ?: result.device.name, services))
            }

            override fun onScanFailed(errorCode: Int) {
                close(RecordException.Device("the phone could not look for devices (error $errorCode)", false))
            }
        }
        // Only what the record can read: the Glucose and Blood Pressure services.
        val filters = listOf(GLUCOSE, BLOOD_PRESSURE).map { ScanFilter.Builder().setServiceUuid(ParcelUuid.fromString(it)).build() }
        val settings = ScanSettings.Builder().setScanMode(ScanSettings.SCAN_MODE_LOW_LATENCY).build()
        scanner.startScan(filters, settings, callback)
        awaitClose { scanner.stopScan(callback) }
    }

    override fun link(peripheralId: String): BluetoothLink {
        val device = adapter?.getRemoteDevice(peripheralId)
            ?: throw RecordException.Device("this phone has no Bluetooth", true)
        return GattLink(context, device)
    }

    private companion object {
        const val GLUCOSE = "00001808-0000-1000-8000-00805f9b34fb"
        const val BLOOD_PRESSURE = "00001810-0000-1000-8000-00805f9b34fb"
    }
}
