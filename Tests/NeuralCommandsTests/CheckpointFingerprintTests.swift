import Foundation
import Neural
import Testing
@testable import NeuralCommands

/// The settings a checkpoint records (`TrainSettings.fingerprintFields`, written out field by
/// field): every setting is in it and changes it, what does not change training does not, and the
/// text is the one checkpoints have always recorded, so those saved before still resume.
/// (`InterruptAndResumeTests` runs the refusals through the command.)
@Suite struct CheckpointFingerprintTests {
    /// The settings text `neural train` recorded in `c.safetensors` (metadata
    /// `neural.checkpoint.settings`) when it still found the settings by reflection (commit
    /// 61f6899), for `d.csv --target y --epochs 2 --checkpoint-every 1 --checkpoint c.safetensors`
    /// plus `changedFlags`: every choice at a value whose Swift case name differs from its flag
    /// spelling, a column name with a quote, a slash and a non-ASCII letter, extreme numbers.
    static let savedByReflection = #"{"activation":"leakyReLU","batchSize":"7","categorical":"[\"color\"]","classWeight":"balanced","clipNorm":"2.5","concurrentRuns":"1","dropout":"0.25","earlyStopping":"true","epochs":"2","features":"[\"x1\", \"x2\", \"color\", \"naïve \\\"q\\\"\/b\"]","from":"unset","hidden":"[3, 2]","iterationsWithoutChange":"4","l1":"1e-05","l2":"0.5","learningRate":"1e-05","loss":"crossEntropy","maxCategories":"5","maxGradientNorm":"1e+30","missingValues":"mostFrequent","momentum":"0.5","nesterov":"false","optimizer":"rmsProp","outputActivation":"softmax","parity":"scikitLearn","patience":"3","schedule":"scikitLearnInverseScaling","seed":"18446744073709551615","standardizeTarget":"true","target":"y","task":"classification","testSplit":"0.1","tolerance":"0.001","unseenCategories":"allZeros","validationSplit":"0.2"}"#
    static let changedFlags = [
        "--features", #"x1,x2,color,naïve "q"/b"#, "--categorical", "color", "--task", "classification",
        "--missing", "most-frequent", "--unseen-categories", "all-zeros", "--max-categories", "5",
        "--validation-split", "0.2", "--test-split", "0.1", "--hidden", "3,2", "--activation", "leaky-relu",
        "--output-activation", "softmax", "--loss", "cross-entropy", "--dropout", "0.25", "--optimizer", "rmsprop",
        "--learning-rate", "0.00001", "--schedule", "sklearn-invscaling", "--momentum", "0.5", "--l1", "0.00001",
        "--l2", "0.5", "--batch-size", "7", "--parity", "sklearn", "--early-stopping", "--patience", "3",
        "--tol", "0.001", "--n-iter-no-change", "4", "--class-weight", "balanced", "--clip-norm", "2.5",
        "--max-gradient-norm", "1e30", "--seed", "18446744073709551615",
    ]
    /// The same for `d.csv --target y --epochs 2` alone: every other setting at its default.
    static let defaultsSavedByReflection = #"{"activation":"relu","batchSize":"unset","categorical":"[]","classWeight":"none","clipNorm":"unset","concurrentRuns":"1","dropout":"0.0","earlyStopping":"false","epochs":"2","features":"unset","from":"unset","hidden":"[100]","iterationsWithoutChange":"unset","l1":"0.0","l2":"0.0001","learningRate":"unset","loss":"unset","maxCategories":"unset","maxGradientNorm":"unset","missingValues":"median","momentum":"unset","nesterov":"false","optimizer":"adam","outputActivation":"unset","parity":"none","patience":"10","schedule":"constant","seed":"0","standardizeTarget":"true","target":"y","task":"unset","testSplit":"0.0","tolerance":"unset","unseenCategories":"error","validationSplit":"unset"}"#

    /// The settings `neural train d.csv --target y --epochs 2 flags…` describes.
    static func settings(_ flags: [String]) throws -> TrainSettings {
        try TrainCommand.parse(["d.csv", "--target", "y", "--epochs", "2"] + flags).settings()
    }

    /// The text another process (another build, even) wrote is the text this one writes, byte for
    /// byte: nothing in it depends on hash seeds or dictionary order.
    @Test func theTextIsTheOneCheckpointsSavedBeforeRecorded() throws {
        #expect(try TrainingCheckpointing.settingsText(Self.settings(Self.changedFlags)) == Self.savedByReflection)
        #expect(try TrainingCheckpointing.settingsText(Self.settings([])) == Self.defaultsSavedByReflection)
    }

    /// A checkpoint saved before resumes: its settings match the same flags' settings.
    @Test func aCheckpointSavedBeforeMatchesTheSameFlags() throws {
        for (flags, saved) in [(Self.changedFlags, Self.savedByReflection), ([], Self.defaultsSavedByReflection)] {
            let current = [TrainingCheckpointing.settingsKey: try TrainingCheckpointing.settingsText(Self.settings(flags))]
            #expect(TrainingCheckpointing.mismatch(saved: [TrainingCheckpointing.settingsKey: saved], current: current) == nil)
        }
    }

