import Foundation
import Neural

/// Reads a graph that takes the CSV columns (the form `ColumnGraphExporter` writes) back as a
/// `TrainedModel`, with its preprocessing recovered from the operators.
///
/// Accepted, for each graph input (one per column, `[batch, 1]`):
///
///     float input     optional ai.onnx.ml Imputer(NaN → one fill value)
///     string input    ai.onnx.ml LabelEncoder(keys_strings → values_int64s, default_int64)
///                     → ai.onnx.ml OneHotEncoder(cats_int64s = 0…w−1, zeros = 1) → Flatten(axis 1) or Reshape
///
/// all joined by one Concat(axis 1); from there the dense stack as `ONNXImporter` reads it (whose
/// `Sub`/`Div` become the numeric columns' standardisation: the one-hot features must pass unscaled);
/// a string output computed by ai.onnx.ml LabelEncoder(keys_int64s → values_strings) names the
/// classes. A text column's categories are the keys of each index (the pooled ones share the last
/// index when the unseen default points there); the key `""` gives the fill category. The
/// metadata entries `neural.target`, `neural.missing` and `neural.unseen_categories` restore what
/// the operators cannot hold; without them the target is `target`, the policy `median` when the
/// graph fills (its one fill value per column serves every filling policy) and `error` when it
/// does not, and unseen categories give all-zero blocks, as the graph computes.
struct ColumnGraphImporter {
    let model: ONNXModelProto
    let graph: ONNXGraphProto
    let initializerNames: Set<String>
    /// Node indices by the value names they read.
    let consumers: [String: [Int]]

    /// What one column contributes to the features.
    struct Column {
        var name: String
        var kind: DataColumn.Kind
        var fill: Float?
        var categoryFill: String?
        var categories: [String] = []
        var pooled: [String] = []
        var output: String
        var width: Int { kind == .numeric ? 1 : categories.count + (pooled.isEmpty ? 0 : 1) }
    }

    /// Whether `model`'s graph takes columns rather than one feature tensor: several data inputs,
    /// a string input, one float input read by an ai.onnx.ml Imputer, or the target column
    /// recorded by `ColumnGraphExporter` (a one-column model without imputation). A skl2onnx
    /// classifier's label path uses the ML domain too, after the network, so the domain alone
    /// does not decide.
    static func takesColumns(_ model: ONNXModelProto) -> Bool {
        guard let graph = model.graph else { return false }
        if model.metadata(ColumnGraphExporter.targetKey) != nil { return true }
        let initializers = Set(graph.initializers.map(\.name))
        let inputs = graph.inputs.filter { !initializers.contains($0.name) }
        guard inputs.count == 1, let input = inputs.first else { return inputs.count > 1 }
        if (input.type?.tensor?.elementType ?? 1) == ONNXTensorProto.stringElementType { return true }
        return graph.nodes.contains { $0.opType == "Imputer" && $0.domain == ColumnGraphExporter.mlDomain && $0.inputs.first == input.name }
    }

    init(model: ONNXModelProto) throws(ONNXError) {
        guard let graph = model.graph else { throw .invalidGraph("the model has no graph") }
        self.model = model
        self.graph = graph
        initializerNames = Set(graph.initializers.map(\.name))
        var consumers: [String: [Int]] = [:]
        for (index, node) in graph.nodes.enumerated() {
            for input in Set(node.inputs) where !input.isEmpty { consumers[input, default: []].append(index) }
        }
        self.consumers = consumers
    }

