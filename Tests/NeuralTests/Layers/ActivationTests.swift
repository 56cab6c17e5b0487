import Foundation
import Testing
import Neural

@Suite struct ActivationTests {
    /// Reference values in Double from each formula as written in the documentation.
    static func reference(_ activation: Activation, _ z: Double) -> Double {
        switch activation {
        case .identity: z
        case .sigmoid: 1 / (1 + exp(-z))
        case .tanh: tanh(z)
        case .relu: max(z, 0)
        case .leakyReLU(let slope): z > 0 ? z : Double(slope) * z
        case .elu(let alpha): z > 0 ? z : Double(alpha) * (exp(z) - 1)
        case .softplus: log(1 + exp(z))
        case .gelu: 0.5 * z * (1 + tanh((2 / Double.pi).squareRoot() * (z + 0.044715 * z * z * z)))
        }
    }

    static let points: [Float] = [-6, -2.5, -1, -0.3, 0.2, 0.7, 1.5, 4]

    @Test(arguments: Activation.allCases)
    func valuesMatchTheFormulas(activation: Activation) {
        let z = Matrix(rows: 1, columns: Self.points.count, storage: Self.points)
        let y = activation.apply(to: z)
        for (index, point) in Self.points.enumerated() {
            let expected = Self.reference(activation, Double(point))
            // float32 evaluation of expf/tanhf etc.: a few ulps, ≤ 1e-6 relative for |y| ≤ 6.
            #expect(abs(Double(y.storage[index]) - expected) <= 1e-6 * max(1, abs(expected)),
                    "\(activation.name)(\(point))")
        }
    }

    /// `f′` (computed from the stored output where cheap) against a central difference of the
    /// Double reference: h = 1e-4 gives truncation error ~1e-8, far below the float32 rounding of f′.
    @Test(arguments: Activation.allCases)
    func derivativesMatchCentralDifferences(activation: Activation) {
        let z = Matrix(rows: 1, columns: Self.points.count, storage: Self.points)
        let derivative = activation.derivative(at: z)
        let h = 1e-4
        for (index, point) in Self.points.enumerated() {
            let x = Double(point)
            let numeric = (Self.reference(activation, x + h) - Self.reference(activation, x - h)) / (2 * h)
            #expect(abs(Double(derivative.storage[index]) - numeric) < 1e-5, "\(activation.name)′(\(point))")
        }
    }

    @Test func stableAtExtremes() {
        let z = Matrix([[-1e4, -100, 100, 1e4]])
        let sigmoid = Activation.sigmoid.apply(to: z)
        #expect(sigmoid.storage == [0, Float(exp(-100.0)), 1, 1])  // e^−100 ≈ 3.7e−44 is a float32 subnormal
        let softplus = Activation.softplus.apply(to: z)
        #expect(softplus.storage[0] == 0 && softplus.storage[2] == 100 && softplus.storage[3] == 1e4)
        for activation in Activation.allCases {
            #expect(activation.apply(to: z).storage.allSatisfy { $0.isFinite }, "\(activation.name)")
            #expect(activation.derivative(at: z).storage.allSatisfy { $0.isFinite }, "\(activation.name)′")
        }
    }

    @Test func reluFamilyAtZero() {
        // Conventions at the kink: f′(0) = 0 for ReLU, slope for leaky ReLU, α for ELU (left limit).
        let zero = Matrix([[0]])
        #expect(Activation.relu.derivative(at: zero).storage == [0])
        #expect(Activation.leakyReLU(slope: 0.2).derivative(at: zero).storage == [0.2])
        #expect(Activation.elu(alpha: 0.5).derivative(at: zero).storage == [0.5])
    }

    @Test func codableAndNames() throws {
        let data = try JSONEncoder().encode(Activation.allCases + [.leakyReLU(slope: 0.2), .elu(alpha: 0.5)])
        let decoded = try JSONDecoder().decode([Activation].self, from: data)
        #expect(decoded == Activation.allCases + [.leakyReLU(slope: 0.2), .elu(alpha: 0.5)])
        let json = #"[{"name": "relu"}, {"name": "leakyReLU", "slope": 0.1}, {"name": "elu"}]"#
        #expect(try JSONDecoder().decode([Activation].self, from: Data(json.utf8)) == [.relu, .leakyReLU(slope: 0.1), .elu(alpha: 1)])
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(Activation.self, from: Data(#"{"name": "swish"}"#.utf8))
        }
        #expect(Activation(name: "logistic") == .sigmoid)
        #expect(Activation(name: "leaky_relu") == .leakyReLU())
        #expect(Activation(name: "nope") == nil)
    }

    @Test func defaultInitializers() {
        #expect(Activation.relu.defaultInitializer == .heUniform)
        #expect(Activation.gelu.defaultInitializer == .heUniform)
        #expect(Activation.tanh.defaultInitializer == .glorotUniform)
        #expect(Activation.identity.defaultInitializer == .glorotUniform)
    }
}
