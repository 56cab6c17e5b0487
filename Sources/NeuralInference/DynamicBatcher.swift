import Foundation
import Neural

/// Coalesces the rows of concurrent requests into one forward pass per model.
///
/// A request that arrives when no other request is queued or announced cannot be batched, so it
/// runs at once on its caller's executor (the hop to a worker and back would cost more than its
/// forward pass), or, beyond `callerWorkLimit` multiply-adds, on Swift's global concurrent
/// executor, so that the server's event loop is not held by it. Otherwise one worker thread runs
/// the forward passes: when a request is queued, it waits for more rows of the same model until
/// `maxRows` rows are queued, `maxDelay` has passed since the oldest queued request arrived, or no
/// other request is on its way (`announce()` counts the requests being decoded; with none,
/// waiting cannot fill the batch, so it runs at once). A batch takes requests in arrival order;
/// a request with more than `maxRows` rows runs alone. A row's prediction does not depend on its
/// batch: the kernels compute each output row from its input row alone, in the same order of
/// operations whatever the batch's size.
public final class DynamicBatcher: @unchecked Sendable {
    public struct Configuration: Sendable {
        /// The longest a request waits for others to join it.
        public var maxDelay: Duration
        /// The most rows in one forward pass.
        public var maxRows: Int

        public init(maxDelay: Duration = .milliseconds(1), maxRows: Int = 512) {
            self.maxDelay = maxDelay
            self.maxRows = maxRows
        }
    }

    private final class Job {
        let model: ServedModel
        let features: Matrix
        let arrival: ContinuousClock.Instant
        let continuation: CheckedContinuation<ModelPrediction, Never>

        init(model: ServedModel, features: Matrix, continuation: CheckedContinuation<ModelPrediction, Never>) {
            self.model = model
            self.features = features
            self.arrival = .now
            self.continuation = continuation
        }
    }

    public let configuration: Configuration
    /// Called after each forward pass with its number of rows (for the batch-size histogram).
    private let onBatch: @Sendable (Int) -> Void
    private let condition = NSCondition()
    private var queue: [Job] = []
    private var announced = 0
    private var stopping = false
    private var finished = false
    private var worker: Thread?

    public init(configuration: Configuration = Configuration(), onBatch: @escaping @Sendable (Int) -> Void = { _ in }) {
        precondition(configuration.maxRows >= 1, "maxRows must be at least 1, got \(configuration.maxRows)")
        self.configuration = configuration
        self.onBatch = onBatch
        // The thread holds the batcher until `stop()` ends it.
        // Named from the thread itself: on Linux a name set before `start()` is not the system's
        // thread name (`ps`, `perf`), which the new thread inherits from its creator instead.
        let thread = Thread {
            Thread.current.name = "neural-batcher"
            self.run()
        }
        worker = thread
        thread.start()
    }

    /// A request has started and may soon call `predict` (pair with `predict` or `withdraw`).
    public func announce() {
        condition.lock()
        announced += 1
        condition.unlock()
    }

    /// An announced request ended without calling `predict`.
    public func withdraw() {
        condition.lock()
        announced -= 1
        condition.broadcast()
        condition.unlock()
    }

    /// The prediction for `features` (`[rows, features]`) by `model`, computed in a batch with
    /// other requests' rows. The caller must have called `announce()` first.
    ///
    /// When no other request is queued or announced, no batch could form: the rows are computed
    /// at once on the caller's executor (or, beyond `callerWorkLimit`, the global concurrent
    /// one), without the hop to the worker and back.
    public func predict(_ model: ServedModel, features: Matrix) async -> ModelPrediction {
        if arriveAlone() {
            let work = features.rows.multipliedReportingOverflow(by: model.model.network.parameterCount)
            if work.overflow || work.partialValue > Self.callerWorkLimit, #available(macOS 15.0, *) {
                return await GlobalExecutor.run { self.predictNow(model, features: features) }
            }
            return predictNow(model, features: features)
        }
        return await withCheckedContinuation { continuation in
            condition.lock()
            if finished {
                condition.unlock()
                onBatch(features.rows)
                continuation.resume(returning: model.model.predict(features: features))
                return
            }
            queue.append(Job(model: model, features: features, continuation: continuation))
            condition.broadcast()
            condition.unlock()
        }
    }

    /// The most multiply-adds (rows × the network's parameters) a request alone is predicted
    /// with on the caller's executor, a few hundred microseconds at most. The server calls from a
    /// connection's event loop, whose other connections wait meanwhile; a larger forward pass runs
    /// on Swift's global concurrent executor.
    static let callerWorkLimit = 1 << 22

    private func predictNow(_ model: ServedModel, features: Matrix) -> ModelPrediction {
        let prediction = model.model.predict(features: features)
        onBatch(features.rows)
        return prediction
    }

    /// Ends the announcement of a request that is about to predict; whether it is alone (no
    /// other request queued or announced).
    private func arriveAlone() -> Bool {
        condition.lock()
        defer { condition.unlock() }
        announced -= 1
        return queue.isEmpty && announced == 0
    }

    /// Finishes the queued requests, then ends the worker thread. Later calls to `predict`
    /// are computed at once on the caller's thread.
    public func stop() {
        condition.lock()
        stopping = true
        condition.broadcast()
        condition.unlock()
    }

    private func run() {
        condition.lock()
        while true {
            while queue.isEmpty && !stopping { condition.wait() }
            guard let first = queue.first else { break }
            let deadline = Date(timeIntervalSinceNow: 0) + Self.seconds(configuration.maxDelay - (.now - first.arrival))
            while !stopping && announced > 0 && queuedRows(of: first.model) < configuration.maxRows {
                if !condition.wait(until: deadline) { break }
            }
            let batch = takeBatch(of: first.model)
            condition.unlock()
            execute(batch)
            condition.lock()
        }
        finished = true
        condition.unlock()
    }

    private static func seconds(_ duration: Duration) -> TimeInterval {
        let (seconds, attoseconds) = duration.components
        return max(0, TimeInterval(seconds) + TimeInterval(attoseconds) * 1e-18)
    }

    private func queuedRows(of model: ServedModel) -> Int {
        queue.reduce(0) { $0 + ($1.model === model ? $1.features.rows : 0) }
    }

    /// The queued jobs of `model` in arrival order, up to `maxRows` rows (at least one job).
    private func takeBatch(of model: ServedModel) -> [Job] {
        var batch: [Job] = []
        var rows = 0
        var remaining: [Job] = []
        for job in queue {
            if job.model === model && (batch.isEmpty || rows + job.features.rows <= configuration.maxRows) {
                batch.append(job)
                rows += job.features.rows
            } else {
                remaining.append(job)
            }
        }
        queue = remaining
        return batch
    }

    private func execute(_ batch: [Job]) {
        guard let first = batch.first else { return }
        let model = first.model.model
        if batch.count == 1 {
            let prediction = model.predict(features: first.features)
            onBatch(first.features.rows)
            first.continuation.resume(returning: prediction)
            return
        }
        let width = first.features.columns
        var storage: [Float] = []
        storage.reserveCapacity(batch.reduce(0) { $0 + $1.features.count })
        for job in batch { storage.append(contentsOf: job.features.storage) }
        let rows = storage.count / max(width, 1)
        let prediction = model.predict(features: Matrix(rows: rows, columns: width, storage: storage))
        onBatch(rows)
        var start = 0
        for job in batch {
            let end = start + job.features.rows
            job.continuation.resume(returning: prediction.rows(start..<end))
            start = end
        }
    }
}
