// The phone's Bluetooth for the presenters (BluetoothStack) and the core
// (BluetoothLink), over CoreBluetooth. Written from Apple's CoreBluetooth
// documentation (CBCentralManager with state restoration, CBPeripheralDelegate); not
// compiled on the project's CI (no iOS SDK there, see ios/README.md).
//
// The core drives a sync through blocking calls on its own thread (connect, perform
// one GATT command, wait for the next notification); CoreBluetooth answers through
// delegate callbacks on `queue`. A CoreBluetoothLink turns one into the other: each
// call starts the operation on the queue and waits on a condition for its callback.
// Raw characteristic values go to the core as they are: all decoding is the core's.
#if canImport(CoreBluetooth)
import CoreBluetooth
import Foundation
import PhrCore
import PhrPresenters

/// Bluetooth Low Energy through one CBCentralManager, restored after the app is relaunched in the background.
final class CoreBluetoothStack: NSObject, BluetoothStack, CBCentralManagerDelegate, @unchecked Sendable {
    /// The services the core reads: Glucose (0x1808) and Blood Pressure (0x1810).
    static let services = [CBUUID(string: "1808"), CBUUID(string: "1810")]
    private let queue = DispatchQueue(label: "org.personheldrecord.phr.bluetooth")
    private let lock = NSLock()
    private let central: CBCentralManager
    private var peripherals: [UUID: CBPeripheral] = [:]
    private var links: [UUID: CoreBluetoothLink] = [:]
    private var scanning: AsyncStream<Advertisement>.Continuation?

    override init() {
        // The delegate is set just after: its callbacks arrive on `queue`, after this returns.
        central = CBCentralManager(delegate: nil, queue: queue, options: [
            CBCentralManagerOptionRestoreIdentifierKey: "org.personheldrecord.phr.central",
            CBCentralManagerOptionShowPowerAlertKey: true,
        ])
        super.init()
        central.delegate = self
    }

    func availability() -> BluetoothAvailability {
        switch CBCentralManager.authorization {
        case .denied, .restricted: return .needsPermission
        default: break
        }
        switch central.state {
        case .poweredOn: return .on
        case .poweredOff, .resetting: return .off
        case .unauthorized: return .needsPermission
        case .unsupported: return .missing
        default: return .off // .unknown: the manager has not said yet
        }
    }

    func scan() -> AsyncStream<Advertisement> {
        AsyncStream { continuation in
            lock.withLock { scanning = continuation }
            queue.async {
                guard self.central.state == .poweredOn else { return continuation.finish() }
                self.central.scanForPeripherals(withServices: Self.services, options: [CBCentralManagerScanOptionAllowDuplicatesKey: false])
            }
            continuation.onTermination = { [weak self] _ in
                guard let self else { return }
                self.queue.async { self.central.stopScan() }
                self.lock.withLock { self.scanning = nil }
            }
        }
    }

    func link(peripheralId: String) -> BluetoothLink {
        let id = UUID(uuidString: peripheralId)
        let peripheral: CBPeripheral? = lock.withLock {
            if let id, let known = peripherals[id] { return known }
            return nil
        } ?? id.flatMap { central.retrievePeripherals(withIdentifiers: [$0]).first }
        let link = CoreBluetoothLink(central: central, peripheral: peripheral, queue: queue)
        if let peripheral { lock.withLock { links[peripheral.identifier] = link } }
        return link
    }

    // MARK: CBCentralManagerDelegate

    func centralManagerDidUpdateState(_ central: CBCentralManager) {}

    func centralManager(_ central: CBCentralManager, willRestoreState dict: [String: Any]) {
        // Relaunched in the background: keep the peripherals the system restored.
        let restored = dict[CBCentralManagerRestoredStatePeripheralsKey] as? [CBPeripheral] ?? []
        lock.withLock { for p in restored { peripherals[p.identifier] = p } }
    }

    func centralManager(_ central: CBCentralManager, didDiscover peripheral: CBPeripheral,
                        advertisementData: [String: Any], rssi RSSI: NSNumber) {
        let services = (advertisementData[CBAdvertisementDataServiceUUIDsKey] as? [CBUUID] ?? []).map(\.uuidString)
        let name = advertisementData[CBAdvertisementDataLocalNameKey] as? String ?? peripheral.name
        let stream: AsyncStream<Advertisement>.Continuation? = lock.withLock {
            peripherals[peripheral.identifier] = peripheral
            return scanning
        }
        stream?.yield(Advertisement(peripheralId: peripheral.identifier.uuidString, name: name, services: services))
    }

