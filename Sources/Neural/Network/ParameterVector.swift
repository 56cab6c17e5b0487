/// What a parameter tensor is for; regularisation applies to weights, not to biases.
public enum ParameterKind: String, Codable, Sendable {
    case weight
    case bias
}

/// How the elements of a 2-D tensor `[rows, columns]` lie in a flat parameter vector.
public enum ParameterStorageOrder: String, Codable, Sendable {
    /// Element `[i, j]` at `offset + i·columns + j` (1-D tensors are always this).
    case rowMajor
    /// Element `[i, j]` at `offset + j·rows + i`: a dense weight `[out, in]` stored as the
    /// `[in, out]` rows that the forward pass's GEMM reads in place (see `Network`).
    case columnMajor
}

/// One named tensor inside a flat parameter vector, e.g. `layers.0.weight` of shape `[8, 4]`.
public struct ParameterSegment: Codable, Equatable, Hashable, Sendable {
    /// Stable dotted name, used in the model file: `layers.<index>.weight` or `layers.<index>.bias`.
    public var name: String
    /// Tensor shape: `[outputSize, inputSize]` for a dense weight (PyTorch's `nn.Linear.weight`),
    /// `[outputSize]` for a bias. This is the shape in the model file and at the API
    /// (`ParameterVector`'s subscript and `matrix(for:)`), whatever `storageOrder` is.
    public var shape: [Int]
    /// First element of the tensor in the flat vector.
    public var offset: Int
    /// Whether this is a weight (regularised) or a bias (not regularised).
    public var kind: ParameterKind
    /// How the tensor's elements lie in the flat vector (`.columnMajor` for dense weights).
    public var storageOrder: ParameterStorageOrder

    /// Number of elements, the product of `shape`.
    public var count: Int {
        // A plain loop: hot paths read this, and it must not allocate even in debug builds.
        var product = 1
        for index in 0..<shape.count { product *= shape[index] }
        return product
    }

    public init(name: String, shape: [Int], offset: Int, kind: ParameterKind,
                storageOrder: ParameterStorageOrder = .rowMajor) {
        precondition(shape.allSatisfy { $0 >= 0 }, "Parameter \(name) has a negative dimension: \(shape)")
        precondition(offset >= 0, "Parameter \(name) has a negative offset \(offset)")
        precondition(storageOrder == .rowMajor || shape.count == 2,
                     "Parameter \(name) of shape \(shape): only a 2-D tensor can be stored column-major")
        self.name = name
        self.shape = shape
        self.offset = offset
        self.kind = kind
        self.storageOrder = storageOrder
    }

    /// Whether the flat vector holds this tensor transposed (column-major with two dimensions).
    var isStoredTransposed: Bool { storageOrder == .columnMajor && shape.count == 2 }

    /// The row-major index in `shape` of the element stored at `offset + storageIndex`.
    public func rowMajorIndex(ofStorageIndex storageIndex: Int) -> Int {
        guard isStoredTransposed else { return storageIndex }
        let (column, row) = storageIndex.quotientAndRemainder(dividingBy: shape[0])
        return row * shape[1] + column
    }

    private enum CodingKeys: String, CodingKey {
        case name, shape, offset, kind, storageOrder
    }

