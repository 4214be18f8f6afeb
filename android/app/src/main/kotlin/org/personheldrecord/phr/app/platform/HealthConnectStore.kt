// Health Connect behind the presenters' health store: the bridge (off until the person
// switches it on) writes shared readings with the core's client record id and version
// (Health Connect keeps one record per client id, the highest version), and reads other
// apps' readings back through a changes token. Kinds: blood glucose (with specimen and
// meal), blood pressure (with body position and arm), heart rate, weight and steps.
//
// Written from the Android documentation ("Health Connect: get started", "Write data",
// "Sync data" with getChangesToken/getChanges, Metadata.clientRecordId and
// clientRecordVersion, "Read data", PermissionController). This machine cannot build or
// run Android code: it has not been compiled or run here (android/README.md).
package org.personheldrecord.phr.app.platform

import android.content.Context
import androidx.health.connect.client.HealthConnectClient
import androidx.health.connect.client.changes.UpsertionChange
import androidx.health.connect.client.permission.HealthPermission
import androidx.health.connect.client.records.BloodGlucoseRecord
import androidx.health.connect.client.records.BloodPressureRecord
import androidx.health.connect.client.records.HeartRateRecord
import androidx.health.connect.client.records.MealType
import androidx.health.connect.client.records.Record
import androidx.health.connect.client.records.StepsRecord
import androidx.health.connect.client.records.WeightRecord
import androidx.health.connect.client.records.metadata.Metadata
import androidx.health.connect.client.request.ChangesTokenRequest
import androidx.health.connect.client.request.ReadRecordsRequest
import androidx.health.connect.client.time.TimeRangeFilter
import androidx.health.connect.client.units.BloodGlucose
import androidx.health.connect.client.units.Mass
import androidx.health.connect.client.units.Pressure
import java.time.Instant
import java.time.OffsetDateTime
import java.time.ZoneId
import kotlin.reflect.KClass
import org.personheldrecord.phr.BodyPosition
import org.personheldrecord.phr.GlucoseSpecimen
import org.personheldrecord.phr.MeasurementLocation
import org.personheldrecord.phr.ReadingContext
import org.personheldrecord.phr.ReadingKind
import org.personheldrecord.phr.ReadingValue
import org.personheldrecord.phr.presenters.HealthStore
import org.personheldrecord.phr.presenters.HealthStoreAvailability
import org.personheldrecord.phr.presenters.HealthStoreChanges
import org.personheldrecord.phr.presenters.IncomingHealthRecord
import org.personheldrecord.phr.presenters.OutgoingHealthRecord