    func centralManager(_ central: CBCentralManager, didConnect peripheral: CBPeripheral) {
        link(for: peripheral)?.didConnect()
    }

    func centralManager(_ central: CBCentralManager, didFailToConnect peripheral: CBPeripheral, error: Error?) {
        link(for: peripheral)?.didFailToConnect(error)
    }

    func centralManager(_ central: CBCentralManager, didDisconnectPeripheral peripheral: CBPeripheral, error: Error?) {
        link(for: peripheral)?.didDisconnect()
    }

    private func link(for peripheral: CBPeripheral) -> CoreBluetoothLink? {
        lock.withLock { links[peripheral.identifier] }
    }
}

/// One peripheral as the core's blocking link. Delegate callbacks arrive on the
/// stack's queue; the core's calls wait for them.
final class CoreBluetoothLink: NSObject, BluetoothLink, CBPeripheralDelegate, @unchecked Sendable {
    /// How long one GATT operation may take before it counts as failed.
    private static let operationSeconds: TimeInterval = 30
    private let central: CBCentralManager
    private let peripheral: CBPeripheral?
    private let queue: DispatchQueue
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var connected: Result<Void, Error>?
    private var servicesLeft = -1
    private var pendingRead: CBUUID?
    private var pendingNotify: CBUUID?
    private var pendingWrite: CBUUID?
    private var answer: StackEvent?
    private var events: [StackEvent] = []

    init(central: CBCentralManager, peripheral: CBPeripheral?, queue: DispatchQueue) {
        self.central = central
        self.peripheral = peripheral
        self.queue = queue
        super.init()
        peripheral?.delegate = self
    }

    private struct LinkFailure: Error {
        let reason: String
    }

    // MARK: BluetoothLink (the core's thread)

    func connect() throws -> [GattCharacteristic] {
        guard let peripheral else {
            throw RecordError.Device(reason: "the device is no longer nearby", bluetoothUnavailable: false)
        }
        condition.withLock {
            connected = nil
            servicesLeft = -1
            events = []
        }
        queue.async { self.central.connect(peripheral, options: nil) }
        let deadline = Date().addingTimeInterval(Self.operationSeconds)
        condition.lock()
        defer { condition.unlock() }
        while connected == nil || (servicesLeft != 0 && (try? connected?.get()) != nil) {
            guard condition.wait(until: deadline) else {
                queue.async { self.central.cancelPeripheralConnection(peripheral) }
                throw RecordError.Device(reason: "the device did not answer", bluetoothUnavailable: false)
            }
        }
        if case let .failure(error)? = connected {
            throw RecordError.Device(reason: "the device could not be connected: \(error.localizedDescription)", bluetoothUnavailable: false)
        }
        return (peripheral.services ?? []).flatMap { service in
            (service.characteristics ?? []).map { GattCharacteristic(service: service.uuid.uuidString, characteristic: $0.uuid.uuidString) }
        }
    }

    func perform(command: FeedCommand) -> StackEvent {
        guard let peripheral else { return .disconnected }
        switch command {
        case let .read(service, characteristic):
            guard let c = find(service, characteristic) else { return .readFailed(service: service, characteristic: characteristic, reason: "not offered") }
            return run(set: { self.pendingRead = c.uuid }, start: { peripheral.readValue(for: c) },
                         failed: .readFailed(service: service, characteristic: characteristic, reason: "no answer"))
        case let .enableNotifications(service, characteristic), let .enableIndications(service, characteristic):
            guard let c = find(service, characteristic) else {
                return .subscribeFailed(service: service, characteristic: characteristic, reason: "not offered")
            }
            return run(set: { self.pendingNotify = c.uuid }, start: { peripheral.setNotifyValue(true, for: c) },
                         failed: .subscribeFailed(service: service, characteristic: characteristic, reason: "no answer"))
        case let .write(service, characteristic, value, withResponse):
            guard let c = find(service, characteristic) else {
                return .writeFailed(service: service, characteristic: characteristic, reason: "not offered")
            }
            guard withResponse else {
                queue.async { peripheral.writeValue(value, for: c, type: .withoutResponse) }
                return .writeAcknowledged(service: service, characteristic: characteristic)
            }
            return run(set: { self.pendingWrite = c.uuid }, start: { peripheral.writeValue(value, for: c, type: .withResponse) },
                         failed: .writeFailed(service: service, characteristic: characteristic, reason: "no answer"))
        case .disconnect:
            queue.async { self.central.cancelPeripheralConnection(peripheral) }
            return .disconnected
        }
    }

