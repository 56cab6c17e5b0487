import Foundation
import Testing
@testable import NeuralCommands

@Suite struct BadInputFileTests {
    @Test func missingDataFile() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let result = runNeural(["train", folder.path("absent.csv"), "--target", "y", "--model", folder.path("m.safetensors")])
        #expect(result.code == 2)
        #expect(result.error.contains("absent.csv"))
        #expect(try folder.contents().isEmpty)
    }

    @Test func raggedRowNamesTheLine() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let data = try folder.write("ragged.csv", "a,b,y\n1,2,3\n4,5\n6,7,8\n")
        let result = runNeural(["train", data, "--target", "y", "--model", folder.path("m.safetensors"), "--quiet"])
        #expect(result.code == 2)
        #expect(result.error.contains("line 3"), "\(result.error)")
        #expect(try folder.contents() == ["ragged.csv"])
    }

    @Test func missingTargetColumnListsTheColumns() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let data = try folder.write("shapes.csv", SampleData.classification)
        let result = runNeural(["train", data, "--target", "price", "--model", folder.path("m.safetensors"), "--quiet"])
        #expect(result.code == 2)
        #expect(result.error.contains("price"))
        #expect(result.error.contains("x1"))
        #expect(try folder.contents() == ["shapes.csv"])
    }

    @Test func truncatedAndGarbageModelFiles() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let data = try folder.write("linear.csv", SampleData.regression)
        let model = folder.path("m.safetensors")
        #expect(runNeural(["train", data, "--target", "y", "--model", model] + SampleData.fastFlags).code == 0)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: model))
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: folder.path("truncated.safetensors")))
        try Data("this is not a model".utf8).write(to: URL(fileURLWithPath: folder.path("garbage.safetensors")))
        for name in ["truncated.safetensors", "garbage.safetensors", "absent.safetensors"] {
            for command in ["evaluate", "predict"] {
                let result = runNeural([command, folder.path(name), data])
                #expect(result.code == 2, "\(command) \(name)")
                #expect(result.error.contains(name), "\(command) \(name): \(result.error)")
                #expect(result.output.isEmpty)
            }
        }
    }

    /// A model file whose metadata JSON is broken (the header's length kept): the message names
    /// the key and the byte of the value where the JSON goes wrong, and ends with one full stop.
    @Test(.enabled(if: BuiltBinaryTests.binary != nil))
    func brokenMetadataJSONNamesTheKeyAndTheByte() throws {
        let binary = try #require(BuiltBinaryTests.binary)
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let data = try folder.write("d.csv", SampleData.classification)
        let model = folder.path("m.safetensors")
        #expect(runNeural(["train", data, "--target", "label", "--model", model] + SampleData.fastFlags).code == 0)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: model))
        // The value's opening brace becomes a bracket: `[\"key\":…` is no JSON from its first colon.
        let pattern = Data("\"neural.preprocessing\":\"{".utf8)
        let range = try #require(bytes.range(of: pattern))
        bytes[range.upperBound - 1] = UInt8(ascii: "[")
        let broken = folder.path("broken.safetensors")
        try bytes.write(to: URL(fileURLWithPath: broken))
        for command in ["predict", "evaluate"] {
            let result = try BuiltBinaryTests.run(binary, [command, broken, data])
            #expect(result.code == 2, "\(command): \(result.error)")
            #expect(result.error.contains("metadata neural.preprocessing is invalid: not valid JSON at byte "), "\(result.error)")
            #expect(!result.error.contains(".."), "\(result.error)")
        }
    }

    /// An empty header name gets the name column_N; when another column already has that name,
    /// the message says which column has no name and what to do (not "both column_2").
    @Test(.enabled(if: BuiltBinaryTests.binary != nil))
    func anEmptyHeaderNameTakenByAnotherColumnIsExplained() throws {
        let binary = try #require(BuiltBinaryTests.binary)
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let data = try folder.write("d.csv", "column_2,,label\n1,2,a\n3,4,b\n")
        let result = try BuiltBinaryTests.run(binary, ["train", data, "--target", "label", "--model", folder.path("m.safetensors")])
        #expect(result.code == 2)
        #expect(result.error.contains("column 2 has no name in the header") && result.error.contains("give column 2 a name"), "\(result.error)")
        #expect(try folder.contents() == ["d.csv"])
    }

    @Test func modelAndCSVColumnsMismatchNamesTheMissingColumns() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let data = try folder.write("linear.csv", SampleData.regression)
        let model = folder.path("m.safetensors")
        #expect(runNeural(["train", data, "--target", "y", "--model", model] + SampleData.fastFlags).code == 0)
        let other = try folder.write("other.csv", "x1,size,y\n1,2,3\n4,5,6\n")
        for command in [["evaluate", model, other], ["predict", model, other], ["predict", model, other, "--output", folder.path("p.csv")]] {
            let result = runNeural(command)
            #expect(result.code == 2)
            #expect(result.error.contains("\"x2\", \"color\""), "\(result.error)")
            #expect(result.output.isEmpty)
        }
        #expect(!folder.exists("p.csv"))
    }

    @Test func evaluateNeedsTheTargetColumn() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let data = try folder.write("linear.csv", SampleData.regression)
        let model = folder.path("m.safetensors")
        #expect(runNeural(["train", data, "--target", "y", "--model", model] + SampleData.fastFlags).code == 0)
        let unlabeled = try folder.write("new.csv", SampleData.withoutTarget(SampleData.regression))
        let result = runNeural(["evaluate", model, unlabeled])
        #expect(result.code == 2)
        #expect(result.error.contains("\"y\""))
    }

    @Test func unseenCategoryWhenPredictingNamesTheLine() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let data = try folder.write("linear.csv", SampleData.regression)
        let model = folder.path("m.safetensors")
        #expect(runNeural(["train", data, "--target", "y", "--model", model] + SampleData.fastFlags).code == 0)
        let new = try folder.write("new.csv", "x1,x2,color\n0.1,0.2,red\n0.3,0.4,purple\n")
        let result = runNeural(["predict", model, new, "--output", folder.path("p.csv")])
        #expect(result.code == 2)
        #expect(result.error.contains("purple"))
        #expect(result.error.contains("line 3"), "\(result.error)")
        #expect(!folder.exists("p.csv"))
    }

    @Test func unseenCategoryCanBeEncodedAsAllZeros() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let data = try folder.write("linear.csv", SampleData.regression)
        let model = folder.path("m.safetensors")
        let train = runNeural(["train", data, "--target", "y", "--model", model, "--unseen-categories", "all-zeros"]
                              + SampleData.fastFlags)
        #expect(train.code == 0, "\(train.error)")
        let new = try folder.write("new.csv", "x1,x2,color\n0.1,0.2,red\n0.3,0.4,purple\n")
        let result = runNeural(["predict", model, new])
        #expect(result.code == 0, "\(result.error)")
        #expect(result.output.split(separator: "\n").count == 3)
    }

    @Test func probabilitiesNeedAClassifier() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let data = try folder.write("linear.csv", SampleData.regression)
        let model = folder.path("m.safetensors")
        #expect(runNeural(["train", data, "--target", "y", "--model", model] + SampleData.fastFlags).code == 0)
        let result = runNeural(["predict", model, data, "--probabilities"])
        #expect(result.code == 2)
        #expect(result.error.contains("regressor"))
    }

    @Test func divergingTrainingExitsWith1AndWritesNoModel() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let data = try folder.write("linear.csv", SampleData.regression)
        let model = folder.path("m.safetensors")
        let plot = folder.path("r.svg")
        // SGD at a rate of 1e30 sends the weights past Float's range within a few steps, so the
        // loss becomes infinite or NaN.
        let result = runNeural(["train", data, "--target", "y", "--model", model, "--plot", plot,
                                "--optimizer", "sgd", "--learning-rate", "1e30", "--hidden", "8", "--epochs", "5", "--quiet"])
        #expect(result.code == 1, "\(result.error)")
        #expect(result.error.contains("epoch"))
        #expect(result.error.contains("batch"))
        #expect(result.error.contains("No model was written"))
        #expect(try folder.contents() == ["linear.csv"])
    }

    @Test func contradictionFoundInTheDataIsBadInput() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let data = try folder.write("linear.csv", SampleData.regression)
        // The target is real-valued, so the task is regression; cross-entropy does not fit it.
        let result = runNeural(["train", data, "--target", "y", "--model", folder.path("m.safetensors"),
                                "--loss", "cross-entropy", "--quiet"])
        #expect(result.code == 2)
        #expect(result.error.contains("regression"))
        #expect(try folder.contents() == ["linear.csv"])
    }
}

