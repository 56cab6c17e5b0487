import Foundation

/// A hyper-parameter search over a `SearchSpace`: which configurations to try, how long each
/// trains, which is best. Training itself is the caller's `evaluate` closure (the command line
/// cross-validates a `neural train` recipe), so the search is the same for any model.
///
/// ```swift
/// let space = try SearchSpace(parsing: "hidden=[32],[64]; learning-rate=loguniform(1e-4,1e-1)")
/// let search = HyperparameterSearch(space: space, strategy: .random(trials: 20), metric: .accuracy, seed: 7)
/// let result = try search.run { request in
///     TrialMeasurement(folds: try crossValidate(request.configuration, epochs: request.epochs))
/// }
/// print(result.best?.configuration ?? "none")
/// ```
///
/// Reproducible: the configurations are drawn up front from `seed`, every trial trains with
/// the same `seed` (so trials differ only by their configuration, and share their folds), and
/// results are gathered by trial number, so the outcome does not depend on `parallelism` or on
/// which trial finished first. `previous` records (a resumed study) are reused, not re-run.
public struct HyperparameterSearch: Sendable {
    public enum Strategy: Sendable, Equatable, Codable {
        /// `trials` configurations drawn at random (distinct grid points when every parameter is a list).
        case random(trials: Int)
        /// Every point of the grid (every parameter must be a list).
        case grid
        /// `candidates` random configurations, halved by `SuccessiveHalving`.
        case halving(candidates: Int, SuccessiveHalving)
    }

    public var space: SearchSpace
    public var strategy: Strategy
    /// What ranks the trials (mean over the folds).
    public var metric: SelectionMetric
    public var seed: UInt64
    /// Epochs of a trial when the strategy does not set them (nil: the recipe's own).
    public var epochs: Int?
    /// Trials run at once (each on its own thread).
    public var parallelism: Int = 1
    /// No trial starts after this moment; the result then says it was cut short.
    public var deadline: Date?
    /// Configurations to search instead of drawn ones (random and halving strategies): halving
    /// over a chosen list, or a study's own candidates.
    public var explicitCandidates: [Configuration]?

    public init(space: SearchSpace, strategy: Strategy, metric: SelectionMetric, seed: UInt64 = 0, epochs: Int? = nil) {
        self.space = space
        self.strategy = strategy
        self.metric = metric
        self.seed = seed
        self.epochs = epochs
    }

    /// The configurations of the first round, drawn from the seed (the stream is separate from
    /// the one training draws from).
    public func candidates() throws -> [Configuration] {
        var generator = SeededGenerator(seed: seed ^ 0x5EA2_C4DE_7A11_0000)
        if let explicitCandidates, strategy != .grid {
            guard !explicitCandidates.isEmpty else { throw SelectionError.invalidSearch("The search needs at least one candidate.") }
            return explicitCandidates
        }
        switch strategy {
        case .random(let trials), .halving(let trials, _):
            guard trials >= 1 else { throw SelectionError.invalidSearch("The search needs at least one trial, got \(trials).") }
            guard trials <= ValidationScheme.maximumSplitCount else {
                throw SelectionError.invalidSearch("The search can try at most \(ValidationScheme.maximumSplitCount) candidates, got \(trials) trials.")
            }
            if let size = space.gridSize, trials > size {
                throw SelectionError.invalidSearch("The space has only \(size) distinct configurations (every parameter is a list), fewer than the \(trials) trials asked for; ask for at most \(size), or use --search grid.")
            }
            return space.sample(trials, generator: &generator)
        case .grid:
            guard let size = space.gridSize else {
                let range = space.parameters.first { !$0.domain.isList }?.name ?? ""
                throw SelectionError.invalidSearch("A grid search needs a list of values for every parameter, but \"\(range)\" is a range; use --search random or halving, or list its values.")
            }
            guard size <= ValidationScheme.maximumSplitCount else {
                throw SelectionError.invalidSearch("The grid has \(size) points; at most \(ValidationScheme.maximumSplitCount) can be searched.")
            }
            return space.grid()
        }
    }

