/// Row indices of a train / validation / test split, each list in ascending order.
///
/// Sizes: the validation set gets `round(n · validationFraction)` rows, the test set
/// `round(n · testFraction)`, training the rest (ties round away from zero). A fraction of 0
/// means no such set. The rows are chosen by shuffling with the given `SeededGenerator`, so
/// the same seed gives the same split.
///
/// Stratified splits give every class its share of every set: for each set, the quotas
/// `n_c · fraction` are floored and the rows left over go to the classes with the largest
/// remainders (ties to the lower class index), so set sizes match the plain split; then every
/// class gets at least one row in every requested set — which is why each class needs at
/// least 2 rows (train + validation) or 3 (train + validation + test).
public struct DataSplit: Sendable, Equatable, Codable {
    /// Training rows.
    public var train: [Int]
    /// Validation rows (empty when not requested).
    public var validation: [Int]
    /// Test rows (empty when not requested).
    public var test: [Int]

    public init(train: [Int], validation: [Int], test: [Int]) {
        self.train = train
        self.validation = validation
        self.test = test
    }

    private static func checkFractions(_ validationFraction: Double, _ testFraction: Double) throws {
        for (name, fraction) in [("validation", validationFraction), ("test", testFraction)] {
            guard fraction >= 0 && fraction < 1 else {
                throw DataError.invalidSplitFraction("The \(name) fraction must be at least 0 and below 1, got \(fraction).")
            }
        }
        guard validationFraction + testFraction < 1 else {
            throw DataError.invalidSplitFraction(
                "The validation and test fractions (\(validationFraction) + \(testFraction)) must leave rows for training.")
        }
    }

    private static func setSize(_ rowCount: Int, _ fraction: Double) -> Int {
        Int((Double(rowCount) * fraction).rounded())
    }

    /// A shuffled split of rows `0..<rowCount`.
    /// Throws when a fraction is out of range or a requested set would be empty.
    public static func random(rowCount: Int, validationFraction: Double, testFraction: Double = 0,
                              generator: inout SeededGenerator) throws -> DataSplit {
        try checkFractions(validationFraction, testFraction)
        let validationCount = setSize(rowCount, validationFraction)
        let testCount = setSize(rowCount, testFraction)
        if validationFraction > 0 && validationCount == 0 {
            throw DataError.emptySplit(name: "validation", rowCount: rowCount, fraction: validationFraction)
        }
        if testFraction > 0 && testCount == 0 {
            throw DataError.emptySplit(name: "test", rowCount: rowCount, fraction: testFraction)
        }
        guard rowCount - validationCount - testCount > 0 else {
            throw DataError.emptySplit(name: "training", rowCount: rowCount,
                                       fraction: 1 - validationFraction - testFraction)
        }
        var order = Array(0..<rowCount)
        generator.shuffle(&order)
        let test = order[0..<testCount].sorted()
        let validation = order[testCount..<(testCount + validationCount)].sorted()
        let train = order[(testCount + validationCount)...].sorted()
        return DataSplit(train: train, validation: validation, test: test)
    }

    /// A split that keeps each class's proportion in every set (see the type's description).
    /// `labels[i]` is row `i`'s class index into `classNames` (used in messages).
    /// Throws `DataError.tooFewClassMembers` naming the first class (in index order) with too
    /// few rows, or the errors of `random`.
    public static func stratified(labels: [Int32], classNames: [String],
                                  validationFraction: Double, testFraction: Double = 0,
                                  generator: inout SeededGenerator) throws -> DataSplit {
        try checkFractions(validationFraction, testFraction)
        var members = [[Int]](repeating: [], count: classNames.count)
        for (row, label) in labels.enumerated() {
            precondition(label >= 0 && Int(label) < classNames.count,
                         "Class index \(label) out of range 0..<\(classNames.count)")
            members[Int(label)].append(row)
        }
        let present = members.indices.filter { !members[$0].isEmpty }
        let needed = 1 + (validationFraction > 0 ? 1 : 0) + (testFraction > 0 ? 1 : 0)
        for index in present where members[index].count < needed {
            throw DataError.tooFewClassMembers(className: classNames[index], count: members[index].count, needed: needed)
        }
        let counts = members.map(\.count)
        var validationCounts = allocate(total: setSize(labels.count, validationFraction), fraction: validationFraction, counts: counts)
        var testCounts = allocate(total: setSize(labels.count, testFraction), fraction: testFraction, counts: counts)
        for index in present {
            if validationFraction > 0 { validationCounts[index] = max(validationCounts[index], 1) }
            if testFraction > 0 { testCounts[index] = max(testCounts[index], 1) }
            // Keep at least one training row: give back from the larger held-out share.
            while counts[index] - validationCounts[index] - testCounts[index] < 1 {
                if validationCounts[index] >= testCounts[index] && validationCounts[index] > 1 {
                    validationCounts[index] -= 1
                } else {
                    testCounts[index] -= 1
                }
            }
        }
        var train = [Int](), validation = [Int](), test = [Int]()
        for index in present {
            var rows = members[index]
            generator.shuffle(&rows)
            let testEnd = testCounts[index]
            let validationEnd = testEnd + validationCounts[index]
            test += rows[0..<testEnd]
            validation += rows[testEnd..<validationEnd]
            train += rows[validationEnd...]
        }
        return DataSplit(train: train.sorted(), validation: validation.sorted(), test: test.sorted())
    }

    /// Largest-remainder allocation of `total` rows over classes of sizes `counts`, in
    /// proportion `fraction`.
    private static func allocate(total: Int, fraction: Double, counts: [Int]) -> [Int] {
        guard fraction > 0 else { return [Int](repeating: 0, count: counts.count) }
        let quotas = counts.map { Double($0) * fraction }
        var result = quotas.map { Int($0.rounded(.down)) }
        var remaining = total - result.reduce(0, +)
        let byRemainder = counts.indices.sorted { lhs, rhs in
            let left = quotas[lhs] - Double(result[lhs]), right = quotas[rhs] - Double(result[rhs])
            return left != right ? left > right : lhs < rhs
        }
        var position = 0
        while remaining > 0 && position < byRemainder.count {
            let index = byRemainder[position]
            if result[index] < counts[index] {
                result[index] += 1
                remaining -= 1
            }
            position += 1
        }
        return result
    }
}
