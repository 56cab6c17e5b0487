extension TrainerState {
    /// Checks that this state can continue training `network` under `configuration`, field by
    /// field against the configuration and against the other fields, without allocating anything
    /// the size of the network. A state read from a file is checked here, so that a damaged or
    /// edited one is an error naming the field rather than a failed precondition in the first
    /// update or a run that reports impossible numbers. With `e` the completed epochs and `s` the
    /// optimizer steps:
    /// - position: `0 ≤ e ≤ epochs`; `s ≥ e + b` (every epoch has a batch; `b` the batches of a
    ///   paused epoch); a pause names batch `1…batchCount` of an epoch still to run (`fit` checks
    ///   the batch count against the data);
    /// - history: `e` training losses (finite), learning rates (finite, ≥ 0) and values of every
    ///   metric, `e` or no validation losses; a restored epoch only in a finished run, in `1…e`;
    ///   an unfinished run has no stop reason, a run that completed ran every epoch;
    /// - optimizer: the configured kind and hyperparameters, `s` steps, per-parameter arrays of
    ///   the length the hyperparameters call for;
    /// - schedule: the configured kind and settings, its position at `e` epochs and `s` steps,
    ///   its rate finite and between its floor and its start, its counters within `e`;
    /// - generators: four words, not all zero (xoshiro256** never leaves that state);
    /// - early stopping and the no-improvement counter: present exactly when configured, with the
    ///   configured settings; best epoch in `1…e`, counters within `e` and, while the run goes
    ///   on, below the patience; best weights only when they are to be restored, one per
    ///   parameter, all finite.
    public func validate(for network: Network, configuration: TrainingConfiguration) throws(TrainingError) {
        if let problem = problem(parameterCount: network.parameterCount, configuration: configuration) {
            throw .incompatibleState(problem)
        }
    }

    /// The first field that disagrees with the configuration or with another field, or nil.
    func problem(parameterCount: Int, configuration: TrainingConfiguration) -> String? {
        positionProblem(configuration: configuration)
            ?? historyProblem(configuration: configuration)
            ?? optimizerProblem(parameterCount: parameterCount, configuration: configuration)
            ?? Self.scheduleProblem(schedule, configured: configuration.makeSchedule(), epoch: epoch, step: step)
            ?? generatorProblem()
            ?? earlyStoppingProblem(parameterCount: parameterCount, configuration: configuration)
            ?? convergenceProblem(configuration: configuration)
    }

    private func positionProblem(configuration: TrainingConfiguration) -> String? {
        guard epoch >= 0, epoch <= configuration.epochs else {
            return "the saved run has finished \(epoch) epochs, outside 0…\(configuration.epochs) configured"
        }
        let paused = epochProgress?.batches ?? 0
        guard step >= 0, step >= epoch + paused else {
            return "the saved run has taken \(step) optimizer steps, fewer than one per batch of its \(epoch) epochs and \(paused) batches"
        }
        if finished && epoch == 0 {
            return "the saved run is marked finished before its first epoch"
        }
        guard let progress = epochProgress else { return nil }
        guard !finished && epoch < configuration.epochs else {
            return "the saved run is paused inside epoch \(epoch + 1), but it has \(finished ? "finished" : "no such epoch (\(configuration.epochs) configured)")"
        }
        guard progress.batchCount >= 1 && (1...progress.batchCount).contains(progress.batches) else {
            return "the saved run is paused after batch \(progress.batches) of an epoch of \(progress.batchCount) batches"
        }
        guard progress.correct >= 0 && progress.lossSum.isFinite else {
            return "the saved epoch's running loss \(progress.lossSum) or count of correct predictions \(progress.correct) is invalid"
        }
        return nil
    }

    private func historyProblem(configuration: TrainingConfiguration) -> String? {
        func length(_ name: String, _ count: Int, allowEmpty: Bool = false) -> String? {
            count == epoch || (allowEmpty && count == 0)
                ? nil : "the saved history has \(count) values of \(name) for \(epoch) completed epochs"
        }
        if let problem = length("training loss", history.loss.count)
            ?? length("learning rate", history.learningRate.count)
            ?? length("validation loss", history.validationLoss.count, allowEmpty: true) {
            return problem
        }
        for (name, values) in history.metrics.sorted(by: { $0.key < $1.key }) {
            if let problem = length(name, values.count) { return problem }
        }
        for (name, values) in history.validationMetrics.sorted(by: { $0.key < $1.key }) {
            if let problem = length("val_" + name, values.count) { return problem }
        }
        if let index = history.loss.firstIndex(where: { !$0.isFinite }) {
            return "the saved history's training loss of epoch \(index + 1) is \(history.loss[index])"
        }
        if let index = history.learningRate.firstIndex(where: { !($0.isFinite && $0 >= 0) }) {
            return "the saved history's learning rate of epoch \(index + 1) is \(history.learningRate[index])"
        }
        if let restored = history.restoredEpoch, !finished || restored < 1 || restored > epoch {
            return "the saved history restores epoch \(restored) of a run \(finished ? "of \(epoch) epochs" : "still going")"
        }
        if !finished && history.stopReason != .completed {
            return "the saved run is still going but has a stop reason (\(history.stopReason.rawValue))"
        }
        if finished && history.stopReason == .completed && epoch != configuration.epochs {
            return "the saved run completed after \(epoch) of \(configuration.epochs) epochs"
        }
        return nil
    }

    private func optimizerProblem(parameterCount: Int, configuration: TrainingConfiguration) -> String? {
        guard optimizerState.step == step else {
            return "the saved optimizer has taken \(optimizerState.step) steps, the run \(step)"
        }
        // Saved before the first update, the state may not have been made yet.
        if step == 0 && optimizerState.slots.isEmpty { return nil }
        return configuration.optimizer.stateProblem(optimizerState, parameterCount: parameterCount)
    }

    /// The first way `schedule` cannot be `configured` after `epoch` epochs of `step` steps.
    static func scheduleProblem(_ schedule: AnyLearningRateSchedule, configured: AnyLearningRateSchedule,
                                epoch: Int, step: Int) -> String? {
        func positional<S: PositionalSchedule & Equatable>(_ saved: S, _ fresh: S) -> String? {
            let position = saved.position
            guard position.epochs == epoch, position.steps == step else {
                return "the saved schedule stands at \(position.epochs) epochs and \(position.steps) steps, the run at \(epoch) and \(step)"
            }
            guard position.samplesAtLastEpochEnd >= 0, position.samples >= position.samplesAtLastEpochEnd,
                  position.samples >= position.steps else {
                return "the saved schedule's sample counts (\(position.samples), \(position.samplesAtLastEpochEnd) at the last epoch's end) do not fit its \(position.steps) steps"
            }
            var settings = saved
            settings.position = SchedulePosition()
            return settings == fresh ? nil : "the saved \(schedule.kind.rawValue) schedule's settings differ from the configuration's"
        }
        func rate(_ rate: Double, floor: Double, start: Double) -> String? {
            rate.isFinite && rate <= start && rate >= min(floor, start)
                ? nil : "the saved schedule's learning rate \(rate) is outside \(min(floor, start))…\(start)"
        }
        switch (schedule, configured) {
        case let (.constant(saved), .constant(fresh)): return positional(saved, fresh)
        case let (.inverseScaling(saved), .inverseScaling(fresh)): return positional(saved, fresh)
        case let (.step(saved), .step(fresh)): return positional(saved, fresh)
        case let (.exponential(saved), .exponential(fresh)): return positional(saved, fresh)
        case let (.cosine(saved), .cosine(fresh)): return positional(saved, fresh)
        case let (.plateau(saved), .plateau(fresh)):
            guard saved.monitor == fresh.monitor, saved.mode == fresh.mode, saved.factor == fresh.factor,
                  saved.patience == fresh.patience, saved.threshold == fresh.threshold,
                  saved.thresholdMode == fresh.thresholdMode, saved.cooldown == fresh.cooldown,
                  saved.minimumRate == fresh.minimumRate, saved.epsilon == fresh.epsilon else {
                return "the saved adaptive schedule's settings differ from the configuration's"
            }
            guard (0...epoch).contains(saved.badEpochs), (0...saved.cooldown).contains(saved.cooldownRemaining),
                  saved.best?.isFinite ?? true else {
                return "the saved adaptive schedule's counters (\(saved.badEpochs) bad epochs, \(saved.cooldownRemaining) of cooldown, best \(saved.best.map { "\($0)" } ?? "none")) do not fit \(epoch) epochs"
            }
            return rate(saved.rate, floor: saved.minimumRate, start: fresh.rate)
        case let (.scikitLearnAdaptive(saved), .scikitLearnAdaptive(fresh)):
            guard saved.monitor == fresh.monitor, saved.tolerance == fresh.tolerance, saved.patience == fresh.patience,
                  saved.divisor == fresh.divisor, saved.minimumRate == fresh.minimumRate,
                  saved.counter.higherIsBetter == fresh.counter.higherIsBetter,
                  saved.counter.tolerance == fresh.counter.tolerance else {
                return "the saved sklearn-adaptive schedule's settings differ from the configuration's"
            }
            if let problem = counterProblem(saved.counter, epoch: epoch, name: "sklearn-adaptive schedule") { return problem }
            // The rate is divided by `divisor` at a plateau and may end just below the floor.
            return rate(saved.rate, floor: saved.minimumRate / saved.divisor, start: fresh.rate)
        default:
            return "the saved schedule is \(schedule.kind.rawValue), the configuration names \(configured.kind.rawValue)"
        }
    }

    private static func counterProblem(_ counter: ScikitLearnNoImprovementCounter, epoch: Int, name: String) -> String? {
        guard (0...epoch).contains(counter.count), counter.best?.isFinite ?? true else {
            return "the saved \(name)'s count of epochs without improvement (\(counter.count)) or best value (\(counter.best.map { "\($0)" } ?? "none")) does not fit \(epoch) epochs"
        }
        return nil
    }

    private func generatorProblem() -> String? {
        for (name, words) in [("random generator", generator.state),
                              ("generator before the paused epoch's shuffle", epochProgress?.generatorBeforeShuffle.state)] {
            guard let words else { continue }
            if words.count != 4 || words.allSatisfy({ $0 == 0 }) {
                return "the saved \(name) has \(words.count == 4 ? "an all-zero state" : "\(words.count) words of state, not 4")"
            }
        }
        return nil
    }

    private func earlyStoppingProblem(parameterCount: Int, configuration: TrainingConfiguration) -> String? {
        guard var saved = earlyStopping, var configured = configuration.earlyStopping else {
            if earlyStopping == nil && configuration.earlyStopping == nil {
                return bestParameters == nil ? nil : "the saved run keeps best weights without early stopping that restores them"
            }
            return "the saved run has \(earlyStopping == nil ? "no " : "")early stopping, the configuration \(configuration.earlyStopping == nil ? "none" : "some")"
        }
        if let best = bestParameters {
            guard saved.restoreBestWeights else {
                return "the saved run keeps best weights without early stopping that restores them"
            }
            guard best.count == parameterCount else {
                return "the saved best weights have \(best.count) values, the network has \(parameterCount)"
            }
            if let index = best.firstIndex(where: { !$0.isFinite }) {
                return "the saved best weights hold \(best[index]) at index \(index)"
            }
        }
        let bestEpoch = saved.bestEpoch
        if let bestEpoch {
            guard bestEpoch >= 1, bestEpoch <= epoch, saved.bestValue.map({ !$0.isNaN }) == true else {
                return "the saved early stopping's best epoch \(bestEpoch) (value \(saved.bestValue.map { "\($0)" } ?? "none")) does not fit \(epoch) epochs"
            }
            if saved.restoreBestWeights && bestParameters == nil {
                return "the saved early stopping has a best epoch \(bestEpoch) to restore but no best weights"
            }
        } else if saved.bestValue != nil {
            return "the saved early stopping has a best value but no best epoch"
        }
        let limit = epoch - (bestEpoch ?? 0)
        guard (0...max(limit, 0)).contains(saved.epochsWithoutImprovement) else {
            return "the saved early stopping counts \(saved.epochsWithoutImprovement) epochs without improvement, more than the \(limit) since its best"
        }
        if !finished && saved.epochsWithoutImprovement >= saved.patience {
            return "the saved early stopping has waited \(saved.epochsWithoutImprovement) epochs of a patience of \(saved.patience), but the run did not stop"
        }
        saved.reset()
        configured.reset()
        return saved == configured ? nil : "the saved early stopping's settings differ from the configuration's"
    }

    private func convergenceProblem(configuration: TrainingConfiguration) -> String? {
        switch (convergence, configuration.convergence) {
        case (nil, nil):
            return nil
        case let (counter?, settings?):
            guard !counter.higherIsBetter, counter.tolerance == settings.tolerance else {
                return "the saved no-improvement counter's settings differ from the configuration's"
            }
            if let problem = Self.counterProblem(counter, epoch: epoch, name: "no-improvement counter") { return problem }
            if !finished && counter.count > settings.patience {
                return "the saved no-improvement counter is at \(counter.count) epochs of a patience of \(settings.patience), but the run did not stop"
            }
            return nil
        default:
            return "the saved run has \(convergence == nil ? "no " : "a ")no-improvement counter, the configuration \(configuration.convergence == nil ? "none" : "one")"
        }
    }
}
