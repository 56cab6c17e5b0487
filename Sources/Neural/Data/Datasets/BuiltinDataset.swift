/// Small real data sets compiled into the library, so examples and `neural demo` need no file.
///
/// - `iris`: Fisher's iris (150 rows, 4 numeric features, target `species` with 3 classes;
///   public domain) — classification.
/// - `diabetes`: Efron et al.'s diabetes data (442 rows, 10 numeric features, target
///   `progression`; distributed with scikit-learn) — regression.
///
/// Both are generated from scikit-learn's data files by `scripts/generate_builtin_datasets.py`.
///
/// ```swift
/// let table = try BuiltinDataset.iris.table()
/// let data = try PreparedData(table: table, options: PreparationOptions(target: BuiltinDataset.iris.target))
/// ```
public enum BuiltinDataset: String, Sendable, CaseIterable, Codable {
    case iris
    case diabetes

    /// The data as CSV text (header first, comma-separated, LF line ends).
    public var csvText: String {
        switch self {
        case .iris: return Self.irisCSV
        case .diabetes: return Self.diabetesCSV
        }
    }

    /// The name of the target column.
    public var target: String {
        switch self {
        case .iris: return "species"
        case .diabetes: return "progression"
        }
    }

    /// The task the data set is meant for.
    public var task: LearningTask {
        switch self {
        case .iris: return .classification
        case .diabetes: return .regression
        }
    }

    /// The number of data rows.
    public var rowCount: Int {
        switch self {
        case .iris: return 150
        case .diabetes: return 442
        }
    }

    /// The data set read into a typed table (the file is named after the data set in messages).
    public func table() throws -> DataTable {
        try DataTable(csvText: csvText, name: rawValue)
    }
}
