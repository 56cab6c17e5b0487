import Foundation

extension Trainer {
    /// Bytes of the buffers a training step needs for batches of `batchCapacity` rows: the
    /// workspace (per layer of width w: output, pre-activation, dropout mask and delta, each
    /// `batchCapacity·w` Floats, at most 4·w per row) and the gathered batch
    /// (`batchCapacity·(inputSize + targetColumns)` Floats). An upper bound; nil when it overflows.
    static func trainingBufferBytes(for network: Network, batchCapacity: Int, targetColumns: Int) -> Int? {
        var perRow = network.inputSize + targetColumns
        for plan in network.plans {
            let (sum, overflow) = perRow.addingReportingOverflow(plan.outputWidth.multipliedReportingOverflow(by: 4).partialValue)
            if overflow { return nil }
            perRow = sum
        }
        let (scalars, overflow) = perRow.multipliedReportingOverflow(by: batchCapacity)
        let (bytes, byteOverflow) = scalars.multipliedReportingOverflow(by: MemoryLayout<Float>.size)
        return overflow || byteOverflow ? nil : bytes
    }

    /// Throws `TrainingError.batchTooLarge` when the training buffers for `batchCapacity` rows
    /// would exceed the memory available (`MemoryBudget`), instead of letting the allocation fail (a
    /// crash) or the system kill the process.
    static func checkMemory(for network: Network, batchCapacity: Int, targetColumns: Int,
                            available: UInt64 = MemoryBudget.availableBytes()) throws(TrainingError) {
        let bytes = trainingBufferBytes(for: network, batchCapacity: batchCapacity, targetColumns: targetColumns)
        if let bytes, UInt64(bytes) <= available { return }
        throw .batchTooLarge(rows: batchCapacity, bytes: bytes, available: available)
    }
}
