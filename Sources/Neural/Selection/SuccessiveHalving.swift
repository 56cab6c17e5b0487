import Foundation

/// Successive halving with training epochs as the resource, by the rule of scikit-learn's
/// `HalvingRandomSearchCV` (`sklearn/model_selection/_search_successive_halving.py`):
///
/// - n_required = 1 + ⌊log(n_candidates) / log(factor)⌋
/// - min_resources: `smallest` is 1 epoch; `exhaust` is max(1, max_resources // factor^(n_required − 1)),
///   so the last required iteration trains as long as allowed; or a number of epochs.
/// - n_possible = 1 + ⌊log(max_resources // min_resources) / log(factor)⌋
/// - n_iterations = n_required with aggressive elimination, else min(n_possible, n_required)
/// - iteration i trains every remaining candidate for
///   min(int(factor^p · min_resources), max_resources) epochs, p = i, or with aggressive
///   elimination p = max(0, i − n_required + n_possible); then keeps the ⌈n/factor⌉ best.
/// - the best candidate is the best of the last iteration.
///
/// Each iteration trains its candidates from scratch for its epochs (scikit-learn refits each
/// candidate with the iteration's resource; here the same seed makes the first epochs of a
/// longer run those of the shorter one, for schedules that do not depend on the epoch count).
public struct SuccessiveHalving: Sendable, Equatable, Codable {
    /// The epochs of the first iteration.
    public enum MinimumEpochs: Sendable, Equatable, Codable {
        case smallest
        case exhaust
        case epochs(Int)
    }

    /// How many candidates each iteration keeps: ⌈n / factor⌉ (scikit-learn's default 3).
    public var factor: Double
    public var minimumEpochs: MinimumEpochs
    /// The epochs of a candidate that reaches the end (scikit-learn's `max_resources`).
    public var maximumEpochs: Int
    /// Replay the first budget until few enough candidates are left for the last iteration.
    public var aggressiveElimination: Bool

    public init(factor: Double = 3, minimumEpochs: MinimumEpochs = .exhaust, maximumEpochs: Int,
                aggressiveElimination: Bool = false) {
        self.factor = factor
        self.minimumEpochs = minimumEpochs
        self.maximumEpochs = maximumEpochs
        self.aggressiveElimination = aggressiveElimination
    }

    /// The plan for `candidateCount` first-iteration candidates.
    public struct Schedule: Sendable, Equatable, Codable {
        public var requiredIterations: Int
        public var possibleIterations: Int
        public var minimumEpochs: Int
        /// Candidates evaluated in each iteration.
        public var candidates: [Int]
        /// Epochs each candidate trains for in each iteration.
        public var epochs: [Int]
    }

    /// The most halving steps a schedule may have (a factor of 1.02 makes 582 steps for
    /// 100 000 candidates, 1 + ⌊ln 100000 / ln 1.02⌋).
    public static let maximumIterations = 1_000

    /// The iterations for `candidateCount` candidates. Throws `SelectionError.invalidSearch`
    /// for a factor ≤ 1, no candidate, a minimum above the maximum, or more steps than
    /// `maximumIterations`.
    public func schedule(candidateCount: Int) throws -> Schedule {
        guard factor > 1, factor.isFinite else { throw SelectionError.invalidSearch("The halving factor must be above 1, got \(factor).") }
        guard candidateCount >= 1 else { throw SelectionError.invalidSearch("Successive halving needs at least one candidate.") }
        guard maximumEpochs >= 1 else { throw SelectionError.invalidSearch("The maximum epochs must be at least 1, got \(maximumEpochs).") }
        // Python's math.log(x, base) is log(x) / log(base); floor of the same doubles.
        let required = 1 + Int((Foundation.log(Double(candidateCount)) / Foundation.log(factor)).rounded(.down))
        var minimum: Int
        switch minimumEpochs {
        case .smallest: minimum = 1
        case .exhaust:
            let divisor = Foundation.pow(factor, Double(required - 1))
            let share = (Double(maximumEpochs) / divisor).rounded(.down)
            // Double(Int.max) is 2^63, which Int cannot hold: the conversion would trap.
            minimum = share >= Double(maximumEpochs) ? maximumEpochs : max(1, Int(share))
        case .epochs(let epochs): minimum = epochs
        }
        guard minimum >= 1 else { throw SelectionError.invalidSearch("The minimum epochs must be at least 1, got \(minimum).") }
        guard minimum <= maximumEpochs else {
            throw SelectionError.invalidSearch("The minimum epochs (\(minimum)) are above the maximum (\(maximumEpochs), from --epochs).")
        }
        let possible = 1 + Int((Foundation.log(Double(maximumEpochs / minimum)) / Foundation.log(factor)).rounded(.down))
        let iterations = aggressiveElimination ? required : min(possible, required)
        // A factor just above 1 keeps nearly every candidate at each step: the schedule would
        // have as many steps as the doubles allow (10^15 and more), a search that never ends.
        guard iterations <= Self.maximumIterations else {
            throw SelectionError.invalidSearch("A halving factor of \(factor) makes \(iterations) halving steps, more than \(Self.maximumIterations); give a larger factor (scikit-learn's default is 3).")
        }
        var candidates = [Int](), epochs = [Int]()
        var remaining = candidateCount
        for iteration in 0..<iterations {
            let power = aggressiveElimination ? max(0, iteration - required + possible) : iteration
            // Compared in Double before the conversion, which would trap beyond Int.max.
            let resources = Foundation.pow(factor, Double(power)) * Double(minimum)
            candidates.append(remaining)
            epochs.append(resources < Double(maximumEpochs) ? Int(resources) : maximumEpochs)
            remaining = Int((Double(remaining) / factor).rounded(.up))
        }
        return Schedule(requiredIterations: required, possibleIterations: possible, minimumEpochs: minimum,
                        candidates: candidates, epochs: epochs)
    }

    /// The survivors of an iteration: positions (into `scores`, the iteration's order) of the
    /// ⌈n / factor⌉ best, in ascending order of score, NaN scores treated as worst — as
    /// scikit-learn's `_top_k` (a stable sort; NaNs first, then the last k).
    public func survivors(scores: [Double], greaterIsBetter: Bool) -> [Int] {
        let keep = Int((Double(scores.count) / factor).rounded(.up))
        let oriented = scores.map { greaterIsBetter ? $0 : -$0 }
        let nans = oriented.indices.filter { oriented[$0].isNaN }
        let numbers = oriented.indices.filter { !oriented[$0].isNaN }.sorted { lhs, rhs in
            oriented[lhs] != oriented[rhs] ? oriented[lhs] < oriented[rhs] : lhs < rhs
        }
        return Array((nans + numbers).suffix(keep))
    }
}