    func run(target: String?) throws(ONNXError) -> TrainedModel {
        let dataInputs = graph.inputs.filter { !initializerNames.contains($0.name) }
        var frontNodes = Set<Int>()
        var columns: [Column] = []
        guard !dataInputs.isEmpty else { throw .invalidGraph("the graph has no input") }
        for input in dataInputs {
            columns.append(try column(input, frontNodes: &frontNodes))
        }
        // Every column ends in the same Concat on axis 1, which lists exactly the columns.
        guard let concatIndex = consumers[columns[0].output]?.first else {
            throw .invalidGraph("the input column '\(columns[0].name)' reaches no Concat")
        }
        let concat = graph.nodes[concatIndex]
        guard concat.opType == "Concat", concat.domain.isEmpty, concat.attribute("axis")?.int ?? 0 == 1 || concat.attribute("axis")?.int == -1,
              concat.inputs.count == columns.count, Set(concat.inputs) == Set(columns.map(\.output)),
              let featuresName = concat.outputs.first, !featuresName.isEmpty else {
            throw .invalidGraph("the input columns must meet in one Concat(axis 1) of exactly their values, found \(Self.label(concat))")
        }
        let byOutput = Dictionary(columns.map { ($0.output, $0) }, uniquingKeysWith: { first, _ in first })
        columns = concat.inputs.compactMap { byOutput[$0] }
        frontNodes.insert(concatIndex)

        let stack = try networkStack(features: featuresName, width: columns.reduce(0) { $0 + $1.width }, skipping: frontNodes)
        let preprocessor = try preprocessing(columns, stack: stack, target: target)
        var bare = stack
        bare.inputMean = nil
        bare.inputScale = nil
        let network = try Network(denseStack: bare)
        let loss: Loss = switch stack.outputLink {
        case .identity: .meanSquaredError
        case .sigmoid: .binaryCrossEntropy
        case .softmax: .categoricalCrossEntropy
        }
        let trained = TrainedModel(network: network, preprocessor: preprocessor, configuration: TrainingConfiguration(loss: loss))
        // The model file's own checks (features against inputs, classes against outputs).
        do {
            return try TrainedModel(file: trained.modelFile())
        } catch {
            throw .invalidGraph("the graph does not make a consistent model: \(error)")
        }
    }

    /// The node that alone reads `name` (a column's value feeds one chain).
    func soleConsumer(of name: String, column: String) throws(ONNXError) -> (Int, ONNXNodeProto) {
        let readers = consumers[name] ?? []
        guard readers.count == 1, let index = readers.first else {
            throw .invalidGraph("the value '\(name)' of input column '\(column)' is read by \(readers.count) nodes; expected one")
        }
        return (index, graph.nodes[index])
    }

