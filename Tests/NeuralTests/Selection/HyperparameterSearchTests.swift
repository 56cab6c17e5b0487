import Foundation
import Testing
@testable import Neural

@Suite struct HyperparameterSearchTests {
    /// A stand-in trial: the score is a fixed function of the configuration.
    static func measure(_ request: TrialRequest) -> TrialMeasurement {
        let x = Double(request.configuration["x"]!)!
        let report = FoldReport(repeatIndex: 0, foldIndex: 0, trainingRows: 1, validationRows: 0, scoredRows: 1,
                                epochs: request.epochs ?? 1,
                                evaluation: .regression(RegressionReport(mse: (x - 0.3) * (x - 0.3), rmse: 0, mae: 0, r2: 0, samples: 1)))
        return TrialMeasurement(folds: [report])
    }

    @Test func sameSeedSameTrialsAtAnyParallelism() throws {
        let space = try SearchSpace(parsing: "x=uniform(0,1); y=relu|tanh")
        var search = HyperparameterSearch(space: space, strategy: .random(trials: 12), metric: .mse, seed: 4)
        let serial = try search.run(evaluate: Self.measure)
        search.parallelism = 3
        let parallel = try search.run(evaluate: Self.measure)
        #expect(serial.trials.map(\.configuration) == parallel.trials.map(\.configuration))
        #expect(serial.trials.map(\.folds) == parallel.trials.map(\.folds))
        #expect(serial.best?.trial == parallel.best?.trial)
        // The best is the x closest to 0.3 (mse is lower-is-better).
        let closest = serial.trials.min { abs(Double($0.configuration["x"]!)! - 0.3) < abs(Double($1.configuration["x"]!)! - 0.3) }
        #expect(serial.best?.trial == closest?.trial)
        search.seed = 5
        #expect(try search.run(evaluate: Self.measure).trials.map(\.configuration) != serial.trials.map(\.configuration))
    }

    @Test func previousRecordsAreReusedNotRerun() throws {
        let space = try SearchSpace(parsing: "x=0.1|0.2|0.3|0.4")
        let search = HyperparameterSearch(space: space, strategy: .grid, metric: .mse)
        let full = try search.run(evaluate: Self.measure)
        let counter = Counter()
        let resumed = try search.run(previous: Array(full.trials.prefix(2))) { request in
            counter.add(request.trial)
            return Self.measure(request)
        }
        #expect(counter.trials == [2, 3])
        #expect(resumed.trials == full.trials.map { record in
            var copy = record
            if let again = resumed.trials.first(where: { $0.trial == record.trial }) { copy.seconds = again.seconds }
            return copy
        })
        #expect(resumed.best?.configuration["x"] == "0.3")
    }

    @Test func gridOverARangeAndTooManyTrialsAreRefused() throws {
        let ranged = HyperparameterSearch(space: try SearchSpace(parsing: "x=uniform(0,1); y=1|2"), strategy: .grid, metric: .mse)
        #expect(throws: SelectionError.invalidSearch("A grid search needs a list of values for every parameter, but \"x\" is a range; use --search random or halving, or list its values.")) {
            try ranged.candidates()
        }
        let small = HyperparameterSearch(space: try SearchSpace(parsing: "y=1|2"), strategy: .random(trials: 3), metric: .mse)
        #expect(throws: SelectionError.self) { try small.candidates() }
    }

    @Test func aFailedTrialScoresNaNAndNeverWins() throws {
        let search = HyperparameterSearch(space: try SearchSpace(parsing: "x=0.3|0.9"), strategy: .grid, metric: .mse)
        let result = try search.run { request in
            request.configuration["x"] == "0.3" ? TrialMeasurement(folds: [], failure: "diverged") : Self.measure(request)
        }
        #expect(result.trials[0].score(.mse).isNaN)
        #expect(result.best?.configuration["x"] == "0.9")
    }

    @Test func aPastDeadlineStartsNothing() throws {
        var search = HyperparameterSearch(space: try SearchSpace(parsing: "x=0.3|0.9"), strategy: .grid, metric: .mse)
        search.deadline = Date(timeIntervalSinceNow: -1)
        let result = try search.run(evaluate: Self.measure)
        #expect(result.trials.isEmpty)
        #expect(!result.complete)
        #expect(result.best == nil)
    }
}

