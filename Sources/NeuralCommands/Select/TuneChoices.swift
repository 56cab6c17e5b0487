import ArgumentParser
import Foundation
import Neural

/// `--search`.
enum SearchKind: String, CaseIterable, ExpressibleByArgument {
    case random, grid, halving
}

extension SelectionMetric: ExpressibleByArgument {
    /// `log-loss` and `log_loss` both name the log-loss.
    public init?(argument: String) {
        self.init(rawValue: argument.replacingOccurrences(of: "-", with: "_"))
    }
}

/// `--time-budget`: seconds, or a number with s, m or h (`90`, `90s`, `10m`, `1.5h`).
struct TimeBudget: ExpressibleByArgument {
    var seconds: Double

    init?(argument: String) {
        let text = argument.trimmingCharacters(in: .whitespaces).lowercased()
        let units: [(String, Double)] = [("h", 3600), ("m", 60), ("s", 1)]
        var scale = 1.0
        var number = text
        if let unit = units.first(where: { text.hasSuffix($0.0) }) {
            scale = unit.1
            number = String(text.dropLast())
        }
        guard let value = Double(number), value.isFinite, value > 0 else { return nil }
        seconds = value * scale
    }

    static var defaultCompletionKind: CompletionKind { .default }
}

/// `--min-epochs`: the epochs of halving's first iteration.
struct MinimumEpochsArgument: ExpressibleByArgument {
    var value: SuccessiveHalving.MinimumEpochs

    init?(argument: String) {
        switch argument.lowercased() {
        case "exhaust": value = .exhaust
        case "smallest": value = .smallest
        default:
            guard let epochs = Int(argument), epochs >= 1 else { return nil }
            value = .epochs(epochs)
        }
    }

    init(_ value: SuccessiveHalving.MinimumEpochs) { self.value = value }

    var description: String {
        switch value {
        case .exhaust: "exhaust"
        case .smallest: "smallest"
        case .epochs(let epochs): String(epochs)
        }
    }
}