    /// One input column's chain up to (not including) the Concat.
    func column(_ input: ONNXValueInfoProto, frontNodes: inout Set<Int>) throws(ONNXError) -> Column {
        guard let type = input.type?.tensor, input.type?.isOtherKind != true else {
            throw .invalidGraph("input '\(input.name)' is not a tensor")
        }
        if let shape = type.shape {
            guard shape.count == 2, shape[1] == .value(1) || shape[1] == .unknown else {
                throw .invalidGraph("input column '\(input.name)' must have shape [batch, 1]")
            }
        }
        switch type.elementType {
        case ONNXTensorProto.DataType.float.rawValue:
            var column = Column(name: input.name, kind: .numeric, output: input.name)
            let (index, node) = try soleConsumer(of: input.name, column: input.name)
            if node.opType == "Imputer" {
                try requireML(node)
                let values = node.attribute("imputed_value_floats")?.floats ?? []
                guard values.count == 1, values[0].isFinite, node.attribute("replaced_value_float")?.float.isNaN == true,
                      let output = node.outputs.first, !output.isEmpty else {
                    throw ONNXError.unsupportedNode(opType: node.opType, name: Self.label(node),
                                                    reason: "only one finite value replacing NaN is supported")
                }
                column.fill = values[0]
                column.output = output
                frontNodes.insert(index)
            }
            return column
        case ONNXTensorProto.stringElementType:
            var column = Column(name: input.name, kind: .categorical, output: input.name)
            let (encoderIndex, encoder) = try soleConsumer(of: input.name, column: input.name)
            guard encoder.opType == "LabelEncoder" else {
                throw .unsupportedNode(opType: encoder.opType, name: Self.label(encoder),
                                       reason: "a text column is read by LabelEncoder (string → int64), then OneHotEncoder")
            }
            try requireML(encoder)
            let keys = try strings(encoder, "keys_strings")
            let values = encoder.attribute("values_int64s")?.ints ?? []
            let unseen = encoder.attribute("default_int64")?.int ?? -1
            guard keys.count == values.count, !keys.isEmpty, Set(keys).count == keys.count,
                  let indexName = encoder.outputs.first, !indexName.isEmpty else {
                throw .unsupportedNode(opType: encoder.opType, name: Self.label(encoder),
                                       reason: "it needs as many distinct keys_strings as values_int64s")
            }
            let (oneHotIndex, oneHot) = try soleConsumer(of: indexName, column: input.name)
            try requireML(oneHot)
            let width = oneHot.attribute("cats_int64s")?.ints.count ?? 0
            guard oneHot.opType == "OneHotEncoder", width > 0, oneHot.attribute("cats_int64s")?.ints == (0..<Int64(width)).map({ $0 }),
                  oneHot.attribute("zeros")?.int ?? 1 == 1, let oneHotName = oneHot.outputs.first, !oneHotName.isEmpty else {
                throw .unsupportedNode(opType: oneHot.opType, name: Self.label(oneHot),
                                       reason: "expected OneHotEncoder(cats_int64s = 0…w−1, zeros = 1) after the LabelEncoder")
            }
            let (flattenIndex, flatten) = try soleConsumer(of: oneHotName, column: input.name)
            guard (flatten.opType == "Flatten" && flatten.attribute("axis")?.int ?? 1 == 1) || flatten.opType == "Reshape",
                  flatten.domain.isEmpty, let block = flatten.outputs.first, !block.isEmpty else {
                throw .unsupportedNode(opType: flatten.opType, name: Self.label(flatten),
                                       reason: "expected Flatten(axis 1) after the OneHotEncoder")
            }
            // Categories by index; the missing markers (which a CSV reader never gives as text) name the fill.
            var names = [[String]](repeating: [], count: width)
            let markers = Set(ColumnGraphExporter.missingMarkers)
            var fillIndex: Int64?
            for (key, value) in zip(keys, values) {
                if markers.contains(key) {
                    if key.isEmpty { fillIndex = value }
                    continue
                }
                guard value >= 0, value < Int64(width) else {
                    throw .unsupportedNode(opType: encoder.opType, name: Self.label(encoder),
                                           reason: "the category '\(key)' maps to \(value), outside the \(width) one-hot outputs")
                }
                names[Int(value)].append(key)
            }
            // The exporter points the unseen default at the pooled output when there is one (-1 otherwise).
            let hasPool = unseen == Int64(width - 1)
            let kept = hasPool ? width - 1 : width
            for index in 0..<kept where names[index].count != 1 {
                throw .unsupportedNode(opType: encoder.opType, name: Self.label(encoder),
                                       reason: "one-hot output \(index) of column '\(input.name)' has \(names[index].count) categories; expected one")
            }
            column.categories = names.prefix(kept).map { $0[0] }
            column.pooled = hasPool ? names[width - 1] : []
            if let fillIndex {
                guard fillIndex >= 0, fillIndex < Int64(kept) else {
                    throw .unsupportedNode(opType: encoder.opType, name: Self.label(encoder),
                                           reason: "the missing value of column '\(input.name)' maps to \(fillIndex), which is no single category")
                }
                column.categoryFill = column.categories[Int(fillIndex)]
            }
            column.output = block
            frontNodes.formUnion([encoderIndex, oneHotIndex, flattenIndex])
            return column
        default:
            throw .invalidGraph("input column '\(input.name)' has element type \(type.elementType); float (1) and string (8) are supported")
        }
    }

    /// The dense stack from the Concat's output on, read by `ONNXImporter` as a one-input graph.
    func networkStack(features: String, width: Int, skipping frontNodes: Set<Int>) throws(ONNXError) -> DenseStack {
        var network = graph
        network.nodes = graph.nodes.enumerated().filter { !frontNodes.contains($0.offset) }.map(\.element)
        network.inputs = [.tensor(features, elementType: ONNXTensorProto.DataType.float.rawValue, shape: [.parameter("batch"), .value(Int64(width))])]
        network.outputs = graph.outputs.filter { ($0.type?.tensor?.elementType ?? 1) == ONNXTensorProto.DataType.float.rawValue }
        var submodel = model
        submodel.graph = network
        submodel.metadataProps = []
        return try ONNXImporter.stack(from: submodel)
    }

