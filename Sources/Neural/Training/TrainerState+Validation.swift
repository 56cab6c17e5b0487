extension TrainerState {
    /// Checks that this state can continue training `network` under `configuration` without
    /// allocating anything the size of the network: the epochs done fit the configured ones; the
    /// best weights (when kept) have one value per parameter; every per-parameter array of the
    /// optimiser has the length its hyperparameters call for; a pause inside an epoch names a
    /// batch of an epoch still to finish (`fit` checks its batch count against the data). A state
    /// read from a file is checked here, so that a damaged one is an error rather than a failed
    /// precondition in the first update.
    public func validate(for network: Network, configuration: TrainingConfiguration) throws(TrainingError) {
        let parameterCount = network.parameterCount
        if let best = bestParameters, best.count != parameterCount {
            throw .incompatibleState("the saved best weights have \(best.count) values, the network has \(parameterCount)")
        }
        if epoch > configuration.epochs {
            throw .incompatibleState("the saved run has finished \(epoch) epochs, more than the \(configuration.epochs) configured")
        }
        if let problem = optimizer.stateArrayProblem(parameterCount: parameterCount) {
            throw .incompatibleState(problem)
        }
        if let progress = epochProgress {
            guard !finished && epoch < configuration.epochs else {
                throw .incompatibleState("the saved run is paused inside epoch \(epoch + 1), but it has \(finished ? "finished" : "no such epoch (\(configuration.epochs) configured)")")
            }
            guard progress.batchCount >= 1 && (1...progress.batchCount).contains(progress.batches) else {
                throw .incompatibleState("the saved run is paused after batch \(progress.batches) of an epoch of \(progress.batchCount) batches")
            }
            guard progress.correct >= 0 && progress.lossSum.isFinite else {
                throw .incompatibleState("the saved epoch's running loss \(progress.lossSum) or count of correct predictions \(progress.correct) is invalid")
            }
        }
    }
}
