import Foundation
import Testing
@testable import Neural

/// The rule apart from its state: states made by the rule, resets, named slots, and exact
/// resumption through `Codable`.
@Suite struct OptimizerStateTests {
    struct Variant: Sendable, CustomTestStringConvertible {
        var name: String
        var rule: AnyOptimizer
        var slots: [String]
        var testDescription: String { name }
    }

    static let variants: [Variant] = [
        .init(name: "sgd", rule: .sgd(SGD()), slots: []),
        .init(name: "sgd-nesterov", rule: .sgd(SGD(momentum: 0.9, nesterov: true, weightDecay: 0.01)), slots: ["momentum_buffer"]),
        .init(name: "sgd-scikit-learn", rule: .sgd(SGD(momentum: 0.9, momentumForm: .scikitLearn)), slots: ["momentum_buffer"]),
        .init(name: "adam", rule: .adam(Adam()), slots: ["first_moment", "second_moment"]),
        .init(name: "adam-keras-amsgrad", rule: .adam(Adam(epsilonPlacement: .keras, amsgrad: true)),
              slots: ["first_moment", "second_moment", "maximum_second_moment"]),
        .init(name: "adamw", rule: .adamW(AdamW(weightDecay: 0.05)), slots: ["first_moment", "second_moment"]),
        .init(name: "rmsprop-centered-momentum", rule: .rmsProp(RMSProp(momentum: 0.9, centered: true)),
              slots: ["square_average", "gradient_average", "momentum_buffer"]),
        .init(name: "rmsprop-momentum", rule: .rmsProp(RMSProp(momentum: 0.9)), slots: ["square_average", "momentum_buffer"]),
        .init(name: "adagrad", rule: .adagrad(Adagrad(learningRateDecay: 0.01)), slots: ["sum"]),
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
        let rates: [Double] = [0.1, 0.05, 0.05, 0.02, 0.02, 0.01, 0.01]
        let rule = variant.rule
        var uninterrupted = rule.makeState(for: start)
        var expected = start
        for step in 0..<rates.count {
            rule.update(&expected, along: gradient(step), learningRate: rates[step], state: &uninterrupted)
        }

        var first = rule.makeState(for: start)
        var parameters = start
        for step in 0..<3 {
            rule.update(&parameters, along: gradient(step), learningRate: rates[step], state: &first)
        }
        // The rule and the state travel apart, as a configuration and a checkpoint keep them.
        let decodedRule = try JSONDecoder().decode(AnyOptimizer.self, from: JSONEncoder().encode(rule))
        var resumed = try JSONDecoder().decode(OptimizerState.self, from: JSONEncoder().encode(first))
        #expect(decodedRule == rule)
        #expect(resumed == first)
        for step in 3..<rates.count {
            decodedRule.update(&parameters, along: gradient(step), learningRate: rates[step], state: &resumed)
        }
        #expect(parameters.values.map(\.bitPattern) == expected.values.map(\.bitPattern))
        #expect(resumed == uninterrupted)
        #expect(resumed.step == rates.count)
    }

    /// Each rule names its slots, makes them one value per parameter (zeros, or Adagrad's initial
    /// accumulator), and an update advances the step and changes the parameters.
    @Test(arguments: variants)
    func theRuleMakesItsNamedSlots(_ variant: Variant) {
        let (start, gradient) = Self.problem()
        #expect(variant.rule.stateSlots == variant.slots)
        var state = variant.rule.makeState(for: start)
        #expect(state.step == 0)
        #expect(state.slotNames == variant.slots)
        #expect(state.slots.allSatisfy { $0.values == [Float](repeating: 0, count: start.values.count) })
        #expect(variant.rule.stateProblem(state, parameterCount: start.values.count) == nil)
        var parameters = start
        variant.rule.update(&parameters, along: gradient(0), learningRate: variant.rule.kind.defaultLearningRate,
                            state: &state)
        #expect(state.step == 1)
        #expect(parameters != start)
        for name in variant.slots {
            #expect(state[name]?.count == start.values.count)
        }
        #expect(state["no_such_slot"] == nil)
    }

    @Test func adagradsAccumulatorStartsAtItsInitialValue() {
        let state = Adagrad(initialAccumulatorValue: 0.25).makeState(parameterCount: 3)
        #expect(state["sum"] == [0.25, 0.25, 0.25])
    }

