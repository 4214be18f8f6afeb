// Devices: find a meter or cuff nearby, copy its readings into the record with progress
// and a way to stop, and say what the sync did. The core drives the whole sync over the
// phone's Bluetooth link (`syncDevice`); stopping cancels the task, and the core keeps
// what had arrived.
import Foundation
import PhrCore

/// A device found nearby that the record can read.
public struct FoundDevice: Equatable, Sendable {
    /// The stack's id for it.
    public let peripheralId: String
    /// Its advertised name.
    public let name: String?
    /// What it is.
    public let kind: DeviceKind

    /// What VoiceOver says for it.
    public var spokenLabel: String { joined([Words.deviceKind(kind), name], ", ") }
}

/// Where the device screen is.
public enum DevicePhase: Sendable, Equatable {
    /// Nothing happening.
    case idle
    /// Looking for devices.
    case scanning
    /// Copying readings.
    case syncing
    /// A sync finished.
    case done
    /// The person stopped a sync.
    case stopped
    /// A sync failed.
    case failed
}

/// What the device screen shows.
public struct DeviceState: Spoken, Equatable {
    /// Where it is.
    public var phase: DevicePhase = .idle
    /// Whether Bluetooth can be used.
    public var bluetooth: BluetoothAvailability = .on
    /// Devices found while scanning.
    public var found: [FoundDevice] = []
    /// Devices the record has read from before, with their last sync, in words.
    public var known: [String] = []
    /// Who may see the readings a sync adds.
    public var visibility: Visibility = .private
    /// The device being synced.
    public var syncing: FoundDevice?
    /// The progress line of a sync.
    public var progress: String?
    /// Readings received so far.
    public var received = 0
    /// Readings the device said it has, when it said.
    public var expected: Int?
    /// What the sync did, in words.
    public var result: String?
    /// The core's sentence for what went wrong.
    public var problem: String?

    /// What VoiceOver says for the screen.
    public var spokenLabel: String {
        let radio: String?
        switch bluetooth {
        case .on: radio = nil
        case .off: radio = "Bluetooth is off. Turn it on to copy readings from your device."
        case .needsPermission: radio = "The app needs your permission to find nearby devices."
        case .missing: radio = "This phone has no Bluetooth, so readings can only be typed in."
        }
        let where_: String?
        switch phase {
        case .idle: where_ = "Devices. Press the button on your meter or monitor, then look for it."
        case .scanning: where_ = found.isEmpty ? "Looking for devices nearby." : "Found \(found.count) \(found.count == 1 ? "device" : "devices")."
        case .syncing: where_ = joined(["Copying readings from \(syncing?.spokenLabel ?? "your device").", progress])
        case .done, .stopped, .failed: where_ = result
        }
        return joined([radio, where_, problem])
    }

    /// The buttons for where the screen is, the visibility choice, and the known devices.
    public var controls: [Control] {
        var out: [Control] = []
        if bluetooth == .needsPermission { out.append(Control("permission", "Allow the app to find nearby devices")) }
        switch phase {
        case .scanning:
            out += found.map { Control("sync-\($0.peripheralId)", "Copy readings from \($0.spokenLabel)") }
            out.append(Control("stop-scan", "Stop looking"))
        case .syncing:
            out += [Control("progress", progress ?? "Copying readings"), Control("cancel", "Stop copying readings")]
        default:
            out.append(Control("scan", "Look for devices", enabled: bluetooth == .on))
        }
        out += allVisibilities.map { v in
            Control("visibility-\(controlName(v))", "Who can see new readings: \(Words.visibility(v))\(v == visibility ? ", chosen" : "")",
                    enabled: phase != .syncing)
        }
        out += known.enumerated().map { Control("known-\($0.offset)", $0.element) }
        return out
    }
}

/// Hands a sync's progress to the presenter.
private final class ProgressRelay: SyncListener, @unchecked Sendable {
    private let onProgress: @Sendable (SyncProgress) -> Void

    init(_ onProgress: @escaping @Sendable (SyncProgress) -> Void) {
        self.onProgress = onProgress
    }

    func onProgress(progress: SyncProgress) { onProgress(progress) }
}

/// The phone's link with a way to hang up. Swift's task cancellation does not reach the
/// core's async sync (uniffi 0.32's Swift futures are not cancellable), so stopping a sync
/// hangs up the link instead: the next GATT command or wait answers "disconnected", the
/// core ends the sync there and keeps what had arrived, as when a meter is switched off.
final class StoppableLink: BluetoothLink, @unchecked Sendable {
    private let link: BluetoothLink
    private let lock = NSLock()
    private var stopped = false

