import NeuralKernels

/// Data-parallel training: every rank of a `Communicator` runs the same `Trainer` on its rows of
/// each batch, and the gradients are all-reduced before the optimizer step, so every rank
/// applies the same update and the weights stay identical on all of them (Horovod's and
/// PyTorch DistributedDataParallel's scheme).
///
/// For a global batch `B` split into parts `B_r` (one per rank), with `Σw_r` the loss weight of
/// part r (its rows, or its class-weight total; see `Loss.weightTotal`) and `ḡ_r` the gradient of
/// part r's weighted mean loss without the penalty:
///
///     g = Σ_r (Σw_r · ḡ_r) / Σ_r Σw_r  +  ∇penalty(θ, |B|)
///
/// which is the one-process gradient of the whole batch up to the order of the sums. One
/// all-reduce per step carries the `P` scaled gradients and five more numbers: the parts'
/// weighted losses, their weights, their rows, their correct predictions, and a stop flag (any
/// rank asking to pause makes every rank pause after the same batch). Clipping, the gradient-norm
/// limit and the non-finite-loss check then see the reduced values, so every rank decides alike.
extension Trainer {
    /// The sums one step all-reduces beyond the gradients.
    private enum Extra: Int, CaseIterable {
        case weightedLoss, weight, rows, correct, stop
    }

    /// What a distributed step returns (the same on every rank).
    struct ReducedStep {
        /// The global batch's loss, penalty included.
        var loss: Double
        /// Rows in the global batch.
        var rows: Int
        /// Correct predictions in the global batch (0 for regression).
        var correct: Int
        /// Whether some rank asked to pause after this batch.
        var stop: Bool
    }

    /// Whether training takes more than this process, or this process's data is a shard.
    var isDistributed: Bool { communicator.isDistributed || isSharded }

