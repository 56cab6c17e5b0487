import Foundation
import Testing
@testable import Neural

/// Lazy state, resets, and exact resumption through `Codable`.
@Suite struct OptimizerStateTests {
    struct Variant: Sendable, CustomTestStringConvertible {
        var name: String
        var make: @Sendable () -> AnyOptimizer
        var testDescription: String { name }
    }

    static let variants: [Variant] = [
        .init(name: "sgd", make: { .sgd(SGD()) }),
        .init(name: "sgd-nesterov", make: { .sgd(SGD(momentum: 0.9, nesterov: true, weightDecay: 0.01)) }),
        .init(name: "sgd-scikit-learn", make: { .sgd(SGD(momentum: 0.9, momentumForm: .scikitLearn)) }),
        .init(name: "adam", make: { .adam(Adam()) }),
        .init(name: "adam-keras-amsgrad", make: { .adam(Adam(epsilonPlacement: .keras, amsgrad: true)) }),
        .init(name: "adamw", make: { .adamW(AdamW(weightDecay: 0.05)) }),
        .init(name: "rmsprop-centered-momentum", make: { .rmsProp(RMSProp(momentum: 0.9, centered: true)) }),
        .init(name: "adagrad", make: { .adagrad(Adagrad(learningRateDecay: 0.01)) }),
    ]

    /// A two-layer layout (8 + 3 + 6 + 2 values) and a deterministic gradient per step.
    static func problem() -> (ParameterVector, (Int) -> ParameterVector) {
        var layout = ParameterLayout()
        layout.append(name: "layers.0.weight", shape: [2, 4], kind: .weight)
        layout.append(name: "layers.0.bias", shape: [3], kind: .bias)
        layout.append(name: "layers.1.weight", shape: [3, 2], kind: .weight)
        layout.append(name: "layers.1.bias", shape: [2], kind: .bias)
        let parameters = ParameterVector(layout: layout, values: (0..<layout.count).map { Float($0) * 0.1 - 0.9 })
        let gradient: (Int) -> ParameterVector = { step in
            ParameterVector(layout: layout, values: (0..<layout.count).map { index in
                Float(sin(Double(index * 7 + step * 3))) * (1 + Float(step) * 0.5)
            })
        }
        return (parameters, gradient)
    }

    @Test(arguments: variants)
    func resumingFromJSONIsBitIdentical(_ variant: Variant) throws {
        let (start, gradient) = Self.problem()
        let rates: [Float] = [0.1, 0.05, 0.05, 0.02, 0.02, 0.01, 0.01]
        var uninterrupted = variant.make()
        var expected = start
        for step in 0..<rates.count {
            uninterrupted.update(&expected, along: gradient(step), learningRate: rates[step])
        }

        var first = variant.make()
        var parameters = start
        for step in 0..<3 {
            first.update(&parameters, along: gradient(step), learningRate: rates[step])
        }
        let data = try JSONEncoder().encode(first)
        var resumed = try JSONDecoder().decode(AnyOptimizer.self, from: data)
        #expect(resumed == first)
        for step in 3..<rates.count {
            resumed.update(&parameters, along: gradient(step), learningRate: rates[step])
        }
        #expect(parameters.values == expected.values)
        #expect(resumed == uninterrupted)
        #expect(resumed.stepCount == rates.count)
    }

    @Test(arguments: OptimizerKind.allCases)
    func stateIsAllocatedOnTheFirstUpdate(_ kind: OptimizerKind) {
        let (start, gradient) = Self.problem()
        var optimizer = AnyOptimizer(kind: kind)
        #expect(optimizer.kind == kind)
        #expect(optimizer.stepCount == 0)
        var parameters = start
        optimizer.update(&parameters, along: gradient(0), learningRate: kind.defaultLearningRate)
        #expect(optimizer.stepCount == 1)
        #expect(parameters != start)
        optimizer.reset()
        #expect(optimizer.stepCount == 0)
        optimizer.prepare(for: start.layout)
        #expect(optimizer.stepCount == 0)
    }

    @Test func adamStateHasTheLayoutsSize() {
        let (start, gradient) = Self.problem()
        var adam = Adam(amsgrad: true)
        #expect(adam.state == nil)
        var parameters = start
        adam.update(&parameters, along: gradient(0), learningRate: 1e-3)
        #expect(adam.state?.firstMoment.count == start.layout.count)
        #expect(adam.state?.maximumSecondMoment.count == start.layout.count)
        var plain = Adam()
        plain.prepare(for: start.layout)
        #expect(plain.state?.maximumSecondMoment.isEmpty == true)
    }

    /// The moments keep their storage from one update to the next, through the type-erased
    /// wrapper too: an update allocates nothing once the state exists.
    @Test func updatesReuseTheStateStorage() {
        let (start, gradient) = Self.problem()
        var optimizer = AnyOptimizer.adam(Adam(amsgrad: true))
        var parameters = start
        func addresses() -> [UnsafeRawPointer?] {
            guard case .adam(let adam) = optimizer, let state = adam.state else { return [] }
            return [state.firstMoment, state.secondMoment, state.maximumSecondMoment].map { moment in
                moment.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) }
            }
        }
        let parameterAddress = { (vector: ParameterVector) in vector.values.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) } }
        optimizer.update(&parameters, along: gradient(0), learningRate: 1e-3)
        let before = addresses()
        let parametersBefore = parameterAddress(parameters)
        for step in 1..<4 {
            optimizer.update(&parameters, along: gradient(step), learningRate: 1e-3)
        }
        #expect(before.count == 3)
        #expect(addresses() == before)
        #expect(parameterAddress(parameters) == parametersBefore)
    }

    @Test func presetsMatchThePeersDefaults() {
        let keras = Adam.keras()
        #expect(keras.epsilon == 1e-7 && keras.epsilonPlacement == .keras)
        let scikitLearn = Adam.scikitLearn()
        #expect(scikitLearn.epsilon == 1e-8 && scikitLearn.epsilonPlacement == .keras)
        let sgd = SGD.scikitLearn()
        #expect(sgd.momentum == 0.9 && sgd.nesterov && sgd.momentumForm == .scikitLearn)
        let adam = Adam()
        #expect(adam.beta1 == 0.9 && adam.beta2 == 0.999 && adam.epsilon == 1e-8 && !adam.amsgrad)
        #expect(AdamW().weightDecay == 0.01)
        let rmsProp = RMSProp()
        #expect(rmsProp.alpha == 0.99 && rmsProp.epsilon == 1e-8)
        #expect(Adagrad().epsilon == 1e-10)
    }

    @Test func kindNamesAreTheCommandLineSpellings() throws {
        #expect(OptimizerKind.allCases.map(\.rawValue) == ["sgd", "adam", "adamw", "rmsprop", "adagrad"])
        let json = try JSONEncoder().encode(AnyOptimizer(kind: .adamW))
        let object = try #require(JSONSerialization.jsonObject(with: json) as? [String: Any])
        #expect(object["kind"] as? String == "adamw")
    }
}
