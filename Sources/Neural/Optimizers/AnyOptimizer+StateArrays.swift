/// An optimiser state made of a step count and per-parameter arrays, each reachable by a stable
/// slot name (for checkpoints, which store those arrays as tensors rather than as JSON).
protocol PerParameterState {
    /// Every per-parameter array of the state: its slot name and where it lives, in a fixed order.
    static var arraySlots: [(name: String, path: WritableKeyPath<Self, [Float]>)] { get }
}

extension AdamState: PerParameterState {
    static var arraySlots: [(name: String, path: WritableKeyPath<AdamState, [Float]>)] {
        [("first_moment", \.firstMoment), ("second_moment", \.secondMoment),
         ("maximum_second_moment", \.maximumSecondMoment)]
    }
}

extension SGD.State: PerParameterState {
    static var arraySlots: [(name: String, path: WritableKeyPath<SGD.State, [Float]>)] {
        [("momentum_buffer", \.momentumBuffer)]
    }
}

extension RMSProp.State: PerParameterState {
    static var arraySlots: [(name: String, path: WritableKeyPath<RMSProp.State, [Float]>)] {
        [("square_average", \.squareAverage), ("gradient_average", \.gradientAverage),
         ("momentum_buffer", \.momentumBuffer)]
    }
}

extension Adagrad.State: PerParameterState {
    static var arraySlots: [(name: String, path: WritableKeyPath<Adagrad.State, [Float]>)] {
        [("sum", \.sum)]
    }
}

extension AnyOptimizer {
    /// The slots whose arrays the hyperparameters need, each with one value per parameter once
    /// the state exists; every other slot stays empty (AMSGrad's v_max without AMSGrad, a
    /// momentum buffer without momentum, RMSProp's gradient average unless centred).
    var requiredStateSlots: Set<String> {
        switch self {
        case .sgd(let o):
            return o.momentum > 0 ? ["momentum_buffer"] : []
        case .adam(let o):
            return o.amsgrad ? ["first_moment", "second_moment", "maximum_second_moment"] : ["first_moment", "second_moment"]
        case .adamW(let o):
            return o.amsgrad ? ["first_moment", "second_moment", "maximum_second_moment"] : ["first_moment", "second_moment"]
        case .rmsProp(let o):
            var slots: Set = ["square_average"]
            if o.centered { slots.insert("gradient_average") }
            if o.momentum > 0 { slots.insert("momentum_buffer") }
            return slots
        case .adagrad:
            return ["sum"]
        }
    }

    /// Moves the non-empty per-parameter arrays out of the state, in slot order, leaving empty
    /// arrays in their place (the arrays are shared, not copied). Nothing before the first update.
    mutating func removeStateArrays() -> [(slot: String, values: [Float])] {
        var removed: [(slot: String, values: [Float])] = []
        visitStateArrays { slot, values in
            guard !values.isEmpty else { return }
            removed.append((slot, values))
            values = []
        }
        return removed
    }

    /// Puts `values` into the state's array `slot`, or says why it cannot: the optimiser has no
    /// such slot, has no state yet, or the slot already holds values.
    mutating func insertStateArray(_ values: [Float], slot: String) -> String? {
        var problem: String? = "\(kind.rawValue) keeps no per-parameter array named \(slot)"
        let hasState = visitStateArrays { name, current in
            guard name == slot else { return }
            if current.isEmpty {
                current = values
                problem = nil
            } else {
                problem = "the saved state holds \(slot) twice"
            }
        }
        return hasState ? problem : "the saved optimiser state has not started (no update was taken), so it keeps no \(slot)"
    }

    /// Why the state cannot drive updates of `parameterCount` parameters, or nil: every slot the
    /// hyperparameters need holds exactly `parameterCount` values and the others are empty.
    /// (An update with other lengths would stop the program on a precondition.)
    func stateArrayProblem(parameterCount: Int) -> String? {
        let required = requiredStateSlots
        var copy = self
        var problem: String?
        copy.visitStateArrays { slot, values in
            let expected = required.contains(slot) ? parameterCount : 0
            if problem == nil && values.count != expected {
                problem = "the optimiser's \(slot) has \(values.count) values, \(expected) expected for \(parameterCount) parameters"
            }
        }
        return problem
    }

    /// Calls `body` with every slot's name and array (which it may replace), in slot order.
    /// Returns false, without calling it, when the optimiser has no state yet.
    @discardableResult
    private mutating func visitStateArrays(_ body: (String, inout [Float]) -> Void) -> Bool {
        // Each case moves its payload out and puts it back, as `update` does, so the arrays stay
        // uniquely referenced.
        switch self {
        case .sgd(var o):
            self = .sgd(SGD())
            defer { self = .sgd(o) }
            return Self.visit(&o.state, body)
        case .adam(var o):
            self = .sgd(SGD())
            defer { self = .adam(o) }
            return Self.visit(&o.state, body)
        case .adamW(var o):
            self = .sgd(SGD())
            defer { self = .adamW(o) }
            return Self.visit(&o.state, body)
        case .rmsProp(var o):
            self = .sgd(SGD())
            defer { self = .rmsProp(o) }
            return Self.visit(&o.state, body)
        case .adagrad(var o):
            self = .sgd(SGD())
            defer { self = .adagrad(o) }
            return Self.visit(&o.state, body)
        }
    }

    private static func visit<State: PerParameterState>(_ state: inout State?,
                                                          _ body: (String, inout [Float]) -> Void) -> Bool {
        guard var current = state.take() else { return false }
        for slot in State.arraySlots {
            body(slot.name, &current[keyPath: slot.path])
        }
        state = current
        return true
    }
}
