import Foundation
import Testing
@testable import NeuralCommands

/// The result of running `neural` in process.
struct CommandResult {
    var code: Int32
    var output: String
    var error: String
}

/// Runs `neural arguments…` in process with a capturing console.
func runNeural(_ arguments: [String]) -> CommandResult {
    let capture = CapturedConsole()
    let code = Console.$current.withValue(capture.console) {
        NeuralCommand.run(arguments: arguments)
    }
    return CommandResult(code: code, output: capture.output, error: capture.error)
}

/// A fresh temporary folder for one test, removed by `remove()`.
struct TemporaryFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("neural-cli-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let path = path(name)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func exists(_ name: String) -> Bool { FileManager.default.fileExists(atPath: path(name)) }

    /// The names of the files in the folder, sorted.
    func contents() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: url.path).sorted()
    }

    func remove() { try? FileManager.default.removeItem(at: url) }
}

/// Small deterministic data sets (no random generator: values come from sines and cosines, so
/// the files are the same on every run).
enum SampleData {
    /// 80 rows: numeric `x1`, `x2`, categorical `color`, and a text class `label` whose names
    /// contain a delimiter and a quote, decided by `x1 + x2 > 0` — separable by a small network.
    static var classification: String {
        var lines = ["x1,x2,color,label"]
        let colors = ["red", "green", "blue"]
        for i in 0..<80 {
            let x1 = sin(Double(i) * 1.3), x2 = cos(Double(i) * 0.7)
            let label = x1 + x2 > 0 ? "\"big \"\"one\"\"\"" : "\"small, round\""
            lines.append(String(format: "%.4f,%.4f,%@,%@", x1, x2, colors[i % 3], label))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// 80 rows: `y = 3·x1 − 2·x2 + [color = red] + 10`, exactly linear in the encoded features.
    static var regression: String {
        var lines = ["x1,x2,color,y"]
        let colors = ["red", "green", "blue"]
        for i in 0..<80 {
            let x1 = sin(Double(i) * 1.3), x2 = cos(Double(i) * 0.7)
            let y = 3 * x1 - 2 * x2 + (i % 3 == 0 ? 1 : 0) + 10
            lines.append(String(format: "%.4f,%.4f,%@,%.4f", x1, x2, colors[i % 3], y))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The feature columns of `csv` only (the target, the last column, removed).
    static func withoutTarget(_ csv: String) -> String {
        csv.split(separator: "\n").map { line -> String in
            let fields = line.split(separator: ",", maxSplits: 3, omittingEmptySubsequences: false)
            return fields.prefix(3).joined(separator: ",")
        }.joined(separator: "\n") + "\n"
    }

    /// Fast training flags for the tests.
    static let fastFlags = ["--hidden", "8", "--epochs", "30", "--batch-size", "16", "--learning-rate", "0.01", "--quiet"]
}

/// Parses a JSON object printed by a command.
func jsonObject(_ text: String) throws -> [String: Any] {
    let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
    return try #require(object as? [String: Any])
}
