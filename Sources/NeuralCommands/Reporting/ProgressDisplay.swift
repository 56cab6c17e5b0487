import Foundation

/// Shows training progress on standard error (through `Console.current`): a redrawn bar on a
/// terminal, one plain line per reported epoch otherwise (logs and pipes stay readable), nothing
/// when quiet.
final class ProgressDisplay {
    enum Style { case bar, lines, silent }

    let style: Style
    let totalEpochs: Int
    private var lastLineLength = 0
    private let startTime = Date()
    /// With plain lines, report about this many epochs in all (plus the last one).
    private let lineInterval: Int

    private let console: Console
    /// Text shown before each line (for example the data set's name); empty by default.
    private let label: String

    init(totalEpochs: Int, quiet: Bool, label: String = "", console: Console = Console.current) {
        self.console = console
        self.label = label.isEmpty ? "" : label + "  "
        let isTerminal = console.errorIsTerminal
        self.totalEpochs = max(totalEpochs, 1)
        if quiet { style = .silent } else { style = isTerminal ? .bar : .lines }
        lineInterval = max(1, totalEpochs / 20)
    }

    /// Reports the end of `epoch` (1-based).
    func update(epoch: Int, loss: Double, validationLoss: Double?, learningRate: Double) {
        // Formatted only for an epoch that is shown (a quiet or logged run of many short epochs
        // would otherwise format three numbers per epoch for nothing).
        var metrics: String {
            let validation = validationLoss.map { String(format: "  val_loss %.4g", $0) } ?? ""
            return String(format: "loss %.4g", loss) + validation + String(format: "  lr %.3g", learningRate)
        }
        switch style {
        case .silent:
            return
        case .lines:
            guard epoch == 1 || epoch % lineInterval == 0 || epoch == totalEpochs else { return }
            console.printError("\(label)epoch \(epoch)/\(totalEpochs)  \(metrics)")
        case .bar:
            let width = 28
            let filled = Int(Double(width) * Double(epoch) / Double(totalEpochs))
            let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
            let elapsed = Date().timeIntervalSince(startTime)
            let line = "\(label)\(bar) \(epoch)/\(totalEpochs)  \(metrics)  \(Self.duration(elapsed))"
            let padding = String(repeating: " ", count: max(0, lastLineLength - line.count))
            lastLineLength = line.count
            console.writeError("\r\(line)\(padding)")
        }
    }

    /// Ends the display (a newline after the bar).
    func finish() {
        if style == .bar && lastLineLength > 0 {
            console.writeError("\n")
        }
    }

    static func duration(_ seconds: Double) -> String {
        seconds < 60 ? String(format: "%.1fs", seconds) : String(format: "%dm%02ds", Int(seconds) / 60, Int(seconds) % 60)
    }
}