    /// One step of data-parallel training on this rank's `rows` of the global batch (possibly
    /// none): local gradients, one all-reduce, penalty, clip, update.
    mutating func distributedStep(on data: Dataset, rows: ArraySlice<Int>, targetColumns: Int, epoch: Int,
                                  batch: Int, stopRequested: Bool) throws(TrainingError) -> ReducedStep {
        let parameterCount = network.parameters.values.count
        let extras = Extra.allCases.count
        if reduction.count != parameterCount + extras {
            reduction = [Float](repeating: 0, count: parameterCount + extras)
        }
        // One draw per step on every rank keeps the run's generator identical on all ranks; the
        // dropout masks come from a generator of this rank's own.
        var maskGenerator = SeededGenerator(seed: 0)
        if network.hasDropout {
            maskGenerator = SeededGenerator(seed: state.generator.next() ^ (UInt64(communicator.rank) &* 0x9E37_79B9_7F4A_7C15))
        }
        let count = rows.count
        var dataLoss = 0.0
        var weight = 0.0
        var correct = 0
        if count > 0 {
            gatherBatch(of: data, rows: rows, targetColumns: targetColumns)
            dataLoss = computeDataGradients(rows: count, features: data.featureCount, targetColumns: targetColumns,
                                            generator: &maskGenerator)
            weight = batchTargets.withUnsafeBufferPointer { targets in
                configuration.loss.weightTotal(rows: count, outputs: network.outputSize,
                                               targets: UnsafeBufferPointer(rebasing: targets[0..<(count * targetColumns)]),
                                               targetColumns: targetColumns)
            }
            correct = countCorrect(of: data, rows: rows)
        }
        let communicator = self.communicator
        let gradients = workspace.gradients.values
        reduction.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            if count > 0 {
                gradients.withUnsafeBufferPointer { source in
                    if let from = source.baseAddress { base.update(from: from, count: parameterCount) }
                }
                nk_scale(Int64(parameterCount), Float(weight), base)
            } else {
                base.update(repeating: 0, count: parameterCount)
            }
            buffer[parameterCount + Extra.weightedLoss.rawValue] = Float(dataLoss * weight)
            buffer[parameterCount + Extra.weight.rawValue] = Float(weight)
            buffer[parameterCount + Extra.rows.rawValue] = Float(count)
            buffer[parameterCount + Extra.correct.rawValue] = Float(correct)
            buffer[parameterCount + Extra.stop.rawValue] = stopRequested ? 1 : 0
            communicator.allReduceSum(buffer)
        }
        let totalWeight = Double(reduction[parameterCount + Extra.weight.rawValue])
        let batchRows = Int(reduction[parameterCount + Extra.rows.rawValue])
        let layout = network.parameters.layout
        let regularization = configuration.regularization
        let penalty: Double = reduction.withUnsafeBufferPointer { reduced in
            network.parameters.values.withUnsafeBufferPointer { parameters in
                workspace.gradients.values.withUnsafeMutableBufferPointer { gradient in
                    guard let target = gradient.baseAddress, let from = reduced.baseAddress else { return 0 }
                    target.update(from: from, count: parameterCount)
                    nk_scale(Int64(parameterCount), Float(1 / totalWeight), target)
                    return regularization.apply(layout: layout, parameters: parameters.baseAddress,
                                                sampleCount: Double(batchRows), gradient: target)
                }
            }
        }
        let loss = Double(reduction[parameterCount + Extra.weightedLoss.rawValue]) / totalWeight + penalty
        guard loss.isFinite else { throw .nonFiniteLoss(epoch: epoch, batch: batch, value: loss) }
        try applyGradients(batchSize: batchRows, epoch: epoch, batch: batch)
        return ReducedStep(loss: loss, rows: batchRows,
                           correct: Int(reduction[parameterCount + Extra.correct.rawValue]),
                           stop: reduction[parameterCount + Extra.stop.rawValue] > 0)
    }

    /// The gradient of this rank's part of the batch (in the batch buffers), without the penalty,
    /// which is added once to the reduced gradient; returns the part's mean loss.
    private mutating func computeDataGradients(rows: Int, features: Int, targetColumns: Int,
                                               generator: inout SeededGenerator) -> Double {
        let network = self.network
        let workspace = self.workspace
        let loss = configuration.loss
        return batchInputs.withUnsafeBufferPointer { inputs in
            batchTargets.withUnsafeBufferPointer { targets in
                let x = UnsafeBufferPointer(rebasing: inputs[0..<(rows * features)])
                let y = UnsafeBufferPointer(rebasing: targets[0..<(rows * targetColumns)])
                return network.computeGradients(inputs: x, targets: y, loss: loss, regularization: .none,
                                                workspace: workspace, generator: &generator)
            }
        }
    }

    /// The sum of `values` over all ranks (the values themselves in one process).
    func allReduced(_ values: [Double]) -> [Double] {
        guard communicator.isDistributed else { return values }
        var sums = values
        communicator.allReduceSum(&sums)
        return sums
    }

    /// `.stop` on every rank when any rank's callback asked to stop, so all end after the same epoch.
    func agreed(_ control: TrainingControl) -> TrainingControl {
        allReduced([control == .stop ? 1 : 0])[0] > 0 ? .stop : .proceed
    }
}

/// Where each batch of an epoch comes from, on this rank.
///
/// - One process: batch k is `order[k·B ..< min((k+1)·B, n)]`.
/// - Every rank holding all the rows: the same global batch, of which rank r takes its
///   contiguous share (`Communicator.share(of:)`), so the ranks together train on exactly the
///   one-process batches.
/// - Sharded (each rank holds its own rows): `S = ⌈n/B⌉` batches over the global row count `n`;
///   rank r with `n_r` rows takes `order[⌊k·n_r/S⌋ ..< ⌊(k+1)·n_r/S⌋]` of its own order, so every
///   rank runs the same number of steps and each global batch has about B rows.
struct BatchPlan {
    /// Global rows per batch.
    let batchSize: Int
    /// Batches per epoch (the same on every rank).
    let batchCount: Int
    /// Training rows on all ranks together.
    let globalCount: Int
    /// Training rows on this rank (`order`'s length).
    let localCount: Int
    let sharded: Bool
    let rank: Int
    let size: Int

    /// The positions in the epoch's order of this rank's rows of batch `index`.
    func positions(ofBatch index: Int) -> Range<Int> {
        if sharded {
            return (index * localCount / batchCount)..<((index + 1) * localCount / batchCount)
        }
        let start = index * batchSize
        let end = min(start + batchSize, globalCount)
        let share = contiguousShare(of: end - start, rank: rank, size: size)
        return (start + share.lowerBound)..<(start + share.upperBound)
    }
}
