import Dispatch
import Foundation

/// SIGINT and SIGTERM during `neural train`: instead of killing the process, a signal sets a
/// flag that the training loop reads after every batch; training then pauses there, the command
/// saves a checkpoint holding the position inside the epoch and exits with 130 (SIGINT) or 143
/// (SIGTERM), printing how to resume.
///
/// The handlers are dispatch signal sources (the signal's default action is ignored while they
/// are installed), so no code runs in an asynchronous signal context. They are installed only
/// when `isEnabled` (set by the executable's entry point) and only while training runs.
final class TrainingInterruption: @unchecked Sendable {
    static let shared = TrainingInterruption()

    private let lock = NSLock()
    private var received: Int32?
    private var sources: [DispatchSourceSignal] = []
    /// Whether `install()` may change the process's signal handling.
    var isEnabled: Bool {
        get { lock.lock(); defer { lock.unlock() }; return enabled }
        set { lock.lock(); enabled = newValue; lock.unlock() }
    }
    private var enabled = false

    /// The first signal received since `install()`, if any.
    var signal: Int32? {
        lock.lock(); defer { lock.unlock() }
        return received
    }

    /// Starts catching SIGINT and SIGTERM (when enabled).
    func install() {
        guard isEnabled else { return }
        lock.lock(); defer { lock.unlock() }
        received = nil
        for number in [SIGINT, SIGTERM] {
            Foundation.signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [weak self] in self?.record(number) }
            source.resume()
            sources.append(source)
        }
    }

    /// Restores the default actions of SIGINT and SIGTERM.
    func uninstall() {
        lock.lock(); defer { lock.unlock() }
        guard !sources.isEmpty else { return }
        for source in sources { source.cancel() }
        sources = []
        Foundation.signal(SIGINT, SIG_DFL)
        Foundation.signal(SIGTERM, SIG_DFL)
    }

    private func record(_ number: Int32) {
        lock.lock(); defer { lock.unlock() }
        if received == nil { received = number }
    }

    /// The name of a signal this class handles.
    static func name(of number: Int32) -> String {
        number == SIGINT ? "SIGINT" : number == SIGTERM ? "SIGTERM" : "signal \(number)"
    }
}
