import Foundation

/// The hyper-parameters a search varies, each with its values or its distribution, in the
/// order written. Parameters are named by the train flag they set (`learning-rate`, `hidden`),
/// values are kept as the text the flag takes, so the library needs no knowledge of the flags;
/// `SearchSpace(parsing:)` reads the language documented there.
public struct SearchSpace: Sendable, Equatable, Codable {
    /// One parameter's values.
    public enum Domain: Sendable, Equatable, Codable {
        /// One of these values (each the text of a flag value: "relu", "64,32", "none").
        case choices([String])
        /// Uniform in [lower, upper) (drawn values are rounded to 4 significant digits).
        case uniform(lower: Double, upper: Double)
        /// Log-uniform: exp(uniform(log lower, log upper)), lower > 0 (rounded to 4 significant digits).
        case logUniform(lower: Double, upper: Double)
        /// A uniform integer in lower...upper.
        case integer(lower: Int, upper: Int)
        /// An integer whose logarithm is uniform: ⌊exp(uniform(log lower, log(upper + 1)))⌋, lower ≥ 1.
        case logInteger(lower: Int, upper: Int)

        /// Whether the domain is a finite list (a grid can be made of it).
        public var isList: Bool { if case .choices = self { true } else { false } }
    }

    /// A named parameter.
    public struct Parameter: Sendable, Equatable, Codable {
        public var name: String
        public var domain: Domain
        public init(name: String, domain: Domain) {
            self.name = name
            self.domain = domain
        }
    }

    public var parameters: [Parameter]

    public init(_ parameters: [Parameter]) {
        self.parameters = parameters
    }

    /// The parameter names in order.
    public var names: [String] { parameters.map(\.name) }

    /// The number of grid points, or nil when a parameter is a range (or the count overflows).
    public var gridSize: Int? {
        var size = 1
        for parameter in parameters {
            guard case .choices(let values) = parameter.domain else { return nil }
            let (product, overflow) = size.multipliedReportingOverflow(by: values.count)
            if overflow { return nil }
            size = product
        }
        return size
    }

    /// Every grid point, the last parameter varying fastest. Precondition: `gridSize` is not nil.
    public func grid() -> [Configuration] {
        guard let size = gridSize else { preconditionFailure("grid() of a space with ranges: \(names)") }
        return (0..<size).map(gridPoint)
    }

    /// The grid point at `index` (last parameter fastest).
    func gridPoint(_ index: Int) -> Configuration {
        var remainder = index
        var values = [String](repeating: "", count: parameters.count)
        for position in parameters.indices.reversed() {
            guard case .choices(let choices) = parameters[position].domain else { preconditionFailure("gridPoint of a range") }
            values[position] = choices[remainder % choices.count]
            remainder /= choices.count
        }
        return Configuration(names: names, values: values)
    }

    /// `count` configurations drawn with `generator`. When every parameter is a list, they are
    /// distinct grid points (drawn without replacement, as scikit-learn's `ParameterSampler`),
    /// and `count` must not exceed the grid size; otherwise each parameter is drawn on its own.
    public func sample(_ count: Int, generator: inout SeededGenerator) -> [Configuration] {
        if let size = gridSize {
            precondition(count <= size, "sample(\(count)) of a grid of \(size) points")
            // Partial Fisher–Yates over the grid indices, touching only the drawn positions.
            var swapped = [Int: Int]()
            var drawn = [Configuration]()
            for i in 0..<count {
                let j = i + generator.nextIndex(below: size - i)
                let picked = swapped[j] ?? j
                swapped[j] = swapped[i] ?? i
                drawn.append(gridPoint(picked))
            }
            return drawn
        }
        return (0..<count).map { _ in
            Configuration(names: names, values: parameters.map { Self.draw($0.domain, generator: &generator) })
        }
    }

    static func draw(_ domain: Domain, generator: inout SeededGenerator) -> String {
        switch domain {
        case .choices(let values):
            return values[generator.nextIndex(below: values.count)]
        case let .uniform(lower, upper):
            return format(rounded(lower + (upper - lower) * generator.nextUniform(), within: lower, upper))
        case let .logUniform(lower, upper):
            let value = Foundation.exp(Foundation.log(lower) + (Foundation.log(upper) - Foundation.log(lower)) * generator.nextUniform())
            return format(rounded(value, within: lower, upper))
        case let .integer(lower, upper):
            return String(lower + generator.nextIndex(below: upper - lower + 1))
        case let .logInteger(lower, upper):
            let low = Foundation.log(Double(lower)), high = Foundation.log(Double(upper) + 1)
            let value = Int(Foundation.exp(low + (high - low) * generator.nextUniform()).rounded(.down))
            return String(min(max(value, lower), upper))
        }
    }

    /// `value` to 4 significant digits (a hyper-parameter needs no more, and the value is then
    /// short to read and to type), kept within the bounds.
    static func rounded(_ value: Double, within lower: Double, _ upper: Double) -> Double {
        let short = Double(String(format: "%.4g", value)) ?? value
        return min(max(short, lower), upper)
    }

    /// The shortest text that reads back as the same Double.
    static func format(_ value: Double) -> String { "\(value)" }
}

/// One point of a search space: a value (flag text) for each parameter, in the space's order.
public struct Configuration: Sendable, Hashable, Codable, CustomStringConvertible {
    public var names: [String]
    public var values: [String]

    public init(names: [String], values: [String]) {
        precondition(names.count == values.count, "Configuration: \(names.count) names, \(values.count) values")
        self.names = names
        self.values = values
    }

    /// The value of `name`, or nil.
    public subscript(name: String) -> String? {
        names.firstIndex(of: name).map { values[$0] }
    }

    /// `name=value` pairs joined by "; ".
    public var description: String {
        zip(names, values).map { "\($0)=\($1)" }.joined(separator: "; ")
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let pairs = try container.decode([[String]].self)
        guard pairs.allSatisfy({ $0.count == 2 }) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "a configuration is a list of [name, value] pairs")
        }
        self.init(names: pairs.map { $0[0] }, values: pairs.map { $0[1] })
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(zip(names, values).map { [$0, $1] })
    }
}
