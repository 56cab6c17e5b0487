import Foundation
import Neural

/// Builds the ONNX graph of a `TrainedModel` that takes the CSV columns as they are: one input
/// per input column, the model's preprocessing inside the graph, and for a classifier the class
/// label and every class's probability, as scikit-learn pipelines converted by skl2onnx do.
///
/// For `n` rows (`batch` is the free dimension `"batch"`):
///
///     numeric column c      input c: float [batch, 1], a missing value as NaN
///                           → ai.onnx.ml Imputer(replaced NaN by the model's fill value)   (when it fills)
///     text column c         input c: string [batch, 1], a missing value as "", NA or NaN (any case)
///                           → ai.onnx.ml LabelEncoder(category → index; the missing markers → the
///                             fill category's index; anything else → the pooled index, or −1)
///                           → ai.onnx.ml OneHotEncoder(cats 0…w−1, zeros = 1) [batch, 1, w] → Flatten [batch, w]
///     features              Concat(axis 1) of the columns in the model's input order [batch, d]
///     network               the dense stack's graph (`ONNXExporter`): Sub/Div standardisation, Gemm and
///                           activations, Softmax or Sigmoid
///     classifier outputs    "probabilities" [batch, k] (binary: Concat(1 − p, p)), and
///                           "label" string [batch]: ArgMax(axis 1) → ai.onnx.ml LabelEncoder(index → class)
///     regressor output      "output" [batch, 1], in the target's units
///
/// The model's metadata (`metadata_props`) records the target column (`neural.target`), the
/// missing-value policy (`neural.missing`) and the unseen-category policy
/// (`neural.unseen_categories`), which the graph cannot hold, so that an import restores them.
///
/// Choices and why:
/// - **Standard operators only** (default domain opset 17, ai.onnx.ml opset 2): any runtime with
///   the ML domain (onnxruntime, and what skl2onnx targets) runs the file.
/// - **Text through LabelEncoder then OneHotEncoder on indices**, not OneHotEncoder on strings: the
///   LabelEncoder maps the missing markers to the fill category and the pooled categories of
///   `--max-categories` to one index, which OneHotEncoder on strings cannot.
/// - **A category never seen** gives an all-zero block (or the pooled feature when the column has
///   one): a graph cannot stop with a message as `neural predict --unseen-categories error` does.
/// - **Imputation only when the model fills**: a model trained with `--missing error` has no fill
///   values, and its graph lets NaN through to NaN outputs rather than invent one.
/// - **ArgMax for the label**: the first of tied maxima, as `Decoding.firstMaximum`; for a binary
///   model `p = 0.5` exactly gives the first class.
enum ColumnGraphExporter {
    static let mlDomain = "ai.onnx.ml"
    static let mlOpsetVersion: Int64 = 2
    static let targetKey = "neural.target"
    static let missingKey = "neural.missing"
    static let unseenKey = "neural.unseen_categories"
    static let labelName = "label"
    static let probabilitiesName = "probabilities"
    static let featuresName = "columns.features"

    /// The text a CSV reader takes for a missing value: empty, and `NA`, `NaN` in every case.
    static let missingMarkers: [String] = [""] + caseVariants("na") + caseVariants("nan")

    static func caseVariants(_ word: String) -> [String] {
        word.reduce([""]) { prefixes, character in
            prefixes.flatMap { [$0 + String(character).lowercased(), $0 + String(character).uppercased()] }
        }
    }

