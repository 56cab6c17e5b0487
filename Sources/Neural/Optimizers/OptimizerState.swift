/// What an optimizer carries from one update to the next: the number of updates taken and its
/// per-parameter arrays, each under a slot name (Adam's `first_moment` m and `second_moment` v,
/// SGD's `momentum_buffer`, …).
///
/// The rule (`Adam`, `SGD`, …) holds only hyper-parameters; the state is this separate value,
/// made by the rule (`makeState(for:)`) and passed to each `update(_:along:learningRate:state:)`,
/// as Optimizers.jl's `setup`/`update!` and burn's `step(lr, tensor, grad, state)` do:
///
/// ```swift
/// let adam = Adam()
/// var weights = ParameterVector([1, 2])
/// var state = adam.makeState(for: weights)
/// adam.update(&weights, along: ParameterVector([0.5, -1]), learningRate: 0.1, state: &state)
/// state.step                      // 1
/// state["first_moment"]           // [0.05, -0.1]
/// ```
///
/// Every slot holds one `Float` per parameter, in the order of the flat parameter vector. The
/// slots are in the order of the rule's `stateSlots`, and a checkpoint stores each as the tensor
/// `state.optimizer.<slot>`. `Codable`: a state encoded mid-training and decoded later continues
/// bit for bit.
public struct OptimizerState: Codable, Equatable, Sendable {
    /// One per-parameter array and its name.
    public struct Slot: Codable, Equatable, Sendable {
        /// The slot's name, as the rule's `stateSlots` lists it.
        public var name: String
        /// One value per parameter.
        public var values: [Float]

        public init(name: String, values: [Float]) {
            self.name = name
            self.values = values
        }
    }

    /// Updates applied so far (`t` in the formulas; 0 before the first).
    public var step: Int
    /// The per-parameter arrays, in the order of the rule's `stateSlots`.
    public var slots: [Slot]

    /// A state after `step` updates with `slots`; `OptimizerState()` is the state of no rule yet
    /// (no update taken, no arrays).
    public init(step: Int = 0, slots: [Slot] = []) {
        self.step = step
        self.slots = slots
    }

    /// The values of the slot named `name`, or nil when the state has no such slot.
    public subscript(name: String) -> [Float]? {
        slots.first { $0.name == name }?.values
    }

    /// The slots' names, in order.
    public var slotNames: [String] { slots.map(\.name) }
}

extension OptimizerState {
    /// Stops the program when the state was not made by a rule that keeps the slots `names` for
    /// `count` parameters (a programmer error: a state belongs to one rule and one vector).
    /// Compares names and counts only; allocates nothing.
    @inline(__always)
    func check(_ optimizer: StaticString, slot index: Int, named name: String, count: Int) {
        precondition(index < slots.count && slots[index].name == name,
                     "\(optimizer): the state has slots \(slotNames), not \(name) at position \(index); make it with this optimizer's makeState(for:)")
        precondition(slots[index].values.count == count,
                     "\(optimizer): the state's \(name) has \(slots[index].values.count) values, the parameters \(count)")
    }

    @inline(__always)
    func checkSlotCount(_ optimizer: StaticString, _ expected: Int) {
        precondition(slots.count == expected,
                     "\(optimizer): the state has slots \(slotNames), \(expected) expected; make it with this optimizer's makeState(for:)")
    }
}

extension UnsafeMutableBufferPointer where Element == OptimizerState.Slot {
    /// Calls `body` with the base address of slot `index`'s values, or with nil when `index` is
    /// negative (a slot the rule does not keep), for C loops that take an optional pointer.
    /// Several slots can be open at once: each is reached through this buffer, not the array.
    @inline(__always)
    func withSlot<R>(_ index: Int, _ body: (UnsafeMutablePointer<Float>?) -> R) -> R {
        guard index >= 0 else { return body(nil) }
        return self[index].values.withUnsafeMutableBufferPointer { body($0.baseAddress) }
    }
}
