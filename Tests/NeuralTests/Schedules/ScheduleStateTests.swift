import Foundation
import Testing
@testable import Neural

/// Names, and exact resumption of every schedule through `Codable`.
@Suite struct ScheduleStateTests {
    @Test func kindNamesAreTheCommandLineSpellings() {
        #expect(ScheduleKind.allCases.map(\.rawValue) == [
            "constant", "inverse-scaling", "adaptive", "step", "exponential", "cosine",
            "sklearn-invscaling", "sklearn-adaptive",
        ])
        for kind in ScheduleKind.allCases {
            #expect(AnyLearningRateSchedule(kind: kind, initialRate: 0.1, epochs: 10).kind == kind)
        }
    }

    /// A loss that improves, stalls and improves again, so the adaptive schedules change state.
    static func loss(_ epoch: Int) -> Double { epoch < 4 ? 1 / Double(epoch + 1) : (epoch < 9 ? 0.25 : 0.2) }

    @Test(arguments: ScheduleKind.allCases)
    func resumingFromJSONGivesTheSameRates(_ kind: ScheduleKind) throws {
        func run(_ schedule: inout AnyLearningRateSchedule, epochs: Range<Int>) -> [Double] {
            var rates: [Double] = []
            for epoch in epochs {
                for _ in 0..<3 {
                    rates.append(schedule.learningRate)
                    schedule.stepTaken(batchSize: 5)
                }
                _ = schedule.epochEnded(EpochMetrics(trainingLoss: Self.loss(epoch)))
            }
            return rates
        }
        var uninterrupted = AnyLearningRateSchedule(kind: kind, initialRate: 0.1, epochs: 12)
        let expected = run(&uninterrupted, epochs: 0..<12)

        var first = AnyLearningRateSchedule(kind: kind, initialRate: 0.1, epochs: 12)
        var rates = run(&first, epochs: 0..<5)
        var resumed = try JSONDecoder().decode(AnyLearningRateSchedule.self, from: JSONEncoder().encode(first))
        #expect(resumed == first)
        rates += run(&resumed, epochs: 5..<12)
        #expect(rates == expected)
        #expect(resumed == uninterrupted)
    }
}
