import ArgumentParser
import Neural

/// The train flags a search space may vary, each read by the same parser as the flag itself,
/// so `activation=relu|tanh` in `--space` means what `--activation relu` means to `neural train`.
enum TunableFlag: String, CaseIterable {
    case hidden, activation, dropout
    case outputActivation = "output-activation", loss
    case optimizer, learningRate = "learning-rate", schedule, momentum, nesterov
    case l1, l2, epochs, batchSize = "batch-size", patience
    case earlyStopping = "early-stopping", classWeight = "class-weight"
    case clipNorm = "clip-norm", maxGradientNorm = "max-gradient-norm"

    /// The names, for messages.
    static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }

    /// Writes `value` into `settings`; throws a one-sentence reason when the value is not one the flag takes.
    func apply(_ value: String, to settings: inout TrainSettings) throws(TunableValueError) {
        switch self {
        case .hidden:
            guard let layers = try? NetworkOptions.hiddenLayers(value) else {
                throw TunableValueError("--hidden takes layer widths such as [64,32], or none")
            }
            settings.hidden = layers
        case .activation: settings.activation = try Self.choice(value)
        case .outputActivation: settings.outputActivation = try Self.choice(value) as OutputActivationChoice
        case .loss: settings.loss = try Self.choice(value) as LossChoice
        case .optimizer: settings.optimizer = try Self.choice(value)
        case .schedule: settings.schedule = try Self.choice(value)
        case .classWeight: settings.classWeight = try Self.choice(value)
        case .dropout: settings.dropout = try Self.number(value, flag: "--dropout", in: .fraction)
        case .learningRate: settings.learningRate = try Self.number(value, flag: "--learning-rate", in: .positive)
        case .momentum: settings.momentum = try Self.number(value, flag: "--momentum", in: .fraction)
        case .l1: settings.l1 = try Self.number(value, flag: "--l1", in: .nonNegative)
        case .l2: settings.l2 = try Self.number(value, flag: "--l2", in: .nonNegative)
        case .clipNorm: settings.clipNorm = try Self.number(value, flag: "--clip-norm", in: .positive)
        case .maxGradientNorm: settings.maxGradientNorm = try Self.number(value, flag: "--max-gradient-norm", in: .positive)
        case .epochs: settings.epochs = try Self.integer(value)
        case .batchSize: settings.batchSize = try Self.integer(value)
        case .patience: settings.patience = try Self.integer(value)
        case .nesterov: settings.nesterov = try Self.boolean(value)
        case .earlyStopping: settings.earlyStopping = try Self.boolean(value)
        }
    }

    private static func choice<T: ExpressibleByArgument & CaseIterable & RawRepresentable>(_ value: String) throws(TunableValueError) -> T where T.RawValue == String {
        guard let parsed = T(argument: value) else {
            throw TunableValueError("use one of \(T.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return parsed
    }

    /// `value` as a number that is usable as the 32-bit float training computes with, in `range`
    /// (`NumericFlag`, as the flag itself is checked).
    private static func number(_ value: String, flag: String, in range: NumericFlag.Range) throws(TunableValueError) -> Double {
        guard let parsed = Double(argument: value), parsed.isFinite else { throw TunableValueError("not a finite number") }
        if let problem = NumericFlag.problem(parsed, flag: flag, in: range) { throw TunableValueError(clauseOf(problem)) }
        return parsed
    }

    /// A message as a clause of another: without its closing full stop.
    private static func clauseOf(_ message: String) -> String {
        message.hasSuffix(".") ? String(message.dropLast()) : message
    }

    private static func integer(_ value: String) throws(TunableValueError) -> Int {
        guard let parsed = Int(argument: value) else { throw TunableValueError("not an integer") }
        return parsed
    }

    private static func boolean(_ value: String) throws(TunableValueError) -> Bool {
        switch value.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw TunableValueError("use true or false (the flag given or not)")
        }
    }
}

struct TunableValueError: Error {
    let reason: String
    init(_ reason: String) { self.reason = reason }
}

