/// Every buffer a training step needs for one network and batches of up to `batchCapacity` rows:
/// each layer's pre-activation `Z_i` and output `A_i`, each dropout mask, each delta
/// `∂loss/∂A_i`, and the gradient vector.
///
/// Created once per network shape and batch size, then reused: `Network.computeGradients` writes
/// into it and allocates nothing. Smaller batches (the last, partial batch of an epoch) use the
/// first rows of each buffer. One workspace serves one caller at a time.
///
/// After a step, `gradients` holds `∂loss/∂θ` (same layout as `Network.parameters`) and
/// `outputs` the logits of the batch. Read `gradients` where it is (e.g. pass it to an
/// optimizer); keeping a copy of it alive would make the next step copy the buffer.
public final class TrainingWorkspace {
    /// The largest batch this workspace holds.
    public let batchCapacity: Int
    /// `∂loss/∂θ` of the last step, with the layout of the network's parameters.
    public internal(set) var gradients: ParameterVector
    /// Number of rows in the last step (≤ `batchCapacity`).
    public internal(set) var batchSize: Int = 0
    /// Width of the network's output.
    public let outputSize: Int

    /// The network shape this workspace was made for (checked on every use).
    let plans: [LayerPlan]
    /// Offsets into `storage` of each layer's buffers (each `batchCapacity·width` scalars).
    let outputOffsets: [Int]
    let preactivationOffsets: [Int]
    let maskOffsets: [Int]
    let deltaOffsets: [Int]
    /// One allocation for all activations, masks and deltas.
    let storage: UnsafeMutablePointer<Float>
    let storageCount: Int

    /// A workspace for `network` and batches of up to `batchCapacity` rows.
    public init(for network: Network, batchCapacity: Int) {
        precondition(batchCapacity > 0, "TrainingWorkspace needs a positive batch capacity, got \(batchCapacity)")
        self.batchCapacity = batchCapacity
        self.plans = network.plans
        self.outputSize = network.outputSize
        self.gradients = ParameterVector(layout: network.parameters.layout)
        var count = 0
        func reserve(_ width: Int) -> Int {
            defer { count += batchCapacity * width }
            return count
        }
        var outputs: [Int] = [], preactivations: [Int] = [], masks: [Int] = [], deltas: [Int] = []
        for plan in network.plans {
            let width = plan.outputWidth
            let output = reserve(width)
            outputs.append(output)
            // The identity keeps no separate pre-activation: Z and A are the same buffer.
            if let activation = plan.activation, !activation.isIdentity {
                preactivations.append(reserve(width))
            } else {
                preactivations.append(output)
            }
            masks.append(plan.isDense ? 0 : reserve(width))
            deltas.append(reserve(width))
        }
        outputOffsets = outputs
        preactivationOffsets = preactivations
        maskOffsets = masks
        deltaOffsets = deltas
        storageCount = max(count, 1)
        storage = UnsafeMutablePointer<Float>.allocate(capacity: storageCount)
        storage.initialize(repeating: 0, count: storageCount)
    }

    deinit { storage.deallocate() }

    /// Whether this workspace was made for a network of `network`'s shape.
    public func fits(_ network: Network) -> Bool {
        plans == network.plans && gradients.values.count == network.parameters.values.count
            && network.parameters.values.count == network.parameterCount
    }

    /// The logits of the last step, `[batchSize, outputSize]` row-major; valid until the next step.
    public var outputs: UnsafeBufferPointer<Float> {
        UnsafeBufferPointer(start: storage + outputOffsets[outputOffsets.count - 1],
                            count: batchSize * outputSize)
    }

    /// A copy of the last step's logits as a matrix.
    public var outputMatrix: Matrix {
        Matrix(rows: batchSize, columns: outputSize, storage: Array(outputs))
    }

    /// Base address of the activation storage (stable for the workspace's lifetime).
    public var storageAddress: UnsafeRawPointer { UnsafeRawPointer(storage) }
}
