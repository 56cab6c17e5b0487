import Foundation

/// Draws a training report as SVG: the loss curves (training and, when present, validation)
/// against the epoch and, for classifiers, the confusion matrix as a heat map.
struct TrainingReportPlot {
    /// Training loss per epoch (epoch 1 first).
    var trainingLoss: [Double]
    /// Validation loss per epoch; empty when there was no validation set.
    var validationLoss: [Double] = []
    /// Confusion matrix, rows = true class, columns = predicted class; nil for regression.
    var confusionMatrix: [[Int]]? = nil
    /// Class names, in the order of the confusion matrix's rows and columns.
    var classNames: [String] = []
    /// Title shown above the loss plot.
    var title: String = "Training"
    /// The epoch whose weights were kept (early stopping), marked with a vertical line; nil for none.
    var keptEpoch: Int? = nil
    /// Title shown above the confusion matrix (say which rows it counts).
    var matrixTitle: String = "Confusion matrix"

    /// The SVG text.
    func render() -> String {
        let plotWidth = 560.0
        let plotHeight = 380.0
        let hasMatrix = confusionMatrix.map { !$0.isEmpty } ?? false
        let matrixWidth = hasMatrix ? 440.0 : 0
        var document = SVGDocument(width: plotWidth + matrixWidth, height: plotHeight)
        drawLossCurves(into: &document, originX: 0, width: plotWidth, height: plotHeight)
        if hasMatrix, let matrix = confusionMatrix {
            drawConfusionMatrix(matrix, into: &document, originX: plotWidth, width: matrixWidth, height: plotHeight)
        }
        return document.rendered
    }

    private func drawLossCurves(into document: inout SVGDocument, originX: Double, width: Double, height: Double) {
        let left = originX + 70, right = originX + width - 20, top = 40.0, bottom = height - 55
        document.text(title, x: (left + right) / 2, y: 22, size: 15, anchor: .middle, weight: "bold")
        let series = [trainingLoss, validationLoss].filter { !$0.isEmpty }
        let values = series.flatMap { $0 }.filter { $0.isFinite }
        guard let smallest = values.min(), let largest = values.max() else {
            document.text("no finite loss values to plot", x: (left + right) / 2, y: (top + bottom) / 2, anchor: .middle)
            return
        }
        let epochs = max(trainingLoss.count, validationLoss.count)
        // A log scale shows the long tail of a loss curve; use it when the values span more
        // than two decades and are all positive.
        let useLog = smallest > 0 && largest / smallest > 100
        func scaled(_ value: Double) -> Double { useLog ? log10(value) : value }
        var lowerValue = scaled(smallest), upperValue = scaled(largest)
        if upperValue - lowerValue < 1e-12 { lowerValue -= 0.5; upperValue += 0.5 }
        let padding = (upperValue - lowerValue) * 0.05
        lowerValue -= padding; upperValue += padding
        if !useLog && smallest >= 0 { lowerValue = max(lowerValue, 0) }
        func xPosition(_ epoch: Double) -> Double {
            epochs <= 1 ? (left + right) / 2 : left + (epoch - 1) / Double(epochs - 1) * (right - left)
        }
        func yPosition(_ value: Double) -> Double {
            bottom - (scaled(value) - lowerValue) / (upperValue - lowerValue) * (bottom - top)
        }
        // Grid and y ticks.
        let yTicks: [Double] = useLog
            ? AxisTicks.decades(lower: pow(10, lowerValue), upper: pow(10, upperValue))
            : AxisTicks.linear(lower: lowerValue, upper: upperValue)
        for tick in yTicks {
            let y = yPosition(tick)
            guard y >= top - 0.5 && y <= bottom + 0.5 else { continue }
            document.line(x1: left, y1: y, x2: right, y2: y, stroke: "#e3e3e3")
            document.text(AxisTicks.label(tick), x: left - 8, y: y + 4, size: 11, anchor: .end, fill: "#444")
        }
        for tick in AxisTicks.linear(lower: 1, upper: Double(max(epochs, 1)), count: 6) where tick >= 1 {
            let x = xPosition(tick)
            document.line(x1: x, y1: bottom, x2: x, y2: bottom + 5, stroke: "#444")
            document.text(AxisTicks.label(tick), x: x, y: bottom + 18, size: 11, anchor: .middle, fill: "#444")
        }
        document.line(x1: left, y1: top, x2: left, y2: bottom, stroke: "#444")
        document.line(x1: left, y1: bottom, x2: right, y2: bottom, stroke: "#444")
        document.text("epoch", x: (left + right) / 2, y: height - 15, size: 12, anchor: .middle)
        document.text(useLog ? "loss (log scale)" : "loss", x: originX + 18, y: (top + bottom) / 2,
                      size: 12, anchor: .middle, rotation: -90)
        if let keptEpoch, keptEpoch >= 1, keptEpoch <= epochs {
            let x = xPosition(Double(keptEpoch))
            document.line(x1: x, y1: top, x2: x, y2: bottom, stroke: "#888", width: 1, dashed: true)
            // Below the legend, where late-epoch curves (low losses) rarely are; on whichever
            // side of the line has room for it (about 130 px).
            let fitsRight = x + 134 <= right
            document.text("weights kept: epoch \(keptEpoch)", x: fitsRight ? x + 4 : x - 4, y: top + 52,
                          size: 10, anchor: fitsRight ? .start : .end, fill: "#666")
        }
        // Curves.
        let colors = ["#1f77b4", "#d62728"]
        let names = ["training loss", "validation loss"]
        for (index, values) in [trainingLoss, validationLoss].enumerated() where !values.isEmpty {
            let points = values.enumerated().compactMap { epoch, value -> (Double, Double)? in
                value.isFinite ? (xPosition(Double(epoch + 1)), yPosition(value)) : nil
            }
            if points.count == 1 {
                document.circle(x: points[0].0, y: points[0].1, radius: 3, fill: colors[index])
            } else {
                document.polyline(points, stroke: colors[index])
            }
            let legendY = top + 6 + Double(index) * 18
            document.line(x1: right - 150, y1: legendY, x2: right - 125, y2: legendY, stroke: colors[index], width: 3)
            document.text(names[index], x: right - 118, y: legendY + 4, size: 11)
        }
    }

