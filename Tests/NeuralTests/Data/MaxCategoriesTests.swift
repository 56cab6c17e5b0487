import Foundation
import Testing
@testable import Neural

/// `--max-categories` / `OneHotEncoder.split`: scikit-learn's `max_categories` rule, and the
/// pooled categories stored with the encoder so that prediction maps them as training did.
@Suite struct MaxCategoriesTests {
    /// Counts b 3, a 3, c 2, d 2, e 1. Expected lists from scikit-learn 1.9.1 (numpy 2.4.6):
    /// `OneHotEncoder(max_categories=m).fit(X).infrequent_categories_` for m = 1…6, which gave
    /// m=1 all pooled; m=2 keeps b (a and b tie: the later in category order is kept);
    /// m=3 keeps a, b; m=4 keeps a, b, d (c and d tie); m=5 keeps a–d and pools e (the pooled
    /// output counts among the m); m=6 pools nothing.
    @Test(arguments: [
        (1, [String](), ["a", "b", "c", "d", "e"]),
        (2, ["b"], ["a", "c", "d", "e"]),
        (3, ["a", "b"], ["c", "d", "e"]),
        (4, ["a", "b", "d"], ["c", "e"]),
        (5, ["a", "b", "c", "d"], ["e"]),
        (6, ["a", "b", "c", "d", "e"], []),
    ])
    func theSplitFollowsScikitLearn(cap: Int, kept: [String], pooled: [String]) {
        let counts = [("b", 3), ("a", 3), ("c", 2), ("d", 2), ("e", 1)].map { (name: $0.0, count: $0.1) }
        let split = OneHotEncoder.split(counts, maxCategories: cap)
        #expect(split.kept == kept)
        #expect(split.pooled == pooled)
    }

    static let csv = "city,y\n" + (["b", "b", "b", "a", "a", "a", "c", "c", "d", "d", "e"].enumerated()
        .map { "\($0.element),\($0.offset % 2 == 0 ? "u" : "v")" }.joined(separator: "\n")) + "\n"

    /// Fitted with a cap of 3: features city=a, city=b, city=(infrequent); c, d and e (rare in
    /// training) share the last; the pooled list goes into the model's metadata and comes back.
    @Test func pooledCategoriesShareOneFeatureAndRoundTrip() throws {
        let table = try DataTable(csvText: Self.csv, name: "c.csv")
        let preprocessor = try Preprocessor.fit(table, target: "y", maxCategories: 3)
        #expect(preprocessor.featureNames == ["city=a", "city=b", "city=(infrequent)"])
        #expect(preprocessor.oneHotEncoder.infrequentCategories == [["c", "d", "e"]])
        let features = try preprocessor.features(of: table)
        #expect(features.row(6) == [0, 0, 1] && features.row(10) == [0, 0, 1] && features.row(3) == [1, 0, 0])
        let decoded = try JSONDecoder().decode(Preprocessor.self, from: JSONEncoder().encode(preprocessor))
        #expect(decoded == preprocessor)
        // Prediction data: "e" is pooled as in training; "z", never seen, goes to the same
        // output (scikit-learn's handle_unknown="infrequent_if_exist"), even under `.error`.
        let other = try preprocessor.readTable(csvText: "city\ne\nz\na\n", name: "p.csv")
        let predicted = try preprocessor.features(of: other)
        #expect(predicted.row(0) == [0, 0, 1] && predicted.row(1) == [0, 0, 1] && predicted.row(2) == [1, 0, 0])
    }

    /// Without a cap the encoder's JSON has no pooled lists: models written before caps existed
    /// read the same, and their preprocessing compares equal.
    @Test func anUncappedEncoderWritesNoPooledLists() throws {
        let table = try DataTable(csvText: Self.csv, name: "c.csv")
        let preprocessor = try Preprocessor.fit(table, target: "y")
        let json = String(decoding: try JSONEncoder().encode(preprocessor.oneHotEncoder), as: UTF8.self)
        #expect(!json.contains("infrequentCategories"))
        #expect(preprocessor.featureCount == 5)
    }

    /// A pooled list that repeats a kept category is a decoding error (a damaged model file).
    @Test func aPooledCategoryThatIsAlsoKeptIsADecodingError() {
        let json = #"{"columnNames":["city"],"categories":[["a","b"]],"infrequentCategories":[["b","c"]],"unseenCategories":"error"}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(OneHotEncoder.self, from: Data(json.utf8)) }
    }

    /// A cap below 1 is a `DataError`, not a trap.
    @Test func aCapBelowOneIsAnError() throws {
        let table = try DataTable(csvText: Self.csv, name: "c.csv")
        #expect(throws: DataError.self) { try Preprocessor.fit(table, target: "y", maxCategories: 0) }
    }

    /// The one-hot matrix is sized before it is allocated: too large for the memory given, it is
    /// refused naming the widest column and the two ways out.
    @Test func aFeatureMatrixLargerThanMemoryIsRefusedNamingTheColumn() throws {
        let table = try DataTable(csvText: Self.csv, name: "c.csv")
        let preprocessor = try Preprocessor.fit(table, target: "y")
        #expect(throws: DataError.featuresTooLarge(rows: 1_000_000, features: 5, bytes: 20_000_000, available: 1_000_000,
                                                   widestColumn: "city", widestOutputs: 5)) {
            try preprocessor.checkMemory(rows: 1_000_000, available: 1_000_000)
        }
        let message = DataError.featuresTooLarge(rows: 1_000_000, features: 5, bytes: 20_000_000, available: 1_000_000,
                                                 widestColumn: "city", widestOutputs: 5).description
        #expect(message.contains("--max-categories N") && message.contains("leave it out (--features)"))
        try preprocessor.checkMemory(rows: 1_000_000, available: 20_000_000)
    }
}
