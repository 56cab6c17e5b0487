extension TrainingCheckpoint {
    /// The prefix of every tensor that belongs to the training state rather than the network.
    public static let stateTensorPrefix = "state."
    /// The prefix of the optimizer's arrays, followed by the slot name (`state.optimizer.first_moment`).
    public static let optimizerTensorPrefix = "state.optimizer."
    /// The tensor of the best epoch's weights, kept for early stopping's restore.
    public static let bestParametersTensorName = "state.best_parameters"

    /// The state with its per-parameter arrays moved out (shared, not copied) into tensors of
    /// shape `[count]`: the optimizer state's slots in order, then the best weights.
    static func splitArrays(of state: TrainerState) -> (scalars: TrainerState, tensors: [SafeTensor]) {
        var scalars = state
        var tensors: [SafeTensor] = []
        for index in scalars.optimizerState.slots.indices where !scalars.optimizerState.slots[index].values.isEmpty {
            let slot = scalars.optimizerState.slots[index]
            scalars.optimizerState.slots[index].values = []
            tensors.append(SafeTensor(name: optimizerTensorPrefix + slot.name, shape: [slot.values.count], values: slot.values))
        }
        if let best = scalars.bestParameters.take() {
            tensors.append(SafeTensor(name: bestParametersTensorName, shape: [best.count], values: best))
        }
        return (scalars, tensors)
    }

    /// The state read from `scalars` (the JSON) with the tensors that `stateTensorsKey` lists put
    /// back. A state tensor must be listed if and only if the file has it, be stored as F32 (any
    /// other type would have been converted, so its bits would not be the saved ones), have shape
    /// `[parameterCount]`, and fill a slot that the JSON leaves empty. A file without
    /// `stateTensorsKey` is an older checkpoint whose arrays are all in the JSON.
    static func joinArrays(into scalars: TrainerState, from file: ModelFile,
                           parameterCount: Int) throws(TrainedModelError) -> TrainerState {
        let source = file.source
        var names: [String] = []
        if file.metadata[stateTensorsKey] != nil {
            do {
                names = try file.decodeMetadata([String].self, forKey: stateTensorsKey)
            } catch {
                throw .modelFile(error)
            }
        }
        let listed = Set(names)
        if let unlisted = file.tensors.first(where: { $0.name.hasPrefix(stateTensorPrefix) && !listed.contains($0.name) }) {
            throw .invalidStateTensor(source: source, name: unlisted.name,
                                      reason: "the file has it, but the saved state does not list it")
        }
        var state = scalars
        for name in names {
            guard let tensor = file.tensor(named: name) else {
                throw .invalidStateTensor(source: source, name: name,
                                          reason: "the saved state lists it, but the file has no such tensor")
            }
            guard tensor.storedDType == .float32 else {
                throw .invalidStateTensor(source: source, name: name,
                                          reason: "it has dtype \(tensor.storedDType.rawValue); it must be F32, so that it reads back exactly as saved")
            }
            guard tensor.shape == [parameterCount] else {
                throw .invalidStateTensor(source: source, name: name,
                                          reason: "it has shape \(tensor.shape); the network has \(parameterCount) parameters, so it must be [\(parameterCount)]")
            }
            if name == bestParametersTensorName {
                guard state.bestParameters == nil else {
                    throw .invalidStateTensor(source: source, name: name,
                                              reason: "the saved state holds the best weights twice (in its JSON and as this tensor)")
                }
                state.bestParameters = tensor.values
            } else if name.hasPrefix(optimizerTensorPrefix) {
                let slot = String(name.dropFirst(optimizerTensorPrefix.count))
                let slots = state.optimizerState.slots
                guard let index = slots.firstIndex(where: { $0.name == slot }) else {
                    let reason = slots.isEmpty
                        ? "the saved optimizer state keeps no per-parameter arrays (no update was taken, or the optimizer needs none)"
                        : "the saved optimizer state keeps no per-parameter array named \(slot) (it keeps \(slots.map(\.name).joined(separator: ", ")))"
                    throw .invalidStateTensor(source: source, name: name, reason: reason)
                }
                guard slots[index].values.isEmpty else {
                    throw .invalidStateTensor(source: source, name: name, reason: "the saved state holds \(slot) twice")
                }
                state.optimizerState.slots[index].values = tensor.values
            } else {
                throw .invalidStateTensor(source: source, name: name, reason: "no part of the training state has this name")
            }
        }
        return state
    }
}