    init(_ link: BluetoothLink) {
        self.link = link
    }

    /// Whether the person stopped the sync.
    var isStopped: Bool { lock.withLock { stopped } }

    /// Hangs up: every later call answers "disconnected".
    func stop() {
        lock.withLock { stopped = true }
    }

    func connect() throws -> [GattCharacteristic] {
        if isStopped { throw RecordError.Device(reason: "copying was stopped", bluetoothUnavailable: false) }
        return try link.connect()
    }

    func perform(command: FeedCommand) -> StackEvent {
        if isStopped {
            _ = link.perform(command: .disconnect)
            return .disconnected
        }
        return link.perform(command: command)
    }

    func nextEvent(waitMs: UInt64) -> StackEvent? {
        if isStopped { return .disconnected }
        return link.nextEvent(waitMs: waitMs)
    }
}

/// The device screen's presenter.
public final class DevicePresenter: Presenter<DeviceState>, @unchecked Sendable {
    private let bluetooth: BluetoothStack
    private let scanSeconds: Double
    private let jobs = NSLock()
    private var scanning: Task<Void, Never>?
    private var syncing: Task<Void, Never>?
    private var syncLink: StoppableLink?

    /// Devices for `session`'s record over `bluetooth`; a scan stops by itself after `scanSeconds`.
    public init(session: RecordSession, bluetooth: BluetoothStack, scanSeconds: Double = 30) {
        self.bluetooth = bluetooth
        self.scanSeconds = scanSeconds
        super.init(session: session, initial: DeviceState(), watching: [.devices])
    }

    override func load() async throws -> DeviceState {
        let (known, availability) = try await listed()
        var now = state
        now.known = known
        now.bluetooth = availability
        return now
    }

    /// Reloads the known devices into the state as it is when they arrive, in one step: a
    /// sync that ends while the list is read (its own change starts the reload) keeps its
    /// outcome, never a copy of the state from before.
    public override func refresh() async {
        await attempt {
            let (known, availability) = try await self.listed()
            self.update {
                $0.known = known
                $0.bluetooth = availability
            }
        }
    }

    /// The devices the record knows, in words, and whether Bluetooth can be used.
    private func listed() async throws -> ([String], BluetoothAvailability) {
        let zone = session.clock.zone()
        let devices = try await session.call { try $0.devices() }
        let known = devices.map { d in
            let name = joined([d.device.manufacturer, d.device.model])
            let last = d.lastSync.map { "last copied \(Times.spoken($0, in: zone))" } ?? "not copied yet"
            return "\(name.isEmpty ? "A device" : name), \(last)"
        }
        return (known, bluetooth.availability())
    }

    override func withProblem(_ state: DeviceState, _ problem: String?) -> DeviceState {
        var state = state
        state.problem = problem
        return state
    }

    /// Asks the phone again whether Bluetooth can be used (after a permission or a switch).
    public func checkBluetooth() {
        let availability = bluetooth.availability()
        update { $0.bluetooth = availability }
    }

    /// Who may see the readings the next sync adds.
    public func choose(_ visibility: Visibility) {
        update { $0.visibility = visibility }
    }

    /// Looks for devices the record can read, until one is chosen, `stopScan`, or the scan's time is up.
    public func scan() {
        checkBluetooth()
        guard state.bluetooth == .on, jobs.withLock({ scanning == nil }) else { return }
        update {
            $0.phase = .scanning
            $0.found = []
            $0.result = nil
            $0.problem = nil
        }
        let stream = bluetooth.scan()
        let limit = scanSeconds
        let looking = session.launch { [weak self] in
            let timer = Task {
                try? await Task.sleep(nanoseconds: UInt64(limit * 1_000_000_000))
            }
            let reader = Task { [weak self] in
                for await ad in stream {
                    guard let self, let kind = deviceKindForServices(services: ad.services) else { continue }
                    self.update { state in
                        if !state.found.contains(where: { $0.peripheralId == ad.peripheralId }) {
                            state.found.append(FoundDevice(peripheralId: ad.peripheralId, name: ad.name, kind: kind))
                        }
                    }
                }
            }
            await withTaskCancellationHandler {
                await timer.value
            } onCancel: {
                timer.cancel()
            }
            reader.cancel()
            guard let self else { return }
            self.jobs.withLock { self.scanning = nil }
            if !Task.isCancelled {
                self.update {
                    if $0.phase == .scanning && $0.found.isEmpty {
                        $0.phase = .idle
                        $0.problem = "No device was found. Press the button on your device so that it can be found, then look again."
                    }
                }
            }
        }
        jobs.withLock { scanning = looking }
    }

