import Neural

extension TrainSettings {
    /// Every setting by name, with its value as text: what a checkpoint records of the command
    /// line (`TrainingCheckpointing.settingsText`) so that `--resume` with other flags is refused
    /// naming the flag, and what the processes of a distributed run compare.
    ///
    /// Every stored property is listed (`CheckpointFingerprintTests` holds the names to the type's
    /// own), each written as `String(describing:)` writes it: an optional's value or `unset`, a
    /// list as `["a", "b"]`, a choice by its Swift case name. That is the text checkpoints have
    /// recorded since they were introduced, so every checkpoint saved by an earlier version is
    /// still recognised. Written out rather than found by reflection, which costs a process on a
    /// small data set a tenth of its instructions (Benchmarks/RESULTS.md).
    var fingerprintFields: [String: String] {
        [
            "target": target,
            "features": features.map { Self.listText($0) } ?? Self.unset,
            "categorical": Self.listText(categorical),
            "task": task?.fingerprintName ?? Self.unset,
            "missingValues": missingValues.fingerprintName,
            "unseenCategories": unseenCategories.fingerprintName,
            "maxCategories": Self.text(maxCategories),
            "hidden": Self.listText(hidden),
            "activation": activation.fingerprintName,
            "outputActivation": outputActivation?.fingerprintName ?? Self.unset,
            "loss": loss?.fingerprintName ?? Self.unset,
            "optimizer": optimizer.fingerprintName,
            "learningRate": Self.text(learningRate),
            "schedule": schedule.fingerprintName,
            "momentum": Self.text(momentum),
            "nesterov": nesterov.description,
            "l1": l1.description,
            "l2": l2.description,
            "dropout": dropout.description,
            "epochs": epochs.description,
            "batchSize": Self.text(batchSize),
            "parity": parity.fingerprintName,
            "validationSplit": Self.text(validationSplit),
            "tolerance": Self.text(tolerance),
            "iterationsWithoutChange": Self.text(iterationsWithoutChange),
            "testSplit": testSplit.description,
            "earlyStopping": earlyStopping.description,
            "patience": patience.description,
            "classWeight": classWeight.fingerprintName,
            "seed": seed.description,
            "standardizeTarget": standardizeTarget.description,
            "clipNorm": Self.text(clipNorm),
            "maxGradientNorm": Self.text(maxGradientNorm),
            "from": from ?? Self.unset,
            "concurrentRuns": concurrentRuns.description,
        ]
    }

    /// An optional setting left at its default.
    private static let unset = "unset"

    private static func text<Value: CustomStringConvertible>(_ value: Value?) -> String {
        value?.description ?? unset
    }

    /// `["a", "b \"c\""]`: each name quoted and escaped as in Swift source.
    private static func listText(_ names: [String]) -> String {
        "[" + names.map(\.debugDescription).joined(separator: ", ") + "]"
    }

    /// `[64, 32]`.
    private static func listText(_ widths: [Int]) -> String {
        "[" + widths.map(\.description).joined(separator: ", ") + "]"
    }
}

/// A setting chosen among named cases, as a checkpoint's settings name it: by its Swift case name
/// (`leakyReLU`, not the flag's `leaky-relu`), as they always have. Where the two coincide the raw
/// value is the name.
protocol FingerprintNamed: RawRepresentable<String> {
    var fingerprintName: String { get }
}

extension FingerprintNamed {
    var fingerprintName: String { rawValue }
}

extension LearningTask: FingerprintNamed {}
extension OutputActivationChoice: FingerprintNamed {}
extension ClassWeightChoice: FingerprintNamed {}

extension MissingValuePolicy: FingerprintNamed {
    var fingerprintName: String { self == .mostFrequent ? "mostFrequent" : rawValue }
}

extension UnseenCategoryPolicy: FingerprintNamed {
    var fingerprintName: String { self == .allZeros ? "allZeros" : rawValue }
}

extension ActivationChoice: FingerprintNamed {
    var fingerprintName: String { self == .leakyReLU ? "leakyReLU" : rawValue }
}

extension LossChoice: FingerprintNamed {
    var fingerprintName: String {
        switch self {
        case .crossEntropy: "crossEntropy"
        case .binaryCrossEntropy: "binaryCrossEntropy"
        case .halfMSE: "halfMSE"
        case .mse, .mae, .huber: rawValue
        }
    }
}

extension OptimizerKind: FingerprintNamed {
    var fingerprintName: String {
        switch self {
        case .adamW: "adamW"
        case .rmsProp: "rmsProp"
        case .sgd, .adam, .adagrad: rawValue
        }
    }
}

extension ScheduleKind: FingerprintNamed {
    var fingerprintName: String {
        switch self {
        case .inverseScaling: "inverseScaling"
        case .scikitLearnInverseScaling: "scikitLearnInverseScaling"
        case .scikitLearnAdaptive: "scikitLearnAdaptive"
        case .constant, .adaptive, .step, .exponential, .cosine: rawValue
        }
    }
}

extension Parity: FingerprintNamed {
    var fingerprintName: String { self == .scikitLearn ? "scikitLearn" : rawValue }
}
