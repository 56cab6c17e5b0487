import Foundation
import Testing
@testable import Neural

/// Costs grow linearly with columns and classes. No timer is read: each test runs a size at which
/// a quadratic path would take minutes or ask for more memory than any machine has, and a linear
/// one takes well under a second (debug build).
@Suite struct LinearCostTests {
    /// 30 000 columns: finding columns by comparing names (the old `columns.first { $0.name ==
    /// name }` inside a loop over columns) makes 4.5·10⁸ string comparisons in each of reading,
    /// fitting, planning and transforming (training 40 000 columns took 28 s in a release build);
    /// with name indexes it is 3·10⁴ dictionary look-ups each.
    @Test func thirtyThousandColumnsAreReadFittedAndTransformedInLinearTime() throws {
        let columns = 30_000
        var text = (0..<columns).map { "c\($0)" }.joined(separator: ",") + ",y\n"
        for row in 0..<3 {
            text += (0..<columns).map { String(($0 + row) % 7) }.joined(separator: ",") + ",\(row % 2 == 0 ? "a" : "b")\n"
        }
        let table = try DataTable(csvText: text, name: "wide.csv")
        #expect(table.columns.count == columns + 1)
        let preprocessor = try Preprocessor.fit(table, target: "y")
        #expect(preprocessor.featureCount == columns)
        let plan = try preprocessor.readingPlan(header: table.columnNames)
        #expect(plan.columns.count == columns + 1 && plan.hasTarget)
        let features = try preprocessor.features(of: table)
        #expect(features.rows == 3 && features.columns == columns)
        let reread = try preprocessor.readTable(csvText: text, name: "wide.csv")
        #expect(try preprocessor.features(of: reread) == features)
    }

    /// 200 000 classes and three samples: a dense matrix would be 4·10¹⁰ cells (320 GB); the
    /// sparse one holds three, and per-class scores cost O(classes).
    @Test func aConfusionMatrixOfManyClassesHoldsOnlyItsNonZeroCells() {
        let classes = 200_000
        let confusion = ConfusionMatrix(actual: [0, 199_999, 5], predicted: [0, 3, 5], classCount: classes)
        #expect(confusion.nonZeroEntries.map { [$0.actual, $0.predicted] } == [[0, 0], [5, 5], [199_999, 3]])
        #expect(confusion[actual: 199_999, predicted: 3] == 1 && confusion[actual: 3, predicted: 199_999] == 0)
        #expect(confusion.total == 3 && confusion.correct == 2)
        let scores = confusion.classScores
        #expect(scores.count == classes)
        // Class 3: predicted once, never actual: precision 0, recall 0 (no support).
        #expect(scores[3] == ClassScores(precision: 0, recall: 0, f1: 0, support: 0))
        #expect(scores[5] == ClassScores(precision: 1, recall: 1, f1: 1, support: 1))
        // Four classes occur (0, 3, 5, 199 999); macro F1 = (1 + 0 + 1 + 0) / 4.
        #expect(confusion.macroScores.f1 == 0.5)
    }