    func nextEvent(waitMs: UInt64) -> StackEvent? {
        let deadline = Date().addingTimeInterval(Double(waitMs) / 1000)
        condition.lock()
        defer { condition.unlock() }
        while events.isEmpty {
            guard condition.wait(until: deadline) else { return nil }
        }
        return events.removeFirst()
    }

    /// Starts one operation on the queue and waits for its answer.
    private func run(set: @escaping () -> Void, start: @escaping () -> Void, failed: StackEvent) -> StackEvent {
        condition.withLock {
            answer = nil
            set()
        }
        queue.async(execute: start)
        let deadline = Date().addingTimeInterval(Self.operationSeconds)
        condition.lock()
        defer {
            pendingRead = nil
            pendingNotify = nil
            pendingWrite = nil
            condition.unlock()
        }
        while answer == nil {
            guard condition.wait(until: deadline) else { return failed }
        }
        return answer ?? failed
    }

    private func find(_ service: String, _ characteristic: String) -> CBCharacteristic? {
        let s = CBUUID(string: service.replacingOccurrences(of: "0x", with: ""))
        let c = CBUUID(string: characteristic.replacingOccurrences(of: "0x", with: ""))
        return peripheral?.services?.first { $0.uuid == s }?.characteristics?.first { $0.uuid == c }
    }

    // MARK: from the central manager (the queue)

    func didConnect() {
        peripheral?.discoverServices(nil)
        condition.withLock {
            connected = .success(())
            condition.broadcast()
        }
    }

    func didFailToConnect(_ error: Error?) {
        condition.withLock {
            connected = .failure(error ?? LinkFailure(reason: "the connection failed"))
            condition.broadcast()
        }
    }

    func didDisconnect() {
        condition.withLock {
            if connected == nil { connected = .failure(LinkFailure(reason: "the device disconnected")) }
            if pendingRead != nil || pendingNotify != nil || pendingWrite != nil { answer = .disconnected }
            events.append(.disconnected)
            condition.broadcast()
        }
    }

    // MARK: CBPeripheralDelegate (the queue)

    func peripheral(_ peripheral: CBPeripheral, didDiscoverServices error: Error?) {
        let services = peripheral.services ?? []
        condition.withLock {
            servicesLeft = error == nil ? services.count : 0
            condition.broadcast()
        }
        for service in services where error == nil { peripheral.discoverCharacteristics(nil, for: service) }
    }

    func peripheral(_ peripheral: CBPeripheral, didDiscoverCharacteristicsFor service: CBService, error: Error?) {
        condition.withLock {
            servicesLeft = max(0, servicesLeft - 1)
            condition.broadcast()
        }
    }

    func peripheral(_ peripheral: CBPeripheral, didUpdateValueFor characteristic: CBCharacteristic, error: Error?) {
        let (s, c) = names(characteristic)
        condition.withLock {
            if pendingRead == characteristic.uuid {
                answer = error.map { .readFailed(service: s, characteristic: c, reason: $0.localizedDescription) }
                    ?? .readResult(service: s, characteristic: c, value: characteristic.value ?? Data())
            } else if error == nil {
                // A notification or indication: raw bytes, for the core to decode.
                events.append(.value(service: s, characteristic: c, value: characteristic.value ?? Data()))
            }
            condition.broadcast()
        }
    }

    func peripheral(_ peripheral: CBPeripheral, didUpdateNotificationStateFor characteristic: CBCharacteristic, error: Error?) {
        let (s, c) = names(characteristic)
        condition.withLock {
            guard pendingNotify == characteristic.uuid else { return }
            answer = error.map { .subscribeFailed(service: s, characteristic: c, reason: $0.localizedDescription) }
                ?? .subscribed(service: s, characteristic: c)
            condition.broadcast()
        }
    }

    func peripheral(_ peripheral: CBPeripheral, didWriteValueFor characteristic: CBCharacteristic, error: Error?) {
        let (s, c) = names(characteristic)
        condition.withLock {
            guard pendingWrite == characteristic.uuid else { return }
            answer = error.map { .writeFailed(service: s, characteristic: c, reason: $0.localizedDescription) }
                ?? .writeAcknowledged(service: s, characteristic: c)
            condition.broadcast()
        }
    }

    private func names(_ characteristic: CBCharacteristic) -> (String, String) {
        (characteristic.service?.uuid.uuidString ?? "", characteristic.uuid.uuidString)
    }
}
#endif
