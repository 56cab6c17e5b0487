import Foundation
import Testing
import Neural

/// Losses and gradients against PyTorch (float64 autograd) and scikit-learn's own
/// `MLPRegressor._backprop`, recorded by `Fixtures/network_reference.py` (versions in the file).
@Suite struct ReferenceGradientTests {
    struct Fixture: Decodable {
        struct TorchCase: Decodable { var activation: String; var loss: String; var value: Double
                                      var logits: [Double]; var gradient: [Double] }
        struct SklearnCase: Decodable { var activation: String; var alpha: Float; var sampleWeighted: Bool
                                        var value: Double; var gradient: [Double] }
        struct Sklearn: Decodable { var targets: [Float]; var outputWeight: [Float]; var outputBias: [Float]
                                    var cases: [SklearnCase] }
        var sizes: [Int]
        var inputs: [Float]
        var weights: [[Float]]
        var biases: [[Float]]
        var regressionTargets: [Float]
        var binaryTargets: [Float]
        var classIndices: [Int]
        var sampleWeights: [Float]
        var classWeights: [Float]
        var binaryClassWeights: [Float]
        var torch: [TorchCase]
        var sklearn: Sklearn
    }

    static let fixture: Fixture = {
        guard let url = Bundle.module.url(forResource: "network_reference", withExtension: "json", subdirectory: "Fixtures"),
              let data = try? Data(contentsOf: url),
              let fixture = try? JSONDecoder().decode(Fixture.self, from: data)
        else { preconditionFailure("Fixtures/network_reference.json is missing or unreadable") }
        return fixture
    }()

    static func activation(named name: String) -> Activation {
        guard let activation = Activation(name: name) else { preconditionFailure("unknown activation \(name)") }
        return activation
    }

    /// The fixture's network with `activation` on the hidden layers (weights from the file).
    static func network(activation: Activation, outputWeight: [Float]? = nil, outputBias: [Float]? = nil) -> Network {
        let f = fixture
        let outputs = outputWeight.map { $0.count / f.sizes[2] } ?? f.sizes[3]
        let sizes = [f.sizes[0], f.sizes[1], f.sizes[2], outputs]
        var network = Network(layers: (0..<3).map { layer in
            .dense(Dense(inputSize: sizes[layer], outputSize: sizes[layer + 1], activation: layer < 2 ? activation : .identity))
        }, seed: 0)
        for layer in 0..<3 {
            let weight = layer == 2 ? (outputWeight ?? f.weights[2]) : f.weights[layer]
            let bias = layer == 2 ? (outputBias ?? f.biases[2]) : f.biases[layer]
            // The fixture lists each weight [in, out] (and its gradients in that order, which is
            // the flat vector's storage order); the API takes [out, in].
            network.setParameters(ofLayer: layer, weight: Matrix(rows: sizes[layer], columns: sizes[layer + 1], storage: weight).transposed,
                                  bias: bias)
        }
        return network
    }

    /// The loss, targets and sample weights that each recorded torch case names.
    static func setting(_ name: String) -> (loss: Loss, targets: Matrix, sampleWeights: [Float]?) {
        let f = fixture
        let rows = f.inputs.count / f.sizes[0], outputs = f.sizes[3]
        let regression = Matrix(rows: rows, columns: outputs, storage: f.regressionTargets)
        let binary = Matrix(rows: rows, columns: outputs, storage: f.binaryTargets)
        let indices = Matrix(rows: rows, columns: 1, storage: f.classIndices.map(Float.init))
        let oneHot = Matrix(rows: rows, columns: outputs) { f.classIndices[$0] == $1 ? 1 : 0 }
        switch name {
        case "meanSquaredError": return (.meanSquaredError, regression, nil)
        case "halfMeanSquaredError": return (.halfMeanSquaredError, regression, nil)
        case "meanAbsoluteError": return (.meanAbsoluteError, regression, nil)
        case "huber": return (.huber(delta: 0.5), regression, nil)
        case "binaryCrossEntropy": return (.binaryCrossEntropy, binary, nil)
        case "categoricalIndices": return (.categoricalCrossEntropy, indices, nil)
        case "categoricalOneHot": return (.categoricalCrossEntropy, oneHot, nil)
        case "categoricalIndicesClassWeighted": return (.categoricalCrossEntropy(classWeights: f.classWeights), indices, nil)
        case "categoricalIndicesSampleWeighted": return (.categoricalCrossEntropy, indices, f.sampleWeights)
        case "meanSquaredErrorSampleWeighted": return (.meanSquaredError, regression, f.sampleWeights)
        case "binaryCrossEntropyClassWeighted": return (.binaryCrossEntropy(classWeights: f.binaryClassWeights), binary, nil)
        default: preconditionFailure("unknown loss case \(name)")
        }
    }

