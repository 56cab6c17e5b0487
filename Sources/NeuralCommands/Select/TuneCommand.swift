import ArgumentParser
import Foundation
import Neural

/// `neural tune DATA.csv --target COLUMN --space SPEC --trials N`: a hyper-parameter search over
/// train flags, each trial cross-validated as `neural cross-validate` does it.
struct TuneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tune",
        abstract: "Search hyper-parameters: cross-validate many settings of the train flags and keep the best.",
        discussion: """
        --space is a list of name=values entries separated by ;, each name a train flag: \
        values separated by | (a layer list in brackets, [64,32]), or uniform(a,b), loguniform(a,b), \
        int(a,b), logint(a,b). Example: "hidden=[32],[64],[64,32]; learning-rate=loguniform(1e-4,1e-1); \
        batch-size=16|32|64; activation=relu|tanh". Every other train flag is fixed for all trials. \
        random draws --trials configurations; grid tries every combination of lists; halving draws \
        --trials and trains them for few epochs, keeping the best 1/--factor at each step with \
        --factor times more epochs, up to --epochs (scikit-learn's HalvingRandomSearchCV rule). \
        Each trial is scored by --folds-fold cross-validation, or without --folds on the \
        --validation-split rows as neural train scores. All trials train with --seed, so they differ \
        only by their settings and the same command gives the same result at any --parallel. \
        --study keeps a log that a killed search resumes from. Then the best settings are printed as \
        a neural train command and, unless --no-refit, trained on all rows and saved to --model. \
        Exit codes: 0 success, 1 every trial failed or the refit failed, 2 bad usage or input.
        """
    )

    @Argument(help: "The CSV file to search on (header row first).")
    var data: String

    @Option(help: "The search space (see above).")
    var space: String

    @Option(help: "Configurations to try (random and halving; grid tries all).")
    var trials: Int?

    @Option(help: "How configurations are chosen.")
    var search: SearchKind = .random

    @Option(help: "Score each trial by k-fold cross-validation (default: on the --validation-split rows).")
    var folds: Int?

    @Option(help: "Repeat the k-fold this many times with different shuffles.")
    var repeats: Int = 1

    @Option(help: "Seed of the fold shuffle (default: --seed).")
    var shuffleSeed: UInt64?

    @Option(help: "What ranks the trials: accuracy, precision, recall, f1, log-loss (classification; default accuracy); r2, mse, rmse, mae (regression; default r2).")
    var metric: SelectionMetric?

    @Option(help: "Start no trial after this long: seconds, or with s, m or h (10m).")
    var timeBudget: TimeBudget?

    @Option(help: "Trials run at once.")
    var parallel: Int = 1

    @Option(help: "Threads of each trial (default: the cores, or NEURAL_THREADS, divided by --parallel).")
    var threads: Int?

    @Option(help: "Append every finished trial to this JSON-lines log, and resume from it.")
    var study: String?

    @Option(help: "Halving: keep 1/factor of the candidates at each step, with factor times more epochs.")
    var factor: Double = 3

    @Option(help: "Halving: epochs of the first step: a number, smallest (1), or exhaust (so the last step trains for about --epochs).")
    var minEpochs: MinimumEpochsArgument = MinimumEpochsArgument(.exhaust)

    @Flag(help: "Halving: repeat the first step's epochs until few enough candidates are left.")
    var aggressiveElimination = false

    @Option(help: "Rows of the leaderboard.")
    var top: Int = 10

    @Option(help: "Where to save the model refitted with the best settings (written atomically; default model.safetensors).")
    var model: String?

    @Flag(help: "Do not train the final model.")
    var noRefit = false

    @Option(help: "Write an SVG with the metric against each parameter, one panel per parameter.")
    var plot: String?

    @OptionGroup(title: "Data") var dataOptions: DataOptions
    @OptionGroup(title: "CSV") var csv: CSVFormatOptions
    @OptionGroup(title: "Network") var network: NetworkOptions
    @OptionGroup(title: "Optimisation") var optimization: OptimizationOptions
    @OptionGroup var seedOption: SeedOption
    @OptionGroup var jsonOption: JSONOption
    @OptionGroup var quietOption: QuietOption
    @OptionGroup(title: "Several processes") var distribution: DistributedOptions

    mutating func validate() throws {
        if let problem = try baseSettings().problem() { throw ValidationError(problem) }
        if distribution.shard { throw ValidationError("--shard applies to neural train: every trial of a search trains on all the rows.") }
        if let trials { try NumericFlag.integer(trials, flag: "--trials", in: 1...ValidationScheme.maximumSplitCount) }
        if search != .grid && trials == nil { throw ValidationError("--search \(search.rawValue) needs --trials N.") }
        if let folds, folds < 2 { throw ValidationError("--folds must be at least 2, got \(folds).") }
        if repeats < 1 { throw ValidationError("--repeats must be at least 1, got \(repeats).") }
        if repeats > 1 && folds == nil { throw ValidationError("--repeats repeats a k-fold; add --folds.") }
        if folds == nil && dataOptions.validationSplit == 0 {
            throw ValidationError("Each trial needs rows to be scored on: give --folds K, or a --validation-split above 0.")
        }
        if let problem = scheme.problem { throw ValidationError(CrossValidateCommand.naming(problem)) }
        if dataOptions.testSplit > 0 { throw ValidationError("--test-split does not apply to tune: trials are scored on held-out folds or validation rows.") }
        if parallel < 1 || parallel > 256 { throw ValidationError("--parallel must be from 1 to 256, got \(parallel).") }
        if let threads, threads < 1 || threads > 256 { throw ValidationError("--threads must be from 1 to 256, got \(threads).") }
        if !(factor > 1 && factor.isFinite) { throw ValidationError("--factor must be above 1, got \(factor).") }
        if top < 1 { throw ValidationError("--top must be at least 1, got \(top).") }
        if noRefit, let model {
            throw ValidationError("--model \(model) names where the refitted model is saved, and --no-refit trains none: give one of the two.")
        }
        if search != .halving && (factor != 3 || aggressiveElimination || minEpochs.description != "exhaust") {
            throw ValidationError("--factor, --min-epochs and --aggressive-elimination apply to --search halving.")
        }
        for output in writtenPaths {
            if let problem = outputPathProblem(output.path, flag: output.role) { throw ValidationError(problem) }
        }
        // By file identity (device and inode, or resolved folder and name), as every command does.
        // The study's lock file (LOG.lock, created and emptied) is written too.
        var uses = [PathUse(role: "the data file", path: data, isWritten: false)] + writtenPaths
        if let study { uses.append(PathUse(role: "the lock file of --study", path: study + ".lock", isWritten: true)) }
        do {
            try PathClash.check(uses, allowed: [("--study", "the lock file of --study")])
        } catch let clash as CommandError {
            throw ValidationError(clash.message)
        }
    }

    /// Where the refitted model is saved.
    var modelPath: String { model ?? "model.safetensors" }

    /// The files the search writes: the refitted model, the plot and the study log.
    var writtenPaths: [PathUse] {
        var outputs = [PathUse]()
        if !noRefit { outputs.append(PathUse(role: "--model", path: modelPath, isWritten: true)) }
        if let plot { outputs.append(PathUse(role: "--plot", path: plot, isWritten: true)) }
        if let study { outputs.append(PathUse(role: "--study", path: study, isWritten: true)) }
        return outputs
    }

    /// The settings every trial starts from: the train flags given.
    func baseSettings() throws -> TrainSettings {
        try TrainSettings(data: dataOptions, network: network, optimization: optimization, seed: seedOption)
    }

    var scheme: ValidationScheme {
        if let folds { return .kFold(folds: folds, repeats: repeats, shuffleSeed: shuffleSeed ?? seedOption.seed) }
        return .holdOut(fraction: dataOptions.validationSplit ?? 0.1, shuffleSeed: shuffleSeed ?? seedOption.seed)
    }

    func run() throws {
        // Every output folder takes a new file, found before the search rather than after it.
        try WritableProbe.check(writtenPaths)
        let communicator = distribution.communicator()
        // Read as every command reads its CSV: a file as it is, a stream (`-`, a FIFO,
        // /dev/stdin, `<(…)`) copied once.
        let input = try InputFile(data, role: "data file")
        try input.naming {
            if communicator.isDistributed {
                try DistributedAgreement.check(communicator, settings: CommandArguments.shellLine(CommandArguments.current), data: input.url)
            }
            try speakingForAll(communicator) { try tune(input, communicator: communicator) }
        }
    }

    /// The search; in a distributed run every rank searches, rank 0 keeps the study and writes.
    func tune(_ input: InputFile, communicator: any Communicator) throws {
        let console = Console.current
        let leader = communicator.rank == 0
        let base = try baseSettings()
        let options = try csv.csvOptions()
        // An existing log is read from the start and appended to: a pipe would block the read.
        if let study, FileManager.default.fileExists(atPath: fileURL(study).path) { try requireModelFile(study, role: "study log") }
        let spaceValue = try reportingInputErrors { try SearchSpace(parsing: space) }
        let url = input.url
        let (table, task) = try reportingInputErrors {
            let table = try TrainCommand.readTrainingTable(url, options: options, settings: base)
            let task = try CrossValidation(scheme: scheme, preparation: base.preparationOptions).task(of: table)
            return (table, task)
        }
        let metric = metric ?? .default(for: task)
        guard metric.applies(to: task) else { throw CommandError.badInput(SelectionError.metricDoesNotFit(metric: metric.rawValue, task: task).description) }
        try checkValues(of: spaceValue, base: base)
        var searcher = try makeSearch(space: spaceValue, metric: metric, base: base)
        let candidates = try reportingInputErrors { try searcher.candidates() }
        for candidate in candidates { try checkTrial(candidate, base: base, task: task) }
        searcher.explicitCandidates = search == .grid ? nil : candidates

        let studySettings = try studySettings(input, base: base, metric: metric)
        // Rank 0 alone keeps the study; the others get its records through the communicator.
        // Every rank learns whether rank 0 could open it (a study locked by another search), so
        // none goes on to wait in a collective for a rank that has stopped.
        let log: StudyLog? = try communicator.agreeing {
            try study.flatMap { path in
                guard leader else { return nil }
                return
                try reportingInputErrors { try StudyLog(url: fileURL(path), settings: studySettings) } as StudyLog?
            }
        }
        defer { log?.close() }
        let quiet = quietOption.quiet || jsonOption.json
        if let log, !quiet {
            if let holder = log.takenOverFrom { console.printError("note: \(study ?? "") was locked by \(holder), which is no longer running; continuing.") }
            if log.resumed { console.print("Resuming \(study ?? ""): \(log.trials.count) trial\(log.trials.count == 1 ? "" : "s") already done.") }
        }

        let cores = ComputeEngine.threadCount
        let perTrial = threads ?? max(1, cores / parallel)
        ComputeEngine.setThreadCount(perTrial)
        defer { ComputeEngine.setThreadCount(cores) }
        searcher.parallelism = parallel
        if let timeBudget { searcher.deadline = Date(timeIntervalSinceNow: timeBudget.seconds) }
        if !quiet {
            console.print("Tuning on \(input.displayName): \(describe(searcher, candidates: candidates.count)), scored by \(describeScheme()), ranked by \(metric.rawValue); \(parallel) at a time × \(perTrial) thread\(perTrial == 1 ? "" : "s")\(communicator.isDistributed ? " on each of \(communicator.size) processes" : "").")
        }

        let validation = FoldTraining.crossValidation(settings: base, scheme: scheme)
        let spaceText = space
        let appendFailure = FailureBox()
        let planned = plannedTrials(searcher, candidates: candidates.count)
        let previous = try reportingInputErrors { try HyperparameterSearch.share(log?.trials ?? [], from: communicator) }
        let result = try reportingInputErrors {
            try searcher.run(previous: previous, communicator: communicator, evaluate: { request in
                var settings = try base.applying(request.configuration, spaceText: spaceText)
                if let epochs = request.epochs { settings.epochs = epochs }
                // --parallel trials share the memory: each network is checked against its share.
                settings.concurrentRuns = parallel
                do {
                    return TrialMeasurement(folds: try FoldTraining.run(validation, table: table, settings: settings, quiet: true))
                } catch let error as TrainingError {
                    switch error {
                    case .nonFiniteLoss, .explodingGradient: return TrialMeasurement(folds: [], failure: error.description)
                    default: throw error
                    }
                }
            }, onRecord: { record in
                do { try log?.append(record) } catch { appendFailure.set(error) }
                if !quiet && leader { console.print(TuneReport.progressLine(record, metric: metric, planned: planned)) }
            })
        }
        if let error = appendFailure.error { throw CommandError.badInput("\(error)") }
        guard leader else { return }
        try finish(result, searcher: searcher, table: table, base: base, metric: metric, task: task, console: console)
    }

    /// The search the flags describe.
    func makeSearch(space: SearchSpace, metric: SelectionMetric, base: TrainSettings) throws -> HyperparameterSearch {
        let strategy: HyperparameterSearch.Strategy
        switch search {
        case .random: strategy = .random(trials: trials ?? 1)
        case .grid:
            guard let size = space.gridSize else {
                throw CommandError.badInput(SelectionError.invalidSearch("A grid search needs a list of values for every parameter, but \"\(space.parameters.first { !$0.domain.isList }?.name ?? "")\" is a range; use --search random or halving, or list its values.").description)
            }
            if let trials, trials != size {
                throw CommandError.badInput("--search grid tries all \(size) combinations of the space; drop --trials (or give --trials \(size)).")
            }
            strategy = .grid
        case .halving:
            if space.names.contains("epochs") {
                throw CommandError.badInput("Halving uses the epochs as its resource, so \"epochs\" cannot be in --space; set the most epochs with --epochs.")
            }
            let halving = SuccessiveHalving(factor: factor, minimumEpochs: minEpochs.value, maximumEpochs: base.epochs,
                                            aggressiveElimination: aggressiveElimination)
            _ = try reportingInputErrors { try halving.schedule(candidateCount: trials ?? 1) }
            strategy = .halving(candidates: trials ?? 1, halving)
        }
        return HyperparameterSearch(space: space, strategy: strategy, metric: metric, seed: seedOption.seed)
    }

    /// Refuses a listed value (or a range's bound) that its flag does not take, drawn or not.
    func checkValues(of space: SearchSpace, base: TrainSettings) throws {
        for parameter in space.parameters {
            let values: [String]
            switch parameter.domain {
            case .choices(let choices): values = choices
            case let .uniform(lower, upper), let .logUniform(lower, upper): values = ["\(lower)", "\(upper)"]
            case let .integer(lower, upper), let .logInteger(lower, upper): values = [String(lower), String(upper)]
            }
            for value in values {
                _ = try base.applying(Configuration(names: [parameter.name], values: [value]), spaceText: self.space)
            }
        }
    }

    /// Refuses, before any training, a configuration whose flags contradict each other or the task.
    func checkTrial(_ configuration: Configuration, base: TrainSettings, task: LearningTask) throws {
        let settings = try base.applying(configuration, spaceText: space)
        if let problem = settings.problem() ?? settings.taskMismatch(task) {
            throw CommandError.badInput("The trial \(configuration) cannot be trained: \(problem)")
        }
    }

    /// What the study log's first line holds: everything that decides the trials' results.
    func studySettings(_ input: InputFile, base: TrainSettings, metric: SelectionMetric) throws -> [String: String] {
        let size = (try? FileManager.default.attributesOfItem(atPath: input.path)[.size] as? Int) ?? nil
        return [
            // A stream is named as given ("standard input"), not by its temporary copy.
            "data": input.path == input.displayName ? fileURL(data).standardizedFileURL.path : input.displayName,
            "data_bytes": size.map(String.init) ?? "unknown",
            "delimiter": csv.delimiter,
            "space": space,
            "search": search.rawValue,
            "trials": trials.map(String.init) ?? "all",
            "validation": describeScheme(),
            "metric": metric.rawValue,
            "seed": String(seedOption.seed),
            "halving": search == .halving ? "factor \(factor), min-epochs \(minEpochs.description), aggressive \(aggressiveElimination)" : "none",
            "train": CommandArguments.shellLine(base.trainArguments),
        ]
    }

    func describeScheme() -> String {
        switch scheme {
        case let .kFold(folds, repeats, shuffleSeed):
            return "\(folds)-fold cross-validation" + (repeats > 1 ? " × \(repeats)" : "") + " (shuffle seed \(shuffleSeed))"
        case let .holdOut(fraction, shuffleSeed):
            return "the \(fraction) validation split (seed \(shuffleSeed))"
        }
    }

    func describe(_ searcher: HyperparameterSearch, candidates: Int) -> String {
        switch searcher.strategy {
        case .random: return "\(candidates) random trials"
        case .grid: return "a grid of \(candidates)"
        case .halving(_, let halving):
            let schedule = (try? halving.schedule(candidateCount: candidates))
            let steps = schedule.map { zip($0.candidates, $0.epochs).map { "\($0.0)×\($0.1)" }.joined(separator: ", ") } ?? ""
            return "successive halving of \(candidates) (candidates×epochs: \(steps))"
        }
    }

    func plannedTrials(_ searcher: HyperparameterSearch, candidates: Int) -> Int {
        if case .halving(_, let halving) = searcher.strategy, let schedule = try? halving.schedule(candidateCount: candidates) {
            return schedule.candidates.reduce(0, +)
        }
        return candidates
    }
}

/// The first error of appending to the study log, kept until the search returns.
final class FailureBox: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: (any Error)?
    func set(_ error: any Error) { lock.lock(); if stored == nil { stored = error }; lock.unlock() }
    var error: (any Error)? { lock.lock(); defer { lock.unlock() }; return stored }
}
