// One meter or cuff over BluetoothGatt, as the blocking link the core's sync drives
// (the binding's BluetoothLink): each GATT command waits for its callback, and
// notifications, indications and disconnection queue up for `nextEvent`. The raw
// characteristic values go to the core untouched; what they mean is the core's.
// Status 133 (the stack's catch-all GATT_ERROR, common on a first connection) is
// retried with a fresh BluetoothGatt; a meter that needs bonding (the Glucose Profile's
// record access needs an encrypted link) is bonded before its characteristics are used.
//
// Written from the Android documentation ("Connect to a GATT server", "Transfer BLE
// data", BluetoothGattCallback, BluetoothDevice.createBond, the API 33 write and
// notification methods). This machine cannot build or run Android code: it has not
// been compiled or run here (android/README.md).
package org.personheldrecord.phr.app.platform

import android.annotation.SuppressLint
import android.bluetooth.BluetoothDevice
import android.bluetooth.BluetoothGatt
import android.bluetooth.BluetoothGattCallback
import android.bluetooth.BluetoothGattCharacteristic
import android.bluetooth.BluetoothGattDescriptor
import android.bluetooth.BluetoothProfile
import android.content.BroadcastReceiver
import android.content.Context
import android.content.Intent
import android.content.IntentFilter
import android.os.Build
import androidx.core.content.ContextCompat
import java.util.UUID
import java.util.concurrent.CountDownLatch
import java.util.concurrent.LinkedBlockingQueue
import java.util.concurrent.TimeUnit
import org.personheldrecord.phr.BluetoothLink
import org.personheldrecord.phr.FeedCommand
import org.personheldrecord.phr.GattCharacteristic
import org.personheldrecord.phr.RecordException
import org.personheldrecord.phr.StackEvent

