import Foundation
import Testing
@testable import Neural

/// Settings read from a model file, checkpoint or study log are checked by the same rules as the
/// command line's flags (`SettingRange`): every group's valid value round-trips, and each value
/// out of range, not a number or infinite is refused as `DecodingError.dataCorrupted` at its field.
@Suite struct SettingsDecodingTests {
    /// One edit of a valid encoded value: the JSON path, the value written there, and the
    /// decoding error's expected description.
    struct Edit: Sendable, CustomTestStringConvertible {
        var group: String
        var path: [String]
        var value: JSONValue
        var message: String
        var testDescription: String { "\(group) \(path.joined(separator: ".")) = \(value)" }
    }

    /// A JSON value to write (non-finite numbers as the strings model files store them as).
    enum JSONValue: Sendable, CustomStringConvertible {
        case number(Double)
        case text(String)
        case integer(Int)
        case bool(Bool)

        var object: Any {
            switch self {
            case .number(let x): x
            case .text(let s): s
            case .integer(let n): n
            case .bool(let b): b
            }
        }

        var description: String {
            switch self {
            case .number(let x): "\(x)"
            case .text(let s): "\"\(s)\""
            case .integer(let n): "\(n)"
            case .bool(let b): "\(b)"
            }
        }
    }

    /// A configuration that holds every settings group, each with non-default values.
    static func configuration(optimizer: AnyOptimizer = .adam(Adam(beta1: 0.8, epsilon: 1e-7, weightDecay: 0.01)),
                              schedule: AnyLearningRateSchedule? = nil) -> TrainingConfiguration {
        var configuration = TrainingConfiguration(loss: Loss(.huber(delta: 1.5)))
        configuration.customSchedule = schedule
        configuration.epochs = 12
        configuration.batchSize = 16
        configuration.learningRate = 0.02
        configuration.optimizer = optimizer
        configuration.regularization = Regularization(l1: 1e-3, l2: 1e-4)
        configuration.clipping = .globalNorm(maxNorm: 5)
        configuration.maximumGradientNorm = 100
        configuration.earlyStopping = EarlyStopping(monitor: .validationLoss, patience: 4, minimumDelta: 1e-3)
        configuration.validationFraction = 0.2
        configuration.convergence = .init(tolerance: 1e-4, patience: 7)
        return configuration
    }

    /// The optimizers, each with non-default values, under the key its configuration stores it at.
    static let optimizers: [(name: String, rule: AnyOptimizer)] = [
        ("sgd", .sgd(SGD(momentum: 0.9, dampening: 0, nesterov: true, weightDecay: 0.01))),
        ("adam", .adam(Adam(beta1: 0.8, beta2: 0.99, epsilon: 1e-7, amsgrad: true, weightDecay: 0.01))),
        ("adamw", .adamW(AdamW(beta1: 0.85, weightDecay: 0.05))),
        ("rmsprop", .rmsProp(RMSProp(alpha: 0.9, epsilon: 1e-6, momentum: 0.5, centered: true))),
        ("adagrad", .adagrad(Adagrad(learningRateDecay: 0.01, initialAccumulatorValue: 0.1))),
    ]

    /// The schedules, each with non-default values and a position or state partway through a
    /// run, under the key a configuration stores it at.
    static let schedules: [(name: String, schedule: AnyLearningRateSchedule)] = {
        func advanced<S: LearningRateSchedule>(_ schedule: S) -> S {
            var schedule = schedule
            for epoch in 0..<3 {
                schedule.stepTaken(batchSize: 16)
                schedule.epochEnded(EpochMetrics(trainingLoss: 1 + Double(epoch % 2)))
            }
            return schedule
        }
        return [
            ("constant", .constant(advanced(ConstantSchedule(rate: 0.02)))),
            ("inverseScaling", .inverseScaling(advanced(InverseScalingSchedule(initialRate: 0.02, power: 0.25, clock: .steps)))),
            ("plateau", .plateau(advanced(PlateauSchedule(initialRate: 0.02, factor: 0.5, patience: 1, cooldown: 2)))),
            ("scikitLearnAdaptive", .scikitLearnAdaptive(advanced(ScikitLearnAdaptiveSchedule(initialRate: 0.02, patience: 1)))),
            ("step", .step(advanced(StepDecaySchedule(initialRate: 0.02, stepSize: 2, gamma: 0.5)))),
            ("exponential", .exponential(advanced(ExponentialDecaySchedule(initialRate: 0.02, gamma: 0.9)))),
            ("cosine", .cosine(advanced(CosineAnnealingSchedule(initialRate: 0.02, period: 10, minimumRate: 1e-4,
                                                                 warmUpLength: 2, warmUpStartFactor: 0.1)))),
        ]
    }()

