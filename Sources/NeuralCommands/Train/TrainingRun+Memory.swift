import Foundation
import Neural

extension TrainingRun {
    /// Refuses a network whose parameters alone, with their gradients and up to three optimizer
    /// vectors of the same size (Adam with AMSGrad), would exceed the memory available (`MemoryBudget`): the
    /// weights are allocated when the network is built, before the trainer can check anything.
    /// `sharedBy` runs training at once (`tune --parallel`) each get that share of `available`.
    static func checkNetworkSize(inputs: Int, hidden: [Int], outputs: Int,
                                 available total: UInt64 = MemoryBudget.availableBytes(), sharedBy runs: Int = 1) throws {
        let available = total / UInt64(max(1, runs))
        var parameters = 0
        var overflow = false
        for (fanIn, fanOut) in zip([inputs] + hidden, hidden + [outputs]) {
            let (inputsAndBias, o0) = fanIn.addingReportingOverflow(1)
            let (weights, o1) = inputsAndBias.multipliedReportingOverflow(by: fanOut)
            let (sum, o2) = parameters.addingReportingOverflow(weights)
            parameters = sum
            overflow = overflow || o0 || o1 || o2
        }
        // Parameters, gradients, and up to three optimizer vectors, 4 bytes each.
        let (bytes, o3) = parameters.multipliedReportingOverflow(by: 5 * MemoryLayout<Float>.size)
        if overflow || o3 || UInt64(bytes) > available {
            let layers = ([inputs] + hidden + [outputs]).map(String.init).joined(separator: " → ")
            let needed = overflow || o3 ? "more than 2^63 bytes" : "\(bytes) bytes"
            let share = runs > 1 ? " to each of the \(runs) trials trained at once" : ""
            let advice = runs > 1 ? "use smaller --hidden layers or a lower --parallel" : "use smaller --hidden layers"
            throw CommandError.badInput("A network \(layers) needs \(needed) for its parameters, gradients and optimizer state, more than the \(available) bytes of memory available\(share); \(advice).")
        }
    }
}