    /// Runs the search. `evaluate` is called from up to `parallelism` threads at once; it
    /// returns the trial's per-fold reports or throws to abort the search (after the trials
    /// running then finish). `onRecord` is called, one call at a time, for each trial finished
    /// in this run (not for reused ones), in the order they finish.
    ///
    /// With a `communicator` of several processes (`mpirun -np N`), every process runs the same
    /// search on the same arguments: process r evaluates the pending trials r, r + N, …, waves of
    /// `parallelism` × N trials are exchanged (`allGather`), and every process sees every record,
    /// so all make the same decisions; `onRecord` hears all of a wave's records on every process.
    /// The deadline is rank 0's. Call it from the thread that started the communicator.
    public func run(previous: [TrialRecord] = [], communicator: (any Communicator)? = nil,
                    evaluate: @escaping @Sendable (TrialRequest) throws -> TrialMeasurement,
                    onRecord: @escaping @Sendable (TrialRecord) -> Void = { _ in }) throws -> SearchResult {
        let candidates = try candidates()
        let reusable = Dictionary(previous.map { ($0.trial, $0) }, uniquingKeysWith: { first, _ in first })
        switch strategy {
        case .random, .grid:
            let requests = candidates.enumerated().map {
                TrialRequest(trial: $0.offset, candidate: $0.offset, iteration: 0, configuration: $0.element, seed: seed, epochs: epochs)
            }
            let (records, complete) = try runRound(requests, reusable: reusable, communicator: communicator, evaluate: evaluate, onRecord: onRecord)
            let best = bestRecord(records)
            return SearchResult(trials: records, best: best, complete: complete, schedule: nil)
        case .halving(_, let halving):
            let schedule = try halving.schedule(candidateCount: candidates.count)
            var remaining = Array(candidates.indices)
            var all = [TrialRecord]()
            var nextTrial = 0
            var complete = true
            var lastRound = [TrialRecord]()
            for (iteration, epochs) in schedule.epochs.enumerated() {
                let requests = remaining.enumerated().map { offset, candidate in
                    TrialRequest(trial: nextTrial + offset, candidate: candidate, iteration: iteration,
                                 configuration: candidates[candidate], seed: seed, epochs: epochs)
                }
                nextTrial += requests.count
                let (records, roundComplete) = try runRound(requests, reusable: reusable, communicator: communicator, evaluate: evaluate, onRecord: onRecord)
                all += records
                guard roundComplete else { complete = false; break }
                lastRound = records
                let kept = halving.survivors(scores: records.map { $0.score(metric) }, greaterIsBetter: metric.greaterIsBetter)
                remaining = kept.map { records[$0].candidate }
            }
            // The best of the last finished iteration, first in its order on ties (numpy's nanargmax).
            var best: TrialRecord?
            for record in lastRound where !record.score(metric).isNaN {
                if let current = best, !isBetter(record.score(metric), than: current.score(metric)) { continue }
                best = record
            }
            return SearchResult(trials: all, best: best ?? lastRound.first, complete: complete, schedule: schedule)
        }
    }

    func isBetter(_ score: Double, than other: Double) -> Bool {
        metric.greaterIsBetter ? score > other : score < other
    }

    /// The best mean score, the lowest trial number on ties; NaN scores never win.
    func bestRecord(_ records: [TrialRecord]) -> TrialRecord? {
        var best: TrialRecord?
        for record in records.sorted(by: { $0.trial < $1.trial }) where !record.score(metric).isNaN {
            if let current = best, !isBetter(record.score(metric), than: current.score(metric)) { continue }
            best = record
        }
        return best
    }

    /// Runs `requests` on `parallelism` threads; returns the records in request order and whether
    /// every request finished (false when the deadline stopped it).
    func runRound(_ requests: [TrialRequest], reusable: [Int: TrialRecord], communicator: (any Communicator)?,
                  evaluate: @escaping @Sendable (TrialRequest) throws -> TrialMeasurement,
                  onRecord: @escaping @Sendable (TrialRecord) -> Void) throws -> ([TrialRecord], Bool) {
        let state = RoundState(count: requests.count)
        var pending = [TrialRequest]()
        for request in requests {
            if let record = reusable[request.trial], record.matches(request) {
                state.results[request.trial - requests[0].trial] = record
            } else {
                pending.append(request)
            }
        }
        let first = requests.first?.trial ?? 0
        if let communicator, communicator.isDistributed {
            try runDistributed(pending, first: first, state: state, communicator: communicator, evaluate: evaluate, onRecord: onRecord)
        } else {
            try runLocal(pending, first: first, state: state, deadline: deadline, evaluate: evaluate, onRecord: onRecord)
        }
        if let error = state.error { throw error }
        let records = state.results.compactMap { $0 }
        return (records, records.count == requests.count)
    }

