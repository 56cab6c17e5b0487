import Foundation
import Neural
import NeuralInference

/// Small models with random weights (the protocol does not care how they were trained), and
/// CSV text for them. Expected predictions always come from `TrainedModel.predict` on the
/// table `neural predict` would read, so every test compares the server's path with the CLI's.
enum ServingFixtures {
    /// Numeric `a`, `b` (standardised with means 1, 2 and deviations 2, 4) and text `c` ∈ {p, q};
    /// classes u, v, w; missing values refused.
    static func mixedPreprocessor(task: LearningTask, missing: MissingValuePolicy = .error) -> Preprocessor {
        Preprocessor(inputColumns: [.init(name: "a", kind: .numeric), .init(name: "b", kind: .numeric),
                                    .init(name: "c", kind: .categorical)],
                     targetColumn: "y", task: task, missingValues: missing, numericMeans: [1, 2],
                     standardizer: Standardizer(means: [1, 2], standardDeviations: [2, 4]),
                     mostFrequentCategories: ["p"],
                     oneHotEncoder: OneHotEncoder(columnNames: ["c"], categories: [["p", "q"]]),
                     labelEncoder: task == .classification ? LabelEncoder(classes: ["u", "v", "w"]) : nil)
    }

    /// A classifier of `a`, `b`, `c` (4 features, 3 classes).
    static func classifier(name: String = "mixed", missing: MissingValuePolicy = .error) -> ServedModel {
        let network = Network(inputSize: 4, hiddenLayers: [8], outputSize: 3, activation: .tanh, seed: 7)
        let model = TrainedModel(network: network, preprocessor: mixedPreprocessor(task: .classification, missing: missing),
                                 configuration: TrainingConfiguration(loss: .categoricalCrossEntropy))
        return ServedModel(name: name, path: "\(name).safetensors", model: model)
    }

    /// An all-numeric regressor of `x1`, `x2`, `x3` with a target scaling.
    static func regressor(name: String = "numeric") -> ServedModel {
        let preprocessor = Preprocessor(
            inputColumns: [.init(name: "x1", kind: .numeric), .init(name: "x2", kind: .numeric), .init(name: "x3", kind: .numeric)],
            targetColumn: "t", task: .regression, missingValues: .mean, numericMeans: [0, 1, 2],
            standardizer: Standardizer(means: [0, 1, 2], standardDeviations: [1, 2, 3]),
            mostFrequentCategories: [], oneHotEncoder: OneHotEncoder(columnNames: [], categories: []), labelEncoder: nil)
        let network = Network(inputSize: 3, hiddenLayers: [6], outputSize: 1, activation: .relu, seed: 3)
        let model = TrainedModel(network: network, preprocessor: preprocessor,
                                 configuration: TrainingConfiguration(loss: .meanSquaredError),
                                 targetScaling: Standardizer(means: [100], standardDeviations: [10]))
        return ServedModel(name: name, path: "\(name).safetensors", model: model)
    }

    static let mixedCSV = "a,b,c\n3,-2,p\n0.5,10,q\n-1,6,p\n2.25,0,q\n"
    static let numericCSV = "x1,x2,x3\n0.1,0.2,0.3\n-1,4,9\n3.5,-2,0\n"

    /// What `neural predict` computes for `csv`.
    static func expected(_ served: ServedModel, csv: String) throws -> ModelPrediction {
        try served.model.predict(served.model.preprocessor.readTable(csvText: csv))
    }

    /// The JSON request with one tensor per column of the mixed CSV above.
    static let mixedJSON = """
    {"id":"r-1","inputs":[
      {"name":"a","datatype":"FP32","shape":[4],"data":[3,0.5,-1,2.25]},
      {"name":"b","datatype":"INT64","shape":[4,1],"data":[[-2],[10],[6],[0]]},
      {"name":"c","datatype":"BYTES","shape":[4],"data":["p","q","p","q"]}]}
    """

    static func littleEndian(_ values: [Float]) -> [UInt8] {
        values.flatMap { value -> [UInt8] in
            let bits = value.bitPattern
            return [UInt8(bits & 0xFF), UInt8(bits >> 8 & 0xFF), UInt8(bits >> 16 & 0xFF), UInt8(bits >> 24)]
        }
    }

    static func bytesElements(_ texts: [String]) -> [UInt8] {
        texts.flatMap { text -> [UInt8] in
            let utf8 = Array(text.utf8)
            let count = UInt32(utf8.count)
            return [UInt8(count & 0xFF), UInt8(count >> 8 & 0xFF), UInt8(count >> 16 & 0xFF), UInt8(count >> 24)] + utf8
        }
    }

    /// The mixed rows as a binary request (tritonclient's layout): JSON header, then `a` as
    /// FP32, `b` as FP32, `c` as BYTES; all outputs asked in binary.
    static func mixedBinary() -> (body: [UInt8], headerLength: Int) {
        let a = littleEndian([3, 0.5, -1, 2.25])
        let b = littleEndian([-2, 10, 6, 0])
        let c = bytesElements(["p", "q", "p", "q"])
        let json = """
        {"inputs":[{"name":"a","datatype":"FP32","shape":[4],"parameters":{"binary_data_size":\(a.count)}},\
        {"name":"b","datatype":"FP32","shape":[4],"parameters":{"binary_data_size":\(b.count)}},\
        {"name":"c","datatype":"BYTES","shape":[4],"parameters":{"binary_data_size":\(c.count)}}],\
        "parameters":{"binary_data_output":true}}
        """
        let header = Array(json.utf8)
        return (header + a + b + c, header.count)
    }
}
