import Foundation
import Neural

/// The metric against each searched parameter, one panel per parameter (SVG): numbers on a
/// linear axis (logarithmic for log-uniform and log-integer ranges), lists as categories. Each
/// trial is a dot; the best is orange; a halving trial of an earlier step is paler.
struct TunePlot {
    var space: SearchSpace
    var trials: [TrialRecord]
    var best: TrialRecord
    var metric: SelectionMetric
    var title: String

    func render() -> String {
        let panelWidth = 320.0, panelHeight = 260.0, columns = min(3, max(1, space.parameters.count))
        let rows = (space.parameters.count + columns - 1) / columns
        var document = SVGDocument(width: panelWidth * Double(columns), height: 40 + panelHeight * Double(max(rows, 1)))
        document.text(title, x: panelWidth * Double(columns) / 2, y: 24, size: 15, anchor: .middle, weight: "bold")
        let scored = trials.filter { !$0.score(metric).isNaN }
        let values = scored.map { $0.score(metric) }
        var lower = values.min() ?? 0, upper = values.max() ?? 1
        if upper - lower < 1e-12 { lower -= 0.5; upper += 0.5 }
        let pad = (upper - lower) * 0.06
        lower -= pad
        upper += pad
        let deepest = trials.map(\.iteration).max() ?? 0
        for (index, parameter) in space.parameters.enumerated() {
            let originX = panelWidth * Double(index % columns), originY = 40 + panelHeight * Double(index / columns)
            let left = originX + 62, right = originX + panelWidth - 16, top = originY + 28, bottom = originY + panelHeight - 46
            document.text(parameter.name, x: (left + right) / 2, y: originY + 16, size: 13, anchor: .middle, weight: "bold")
            document.rectangle(x: left, y: top, width: right - left, height: bottom - top, fill: "none", stroke: "#bbb")
            func yPosition(_ value: Double) -> Double { bottom - (value - lower) / (upper - lower) * (bottom - top) }
            for tick in AxisTicks.linear(lower: lower, upper: upper, count: 4) where tick >= lower && tick <= upper {
                document.line(x1: left, y1: yPosition(tick), x2: right, y2: yPosition(tick), stroke: "#eee")
                document.text(AxisTicks.label(tick), x: left - 6, y: yPosition(tick) + 4, size: 10, anchor: .end)
            }
            document.text(metric.rawValue, x: originX + 14, y: (top + bottom) / 2, size: 11, anchor: .middle, rotation: -90)
            let axis = Axis(domain: parameter.domain, values: trials.map { $0.configuration[parameter.name] ?? "" })
            for (position, label) in axis.ticks {
                let x = left + position * (right - left)
                document.line(x1: x, y1: bottom, x2: x, y2: bottom + 4, stroke: "#888")
                document.text(label, x: x, y: bottom + 16, size: 10, anchor: .middle)
            }
            for record in scored where record.trial != best.trial {
                guard let position = axis.position(record.configuration[parameter.name] ?? "") else { continue }
                let faded = record.iteration < deepest
                document.circle(x: left + position * (right - left), y: yPosition(record.score(metric)), radius: 3.5,
                                fill: faded ? "#9ecae1" : "#1f77b4")
            }
            if let position = axis.position(best.configuration[parameter.name] ?? "") {
                document.circle(x: left + position * (right - left), y: yPosition(best.score(metric)), radius: 5.5, fill: "#ff7f0e")
            }
        }
        return document.rendered
    }

    /// Where a value sits across a panel, from 0 (left) to 1 (right).
    struct Axis {
        var ticks: [(Double, String)] = []
        private var place: (String) -> Double?

        init(domain: SearchSpace.Domain, values: [String]) {
            switch domain {
            case .choices(let choices):
                let step = 1 / Double(choices.count)
                place = { value in choices.firstIndex(of: value).map { (Double($0) + 0.5) * step } }
                ticks = choices.enumerated().map { ((Double($0.offset) + 0.5) * step, $0.element) }
            case let .uniform(lower, upper):
                place = Self.linear(lower, upper)
                ticks = AxisTicks.linear(lower: lower, upper: upper, count: 4).map { ((($0 - lower) / (upper - lower)), AxisTicks.label($0)) }
            case let .integer(lower, upper):
                let low = Double(lower), high = Double(max(upper, lower + 1))
                place = Self.linear(low, high)
                ticks = AxisTicks.linear(lower: low, upper: high, count: 4).map { (($0 - low) / (high - low), AxisTicks.label($0)) }
            case let .logUniform(lower, upper):
                place = Self.logarithmic(lower, upper)
                ticks = Self.logTicks(lower, upper)
            case let .logInteger(lower, upper):
                let high = Double(max(upper, lower + 1))
                place = Self.logarithmic(Double(lower), high)
                ticks = Self.logTicks(Double(lower), high)
            }
        }

        func position(_ value: String) -> Double? { place(value) }

        static func linear(_ lower: Double, _ upper: Double) -> (String) -> Double? {
            { text in Double(text).map { ($0 - lower) / (upper - lower) } }
        }

        static func logarithmic(_ lower: Double, _ upper: Double) -> (String) -> Double? {
            { text in Double(text).map { (Foundation.log($0) - Foundation.log(lower)) / (Foundation.log(upper) - Foundation.log(lower)) } }
        }

        static func logTicks(_ lower: Double, _ upper: Double) -> [(Double, String)] {
            AxisTicks.decades(lower: lower, upper: upper).map {
                ((Foundation.log($0) - Foundation.log(lower)) / (Foundation.log(upper) - Foundation.log(lower)), AxisTicks.label($0))
            }
        }
    }
}