extension TrainSettings {
    /// The settings with a configuration's values written in. Throws `CommandError.badInput`
    /// naming the parameter (and where it is in `spaceText`) when a value is not one its flag takes.
    func applying(_ configuration: Configuration, spaceText: String) throws -> TrainSettings {
        var settings = self
        for (name, value) in zip(configuration.names, configuration.values) {
            guard let flag = TunableFlag(rawValue: name) else {
                throw CommandError.badInput(SelectionError.invalidSpace(
                    message: "\"\(name)\" is not a train flag a search can vary; use \(TunableFlag.names)",
                    token: name, position: Self.position(of: name, in: spaceText)).description)
            }
            do {
                try flag.apply(value, to: &settings)
            } catch {
                throw CommandError.badInput(SelectionError.invalidSpace(
                    message: "\"\(value)\" is not a value of --\(name): \(error.reason)",
                    token: value, position: Self.position(of: value, after: name, in: spaceText)).description)
            }
        }
        return settings
    }

    /// 1-based position of the parameter `name` in the space text (1 when not found).
    static func position(of name: String, in text: String) -> Int {
        guard let range = text.range(of: name) else { return 1 }
        return text.distance(from: text.startIndex, to: range.lowerBound) + 1
    }

    /// 1-based position of `value` after `name=` in the space text (that of the name when not found).
    static func position(of value: String, after name: String, in text: String) -> Int {
        guard let nameRange = text.range(of: name) else { return 1 }
        let rest = text[nameRange.upperBound...]
        let bare = value.split(separator: ",").first.map(String.init) ?? value
        guard let range = rest.range(of: bare) else { return position(of: name, in: text) }
        var start = range.lowerBound
        if value.contains(","), start > text.startIndex, text[text.index(before: start)] == "[" { start = text.index(before: start) }
        return text.distance(from: text.startIndex, to: start) + 1
    }

    /// The `neural train` flags that give these settings (those that differ from the defaults),
    /// with `--target` first.
    var trainArguments: [String] {
        let defaults = TrainSettings(target: target)
        var arguments = ["--target", target]
        func add(_ flag: String, _ value: String?) { if let value { arguments += [flag, value] } }
        func number(_ value: Double) -> String {
            value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : "\(value)"
        }
        if let features { add("--features", features.joined(separator: ",")) }
        if !categorical.isEmpty { add("--categorical", categorical.joined(separator: ",")) }
        add("--task", task?.rawValue)
        if missingValues != defaults.missingValues { add("--missing", missingValues.rawValue) }
        if unseenCategories != defaults.unseenCategories { add("--unseen-categories", unseenCategories.rawValue) }
        if validationSplit != defaults.validationSplit { add("--validation-split", validationSplit.map(number)) }
        if testSplit != defaults.testSplit { add("--test-split", number(testSplit)) }
        if hidden != defaults.hidden { add("--hidden", hidden.isEmpty ? "none" : hidden.map(String.init).joined(separator: ",")) }
        if activation != defaults.activation { add("--activation", activation.rawValue) }
        add("--output-activation", outputActivation?.rawValue)
        add("--loss", loss?.rawValue)
        if dropout != defaults.dropout { add("--dropout", number(dropout)) }
        if optimizer != defaults.optimizer { add("--optimizer", optimizer.rawValue) }
        add("--learning-rate", learningRate.map(number))
        if schedule != defaults.schedule { add("--schedule", schedule.rawValue) }
        add("--momentum", momentum.map(number))
        if nesterov { arguments.append("--nesterov") }
        if l1 != defaults.l1 { add("--l1", number(l1)) }
        if l2 != defaults.l2 { add("--l2", number(l2)) }
        if epochs != defaults.epochs { add("--epochs", String(epochs)) }
        add("--batch-size", batchSize.map(String.init))
        if parity != defaults.parity { add("--parity", parity.rawValue) }
        if earlyStopping { arguments.append("--early-stopping") }
        if earlyStopping && patience != defaults.patience { add("--patience", String(patience)) }
        if classWeight != defaults.classWeight { add("--class-weight", classWeight.rawValue) }
        add("--clip-norm", clipNorm.map(number))
        add("--max-gradient-norm", maxGradientNorm.map(number))
        if seed != defaults.seed { add("--seed", String(seed)) }
        return arguments
    }
}
