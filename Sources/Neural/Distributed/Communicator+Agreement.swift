import Foundation

/// An error one rank of a distributed run found, carried to the others so that every rank stops
/// with the same message (`Communicator.agreeing(_:)`).
public struct RankError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The rank that found it.
    public let rank: Int
    /// Its message, as that rank would print it.
    public let message: String

    public var description: String { message }
}

extension Communicator {
    /// Runs `body` on every rank and agrees on the outcome, for work whose errors depend on the
    /// rank's own rows (a bad value in its share of a file): when `body` throws on any rank,
    /// every rank throws the error of the first rank that failed (in rank order, which is file
    /// order for shards) — that rank its own error, the others a `RankError` with its message —
    /// so no rank goes on to a collective the others never reach.
    public func agreeing<Result>(_ body: () throws -> Result) throws -> Result {
        let outcome = Swift.Result { try body() }
        guard isDistributed else { return try outcome.get() }
        var own: [UInt8] = [0]
        if case .failure(let error) = outcome { own = [1] + Array("\(error)".utf8) }
        let all = allGather(own)
        guard let failed = all.firstIndex(where: { $0.first == 1 }) else { return try outcome.get() }
        if failed == rank, case .failure(let error) = outcome { throw error }
        throw RankError(rank: failed, message: String(decoding: all[failed].dropFirst(), as: UTF8.self))
    }

    /// Every rank's `value`, in rank order (JSON between the ranks: for small values only).
    public func allGather<Value: Codable>(json value: Value) throws -> [Value] {
        let bytes = Array(try JSONEncoder().encode(value))
        let decoder = JSONDecoder()
        return try allGather(bytes).map { try decoder.decode(Value.self, from: Data($0)) }
    }

    /// Every rank's `values`, in rank order, as raw bytes (for arrays with a row per element).
    public func allGather<Element: BitwiseCopyable>(elements values: [Element]) -> [[Element]] {
        let bytes = values.withUnsafeBytes { Array($0) }
        return allGather(bytes).map { gathered in
            let count = gathered.count / MemoryLayout<Element>.stride
            return [Element](unsafeUninitializedCapacity: count) { buffer, initialized in
                gathered.withUnsafeBytes { source in
                    if let target = buffer.baseAddress, let from = source.baseAddress {
                        UnsafeMutableRawPointer(target).copyMemory(from: from, byteCount: count * MemoryLayout<Element>.stride)
                    }
                }
                initialized = count
            }
        }
    }

    /// The sum of `values` over all ranks.
    public func summed(_ values: [Double]) -> [Double] {
        var sums = values
        allReduceSum(&sums)
        return sums
    }
}
