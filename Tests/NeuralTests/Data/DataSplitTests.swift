import Testing
@testable import Neural

@Suite struct DataSplitTests {
    @Test func randomSplitSizesAndCoverage() throws {
        var generator = SeededGenerator(seed: 1)
        let split = try DataSplit.random(rowCount: 10, validationFraction: 0.2, testFraction: 0.25, generator: &generator)
        // round(10 · 0.2) = 2, round(10 · 0.25) = 2.5 → 3 (ties away from zero), training 5.
        #expect(split.validation.count == 2)
        #expect(split.test.count == 3)
        #expect(split.train.count == 5)
        #expect((split.train + split.validation + split.test).sorted() == Array(0..<10))
        #expect(split.train == split.train.sorted())
    }

    @Test func sameSeedSameSplitOtherSeedOtherSplit() throws {
        var first = SeededGenerator(seed: 42), second = SeededGenerator(seed: 42), third = SeededGenerator(seed: 43)
        let a = try DataSplit.random(rowCount: 100, validationFraction: 0.3, generator: &first)
        let b = try DataSplit.random(rowCount: 100, validationFraction: 0.3, generator: &second)
        let c = try DataSplit.random(rowCount: 100, validationFraction: 0.3, generator: &third)
        #expect(a == b)
        #expect(a != c)
    }

    @Test func stratifiedSplitKeepsProportions() throws {
        // 60 rows of class 0, 30 of class 1, 10 of class 2.
        let labels = [Int32](repeating: 0, count: 60) + [Int32](repeating: 1, count: 30) + [Int32](repeating: 2, count: 10)
        var generator = SeededGenerator(seed: 7)
        let split = try DataSplit.stratified(labels: labels, classNames: ["a", "b", "c"],
                                             validationFraction: 0.2, testFraction: 0.1, generator: &generator)
        func counts(_ rows: [Int]) -> [Int] { (0..<3).map { k in rows.filter { labels[$0] == Int32(k) }.count } }
        // Exact quotas: 20% of 60/30/10 = 12/6/2, 10% = 6/3/1, the rest trains.
        #expect(counts(split.validation) == [12, 6, 2])
        #expect(counts(split.test) == [6, 3, 1])
        #expect(counts(split.train) == [42, 21, 7])
        var again = SeededGenerator(seed: 7)
        let repeated = try DataSplit.stratified(labels: labels, classNames: ["a", "b", "c"],
                                                validationFraction: 0.2, testFraction: 0.1, generator: &again)
        #expect(repeated == split)
    }

    @Test func stratifiedSplitGivesEverySmallClassARowEverywhere() throws {
        // 2 rows of class 1: 10% quota is 0.2 → raised to 1, one row left to train.
        let labels: [Int32] = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1]
        var generator = SeededGenerator(seed: 0)
        let split = try DataSplit.stratified(labels: labels, classNames: ["big", "small"],
                                             validationFraction: 0.1, generator: &generator)
        #expect(split.validation.filter { labels[$0] == 1 }.count == 1)
        #expect(split.train.filter { labels[$0] == 1 }.count == 1)
    }

    @Test func tooFewMembersNamesTheClass() {
        var generator = SeededGenerator(seed: 0)
        let error = dataError {
            _ = try DataSplit.stratified(labels: [0, 0, 1, 1, 2, 0], classNames: ["x", "y", "z"],
                                         validationFraction: 0.2, generator: &generator)
        }
        #expect(error == .tooFewClassMembers(className: "z", count: 1, needed: 2))
        #expect(error?.description == "Class \"z\" has 1 row; a stratified split into these parts needs at least 2 rows of every class.")
    }

    @Test func emptyAndInvalidSplits() {
        var generator = SeededGenerator(seed: 0)
        #expect(dataError { _ = try DataSplit.random(rowCount: 3, validationFraction: 0.1, generator: &generator) }
                == .emptySplit(name: "validation", rowCount: 3, fraction: 0.1))
        #expect(dataError { _ = try DataSplit.random(rowCount: 1, validationFraction: 0.5, generator: &generator) }
                == .emptySplit(name: "training", rowCount: 1, fraction: 0.5))
        #expect(dataError { _ = try DataSplit.random(rowCount: 10, validationFraction: 1, generator: &generator) }
                == .invalidSplitFraction("The validation fraction must be at least 0 and below 1, got 1.0."))
        #expect(dataError { _ = try DataSplit.random(rowCount: 10, validationFraction: 0.5, testFraction: 0.5, generator: &generator) }
                == .invalidSplitFraction("The validation and test fractions (0.5 + 0.5) must leave rows for training."))
    }

    @Test func classMissingFromTrainingIsReportedWithoutStratification() throws {
        // Without stratification, seed 3 happens to hold out the only "c" row (checked below);
        // the validation targets then name that row's line.
        let text = "x,y\n1,a\n2,a\n3,b\n4,b\n5,c\n6,a\n7,b\n8,a\n"
        let data = try DataTable(csvText: text, name: "t.csv")
        var found = false
        for seed in UInt64(0)..<50 {
            let options = PreparationOptions(target: "y", validationFraction: 0.25, stratify: false, seed: seed)
            var generator = SeededGenerator(seed: seed)
            let split = try DataSplit.random(rowCount: 8, validationFraction: 0.25, generator: &generator)
            guard split.validation.contains(4) else { continue }
            #expect(dataError { _ = try PreparedData(table: data, options: options) }
                    == .unseenClass(value: "c", column: "y", location: SourceLocation(file: "t.csv", line: 6, columnName: "y")))
            found = true
            break
        }
        #expect(found)
    }
}
