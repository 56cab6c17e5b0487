import Foundation
import Neural

/// `size` ranks as threads of one process, for testing distributed training without MPI: every
/// collective waits for all ranks, then each rank computes the result from all contributions
/// in rank order, so every rank gets the same bits (as MPI's reductions do).
///
/// `ThreadGroupCommunicator.run(size:)` starts the ranks and returns each one's result.
public final class ThreadGroupCommunicator: Communicator, @unchecked Sendable {
    public let rank: Int
    public let size: Int
    private let group: Rendezvous

    private init(rank: Int, size: Int, group: Rendezvous) {
        self.rank = rank
        self.size = size
        self.group = group
    }

    /// Runs `body` on `size` threads, one per rank, and returns their results in rank order.
    public static func run<Result>(size: Int, _ body: @escaping @Sendable (ThreadGroupCommunicator) throws -> Result) throws -> [Result] {
        let group = Rendezvous(size: size)
        let results = ResultBox<Result>(count: size)
        let done = DispatchGroup()
        for rank in 0..<size {
            done.enter()
            let thread = Thread {
                defer { done.leave() }
                let communicator = ThreadGroupCommunicator(rank: rank, size: size, group: group)
                results.set(rank, Swift.Result { try body(communicator) })
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
        done.wait()
        return try results.values.map { try $0.get() }
    }

    public func allReduceSum(_ values: UnsafeMutableBufferPointer<Float>) {
        let all = group.exchange(rank: rank, Array(values))
        for index in values.indices { values[index] = all.reduce(Float(0)) { $0 + $1[index] } }
        group.exchangeDone()
    }

    public func allReduceSum(_ values: UnsafeMutableBufferPointer<Double>) {
        let all = group.exchange(rank: rank, Array(values))
        for index in values.indices { values[index] = all.reduce(0.0) { $0 + $1[index] } }
        group.exchangeDone()
    }

    public func broadcast(_ bytes: UnsafeMutableRawBufferPointer, from root: Int) {
        let all = group.exchange(rank: rank, Array(bytes))
        bytes.copyBytes(from: all[root])
        group.exchangeDone()
    }

    public func allGather(_ bytes: [UInt8]) -> [[UInt8]] {
        let all = group.exchange(rank: rank, bytes)
        group.exchangeDone()
        return all
    }

    public func barrier() {
        _ = group.exchange(rank: rank, [UInt8]())
        group.exchangeDone()
    }
}

/// The meeting point of the ranks: each deposits its contribution, and the last to arrive
/// releases everyone; a second meeting lets the slots be reused.
private final class Rendezvous: @unchecked Sendable {
    private let condition = NSCondition()
    private let size: Int
    private var slots: [Any?]
    private var arrived = 0
    private var generation = 0

    init(size: Int) {
        self.size = size
        self.slots = Array(repeating: nil, count: size)
    }

    /// Every rank's `value`, once all ranks have given theirs.
    func exchange<Value>(rank: Int, _ value: Value) -> [Value] {
        condition.lock()
        slots[rank] = value
        meet()
        let all = slots.map { $0 as? Value }
        condition.unlock()
        return all.map { item in
            guard let item else { preconditionFailure("ranks called different collectives") }
            return item
        }
    }

    /// Waits until every rank has read the exchange's values.
    func exchangeDone() {
        condition.lock()
        meet()
        condition.unlock()
    }

    private func meet() {
        let current = generation
        arrived += 1
        if arrived == size {
            arrived = 0
            generation += 1
            condition.broadcast()
        } else {
            while generation == current { condition.wait() }
        }
    }
}

private final class ResultBox<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [Result<Value, any Error>?]
    init(count: Int) { items = Array(repeating: nil, count: count) }
    func set(_ index: Int, _ value: Result<Value, any Error>) {
        lock.lock(); items[index] = value; lock.unlock()
    }
    var values: [Result<Value, any Error>] {
        lock.lock(); defer { lock.unlock() }
        return items.map { item in item ?? .failure(CancellationError()) }
    }
}