    /// Stops looking.
    public func stopScan() {
        let task: Task<Void, Never>? = jobs.withLock {
            defer { scanning = nil }
            return scanning
        }
        task?.cancel()
        update { if $0.phase == .scanning { $0.phase = .idle } }
    }

    /// Copies readings from `device`; returns the task, which `cancel` stops.
    @discardableResult
    public func sync(_ device: FoundDevice) -> Task<Void, Never> {
        stopScan()
        jobs.withLock { syncing }?.cancel()
        update {
            $0.phase = .syncing
            $0.syncing = device
            $0.progress = "Connecting"
            $0.received = 0
            $0.expected = nil
            $0.result = nil
            $0.problem = nil
        }
        let relay = ProgressRelay { [weak self] progress in
            let count = progress.expected.map { "\(progress.received) of \($0) readings" } ?? "\(progress.received) readings"
            let cuff = progress.cuffPressureMmhg.map { ", cuff at \(Times.number($0.rounded())) mmHg" } ?? ""
            self?.update {
                guard $0.phase == .syncing else { return }
                $0.progress = "\(Words.syncPhase(progress.phase)): \(count)\(cuff)"
                $0.received = Int(progress.received)
                $0.expected = progress.expected.map { Int($0) }
            }
        }
        let record = session.record
        let settings = SyncSettings(visibility: state.visibility)
        let link = StoppableLink(bluetooth.link(peripheralId: device.peripheralId))
        jobs.withLock { syncLink = link }
        let task = session.launch { [weak self] in
            do {
                let report = try await record.syncDevice(kind: device.kind, peripheralId: device.peripheralId,
                                                         advertisedName: device.name, settings: settings, link: link, listener: relay)
                guard let self else { return }
                let stopped = link.isStopped || Task.isCancelled
                self.update {
                    $0.phase = stopped ? .stopped : .done
                    $0.result = stopped ? "Copying stopped. \(Self.summary(report, stopped: true)) The readings that had arrived are kept in your record."
                        : Self.summary(report)
                    $0.progress = nil
                }
                await self.refresh()
            } catch {
                guard let self else { return }
                if link.isStopped || Task.isCancelled || error is CancellationError || (error as? RecordError) == .Cancelled {
                    self.update {
                        $0.phase = .stopped
                        $0.progress = nil
                        $0.result = "Copying stopped. The readings that had arrived are kept in your record."
                    }
                } else {
                    let problem = sentence(for: error)
                    self.update {
                        $0.phase = .failed
                        $0.progress = nil
                        $0.result = "Copying did not finish."
                        $0.problem = problem
                    }
                }
            }
        }
        jobs.withLock { syncing = task }
        return task
    }

    /// Stops the sync: the link hangs up and the core keeps what arrived.
    public func cancel() {
        jobs.withLock { syncLink }?.stop()
    }

    /// What a sync did, in words, from the core's report (without how it ended, when the person stopped it).
    static func summary(_ report: SyncReport, stopped: Bool = false) -> String {
        let added: String
        switch report.added {
        case 0: added = "No new readings."
        case 1: added = "1 new reading was added to your record."
        default: added = "\(report.added) new readings were added to your record."
        }
        let end: String?
        switch stopped ? nil : report.end {
        case nil, .complete?: end = nil
        case .noRecords?: end = "The device had no readings."
        case .disconnected?: end = "The device disconnected before the end; what arrived is kept."
        case .timedOut?: end = "The device stopped answering; what arrived is kept."
        case .aborted?: end = "Copying was stopped; what arrived is kept."
        case .refused?: end = "The device refused to send its readings. Check its manual for how to share them."
        case .missingCharacteristic?: end = "This device does not offer what the app reads, so nothing could be copied."
        case let .failed(reason)?: end = "Copying failed: \(reason)."
        }
        return joined([
            added,
            report.alreadyStored > 0 ? "\(report.alreadyStored) were already in it." : nil,
            report.timeUntrusted > 0 ? "\(report.timeUntrusted) have a time that cannot be trusted: check the clock on your device." : nil,
            end,
        ])
    }
}
