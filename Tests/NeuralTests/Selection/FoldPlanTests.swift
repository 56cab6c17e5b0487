import Testing
@testable import Neural

@Suite struct FoldPlanTests {
    @Test func kFoldScoresEveryRowOncePerRepeat() throws {
        let splits = try ValidationScheme.kFold(folds: 3, repeats: 2, shuffleSeed: 5).splits(rowCount: 10)
        #expect(splits.count == 6)
        for repeatIndex in 0..<2 {
            let folds = splits.filter { $0.repeatIndex == repeatIndex }
            #expect(folds.flatMap(\.score).sorted() == Array(0..<10))
            // scikit-learn's KFold sizes: 10 = 4 + 3 + 3.
            #expect(folds.map(\.score.count) == [4, 3, 3])
            for fold in folds {
                #expect(Set(fold.train).isDisjoint(with: fold.score))
                #expect((fold.train + fold.score).sorted() == Array(0..<10))
            }
        }
        // The second repeat is shuffled with the next seed, so its folds differ.
        #expect(splits[0].score != splits[3].score)
        #expect(try ValidationScheme.kFold(folds: 3, repeats: 2, shuffleSeed: 5).splits(rowCount: 10) == splits)
    }

    @Test func stratifiedFoldsHoldEachClassInProportion() throws {
        // 13 rows of class 0, 7 of class 1, 5 of class 2, in 5 folds.
        let labels = [Int32](repeating: 0, count: 13) + [Int32](repeating: 1, count: 7) + [Int32](repeating: 2, count: 5)
        let splits = try ValidationScheme.kFold(folds: 5, repeats: 1, shuffleSeed: 1)
            .splits(rowCount: labels.count, labels: labels, classNames: ["a", "b", "c"])
        for classIndex in Int32(0)...2 {
            let total = labels.filter { $0 == classIndex }.count
            for fold in splits {
                let count = fold.score.filter { labels[$0] == classIndex }.count
                // ⌊n_c / k⌋ or ⌈n_c / k⌉ of each class in every fold.
                #expect(count == total / 5 || count == (total + 4) / 5)
            }
        }
        let sizes = splits.map(\.score.count)
        #expect(sizes.max()! - sizes.min()! <= 1)
        #expect(splits.flatMap(\.score).sorted() == Array(0..<25))
    }

    @Test func holdOutIsOneStratifiedSplit() throws {
        let labels = [Int32](repeating: 0, count: 8) + [Int32](repeating: 1, count: 12)
        let splits = try ValidationScheme.holdOut(fraction: 0.25, shuffleSeed: 3)
            .splits(rowCount: 20, labels: labels, classNames: ["a", "b"])
        #expect(splits.count == 1)
        #expect(splits[0].score.count == 5)
        #expect(splits[0].score.filter { labels[$0] == 0 }.count == 2)
    }

    @Test func badSchemesAreNamed() throws {
        #expect(throws: SelectionError.invalidScheme("The number of folds must be at least 2, got 1.")) {
            try ValidationScheme.kFold(folds: 1, repeats: 1, shuffleSeed: 0).splits(rowCount: 10)
        }
        #expect(throws: SelectionError.tooFewRows(rows: 3, needed: 5, scheme: "5-fold cross-validation")) {
            try ValidationScheme.kFold(folds: 5, repeats: 1, shuffleSeed: 0).splits(rowCount: 3)
        }
        let labels: [Int32] = [0, 0, 0, 0, 0, 1, 1]
        #expect(throws: SelectionError.tooFewClassMembers(className: "rare", count: 2, folds: 3)) {
            try ValidationScheme.kFold(folds: 3, repeats: 1, shuffleSeed: 0).splits(rowCount: 7, labels: labels, classNames: ["common", "rare"])
        }
        #expect(throws: SelectionError.invalidScheme("The hold-out fraction must be above 0 and below 1, got 1.0.")) {
            try ValidationScheme.holdOut(fraction: 1, shuffleSeed: 0).splits(rowCount: 10)
        }
    }
}
