import Foundation
import Testing
import Neural
@testable import NeuralInference

@Suite struct DynamicBatcherTests {
    /// Rows of the mixed model's feature space, deterministic (a fixed linear congruence).
    static func features(rows: Int, seed: Int) -> Matrix {
        var state = UInt64(seed) &* 6_364_136_223_846_793_005 &+ 1
        return Matrix(rows: rows, columns: 4) { _, column in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let uniform = Float(state >> 40) / Float(1 << 24)
            return column < 2 ? uniform * 6 - 3 : (uniform < 0.5 ? 0 : 1)
        }
    }

    /// 40 concurrent requests of 1 to 37 rows, coalesced with a 20 ms window: each row's
    /// probabilities have the same bits as the request predicted alone, and at least one
    /// forward pass held rows of several requests (so the comparison covered batching).
    @Test func predictionsDoNotDependOnTheBatch() async throws {
        let served = ServingFixtures.classifier()
        let batchRows = ConcurrentLog<Int>()
        let batcher = DynamicBatcher(configuration: .init(maxDelay: .milliseconds(20), maxRows: 256)) { batchRows.append($0) }
        defer { batcher.stop() }
        let requests = (0..<40).map { Self.features(rows: 1 + ($0 * 7) % 37, seed: $0) }
        for _ in requests { batcher.announce() }
        let results = await withTaskGroup(of: (Int, ModelPrediction).self) { group in
            for (index, features) in requests.enumerated() {
                group.addTask { (index, await batcher.predict(served, features: features)) }
            }
            var results = [ModelPrediction?](repeating: nil, count: requests.count)
            for await (index, prediction) in group { results[index] = prediction }
            return results
        }
        for (index, features) in requests.enumerated() {
            let alone = served.model.predict(features: features)
            let batched = try #require(results[index])
            #expect(batched.labels == alone.labels)
            #expect(batched.probabilities?.storage.map(\.bitPattern) == alone.probabilities?.storage.map(\.bitPattern))
        }
        let passes = batchRows.values
        #expect(passes.reduce(0, +) == requests.reduce(0) { $0 + $1.rows })
        #expect(passes.contains { $0 > 37 }, "no forward pass held more than one request: \(passes)")
        #expect(passes.allSatisfy { $0 <= 256 })
    }

    /// With no other request on its way, a request does not wait for the window: with a window
    /// of an hour, the test would hit its one-minute limit if it did.
    @Test(.timeLimit(.minutes(1))) func aLoneRequestRunsAtOnce() async {
        let served = ServingFixtures.classifier()
        let batcher = DynamicBatcher(configuration: .init(maxDelay: .seconds(3600), maxRows: 256))
        defer { batcher.stop() }
        batcher.announce()
        let prediction = await batcher.predict(served, features: Self.features(rows: 3, seed: 1))
        #expect(prediction.count == 3)
    }

    /// A request with no other queued or announced is predicted on its own thread, not handed
    /// to the batcher's worker thread (named "neural-batcher"), and gives the same bits.
    @Test func aLoneRequestRunsOnItsOwnThread() async {
        let served = ServingFixtures.classifier()
        let threads = ConcurrentLog<String>()
        let batcher = DynamicBatcher(configuration: .init(maxDelay: .milliseconds(1), maxRows: 256)) { _ in
            threads.append(Self.threadName())
        }
        defer { batcher.stop() }
        let features = Self.features(rows: 5, seed: 4)
        batcher.announce()
        let prediction = await batcher.predict(served, features: features)
        let alone = served.model.predict(features: features)
        #expect(prediction.probabilities?.storage.map(\.bitPattern) == alone.probabilities?.storage.map(\.bitPattern))
        #expect(threads.values.count == 1)
        #expect(!threads.values.contains("neural-batcher"))
    }

