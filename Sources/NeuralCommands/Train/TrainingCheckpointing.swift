import Foundation
import Neural

/// Checkpoints of `neural train`: every `--checkpoint-every` epochs, and when SIGINT or SIGTERM
/// arrives (see `TrainingInterruption`: training pauses after the batch in progress, and the
/// checkpoint records the position inside the epoch); and `--resume`, which continues a saved
/// run after checking that the command describes the same run.
///
/// A checkpoint is a `TrainingCheckpoint` (weights, configuration, trainer state) whose extra
/// metadata records what the command line rebuilds from the CSV file rather than stores: every
/// training setting (`settingsKey`), the preprocessing fitted on the training rows
/// (`preprocessingKey`) and the sizes of the split (`rowsKey`). The data are prepared again from
/// the same file with the same seed, so the split and the preprocessing come out identical, and
/// resuming ends with the weights an uninterrupted run ends with (same thread count).
final class TrainingCheckpointing {
    static let settingsKey = "neural.checkpoint.settings"
    static let preprocessingKey = "neural.checkpoint.preprocessing"
    static let rowsKey = "neural.checkpoint.rows"
    /// The number of processes of a distributed run (absent for one process).
    static let ranksKey = "neural.checkpoint.ranks"
    /// Present (as "true") when each process held only its share of the rows (`--shard`).
    static let shardKey = "neural.checkpoint.shard"

    /// Epochs between checkpoints; nil saves only when interrupted.
    let every: Int?
    /// Where checkpoints are written, as given and as a URL.
    let path: String
    let url: URL
    /// The checkpoint to continue from.
    let resumePath: String?
    /// Whether this process writes the checkpoints (rank 0 of a distributed run; the others
    /// train alike and write nothing).
    var writes = true
    /// What starts the processes of a distributed run (`mpirun -np 3 `), put before the
    /// resume command; empty for one process.
    var launcher = ""

    private var fingerprint: [String: String] = [:]
    private var failure: TrainedModelError?

    init(every: Int?, path: String, resumePath: String?) {
        self.every = every
        self.path = path
        self.url = fileURL(path)
        self.resumePath = resumePath
    }

    /// `<model>.checkpoint.safetensors` beside the model (`m.safetensors` → `m.checkpoint.safetensors`).
    static func defaultPath(forModel model: String) -> String {
        let base = model.hasSuffix(".safetensors") ? String(model.dropLast(".safetensors".count)) : model
        return base + ".checkpoint.safetensors"
    }

