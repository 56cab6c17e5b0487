import Foundation
import Testing
@testable import Neural

/// Successive halving against schedules and selections recorded from scikit-learn's
/// `HalvingRandomSearchCV` by `Fixtures/reference/generate_halving_reference.py` (versions in
/// the fixture). The stand-in model's score is ((37·a + 11·epochs) mod 997) / 997 + a·1e-7 for
/// candidate a, computed in Double here as there, so every comparison is exact.
@Suite struct SuccessiveHalvingReferenceTests {
    struct Reference: Decodable {
        struct Case: Decodable {
            var name: String
            var candidates: Int
            var max_epochs: Int
            var min_resources: MinResources
            var factor: Double
            var aggressive_elimination: Bool
            var n_candidates: [Int]
            var n_resources: [Int]
            var n_iterations: Int
            var n_required_iterations: Int
            var n_possible_iterations: Int
            var min_resources_: Int
            var evaluated: [[Int]]
            var best: Int
        }
        var cases: [Case]
    }

    enum MinResources: Decodable {
        case name(String), value(Int)
        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let value = try? container.decode(Int.self) { self = .value(value) } else { self = .name(try container.decode(String.self)) }
        }
        var minimum: SuccessiveHalving.MinimumEpochs {
            switch self {
            case .value(let epochs): .epochs(epochs)
            case .name(let name): name == "smallest" ? .smallest : .exhaust
            }
        }
    }

    static func score(_ a: Int, epochs: Int) -> Double {
        Double((37 * a + 11 * epochs) % 997) / 997 + Double(a) * 1e-7
    }

    static let cases: [Reference.Case] = (try? Fixtures.decode(Reference.self, from: "halving_reference.json").cases) ?? []

    @Test func fixtureIsPresent() { #expect(Self.cases.count == 8) }

    @Test(arguments: cases.map(\.name))
    func scheduleAndSelectionMatchScikitLearn(name: String) throws {
        let reference = try #require(Self.cases.first { $0.name == name })
        let halving = SuccessiveHalving(factor: reference.factor, minimumEpochs: reference.min_resources.minimum,
                                        maximumEpochs: reference.max_epochs,
                                        aggressiveElimination: reference.aggressive_elimination)
        let schedule = try halving.schedule(candidateCount: reference.candidates)
        #expect(schedule.candidates == reference.n_candidates)
        #expect(schedule.epochs == reference.n_resources)
        #expect(schedule.requiredIterations == reference.n_required_iterations)
        #expect(schedule.possibleIterations == reference.n_possible_iterations)
        #expect(schedule.minimumEpochs == reference.min_resources_)

        // The candidates in scikit-learn's first-iteration order, each configuration a=<number>.
        let candidates = reference.evaluated[0].map { Configuration(names: ["a"], values: [String($0)]) }
        var search = HyperparameterSearch(space: SearchSpace([.init(name: "a", domain: .choices(candidates.map { $0.values[0] }))]),
                                          strategy: .halving(candidates: candidates.count, halving), metric: .r2)
        search.explicitCandidates = candidates
        let result = try search.run { request in
            let a = Int(request.configuration["a"]!)!
            let score = Self.score(a, epochs: request.epochs!)
            let report = FoldReport(repeatIndex: 0, foldIndex: 0, trainingRows: 1, validationRows: 0, scoredRows: 1,
                                    epochs: request.epochs!, evaluation: .regression(RegressionReport(mse: 0, rmse: 0, mae: 0, r2: score, samples: 1)))
            return TrialMeasurement(folds: [report])
        }
        let evaluated = (0..<schedule.epochs.count).map { iteration in
            result.trials.filter { $0.iteration == iteration }.map { Int($0.configuration["a"]!)! }
        }
        #expect(evaluated == reference.evaluated)
        #expect(result.best.map { Int($0.configuration["a"]!)! } == reference.best)
        #expect(result.trials.allSatisfy { $0.epochs == schedule.epochs[$0.iteration] })
    }

    @Test func survivorsTreatNaNAsWorstAndLowerIsBetterMetrics() {
        let halving = SuccessiveHalving(factor: 2, maximumEpochs: 10)
        // ⌈5 / 2⌉ = 3 kept, in ascending order of score.
        #expect(halving.survivors(scores: [0.5, .nan, 0.9, 0.1, 0.7], greaterIsBetter: true) == [0, 4, 2])
        // For a loss, the smallest are best: ascending order of −loss.
        #expect(halving.survivors(scores: [0.5, .nan, 0.9, 0.1, 0.7], greaterIsBetter: false) == [4, 0, 3])
    }

    @Test func impossibleSchedulesAreRefused() {
        #expect(throws: SelectionError.self) { try SuccessiveHalving(factor: 1, maximumEpochs: 10).schedule(candidateCount: 5) }
        #expect(throws: SelectionError.invalidSearch("The minimum epochs (20) are above the maximum (10, from --epochs).")) {
            try SuccessiveHalving(minimumEpochs: .epochs(20), maximumEpochs: 10).schedule(candidateCount: 5)
        }
    }

    /// A factor just above 1 would make a schedule of about ln(n) / ln(factor) steps (here
    /// ln 3 / 1e-7 ≈ 1.1e7, and 1e15 and more for factors nearer 1): refused, not looped over.
    @Test func aFactorJustAboveOneIsRefused() {
        #expect(throws: SelectionError.self) {
            try SuccessiveHalving(factor: 1.0000001, maximumEpochs: 10, aggressiveElimination: true).schedule(candidateCount: 3)
        }
        #expect(throws: SelectionError.self) {
            try SuccessiveHalving(factor: 1 + 2 * Double.ulpOfOne, minimumEpochs: .smallest, maximumEpochs: 1_000).schedule(candidateCount: 100)
        }
        // The most epochs an Int holds: the first step's share and every step's epochs stay Ints.
        let schedule = try? SuccessiveHalving(factor: 3, maximumEpochs: Int.max).schedule(candidateCount: 1)
        #expect(schedule?.epochs == [Int.max])
    }
}
