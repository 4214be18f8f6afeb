// The phone's notifications from the core: one channel per severity (so the person can
// let urgent alerts through Do Not Disturb and keep information quiet), and a wake-up
// at the core's next-due time through WorkManager, whose worker asks the core what is
// due. A locked record cannot be read, so the worker shows what is due only while the
// app holds it open; otherwise the next unlock shows it (the core keeps it as new).
//
// Written from the Android documentation ("Create and manage notification channels",
// POST_NOTIFICATIONS, WorkManager OneTimeWorkRequest with setInitialDelay and unique
// work). This machine cannot build or run Android code: it has not been compiled or run
// here (android/README.md).
package org.personheldrecord.phr.app.platform

import android.Manifest
import android.annotation.SuppressLint
import android.app.NotificationChannel
import android.app.NotificationManager
import android.app.PendingIntent
import android.content.Context
import android.content.Intent
import android.content.pm.PackageManager
import android.os.Build
import androidx.core.app.NotificationCompat
import androidx.core.app.NotificationManagerCompat
import androidx.core.content.ContextCompat
import androidx.work.CoroutineWorker
import androidx.work.ExistingWorkPolicy
import androidx.work.OneTimeWorkRequestBuilder
import androidx.work.WorkManager
import androidx.work.WorkerParameters
import java.time.Duration
import java.time.Instant
import org.personheldrecord.phr.AlertSeverity
import org.personheldrecord.phr.app.MainActivity
import org.personheldrecord.phr.app.PhrApplication
import org.personheldrecord.phr.app.R
import org.personheldrecord.phr.presenters.NotificationScheduler
import org.personheldrecord.phr.presenters.PhoneNotification

/** NotificationManager and WorkManager behind the presenters' scheduler. */
class AndroidReminders(private val context: Context) : NotificationScheduler {
    init {
        createChannels(context)
    }

    @SuppressLint("MissingPermission") // POST_NOTIFICATIONS is checked first
    override fun show(notifications: List<PhoneNotification>) {
        val allowed = Build.VERSION.SDK_INT < Build.VERSION_CODES.TIRAMISU ||
            ContextCompat.checkSelfPermission(context, Manifest.permission.POST_NOTIFICATIONS) == PackageManager.PERMISSION_GRANTED
        if (!allowed) return // The inbox still shows them.
        val open = PendingIntent.getActivity(
            context, 0, Intent(context, MainActivity::class.java).addFlags(Intent.FLAG_ACTIVITY_SINGLE_TOP),
            PendingIntent.FLAG_IMMUTABLE or PendingIntent.FLAG_UPDATE_CURRENT,
        )
        val manager = NotificationManagerCompat.from(context)
        for (n in notifications) {
            val notification = NotificationCompat.Builder(context, channelOf(n.severity))
                .setSmallIcon(android.R.drawable.ic_dialog_info)
                .setContentTitle(n.title)
                .setContentText(n.text)
                .setStyle(NotificationCompat.BigTextStyle().bigText(n.text))
                .setPriority(priorityOf(n.severity))
                .setCategory(if (n.severity >= AlertSeverity.URGENT) NotificationCompat.CATEGORY_ALARM else NotificationCompat.CATEGORY_REMINDER)
                // Health details are not shown on the lock screen.
                .setVisibility(NotificationCompat.VISIBILITY_PRIVATE)
                .setPublicVersion(
                    NotificationCompat.Builder(context, channelOf(n.severity))
                        .setSmallIcon(android.R.drawable.ic_dialog_info)
                        .setContentTitle(context.getString(R.string.app_name))
                        .setContentText(context.getString(R.string.notification_locked))
                        .build(),
                )
                .setContentIntent(open)
                .setAutoCancel(true)
                .build()
            manager.notify(n.id.toInt(), notification)
        }
    }

    override fun wakeAt(time: Instant?) {
        val work = WorkManager.getInstance(context)
        if (time == null) {
            work.cancelUniqueWork(WORK_NAME)
            return
        }
        val delay = Duration.between(Instant.now(), time).coerceAtLeast(Duration.ZERO)
        val request = OneTimeWorkRequestBuilder<DueWorker>().setInitialDelay(delay).build()
        work.enqueueUniqueWork(WORK_NAME, ExistingWorkPolicy.REPLACE, request)
    }

    /** Wakes at the core's next-due time and lets the open record's reminder service check. */
    class DueWorker(context: Context, params: WorkerParameters) : CoroutineWorker(context, params) {
        override suspend fun doWork(): Result {
            (applicationContext as PhrApplication).checkReminders()
            return Result.success()
        }
    }

    private companion object {
        const val WORK_NAME = "phr-next-due"

        fun channelOf(severity: AlertSeverity) = "phr-${severity.name.lowercase()}"

        fun priorityOf(severity: AlertSeverity) = when (severity) {
            AlertSeverity.INFO -> NotificationCompat.PRIORITY_LOW
            AlertSeverity.WARNING -> NotificationCompat.PRIORITY_DEFAULT
            AlertSeverity.URGENT, AlertSeverity.EMERGENCY -> NotificationCompat.PRIORITY_MAX
        }

        fun createChannels(context: Context) {
            val manager = context.getSystemService(NotificationManager::class.java) ?: return
            val channels = AlertSeverity.entries.map { severity ->
                val (name, importance) = when (severity) {
                    AlertSeverity.INFO -> R.string.channel_info to NotificationManager.IMPORTANCE_LOW
                    AlertSeverity.WARNING -> R.string.channel_warning to NotificationManager.IMPORTANCE_DEFAULT
                    AlertSeverity.URGENT -> R.string.channel_urgent to NotificationManager.IMPORTANCE_HIGH
                    AlertSeverity.EMERGENCY -> R.string.channel_emergency to NotificationManager.IMPORTANCE_HIGH
                }
                NotificationChannel(channelOf(severity), context.getString(name), importance).apply {
                    lockscreenVisibility = android.app.Notification.VISIBILITY_PRIVATE
                }
            }
            manager.createNotificationChannels(channels)
        }
    }
}