    /// A setting added to `TrainSettings` must be added to the fingerprint (and to `mutations`).
    @Test func everyStoredSettingIsInTheFingerprint() {
        let labels = Mirror(reflecting: TrainSettings(target: "y")).children.compactMap(\.label)
        #expect(labels.sorted() == TrainSettings(target: "y").fingerprintFields.keys.sorted())
        #expect(labels.sorted() == Self.mutations.map(\.name).sorted())
    }

    /// One change of each setting, away from `TrainSettings(target: "y")`'s value.
    static var mutations: [(name: String, change: (inout TrainSettings) -> Void)] { [
        ("target", { $0.target = "z" }),
        ("features", { $0.features = ["a"] }),
        ("categorical", { $0.categorical = ["a"] }),
        ("task", { $0.task = .regression }),
        ("missingValues", { $0.missingValues = .mean }),
        ("unseenCategories", { $0.unseenCategories = .allZeros }),
        ("maxCategories", { $0.maxCategories = 3 }),
        ("hidden", { $0.hidden = [100, 1] }),
        ("activation", { $0.activation = .gelu }),
        ("outputActivation", { $0.outputActivation = .identity }),
        ("loss", { $0.loss = .huber }),
        ("optimizer", { $0.optimizer = .adamW }),
        ("learningRate", { $0.learningRate = 1e-3 }),
        ("schedule", { $0.schedule = .cosine }),
        ("momentum", { $0.momentum = 0 }),
        ("nesterov", { $0.nesterov = true }),
        ("l1", { $0.l1 = 5e-324 }),
        ("l2", { $0.l2 = 1.0000000000000002e-4 }),
        ("dropout", { $0.dropout = 0.5 }),
        ("epochs", { $0.epochs = 201 }),
        ("batchSize", { $0.batchSize = 32 }),
        ("parity", { $0.parity = .keras }),
        ("validationSplit", { $0.validationSplit = 0 }),
        ("tolerance", { $0.tolerance = 1e-4 }),
        ("iterationsWithoutChange", { $0.iterationsWithoutChange = 10 }),
        ("testSplit", { $0.testSplit = 0.25 }),
        ("earlyStopping", { $0.earlyStopping = true }),
        ("patience", { $0.patience = 11 }),
        ("classWeight", { $0.classWeight = .balanced }),
        ("seed", { $0.seed = 1 }),
        ("standardizeTarget", { $0.standardizeTarget = false }),
        ("clipNorm", { $0.clipNorm = 1 }),
        ("maxGradientNorm", { $0.maxGradientNorm = 1e6 }),
        ("from", { $0.from = "m.safetensors" }),
        ("concurrentRuns", { $0.concurrentRuns = 2 }),
    ] }

    /// Every setting changes its own field and no other; an optional set to the value its
    /// default stands for (`--batch-size 32`, `--momentum 0`) still counts as changed, as it always did.
    @Test func everySettingChangesItsField() {
        let base = TrainSettings(target: "y").fingerprintFields
        for (name, change) in Self.mutations {
            var settings = TrainSettings(target: "y")
            change(&settings)
            let changed = settings.fingerprintFields
            #expect(changed[name] != base[name], "\(name)")
            #expect(changed.filter { $0.key != name } == base.filter { $0.key != name }, "\(name)")
        }
    }

    /// Every choice of every enumerated setting has its own name, and it is the name reflection
    /// gave it (`String(describing:)`), so a checkpoint saved with any of them still resumes.
    @Test func everyChoiceIsNamedAsReflectionNamedIt() {
        func check<Choice: FingerprintNamed & CaseIterable>(_: Choice.Type) {
            let names = Choice.allCases.map(\.fingerprintName)
            #expect(names == Choice.allCases.map { String(describing: $0) }, "\(Choice.self)")
            #expect(Set(names).count == names.count, "\(Choice.self)")
        }
        check(LearningTask.self)
        check(MissingValuePolicy.self)
        check(UnseenCategoryPolicy.self)
        check(ActivationChoice.self)
        check(OutputActivationChoice.self)
        check(LossChoice.self)
        check(OptimizerKind.self)
        check(ScheduleKind.self)
        check(Parity.self)
        check(ClassWeightChoice.self)
    }

    /// The fields as reflection wrote them: each stored property's label, and `String(describing:)`
    /// of its value, or of an optional's value, or "unset".
    static func reflected(_ settings: TrainSettings) -> [String: String] {
        func text(_ value: Any) -> String {
            let mirror = Mirror(reflecting: value)
            if mirror.displayStyle == .optional {
                guard let wrapped = mirror.children.first else { return "unset" }
                return text(wrapped.value)
            }
            return String(describing: value)
        }
        var values: [String: String] = [:]
        for child in Mirror(reflecting: settings).children {
            if let label = child.label { values[label] = text(child.value) }
        }
        return values
    }