    /// A state that is not the rule's (another rule's slots, another length) is named by
    /// `stateProblem`, which the checkpoint reader uses before any update could stop the program.
    @Test func aStateThatIsNotTheRulesIsNamed() {
        let adam = Adam()
        let rmsProp = RMSProp().makeState(parameterCount: 4)
        #expect(adam.stateProblem(rmsProp, parameterCount: 4)
                == "the optimizer keeps first_moment, second_moment, the saved state square_average")
        #expect(adam.stateProblem(adam.makeState(parameterCount: 3), parameterCount: 4)
                == "the optimizer's first_moment has 3 values, 4 expected for 4 parameters")
        #expect(SGD().stateProblem(adam.makeState(parameterCount: 4), parameterCount: 4)
                == "the optimizer keeps none, the saved state first_moment, second_moment")
    }

    /// AdamW is Adam plus the decoupled decay: with λ = 0 it is Adam bit for bit, and with λ > 0
    /// its step equals Adam's step on parameters first shrunk by (1 − η·λ) (computed in the same
    /// Float pass, so equal to Float rounding: 1 ulp here).
    @Test func adamWIsAdamPlusDecoupledDecay() {
        let (start, gradient) = Self.problem()
        let adam = Adam(amsgrad: true)
        var adamState = adam.makeState(for: start)
        var adamWState = AdamW(adam, weightDecay: 0).makeState(for: start)
        var viaAdam = start
        var viaAdamW = start
        for step in 0..<5 {
            adam.update(&viaAdam, along: gradient(step), learningRate: 0.01, state: &adamState)
            AdamW(adam, weightDecay: 0).update(&viaAdamW, along: gradient(step), learningRate: 0.01, state: &adamWState)
        }
        #expect(viaAdamW.values.map(\.bitPattern) == viaAdam.values.map(\.bitPattern))
        #expect(adamWState == adamState)

        let decayed = AdamW(adam, weightDecay: 0.5)
        #expect(decayed.adam == adam && decayed.beta1 == 0.9 && decayed.amsgrad)
        var state = decayed.makeState(for: start)
        var parameters = start
        decayed.update(&parameters, along: gradient(0), learningRate: 0.1, state: &state)
        var shrunk = start
        shrunk.values = start.values.map { $0 * Float(1 - 0.1 * 0.5) }
        var plainState = adam.makeState(for: start)
        adam.update(&shrunk, along: gradient(0), learningRate: 0.1, state: &plainState)
        for (a, b) in zip(parameters.values, shrunk.values) {
            #expect(abs(a - b) <= 2 * b.ulp, "\(a) vs \(b)")
        }
        #expect(state == plainState)
    }

    /// AdamW is stored as Adam's settings with `weightDecay` meaning λ, as before the rule was
    /// Adam plus the decay; that JSON reads back.
    @Test func adamWIsStoredAsAFlatSettingsObject() throws {
        let json = #"{"adamw":{"amsgrad":false,"beta1":0.9,"beta2":0.999,"epsilon":1e-08,"epsilonPlacement":"pytorch","weightDecay":0.05},"kind":"adamw"}"#
        let decoded = try JSONDecoder().decode(AnyOptimizer.self, from: Data(json.utf8))
        #expect(decoded == .adamW(AdamW(weightDecay: 0.05)))
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        #expect(String(decoding: try encoder.encode(decoded), as: UTF8.self) == json)
    }

    /// The moments keep their storage from one update to the next, through the type-erased rule
    /// too: an update allocates nothing and copies no buffer.
    @Test func updatesReuseTheStateStorage() {
        let (start, gradient) = Self.problem()
        let optimizer = AnyOptimizer.adam(Adam(amsgrad: true))
        var state = optimizer.makeState(for: start)
        var parameters = start
        func addresses() -> [UnsafeRawPointer?] {
            state.slots.map { slot in slot.values.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) } }
        }
        let parameterAddress = { (vector: ParameterVector) in vector.values.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) } }
        optimizer.update(&parameters, along: gradient(0), learningRate: 1e-3, state: &state)
        let before = addresses()
        let parametersBefore = parameterAddress(parameters)
        for step in 1..<4 {
            optimizer.update(&parameters, along: gradient(step), learningRate: 1e-3, state: &state)
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
