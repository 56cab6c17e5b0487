extension TrainerState {
    /// Checks that this state can continue training `network` under `configuration` without
    /// allocating anything the size of the network: the epochs done fit the configured ones,
    /// the best weights (when kept) have one value per parameter, and every per-parameter array
    /// of the optimiser has the length its hyperparameters call for. A state read from a file
    /// is checked here, so that a damaged one is an error rather than a failed precondition in
    /// the first update.
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
    }
}
