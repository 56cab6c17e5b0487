import Foundation
import Testing
@testable import Neural

/// The fixture written by `Fixtures/reference/generate_imputer_reference.py` (scikit-learn's
/// `SimpleImputer`; versions in the file).
struct ImputerReference: Decodable {
    struct Column: Decodable {
        var kind: String
        var values: [String]
        var fills: [String: Fill]
    }
    enum Fill: Decodable {
        case number(Double), text(String)
        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let number = try? container.decode(Double.self) { self = .number(number) } else {
                self = .text(try container.decode(String.self))
            }
        }
    }
    struct Case: Decodable, CustomTestStringConvertible {
        var name: String
        var trainRows: Int
        var columns: [String: Column]
        var testDescription: String { name }
        enum CodingKeys: String, CodingKey { case name, columns, trainRows = "train_rows" }

        /// The case as CSV (columns in name order), every row; the training rows come first.
        var csv: String {
            let names = columns.keys.sorted()
            let count = columns[names[0]]?.values.count ?? 0
            var lines = [names.joined(separator: ",")]
            for row in 0..<count { lines.append(names.map { columns[$0]?.values[row] ?? "" }.joined(separator: ",")) }
            return lines.joined(separator: "\n") + "\n"
        }
    }
    var versions: [String: String]
    var cases: [Case]

    static let shared: ImputerReference? = {
        guard let folder = Bundle.module.url(forResource: "Fixtures", withExtension: nil),
              let data = try? Data(contentsOf: folder.appendingPathComponent("imputer_reference.json")) else { return nil }
        return try? JSONDecoder().decode(ImputerReference.self, from: data)
    }()
}

@Suite struct ImputerTests {
    static var cases: [ImputerReference.Case] { ImputerReference.shared?.cases ?? [] }

    @Test func referenceFixtureLoads() throws {
        let reference = try #require(ImputerReference.shared)
        #expect(reference.cases.count == 2)
        #expect(reference.versions["scikit-learn"] != nil)
    }

    /// Means are summed in Double over the Float values, as scikit-learn sums the same values in
    /// float64, then rounded to Float: they agree to one Float rounding (relative 2⁻²⁴ ≈ 6e-8;
    /// 1e-7 allows for the order of the additions). Medians and most frequent values are values
    /// of the data (or, for an even count, the Double mean of two Floats rounded once) and match
    /// exactly.
    @Test(arguments: cases)
    func fillValuesMatchScikitLearn(_ reference: ImputerReference.Case) throws {
        let table = try DataTable(csvText: reference.csv, name: "\(reference.name).csv",
                                  categorical: Set(reference.columns.filter { $0.value.kind == "text" }.keys))
        let rows = Array(0..<reference.trainRows)
        let names = reference.columns.keys.sorted()
        let numericNames = names.filter { reference.columns[$0]?.kind == "numeric" }
        let textNames = names.filter { reference.columns[$0]?.kind == "text" }
        let imputer = Imputer.fit(
            numeric: try numericNames.map { name in try rows.map { try table.column(named: name).values[$0] } },
            categorical: try textNames.map { name in try rows.map { try table.column(named: name).text(at: $0) } })
        for (index, name) in numericNames.enumerated() {
            let fills = try #require(reference.columns[name]?.fills)
            for (policy, key) in [(MissingValuePolicy.mean, "mean"), (.median, "median"), (.mostFrequent, "most_frequent")] {
                guard case .number(let expected) = try #require(fills[key]) else { Issue.record("\(key) is not a number"); continue }
                let actual = try #require(imputer.numericFill(index, policy: policy))
                if policy == .mean {
                    #expect(abs(Double(actual) - expected) <= 1e-7 * abs(expected), "\(name) \(key)")
                } else {
                    #expect(actual == Float(expected), "\(name) \(key)")
                }
            }
        }
        for (index, name) in textNames.enumerated() {
            guard case .text(let expected) = try #require(reference.columns[name]?.fills["most_frequent"]) else {
                Issue.record("most_frequent of \(name) is not text"); continue
            }
            for policy in [MissingValuePolicy.mean, .median, .mostFrequent] {
                #expect(imputer.categoricalFill(index, policy: policy) == expected, "\(name) under \(policy)")
            }
        }
    }

    @Test func dropFillsAsMedianAndErrorDoesNotFill() {
        let imputer = Imputer.fit(numeric: [[1, 2, 10]], categorical: [["a", nil, "b", "b"]])
        #expect(imputer.numericFill(0, policy: .drop) == 2)
        #expect(imputer.numericFill(0, policy: .error) == nil)
        #expect(imputer.categoricalFill(0, policy: .drop) == "b")
        #expect(imputer.categoricalFill(0, policy: .error) == nil)
    }

    @Test func modelFilesWithoutMediansFillByMeanOnly() throws {
        // A preprocessor as files written before medians were stored hold it: means only.
        let json = "{\"inputColumns\":[{\"kind\":\"numeric\",\"name\":\"x\"}],\"missingValues\":\"mean\",\"mostFrequentCategories\":[],"
            + "\"numericMeans\":[2.5],\"oneHotEncoder\":{\"categories\":[],\"columnNames\":[],\"unseenCategories\":\"error\"},"
            + "\"standardizer\":{\"means\":[0],\"standardDeviations\":[1]},\"targetColumn\":\"y\",\"task\":\"regression\"}"
        let preprocessor = try JSONDecoder().decode(Preprocessor.self, from: Data(json.utf8))
        #expect(preprocessor.imputer.numericMedians == nil)
        let table = try DataTable(csvText: "x\nNA\n4\n", name: "p.csv")
        #expect(try preprocessor.features(of: table).storage == [2.5, 4])
        #expect(throws: DataError.fillUnavailable(policy: "median")) {
            _ = try preprocessor.features(of: table, missingValues: .median)
        }
        // Written again, the file stays readable by the same rule.
        let again = try JSONDecoder().decode(Preprocessor.self, from: try JSONEncoder().encode(preprocessor))
        #expect(again == preprocessor)
    }

    @Test func fittingStoresEveryStatisticWhateverThePolicy() throws {
        let table = try DataTable(csvText: "x,c,y\n1,a,0\nNA,b,1\n3,b,0\n10,,1\n", name: "f.csv")
        for policy in MissingValuePolicy.allCases where policy != .error {
            let preprocessor = try Preprocessor.fit(table, target: "y", missingValues: policy)
            #expect(preprocessor.imputer.numericMeans == [14.0 / 3.0])
            #expect(preprocessor.imputer.numericMedians == [3])
            #expect(preprocessor.imputer.numericModes == [1])
            #expect(preprocessor.imputer.categoricalModes == ["b"])
        }
    }

    @Test func aColumnWithoutValuesCannotBeFilled() throws {
        let table = try DataTable(csvText: "x,z,y\n1,NA,0\n2,,1\n", name: "e.csv")
        #expect(throws: DataError.noValues(column: "z", file: "e.csv")) {
            _ = try PreparedData(table: table, options: PreparationOptions(target: "y"))
        }
    }
}