    /// Above `denseConfusionClassLimit` classes the JSON lists the non-zero cells; it reads back
    /// to the same report. At or below the limit it is the dense matrix, as before.
    @Test func aReportOfManyClassesWritesItsNonZeroCells() throws {
        let classes = (0..<(ClassificationReport.denseConfusionClassLimit + 1)).map { "k\($0)" }
        let report = ClassificationReport(actual: [0, 1, 1000, 7], predicted: [0, 2, 1000, 7], classes: classes)
        let json = try JSONEncoder().encode(report)
        let object = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        #expect(object["confusion_matrix"] is NSNull)
        let entries = try #require(object["confusion_entries"] as? [[Double]])
        #expect(entries == [[0, 0, 1], [1, 2, 1], [7, 7, 1], [1000, 1000, 1]])
        #expect(json.count < 20_000)
        #expect(try JSONDecoder().decode(ClassificationReport.self, from: json) == report)

        let small = ClassificationReport(actual: [0, 1], predicted: [1, 1], classes: ["a", "b"])
        let smallObject = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(small)) as? [String: Any])
        #expect(smallObject["confusion_matrix"] as? [[Double]] == [[0, 1], [0, 1]])
        #expect(smallObject["confusion_entries"] == nil)
    }

    /// A damaged `confusion_entries` is a decoding error, not a trap.
    @Test(arguments: ["[[0,0]]", "[[0,5,1]]", "[[0,0,1],[0,0,2]]", "[[0.5,0,1]]"])
    func damagedConfusionEntriesAreADecodingError(entries: String) {
        let json = #"{"accuracy":1,"precision":1,"recall":1,"f1":1,"log_loss":null,"confusion_matrix":null,"# +
            #""confusion_entries":\#(entries),"classes":["a","b"],"samples":1}"#
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(ClassificationReport.self, from: Data(json.utf8))
        }
    }

    /// 7 500 classes: the model file used to hold the 7 500 × 7 500 confusion matrix (over 100 MB
    /// of header, more than its own reader accepts). It now holds what predicting needs, and
    /// reads back.
    @Test func aModelOfManyClassesReadsBackFromItsFile() throws {
        let classCount = 7_500
        let names = (0..<classCount).map { "class \($0)" }
        let text = "x,label\n" + names.enumerated().map { "\($0.offset),\($0.element)" }.joined(separator: "\n") + "\n"
        let table = try DataTable(csvText: text, name: "many.csv")
        let preprocessor = try Preprocessor.fit(table, target: "label")
        #expect(preprocessor.outputCount == classCount)
        let network = Network(inputSize: 1, hiddenLayers: [], outputSize: classCount, activation: .relu, seed: 1)
        var model = TrainedModel(network: network, preprocessor: preprocessor,
                                 configuration: TrainingConfiguration(loss: .categoricalCrossEntropy))
        let actual = Array(0..<classCount)
        model.metrics = .classification(ClassificationReport(actual: actual, predicted: actual.map { ($0 + 1) % classCount },
                                                             classes: preprocessor.classNames))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("many-classes-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("m.safetensors")
        try model.save(to: url)
        let loaded = try TrainedModel.load(from: url)
        #expect(loaded.classNames == model.classNames)
        #expect(loaded.metrics == model.metrics?.withoutConfusionMatrix)
        #expect(loaded.network.parameters.values == model.network.parameters.values)
        let file = try ModelFile.read(from: url)
        let header = file.metadata.values.reduce(0) { $0 + $1.utf8.count }
        // Three lists of 7 500 names of about 10 characters, and scalars: well under 1 MB.
        #expect(header < 1_000_000)
        #expect(file.metadata[ModelFormat.metricsKey]?.contains("\"confusion_matrix\":null") == true)
    }

    /// A header longer than readers accept is refused before anything is written (the limit is
    /// lowered to 200 bytes here so that the test needs no 100 MB of metadata); an existing file
    /// stays as it was.
    @Test func aHeaderLongerThanTheReadersLimitIsNeverWritten() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("header-limit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("m.safetensors")
        try Data("earlier".utf8).write(to: url)
        let file = SafeTensorsFile(tensors: [SafeTensor(name: "w", shape: [1], values: [1])],
                                   metadata: ["note": String(repeating: "x", count: 300)])
        #expect(throws: AtomicFileError.self) { try file.write(to: url, headerLimit: 200) }
        #expect(try Data(contentsOf: url) == Data("earlier".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["m.safetensors"])
        try file.write(to: url, headerLimit: 1000)
        #expect(try SafeTensorsFile.read(from: url).metadata["note"]?.count == 300)
    }

    /// Predicting many rows of a model of many classes is sized first: 10⁶ rows × (2 · 7 500 +
    /// 7 500) Floats is 90 GB, refused; a block of 1 000 rows fits in 100 MB.
    @Test func predictingMoreRowsThanFitIsRefusedBeforeAllocating() throws {
        let classCount = 7_500
        let names = (0..<classCount).map { "k\($0)" }
        let table = try DataTable(csvText: "x,label\n" + names.enumerated().map { "\($0.offset),\($0.element)" }.joined(separator: "\n") + "\n")
        let preprocessor = try Preprocessor.fit(table, target: "label")
        let model = TrainedModel(network: Network(inputSize: 1, hiddenLayers: [], outputSize: classCount, seed: 1),
                                 preprocessor: preprocessor, configuration: TrainingConfiguration(loss: .categoricalCrossEntropy))
        #expect(throws: TrainedModelError.predictionTooLarge(rows: 1_000_000, outputs: classCount, bytes: 90_000_000_000, available: 100_000_000)) {
            try model.checkPredictionMemory(rows: 1_000_000, available: 100_000_000)
        }
        try model.checkPredictionMemory(rows: 1_000, available: 100_000_000)
    }
}
