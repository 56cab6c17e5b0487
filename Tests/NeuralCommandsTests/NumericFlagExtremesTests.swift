import Foundation
import Testing
@testable import NeuralCommands

/// Every numeric flag of every command against a table of extreme values: the command either
/// runs (0), fails to train (1) or refuses the value (2); it never stops on a trap. A value fine
/// as a `Double` can overflow, vanish or round to 1 as the `Float` training uses, so each flag is
/// checked after conversion (`NumericFlag`).
@Suite struct NumericFlagExtremesTests {
    /// Floating-point extremes: ±0, subnormals of Double and Float, 1e-50 (0 as a Float), 1e39 and
    /// Float's greatest finite value rounded up (∞ as a Float), ±Double.greatestFiniteMagnitude,
    /// the non-finite spellings, and values just below 1 that round to 1 as a Float.
    static let realExtremes = ["0", "-0", "5e-324", "1e-45", "1e-50", "1e39", "3.4028235e38", "3.4028236e38",
                               "1.7976931348623157e308", "-1.7976931348623157e308", "nan", "inf", "-inf",
                               "0.99999999", "1", "-1"]
    /// Integer extremes: 0, -1, the ends of Int, past them, and spellings that are no integer.
    /// (A valid huge epoch count is not in the table: it would train for that long.)
    static let integerExtremes = ["0", "-1", "-9223372036854775808", "9223372036854775808", "1e3", "nan"]

    static let trainRealFlags = ["--learning-rate", "--momentum", "--l1", "--l2", "--dropout", "--validation-split",
                                 "--test-split", "--clip-norm", "--max-gradient-norm", "--tol"]
    static let trainIntegerFlags = ["--epochs", "--batch-size", "--patience", "--checkpoint-every", "--hidden", "--seed",
                                    "--max-record-bytes", "--max-categories", "--n-iter-no-change"]

    /// The extra flags a flag needs to be read at all.
    static func companions(_ flag: String) -> [String] {
        switch flag {
        case "--momentum": ["--optimizer", "sgd"]
        case "--patience": ["--early-stopping"]
        default: []
        }
    }

    /// The cases of each class that training itself reads (argument parsing costs ~0.1 s of CPU
    /// per run in a debug build, so `swift test` runs these; `.ci/property.sh` draws from the
    /// whole table, for every command, through the executable).
    static let trainRealExtremes = ["-0", "1e-45", "1e-50", "1e39", "3.4028235e38", "3.4028236e38",
                                    "-1.7976931348623157e308", "nan", "0.99999999"]

    static var trainCases: [(String, String)] {
        trainRealFlags.flatMap { flag in trainRealExtremes.map { (flag, $0) } }
            + trainIntegerFlags.flatMap { flag in ["0", "-9223372036854775808", "9223372036854775807"].compactMap { value in
                flag == "--epochs" && value == "9223372036854775807" ? nil : (flag, value) } }
    }

    @Test(arguments: trainCases)
    func trainFlag(flag: String, value: String) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let data = try folder.write("d.csv", SampleData.classification)
        var arguments = ["train", data, "--target", "label", "--quiet", "--model", folder.path("m.safetensors")]
        if flag != "--epochs" { arguments += ["--epochs", "1"] }
        if flag != "--hidden" { arguments += ["--hidden", "2"] }
        let result = runNeural(arguments + Self.companions(flag) + ["\(flag)=\(value)"])
        #expect([0, 1, 2].contains(result.code), "\(flag) \(value): \(result.code) \(result.error)")
        if result.code == 2 { #expect(!result.error.isEmpty) }
    }

    /// `cross-validate` and `tune` read the train flags through the same option groups; each
    /// train flag is tried with one extreme, the commands' own flags with the whole table. A
    /// valid but huge amount of work (`--repeats`, `--trials` of 2^63 − 1) is
    /// refused before anything is allocated for it.
    static let selectionIntegerValues = ["0", "-1", "-9223372036854775808", "9223372036854775807", "9223372036854775808", "nan", "1"]

