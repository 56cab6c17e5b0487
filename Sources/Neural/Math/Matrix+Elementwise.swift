import NeuralKernels

extension Matrix {
    /// `self + 1·bias`: `bias` (`columns` values) added to every row.
    public func addingToEachRow(_ bias: [Float]) -> Matrix {
        precondition(bias.count == columns, "addingToEachRow: \(bias.count) values for \(columns) columns")
        var result = self
        result.withUnsafeMutableBufferPointer { values in
            bias.withUnsafeBufferPointer { b in
                nk_add_bias(Int64(rows), Int64(columns), b.baseAddress, values.baseAddress)
            }
        }
        return result
    }

    /// The column sums `s_c = Σ_r self[r, c]` (`columns` values), accumulated in `Double`.
    public func columnSums() -> [Float] {
        var sums = [Float](repeating: 0, count: columns)
        withUnsafeBufferPointer { values in
            sums.withUnsafeMutableBufferPointer { s in
                nk_column_sums(Int64(rows), Int64(columns), values.baseAddress, s.baseAddress)
            }
        }
        return sums
    }

    /// `self ← self + alpha·other` elementwise; the shapes must match.
    public mutating func add(_ other: Matrix, scaledBy alpha: Float = 1) {
        precondition(rows == other.rows && columns == other.columns,
                     "add: shapes differ, \(rows)×\(columns) vs \(other.rows)×\(other.columns)")
        other.withUnsafeBufferPointer { x in
            withUnsafeMutableBufferPointer { y in
                nk_scaled_add(Int64(y.count), alpha, x.baseAddress, y.baseAddress)
            }
        }
    }

    /// The elementwise (Hadamard) product `self ⊙ other`; the shapes must match.
    public func multipliedElementwise(by other: Matrix) -> Matrix {
        precondition(rows == other.rows && columns == other.columns,
                     "multipliedElementwise: shapes differ, \(rows)×\(columns) vs \(other.rows)×\(other.columns)")
        var result = self
        other.withUnsafeBufferPointer { x in
            result.withUnsafeMutableBufferPointer { y in
                nk_multiply(Int64(y.count), y.baseAddress, x.baseAddress, y.baseAddress)
            }
        }
        return result
    }
}
