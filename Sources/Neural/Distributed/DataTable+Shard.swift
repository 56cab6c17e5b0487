import Foundation

extension DataTable {
    /// This rank's share of the CSV file at `url`, for `--shard`: the file's records are split
    /// among `communicator`'s ranks by byte ranges (`CSVShardBoundaries`: a quoted line break
    /// never splits a record), and each rank reads and types only its own, with every row's
    /// line counted in the whole file.
    ///
    /// Column types are agreed among the ranks, so every rank reads a column as one process
    /// would: a column numeric on one share and text on another is `DataError.mixedColumn`
    /// naming the first value of the rarer kind (its line in the whole file); a column with no
    /// value in a share takes the others' type. An error on one rank (a bad row in its share)
    /// stops every rank with the message of the first such rank in file order
    /// (`Communicator.agreeing(_:)`). Every rank must call it with the same arguments.
    public init(shardOf url: URL, options: CSVOptions = CSVOptions(), columns: [String]? = nil,
                categorical: Set<String> = [], communicator: any Communicator) throws {
        let (local, header) = try communicator.agreeing {
            let shards = try CSVShardBoundaries.shards(ofFileAt: url.path, delimiter: options.delimiter,
                                                       parts: communicator.size)
            let reader = try CSVReader(contentsOf: url, shard: shards[communicator.rank], options: options)
            return (try DataTable(reader: reader, columns: columns, categorical: categorical), reader.header)
        }
        let rows = communicator.summed([Double(local.rowCount)])[0]
        if rows == 0 { throw DataError.noDataRows(file: url.path) }
        self = try communicator.agreeing { try local.agreeingOnKinds(header: header, communicator) }
    }

    /// What a rank says about one column for the type agreement.
    private struct ColumnKindReport: Codable {
        /// "numeric" or "categorical".
        var kind: String
        /// Present values in this share.
        var present: Int
        /// The first present value and its line.
        var firstLine: Int
        var firstText: String
    }

    /// This share with every column of the type the whole file gives it.
    private func agreeingOnKinds(header: [String], _ communicator: any Communicator) throws -> DataTable {
        let own = columns.map { column -> ColumnKindReport in
            let first = (0..<column.count).first { !column.isMissing($0) }
            return ColumnKindReport(kind: column.kind.rawValue, present: (0..<column.count).count(where: { !column.isMissing($0) }),
                                    firstLine: first.map { lines[$0] } ?? 0,
                                    firstText: first.flatMap { column.text(at: $0) } ?? "")
        }
        let all = try communicator.allGather(json: own)
        var agreed = columns
        for (index, column) in columns.enumerated() {
            let reports = all.map { $0[index] }.filter { $0.present > 0 }
            let numeric = reports.filter { $0.kind == DataColumn.Kind.numeric.rawValue }
            let text = reports.filter { $0.kind == DataColumn.Kind.categorical.rawValue }
            if let firstNumber = numeric.first, let firstText = text.first {
                // One process reads the whole column and names the first value of the rarer kind.
                let numbers = numeric.reduce(0) { $0 + $1.present }, texts = text.reduce(0) { $0 + $1.present }
                let (odd, example, expected) = numbers < texts
                    ? (firstNumber, firstText, "text") : (firstText, firstNumber, "numbers")
                let position = header.firstIndex(of: column.name).map { $0 + 1 }
                throw DataError.mixedColumn(SourceLocation(file: file, line: odd.firstLine, column: position, columnName: column.name),
                                            value: odd.firstText, expected: expected, example: example.firstText,
                                            exampleLine: example.firstLine)
            }
            if !text.isEmpty && column.kind == .numeric {
                // Nothing present here: the same missing values, as a text column.
                agreed[index] = DataColumn(name: column.name, codes: [Int32](repeating: -1, count: column.count), categories: [])
            }
        }
        return DataTable(file: file, columns: agreed, lines: lines)
    }
}
