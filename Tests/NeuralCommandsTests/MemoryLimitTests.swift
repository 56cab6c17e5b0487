import Foundation
import Testing
import Neural

/// Memory is estimated before it is asked for (through the executable, with the budget set by
/// `NEURAL_MEMORY_LIMIT` so that the tests do not depend on the machine): a one-hot matrix that
/// would not fit is refused naming the column and `--max-categories`; a table that outgrows the
/// budget, or input that never ends, stops with an error instead of exhausting memory.
@Suite struct MemoryLimitTests {
    static let enabled = BuiltBinaryTests.binary != nil

    /// Runs `command` under `/bin/sh -c` with the budget in the environment.
    static func run(shell command: String, limit: Int) throws -> (code: Int32, output: String, error: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        var environment = ProcessInfo.processInfo.environment
        environment[MemoryBudget.environmentVariable] = String(limit)
        process.environment = environment
        let output = Pipe(), error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outputData, as: UTF8.self), String(decoding: errorData, as: UTF8.self))
    }

    static func quoted(_ path: String) -> String { "'" + path.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    /// `rows` rows of a text column whose every value is distinct (an identifier), a number and
    /// a two-class target.
    static func identifiers(rows: Int) -> String {
        "city,x,y\n" + (0..<rows).map { "c\($0),\($0 % 7),\($0 % 2 == 0 ? "b" : "a")" }.joined(separator: "\n") + "\n"
    }

    /// 20 000 distinct values: 20 000 training rows (no validation split by default) × 20 001
    /// features is 1.6 GB of Float, more than the 1 GB budget; refused before anything is allocated (was: "failed to allocate").
    @Test(.enabled(if: enabled, "the neural executable was not found"))
    func aOneHotMatrixLargerThanMemoryIsRefusedNamingTheColumn() throws {
        let binary = try #require(BuiltBinaryTests.binary)
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let data = try folder.write("ids.csv", Self.identifiers(rows: 20_000))
        let model = folder.path("m.safetensors")
        let result = try Self.run(shell: "\(Self.quoted(binary.path)) train \(Self.quoted(data)) --target y --quiet --model \(Self.quoted(model))",
                                  limit: 1_000_000_000)
        #expect(result.code == 2, "\(result.error)")
        #expect(result.error.contains("error: The feature matrix of 20000 rows × 20001 features needs 1600080000 bytes, more than the 1000000000 bytes of memory available; nothing was allocated. The column \"city\" alone one-hot encodes to 20000 features: leave it out (--features), or cap its categories with --max-categories N (rarer values pooled into one feature)."),
                "\(result.error)")
        #expect(!folder.exists("m.safetensors"))
    }

    /// With `--max-categories 20` the same kind of column trains: 19 features for the most
    /// frequent values and one for the rest, stored with the model, so `predict` and `evaluate`
    /// map rare and unseen values to it.
    @Test(.enabled(if: enabled, "the neural executable was not found"))
    func maxCategoriesPoolsTheRareValuesIntoOneFeature() throws {
        let binary = try #require(BuiltBinaryTests.binary)
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let data = try folder.write("ids.csv", Self.identifiers(rows: 400))
        let model = folder.path("m.safetensors")
        let train = try BuiltBinaryTests.run(binary, ["train", data, "--target", "y", "--hidden", "4", "--epochs", "2",
                                                      "--max-categories", "20", "--model", model, "--quiet"])
        #expect(train.code == 0, "\(train.error)")
        let trained = try TrainedModel.load(from: URL(fileURLWithPath: model))
        #expect(trained.network.inputSize == 21)
        #expect(trained.preprocessor.featureNames.suffix(2) == ["city=(infrequent)", "x"])
        // Every one of the 400 rows trains (no validation split by default): 400 − 19 pooled.
        #expect(trained.preprocessor.oneHotEncoder.infrequentCategories[0].count == 400 - 19)
        let unseen = try folder.write("new.csv", "city,x,y\nnever-seen,3,a\nc5,1,b\n")
        let predict = try BuiltBinaryTests.run(binary, ["predict", model, unseen])
        #expect(predict.code == 0, "\(predict.error)")
        #expect(predict.output.split(separator: "\n").count == 3)
        let evaluate = try BuiltBinaryTests.run(binary, ["evaluate", model, data])
        #expect(evaluate.code == 0, "\(evaluate.error)")

        let zero = try BuiltBinaryTests.run(binary, ["train", data, "--target", "y", "--max-categories", "0"])
        #expect(zero.code == 2)
        #expect(zero.error.contains("--max-categories must be at least 1, got 0."), "\(zero.error)")
    }

    /// A file larger than the budget stops while it is read: 24 bytes a row (a line number and
    /// two columns of 8 bytes), checked every 4096 rows against half of 200 000 bytes.
    @Test(.enabled(if: enabled, "the neural executable was not found"))
    func aTableLargerThanTheBudgetStopsWhileReading() throws {
        let binary = try #require(BuiltBinaryTests.binary)
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let data = try folder.write("long.csv", "x,y\n" + (0..<20_000).map { "\($0),\($0 % 3)" }.joined(separator: "\n") + "\n")
        let result = try Self.run(shell: "\(Self.quoted(binary.path)) train \(Self.quoted(data)) --target y --quiet --model \(Self.quoted(folder.path("m.safetensors")))",
                                  limit: 200_000)
        #expect(result.code == 2, "\(result.error)")
        #expect(result.error == "error: \(data): after 8192 rows the table already takes 196608 bytes, more than half of the 200000 bytes of memory available; the file is too large to read whole, or still growing. Read fewer columns (--features), split the file, or free memory.\n")
    }

    /// Input that never ends (`yes x,y | neural train /dev/stdin`) stops at the budget with the
    /// same error instead of being read until the system kills the process.
    @Test(.enabled(if: enabled, "the neural executable was not found"))
    func inputThatKeepsGrowingStopsAtTheBudget() throws {
        let binary = try #require(BuiltBinaryTests.binary)
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let model = Self.quoted(folder.path("m.safetensors"))
        let grown = try Self.run(shell: "yes x,y | \(Self.quoted(binary.path)) train /dev/stdin --target y --quiet --model \(model)",
                                 limit: 1_000_000)
        #expect(grown.code == 2, "\(grown.error)")
        // A stream is copied to a temporary file before it is parsed; the copy stops at the
        // memory budget, so the disk is never filled by input that never ends.
        #expect(grown.error.contains("/dev/stdin is longer than 1000000 bytes"), "\(grown.error)")
        #expect(grown.error.contains("stopped reading"), "\(grown.error)")
        #expect(!folder.exists("m.safetensors"))
    }

    /// `tune --parallel P` trains P networks at once: each is checked against 1/P of the budget.
    /// 5 inputs → 300 000 → 2 outputs is 2 400 002 parameters, 48 MB with gradients and optimizer
    /// state (20 bytes each): under a 64 MB budget one trial at a time passes the check, two at
    /// once (32 MB each) are refused before any training.
    @Test(.enabled(if: enabled, "the neural executable was not found"))
    func parallelTrialsShareTheMemory() throws {
        let binary = try #require(BuiltBinaryTests.binary)
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let data = try folder.write("d.csv", SampleData.classification)
        let command = "\(Self.quoted(binary.path)) tune \(Self.quoted(data)) --target label --space 'hidden=[300000]' --search grid "
            + "--folds 2 --epochs 1 --batch-size 1 --no-refit --quiet --parallel "
        let two = try Self.run(shell: command + "2", limit: 64_000_000)
        #expect(two.code == 2, "\(two.error)")
        #expect(two.error.contains("needs 48000040 bytes") && two.error.contains("32000000 bytes of memory available to each of the 2 trials")
                && two.error.contains("--parallel"), "\(two.error)")
        let one = try Self.run(shell: command + "1", limit: 64_000_000)
        #expect(!one.error.contains("needs 48000"), "\(one.error)")
    }
}
