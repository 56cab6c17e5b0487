import Foundation
import Neural

/// A trained model as the server presents it: its name, its inputs (the CSV columns: FP32 for
/// numeric, BYTES for text) and outputs (`prediction`, and `probabilities` for a classifier), and
/// the conversions between requests and the model's tables and predictions.
///
/// The same preprocessing as `neural predict` runs on every request: a request's tensors (or CSV)
/// become a `DataTable` typed as the model's reading plan types a file, then
/// `Preprocessor.features(of:)` gives the `[rows, features]` matrix, so both give identical
/// predictions for identical values.
public final class ServedModel: Sendable {
    /// The name in URLs (`/v2/models/{name}`).
    public let name: String
    /// The model's only version (the URLs with `/versions/{version}` accept this one).
    public let version: String = "1"
    /// The file it was loaded from.
    public let path: String
    public let model: TrainedModel

    public init(name: String, path: String, model: TrainedModel) {
        self.name = name
        self.path = path
        self.model = model
    }

    /// Loads and validates the model file at `path` (`TrainedModel.load`).
    public convenience init(name: String, path: String) throws {
        self.init(name: name, path: path, model: try TrainedModel.load(from: URL(fileURLWithPath: path)))
    }

    /// The single matrix input accepted for models whose inputs are all numeric: FP32
    /// `[rows, columns]`, the columns in the model's order.
    public static let matrixInputName = "input"
    public static let predictionOutput = "prediction"
    public static let probabilitiesOutput = "probabilities"

    var isClassifier: Bool { model.task == .classification }
    var isAllNumeric: Bool { model.preprocessor.inputColumns.allSatisfy { $0.kind == .numeric } }

    /// The output names, in the order they are returned.
    public var outputNames: [String] {
        isClassifier ? [Self.predictionOutput, Self.probabilitiesOutput] : [Self.predictionOutput]
    }

    // MARK: Metadata

    /// `GET /v2/models/{name}`: `{"name", "versions", "platform", "inputs", "outputs"}`, each
    /// tensor `{"name", "datatype", "shape"}` with -1 for the batch dimension.
    public func metadataJSON() -> [UInt8] {
        var writer = JSONWriter()
        writer.raw("{")
        writer.key("name", first: true)
        writer.string(name)
        writer.key("versions")
        writer.stringArray([version])
        writer.key("platform")
        writer.string("neural")
        writer.key("inputs")
        writer.raw("[")
        for (index, column) in model.preprocessor.inputColumns.enumerated() {
            if index > 0 { writer.raw(",") }
            Self.tensorMetadata(&writer, name: column.name, datatype: column.kind == .numeric ? .fp32 : .bytes, shape: [-1])
        }
        writer.raw("]")
        writer.key("outputs")
        writer.raw("[")
        Self.tensorMetadata(&writer, name: Self.predictionOutput, datatype: isClassifier ? .bytes : .fp32, shape: [-1])
        if isClassifier {
            writer.raw(",")
            Self.tensorMetadata(&writer, name: Self.probabilitiesOutput, datatype: .fp32, shape: [-1, model.classNames.count])
        }
        writer.raw("]")
        writer.key("parameters")
        writer.raw("{")
        writer.key("task", first: true)
        writer.string(isClassifier ? "classification" : "regression")
        if isClassifier {
            writer.key("classes")
            writer.stringArray(model.classNames)
        }
        if isAllNumeric {
            writer.key("matrix_input")
            writer.string("\(Self.matrixInputName): FP32 [-1, \(model.inputColumns.count)]")
        }
        writer.raw("}}")
        return writer.bytes
    }

    private static func tensorMetadata(_ writer: inout JSONWriter, name: String, datatype: TensorDatatype, shape: [Int]) {
        writer.raw("{")
        writer.key("name", first: true)
        writer.string(name)
        writer.key("datatype")
        writer.string(datatype.rawValue)
        writer.key("shape")
        writer.shape(shape)
        writer.raw("}")
    }

    // MARK: Requests to tables