    @Test(arguments: schedules.map(\.name))
    func aValidScheduleRoundTrips(schedule: String) throws {
        let value = try #require(Self.schedules.first { $0.name == schedule }?.schedule)
        let configuration = Self.configuration(schedule: value)
        #expect(try Self.decode(Self.encode(configuration)) == configuration)
    }

    /// The decoder model files are read with (non-finite numbers stored as strings).
    static func decode(_ data: Data) throws -> TrainingConfiguration {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return try decoder.decode(TrainingConfiguration.self, from: data)
    }

    static func encode(_ configuration: TrainingConfiguration) throws -> Data {
        let encoder = JSONEncoder()
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return try encoder.encode(configuration)
    }

    @Test(arguments: optimizers.map(\.name))
    func aValidConfigurationRoundTrips(optimizer: String) throws {
        let rule = try #require(Self.optimizers.first { $0.name == optimizer }?.rule)
        let configuration = Self.configuration(optimizer: rule)
        #expect(try Self.decode(Self.encode(configuration)) == configuration)
    }

    /// The values refused, per group: out of range, NaN, ±infinity, and values that are fine as
    /// a `Double` but not as the `Float` training computes with. The messages are the flags'
    /// (`NumericFlagExtremesTests`), after the field's name.
    static let edits: [Edit] = {
        func e(_ group: String, _ path: String, _ value: JSONValue, _ message: String) -> Edit {
            Edit(group: group, path: path.split(separator: ".").map(String.init), value: value, message: message)
        }
        let nan = JSONValue.text("NaN"), infinity = JSONValue.text("Infinity"), minusInfinity = JSONValue.text("-Infinity")
        return [
            e("adam", "optimizer.adam.beta1", .number(5), "beta1 must be in [0, 1), got 5.0"),
            e("adam", "optimizer.adam.beta1", .number(-0.1), "beta1 must be in [0, 1), got -0.1"),
            e("adam", "optimizer.adam.beta1", .number(0.99999999), "beta1 must be in [0, 1), got 0.99999999 (it rounds to 1 as a 32-bit float)"),
            e("adam", "optimizer.adam.beta2", nan, "beta2 must be in [0, 1), got nan"),
            e("adam", "optimizer.adam.beta2", .number(1), "beta2 must be in [0, 1), got 1.0"),
            e("adam", "optimizer.adam.epsilon", .number(-1e-8), "epsilon must be a finite number ≥ 0, got -1e-08"),
            e("adam", "optimizer.adam.epsilon", infinity, "epsilon must be a finite number ≥ 0, got inf"),
            e("adam", "optimizer.adam.epsilon", .number(1e-50), "epsilon 1e-50 is below the smallest normal 32-bit float (1.1754944e-38) that training computes with; give 0 or a larger value"),
            e("adam", "optimizer.adam.weightDecay", .number(-0.01), "weightDecay must be a finite number ≥ 0, got -0.01"),
            e("adam", "optimizer.adam.weightDecay", .number(1e300), "weightDecay 1e+300 is beyond the largest 32-bit float (3.4028235e+38) that training computes with"),
            e("sgd", "optimizer.sgd.momentum", .number(1), "momentum must be in [0, 1), got 1.0"),
            e("sgd", "optimizer.sgd.momentum", .number(-0.5), "momentum must be in [0, 1), got -0.5"),
            e("sgd", "optimizer.sgd.momentum", nan, "momentum must be in [0, 1), got nan"),
            e("sgd", "optimizer.sgd.dampening", .number(1.5), "dampening must be in [0, 1], got 1.5"),
            e("sgd", "optimizer.sgd.dampening", .number(0.5), "nesterov needs momentum > 0 and zero dampening, got momentum 0.9, dampening 0.5"),
            e("sgd", "optimizer.sgd.weightDecay", minusInfinity, "weightDecay must be a finite number ≥ 0, got -inf"),
            e("adamw", "optimizer.adamw.beta1", .number(1), "beta1 must be in [0, 1), got 1.0"),
            e("adamw", "optimizer.adamw.beta2", nan, "beta2 must be in [0, 1), got nan"),
            e("adamw", "optimizer.adamw.epsilon", .number(-1), "epsilon must be a finite number ≥ 0, got -1.0"),
            e("adamw", "optimizer.adamw.weightDecay", nan, "weightDecay must be a finite number ≥ 0, got nan"),
            e("rmsprop", "optimizer.rmsprop.alpha", .number(1), "alpha must be in [0, 1), got 1.0"),
            e("rmsprop", "optimizer.rmsprop.epsilon", nan, "epsilon must be a finite number ≥ 0, got nan"),
            e("rmsprop", "optimizer.rmsprop.momentum", .number(2), "momentum must be in [0, 1), got 2.0"),
            e("rmsprop", "optimizer.rmsprop.weightDecay", .number(-1), "weightDecay must be a finite number ≥ 0, got -1.0"),
            e("adagrad", "optimizer.adagrad.learningRateDecay", .number(-0.1), "learningRateDecay must be a finite number ≥ 0, got -0.1"),
            e("adagrad", "optimizer.adagrad.initialAccumulatorValue", infinity, "initialAccumulatorValue must be a finite number ≥ 0, got inf"),
            e("adagrad", "optimizer.adagrad.epsilon", .number(-1e-10), "epsilon must be a finite number ≥ 0, got -1e-10"),
            e("adagrad", "optimizer.adagrad.weightDecay", nan, "weightDecay must be a finite number ≥ 0, got nan"),
            e("training", "learningRate", .number(-1), "learningRate must be a positive number, got -1.0"),
            e("training", "learningRate", .number(0), "learningRate must be a positive number, got 0.0"),
            e("training", "learningRate", infinity, "learningRate must be a positive number, got inf"),
            e("training", "learningRate", .number(1e39), "learningRate 1e+39 is beyond the largest 32-bit float (3.4028235e+38) that training computes with"),
            e("training", "epochs", .integer(0), "epochs must be at least 1, got 0"),
            e("training", "batchSize", .integer(-3), "batchSize must be at least 1, got -3"),
            e("training", "validationFraction", .number(1), "validationFraction must be in [0, 1), got 1.0"),
            e("training", "maximumGradientNorm", .number(0), "maximumGradientNorm must be a positive number, got 0.0"),
            e("regularisation", "regularization.l1", .number(-1e-3), "l1 must be a finite number ≥ 0, got -0.001"),
            e("regularisation", "regularization.l2", nan, "l2 must be a finite number ≥ 0, got nan"),
            e("clipping", "clipping.globalNorm.maxNorm", .number(-5), "maxNorm must be a positive number, got -5.0"),
            e("clipping", "clipping.globalNorm.maxNorm", nan, "maxNorm must be a positive number, got nan"),
            e("early stopping", "earlyStopping.patience", .integer(0), "patience must be at least 1, got 0"),
            e("early stopping", "earlyStopping.minimumDelta", .number(-1), "minimumDelta must be a finite number ≥ 0, got -1.0"),
            e("early stopping", "earlyStopping.minimumDelta", infinity, "minimumDelta must be a finite number ≥ 0, got inf"),
            e("early stopping", "earlyStopping.epochsWithoutImprovement", .integer(-1), "epochsWithoutImprovement must be at least 0, got -1"),
            e("convergence", "convergence.tolerance", nan, "tolerance must be a finite number ≥ 0, got nan"),
            e("convergence", "convergence.patience", .integer(0), "patience must be at least 1, got 0"),
            e("loss", "loss.kind", .text("huber"), "Huber delta must be a positive number, got -1.0"),
            e("schedule", "customSchedule.constant.rate", .number(-0.02), "rate must be a finite number ≥ 0, got -0.02"),
            e("schedule", "customSchedule.constant.rate", nan, "rate must be a finite number ≥ 0, got nan"),
            e("schedule", "customSchedule.constant.position.steps", .integer(-1), "steps must be at least 0, got -1"),
            e("schedule", "customSchedule.constant.position.epochs", .integer(-3), "epochs must be at least 0, got -3"),
            e("schedule", "customSchedule.inverseScaling.power", .number(-0.5), "power must be a finite number ≥ 0, got -0.5"),
            e("schedule", "customSchedule.inverseScaling.initialRate", infinity, "initialRate must be a finite number ≥ 0, got inf"),
            e("schedule", "customSchedule.plateau.factor", .number(1), "factor must be between 0 and 1 (exclusive), got 1.0"),
            e("schedule", "customSchedule.plateau.factor", .number(0), "factor must be between 0 and 1 (exclusive), got 0.0"),
            e("schedule", "customSchedule.plateau.patience", .integer(-1), "patience must be at least 0, got -1"),
            e("schedule", "customSchedule.plateau.threshold", nan, "threshold must be a finite number ≥ 0, got nan"),
            e("schedule", "customSchedule.plateau.cooldown", .integer(-2), "cooldown must be at least 0, got -2"),
            e("schedule", "customSchedule.plateau.epsilon", .number(-1), "epsilon must be a finite number ≥ 0, got -1.0"),
            e("schedule", "customSchedule.plateau.rate", nan, "rate must be a finite number ≥ 0, got nan"),
            e("schedule", "customSchedule.plateau.minimumRate", .number(-1), "minimumRate must be a finite number ≥ 0, got -1.0"),
            e("schedule", "customSchedule.plateau.best", infinity, "best must be a finite number, got inf"),
            e("schedule", "customSchedule.plateau.badEpochs", .integer(-1), "badEpochs must be at least 0, got -1"),
            e("schedule", "customSchedule.plateau.cooldownRemaining", .integer(-1), "cooldownRemaining must be at least 0, got -1"),
            e("schedule", "customSchedule.scikitLearnAdaptive.divisor", .number(1), "divisor must be a finite number > 1, got 1.0"),
            e("schedule", "customSchedule.scikitLearnAdaptive.divisor", nan, "divisor must be a finite number > 1, got nan"),
            e("schedule", "customSchedule.scikitLearnAdaptive.tolerance", nan, "tolerance must be a finite number, got nan"),
            e("schedule", "customSchedule.scikitLearnAdaptive.patience", .integer(-1), "patience must be at least 0, got -1"),
            e("schedule", "customSchedule.scikitLearnAdaptive.rate", .number(-1), "rate must be a finite number ≥ 0, got -1.0"),
            e("schedule", "customSchedule.scikitLearnAdaptive.counter.count", .integer(-1), "count must be at least 0, got -1"),
            e("schedule", "customSchedule.scikitLearnAdaptive.counter.best", nan, "best must be a finite number, got nan"),
            e("schedule", "customSchedule.step.stepSize", .integer(0), "stepSize must be at least 1, got 0"),
            e("schedule", "customSchedule.step.gamma", .number(0), "gamma must be a positive number, got 0.0"),
            e("schedule", "customSchedule.exponential.gamma", infinity, "gamma must be a positive number, got inf"),
            e("schedule", "customSchedule.exponential.gamma", .number(-0.9), "gamma must be a positive number, got -0.9"),
            e("schedule", "customSchedule.cosine.period", .integer(0), "period must be at least 1, got 0"),
            e("schedule", "customSchedule.cosine.warmUpLength", .integer(-1), "warmUpLength must be at least 0, got -1"),
            e("schedule", "customSchedule.cosine.warmUpStartFactor", .number(0), "warmUpStartFactor must be in (0, 1], got 0.0"),
            e("schedule", "customSchedule.cosine.warmUpStartFactor", .number(1.5), "warmUpStartFactor must be in (0, 1], got 1.5"),
            e("schedule", "customSchedule.cosine.minimumRate", nan, "minimumRate must be a finite number ≥ 0, got nan"),
        ]
    }()