    /// The preprocessing the columns and the stack's standardisation describe.
    func preprocessing(_ columns: [Column], stack: DenseStack, target: String?) throws(ONNXError) -> Preprocessor {
        var means: [Float] = [], deviations: [Float] = []
        var offset = 0
        for column in columns {
            for position in offset..<(offset + column.width) {
                let mean = stack.inputMean?[position] ?? 0, scale = stack.inputScale?[position] ?? 1
                if column.kind == .numeric {
                    guard scale > 0, scale.isFinite, mean.isFinite else {
                        throw .invalidGraph("column '\(column.name)' is standardised with mean \(mean) and scale \(scale); a model's standardisation needs a positive scale")
                    }
                    means.append(mean)
                    deviations.append(scale)
                } else if mean != 0 || scale != 1 {
                    throw .invalidGraph("the one-hot features of column '\(column.name)' are standardised in the graph, which a model's preprocessing cannot hold")
                }
            }
            offset += column.width
        }
        let fills = columns.contains { $0.fill != nil || $0.categoryFill != nil }
        let recorded = model.metadata(ColumnGraphExporter.missingKey).flatMap(MissingValuePolicy.init(rawValue:))
        let policy = recorded ?? (fills ? .median : .error)
        if policy.fillingPolicy != .error, let unfilled = columns.first(where: { $0.fill == nil && $0.categoryFill == nil }) {
            throw .invalidGraph("the graph fills missing values but not in column '\(unfilled.name)'")
        }
        let numeric = columns.filter { $0.kind == .numeric }
        let categorical = columns.filter { $0.kind == .categorical }
        let numericFills = numeric.map { $0.fill ?? 0 }
        let imputer = Imputer(numericMeans: numericFills, numericMedians: fills ? numericFills : nil,
                              numericModes: fills ? numericFills : nil,
                              categoricalModes: categorical.map { $0.categoryFill ?? $0.categories.first ?? "" })
        let unseen = model.metadata(ColumnGraphExporter.unseenKey).flatMap(UnseenCategoryPolicy.init(rawValue:)) ?? .allZeros
        let names = columns.map(\.name)
        guard Set(names).count == names.count else { throw .invalidGraph("the input column names contain duplicates") }
        let encoder = OneHotEncoder(columnNames: categorical.map(\.name), categories: categorical.map(\.categories),
                                    infrequentCategories: categorical.map(\.pooled), unseenCategories: unseen)
        let task: LearningTask = stack.outputLink == .identity ? .regression : .classification
        var labelEncoder: LabelEncoder?
        if task == .classification {
            let count = stack.outputLink == .sigmoid && stack.outputSize == 1 ? 2 : stack.outputSize
            let classes = try classNames() ?? (0..<count).map(String.init)
            guard classes.count == count, Set(classes).count == count else {
                throw .invalidGraph("the label output names \(classes.count) distinct classes for \(count) probabilities")
            }
            labelEncoder = LabelEncoder(classes: classes)
        }
        return Preprocessor(
            inputColumns: columns.map { Preprocessor.InputColumn(name: $0.name, kind: $0.kind) },
            targetColumn: target ?? model.metadata(ColumnGraphExporter.targetKey) ?? "target", task: task,
            missingValues: policy, imputer: imputer,
            standardizer: Standardizer(means: means, standardDeviations: deviations),
            oneHotEncoder: encoder, labelEncoder: labelEncoder)
    }

    /// The class names of a string output made by LabelEncoder(keys_int64s 0…k−1 → values_strings).
    func classNames() throws(ONNXError) -> [String]? {
        let stringOutputs = Set(graph.outputs.filter { $0.type?.tensor?.elementType == ONNXTensorProto.stringElementType }.map(\.name))
        guard let node = graph.nodes.first(where: { $0.opType == "LabelEncoder" && $0.outputs.contains(where: stringOutputs.contains) }) else {
            return nil
        }
        try requireML(node)
        let keys = node.attribute("keys_int64s")?.ints ?? []
        let values = try strings(node, "values_strings")
        guard keys == (0..<Int64(keys.count)).map({ $0 }), values.count == keys.count else {
            throw .unsupportedNode(opType: node.opType, name: Self.label(node),
                                   reason: "the label's keys_int64s must be 0…k−1, one per values_strings entry")
        }
        return values
    }

    func requireML(_ node: ONNXNodeProto) throws(ONNXError) {
        guard node.domain == ColumnGraphExporter.mlDomain else {
            throw .unsupportedNode(opType: node.opType, name: Self.label(node), reason: "expected the ai.onnx.ml domain, found '\(node.domain)'")
        }
    }

    func strings(_ node: ONNXNodeProto, _ name: String) throws(ONNXError) -> [String] {
        var result: [String] = []
        for bytes in node.attribute(name)?.strings ?? [] {
            guard let text = String(validating: bytes, as: UTF8.self) else {
                throw .unsupportedNode(opType: node.opType, name: Self.label(node), reason: "\(name) holds text that is not UTF-8")
            }
            result.append(text)
        }
        return result
    }

    static func label(_ node: ONNXNodeProto) -> String {
        node.name.isEmpty ? node.opType : "\(node.opType) '\(node.name)'"
    }
}
