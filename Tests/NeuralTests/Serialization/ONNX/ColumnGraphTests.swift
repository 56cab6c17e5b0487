import Foundation
import Testing
@testable import Neural
@testable import NeuralONNX

/// Graphs that take the CSV columns (`ColumnGraphExporter`, `ColumnGraphImporter`): the round trip
/// and the errors of a front end outside the accepted form. onnxruntime runs these graphs in
/// `ColumnGraphCommandTests`.
@Suite struct ColumnGraphTests {
    /// A model over `a` (number), `color` (text: blue and red kept, green and violet pooled), `b`
    /// (number), with the given task and policy; weights from a seed.
    static func model(classes: [String]?, missing: MissingValuePolicy = .median) -> TrainedModel {
        let columns = [Preprocessor.InputColumn(name: "a", kind: .numeric), .init(name: "color", kind: .categorical),
                       .init(name: "b", kind: .numeric)]
        let preprocessor = Preprocessor(
            inputColumns: columns, targetColumn: "y", task: classes == nil ? .regression : .classification,
            missingValues: missing,
            imputer: Imputer(numericMeans: [1, 2], numericMedians: [1.5, 2.5], numericModes: [1, 2], categoricalModes: ["red"]),
            standardizer: Standardizer(means: [1, 2], standardDeviations: [2, 0.5]),
            oneHotEncoder: OneHotEncoder(columnNames: ["color"], categories: [["blue", "red"]],
                                         infrequentCategories: [["green", "violet"]], unseenCategories: .allZeros),
            labelEncoder: classes.map { LabelEncoder(classes: $0) })
        let outputs = classes.map { $0.count == 2 ? 1 : $0.count } ?? 1
        let loss: Loss = classes == nil ? .meanSquaredError : outputs == 1 ? .binaryCrossEntropy : .categoricalCrossEntropy
        let network = Network(inputSize: 5, hiddenLayers: [4], outputSize: outputs, activation: .tanh, seed: 7)
        return TrainedModel(network: network, preprocessor: preprocessor, configuration: TrainingConfiguration(loss: loss))
    }

    static let csv = "a,color,b\n1,red,2\nNA,green,3\n0.5,,NaN\n-2,violet,1\n3,blue,\n"

    /// Export then import gives the same columns, scaling, categories, pooled values, classes,
    /// target and policies, and the same predictions on rows with missing values and pooled
    /// categories (bit for bit: the same float32 operations on the same values).
    @Test(arguments: [["no", "yes", "maybe"], ["female", "male"], nil] as [[String]?])
    func exportedColumnGraphsImportBackUnchanged(classes: [String]?) throws {
        let original = Self.model(classes: classes)
        let data = try original.onnxColumnGraph()
        let again = try #require(try TrainedModel(onnxColumnGraph: data))
        #expect(again.preprocessor.inputColumns == original.preprocessor.inputColumns)
        #expect(again.preprocessor.standardizer == original.preprocessor.standardizer)
        #expect(again.preprocessor.oneHotEncoder == original.preprocessor.oneHotEncoder)
        #expect(again.preprocessor.labelEncoder == original.preprocessor.labelEncoder)
        #expect(again.preprocessor.missingValues == .median)
        #expect(again.targetColumn == "y")
        let table = try original.preprocessor.readTable(csvText: Self.csv)
        let before = try original.predict(table), after = try again.predict(table)
        #expect(before.labels == after.labels)
        #expect(before.probabilities == after.probabilities)
        #expect(before.values == after.values)
    }

    /// The model's metadata entries survive encoding and decoding.
    @Test func metadataEntriesRoundTrip() throws {
        let proto = try ColumnGraphExporter.model(for: Self.model(classes: ["no", "yes", "maybe"], missing: .mean))
        let decoded = try ONNXModelProto(serialized: proto.serialized())
        // Bytes, not values: the Imputer's replaced value is NaN, which equals nothing.
        #expect(decoded.serialized() == proto.serialized())
        #expect(decoded.metadata("neural.missing") == "mean")
        #expect(decoded.metadata("neural.target") == "y")
    }

    /// A graph of one feature tensor is not a column graph (read with `DenseStack(onnx:)`), and
    /// neither is scikit-learn's classifier, whose label path uses the ML domain after the network.
    @Test func oneTensorGraphsAreNotColumnGraphs() throws {
        let stack = try Self.model(classes: ["no", "yes", "maybe"]).denseStack()
        #expect(try TrainedModel(onnxColumnGraph: stack.onnxModel()) == nil)
        let sklearn = try ONNXFixtures.data("sklearn_classifier_logistic.onnx")
        #expect(try TrainedModel(onnxColumnGraph: sklearn) == nil)
    }

    /// Front ends outside the accepted form are errors naming the node or the column.
    @Test func malformedFrontEndsAreNamed() throws {
        let proto = try ColumnGraphExporter.model(for: Self.model(classes: ["no", "yes", "maybe"]))
        func failure(_ change: (inout ONNXGraphProto) -> Void) -> String {
            var broken = proto
            change(&broken.graph!)
            do {
                _ = try TrainedModel(onnxColumnGraph: broken.serialized())
                return "imported"
            } catch {
                return error.description
            }
        }
        func node(_ graph: inout ONNXGraphProto, _ name: String, _ change: (inout ONNXNodeProto) -> Void) {
            if let index = graph.nodes.firstIndex(where: { $0.name == name }) { change(&graph.nodes[index]) }
        }
        let notNaN = failure { node(&$0, "columns.0.imputer") { $0.attributes = [.floats("imputed_value_floats", [1.5])] } }
        #expect(notNaN.contains("columns.0.imputer") && notNaN.contains("replacing NaN"), "\(notNaN)")
        let zeros = failure { node(&$0, "columns.1.one_hot_encoder") { $0.attributes[1] = .int("zeros", 0) } }
        #expect(zeros.contains("columns.1.one_hot_encoder"), "\(zeros)")
        let outside = failure { node(&$0, "columns.1.label_encoder") { $0.attributes[1].ints[0] = 9 } }
        #expect(outside.contains("outside the 3 one-hot outputs"), "\(outside)")
        let noEncoder = failure { graph in
            node(&graph, "columns.1.label_encoder") { $0.opType = "Identity"; $0.domain = "" }
        }
        #expect(noEncoder.contains("LabelEncoder"), "\(noEncoder)")
        let scaledOneHot = failure { graph in
            if let index = graph.initializers.firstIndex(where: { $0.name == "preprocessing.mean" }) {
                graph.initializers[index] = .float("preprocessing.mean", dims: [5], values: [1, 0.5, 0, 0, 2])
            }
        }
        #expect(scaledOneHot.contains("one-hot features of column 'color'"), "\(scaledOneHot)")
    }
}
