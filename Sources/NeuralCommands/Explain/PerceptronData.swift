import Foundation
import Neural
import NeuralExplanations

/// A CSV file read for `neural explain perceptron --data FILE --target COL`: numeric feature
/// columns and a target column with exactly two values (0/1, or two categories, the first in
/// sorted order being class 0).
struct PerceptronData {
    var inputs: Matrix
    var targets: [Int]
    var featureNames: [String]

    static func read(path: String, target: String) throws -> PerceptronData {
        let table: DataTable
        do {
            let input = try InputFile(path, role: "data file")
            table = try input.naming { try DataTable(contentsOf: input.url) }
        } catch let error as CommandError {
            throw error
        } catch {
            throw CommandError.badInput("cannot read \(path): \(error)")
        }
        guard table.columnNames.contains(target) else {
            throw CommandError.badInput("\(path) has no column '\(target)'; its columns are \(table.columnNames.joined(separator: ", "))")
        }
        let features = table.columns.filter { $0.name != target }
        guard !features.isEmpty, table.rowCount > 0 else {
            throw CommandError.badInput("\(path) needs at least one feature column besides '\(target)' and one row")
        }
        guard table.rowCount <= 1000 else {
            throw CommandError.badInput("\(path) has \(table.rowCount) rows; the perceptron explanation prints every sample, so it takes at most 1000")
        }
        for column in features {
            guard column.kind == .numeric else {
                throw CommandError.badInput("\(path): the feature column '\(column.name)' is not numeric")
            }
            if let row = (0..<column.count).first(where: { column.isMissing($0) || !column.values[$0].isFinite }) {
                throw CommandError.badInput("\(table.location(row: row, column: column.name)): missing or non-finite value")
            }
        }
        let targetColumn = try table.column(named: target, role: "target")
        if let row = (0..<targetColumn.count).first(where: { targetColumn.isMissing($0) }) {
            throw CommandError.badInput("\(table.location(row: row, column: target)): the target is missing")
        }
        let classes = (0..<targetColumn.count).map { targetColumn.text(at: $0) ?? "" }
        let distinct = Array(Set(classes)).sorted { lhs, rhs in
            if let l = Double(lhs), let r = Double(rhs) { return l < r }
            return lhs < rhs
        }
        guard distinct.count == 2 else {
            throw CommandError.badInput("the target '\(target)' must have exactly two values, it has \(distinct.count): \(distinct.prefix(5).joined(separator: ", "))")
        }
        let inputs = Matrix(rows: table.rowCount, columns: features.count) { row, column in features[column].values[row] }
        return PerceptronData(inputs: inputs, targets: classes.map { $0 == distinct[0] ? 0 : 1 },
                              featureNames: features.map(\.name))
    }
}