    private func drawConfusionMatrix(_ matrix: [[Int]], into document: inout SVGDocument,
                                     originX: Double, width: Double, height: Double) {
        let classCount = matrix.count
        let names = (0..<classCount).map { $0 < classNames.count ? classNames[$0] : String($0) }
        let labelSpace = 90.0
        let top = 60.0
        let available = min(width - labelSpace - 30, height - top - 60)
        let cell = available / Double(max(classCount, 1))
        let left = originX + labelSpace
        document.text(matrixTitle, x: left + available / 2, y: 22, size: 15, anchor: .middle, weight: "bold")
        document.text("predicted", x: left + available / 2, y: top - 22, size: 12, anchor: .middle)
        document.text("true", x: originX + 14, y: top + available / 2, size: 12, anchor: .middle, rotation: -90)
        let fontSize = max(7, min(13, cell * 0.35))
        for (row, counts) in matrix.enumerated() {
            let rowTotal = counts.reduce(0, +)
            for (column, count) in counts.enumerated() {
                // Colour by the share of the true class, so rare classes read as clearly as common ones.
                let share = rowTotal > 0 ? Double(count) / Double(rowTotal) : 0
                let x = left + Double(column) * cell
                let y = top + Double(row) * cell
                document.rectangle(x: x, y: y, width: cell, height: cell, fill: Self.blue(share), stroke: "white",
                                   title: "true \(names[row]), predicted \(names[column]): \(count)")
                if fontSize >= 7 {
                    document.text(String(count), x: x + cell / 2, y: y + cell / 2 + fontSize / 3, size: fontSize,
                                  anchor: .middle, fill: share > 0.5 ? "white" : "#222")
                }
            }
            document.text(Self.shortened(names[row]), x: left - 6, y: top + (Double(row) + 0.5) * cell + 4,
                          size: min(11, fontSize), anchor: .end)
        }
        for (column, name) in names.enumerated() {
            document.text(Self.shortened(name), x: left + (Double(column) + 0.5) * cell, y: top - 6,
                          size: min(11, fontSize), anchor: .middle)
        }
    }

    /// White (0) to dark blue (1).
    static func blue(_ share: Double) -> String {
        let clamped = min(max(share, 0), 1)
        let red = Int(247 - clamped * (247 - 8))
        let green = Int(251 - clamped * (251 - 48))
        let blue = Int(255 - clamped * (255 - 107))
        return String(format: "#%02x%02x%02x", red, green, blue)
    }

    static func shortened(_ name: String) -> String {
        name.count <= 12 ? name : String(name.prefix(11)) + "…"
    }
}
