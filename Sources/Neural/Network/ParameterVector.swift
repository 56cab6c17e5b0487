/// What a parameter tensor is for; regularisation applies to weights, not to biases.
public enum ParameterKind: String, Codable, Sendable {
    case weight
    case bias
}

/// One named tensor inside a flat parameter vector, e.g. `layers.0.weight` of shape `[4, 8]`.
public struct ParameterSegment: Codable, Equatable, Hashable, Sendable {
    /// Stable dotted name, used in the model file: `layers.<index>.weight` or `layers.<index>.bias`.
    public var name: String
    /// Tensor shape: `[inputSize, outputSize]` for a dense weight, `[outputSize]` for a bias.
    public var shape: [Int]
    /// First element of the tensor in the flat vector.
    public var offset: Int
    /// Whether this is a weight (regularised) or a bias (not regularised).
    public var kind: ParameterKind

    /// Number of elements, the product of `shape`.
    public var count: Int {
        // A plain loop: hot paths read this, and it must not allocate even in debug builds.
        var product = 1
        for index in 0..<shape.count { product *= shape[index] }
        return product
    }

    public init(name: String, shape: [Int], offset: Int, kind: ParameterKind) {
        precondition(shape.allSatisfy { $0 >= 0 }, "Parameter \(name) has a negative dimension: \(shape)")
        precondition(offset >= 0, "Parameter \(name) has a negative offset \(offset)")
        self.name = name
        self.shape = shape
        self.offset = offset
        self.kind = kind
    }
}

/// The layout of all of a network's parameters in one contiguous vector.
///
/// Keeping every parameter in one buffer lets an optimizer update all of them in a single
/// wide-vector pass, and makes parameters, gradients and optimizer state values of the same
/// shape (they share this layout).
public struct ParameterLayout: Codable, Equatable, Hashable, Sendable {
    /// The tensors in order; each starts where the previous one ends.
    public private(set) var segments: [ParameterSegment]
    /// Total number of scalars.
    public private(set) var count: Int
    /// The position in `segments` of each name (the first, should a decoded layout repeat one), so
    /// that appending and looking up are O(1): a network of k layers is laid out in O(k), not
    /// O(k²) (an imported file can have thousands of layers). Derived from `segments`; not encoded.
    private var indexByName: [String: Int]

    private enum CodingKeys: String, CodingKey {
        case segments, count
    }

    public init() {
        segments = []
        count = 0
        indexByName = [:]
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        segments = try container.decode([ParameterSegment].self, forKey: .segments)
        count = try container.decode(Int.self, forKey: .count)
        indexByName = [:]
        for (index, segment) in segments.enumerated() where indexByName[segment.name] == nil {
            indexByName[segment.name] = index
        }
    }

    /// Appends a tensor at the end and returns its segment.
    @discardableResult
    public mutating func append(name: String, shape: [Int], kind: ParameterKind) -> ParameterSegment {
        precondition(indexByName[name] == nil, "Duplicate parameter name \(name)")
        let segment = ParameterSegment(name: name, shape: shape, offset: count, kind: kind)
        indexByName[name] = segments.count
        segments.append(segment)
        count += segment.count
        return segment
    }

    /// The segment named `name`, if any.
    public func segment(named name: String) -> ParameterSegment? {
        indexByName[name].map { segments[$0] }
    }

    // Equality and hashing are those of the segments; the name index follows from them.
    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.count == rhs.count && lhs.segments == rhs.segments
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(segments)
        hasher.combine(count)
    }
}

/// A flat vector of parameters (or of gradients, or of optimizer state) with its layout.
public struct ParameterVector: Codable, Equatable, Sendable {
    /// Where each tensor lives in `values`.
    public let layout: ParameterLayout
    /// All scalars, `values.count == layout.count`.
    public var values: [Float]

    /// A vector of the given layout filled with `value`.
    public init(layout: ParameterLayout, repeating value: Float = 0) {
        self.layout = layout
        self.values = [Float](repeating: value, count: layout.count)
    }

    /// A vector over existing values.
    public init(layout: ParameterLayout, values: [Float]) {
        precondition(values.count == layout.count,
                     "Parameter vector needs \(layout.count) values, got \(values.count)")
        self.layout = layout
        self.values = values
    }

    /// The tensor named by `segment` as a matrix (`[rows, columns]`; a 1-D tensor is one row).
    public func matrix(for segment: ParameterSegment) -> Matrix {
        let rows = segment.shape.count == 2 ? segment.shape[0] : 1
        let columns = segment.shape.last ?? 1
        return Matrix(rows: rows, columns: columns,
                      storage: Array(values[segment.offset..<(segment.offset + segment.count)]))
    }

    /// Overwrites the tensor named by `segment` with `matrix`'s elements.
    public mutating func setMatrix(_ matrix: Matrix, for segment: ParameterSegment) {
        precondition(matrix.count == segment.count,
                     "\(segment.name) has \(segment.count) elements, got a \(matrix.rows)×\(matrix.columns) matrix")
        values.replaceSubrange(segment.offset..<(segment.offset + segment.count), with: matrix.storage)
    }
}