    static var selectionCases: [([String], String)] {
        let commands: [(String, [String], [String])] = [
            ("cross-validate", ["--folds", "--repeats", "--shuffle-seed"], []),
            ("tune", ["--trials", "--folds", "--repeats", "--shuffle-seed", "--parallel", "--threads", "--top", "--min-epochs"],
             ["--factor", "--time-budget"]),
        ]
        return commands.flatMap { command, integers, reals in
            integers.flatMap { flag in selectionIntegerValues.map { ([command, flag], $0) } }
                + reals.flatMap { flag in (trainRealExtremes + ["1", "-1", "1e-300"]).map { ([command, flag], $0) } }
                // The train flags are read by the same option groups as in `trainFlag`: one value each.
                + trainRealFlags.map { ([command, $0], "1e39") } + trainIntegerFlags.map { ([command, $0], "-9223372036854775808") }
        }
    }

    @Test(arguments: selectionCases)
    func crossValidateAndTuneFlag(command: [String], value: String) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let data = try folder.write("d.csv", SampleData.classification)
        let (name, flag) = (command[0], command[1])
        var arguments = [name, data, "--target", "label", "--quiet"]
        if flag != "--epochs" { arguments += ["--epochs", "1"] }
        if flag != "--hidden" { arguments += ["--hidden", "2"] }
        if flag != "--folds" { arguments += ["--folds", "2"] }
        if name == "tune" {
            arguments += ["--space", "hidden=[2],[3]", "--model", folder.path("m.safetensors")]
            if flag != "--trials" { arguments += ["--trials", "1"] }
            if ["--factor", "--min-epochs"].contains(flag) { arguments += ["--search", "halving"] }
        }
        let result = runNeural(arguments + Self.companions(flag) + ["\(flag)=\(value)"])
        #expect([0, 1, 2].contains(result.code), "\(name) \(flag) \(value): \(result.code) \(result.error)")
        if result.code == 2 { #expect(!result.error.isEmpty) }
    }