    /// What identifies the run besides the weights and the trainer state.
    static func fingerprint(settings: TrainSettings, preprocessor: Preprocessor,
                            rows: (train: Int, validation: Int, test: Int), ranks: Int = 1,
                            sharded: Bool = false) throws -> [String: String] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var fingerprint = [
            settingsKey: try settingsText(settings),
            preprocessingKey: String(decoding: try encoder.encode(preprocessor), as: UTF8.self),
            rowsKey: "\(rows.train),\(rows.validation),\(rows.test)",
        ]
        if ranks > 1 { fingerprint[ranksKey] = String(ranks) }
        if sharded { fingerprint[shardKey] = "true" }
        return fingerprint
    }

    /// Every training setting by name (`TrainSettings.fingerprintFields`), as sorted JSON.
    static func settingsText(_ settings: TrainSettings) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(settings.fingerprintFields), as: UTF8.self)
    }

    /// The trainer to run: a new one, or the one saved in the `--resume` checkpoint once its
    /// settings, preprocessing and split match `fingerprint`.
    func trainer(network: Network, configuration: TrainingConfiguration,
                 fingerprint: [String: String]) throws -> Trainer {
        self.fingerprint = fingerprint
        guard let resumePath else { return try Trainer(network: network, configuration: configuration) }
        let checkpoint: TrainingCheckpoint
        do {
            checkpoint = try TrainingCheckpoint.load(from: fileURL(resumePath))
        } catch {
            // A file without a checkpoint's metadata is no checkpoint; one that has it but is
            // damaged or edited (a setting out of range, a state training cannot reach) is a
            // checkpoint that cannot be resumed, and the reason names the field.
            if case .modelFile(.missingMetadata) = error {
                throw CommandError.badInput("--resume \(resumePath) is not a training checkpoint: \(error.description)")
            }
            throw CommandError.badInput("--resume \(resumePath) cannot be resumed: \(error.description)")
        }
        if let problem = Self.mismatch(saved: checkpoint.extraMetadata, current: fingerprint) {
            throw CommandError.badInput("--resume \(resumePath): \(problem); resume with the data file and the flags of the run that saved it.")
        }
        guard checkpoint.configuration == configuration, checkpoint.network.layers == network.layers else {
            throw CommandError.badInput("--resume \(resumePath): the checkpoint's network or training configuration differs from the one these flags describe; resume with the flags of the run that saved it.")
        }
        do {
            return try checkpoint.trainer()
        } catch {
            throw CommandError.badInput("--resume \(resumePath): \(error.description)")
        }
    }

    /// The first difference between a checkpoint's fingerprint and this command's, in words.
    static func mismatch(saved: [String: String], current: [String: String]) -> String? {
        guard let savedSettings = saved[settingsKey].flatMap(decodeStrings),
              let settings = current[settingsKey].flatMap(decodeStrings) else {
            return "the checkpoint does not record the settings of its run (it was not saved by neural train)"
        }
        for name in settings.keys.sorted() where savedSettings[name] != settings[name] {
            return "the checkpoint was saved with \(flagName(name)) \(savedSettings[name] ?? "unset"), this command gives \(settings[name] ?? "unset")"
        }
        if saved[ranksKey] != current[ranksKey] {
            let processes = { (count: String?) in count.map { "\($0) processes" } ?? "1 process" }
            return "the checkpoint was saved by a run on \(processes(saved[ranksKey])), this run is on \(processes(current[ranksKey])) (a distributed run resumes on as many processes as it had)"
        }
        if saved[shardKey] != current[shardKey] {
            return saved[shardKey] == nil
                ? "the checkpoint was saved by a run without --shard; resume it without --shard"
                : "the checkpoint was saved by a run with --shard (each process held its share of the rows); resume it with --shard"
        }
        if saved[rowsKey] != current[rowsKey] {
            let describe = { (text: String?) -> String in
                let parts = (text ?? "").split(separator: ",")
                return parts.count == 3 ? "\(parts[0]) training, \(parts[1]) validation and \(parts[2]) test rows" : "an unknown split"
            }
            return "the checkpoint's data had \(describe(saved[rowsKey])), this data file gives \(describe(current[rowsKey]))"
        }
        if saved[preprocessingKey] != current[preprocessingKey] {
            return "the data file differs from the one the checkpoint was trained on (the preprocessing fitted on its training rows is not the same)"
        }
        return nil
    }

    private static func decodeStrings(_ text: String) -> [String: String]? {
        try? JSONDecoder().decode([String: String].self, from: Data(text.utf8))
    }

    /// `batchSize` → `--batch-size`, the flag a setting comes from (near enough for a message).
    static func flagName(_ setting: String) -> String {
        let names = ["missingValues": "missing", "tolerance": "tol", "iterationsWithoutChange": "nIterNoChange"]
        let name = names[setting] ?? setting
        var flag = "--"
        for character in name {
            if character.isUppercase { flag += "-" + character.lowercased() } else { flag.append(character) }
        }
        return flag
    }

    /// Called at the end of every epoch: saves a checkpoint when one is due, and stops training
    /// when that fails.
    func epochEnded(_ report: EpochReport, trainer: Trainer) -> TrainingControl {
        guard let every, report.epoch % every == 0, !trainer.state.finished else { return .proceed }
        do {
            try save(trainer)
        } catch {
            failure = error
            return .stop
        }
        return .proceed
    }

    /// Whether training should pause after the batch just trained: a signal has arrived. Read
    /// after every batch, so it is one lock and a load.
    func pauseRequested() -> Bool {
        TrainingInterruption.shared.signal != nil
    }

    private func save(_ trainer: Trainer) throws(TrainedModelError) {
        guard writes else { return }
        try TrainingCheckpoint(trainer: trainer, extraMetadata: fingerprint).save(to: url)
    }

    /// The library's error speaks of a model; the reason is what a checkpoint message needs.
    private static func reason(_ error: TrainedModelError) -> String {
        if case .unwritable(_, let reason) = error { return reason }
        return error.description
    }

    /// After `fit`: throws when a checkpoint could not be saved; and when a signal paused the run,
    /// saves the checkpoint there and throws to exit with 130 or 143, naming the command that
    /// resumes it.
    func finish(_ trainer: Trainer) throws {
        if let failure {
            throw CommandError(.trainingFailed, "Training stopped: the checkpoint could not be saved to \(path): \(Self.reason(failure)) No model was written.")
        }
        guard let progress = trainer.state.epochProgress else { return }
        // `fit` pauses only once a signal has arrived.
        let signal = TrainingInterruption.shared.signal ?? SIGINT
        let position = "in epoch \(trainer.state.epoch + 1) of \(trainer.configuration.epochs), after batch \(progress.batches) of \(progress.batchCount)"
        do {
            try save(trainer)
        } catch {
            throw CommandError(.trainingFailed, "Training was interrupted by \(TrainingInterruption.name(of: signal)) \(position), but the checkpoint could not be saved to \(path): \(Self.reason(error)) No model was written.")
        }
        var arguments = CommandArguments.current
        if let index = arguments.firstIndex(of: "--resume"), index + 1 < arguments.count {
            arguments.removeSubrange(index...(index + 1))
        }
        arguments.removeAll { $0.hasPrefix("--resume=") }
        let command = launcher + (arguments.isEmpty ? "neural train … --resume \(CommandArguments.quoted(path))"
            : "neural " + CommandArguments.shellLine(arguments + ["--resume", path]))
        throw CommandError(signal == SIGINT ? .interrupted : .terminated,
                           "Training was interrupted by \(TrainingInterruption.name(of: signal)) \(position); the checkpoint is saved in \(path) and no model was written.\nResume with: \(command)")
    }
}