/** Health Connect; `askPermission` shows Health Connect's own permission screen (an activity result) and returns what was granted. */
class HealthConnectStore(
    private val context: Context,
    private val askPermission: suspend (Set<String>) -> Set<String>,
) : HealthStore {
    override val name = "Health Connect"

    override val kinds = TYPES.keys

    private val client: HealthConnectClient by lazy { HealthConnectClient.getOrCreate(context) }

    override fun availability(): HealthStoreAvailability = when (HealthConnectClient.getSdkStatus(context)) {
        HealthConnectClient.SDK_AVAILABLE -> HealthStoreAvailability.AVAILABLE
        HealthConnectClient.SDK_UNAVAILABLE_PROVIDER_UPDATE_REQUIRED -> HealthStoreAvailability.NEEDS_INSTALL
        else -> HealthStoreAvailability.UNSUPPORTED
    }

    override suspend fun requestPermission(kinds: Set<ReadingKind>): Boolean {
        val wanted = kinds.mapNotNull { TYPES[it] }.flatMap {
            listOf(HealthPermission.getReadPermission(it), HealthPermission.getWritePermission(it))
        }.toSet()
        val granted = client.permissionController.getGrantedPermissions()
        if (granted.containsAll(wanted)) return true
        return askPermission(wanted - granted).containsAll(wanted - granted)
    }

    override suspend fun write(records: List<OutgoingHealthRecord>) {
        val out = records.mapNotNull(::toHealthConnect)
        // Health Connect replaces a record with the same client record id and a lower version.
        out.chunked(WRITE_BATCH).forEach { client.insertRecords(it) }
    }

    override suspend fun delete(clientRecordIds: List<String>) {
        if (clientRecordIds.isEmpty()) return
        for (type in TYPES.values) {
            client.deleteRecords(type, recordIdsList = emptyList(), clientRecordIdsList = clientRecordIds)
        }
    }

    override suspend fun changesSince(token: String?, kinds: Set<ReadingKind>): HealthStoreChanges {
        val types = kinds.mapNotNull { TYPES[it] }.toSet()
        if (token != null) {
            val response = client.getChanges(token)
            if (!response.changesTokenExpired) {
                val upserted = response.changes.filterIsInstance<UpsertionChange>().mapNotNull { fromHealthConnect(it.record) }
                return HealthStoreChanges(upserted, response.nextChangesToken, response.hasMore)
            }
        }
        // First sync, or a token Health Connect forgot (after 30 days): everything it
        // holds, then changes from a token taken first, so nothing falls between.
        val next = client.getChangesToken(ChangesTokenRequest(recordTypes = types))
        val all = types.flatMap { readAll(it) }.mapNotNull(::fromHealthConnect)
        return HealthStoreChanges(all, next, hasMore = false)
    }

    private suspend fun readAll(type: KClass<out Record>): List<Record> {
        val out = mutableListOf<Record>()
        var page: String? = null
        do {
            val response = client.readRecords(
                ReadRecordsRequest(type, TimeRangeFilter.before(Instant.now()), pageSize = READ_PAGE, pageToken = page),
            )
            out += response.records
            page = response.pageToken
        } while (page != null)
        return out
    }

    private fun metadata(r: OutgoingHealthRecord) = Metadata(clientRecordId = r.clientRecordId, clientRecordVersion = r.clientRecordVersion)

    private fun toHealthConnect(r: OutgoingHealthRecord): Record? {
        val at = r.takenAt.toInstant()
        val offset = r.takenAt.offset
        return when (val v = r.value) {
            is ReadingValue.BloodGlucose -> v.mmolPerL?.let { level ->
                BloodGlucoseRecord(
                    time = at, zoneOffset = offset, metadata = metadata(r),
                    level = BloodGlucose.millimolesPerLiter(level),
                    specimenSource = specimenOut(r.context.specimen),
                    mealType = mealOut(r.context),
                )
            } // LO and HI have no number Health Connect can hold.
            is ReadingValue.BloodPressure -> BloodPressureRecord(
                time = at, zoneOffset = offset, metadata = metadata(r),
                systolic = Pressure.millimetersOfMercury(v.systolicMmhg),
                diastolic = Pressure.millimetersOfMercury(v.diastolicMmhg),
                bodyPosition = positionOut(r.context.bodyPosition),
                measurementLocation = locationOut(r.context.location),
            )
            is ReadingValue.HeartRate -> HeartRateRecord(
                startTime = at, startZoneOffset = offset,
                endTime = r.endedAt?.toInstant() ?: at.plusSeconds(1), endZoneOffset = r.endedAt?.offset ?: offset,
                samples = listOf(HeartRateRecord.Sample(at, Math.round(v.perMin))), metadata = metadata(r),
            )
            is ReadingValue.Weight -> WeightRecord(time = at, zoneOffset = offset, weight = Mass.kilograms(v.kg), metadata = metadata(r))
            is ReadingValue.Steps -> StepsRecord(
                startTime = at, startZoneOffset = offset,
                endTime = r.endedAt?.toInstant() ?: at.plusSeconds(60), endZoneOffset = r.endedAt?.offset ?: offset,
                count = v.count.toLong(), metadata = metadata(r),
            )
            else -> null
        }
    }

    private fun fromHealthConnect(record: Record): IncomingHealthRecord? {
        val m = record.metadata
        val origin = appName(m.dataOrigin.packageName)
        val mine = m.dataOrigin.packageName == context.packageName
        // Other apps' records have no version of ours: their last change stands for it.
        val version = m.lastModifiedTime.toEpochMilli()
        fun whenOf(time: Instant, offset: java.time.ZoneOffset?) = OffsetDateTime.ofInstant(time, offset ?: ZoneId.systemDefault())
        return when (record) {
            is BloodGlucoseRecord -> IncomingHealthRecord(
                m.id, version, origin, mine, ReadingValue.BloodGlucose(record.level.inMillimolesPerLiter),
                whenOf(record.time, record.zoneOffset), null,
                ReadingContext(specimen = specimenIn(record.specimenSource), meal = mealIn(record.mealType)),
            )
            is BloodPressureRecord -> IncomingHealthRecord(
                m.id, version, origin, mine,
                ReadingValue.BloodPressure(record.systolic.inMillimetersOfMercury, record.diastolic.inMillimetersOfMercury, null, null),
                whenOf(record.time, record.zoneOffset), null,
                ReadingContext(bodyPosition = positionIn(record.bodyPosition), location = locationIn(record.measurementLocation)),
            )
            is HeartRateRecord -> record.samples.firstOrNull()?.let { s ->
                IncomingHealthRecord(
                    m.id, version, origin, mine, ReadingValue.HeartRate(s.beatsPerMinute.toDouble()),
                    whenOf(s.time, record.startZoneOffset), null, ReadingContext(),
                )
            }
            is WeightRecord -> IncomingHealthRecord(
                m.id, version, origin, mine, ReadingValue.Weight(record.weight.inKilograms),
                whenOf(record.time, record.zoneOffset), null, ReadingContext(),
            )
            is StepsRecord -> IncomingHealthRecord(
                m.id, version, origin, mine, ReadingValue.Steps(record.count.coerceIn(0L, UInt.MAX_VALUE.toLong()).toUInt()),
                whenOf(record.startTime, record.startZoneOffset), whenOf(record.endTime, record.endZoneOffset), ReadingContext(),
            )
            else -> null
        }
    }

    private fun appName(packageName: String): String = try {
        val info = context.packageManager.getApplicationInfo(packageName, 0)
        context.packageManager.getApplicationLabel(info).toString()
    } catch (e: android.content.pm.PackageManager.NameNotFoundException) {
        packageName
    }

    private companion object {
        const val WRITE_BATCH = 500
        const val READ_PAGE = 1000

        val TYPES: Map<ReadingKind, KClass<out Record>> = mapOf(
            ReadingKind.BLOOD_GLUCOSE to BloodGlucoseRecord::class,
            ReadingKind.BLOOD_PRESSURE to BloodPressureRecord::class,
            ReadingKind.HEART_RATE to HeartRateRecord::class,
            ReadingKind.WEIGHT to WeightRecord::class,
            ReadingKind.STEPS to StepsRecord::class,
        )

        val SPECIMENS = mapOf(
            GlucoseSpecimen.CAPILLARY_BLOOD to BloodGlucoseRecord.SPECIMEN_SOURCE_CAPILLARY_BLOOD,
            GlucoseSpecimen.INTERSTITIAL_FLUID to BloodGlucoseRecord.SPECIMEN_SOURCE_INTERSTITIAL_FLUID,
            GlucoseSpecimen.PLASMA to BloodGlucoseRecord.SPECIMEN_SOURCE_PLASMA,
            GlucoseSpecimen.SERUM to BloodGlucoseRecord.SPECIMEN_SOURCE_SERUM,
            GlucoseSpecimen.WHOLE_BLOOD to BloodGlucoseRecord.SPECIMEN_SOURCE_WHOLE_BLOOD,
        )
        val MEALS = mapOf(
            org.personheldrecord.phr.MealType.BREAKFAST to MealType.MEAL_TYPE_BREAKFAST,
            org.personheldrecord.phr.MealType.LUNCH to MealType.MEAL_TYPE_LUNCH,
            org.personheldrecord.phr.MealType.DINNER to MealType.MEAL_TYPE_DINNER,
            org.personheldrecord.phr.MealType.SNACK to MealType.MEAL_TYPE_SNACK,
        )
        val POSITIONS = mapOf(
            BodyPosition.STANDING to BloodPressureRecord.BODY_POSITION_STANDING_UP,
            BodyPosition.SITTING to BloodPressureRecord.BODY_POSITION_SITTING_DOWN,
            BodyPosition.LYING to BloodPressureRecord.BODY_POSITION_LYING_DOWN,
            BodyPosition.RECLINING to BloodPressureRecord.BODY_POSITION_RECLINING,
        )
        val LOCATIONS = mapOf(
            MeasurementLocation.LEFT_UPPER_ARM to BloodPressureRecord.MEASUREMENT_LOCATION_LEFT_UPPER_ARM,
            MeasurementLocation.RIGHT_UPPER_ARM to BloodPressureRecord.MEASUREMENT_LOCATION_RIGHT_UPPER_ARM,
            MeasurementLocation.LEFT_WRIST to BloodPressureRecord.MEASUREMENT_LOCATION_LEFT_WRIST,
            MeasurementLocation.RIGHT_WRIST to BloodPressureRecord.MEASUREMENT_LOCATION_RIGHT_WRIST,
        )

        fun specimenOut(s: GlucoseSpecimen?) = SPECIMENS[s] ?: BloodGlucoseRecord.SPECIMEN_SOURCE_UNKNOWN
        fun specimenIn(code: Int) = SPECIMENS.entries.firstOrNull { it.value == code }?.key
        fun mealOut(c: ReadingContext) = MEALS[c.meal] ?: MealType.MEAL_TYPE_UNKNOWN
        fun mealIn(code: Int) = MEALS.entries.firstOrNull { it.value == code }?.key
        fun positionOut(p: BodyPosition?) = POSITIONS[p] ?: BloodPressureRecord.BODY_POSITION_UNKNOWN
        fun positionIn(code: Int) = POSITIONS.entries.firstOrNull { it.value == code }?.key
        fun locationOut(l: MeasurementLocation?) = LOCATIONS[l] ?: BloodPressureRecord.MEASUREMENT_LOCATION_UNKNOWN
        fun locationIn(code: Int) = LOCATIONS.entries.firstOrNull { it.value == code }?.key
    }
}