    /// Runs `pending` on `parallelism` threads of this process.
    func runLocal(_ pending: [TrialRequest], first: Int, state: RoundState, deadline: Date?,
                  evaluate: @escaping @Sendable (TrialRequest) throws -> TrialMeasurement,
                  onRecord: @escaping @Sendable (TrialRecord) -> Void) throws {
        let workers = max(1, min(parallelism, pending.count))
        let group = DispatchGroup()
        let queue = pending
        for _ in 0..<workers {
            group.enter()
            let thread = Thread {
                defer { group.leave() }
                while let request = state.claim(queue, deadline: deadline) {
                    let started = Date()
                    do {
                        let measurement = try evaluate(request)
                        let record = TrialRecord(request: request, measurement: measurement,
                                                 seconds: Date().timeIntervalSince(started))
                        state.finish(record, at: request.trial - first, onRecord: onRecord)
                    } catch {
                        state.fail(error)
                    }
                }
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
        group.wait()
    }

    /// Runs `pending` across the communicator's processes in waves, exchanging each wave's records.
    func runDistributed(_ pending: [TrialRequest], first: Int, state: RoundState, communicator: any Communicator,
                        evaluate: @escaping @Sendable (TrialRequest) throws -> TrialMeasurement,
                        onRecord: @escaping @Sendable (TrialRecord) -> Void) throws {
        let wave = max(1, parallelism) * communicator.size
        var start = 0
        while start < pending.count {
            // Rank 0's clock decides, so every rank runs the same number of waves.
            let expired = deadline.map { Date() >= $0 } ?? false
            let decision = communicator.allGather([expired ? 1 : 0])
            if decision[0] == [1] { return }
            let slice = Array(pending[start..<min(start + wave, pending.count)])
            let mine = slice.enumerated().filter { $0.offset % communicator.size == communicator.rank }.map(\.element)
            let localFirst = mine.first?.trial ?? 0
            let local = RoundState(count: (mine.last?.trial ?? localFirst) - localFirst + 1)
            try runLocal(mine, first: localFirst, state: local, deadline: nil, evaluate: evaluate, onRecord: { _ in })
            let share = WaveShare(records: local.results.compactMap { $0 }, error: local.error.map { "\($0)" })
            let gathered = communicator.allGather(Array(try JSONEncoder().encode(share)))
            for (rank, bytes) in gathered.enumerated() {
                let other = try JSONDecoder().decode(WaveShare.self, from: Data(bytes))
                if let error = other.error {
                    state.fail(SelectionError.invalidSearch(rank == communicator.rank ? error : "Rank \(rank): \(error)"))
                }
                for record in other.records { state.finish(record, at: record.trial - first, onRecord: onRecord) }
            }
            if state.error != nil { return }
            start += wave
        }
    }
}

/// What one process sends after a wave.
private struct WaveShare: Codable {
    var records: [TrialRecord]
    var error: String?
}

extension HyperparameterSearch {
    /// Rank 0's `records` on every rank (a resumed study's log is read by rank 0 alone).
    public static func share(_ records: [TrialRecord], from communicator: any Communicator) throws -> [TrialRecord] {
        guard communicator.isDistributed else { return records }
        let bytes = communicator.rank == 0 ? Array(try JSONEncoder().encode(records)) : []
        return try JSONDecoder().decode([TrialRecord].self, from: Data(communicator.allGather(bytes)[0]))
    }
}

/// The shared state of one round's worker threads.
final class RoundState: @unchecked Sendable {
    private let lock = NSLock()
    var results: [TrialRecord?]
    private var next = 0
    private(set) var error: (any Error)?

    init(count: Int) { results = [TrialRecord?](repeating: nil, count: count) }

    func claim(_ queue: [TrialRequest], deadline: Date?) -> TrialRequest? {
        lock.lock()
        defer { lock.unlock() }
        guard error == nil, next < queue.count else { return nil }
        if let deadline, Date() >= deadline { return nil }
        next += 1
        return queue[next - 1]
    }

    func finish(_ record: TrialRecord, at position: Int, onRecord: (TrialRecord) -> Void) {
        lock.lock()
        defer { lock.unlock() }
        results[position] = record
        onRecord(record)
    }

    func fail(_ error: any Error) {
        lock.lock()
        defer { lock.unlock() }
        if self.error == nil { self.error = error }
    }
}

/// One trial to run: a configuration, the training seed, and (halving, or a fixed budget) its epochs.
public struct TrialRequest: Sendable, Equatable {
    /// The trial's number in the study (0-based, in the order trials are planned).
    public var trial: Int
    /// The candidate's number (equal to `trial` except in halving, where a candidate is tried once per iteration).
    public var candidate: Int
    /// The halving iteration (0 otherwise).
    public var iteration: Int
    public var configuration: Configuration
    public var seed: UInt64
    /// Epochs to train for; nil for the recipe's own.
    public var epochs: Int?
}

/// What a trial measured: its folds, or why training failed (the trial then scores NaN, as
/// scikit-learn's `error_score=nan`).
public struct TrialMeasurement: Sendable, Equatable {
    public var folds: [FoldReport]
    public var failure: String?

    public init(folds: [FoldReport], failure: String? = nil) {
        self.folds = folds
        self.failure = failure
    }
}

/// A finished trial, as one line of the study log.
public struct TrialRecord: Sendable, Equatable, Codable {
    public var trial: Int
    public var candidate: Int
    public var iteration: Int
    public var configuration: Configuration
    public var seed: UInt64
    /// The epochs asked for (nil: the recipe's own).
    public var epochs: Int?
    public var folds: [FoldReport]
    public var failure: String?
    /// Wall time of the trial in seconds.
    public var seconds: Double

    public init(request: TrialRequest, measurement: TrialMeasurement, seconds: Double) {
        trial = request.trial
        candidate = request.candidate
        iteration = request.iteration
        configuration = request.configuration
        seed = request.seed
        epochs = request.epochs
        folds = measurement.folds
        failure = measurement.failure
        self.seconds = seconds
    }

    /// The metric's mean over the folds; NaN for a failed trial.
    public func score(_ metric: SelectionMetric) -> Double {
        failure != nil ? .nan : folds.summary(of: metric).mean
    }

    /// The epochs the folds actually ran (the largest, when early stopping differs by fold).
    public var epochsRun: Int { folds.map(\.epochs).max() ?? 0 }

    /// Whether this record answers `request` (same trial, configuration, seed and epochs).
    public func matches(_ request: TrialRequest) -> Bool {
        trial == request.trial && candidate == request.candidate && iteration == request.iteration
            && configuration == request.configuration && seed == request.seed && epochs == request.epochs
    }

    enum CodingKeys: String, CodingKey {
        case trial, candidate, iteration, configuration, seed, epochs, folds, failure, seconds
        case epochsRun = "epochs_run"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        trial = try container.decode(Int.self, forKey: .trial)
        candidate = try container.decode(Int.self, forKey: .candidate)
        iteration = try container.decode(Int.self, forKey: .iteration)
        configuration = try container.decode(Configuration.self, forKey: .configuration)
        seed = try container.decode(UInt64.self, forKey: .seed)
        epochs = try container.decodeIfPresent(Int.self, forKey: .epochs, in: 1...Int.max)
        folds = try container.decode([FoldReport].self, forKey: .folds)
        failure = try container.decodeIfPresent(String.self, forKey: .failure)
        seconds = try container.decode(Double.self, forKey: .seconds, in: .nonNegativeUnrounded)
    }

    /// The log line's fields, with `epochs_run` (the most epochs a fold trained) for readers.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(trial, forKey: .trial)
        try container.encode(candidate, forKey: .candidate)
        try container.encode(iteration, forKey: .iteration)
        try container.encode(configuration, forKey: .configuration)
        try container.encode(seed, forKey: .seed)
        try container.encodeIfPresent(epochs, forKey: .epochs)
        try container.encode(folds, forKey: .folds)
        try container.encodeIfPresent(failure, forKey: .failure)
        try container.encode(seconds, forKey: .seconds)
        try container.encode(epochsRun, forKey: .epochsRun)
    }
}

/// What a search found.
public struct SearchResult: Sendable {
    /// Every trial, in trial order.
    public var trials: [TrialRecord]
    /// The best trial (halving: the best of the last iteration); nil when every trial failed.
    public var best: TrialRecord?
    /// False when the deadline stopped the search before its plan was done.
    public var complete: Bool
    /// The halving plan, for halving searches.
    public var schedule: SuccessiveHalving.Schedule?
}