/** The link to `device`; permissions were checked by [AndroidBluetooth.availability] before a sync starts. */
@SuppressLint("MissingPermission")
class GattLink(
    private val context: Context,
    private val device: BluetoothDevice,
) : BluetoothLink {
    /** Answers to the one GATT operation in flight. */
    private val answers = LinkedBlockingQueue<StackEvent>()

    /** What the device sent on its own: values and disconnection. */
    private val incoming = LinkedBlockingQueue<StackEvent>()
    private val connection = LinkedBlockingQueue<Int>()

    @Volatile
    private var gatt: BluetoothGatt? = null

    private val callback = object : BluetoothGattCallback() {
        override fun onConnectionStateChange(g: BluetoothGatt, status: Int, newState: Int) {
            if (newState == BluetoothProfile.STATE_CONNECTED && status == BluetoothGatt.GATT_SUCCESS) {
                connection.offer(CONNECTED)
            } else if (newState == BluetoothProfile.STATE_DISCONNECTED) {
                connection.offer(status)
                incoming.offer(StackEvent.Disconnected)
            }
        }

        override fun onServicesDiscovered(g: BluetoothGatt, status: Int) {
            connection.offer(if (status == BluetoothGatt.GATT_SUCCESS) DISCOVERED else status)
        }

        override fun onCharacteristicRead(g: BluetoothGatt, c: BluetoothGattCharacteristic, value: ByteArray, status: Int) {
            answers.offer(
                if (status == BluetoothGatt.GATT_SUCCESS) {
                    StackEvent.ReadResult(c.service.uuid.toString(), c.uuid.toString(), value)
                } else {
                    StackEvent.ReadFailed(c.service.uuid.toString(), c.uuid.toString(), "GATT status $status")
                },
            )
        }

        @Deprecated("Android 12 and lower call this one")
        override fun onCharacteristicRead(g: BluetoothGatt, c: BluetoothGattCharacteristic, status: Int) {
            @Suppress("DEPRECATION")
            onCharacteristicRead(g, c, c.value ?: ByteArray(0), status)
        }

        override fun onCharacteristicWrite(g: BluetoothGatt, c: BluetoothGattCharacteristic, status: Int) {
            answers.offer(
                if (status == BluetoothGatt.GATT_SUCCESS) {
                    StackEvent.WriteAcknowledged(c.service.uuid.toString(), c.uuid.toString())
                } else {
                    StackEvent.WriteFailed(c.service.uuid.toString(), c.uuid.toString(), "GATT status $status")
                },
            )
        }

        override fun onDescriptorWrite(g: BluetoothGatt, d: BluetoothGattDescriptor, status: Int) {
            val c = d.characteristic
            answers.offer(
                if (status == BluetoothGatt.GATT_SUCCESS) {
                    StackEvent.Subscribed(c.service.uuid.toString(), c.uuid.toString())
                } else {
                    StackEvent.SubscribeFailed(c.service.uuid.toString(), c.uuid.toString(), "GATT status $status")
                },
            )
        }

        override fun onCharacteristicChanged(g: BluetoothGatt, c: BluetoothGattCharacteristic, value: ByteArray) {
            incoming.offer(StackEvent.Value(c.service.uuid.toString(), c.uuid.toString(), value))
        }

        @Deprecated("Android 12 and lower call this one")
        override fun onCharacteristicChanged(g: BluetoothGatt, c: BluetoothGattCharacteristic) {
            @Suppress("DEPRECATION")
            onCharacteristicChanged(g, c, c.value?.copyOf() ?: ByteArray(0))
        }
    }

    override fun connect(): List<GattCharacteristic> {
        close()
        incoming.clear()
        for (attempt in 1..CONNECT_ATTEMPTS) {
            connection.clear()
            val g = device.connectGatt(context, false, callback, BluetoothDevice.TRANSPORT_LE)
                ?: throw RecordException.Device("the phone could not start a Bluetooth connection", true)
            gatt = g
            val state = connection.poll(CONNECT_TIMEOUT_S, TimeUnit.SECONDS)
            if (state == CONNECTED) {
                g.discoverServices()
                if (connection.poll(CONNECT_TIMEOUT_S, TimeUnit.SECONDS) == DISCOVERED) {
                    bondIfNeeded(g)
                    return characteristicsOf(g)
                }
            }
            g.close()
            gatt = null
            // 133 (or no answer) is often the stack giving up too early: wait a little,
            // then try again with a fresh connection. Another status will not get better.
            if (state != null && state != CONNECTED && state != GATT_ERROR_133) break
            Thread.sleep(RETRY_BACKOFF_MS * attempt)
        }
        incoming.clear()
        throw RecordException.Device("the device did not answer. Bring it closer and press its Bluetooth button", false)
    }

    /** Bonds with a device whose glucose records need an encrypted link, waiting for the person to confirm the pairing. */
    private fun bondIfNeeded(g: BluetoothGatt) {
        val needsBond = g.getService(GLUCOSE_SERVICE) != null
        if (!needsBond || device.bondState == BluetoothDevice.BOND_BONDED) return
        val bonded = CountDownLatch(1)
        val receiver = object : BroadcastReceiver() {
            override fun onReceive(context: Context, intent: Intent) {
                val state = intent.getIntExtra(BluetoothDevice.EXTRA_BOND_STATE, BluetoothDevice.ERROR)
                if (state == BluetoothDevice.BOND_BONDED || state == BluetoothDevice.BOND_NONE) bonded.countDown()
            }
        }
        ContextCompat.registerReceiver(context, receiver, IntentFilter(BluetoothDevice.ACTION_BOND_STATE_CHANGED), ContextCompat.RECEIVER_EXPORTED)
        try {
            if (device.bondState == BluetoothDevice.BOND_NONE && !device.createBond()) return
            bonded.await(BOND_TIMEOUT_S, TimeUnit.SECONDS)
        } finally {
            context.unregisterReceiver(receiver)
        }
    }

    private fun characteristicsOf(g: BluetoothGatt): List<GattCharacteristic> =
        g.services.flatMap { s -> s.characteristics.map { GattCharacteristic(s.uuid.toString(), it.uuid.toString()) } }

    override fun perform(command: FeedCommand): StackEvent {
        val g = gatt ?: return StackEvent.Disconnected
        if (command is FeedCommand.Disconnect) {
            // The core is done with the device: let it go (and save its battery).
            close()
            return StackEvent.Disconnected
        }
        answers.clear()
        val (service, characteristic) = when (command) {
            FeedCommand.Disconnect -> return StackEvent.Disconnected
            is FeedCommand.Read -> command.service to command.characteristic
            is FeedCommand.EnableNotifications -> command.service to command.characteristic
            is FeedCommand.EnableIndications -> command.service to command.characteristic
            is FeedCommand.Write -> command.service to command.characteristic
        }
        val c = find(g, service, characteristic) ?: return failed(command, "the device has no such characteristic")
        val started = when (command) {
            FeedCommand.Disconnect -> false
            is FeedCommand.Read -> g.readCharacteristic(c)
            is FeedCommand.EnableNotifications -> subscribe(g, c, BluetoothGattDescriptor.ENABLE_NOTIFICATION_VALUE)
            is FeedCommand.EnableIndications -> subscribe(g, c, BluetoothGattDescriptor.ENABLE_INDICATION_VALUE)
            is FeedCommand.Write -> write(g, c, command.value, command.withResponse)
        }
        if (!started) return failed(command, "the phone's Bluetooth was busy")
        if (command is FeedCommand.Write && !command.withResponse) return StackEvent.WriteAcknowledged(service, characteristic)
        return answers.poll(OPERATION_TIMEOUT_S, TimeUnit.SECONDS) ?: failed(command, "the device did not answer")
    }

    override fun nextEvent(waitMs: ULong): StackEvent? = incoming.poll(waitMs.toLong(), TimeUnit.MILLISECONDS)

    /** Disconnects and frees the connection. */
    fun close() {
        gatt?.let {
            it.disconnect()
            it.close()
        }
        gatt = null
    }

    private fun find(g: BluetoothGatt, service: String, characteristic: String): BluetoothGattCharacteristic? = try {
        g.getService(UUID.fromString(service))?.getCharacteristic(UUID.fromString(characteristic))
    } catch (e: IllegalArgumentException) {
        null
    }

    private fun subscribe(g: BluetoothGatt, c: BluetoothGattCharacteristic, value: ByteArray): Boolean {
        if (!g.setCharacteristicNotification(c, true)) return false
        val cccd = c.getDescriptor(CLIENT_CONFIG) ?: return false
        return if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.TIRAMISU) {
            g.writeDescriptor(cccd, value) == BluetoothGatt.GATT_SUCCESS
        } else {
            @Suppress("DEPRECATION")
            cccd.value = value
            @Suppress("DEPRECATION")
            g.writeDescriptor(cccd)
        }
    }

    private fun write(g: BluetoothGatt, c: BluetoothGattCharacteristic, value: ByteArray, withResponse: Boolean): Boolean {
        val type = if (withResponse) BluetoothGattCharacteristic.WRITE_TYPE_DEFAULT else BluetoothGattCharacteristic.WRITE_TYPE_NO_RESPONSE
        return if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.TIRAMISU) {
            g.writeCharacteristic(c, value, type) == BluetoothGatt.GATT_SUCCESS
        } else {
            c.writeType = type
            @Suppress("DEPRECATION")
            c.value = value
            @Suppress("DEPRECATION")
            g.writeCharacteristic(c)
        }
    }

    private fun failed(command: FeedCommand, reason: String): StackEvent = when (command) {
        FeedCommand.Disconnect -> StackEvent.Disconnected
        is FeedCommand.Read -> StackEvent.ReadFailed(command.service, command.characteristic, reason)
        is FeedCommand.EnableNotifications -> StackEvent.SubscribeFailed(command.service, command.characteristic, reason)
        is FeedCommand.EnableIndications -> StackEvent.SubscribeFailed(command.service, command.characteristic, reason)
        is FeedCommand.Write -> StackEvent.WriteFailed(command.service, command.characteristic, reason)
    }

    private companion object {
        const val CONNECTED = -1
        const val DISCOVERED = -2
        const val GATT_ERROR_133 = 133
        const val CONNECT_ATTEMPTS = 3
        const val CONNECT_TIMEOUT_S = 20L
        const val OPERATION_TIMEOUT_S = 10L
        const val BOND_TIMEOUT_S = 60L
        const val RETRY_BACKOFF_MS = 600L
        val CLIENT_CONFIG: UUID = UUID.fromString("00002902-0000-1000-8000-00805f9b34fb")
        val GLUCOSE_SERVICE: UUID = UUID.fromString("00001808-0000-1000-8000-00805f9b34fb")
    }
}
