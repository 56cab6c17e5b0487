import Foundation
import Testing
@testable import Neural

private func table(_ text: String, categorical: Set<String> = []) throws -> DataTable {
    try DataTable(csvText: text, name: "t.csv", categorical: categorical)
}

@Suite struct PreprocessorTests {
    /// Two numeric features, one categorical, a text target.
    static let housing = """
    size,rooms,city,kind
    50,2,paris,flat
    80,3,lyon,house
    65,3,paris,flat
    120,5,nice,house
    """

    @Test func fitAndTransformLayout() throws {
        let data = try table(Self.housing)
        let preprocessor = try Preprocessor.fit(data, target: "kind")
        #expect(preprocessor.task == .classification)
        #expect(preprocessor.inputColumnNames == ["size", "rooms", "city"])
        #expect(preprocessor.featureNames == ["size", "rooms", "city=lyon", "city=nice", "city=paris"])
        #expect(preprocessor.featureCount == 5)
        #expect(preprocessor.classNames == ["flat", "house"])
        // size: mean (50 + 80 + 65 + 120) / 4 = 78.75; population variance
        // (28.75² + 1.25² + 13.75² + 41.25²) / 4 = 2718.75 / 4 = 679.6875.
        #expect(preprocessor.numericMeans == [78.75, 3.25])
        #expect(abs(preprocessor.standardizer.standardDeviations[0] - Float(679.6875.squareRoot())) < 1e-4)
        let x = try preprocessor.features(of: data)
        #expect(x.rows == 4 && x.columns == 5)
        #expect(x.row(0)[2...] == [0, 0, 1])
        #expect(x.row(3)[2...] == [0, 1, 0])
        // Standardised columns have mean 0 (up to Float rounding of four values of order 1).
        #expect(abs(x.column(0).reduce(0, +)) < 1e-5)
        #expect(try preprocessor.targets(of: data) == .classes([0, 1, 0, 1], classCount: 2))
    }

    @Test func jsonRoundTripGivesTheSameTransform() throws {
        let data = try table(Self.housing)
        let preprocessor = try Preprocessor.fit(data, target: "kind", missingValues: .mean, unseenCategories: .allZeros)
        let decoded = try jsonRoundTrip(preprocessor)
        #expect(decoded == preprocessor)
        #expect(try decoded.features(of: data) == preprocessor.features(of: data))
        #expect(try decoded.targets(of: data) == preprocessor.targets(of: data))
    }

    @Test func inconsistentJSONIsADecodingError() throws {
        let preprocessor = try Preprocessor.fit(try table(Self.housing), target: "kind")
        var object = try #require(JSONSerialization.jsonObject(with: JSONEncoder().encode(preprocessor)) as? [String: Any])
        object["numericMeans"] = [1.0]
        let broken = try JSONSerialization.data(withJSONObject: object)
        #expect(throws: DecodingError.self) { _ = try JSONDecoder().decode(Preprocessor.self, from: broken) }
    }

