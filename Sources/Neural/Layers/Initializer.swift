/// How a dense layer's weights are drawn before training (biases start at zero, except for the
/// three peer initialisers at the end of the table, which draw biases from the weights' bound).
///
/// With `fanIn = inputSize` and `fanOut = outputSize` of a weight `[outputSize, inputSize]`:
///
/// | initialiser     | distribution                                  | variance              |
/// | --------------- | --------------------------------------------- | --------------------- |
/// | `glorotUniform` | U(−√(6/(fanIn+fanOut)), +√(6/(fanIn+fanOut))) | 2 / (fanIn + fanOut)  |
/// | `glorotNormal`  | N(0, 2/(fanIn+fanOut))                        | 2 / (fanIn + fanOut)  |
/// | `heUniform`     | U(−√(6/fanIn), +√(6/fanIn))                   | 2 / fanIn             |
/// | `heNormal`      | N(0, 2/fanIn)                                 | 2 / fanIn             |
/// | `lecunUniform`  | U(−√(3/fanIn), +√(3/fanIn))                   | 1 / fanIn             |
/// | `lecunNormal`   | N(0, 1/fanIn)                                 | 1 / fanIn             |
/// | `zeros`         | all 0                                         | 0                     |
/// | `pytorchLinear` | U(−1/√fanIn, +1/√fanIn), biases too           | 1 / (3·fanIn)         |
/// | `scikitLearn`   | U(−√(6/(fanIn+fanOut)), +…), biases too       | 2 / (fanIn + fanOut)  |
/// | `scikitLearnLogistic` | U(−√(2/(fanIn+fanOut)), +…), biases too | 2 / (3·(fanIn + fanOut)) |
///
/// The last three reproduce peers' defaults (the draws themselves come from this package's
/// generator, so they match the peers in distribution, not value by value):
/// - `pytorchLinear`: `torch.nn.Linear.reset_parameters`, `kaiming_uniform_(a=√5)` on the weight,
///   whose bound `gain·√(3/fanIn)` with `gain = √(2/(1 + a²)) = √(1/3)` is `1/√fanIn`, and the
///   bias from U(±1/√fanIn);
/// - `scikitLearn` / `scikitLearnLogistic`: `BaseMultilayerPerceptron._init_coef`, Glorot uniform
///   with `bound = √(factor/(fanIn + fanOut))`, factor 6 (2 when the hidden activation is
///   'logistic'), for the weights and the intercepts alike, on every layer.
///
/// Glorot & Bengio (2010) keep the variance of activations and gradients equal through layers
/// that are linear near 0; He et al. (2015) double it for ReLU, which zeroes half of its input;
/// LeCun (1998) keeps only the forward variance. The normal forms are not truncated.
/// Every draw comes from an explicit `SeededGenerator`, in row-major order of the weight.
public enum Initializer: String, Codable, Sendable, Hashable, CaseIterable {
    case glorotUniform, glorotNormal, heUniform, heNormal, lecunUniform, lecunNormal, zeros
    case pytorchLinear, scikitLearn, scikitLearnLogistic

    /// The variance of one weight for a layer with the given fans (see the table above).
    public func variance(fanIn: Int, fanOut: Int) -> Double {
        precondition(fanIn > 0 && fanOut > 0, "Initializer needs positive fans, got fanIn=\(fanIn) fanOut=\(fanOut)")
        switch self {
        case .glorotUniform, .glorotNormal: return 2 / Double(fanIn + fanOut)
        case .heUniform, .heNormal: return 2 / Double(fanIn)
        case .lecunUniform, .lecunNormal: return 1 / Double(fanIn)
        case .zeros: return 0
        // A uniform U(−b, b) has variance b²/3.
        case .pytorchLinear: return 1 / (3 * Double(fanIn))
        case .scikitLearn: return 2 / Double(fanIn + fanOut)
        case .scikitLearnLogistic: return 2 / (3 * Double(fanIn + fanOut))
        }
    }

    /// For the uniform forms, the bound `limit` of U(−limit, limit): `√(3·variance)`; else nil.
    public func uniformLimit(fanIn: Int, fanOut: Int) -> Double? {
        switch self {
        case .glorotUniform, .heUniform, .lecunUniform, .pytorchLinear, .scikitLearn, .scikitLearnLogistic:
            (3 * variance(fanIn: fanIn, fanOut: fanOut)).squareRoot()
        default: nil
        }
    }

    /// The bound of U(−limit, limit) the biases are drawn from, for the initialisers that draw
    /// them (`pytorchLinear`, `scikitLearn`, `scikitLearnLogistic`: the weights' bound); `nil`
    /// when biases start at 0.
    public func biasLimit(fanIn: Int, fanOut: Int) -> Double? {
        switch self {
        case .pytorchLinear, .scikitLearn, .scikitLearnLogistic: uniformLimit(fanIn: fanIn, fanOut: fanOut)
        default: nil
        }
    }

    /// Fills `biases` (`[fanOut]`) from U(−biasLimit, biasLimit), or with 0 when this
    /// initialiser leaves biases at 0.
    public func fillBiases(_ biases: inout ArraySlice<Float>, fanIn: Int, fanOut: Int,
                           using generator: inout SeededGenerator) {
        precondition(biases.count == fanOut, "Initializer: \(biases.count) biases for fanOut=\(fanOut)")
        guard let limit = biasLimit(fanIn: fanIn, fanOut: fanOut) else {
            for index in biases.indices { biases[index] = 0 }
            return
        }
        for index in biases.indices {
            biases[index] = Float(generator.nextUniform(in: -limit..<limit))
        }
    }

    /// Fills `weights` (a `[fanIn, fanOut]` tensor, row-major) with draws from `generator`.
    public func fill(_ weights: inout ArraySlice<Float>, fanIn: Int, fanOut: Int,
                     using generator: inout SeededGenerator) {
        precondition(weights.count == fanIn * fanOut,
                     "Initializer: \(weights.count) weights for fanIn=\(fanIn) × fanOut=\(fanOut)")
        let variance = variance(fanIn: fanIn, fanOut: fanOut)
        switch self {
        case .zeros:
            for index in weights.indices { weights[index] = 0 }
        case .glorotUniform, .heUniform, .lecunUniform, .pytorchLinear, .scikitLearn, .scikitLearnLogistic:
            let limit = (3 * variance).squareRoot()
            for index in weights.indices {
                weights[index] = Float(generator.nextUniform(in: -limit..<limit))
            }
        case .glorotNormal, .heNormal, .lecunNormal:
            let standardDeviation = variance.squareRoot()
            for index in weights.indices {
                weights[index] = Float(generator.nextNormal(mean: 0, standardDeviation: standardDeviation))
            }
        }
    }

    /// A new `[fanIn, fanOut]` weight matrix drawn from `generator`.
    public func weights(fanIn: Int, fanOut: Int, using generator: inout SeededGenerator) -> Matrix {
        var values = [Float](repeating: 0, count: fanIn * fanOut)[...]
        fill(&values, fanIn: fanIn, fanOut: fanOut, using: &generator)
        return Matrix(rows: fanIn, columns: fanOut, storage: Array(values))
    }
}
