/// The statistics of columns whose rows are split among the ranks of a `Communicator`
/// (`--shard`), equal to the ones one process computes on all the rows:
///
/// - **means and variances**: each rank's count, mean and sum of squared deviations `M2`
///   (two passes, in `Double`), combined in rank order by Chan, Golub and LeVeque's formula
///   `n = n_a + n_b`, `δ = mean_b − mean_a`, `mean = mean_a + δ·n_b/n`,
///   `M2 = M2_a + M2_b + δ²·n_a·n_b/n`; the same as one process's two-pass values up to `Double`
///   rounding (about 1e-16 relative), so their `Float` forms differ by at most one unit in the
///   last place;
/// - **order statistics** (medians): exact, by bisection over the 2³² ordered `Float` bit
///   patterns, each step one all-reduce of how many values lie at or below the midpoint on each
///   rank (32 all-reduces for every column at once; no values leave their rank);
/// - **most frequent values**: exact. With `L` the largest count any rank sees of one value
///   and `N` ranks, a most frequent value has a global count `M ≥ L`, so some rank sees it at
///   least `⌈M/N⌉ ≥ ⌈L/N⌉` times; the values some rank sees that often are the candidates,
///   and their global counts are all-reduced. (When every value is rare, every distinct value is
///   a candidate: this costs four bytes per distinct value on every rank.)
/// - **category counts**: each rank's counts, all-gathered and added up.
enum ShardedStatistics {
    /// Count, mean and sum of squared deviations of some values.
    struct Moments: Codable, Equatable {
        var count: Double
        var mean: Double
        var m2: Double

        /// Two passes over the non-NaN `values`, in `Double`.
        init<C: Collection<Float>>(of values: C) {
            var count = 0.0, sum = 0.0
            for value in values where !value.isNaN {
                sum += Double(value)
                count += 1
            }
            let mean = count > 0 ? sum / count : 0
            var squares = 0.0
            for value in values where !value.isNaN {
                let deviation = Double(value) - mean
                squares += deviation * deviation
            }
            self.init(count: count, mean: mean, m2: squares)
        }

        init(count: Double, mean: Double, m2: Double) {
            self.count = count
            self.mean = mean
            self.m2 = m2
        }

        /// Chan et al.'s combination of two disjoint parts.
        func combined(with other: Moments) -> Moments {
            guard count > 0 else { return other }
            guard other.count > 0 else { return self }
            let total = count + other.count
            let delta = other.mean - mean
            return Moments(count: total, mean: mean + delta * other.count / total,
                           m2: m2 + other.m2 + delta * delta * count * other.count / total)
        }
    }

    /// Every column's moments over all ranks (`local[c]`: this rank's moments of column c),
    /// combined in rank order, so every rank gets the same bits.
    static func moments(_ local: [Moments], _ communicator: any Communicator) throws -> [Moments] {
        let all = try communicator.allGather(json: local)
        return local.indices.map { column in
            all.dropFirst().reduce(all[0][column]) { $0.combined(with: $1[column]) }
        }
    }

    /// An order-preserving map of `Float` (no NaN) to `UInt32`: `a < b` ⇔ `key(a) < key(b)`
    /// (−0 sorts just below +0).
    static func key(_ value: Float) -> UInt32 {
        let bits = value.bitPattern
        return bits & 0x8000_0000 != 0 ? ~bits : bits | 0x8000_0000
    }

    static func value(ofKey key: UInt32) -> Float {
        Float(bitPattern: key & 0x8000_0000 != 0 ? key & 0x7FFF_FFFF : ~key)
    }

    /// The `ranks[q].1`-th smallest (0-based) of all ranks' values of column `ranks[q].0`, for
    /// every query q; `sorted[c]` is this rank's values of column c, sorted, without NaN.
    /// - Precondition: each position is below the column's global count.
    static func orderStatistics(_ sorted: [[Float]], queries: [(column: Int, position: Int)],
                                _ communicator: any Communicator) -> [Float] {
        let keys = sorted.map { $0.map(key) }
        var low = [UInt32](repeating: 0, count: queries.count)
        var high = [UInt32](repeating: UInt32.max, count: queries.count)
        while zip(low, high).contains(where: { $0 < $1 }) {
            let middles = queries.indices.map { low[$0] + (high[$0] - low[$0]) / 2 }
            // How many values of the column are at or below each midpoint, on all ranks.
            let counts = communicator.summed(queries.indices.map { query in
                Double(upperBound(keys[queries[query].column], middles[query]))
            })
            for query in queries.indices where low[query] < high[query] {
                if counts[query] >= Double(queries[query].position + 1) {
                    high[query] = middles[query]
                } else {
                    low[query] = middles[query] + 1
                }
            }
        }
        return low.map(value(ofKey:))
    }

