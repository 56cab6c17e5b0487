import Foundation
import Testing
import NeuralTestSupport
@testable import Neural

/// `--shard` in the library: each rank reads its byte range of the file and the preparation is
/// computed across the ranks (ranks as threads, `ThreadGroupCommunicator`, which runs the code
/// path of `mpirun` ranks; `.ci/mpi.sh` runs it under mpirun). Every statistic is compared with
/// one process's on the whole file.
@Suite struct ShardedPreparationTests {
    /// 400 rows: numbers with repeats and missing values, a text column with quoted line breaks
    /// and commas, a rare-category column for `--max-categories`, an integer column, and a
    /// three-class target. Deterministic.
    static func classificationFile() throws -> URL {
        var generator = SeededGenerator(seed: 41)
        var lines = ["x,count,note,city,y"]
        let cities = ["Oslo", "Bergen", "Tromsø", "Bodø", "Molde", "Hamar"]
        for row in 0..<400 {
            let x = Float(Int(generator.next() % 2000)) / 100 - 10
            let xText = row % 17 == 5 ? "" : String(x)
            let count = row % 23 == 4 ? "NA" : String(generator.next() % 7)
            let note = row % 9 == 0 ? "\"two\nlines, \"\"quoted\"\"\"" : (row % 31 == 0 ? "" : "n\(generator.next() % 4)")
            // Frequencies 1/2, 1/4, 1/8, …: the last cities are rare.
            let draw = generator.next() % 64
            let city = draw < 32 ? cities[0] : draw < 48 ? cities[1] : draw < 56 ? cities[2] : draw < 60 ? cities[3]
                : draw < 62 ? cities[4] : cities[5]
            let label = x + Float(count == "NA" ? 3 : Int(count) ?? 0) > 2 ? "b" : (x < -4 ? "a" : "c")
            lines.append("\(xText),\(count),\(note),\(row % 29 == 7 ? "" : city),\(label)")
        }
        return try write(lines.joined(separator: "\n") + "\n", name: "sharded-classes")
    }

    /// 300 rows of a numeric target (a price) from two features, one with missing values.
    static func regressionFile() throws -> URL {
        var generator = SeededGenerator(seed: 43)
        var lines = ["a,b,price"]
        for row in 0..<300 {
            let a = Float(Int(generator.next() % 1000)) / 100
            let b = Float(Int(generator.next() % 500)) / 100 - 2.5
            let price = 1000 + 40 * a - 25 * b * b + Float(Int(generator.next() % 100)) / 10
            lines.append("\(row % 13 == 3 ? "" : String(a)),\(b),\(price)")
        }
        return try write(lines.joined(separator: "\r\n"), name: "sharded-values")
    }

