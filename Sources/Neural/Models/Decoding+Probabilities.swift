extension Decoding {
    /// Row-wise softmax `e^{t_k} / Σ_i e^{t_i}` of `outputs`, computed in Double with the row
    /// maximum subtracted so `exp` cannot overflow (softmax is shift-invariant).
    public static func softmax(_ outputs: Matrix) -> Matrix {
        var result = outputs
        for row in 0..<outputs.rows {
            let values = outputs.row(row).map(Double.init)
            let largest = values.max() ?? 0
            let exponentials = values.map { _exp($0 - largest) }
            let total = exponentials.reduce(0, +)
            for (column, value) in exponentials.enumerated() { result[row, column] = Float(value / total) }
        }
        return result
    }
}

#if canImport(Glibc)
import Glibc
@inline(__always) private func _exp(_ x: Double) -> Double { Glibc.exp(x) }
#elseif canImport(Darwin)
import Darwin
@inline(__always) private func _exp(_ x: Double) -> Double { Darwin.exp(x) }
#endif
