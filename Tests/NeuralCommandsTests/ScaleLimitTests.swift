import Foundation
import Testing
import Neural

/// Files at the limits, through the executable: what `train` writes, `predict` and `evaluate`
/// read back, with many columns and with many classes; the confusion matrix is printed only for
/// a few classes and never stored in the model file.
@Suite struct ScaleLimitTests {
    static let enabled = BuiltBinaryTests.binary != nil

    /// 10 000 columns (1.9 s of name comparisons in a release build before names were indexed;
    /// `LinearCostTests` runs 30 000 through the library).
    @Test(.enabled(if: enabled, "the neural executable was not found"))
    func aFileOfTenThousandColumnsTrainsPredictsAndEvaluates() throws {
        let binary = try #require(BuiltBinaryTests.binary)
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let columns = 10_000
        var text = (0..<columns).map { "c\($0)" }.joined(separator: ",") + ",y\n"
        for row in 0..<6 {
            text += (0..<columns).map { String(($0 * 7 + row) % 5) }.joined(separator: ",") + ",\(row % 2 == 0 ? "a" : "b")\n"
        }
        let data = try folder.write("wide.csv", text)
        let model = folder.path("m.safetensors")
        let train = try BuiltBinaryTests.run(binary, ["train", data, "--target", "y", "--hidden", "1", "--epochs", "1",
                                                      "--validation-split", "0", "--model", model, "--quiet"])
        #expect(train.code == 0, "\(train.error)")
        let predict = try BuiltBinaryTests.run(binary, ["predict", model, data])
        #expect(predict.code == 0, "\(predict.error)")
        #expect(predict.output.split(separator: "\n").count == 7)
        let evaluate = try BuiltBinaryTests.run(binary, ["evaluate", model, data, "--json"])
        #expect(evaluate.code == 0, "\(evaluate.error)")
        #expect(try jsonObject(evaluate.output)["samples"] as? Int == 6)
    }

    /// 1 100 classes (more than the 1 000 written densely): the model file holds no confusion
    /// matrix, `evaluate` says where the matrix is instead of printing 1.2 million cells, and
    /// `--json` lists the non-zero cells.
    @Test(.enabled(if: enabled, "the neural executable was not found"))
    func aModelOfManyClassesReadsBackAndItsMatrixIsBounded() throws {
        let binary = try #require(BuiltBinaryTests.binary)
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let classes = 1_100
        let rows = (0..<(2 * classes)).map { "\($0 % classes),k\($0 % classes)" }
        let data = try folder.write("many.csv", "x,label\n" + rows.joined(separator: "\n") + "\n")
        let model = folder.path("m.safetensors")
        let train = try BuiltBinaryTests.run(binary, ["train", data, "--target", "label", "--hidden", "2", "--epochs", "1",
                                                      "--validation-split", "0", "--model", model])
        #expect(train.code == 0, "\(train.error)")
        #expect(train.output.contains("Confusion matrix not shown for 1100 classes (more than 30); --json prints it."), "\(train.output)")
        #expect(train.output.count < 10_000)

        let file = try ModelFile.read(from: URL(fileURLWithPath: model))
        let metrics = try #require(file.metadata[ModelFormat.metricsKey])
        #expect(metrics.contains("\"confusion_matrix\":null") && !metrics.contains("confusion_entries"))

        let evaluate = try BuiltBinaryTests.run(binary, ["evaluate", model, data])
        #expect(evaluate.code == 0, "\(evaluate.error)")
        #expect(evaluate.output.contains("Confusion matrix not shown for 1100 classes"))
        #expect(evaluate.output.count < 10_000)
        let json = try BuiltBinaryTests.run(binary, ["evaluate", model, data, "--json"])
        #expect(json.code == 0, "\(json.error)")
        let object = try jsonObject(json.output)
        #expect(object["confusion_matrix"] is NSNull)
        let entries = try #require(object["confusion_entries"] as? [[Double]])
        // One entry per (actual, predicted) pair that occurs: at most one per row of the file.
        #expect(!entries.isEmpty && entries.count <= 2 * classes)
        #expect(entries.reduce(0) { $0 + $1[2] } == Double(2 * classes))
        let predict = try BuiltBinaryTests.run(binary, ["predict", model, data])
        #expect(predict.code == 0, "\(predict.error)")
        #expect(predict.output.split(separator: "\n").count == 2 * classes + 1)
    }
}