    @Test(arguments: edits)
    func anOutOfRangeValueIsRefusedAtItsField(edit: Edit) throws {
        let optimizer = edit.path.first == "optimizer" ? edit.path[1] : "adam"
        let rule = try #require(Self.optimizers.first { $0.name == optimizer }?.rule)
        let schedule = edit.path.first == "customSchedule" ? Self.schedules.first { $0.name == edit.path[1] }?.schedule : nil
        var json = try #require(try JSONSerialization.jsonObject(
            with: Self.encode(Self.configuration(optimizer: rule, schedule: schedule))) as? [String: Any])
        var codingPath = edit.path
        if edit.path == ["loss", "kind"] {
            // The Huber delta sits inside the loss's kind; the error names the kind.
            json["loss"] = ["kind": ["huber": ["delta": -1.0]]]
        } else {
            Self.set(edit.value.object, at: edit.path[...], in: &json)
        }
        if edit.path.last == "dampening" && edit.message.hasPrefix("nesterov") { codingPath = ["optimizer", "sgd", "nesterov"] }
        let data = try JSONSerialization.data(withJSONObject: json)
        let error = try #require(throws: DecodingError.self) { try Self.decode(data) }
        guard case let .dataCorrupted(context) = error else {
            Issue.record("expected dataCorrupted, got \(error)")
            return
        }
        #expect(context.codingPath.map(\.stringValue) == codingPath)
        #expect(context.debugDescription == edit.message)
    }

    /// An ELU's α and a leaky ReLU's slope are finite 32-bit numbers; a value beyond Float's
    /// range is named, not reported as invalid JSON.
    @Test(arguments: [
        (#"{"name":"elu","alpha":1.5}"#, nil),
        (#"{"name":"leakyReLU","slope":0.2}"#, nil),
        (#"{"name":"elu","alpha":"NaN"}"#, "alpha must be a finite number, got nan"),
        (#"{"name":"elu","alpha":1e39}"#, "alpha 1e+39 is beyond the largest 32-bit float (3.4028235e+38) that training computes with"),
        (#"{"name":"leakyReLU","slope":"-Infinity"}"#, "slope must be a finite number, got -inf"),
    ] as [(String, String?)])
    func activationParametersAreFinite(json: String, message: String?) throws {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        guard let message else {
            let activation = try decoder.decode(Activation.self, from: Data(json.utf8))
            #expect(try decoder.decode(Activation.self, from: JSONEncoder().encode(activation)) == activation)
            #expect(activation == .elu(alpha: 1.5) || activation == .leakyReLU(slope: 0.2))
            return
        }
        let error = try #require(throws: DecodingError.self) { try decoder.decode(Activation.self, from: Data(json.utf8)) }
        guard case let .dataCorrupted(context) = error else { Issue.record("\(error)"); return }
        #expect(context.debugDescription == message)
    }

    /// A stored classification report (a model's `neural.metrics`, a study log's fold) holds
    /// scores in [0, 1] and a log-loss ≥ 0.
    @Test(arguments: [
        ("accuracy", "5", "accuracy must be in [0, 1], got 5.0"),
        ("f1", "-0.5", "f1 must be in [0, 1], got -0.5"),
        ("precision", "\"NaN\"", "precision must be in [0, 1], got nan"),
        ("log_loss", "-3", "log_loss must be a finite number ≥ 0, got -3.0"),
        ("samples", "-1", "samples must be at least 0, got -1"),
    ])
    func aClassificationReportHoldsScoresInRange(field: String, value: String, message: String) throws {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        let valid = #"{"accuracy":0.75,"precision":0.5,"recall":0.5,"f1":0.5,"log_loss":0.6,"classes":["a","b"],"samples":4,"confusion_matrix":[[2,0],[1,1]]}"#
        let report = try decoder.decode(ClassificationReport.self, from: Data(valid.utf8))
        #expect(try decoder.decode(ClassificationReport.self, from: JSONEncoder().encode(report)) == report)
        var json = try #require(try JSONSerialization.jsonObject(with: Data(valid.utf8)) as? [String: Any])
        json[field] = try JSONSerialization.jsonObject(with: Data(value.utf8), options: .fragmentsAllowed)
        let edited = try JSONSerialization.data(withJSONObject: json)
        let error = try #require(throws: DecodingError.self) { try decoder.decode(ClassificationReport.self, from: edited) }
        guard case let .dataCorrupted(context) = error else { Issue.record("\(error)"); return }
        #expect(context.debugDescription == message)
        #expect(context.codingPath.last?.stringValue == field)
    }

    /// The message a model file's reader makes of it names the file, the metadata key and the
    /// field's path.
    @Test func aModelFileNamesTheFileTheKeyAndTheField() throws {
        var json = try #require(try JSONSerialization.jsonObject(with: Self.encode(Self.configuration())) as? [String: Any])
        Self.set(5.0, at: ["optimizer", "adam", "beta1"], in: &json)
        var file = ModelFile(parameters: ParameterVector(layout: ParameterLayout(), values: []))
        file.source = "m.safetensors"
        file.metadata["neural.training"] = String(decoding: try JSONSerialization.data(withJSONObject: ["configuration": json]), as: UTF8.self)
        #expect(throws: ModelFileError.invalidMetadataValue(
            source: "m.safetensors", key: "neural.training",
            reason: "beta1 must be in [0, 1), got 5.0 at configuration.optimizer.adam.beta1")) {
            try file.decodeMetadata(StoredConfiguration.self, forKey: "neural.training")
        }
    }

    struct StoredConfiguration: Decodable { var configuration: TrainingConfiguration }

    static func set(_ value: Any, at path: ArraySlice<String>, in object: inout [String: Any]) {
        guard let key = path.first else { return }
        if path.count == 1 {
            object[key] = value
            return
        }
        var inner = object[key] as? [String: Any] ?? [:]
        set(value, at: path.dropFirst(), in: &inner)
        object[key] = inner
    }
}