    /// The number of elements of the ascending `keys` that are at most `bound`.
    private static func upperBound(_ keys: [UInt32], _ bound: UInt32) -> Int {
        var low = 0, high = keys.count
        while low < high {
            let middle = (low + high) / 2
            if keys[middle] <= bound { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// The median of every column over all ranks (numpy's: the mean of the two middle values of
    /// an even count, in `Double`); 0 for a column without values. `sorted[c]` as above,
    /// `counts[c]` the column's global count.
    static func medians(_ sorted: [[Float]], counts: [Int], _ communicator: any Communicator) -> [Float] {
        var queries = [(column: Int, position: Int)]()
        for (column, count) in counts.enumerated() where count > 0 {
            queries.append((column, (count - 1) / 2))
            queries.append((column, count / 2))
        }
        let found = orderStatistics(sorted, queries: queries, communicator)
        var result = [Float](repeating: 0, count: counts.count)
        for pair in stride(from: 0, to: queries.count, by: 2) {
            let column = queries[pair].column
            let (lower, upper) = (found[pair], found[pair + 1])
            result[column] = counts[column] % 2 == 1 ? lower : Float((Double(lower) + Double(upper)) / 2)
        }
        return result
    }

    /// The most frequent value of every column over all ranks (ties: the smallest); 0 for a
    /// column without values. `sorted[c]` as above.
    static func modes(_ sorted: [[Float]], _ communicator: any Communicator) throws -> [Float] {
        let runs = sorted.map(runLengths)
        let largest = try communicator.allGather(json: runs.map { run in run.map { $0.count }.max() ?? 0 })
        var candidates = [[Float]]()
        for (column, columnRuns) in runs.enumerated() {
            let most = largest.map { $0[column] }.max() ?? 0
            let threshold = max(1, (most + communicator.size - 1) / communicator.size)
            candidates.append(columnRuns.filter { $0.count >= threshold }.map { $0.value })
        }
        let lengths = candidates.map { $0.count }
        let gathered = communicator.allGather(elements: lengths.map { Int64($0) } + candidates.flatMap { $0.map { Int64($0.bitPattern) } })
        var union = [[Float]](repeating: [], count: sorted.count)
        for contribution in gathered {
            var offset = sorted.count
            for column in sorted.indices {
                let count = Int(contribution[column])
                union[column] += contribution[offset..<(offset + count)].map { Float(bitPattern: UInt32($0)) }
                offset += count
            }
        }
        union = union.map { Array(Set($0.map(key))).sorted().map(value(ofKey:)) }
        let localCounts = union.indices.flatMap { column in
            union[column].map { candidate in Double(count(of: candidate, in: runs[column])) }
        }
        let totals = communicator.summed(localCounts)
        var offset = 0
        return union.map { columnCandidates in
            defer { offset += columnCandidates.count }
            var best: Float = 0, bestCount = 0.0
            // Ascending, so the first to reach the largest count is the smallest tied value.
            for (index, candidate) in columnCandidates.enumerated() where totals[offset + index] > bestCount {
                best = candidate
                bestCount = totals[offset + index]
            }
            return best
        }
    }

    /// Runs of equal values of the ascending `values` (−0 and +0 count as one value, as `==` has it).
    private static func runLengths(_ values: [Float]) -> [(value: Float, count: Int)] {
        var runs = [(value: Float, count: Int)]()
        for value in values {
            if let last = runs.last, last.value == value {
                runs[runs.count - 1].count += 1
            } else {
                runs.append((value, 1))
            }
        }
        return runs
    }

    private static func count(of value: Float, in runs: [(value: Float, count: Int)]) -> Int {
        var low = 0, high = runs.count
        while low < high {
            let middle = (low + high) / 2
            if runs[middle].value < value { low = middle + 1 } else { high = middle }
        }
        return low < runs.count && runs[low].value == value ? runs[low].count : 0
    }

    /// Every column's category counts over all ranks (`local[c]`: this rank's counts of column c).
    static func categoryCounts(_ local: [[String: Int]], _ communicator: any Communicator) throws -> [[String: Int]] {
        let all = try communicator.allGather(json: local)
        return local.indices.map { column in
            var total = [String: Int]()
            for contribution in all { total.merge(contribution[column], uniquingKeysWith: +) }
            return total
        }
    }
}