    /// The request's tensors as a table with the model's input columns: one tensor per column
    /// (shape `[rows]` or `[rows, 1]`), or for an all-numeric model one FP32 tensor `input`
    /// `[rows, columns]`. Refuses unknown, missing and mistyped inputs, disagreeing row counts,
    /// and more than `maxRows` rows.
    public func table(for request: InferenceRequest, maxRows: Int) throws(InferenceError) -> DataTable {
        let columns = model.preprocessor.inputColumns
        if request.inputs.count == 1, let only = request.inputs.first, only.name == Self.matrixInputName,
           !columns.contains(where: { $0.name == Self.matrixInputName }) {
            return try matrixTable(only, maxRows: maxRows)
        }
        let known = Set(columns.map(\.name))
        for input in request.inputs where !known.contains(input.name) {
            throw .badRequest("The model \(name) has no input \"\(input.name)\"; its inputs are \(columns.map(\.name).joined(separator: ", "))\(isAllNumeric ? " (or one FP32 tensor \"input\" [rows, \(columns.count)])" : "").")
        }
        let missing = columns.filter { column in !request.inputs.contains { $0.name == column.name } }.map(\.name)
        guard missing.isEmpty else {
            throw .badRequest("The request has no input \(missing.map { "\"\($0)\"" }.joined(separator: ", ")) for the model \(name).")
        }
        guard let rows = request.inputs.first?.rows else { throw .badRequest("The request has no inputs.") }
        guard rows <= maxRows else {
            throw .tooLarge("The request has \(rows) rows; at most \(maxRows) are accepted (--max-request-rows).")
        }
        var tableColumns: [DataColumn] = []
        for column in columns {
            guard let input = request.inputs.first(where: { $0.name == column.name }) else { continue }
            guard input.shape == [rows] || input.shape == [rows, 1] else {
                throw .badRequest("The input \"\(input.name)\" has shape \(input.shape); a column takes [\(rows)] or [\(rows), 1] (rows as in the input \"\(request.inputs[0].name)\").")
            }
            switch input.values {
            case .numbers(let values):
                tableColumns.append(DataColumn(name: column.name, values: values))
            case .texts(let texts):
                guard column.kind == .categorical else {
                    throw .badRequest("The input \"\(input.name)\" is BYTES, but the column is numeric: send FP32 (or another number type).")
                }
                tableColumns.append(Self.categorical(name: column.name, texts))
            }
        }
        return DataTable(file: "request", columns: tableColumns, lines: Array(0..<rows))
    }

    private func matrixTable(_ input: InputTensor, maxRows: Int) throws(InferenceError) -> DataTable {
        let columns = model.preprocessor.inputColumns
        guard isAllNumeric else {
            throw .badRequest("The input \"\(Self.matrixInputName)\" needs a model whose inputs are all numeric; \(name) has text columns \(model.preprocessor.categoricalColumnNames.joined(separator: ", ")): send one tensor per column.")
        }
        guard input.shape.count == 2, input.shape[1] == columns.count else {
            throw .badRequest("The input \"\(Self.matrixInputName)\" has shape \(input.shape); the model \(name) takes [rows, \(columns.count)] (columns \(columns.map(\.name).joined(separator: ", "))).")
        }
        guard case .numbers(let values) = input.values else {
            throw .badRequest("The input \"\(Self.matrixInputName)\" must be numbers (FP32), not BYTES.")
        }
        let rows = input.shape[0]
        guard rows <= maxRows else {
            throw .tooLarge("The request has \(rows) rows; at most \(maxRows) are accepted (--max-request-rows).")
        }
        let width = columns.count
        let tableColumns = columns.enumerated().map { index, column in
            DataColumn(name: column.name, values: (0..<rows).map { values[$0 * width + index] })
        }
        return DataTable(file: "request", columns: tableColumns, lines: Array(0..<rows))
    }

    private static func categorical(name: String, _ texts: [String?]) -> DataColumn {
        var categories: [String] = []
        var index: [String: Int32] = [:]
        let codes = texts.map { text -> Int32 in
            guard let text else { return -1 }
            if let code = index[text] { return code }
            let code = Int32(categories.count)
            categories.append(text)
            index[text] = code
            return code
        }
        return DataColumn(name: name, codes: codes, categories: categories)
    }

    /// A CSV body (header row first) read as `neural predict` reads a file.
    public func table(csv: [UInt8], maxRows: Int) throws(InferenceError) -> DataTable {
        do {
            let reader = try CSVReader(bytes: csv, name: "request body")
            try model.checkColumns(header: reader.header, file: "request body")
            let plan = try model.preprocessor.readingPlan(header: reader.header)
            let table = try DataTable(reader: reader, columns: plan.columns, categorical: plan.categorical,
                                      numeric: plan.numeric, maxRows: maxRows + 1)
            guard table.rowCount <= maxRows else {
                throw InferenceError.tooLarge("The CSV body has more than \(maxRows) rows (--max-request-rows).")
            }
            guard table.rowCount > 0 else { throw InferenceError.badRequest("The CSV body has a header but no rows.") }
            return table
        } catch let error as InferenceError {
            throw error
        } catch {
            throw .badRequest("\(error)")
        }
    }

    /// The `[rows, features]` matrix of `table`, as `neural predict` computes it. A tensor's
    /// missing value or unknown category is reported with its input and row.
    public func features(of table: DataTable) throws(InferenceError) -> Matrix {
        do {
            return try model.preprocessor.features(of: table)
        } catch let error as DataError where table.file == "request" {
            switch error {
            case .missingValue(let location):
                throw .badRequest("The input \"\(location.columnName ?? "?")\", row \(location.line): the value is missing, and the model was trained to refuse missing values.")
            case .unseenCategory(let value, let column, let location):
                throw .badRequest("The input \"\(column)\", row \(location?.line ?? 0): the category \"\(value)\" was not seen in training.")
            default:
                throw .badRequest("\(error)")
            }
        } catch {
            throw .badRequest("\(error)")
        }
    }
}
