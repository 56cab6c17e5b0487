import Foundation
import Testing
@testable import Neural

/// `value` encoded to JSON and decoded back.
func jsonRoundTrip<T: Codable>(_ value: T) throws -> T {
    try JSONDecoder().decode(T.self, from: JSONEncoder().encode(value))
}

@Suite struct EncoderTests {
    @Test func categoryOrderIsNumericAwareAndStable() {
        #expect(CategoryOrder.sorted(["10", "2", "1", "2"]) == ["1", "2", "10"])
        #expect(CategoryOrder.sorted(["-1", "0.5", "1e1"]) == ["-1", "0.5", "1e1"])
        // Not all numbers: byte order, so upper case before lower case (numpy's order).
        #expect(CategoryOrder.sorted(["b", "a", "B", "10", "2"]) == ["10", "2", "B", "a", "b"])
        // Hexadecimal and infinity are not decimal numbers, so these sort as text.
        #expect(CategoryOrder.sorted(["0x10", "2"]) == ["0x10", "2"])
        #expect(CategoryOrder.sorted(["inf", "10", "2"]) == ["10", "2", "inf"])
        #expect(CategoryOrder.sorted(["virginica", "setosa", "versicolor"]) == ["setosa", "versicolor", "virginica"])
    }

    @Test func standardizerUsesPopulationDeviation() {
        // Column 0: values 1, 2, 3, 4 → mean 2.5, variance (2.25 + .25 + .25 + 2.25) / 4 = 1.25.
        // Column 1: constant 7 → mean 7, deviation 0 replaced by 1.
        let data = Matrix([[1, 7], [2, 7], [3, 7], [4, 7]])
        let scaler = Standardizer.fit(data)
        #expect(scaler.means == [2.5, 7])
        #expect(scaler.standardDeviations == [Float(1.25.squareRoot()), 1])
        let scaled = scaler.transform(data)
        #expect(scaled.column(1) == [0, 0, 0, 0])
        // (1 − 2.5) / sqrt(1.25) = −1.3416408; Float rounding of both operations stays within 1e-6.
        #expect(abs(scaled[0, 0] - (-1.3416408)) < 1e-6)
        // Undoing the scaling returns the data up to Float rounding (two roundings of values ≤ 4).
        #expect(scaler.inverseTransform(scaled).maxAbsoluteDifference(data) < 1e-6)
    }

    @Test func standardizerSkipsMissingAndKeepsPrecisionWithLargeOffsets() {
        let statistics = Standardizer.statistics(of: [Float.nan, 1_000_001, 1_000_003])
        // Mean of the two present values 1 000 002, deviation 1, exactly (Double accumulation).
        #expect(statistics.mean == 1_000_002)
        #expect(statistics.standardDeviation == 1)
    }

    @Test func standardizerRoundTripsThroughJSON() throws {
        let scaler = Standardizer(means: [1.5, -2], standardDeviations: [0.25, 3])
        let decoded = try jsonRoundTrip(scaler)
        #expect(decoded == scaler)
        let data = Matrix([[1, 2], [3, 4]])
        #expect(decoded.transform(data) == scaler.transform(data))
    }

    @Test func standardizerRejectsBrokenJSON() {
        let json = Data(#"{"means":[1,2],"standardDeviations":[0]}"#.utf8)
        #expect(throws: DecodingError.self) { _ = try JSONDecoder().decode(Standardizer.self, from: json) }
    }

    @Test func oneHotEncoderSortsCategoriesAndNamesOutputs() throws {
        let encoder = OneHotEncoder.fit(columnNames: ["color"], values: [["red", nil, "blue", "green", "red"]])
        #expect(encoder.categories == [["blue", "green", "red"]])
        #expect(encoder.featureNames == ["color=blue", "color=green", "color=red"])
        #expect(try encoder.transform(["red", "blue"], column: 0) == Matrix([[0, 0, 1], [1, 0, 0]]))
    }

    @Test func unseenCategoryIsAnErrorByDefault() {
        let encoder = OneHotEncoder(columnNames: ["color"], categories: [["blue", "red"]])
        let location = SourceLocation(file: "p.csv", line: 9, columnName: "color")
        let error = dataError { _ = try encoder.position(of: "teal", column: 0, location: location) }
        #expect(error == .unseenCategory(value: "teal", column: "color", location: location))
        #expect(error?.description == "p.csv, line 9, column \"color\": category \"teal\" of column \"color\" was not seen in the training data.")
    }

    @Test func unseenCategoryAsAllZeros() throws {
        let encoder = OneHotEncoder(columnNames: ["color"], categories: [["blue", "red"]], unseenCategories: .allZeros)
        #expect(try encoder.transform(["teal", "red"], column: 0) == Matrix([[0, 0], [0, 1]]))
    }

    @Test func oneHotEncoderRoundTripsThroughJSON() throws {
        let encoder = OneHotEncoder(columnNames: ["a", "b"], categories: [["x", "y"], ["1", "2", "10"]],
                                    unseenCategories: .allZeros)
        let decoded = try jsonRoundTrip(encoder)
        #expect(decoded == encoder)
        #expect(try decoded.transform(["10", "7"], column: 1) == Matrix([[0, 0, 1], [0, 0, 0]]))
    }

    @Test func lectureOneHotRows() {
        // The lecture's four classes as one-hot rows: class k has a 1 in column k.
        #expect(OneHotEncoder.oneHot([0, 3, 1], classCount: 4) == Matrix([[1, 0, 0, 0], [0, 0, 0, 1], [0, 1, 0, 0]]))
    }

    @Test func labelEncoderOrderIsStableAndMapsBack() throws {
        let first = LabelEncoder.fit(["10", "2", "2", "1"])
        let second = LabelEncoder.fit(["1", "10", "2"])
        #expect(first == second)
        #expect(first.classes == ["1", "2", "10"])
        #expect(try first.encode("10") == 2)
        #expect(first.decode(1) == "2")
        let decoded = try jsonRoundTrip(first)
        #expect(decoded == first)
        #expect(try decoded.encode("2") == 1)
        #expect(dataError { _ = try first.encode("3", column: "y") } == .unseenClass(value: "3", column: "y", location: nil))
    }
}