    /// Tolerance: our forward and backward passes run in float32 (relative rounding 6e-8 per
    /// operation, on values of order 1), the references in float64. The largest difference
    /// measured over all cases is 8e-8 (losses) and 6e-8 (gradients, relative to 1 + |g|);
    /// 1e-6·(1 + |reference|) leaves a factor of 10 for other compilers and GEMM kernels and
    /// still catches any formula error, which shows up at 1e-3 or more.
    static let tolerance = 1e-6

    static func close(_ value: Double, _ reference: Double) -> Bool {
        abs(value - reference) <= tolerance * (1 + abs(reference))
    }

    @Test func torchLossesAndGradients() {
        let f = Self.fixture
        let inputs = Matrix(rows: f.inputs.count / f.sizes[0], columns: f.sizes[0], storage: f.inputs)
        #expect(f.torch.count == Activation.allCases.count * 11)
        for reference in f.torch {
            let network = Self.network(activation: Self.activation(named: reference.activation))
            let (loss, targets, sampleWeights) = Self.setting(reference.loss)
            let logits = network.predict(inputs)
            #expect(zip(logits.storage, reference.logits).allSatisfy { Self.close(Double($0), $1) },
                    "logits \(reference.activation)")
            let workspace = TrainingWorkspace(for: network, batchCapacity: inputs.rows)
            var masks = SeededGenerator(seed: 0)  // no dropout: not used
            let value = network.computeGradients(inputs: inputs, targets: targets, sampleWeights: sampleWeights,
                                                 loss: loss, workspace: workspace, generator: &masks)
            #expect(Self.close(value, reference.value), "\(reference.activation) \(reference.loss): \(value) vs \(reference.value)")
            let gradient = workspace.gradients.values
            let worst = zip(gradient, reference.gradient).map { abs(Double($0) - $1) / (1 + abs($1)) }.max() ?? .infinity
            #expect(worst <= Self.tolerance, "\(reference.activation) \(reference.loss): gradient off by \(worst)")
        }
    }

    /// scikit-learn's MLPRegressor objective: half squared error plus `alpha/(2·n)·Σw²`, where
    /// `n` is the batch size or, with sample weights, their sum; its gradient comes from
    /// scikit-learn's own back-propagation. (Single output: for several outputs scikit-learn's
    /// gradient omits the 1/outputs of its reported loss.)
    @Test func scikitLearnBackprop() {
        let f = Self.fixture
        let inputs = Matrix(rows: f.inputs.count / f.sizes[0], columns: f.sizes[0], storage: f.inputs)
        let targets = Matrix(rows: inputs.rows, columns: 1, storage: f.sklearn.targets)
        #expect(f.sklearn.cases.count == 16)
        for reference in f.sklearn.cases {
            let network = Self.network(activation: Self.activation(named: reference.activation),
                                       outputWeight: f.sklearn.outputWeight, outputBias: f.sklearn.outputBias)
            let workspace = TrainingWorkspace(for: network, batchCapacity: inputs.rows)
            var masks = SeededGenerator(seed: 0)  // no dropout: not used
            let value = network.computeGradients(inputs: inputs, targets: targets,
                                                 sampleWeights: reference.sampleWeighted ? f.sampleWeights : nil,
                                                 loss: .halfMeanSquaredError,
                                                 regularization: .scikitLearn(alpha: Double(reference.alpha)), workspace: workspace, generator: &masks)
            let label = "\(reference.activation) alpha=\(reference.alpha) weighted=\(reference.sampleWeighted)"
            #expect(Self.close(value, reference.value), "\(label): \(value) vs \(reference.value)")
            let worst = zip(workspace.gradients.values, reference.gradient).map { abs(Double($0) - $1) / (1 + abs($1)) }.max() ?? .infinity
            #expect(worst <= Self.tolerance, "\(label): gradient off by \(worst)")
        }
    }
}