    @Test func predictionTableNeedsOnlyTheFeatures() throws {
        let preprocessor = try Preprocessor.fit(try table(Self.housing), target: "kind")
        let new = try table("city,size,rooms\nlyon,80,3\n")
        let x = try preprocessor.features(of: new)
        #expect(x.row(0)[2...] == [1, 0, 0])
        let missing = try table("size,city\n1,lyon\n")
        #expect(dataError { _ = try preprocessor.features(of: missing) }
                == .missingColumn(name: "rooms", role: "feature", available: ["size", "city"]))
    }

    @Test func unseenCategoryAtPredictionNamesTheLine() throws {
        let preprocessor = try Preprocessor.fit(try table(Self.housing), target: "kind")
        let new = try table("size,rooms,city\n80,3,lyon\n70,2,brest\n")
        #expect(dataError { _ = try preprocessor.features(of: new) }
                == .unseenCategory(value: "brest", column: "city", location: SourceLocation(file: "t.csv", line: 3, columnName: "city")))
        let lenient = try Preprocessor.fit(try table(Self.housing), target: "kind", unseenCategories: .allZeros)
        #expect(try lenient.features(of: new).row(1)[2...] == [0, 0, 0])
    }

    @Test func numericColumnArrivingAsTextIsAMismatch() throws {
        let preprocessor = try Preprocessor.fit(try table(Self.housing), target: "kind")
        let new = try table("size,rooms,city\nbig,3,lyon\n")
        #expect(dataError { _ = try preprocessor.features(of: new) }
                == .columnKindMismatch(column: "size", expected: "numeric", found: "text"))
    }

    @Test func missingTargetColumnListsTheColumns() throws {
        let error = dataError { _ = try Preprocessor.fit(try table(Self.housing), target: "price") }
        #expect(error == .missingColumn(name: "price", role: "target", available: ["size", "rooms", "city", "kind"]))
    }

    @Test func columnSelectionErrors() throws {
        let data = try table(Self.housing)
        #expect(dataError { _ = try Preprocessor.fit(data, target: "kind", features: ["kind"]) }
                == .invalidColumnSelection("The target \"kind\" cannot also be a feature."))
        #expect(dataError { _ = try Preprocessor.fit(data, target: "kind", features: []) }
                == .invalidColumnSelection("The feature list is empty; name at least one feature column."))
        #expect(dataError { _ = try Preprocessor.fit(data, target: "kind", features: ["size", "size"]) }
                == .invalidColumnSelection("The feature \"size\" is listed twice."))
        let onlyTarget = try table("y\n1\n2\n")
        #expect(dataError { _ = try Preprocessor.fit(onlyTarget, target: "y") }
                == .invalidColumnSelection("The file has no column besides the target \"y\" to use as a feature."))
    }

    @Test func targetWithOneClassIsAnError() throws {
        let data = try table("x,y\n1,a\n2,a\n3,a\n")
        #expect(dataError { _ = try Preprocessor.fit(data, target: "y") } == .singleClass(column: "y", className: "a"))
    }

    @Test func textTargetCannotBeRegressed() throws {
        let data = try table("x,y\n1,a\n2,b\n")
        #expect(dataError { _ = try Preprocessor.fit(data, target: "y", task: .regression) }
                == .notNumeric(SourceLocation(file: "t.csv", line: 2, columnName: "y"), value: "a"))
    }

    @Test func taskInference() throws {
        let integers = DataColumn(name: "y", values: [0, 1, 2, 1, .nan])
        #expect(LearningTask.inferred(from: integers) == .classification)
        let fractions = DataColumn(name: "y", values: [0, 1, 2.5])
        #expect(LearningTask.inferred(from: fractions) == .regression)
        // 21 distinct integers exceed the limit of 20.
        let many = DataColumn(name: "y", values: (0...20).map { Float($0) })
        #expect(LearningTask.inferred(from: many) == .regression)
        let twenty = DataColumn(name: "y", values: (1...20).map { Float($0) })
        #expect(LearningTask.inferred(from: twenty) == .classification)
        let text = DataColumn(name: "y", codes: [0, 1], categories: ["a", "b"])
        #expect(LearningTask.inferred(from: text) == .classification)
    }

    @Test func integerClassesKeepNumericOrderAndNames() throws {
        let data = try table("x,y\n1,10\n2,2\n3,1\n4,2\n")
        let preprocessor = try Preprocessor.fit(data, target: "y")
        #expect(preprocessor.classNames == ["1", "2", "10"])
        #expect(try preprocessor.targets(of: data) == .classes([2, 1, 0, 1], classCount: 3))
        #expect(preprocessor.classNames(of: [2, 0]) == ["10", "1"])
    }

    @Test func regressionTargetsAreAColumnMatrix() throws {
        let data = try table("x,y\n1,0.5\n2,1.5\n3,-2.25\n")
        let preprocessor = try Preprocessor.fit(data, target: "y")
        #expect(preprocessor.task == .regression)
        #expect(try preprocessor.targets(of: data) == .values(Matrix([[0.5], [1.5], [-2.25]])))
    }

    // MARK: Missing values

    static let withGaps = """
    a,c,y
    1,red,p
    ,blue,q
    3,NA,p
    5,red,
    7,red,q
    """

    @Test func missingValueIsAnErrorUnderTheErrorPolicy() throws {
        let data = try table(Self.withGaps)
        let expected = DataError.missingValue(SourceLocation(file: "t.csv", line: 3, columnName: "a"))
        #expect(dataError { _ = try Preprocessor.fit(data, target: "y") } == expected)
        #expect(dataError { _ = try PreparedData(table: data, options: PreparationOptions(target: "y", missingValues: .error)) } == expected)
        #expect(expected.description == "t.csv, line 3, column \"a\": the value is missing; --missing median (or mean, most-frequent) fills missing values.")
    }

    @Test func dropPolicyDropsIncompleteRows() throws {
        let data = try table(Self.withGaps)
        let prepared = try PreparedData(table: data, options: PreparationOptions(target: "y", missingValues: .drop, validationFraction: 0))
        // Rows 1 (a missing), 2 (c missing) and 3 (y missing) are dropped; rows 0 and 4 remain.
        #expect(prepared.split.train == [0, 4])
        #expect(prepared.droppedRowCount == 3)
        #expect(prepared.train.count == 2)
    }

    @Test func meanPolicyImputesTrainingStatistics() throws {
        let data = try table(Self.withGaps)
        let prepared = try PreparedData(table: data, options: PreparationOptions(
            target: "y", missingValues: .mean, standardize: false, validationFraction: 0))
        // The row with a missing target (line 5) is dropped, never imputed.
        #expect(prepared.split.train == [0, 1, 2, 4])
        let preprocessor = prepared.preprocessor
        // Mean of a over the training rows 0, 2, 4 (row 1 is missing): (1 + 3 + 7) / 3.
        #expect(preprocessor.numericMeans == [11.0 / 3.0])
        // Most frequent training category of c: red (rows 0, 4) over blue (row 1).
        #expect(preprocessor.mostFrequentCategories == ["red"])
        let x = prepared.train.features
        #expect(x[1, 0] == Float(11.0 / 3.0))
        // Feature layout: a, c=blue, c=red; row 2 had c = NA → red.
        #expect(x.row(2) == [3, 0, 1])
    }

    @Test func noRowsLeftAfterDropping() throws {
        let data = try table("a,y\n,1\n2,\n")
        #expect(dataError { _ = try PreparedData(table: data, options: PreparationOptions(target: "y", missingValues: .drop)) }
                == .noRowsLeft(file: "t.csv", dropped: 2))
    }
}