    /// A lone request small enough is predicted on the executor its task prefers (the server's
    /// connection event loop), and one of more than `callerWorkLimit` multiply-adds leaves it for
    /// the global concurrent executor; both give the bits of the model's own prediction.
    @available(macOS 15.0, *)
    @Test func aLargeLoneRequestLeavesThePreferredExecutor() async {
        let served = ServingFixtures.classifier()
        let threads = ConcurrentLog<String>()
        let bodies = ConcurrentLog<String>()
        let batcher = DynamicBatcher(configuration: .init(maxDelay: .milliseconds(1), maxRows: 256)) { _ in
            threads.append(Self.threadName())
        }
        defer { batcher.stop() }
        let executor = ThreadTaskExecutor(name: "preferred-exec")
        defer { executor.stop() }
        let large = DynamicBatcher.callerWorkLimit / served.model.network.parameterCount + 1
        for rows in [3, large] {
            let features = Self.features(rows: rows, seed: rows)
            let prediction = await Task(executorPreference: executor) {
                bodies.append(Self.threadName())
                batcher.announce()
                return await batcher.predict(served, features: features)
            }.value
            let alone = served.model.predict(features: features)
            #expect(prediction.probabilities?.storage.map(\.bitPattern) == alone.probabilities?.storage.map(\.bitPattern))
        }
        #expect(threads.values.count == 2)
        // On a loaded machine the task's body has been seen on a thread of the global pool instead
        // of this test executor's (7 of 40 runs with two busy loops on 2 cores; the event-loop
        // executor the server uses held in 30 of 30). The request then starts on a pool thread, where the large request's hop to the pool cannot
        // be told from staying, so the threads are compared only when the preference held.
        if bodies.values == ["preferred-exec", "preferred-exec"] {
            #expect(threads.values.first == "preferred-exec")
            #expect(threads.values.last != "preferred-exec")
        }
    }

    /// The current thread's name, from synchronous code (`Thread.current` is unavailable in an
    /// async context).
    static func threadName() -> String { Thread.current.name ?? "" }

    /// A request larger than maxRows runs alone, whole.
    @Test func oversizedRequestRunsWhole() async {
        let served = ServingFixtures.classifier()
        let batchRows = ConcurrentLog<Int>()
        let batcher = DynamicBatcher(configuration: .init(maxDelay: .milliseconds(1), maxRows: 4)) { batchRows.append($0) }
        defer { batcher.stop() }
        batcher.announce()
        let prediction = await batcher.predict(served, features: Self.features(rows: 10, seed: 2))
        #expect(prediction.count == 10)
        #expect(batchRows.values == [10])
    }

    /// After `stop()`, requests are still answered (on the caller's thread).
    @Test func stoppedBatcherStillAnswers() async {
        let served = ServingFixtures.classifier()
        let batcher = DynamicBatcher()
        batcher.stop()
        try? await Task.sleep(for: .milliseconds(50))
        batcher.announce()
        let prediction = await batcher.predict(served, features: Self.features(rows: 2, seed: 3))
        #expect(prediction.count == 2)
    }
}

/// Values appended from any thread (the batcher's callback), in order.
final class ConcurrentLog<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [Value] = []
    func append(_ value: Value) { lock.lock(); stored.append(value); lock.unlock() }
    var values: [Value] { lock.lock(); defer { lock.unlock() }; return stored }
}

/// A task executor that runs its jobs, in order, on one thread of its own with the given name
/// (at most 15 bytes, Linux's limit for a thread's name).
@available(macOS 15.0, *)
final class ThreadTaskExecutor: TaskExecutor, @unchecked Sendable {
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []
    private var stopping = false

    init(name: String) {
        let thread = Thread {
            Thread.current.name = name
            self.run()
        }
        thread.start()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    /// Ends the thread once the jobs enqueued so far have run.
    func stop() {
        condition.lock()
        stopping = true
        condition.signal()
        condition.unlock()
    }

    private func run() {
        while true {
            condition.lock()
            while jobs.isEmpty && !stopping { condition.wait() }
            if jobs.isEmpty {
                condition.unlock()
                return
            }
            let job = jobs.removeFirst()
            condition.unlock()
            job.runSynchronously(on: asUnownedTaskExecutor())
        }
    }
}