    /// Lists, optionals and numbers whose text could differ: names that need escaping, no hidden
    /// layer, the smallest and largest doubles, a fraction with a long expansion.
    @Test func listsOptionalsAndNumbersAreWrittenAsReflectionWroteThem() {
        var settings = TrainSettings(target: "a \"b\" \\ c/d\né")
        settings.features = ["x", "", "tab\there", "\u{1}", "😀 ß", "q\"uote"]
        settings.categorical = ["\\", "é"]
        settings.hidden = []
        settings.learningRate = 0.1 + 0.2
        settings.momentum = 5e-324
        settings.l1 = .greatestFiniteMagnitude
        settings.l2 = 1e16
        settings.dropout = 1e-7
        settings.clipNorm = 1e-300
        settings.maxGradientNorm = 123456789.125
        settings.validationSplit = 0.1
        settings.tolerance = 0
        settings.batchSize = Int.max
        settings.maxCategories = 1
        settings.iterationsWithoutChange = 1
        settings.seed = .max
        settings.from = "../m m.safetensors"
        settings.task = .regression
        settings.loss = .halfMSE
        settings.outputActivation = .relu
        #expect(settings.fingerprintFields == Self.reflected(settings))
        #expect(TrainSettings(target: "y").fingerprintFields == Self.reflected(TrainSettings(target: "y")))
        for mutation in Self.mutations {
            var changed = TrainSettings(target: "y")
            mutation.change(&changed)
            #expect(changed.fingerprintFields == Self.reflected(changed), "\(mutation.name)")
        }
    }

    /// A flag of each group that changes training, resumed against a checkpoint saved without
    /// it: refused, naming the flag and both values.
    @Test(arguments: [
        // Data
        (["--features", "x1,x2"], "--features unset, this command gives [\"x1\", \"x2\"]"),
        (["--validation-split", "0.2"], "--validation-split unset, this command gives 0.2"),
        // Network
        (["--hidden", "8,4"], "--hidden [100], this command gives [8, 4]"),
        (["--activation", "tanh"], "--activation relu, this command gives tanh"),
        // Optimisation
        (["--optimizer", "adamw"], "--optimizer adam, this command gives adamW"),
        (["--batch-size", "16"], "--batch-size unset, this command gives 16"),
        (["--tol", "0.001"], "--tol unset, this command gives 0.001"),
        (["--n-iter-no-change", "5"], "--n-iter-no-change unset, this command gives 5"),
        // Seed
        (["--seed", "7"], "--seed 0, this command gives 7"),
        // Fine-tuning
        (["--from", "start.safetensors"], "--from unset, this command gives start.safetensors"),
    ])
    func aSettingThatChangesTrainingIsNamed(flags: [String], difference: String) throws {
        let saved = [TrainingCheckpointing.settingsKey: try TrainingCheckpointing.settingsText(Self.settings([]))]
        let current = [TrainingCheckpointing.settingsKey: try TrainingCheckpointing.settingsText(Self.settings(flags))]
        #expect(TrainingCheckpointing.mismatch(saved: saved, current: current) == "the checkpoint was saved with \(difference)")
    }

    /// A refusal names each setting by a flag `neural train` has. Two settings have none: the
    /// target's standardisation (always on for a command line) and the concurrent runs of
    /// `tune --parallel`, which resumes no checkpoint.
    @Test func everySettingIsNamedByAFlagTheCommandHas() throws {
        let help = TrainCommand.helpMessage(columns: 1_000)
        let withoutFlag: Set = ["standardizeTarget", "concurrentRuns"]
        for name in try Self.settings([]).fingerprintFields.keys where !withoutFlag.contains(name) {
            let flag = TrainingCheckpointing.flagName(name)
            #expect(help.contains(flag + " ") || help.contains(flag + "\n"), "\(name) is named \(flag)")
        }
    }

    /// Where the model, the plot and the checkpoint go, how often checkpoints are saved and what
    /// is printed do not change training, so a run may resume with other values of them.
    @Test func outputsAndVerbosityDoNotChangeTheFingerprint() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let resume = try folder.write("c.safetensors", "")
        let base = try TrainingCheckpointing.settingsText(Self.settings(Self.changedFlags))
        let others = [
            ["--model", folder.path("other.safetensors")], ["--plot", folder.path("p.svg")],
            ["--checkpoint", folder.path("elsewhere.safetensors")], ["--checkpoint-every", "3"],
            ["--resume", resume], ["--quiet"], ["--json"],
        ]
        for flags in others {
            #expect(try TrainingCheckpointing.settingsText(Self.settings(Self.changedFlags + flags)) == base, "\(flags)")
        }
    }
}