    /// Decodes a segment; one encoded before `storageOrder` existed is row-major.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        shape = try container.decode([Int].self, forKey: .shape)
        offset = try container.decode(Int.self, forKey: .offset)
        kind = try container.decode(ParameterKind.self, forKey: .kind)
        storageOrder = try container.decodeIfPresent(ParameterStorageOrder.self, forKey: .storageOrder) ?? .rowMajor
        guard storageOrder == .rowMajor || shape.count == 2 else {
            throw DecodingError.dataCorruptedError(forKey: .storageOrder, in: container,
                                                   debugDescription: "\(name) of shape \(shape) cannot be column-major")
        }
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
    public mutating func append(name: String, shape: [Int], kind: ParameterKind,
                                storageOrder: ParameterStorageOrder = .rowMajor) -> ParameterSegment {
        precondition(indexByName[name] == nil, "Duplicate parameter name \(name)")
        let segment = ParameterSegment(name: name, shape: shape, offset: count, kind: kind, storageOrder: storageOrder)
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

    /// The tensor named by `segment` as a matrix of its `shape` (a 1-D tensor is one row),
    /// whatever its storage order.
    public func matrix(for segment: ParameterSegment) -> Matrix {
        let rows = segment.shape.count == 2 ? segment.shape[0] : 1
        let columns = segment.shape.last ?? 1
        return Matrix(rows: rows, columns: columns, storage: rowMajorValues(of: segment))
    }

    /// Overwrites the tensor named by `segment` with `matrix`, which must have the segment's
    /// shape (`[rows, columns]` for a 2-D tensor; any shape with as many elements for a 1-D one).
    public mutating func setMatrix(_ matrix: Matrix, for segment: ParameterSegment) {
        if segment.shape.count == 2 {
            precondition(matrix.rows == segment.shape[0] && matrix.columns == segment.shape[1],
                         "\(segment.name) is \(segment.shape), got a \(matrix.rows)×\(matrix.columns) matrix")
        } else {
            precondition(matrix.count == segment.count,
                         "\(segment.name) has \(segment.count) elements, got a \(matrix.rows)×\(matrix.columns) matrix")
        }
        setRowMajorValues(matrix.storage, of: segment)
    }

    /// The tensor's elements in row-major order of its `shape` (the order of a model file).
    public func rowMajorValues(of segment: ParameterSegment) -> [Float] {
        let stored = values[segment.offset..<(segment.offset + segment.count)]
        guard segment.isStoredTransposed else { return Array(stored) }
        return ParameterLayout.transpose(stored, rows: segment.shape[1], columns: segment.shape[0])
    }

    /// Overwrites the tensor with `rowMajor`, its elements in row-major order of its `shape`.
    public mutating func setRowMajorValues<C: Collection<Float>>(_ rowMajor: C, of segment: ParameterSegment) {
        precondition(rowMajor.count == segment.count,
                     "\(segment.name) has \(segment.count) elements, got \(rowMajor.count)")
        let range = segment.offset..<(segment.offset + segment.count)
        if segment.isStoredTransposed {
            values.replaceSubrange(range, with: ParameterLayout.transpose(rowMajor, rows: segment.shape[0],
                                                                          columns: segment.shape[1]))
        } else {
            values.replaceSubrange(range, with: rowMajor)
        }
    }
}

extension ParameterLayout {
    /// Whether any tensor is stored in another order than its shape's row-major one.
    public var hasTransposedStorage: Bool { segments.contains { $0.isStoredTransposed } }

    /// This layout with each transposed tensor described as the row-major tensor its storage
    /// is: a column-major `[out, in]` weight becomes a row-major `[in, out]` one at the same
    /// offset. Model-format version 1 stored dense weights this way.
    public var storageLayout: ParameterLayout {
        var layout = ParameterLayout()
        for segment in segments {
            layout.append(name: segment.name,
                          shape: segment.isStoredTransposed ? [segment.shape[1], segment.shape[0]] : segment.shape,
                          kind: segment.kind)
        }
        return layout
    }

    /// A flat vector of this layout (`values.count == count`, in storage order) with every tensor
    /// in row-major order of its shape: the concatenation of the tensors as a model file holds
    /// them. Checkpoints store per-parameter arrays (optimizer moments, best weights) this way.
    public func rowMajorOrder(fromStorage values: [Float]) -> [Float] {
        reordered(values, toRowMajor: true)
    }

    /// The inverse of `rowMajorOrder(fromStorage:)`.
    public func storageOrder(fromRowMajor values: [Float]) -> [Float] {
        reordered(values, toRowMajor: false)
    }

    /// Each transposed tensor of `values` transposed: storage `[in, out]` rows to row-major
    /// `[out, in]` (`toRowMajor`) or back.
    private func reordered(_ values: [Float], toRowMajor: Bool) -> [Float] {
        precondition(values.count == count, "The layout has \(count) values, got \(values.count)")
        guard hasTransposedStorage else { return values }
        var result = values
        for segment in segments where segment.isStoredTransposed {
            let range = segment.offset..<(segment.offset + segment.count)
            let (rows, columns) = toRowMajor ? (segment.shape[1], segment.shape[0]) : (segment.shape[0], segment.shape[1])
            result.replaceSubrange(range, with: Self.transpose(values[range], rows: rows, columns: columns))
        }
        return result
    }

    /// The transpose of a row-major `[rows, columns]` block: row-major `[columns, rows]`.
    static func transpose<C: Collection<Float>>(_ block: C, rows: Int, columns: Int) -> [Float] {
        Matrix(rows: rows, columns: columns, storage: Array(block)).transposed.storage
    }
}