    static func model(for trained: TrainedModel) throws(ONNXError) -> ONNXModelProto {
        let preprocessor = trained.preprocessor
        var stack = try trained.denseStack()
        stack.inputName = featuresName
        let binary = trained.task == .classification && stack.outputSize == 1
        if trained.task == .classification {
            stack.outputName = "network.logits"
            stack.probabilitiesName = binary ? "network.probability" : probabilitiesName
        } else {
            stack.outputName = "output"
        }
        let network = try ONNXExporter.model(for: stack)
        guard let networkGraph = network.graph else { throw .invalidStack("the network's graph is empty") }

        var nodes: [ONNXNodeProto] = []
        var initializers: [ONNXTensorProto] = []
        var inputs: [ONNXValueInfoProto] = []
        var columnOutputs: [String] = []
        let policy = preprocessor.missingValues.fillingPolicy
        var numericIndex = 0
        var categoricalIndex = 0
        for (position, column) in preprocessor.inputColumns.enumerated() {
            let prefix = "columns.\(position)"
            switch column.kind {
            case .numeric:
                inputs.append(.tensor(column.name, elementType: ONNXTensorProto.DataType.float.rawValue, shape: [.parameter("batch"), .value(1)]))
                if let fill = preprocessor.imputer.numericFill(numericIndex, policy: policy) {
                    nodes.append(ONNXNodeProto(
                        inputs: [column.name], outputs: ["\(prefix).imputed"], name: "\(prefix).imputer",
                        opType: "Imputer", domain: mlDomain,
                        attributes: [.floats("imputed_value_floats", [fill]), .float("replaced_value_float", .nan)]))
                    columnOutputs.append("\(prefix).imputed")
                } else {
                    columnOutputs.append(column.name)
                }
                numericIndex += 1
            case .categorical:
                inputs.append(.tensor(column.name, elementType: ONNXTensorProto.stringElementType, shape: [.parameter("batch"), .value(1)]))
                let encoder = preprocessor.oneHotEncoder
                let categories = encoder.categories[categoricalIndex]
                let pooled = encoder.infrequentCategories[categoricalIndex]
                let width = encoder.width(ofColumn: categoricalIndex)
                var keys = categories + pooled
                var values = categories.indices.map(Int64.init) + pooled.map { _ in Int64(categories.count) }
                if let fill = preprocessor.imputer.categoricalFill(categoricalIndex, policy: policy),
                   let index = keys.firstIndex(of: fill) {
                    let markers = missingMarkers.filter { !keys.contains($0) }
                    keys += markers
                    values += markers.map { _ in values[index] }
                }
                let unseen: Int64 = pooled.isEmpty ? -1 : Int64(categories.count)
                nodes.append(ONNXNodeProto(
                    inputs: [column.name], outputs: ["\(prefix).index"], name: "\(prefix).label_encoder",
                    opType: "LabelEncoder", domain: mlDomain,
                    attributes: [.strings("keys_strings", keys), .ints("values_int64s", values), .int("default_int64", unseen)]))
                nodes.append(ONNXNodeProto(
                    inputs: ["\(prefix).index"], outputs: ["\(prefix).one_hot"], name: "\(prefix).one_hot_encoder",
                    opType: "OneHotEncoder", domain: mlDomain,
                    attributes: [.ints("cats_int64s", (0..<Int64(width)).map { $0 }), .int("zeros", 1)]))
                nodes.append(ONNXNodeProto(
                    inputs: ["\(prefix).one_hot"], outputs: ["\(prefix).block"], name: "\(prefix).flatten",
                    opType: "Flatten", attributes: [.int("axis", 1)]))
                columnOutputs.append("\(prefix).block")
                categoricalIndex += 1
            }
        }
        nodes.append(ONNXNodeProto(inputs: columnOutputs, outputs: [featuresName], name: "columns.concat",
                                   opType: "Concat", attributes: [.int("axis", 1)]))
        nodes += networkGraph.nodes
        initializers += networkGraph.initializers

        var outputs: [ONNXValueInfoProto] = []
        let batch = ONNXDimension.parameter("batch")
        switch trained.task {
        case .regression:
            outputs.append(.tensor(stack.outputName, elementType: ONNXTensorProto.DataType.float.rawValue, shape: [batch, .value(1)]))
        case .classification:
            let classes = trained.classNames
            if binary {
                initializers.append(.float("label.one", dims: [], values: [1]))
                nodes.append(ONNXNodeProto(inputs: ["label.one", stack.probabilitiesName], outputs: ["network.complement"],
                                           name: "label.complement", opType: "Sub"))
                nodes.append(ONNXNodeProto(inputs: ["network.complement", stack.probabilitiesName], outputs: [probabilitiesName],
                                           name: "label.pair", opType: "Concat", attributes: [.int("axis", 1)]))
            }
            nodes.append(ONNXNodeProto(inputs: [probabilitiesName], outputs: ["label.index"], name: "label.argmax",
                                       opType: "ArgMax", attributes: [.int("axis", 1), .int("keepdims", 0)]))
            nodes.append(ONNXNodeProto(
                inputs: ["label.index"], outputs: [labelName], name: "label.label_encoder", opType: "LabelEncoder",
                domain: mlDomain,
                attributes: [.ints("keys_int64s", classes.indices.map(Int64.init)), .strings("values_strings", classes),
                             .string("default_string", "")]))
            outputs.append(.tensor(labelName, elementType: ONNXTensorProto.stringElementType, shape: [batch]))
            outputs.append(.tensor(probabilitiesName, elementType: ONNXTensorProto.DataType.float.rawValue, shape: [batch, .value(Int64(classes.count))]))
        }

        // A column may not be named like a value inside the graph.
        var inside = Set(initializers.map(\.name))
        for node in nodes { inside.formUnion(node.outputs) }
        if let clash = preprocessor.inputColumns.first(where: { inside.contains($0.name) }) {
            throw .invalidStack("the input column \"\(clash.name)\" has the name of a value inside the graph; rename the column, or export with --input features")
        }
        let graph = ONNXGraphProto(nodes: nodes, name: "neural_columns", initializers: initializers,
                                   inputs: inputs, outputs: outputs)
        var metadata = [(key: targetKey, value: trained.targetColumn), (key: missingKey, value: preprocessor.missingValues.rawValue)]
        if preprocessor.oneHotEncoder.columnNames.count > 0 {
            metadata.append((key: unseenKey, value: preprocessor.oneHotEncoder.unseenCategories.rawValue))
        }
        return ONNXModelProto(
            irVersion: ONNXExporter.irVersion,
            opsetImports: [ONNXOperatorSetID(domain: "", version: ONNXExporter.opsetVersion),
                           ONNXOperatorSetID(domain: mlDomain, version: mlOpsetVersion)],
            producerName: "Neural", producerVersion: NeuralVersion.string, graph: graph, metadataProps: metadata)
    }
}

extension ONNXValueInfoProto {
    /// A tensor value of element type `type` and the given shape.
    static func tensor(_ name: String, elementType: Int32, shape: [ONNXDimension]) -> ONNXValueInfoProto {
        ONNXValueInfoProto(name: name, type: ONNXTypeProto(tensor: .init(elementType: elementType, shape: shape)))
    }
}

extension ONNXAttributeProto {
    static func floats(_ name: String, _ values: [Float]) -> ONNXAttributeProto {
        ONNXAttributeProto(name: name, kind: .floats, floats: values)
    }

    static func ints(_ name: String, _ values: [Int64]) -> ONNXAttributeProto {
        ONNXAttributeProto(name: name, kind: .ints, ints: values)
    }

    static func string(_ name: String, _ value: String) -> ONNXAttributeProto {
        ONNXAttributeProto(name: name, kind: .string, string: Array(value.utf8))
    }

    static func strings(_ name: String, _ values: [String]) -> ONNXAttributeProto {
        ONNXAttributeProto(name: name, kind: .strings, strings: values.map { Array($0.utf8) })
    }
}