final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var values = [Int]()
    func add(_ value: Int) { lock.lock(); values.append(value); lock.unlock() }
    var trials: [Int] { lock.lock(); defer { lock.unlock() }; return values.sorted() }
}

/// N ranks in one process, one thread each: `allGather` waits for every rank's bytes.
final class ThreadGroup: @unchecked Sendable {
    let size: Int
    private let condition = NSCondition()
    private var slots: [[UInt8]?]
    private var generation = 0
    private var arrived = 0
    private var published: [[UInt8]] = []

    init(size: Int) {
        self.size = size
        slots = [[UInt8]?](repeating: nil, count: size)
    }

    func allGather(_ bytes: [UInt8], rank: Int) -> [[UInt8]] {
        condition.lock()
        defer { condition.unlock() }
        let mine = generation
        slots[rank] = bytes
        arrived += 1
        if arrived == size {
            published = slots.map { $0 ?? [] }
            slots = [[UInt8]?](repeating: nil, count: size)
            arrived = 0
            generation += 1
            condition.broadcast()
        } else {
            while generation == mine { condition.wait() }
        }
        return published
    }
}

final class ThreadRank: Communicator {
    let rank: Int
    let group: ThreadGroup
    init(rank: Int, group: ThreadGroup) {
        self.rank = rank
        self.group = group
    }
    var size: Int { group.size }
    func allReduceSum(_ values: UnsafeMutableBufferPointer<Float>) { preconditionFailure("not used") }
    func allReduceSum(_ values: UnsafeMutableBufferPointer<Double>) { preconditionFailure("not used") }
    func broadcast(_ bytes: UnsafeMutableRawBufferPointer, from root: Int) { preconditionFailure("not used") }
    func allGather(_ bytes: [UInt8]) -> [[UInt8]] { group.allGather(bytes, rank: rank) }
    func barrier() { _ = group.allGather([], rank: rank) }
}

@Suite struct DistributedSearchTests {
    /// Three ranks split the trials and every rank ends with the single-process result; each
    /// trial is evaluated by exactly one rank.
    @Test func ranksShareTheTrialsAndAgree() throws {
        let space = try SearchSpace(parsing: "x=uniform(0,1); y=relu|tanh")
        var search = HyperparameterSearch(space: space, strategy: .halving(candidates: 10, SuccessiveHalving(factor: 2, maximumEpochs: 8)),
                                          metric: .mse, seed: 6)
        search.parallelism = 2
        let alone = try search.run(evaluate: HyperparameterSearchTests.measure)
        let shared = search
        let group = ThreadGroup(size: 3)
        let evaluated = Counter()
        let results = ResultBox()
        let done = DispatchGroup()
        for rank in 0..<3 {
            done.enter()
            let thread = Thread {
                defer { done.leave() }
                let communicator = ThreadRank(rank: rank, group: group)
                let previous = (try? HyperparameterSearch.share(rank == 0 ? Array(alone.trials.prefix(3)) : [], from: communicator)) ?? []
                let result = try? shared.run(previous: previous, communicator: communicator) { request in
                    evaluated.add(request.trial)
                    return HyperparameterSearchTests.measure(request)
                }
                results.set(rank, result)
            }
            thread.start()
        }
        done.wait()
        let trials = alone.trials.map(\.trial)
        for rank in 0..<3 {
            let result = try #require(results.get(rank))
            #expect(result.trials.map(\.trial) == trials)
            #expect(result.trials.map(\.folds) == alone.trials.map(\.folds))
            #expect(result.best?.trial == alone.best?.trial)
        }
        // The first three came from the log; every other trial ran once, on one rank.
        #expect(evaluated.trials == Array(trials.dropFirst(3)))
    }
}

final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var values = [Int: SearchResult]()
    func set(_ rank: Int, _ result: SearchResult?) { lock.lock(); values[rank] = result; lock.unlock() }
    func get(_ rank: Int) -> SearchResult? { lock.lock(); defer { lock.unlock() }; return values[rank] }
}
