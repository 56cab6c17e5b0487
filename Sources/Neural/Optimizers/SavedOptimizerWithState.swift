/// An optimizer as checkpoints stored it before the rule and its state were apart: the rule's
/// hyper-parameters with the state inside,
/// `{"kind": "adam", "adam": {"beta1": 0.9, …, "state": {"step": 3, "firstMoment": […], …}}}`
/// (the arrays empty when the checkpoint holds them as tensors, the state absent before the
/// first update). Read only; the arrays become the `OptimizerState` slots the rule names.
struct SavedOptimizerWithState: Decodable {
    var rule: AnyOptimizer
    var state: OptimizerState

    /// Each slot's key in the old state (`first_moment` was `firstMoment`).
    static let oldKeys = ["first_moment": "firstMoment", "second_moment": "secondMoment",
                          "maximum_second_moment": "maximumSecondMoment", "momentum_buffer": "momentumBuffer",
                          "square_average": "squareAverage", "gradient_average": "gradientAverage", "sum": "sum"]

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    init(from decoder: any Decoder) throws {
        rule = try AnyOptimizer(from: decoder)
        let container = try decoder.container(keyedBy: Key.self)
        let payloadKey = Key(rule.kind.rawValue)
        let payload = try container.nestedContainer(keyedBy: Key.self, forKey: payloadKey)
        guard payload.contains(Key("state")) else {
            state = OptimizerState()
            return
        }
        let saved = try payload.nestedContainer(keyedBy: Key.self, forKey: Key("state"))
        var state = OptimizerState(step: try saved.decode(Int.self, forKey: Key("step")))
        for name in rule.stateSlots {
            let values = try saved.decodeIfPresent([Float].self, forKey: Key(Self.oldKeys[name] ?? name)) ?? []
            state.slots.append(.init(name: name, values: values))
        }
        self.state = state
    }
}
