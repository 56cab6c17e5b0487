import Foundation

/// How much memory the process may still allocate, for checking a large allocation before it is
/// made (a refused request names what to do; a failed one aborts the process).
///
/// The smallest of: the physical memory; on Linux, `MemAvailable` of `/proc/meminfo` (free memory
/// plus what the kernel can reclaim) and the room left under the cgroup's limit (v2
/// `memory.max − memory.current`, or v1 `memory.limit_in_bytes − memory.usage_in_bytes`). The
/// environment variable `NEURAL_MEMORY_LIMIT` (bytes) replaces the measurement, to run with
/// less memory than the machine has.
///
/// The measurement reads several files, which costs more than a small allocation it guards (a
/// server checks every request), so it is reused for 100 ms; the environment
/// variable is read on every call.
public enum MemoryBudget {
    /// The environment variable that sets the budget in bytes.
    public static let environmentVariable = "NEURAL_MEMORY_LIMIT"
    /// How long a measurement is reused.
    static let measurementLifetime: Duration = .milliseconds(100)

    /// The bytes the process may still allocate (see the type).
    public static func availableBytes() -> UInt64 {
        if let pointer = getenv(environmentVariable), let bytes = UInt64(String(cString: pointer)) {
            return bytes
        }
        return latest.value(maxAge: measurementLifetime, measure: measure)
    }

    private static let latest = ReusedMeasurement()

    /// Measures the memory available now (see the type).
    static func measure() -> UInt64 {
        var available = ProcessInfo.processInfo.physicalMemory
        #if os(Linux)
        if let meminfo = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8),
           let kilobytes = value(named: "MemAvailable:", in: meminfo) {
            available = min(available, kilobytes * 1024)
        }
        if let room = cgroupRoom() { available = min(available, room) }
        #endif
        return available
    }

    /// The number after `name` on its line of `/proc/meminfo`-style text.
    static func value(named name: String, in text: String) -> UInt64? {
        for line in text.split(separator: "\n") where line.hasPrefix(name) {
            return line.dropFirst(name.count).split(separator: " ").first.flatMap { UInt64($0) }
        }
        return nil
    }

    /// The bytes left under the cgroup's memory limit, or nil without a limit.
    static func cgroupRoom() -> UInt64? {
        func number(_ path: String) -> UInt64? {
            (try? String(contentsOfFile: path, encoding: .utf8))
                .flatMap { UInt64($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        }
        for (limit, usage) in [("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory.current"),
                               ("/sys/fs/cgroup/memory/memory.limit_in_bytes", "/sys/fs/cgroup/memory/memory.usage_in_bytes")] {
            // "max" (v2) or a huge number (v1) means no limit.
            guard let bytes = number(limit), bytes < 1 << 60 else { continue }
            return bytes - min(bytes, number(usage) ?? 0)
        }
        return nil
    }

    /// `count × bytesEach`, or nil when it overflows.
    static func product(_ factors: Int...) -> Int? {
        var result = 1
        for factor in factors {
            let (product, overflow) = result.multipliedReportingOverflow(by: factor)
            if overflow { return nil }
            result = product
        }
        return result
    }
}

/// A value measured at most once per `maxAge`, shared by every thread.
private final class ReusedMeasurement: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: (value: UInt64, time: ContinuousClock.Instant)?

    func value(maxAge: Duration, measure: () -> UInt64) -> UInt64 {
        let now = ContinuousClock.now
        lock.lock()
        defer { lock.unlock() }
        if let stored, now - stored.time < maxAge { return stored.value }
        let value = measure()
        stored = (value, now)
        return value
    }
}
