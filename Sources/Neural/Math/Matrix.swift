import Foundation

/// A dense row-major matrix of `Float` with value semantics.
///
/// Element `(row, column)` lives at `storage[row * columns + column]`. Copies share storage
/// until one of them is mutated (copy-on-write, inherited from `Array`). Hot loops work on
/// `withUnsafeBufferPointer` / `withUnsafeMutableBufferPointer`.
public struct Matrix: Equatable, Hashable, Sendable, Codable {
    /// Number of rows.
    public private(set) var rows: Int
    /// Number of columns.
    public private(set) var columns: Int
    /// The elements in row-major order; `storage.count == rows * columns`.
    public private(set) var storage: [Float]

    /// A `rows × columns` matrix filled with `value`.
    public init(rows: Int, columns: Int, repeating value: Float = 0) {
        precondition(rows >= 0 && columns >= 0, "Matrix size must be non-negative, got \(rows)×\(columns)")
        self.rows = rows
        self.columns = columns
        self.storage = [Float](repeating: value, count: rows * columns)
    }

    /// A `rows × columns` matrix over `storage` in row-major order.
    public init(rows: Int, columns: Int, storage: [Float]) {
        precondition(rows >= 0 && columns >= 0, "Matrix size must be non-negative, got \(rows)×\(columns)")
        precondition(storage.count == rows * columns,
                     "Matrix \(rows)×\(columns) needs \(rows * columns) elements, got \(storage.count)")
        self.rows = rows
        self.columns = columns
        self.storage = storage
    }

    /// A matrix from nested rows; every row must have the same length.
    public init(_ nestedRows: [[Float]]) {
        let columnCount = nestedRows.first?.count ?? 0
        for (index, row) in nestedRows.enumerated() {
            precondition(row.count == columnCount,
                         "Row \(index) has \(row.count) elements, expected \(columnCount)")
        }
        self.init(rows: nestedRows.count, columns: columnCount, storage: nestedRows.flatMap { $0 })
    }

    /// A matrix from nested rows of `Double` (or any binary floating-point type), each element
    /// rounded to the nearest `Float`; every row must have the same length. Literals still pick
    /// `init(_: [[Float]])`; this one takes arrays already typed `[[Double]]`.
    public init<Element: BinaryFloatingPoint>(_ nestedRows: [[Element]]) {
        self.init(nestedRows.map { row in row.map { Float($0) } })
    }

    /// A `rows × columns` matrix whose element `(i, j)` is `element(i, j)`.
    public init(rows: Int, columns: Int, element: (Int, Int) -> Float) {
        var storage = [Float]()
        storage.reserveCapacity(rows * columns)
        for i in 0..<rows {
            for j in 0..<columns { storage.append(element(i, j)) }
        }
        self.init(rows: rows, columns: columns, storage: storage)
    }

    /// The number of elements, `rows * columns`.
    public var count: Int { rows * columns }

    /// `(rows, columns)`.
    public var shape: (rows: Int, columns: Int) { (rows, columns) }

    /// Element at `(row, column)`.

    public subscript(row: Int, column: Int) -> Float {
        get {
            precondition(row >= 0 && row < rows && column >= 0 && column < columns,
                         "Index (\(row), \(column)) out of range for \(rows)×\(columns) matrix")
            return storage[row * columns + column]
        }
        set {
            precondition(row >= 0 && row < rows && column >= 0 && column < columns,
                         "Index (\(row), \(column)) out of range for \(rows)×\(columns) matrix")
            storage[row * columns + column] = newValue
        }
    }

    /// A copy of row `index` as an array.
    public func row(_ index: Int) -> [Float] {
        precondition(index >= 0 && index < rows, "Row \(index) out of range for \(rows) rows")
        return Array(storage[(index * columns)..<((index + 1) * columns)])
    }

    /// A copy of column `index` as an array.
    public func column(_ index: Int) -> [Float] {
        precondition(index >= 0 && index < columns, "Column \(index) out of range for \(columns) columns")
        return (0..<rows).map { storage[$0 * columns + index] }
    }

    /// The rows as nested arrays.
    public var nestedRows: [[Float]] { (0..<rows).map { row($0) } }

    /// The transpose, `columns × rows`.
    public var transposed: Matrix {
        var result = Matrix(rows: columns, columns: rows)
        storage.withUnsafeBufferPointer { source in
            result.storage.withUnsafeMutableBufferPointer { target in
                for i in 0..<rows {
                    for j in 0..<columns { target[j * rows + i] = source[i * columns + j] }
                }
            }
        }
        return result
    }

    /// Reinterprets the same elements as `rows × columns` (row-major order is kept).
    public func reshaped(rows newRows: Int, columns newColumns: Int) -> Matrix {
        precondition(newRows * newColumns == count,
                     "Cannot reshape \(rows)×\(columns) to \(newRows)×\(newColumns)")
        return Matrix(rows: newRows, columns: newColumns, storage: storage)
    }

    /// Changes the shape, reusing the storage when the element count allows; new elements are 0.
    /// Used by workspaces so that a buffer can be sized once and reused.
    public mutating func resize(rows newRows: Int, columns newColumns: Int) {
        precondition(newRows >= 0 && newColumns >= 0, "Matrix size must be non-negative, got \(newRows)×\(newColumns)")
        let newCount = newRows * newColumns
        if newCount != storage.count {
            if newCount < storage.count {
                storage.removeLast(storage.count - newCount)
            } else {
                storage.append(contentsOf: repeatElement(0, count: newCount - storage.count))
            }
        }
        rows = newRows
        columns = newColumns
    }

    /// Calls `body` with the elements in row-major order.

    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        try storage.withUnsafeBufferPointer(body)
    }

    /// Calls `body` with mutable access to the elements in row-major order.

    public mutating func withUnsafeMutableBufferPointer<R>(
        _ body: (inout UnsafeMutableBufferPointer<Float>) throws -> R
    ) rethrows -> R {
        try storage.withUnsafeMutableBufferPointer(body)
    }

    /// Sets every element to `value`.
    public mutating func fill(_ value: Float) {
        storage.withUnsafeMutableBufferPointer { buffer in
            buffer.update(repeating: value)
        }
    }

    /// The largest absolute difference between corresponding elements.
    public func maxAbsoluteDifference(_ other: Matrix) -> Float {
        precondition(rows == other.rows && columns == other.columns,
                     "Shapes differ: \(rows)×\(columns) vs \(other.rows)×\(other.columns)")
        var worst: Float = 0
        for index in 0..<count { worst = max(worst, abs(storage[index] - other.storage[index])) }
        return worst
    }
}

extension Matrix: CustomStringConvertible {
    public var description: String {
        let shown = (0..<min(rows, 8)).map { index in
            let values = row(index).prefix(8).map { String(format: "%.4g", Double($0)) }
            return "[" + values.joined(separator: ", ") + (columns > 8 ? ", …" : "") + "]"
        }
        return "Matrix \(rows)×\(columns) [" + shown.joined(separator: ", ") + (rows > 8 ? ", …" : "") + "]"
    }
}