    static func write(_ text: String, name: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(name)-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString).csv")
        try Data(text.utf8).write(to: url)
        return url
    }

    /// What a rank's preparation gives, with its sets as lines of the whole file.
    struct Prepared: Sendable {
        var preprocessor: Preprocessor
        var train: Set<Int>
        var validation: Set<Int>
        var test: Set<Int>
        var dropped: Int
        var filled: [PreparedData.FilledColumn]
        var trainCount: Int
    }

    static func prepareOne(_ url: URL, _ options: PreparationOptions, categorical: Set<String>) throws -> Prepared {
        let table = try DataTable(contentsOf: url, categorical: categorical)
        let data = try PreparedData(table: table, options: options)
        return Prepared(preprocessor: data.preprocessor, train: Set(data.split.train.map { table.lines[$0] }),
                        validation: Set(data.split.validation.map { table.lines[$0] }),
                        test: Set(data.split.test.map { table.lines[$0] }), dropped: data.droppedRowCount,
                        filled: data.filled, trainCount: data.train.count)
    }

    static func prepareSharded(_ url: URL, _ options: PreparationOptions, categorical: Set<String>,
                               ranks: Int) throws -> [Prepared] {
        try ThreadGroupCommunicator.run(size: ranks) { communicator in
            let table = try DataTable(shardOf: url, categorical: categorical, communicator: communicator)
            let data = try PreparedData(shard: table, options: options, communicator: communicator)
            return Prepared(preprocessor: data.preprocessor, train: Set(data.split.train.map { table.lines[$0] }),
                            validation: Set(data.split.validation.map { table.lines[$0] }),
                            test: Set(data.split.test.map { table.lines[$0] }), dropped: data.droppedRowCount,
                            filled: data.filled, trainCount: data.train.count)
        }
    }

    /// Means and standard deviations: one process sums in one pass and squares in a second,
    /// the ranks combine their counts, means and M2 by Chan's formula; both are Double until
    /// the final rounding to Float, so they may differ by one unit in the last place, no more.
    static func withinOneUlp(_ lhs: [Float], _ rhs: [Float]) -> Bool {
        lhs.count == rhs.count && zip(lhs, rhs).allSatisfy { abs($0 - $1) <= max(abs($0), abs($1)).ulp }
    }

    static func expectEqual(_ sharded: [Prepared], _ one: Prepared) {
        for rank in sharded {
            // Every rank has the same preprocessing, bit for bit.
            #expect(rank.preprocessor == sharded[0].preprocessor)
            #expect(rank.dropped == one.dropped)
            #expect(rank.filled == one.filled)
        }
        let fitted = sharded[0].preprocessor, reference = one.preprocessor
        #expect(fitted.inputColumns == reference.inputColumns)
        #expect(fitted.task == reference.task)
        #expect(fitted.labelEncoder == reference.labelEncoder)
        #expect(fitted.oneHotEncoder == reference.oneHotEncoder)
        #expect(withinOneUlp(fitted.standardizer.means, reference.standardizer.means))
        #expect(withinOneUlp(fitted.standardizer.standardDeviations, reference.standardizer.standardDeviations))
        #expect(withinOneUlp(fitted.imputer.numericMeans, reference.imputer.numericMeans))
        // Order statistics and most frequent values are exact.
        #expect(fitted.imputer.numericMedians == reference.imputer.numericMedians)
        #expect(fitted.imputer.categoricalModes == reference.imputer.categoricalModes)
        if fitted.missingValues == .mostFrequent {
            #expect(fitted.imputer.numericModes == reference.imputer.numericModes)
        }
        // The split is one process's: the same rows (so the same sizes), each on one rank.
        for (set, name) in [(\Prepared.train, "train"), (\Prepared.validation, "validation"), (\Prepared.test, "test")] {
            let union = sharded.reduce(into: Set<Int>()) { $0.formUnion($1[keyPath: set]) }
            #expect(union == one[keyPath: set], "\(name)")
            #expect(sharded.map { $0[keyPath: set].count }.reduce(0, +) == one[keyPath: set].count, "\(name)")
        }
        #expect(sharded.map(\.trainCount).reduce(0, +) == one.trainCount)
    }

    static let classOptions: [PreparationOptions] = [
        PreparationOptions(target: "y", validationFraction: 0.2, testFraction: 0.1, seed: 5, maxCategories: 4),
        PreparationOptions(target: "y", missingValues: .mostFrequent, validationFraction: 0.15, seed: 9),
        PreparationOptions(target: "y", missingValues: .drop, testFraction: 0.25, stratify: false, seed: 2),
        PreparationOptions(target: "y", missingValues: .mean, unseenCategories: .allZeros, standardize: false),
    ]

    @Test(arguments: [2, 3, 5], 0..<classOptions.count)
    func classificationStatisticsEqualOneProcess(ranks: Int, option: Int) throws {
        let url = try Self.classificationFile()
        defer { try? FileManager.default.removeItem(at: url) }
        let options = Self.classOptions[option]
        let one = try Self.prepareOne(url, options, categorical: ["count"])
        Self.expectEqual(try Self.prepareSharded(url, options, categorical: ["count"], ranks: ranks), one)
    }

    @Test(arguments: [2, 3])
    func regressionStatisticsEqualOneProcess(ranks: Int) throws {
        let url = try Self.regressionFile()
        defer { try? FileManager.default.removeItem(at: url) }
        for options in [PreparationOptions(target: "price", validationFraction: 0.1, testFraction: 0.2, seed: 4),
                        PreparationOptions(target: "price", missingValues: .mostFrequent, seed: 1)] {
            let one = try Self.prepareOne(url, options, categorical: [])
            #expect(one.preprocessor.task == .regression)
            Self.expectEqual(try Self.prepareSharded(url, options, categorical: [], ranks: ranks), one)
        }
    }

    /// An integer target with few values is read as classes whichever rank holds which value,
    /// and numbers in one share with text in another make one process's mixed-column error.
    @Test func taskAndColumnTypesAreDecidedOverTheWholeFile() throws {
        let integers = try Self.write("f,k\n" + (0..<60).map { "\($0 % 7),\($0 < 30 ? 1 : 2)" }.joined(separator: "\n"), name: "sharded-task")
        defer { try? FileManager.default.removeItem(at: integers) }
        let options = PreparationOptions(target: "k")
        let one = try Self.prepareOne(integers, options, categorical: [])
        #expect(one.preprocessor.task == .classification)
        Self.expectEqual(try Self.prepareSharded(integers, options, categorical: [], ranks: 2), one)

        // One number on line 2, text from line 32 on: the shares see one kind each.
        let mixed = try Self.write("f,g,y\n" + (0..<40).map { "\($0),\($0 == 0 ? "1.5" : $0 < 30 ? "" : "t\($0)"),\($0 % 2)" }
            .joined(separator: "\n") + "\n", name: "sharded-mixed")
        defer { try? FileManager.default.removeItem(at: mixed) }
        let oneError = try #require(throws: DataError.self) { try DataTable(contentsOf: mixed) }
        for ranks in [2, 3] {
            let messages = try ThreadGroupCommunicator.run(size: ranks) { communicator -> String in
                do {
                    _ = try DataTable(shardOf: mixed, communicator: communicator)
                    return "no error"
                } catch {
                    return "\(error)"
                }
            }
            #expect(messages == [String](repeating: "\(oneError)", count: ranks), "\(ranks) ranks")
        }
    }

    /// A bad row in any share stops every rank with one process's message: its line in the whole file.
    @Test(arguments: [2, 3, 4])
    func aBadRowIsNamedByItsLineInTheWholeFile(ranks: Int) throws {
        var rows = (0..<50).map { "\($0),\"a\nb\",\($0 % 2)" }
        rows[41] = "41,x,1,extra"
        let url = try Self.write("f,note,y\n" + rows.joined(separator: "\n") + "\n", name: "sharded-bad")
        defer { try? FileManager.default.removeItem(at: url) }
        let oneError = try #require(throws: DataError.self) { try DataTable(contentsOf: url) }
        #expect("\(oneError)".contains("line 84"))  // the header, 41 rows of two lines each, then row 41
        let messages = try ThreadGroupCommunicator.run(size: ranks) { communicator -> String in
            do {
                _ = try DataTable(shardOf: url, communicator: communicator)
                return "no error"
            } catch {
                return "\(error)"
            }
        }
        #expect(messages == [String](repeating: "\(oneError)", count: ranks))
    }

    /// The distributed metrics of a model on a set split among ranks are those of the whole set.
    @Test func metricsOfASplitSetAreTheWholeSetsMetrics() throws {
        let url = try Self.classificationFile()
        defer { try? FileManager.default.removeItem(at: url) }
        let table = try DataTable(contentsOf: url, categorical: ["count"])
        let data = try PreparedData(table: table, options: PreparationOptions(target: "y", testFraction: 0.3, seed: 3))
        let network = Network(inputSize: data.preprocessor.featureCount, hiddenLayers: [6],
                              outputSize: data.preprocessor.outputCount, activation: .tanh, seed: 8)
        let model = TrainedModel(network: network, preprocessor: data.preprocessor,
                                 configuration: TrainingConfiguration(loss: .categoricalCrossEntropy))
        let test = try #require(data.test)
        let whole = model.evaluate(test)
        let split = try ThreadGroupCommunicator.run(size: 3) { communicator in
            let rows = Array(contiguousShare(of: test.count, rank: communicator.rank, size: 3))
            return model.evaluate(test.subset(rows), communicator: communicator)
        }
        for metrics in split { #expect(metrics == whole) }
    }
}
