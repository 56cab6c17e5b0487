import Dispatch
import Foundation
import Neural

/// SIGINT and SIGTERM during `neural train`: instead of killing the process, a signal sets a
/// flag that the training loop reads after every batch; training then pauses there, the command
/// saves a checkpoint holding the position inside the epoch and exits with 130 (SIGINT) or 143
/// (SIGTERM), printing how to resume.
///
/// The handlers are dispatch signal sources (the signal's default action is ignored while they
/// are installed), so no code runs in an asynchronous signal context. They are installed only
/// when `isEnabled` (set by the executable's entry point), for the whole life of the process:
/// outside training a signal ends the process after removing the temporary files of a write in
/// progress.
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

    /// Whether training runs (between `install()` and `uninstall()`): a signal then pauses it.
    private var training = false

    /// Catches SIGINT and SIGTERM for the whole life of the process (the executable calls this
    /// first). Outside training, a signal removes the temporary files of any write in progress
    /// (`AtomicFileWriter.removeTemporaryFilesBeforeExit()`) and ends the process with 128 + the
    /// signal's number, as the default action would, but leaving nothing behind.
    func catchSignalsForTheProcess() {
        lock.lock(); defer { lock.unlock() }
        guard enabled, sources.isEmpty else { return }
        for number in [SIGINT, SIGTERM] {
            Foundation.signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [weak self] in self?.received(number) }
            source.resume()
            sources.append(source)
        }
    }

    /// Training starts: from now on a signal pauses it (when enabled).
    func install() {
        guard isEnabled else { return }
        catchSignalsForTheProcess()
        lock.lock(); defer { lock.unlock() }
        received = nil
        training = true
    }

    /// Training has ended: a signal ends the process again (after removing temporary files).
    func uninstall() {
        lock.lock(); defer { lock.unlock() }
        training = false
    }

    /// A command that handles SIGINT and SIGTERM itself (`neural serve`, which drains its requests
    /// first) takes them over: from now on this class ignores them.
    func leaveSignalsToTheCommand() {
        lock.lock(); defer { lock.unlock() }
        delegated = true
    }
    private var delegated = false

    private func received(_ number: Int32) {
        lock.lock()
        if delegated {
            lock.unlock()
            return
        }
        if training {
            if received == nil { received = number }
            lock.unlock()
            return
        }
        lock.unlock()
        AtomicFileWriter.removeTemporaryFilesBeforeExit()
        _exit(128 + number)
    }

    /// The name of a signal this class handles.
    static func name(of number: Int32) -> String {
        number == SIGINT ? "SIGINT" : number == SIGTERM ? "SIGTERM" : "signal \(number)"
    }
}