@Suite struct BadTrainingFileTests {
    /// CSV files `neural train … --target y` must refuse with exit code 2, and a word of the message.
    static let files: [(name: String, text: String, expected: String)] = [
        ("empty", "", "empty"),
        ("header only", "a,b,y\n", "no data rows"),
        ("one class", "a,y\n1,cat\n2,cat\n3,cat\n", "cat"),
        ("mixed column", "a,y\n1,0\n2,1\nthree,0\n4,1\n", "line 4"),
        ("unterminated quote", "a,y\n1,0\n\"2,1\n3,0\n", "line 3"),
        ("infinite value", "a,y\n1,0\ninf,1\n2,0\n", "line 3"),
        ("duplicate columns", "a,a,y\n1,2,0\n3,4,1\n", "\"a\""),
        ("text target for regression", "a,y\n1,cat\n2,dog\n3,cat\n4,dog\n", "expected a number"),
    ]

    @Test(arguments: files)
    func badFileIsRefusedWithExitCode2(file: (name: String, text: String, expected: String)) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let data = try folder.write("data.csv", file.text)
        let task = file.name == "text target for regression" ? ["--task", "regression"] : []
        let result = runNeural(["train", data, "--target", "y", "--model", folder.path("m.safetensors"), "--quiet",
                                "--validation-split", "0"] + task)
        #expect(result.code == 2, "\(file.name): \(result.error)")
        #expect(result.error.lowercased().contains(file.expected.lowercased()), "\(file.name): \(result.error)")
        #expect(try folder.contents() == ["data.csv"])
    }
}