    /// Values in `tune --space` are train flag values too: checked as the Float they become,
    /// so a listed or drawn 1e39 is refused before any trial instead of trapping in one.
    @Test(arguments: ["learning-rate=1e39|0.01", "dropout=0.99999999", "clip-norm=1e-50|1", "l2=1e39", "l1=3.4028236e38",
                      "max-gradient-norm=uniform(1e38,3.4028236e38)", "learning-rate=loguniform(1e-50,1e-1)",
                      "momentum=0.99999999; optimizer=sgd"])
    func tuneSpaceValueBeyondAFloatIsRefused(space: String) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let data = try folder.write("d.csv", SampleData.classification)
        let result = runNeural(["tune", data, "--target", "label", "--quiet", "--epochs", "1", "--hidden", "2", "--folds", "2",
                                "--space", space, "--trials", "1", "--model", folder.path("m.safetensors")])
        #expect(result.code == 2, "\(space): \(result.code) \(result.error)")
        #expect(result.error.contains("32-bit float") || result.error.contains("must be"), "\(result.error)")
        #expect(try folder.contents() == ["d.csv"])
    }

    /// `explain`'s numeric flags, per topic.
    static var explainCases: [([String], String)] {
        let topics: [(String, [String])] = [
            ("linear-neuron", ["--learning-rate", "--steps", "--bias", "--seed"]),
            ("perceptron", ["--learning-rate", "--epochs", "--bias"]),
            ("losses", ["--alpha", "--smoothing"]),
            ("learning-rate", ["--learning-rate", "--epochs"]),
            ("adam", ["--learning-rate", "--steps"]),
        ]
        return topics.flatMap { topic, flags in
            flags.flatMap { flag in (trainRealExtremes + ["-1", "0", "9223372036854775807", "9223372036854775808"]).map { (["explain", topic, flag], $0) } }
        }
    }

    @Test(arguments: explainCases)
    func explainFlag(command: [String], value: String) {
        let flag = command[2]
        let result = runNeural(Array(command.prefix(2)) + ["\(flag)=\(value)"])
        #expect([0, 2].contains(result.code), "\(command) \(value): \(result.code) \(result.error)")
    }

    @Test(arguments: integerExtremes + ["9223372036854775807", "1"])
    func demoSeedAndPredictBlock(value: String) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let seed = runNeural(["demo", "--epochs", "1", "--quiet", "--output-dir", folder.path("demo"), "--seed=\(value)"])
        #expect([0, 2].contains(seed.code), "--seed \(value): \(seed.error)")
        let epochs = runNeural(["demo", "--quiet", "--export-data", folder.path("data"), "--epochs=\(value)"])
        #expect([0, 2].contains(epochs.code), "--epochs \(value): \(epochs.error)")
        let data = try folder.write("d.csv", SampleData.classification)
        let model = folder.path("m.safetensors")
        #expect(runNeural(["train", data, "--target", "label", "--quiet", "--epochs", "1", "--hidden", "2", "--model", model]).code == 0)
        let predict = runNeural(["predict", model, data, "--rows-per-block=\(value)", "--max-record-bytes=\(value)"])
        #expect([0, 2].contains(predict.code), "--rows-per-block \(value): \(predict.error)")
    }

    /// The values of the report (each trapped before): refused with exit 2, naming the flag and
    /// the 32-bit float limit, through the executable.
    @Test(.enabled(if: BuiltBinaryTests.binary != nil), arguments: [
        (["--dropout", "0.99999999"], "rounds to 1"),
        (["--learning-rate", "1e39"], "largest 32-bit float"),
        (["--l1", "1e39"], "largest 32-bit float"),
        (["--l2", "1e39"], "largest 32-bit float"),
        (["--clip-norm", "1e39"], "largest 32-bit float"),
        (["--clip-norm", "1e-50"], "smallest normal 32-bit float"),
        (["--hidden", "9223372036854775807"], "--hidden"),
    ])
    func reportedTrapsAreRefusedByTheExecutable(flags: [String], expected: String) throws {
        let binary = try #require(BuiltBinaryTests.binary)
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let data = try folder.write("d.csv", SampleData.classification)
        let result = try BuiltBinaryTests.run(binary, ["train", data, "--target", "label", "--quiet", "--epochs", "1",
                                                       "--model", folder.path("m.safetensors")] + flags)
        #expect(result.code == 2, "\(flags): \(result.code) \(result.error)")
        #expect(result.error.contains(flags[0]) && result.error.contains(expected), "\(result.error)")
        #expect(try folder.contents() == ["d.csv"])
    }

    @Test(.enabled(if: BuiltBinaryTests.binary != nil))
    func explainExtremesThroughTheExecutable() throws {
        let binary = try #require(BuiltBinaryTests.binary)
        for arguments in [["explain", "linear-neuron", "--learning-rate", "1e-50"], ["explain", "adam", "--learning-rate", "1e39"],
                          ["explain", "losses", "--alpha", "1e39"], ["explain", "learning-rate", "--learning-rate", "1e39"]] {
            let result = try BuiltBinaryTests.run(binary, arguments)
            #expect(result.code == 2, "\(arguments): \(result.code) \(result.error)")
        }
    }

    /// A single-value flag given twice is refused, not silently replaced by the last.
    @Test(arguments: [
        ["train", "d.csv", "--target", "a", "--target", "b"],
        ["train", "d.csv", "--target=a", "--target", "b"],
        ["predict", "m.safetensors", "d.csv", "--output", "a.csv", "--output=b.csv"],
        ["explain", "adam", "--steps", "2", "--steps", "3"],
        ["evaluate", "m.safetensors", "d.csv", "--json", "--json"],
    ])
    func repeatedFlagIsRefused(arguments: [String]) {
        let result = runNeural(arguments)
        #expect(result.code == 2)
        #expect(result.error.contains("is given more than once"), "\(result.error)")
    }
}
