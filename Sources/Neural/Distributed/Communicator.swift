/// The collective operations data-parallel training needs, across `size` processes ("ranks")
/// that each run the same program: every rank calls every operation, in the same order, with
/// buffers of the same length (except `allGather`, whose buffers may differ).
///
/// `Trainer` sees only this protocol. One process uses `SingleProcessCommunicator` (every
/// operation is the identity); a build with the `MPI` package trait adds `MPICommunicator`,
/// over Open MPI. A failure inside a collective (a rank that died, a broken link) is not
/// returned: the MPI job is aborted on every rank, as MPI's default error handler does.
public protocol Communicator: AnyObject {
    /// This process's index, `0..<size`. Rank 0 prints and writes files.
    var rank: Int { get }
    /// The number of processes.
    var size: Int { get }
    /// Replaces `values` on every rank by the elementwise sum of every rank's `values`.
    func allReduceSum(_ values: UnsafeMutableBufferPointer<Float>)
    /// Replaces `values` on every rank by the elementwise sum of every rank's `values`.
    func allReduceSum(_ values: UnsafeMutableBufferPointer<Double>)
    /// Copies `bytes` of rank `root` into `bytes` on every other rank.
    func broadcast(_ bytes: UnsafeMutableRawBufferPointer, from root: Int)
    /// Every rank's `bytes`, in rank order (the buffers may have different lengths).
    func allGather(_ bytes: [UInt8]) -> [[UInt8]]
    /// Returns once every rank has called it.
    func barrier()
}

extension Communicator {
    /// Whether more than one process takes part.
    public var isDistributed: Bool { size > 1 }

    /// `allReduceSum` on an array.
    public func allReduceSum(_ values: inout [Float]) {
        values.withUnsafeMutableBufferPointer { allReduceSum($0) }
    }

    /// `allReduceSum` on an array.
    public func allReduceSum(_ values: inout [Double]) {
        values.withUnsafeMutableBufferPointer { allReduceSum($0) }
    }

    /// The rows `0..<count` this rank takes when `count` rows are shared out contiguously:
    /// rank r gets `count·r/size ..< count·(r+1)/size`, so the shares differ by at most one row
    /// and the ranks' slices, in rank order, are the rows in order.
    public func share(of count: Int) -> Range<Int> {
        contiguousShare(of: count, rank: rank, size: size)
    }
}

/// Rank `rank`'s share of `count` rows among `size` ranks: `count·rank/size ..< count·(rank+1)/size`
/// (see `Communicator.share(of:)`).
public func contiguousShare(of count: Int, rank: Int, size: Int) -> Range<Int> {
    precondition(size >= 1 && (0..<size).contains(rank) && count >= 0,
                 "contiguousShare(of: \(count), rank: \(rank), size: \(size))")
    return (count * rank / size)..<(count * (rank + 1) / size)
}

/// One process: rank 0 of 1; every collective leaves its buffer as it is.
public final class SingleProcessCommunicator: Communicator {
    public init() {}
    public var rank: Int { 0 }
    public var size: Int { 1 }
    public func allReduceSum(_ values: UnsafeMutableBufferPointer<Float>) {}
    public func allReduceSum(_ values: UnsafeMutableBufferPointer<Double>) {}
    public func broadcast(_ bytes: UnsafeMutableRawBufferPointer, from root: Int) {
        precondition(root == 0, "broadcast from rank \(root) of a single process")
    }
    public func allGather(_ bytes: [UInt8]) -> [[UInt8]] { [bytes] }
    public func barrier() {}
}
