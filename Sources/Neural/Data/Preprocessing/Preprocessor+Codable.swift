extension Preprocessor {
    private enum CodingKeys: String, CodingKey {
        case inputColumns, targetColumn, task, missingValues, numericMeans, standardizer
        case mostFrequentCategories, oneHotEncoder, labelEncoder, numericMedians, numericModes
    }

    /// Decodes a preprocessor and checks that its parts agree (a model file is outside input:
    /// a mismatch is a `DecodingError`, never a crash).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let inputColumns = try container.decode([InputColumn].self, forKey: .inputColumns)
        let task = try container.decode(LearningTask.self, forKey: .task)
        let numericMeans = try container.decode([Float].self, forKey: .numericMeans)
        let standardizer = try container.decode(Standardizer.self, forKey: .standardizer)
        let mostFrequent = try container.decode([String].self, forKey: .mostFrequentCategories)
        let oneHot = try container.decode(OneHotEncoder.self, forKey: .oneHotEncoder)
        let labels = try container.decodeIfPresent(LabelEncoder.self, forKey: .labelEncoder)
        // Absent in files written before medians were stored.
        let medians = try container.decodeIfPresent([Float].self, forKey: .numericMedians)
        let modes = try container.decodeIfPresent([Float].self, forKey: .numericModes)
        let numericCount = inputColumns.filter { $0.kind == .numeric }.count
        let categoricalCount = inputColumns.count - numericCount
        var problems = [String]()
        if numericMeans.count != numericCount || standardizer.columnCount != numericCount {
            problems.append("\(numericCount) numeric columns but \(numericMeans.count) means and \(standardizer.columnCount) scaler columns")
        }
        if medians.map({ $0.count != numericCount }) ?? false || modes.map({ $0.count != numericCount }) ?? false {
            problems.append("\(numericCount) numeric columns but \(medians?.count ?? 0) medians and \(modes?.count ?? 0) most frequent values")
        }
        if !((medians ?? []) + (modes ?? [])).allSatisfy(\.isFinite) {
            problems.append("an imputation median or most frequent value that is not finite")
        }
        if oneHot.columnNames.count != categoricalCount || mostFrequent.count != categoricalCount {
            problems.append("\(categoricalCount) categorical columns but \(oneHot.columnNames.count) encoded columns")
        }
        if (task == .classification) != (labels != nil) {
            problems.append("task \(task.rawValue) with\(labels == nil ? "out" : "") a label encoder")
        }
        if let index = numericMeans.firstIndex(where: { !$0.isFinite }) {
            problems.append("imputation mean \(index) is \(numericMeans[index])")
        }
        guard problems.isEmpty else {
            throw DecodingError.dataCorrupted(DecodingError.Context(
                codingPath: decoder.codingPath,
                debugDescription: "inconsistent preprocessor: " + problems.joined(separator: "; ")))
        }
        self.init(inputColumns: inputColumns,
                  targetColumn: try container.decode(String.self, forKey: .targetColumn),
                  task: task,
                  missingValues: try container.decode(MissingValuePolicy.self, forKey: .missingValues),
                  imputer: Imputer(numericMeans: numericMeans, numericMedians: medians, numericModes: modes,
                                   categoricalModes: mostFrequent),
                  standardizer: standardizer, oneHotEncoder: oneHot, labelEncoder: labels)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(inputColumns, forKey: .inputColumns)
        try container.encode(targetColumn, forKey: .targetColumn)
        try container.encode(task, forKey: .task)
        try container.encode(missingValues, forKey: .missingValues)
        try container.encode(numericMeans, forKey: .numericMeans)
        try container.encode(standardizer, forKey: .standardizer)
        try container.encode(mostFrequentCategories, forKey: .mostFrequentCategories)
        try container.encodeIfPresent(imputer.numericMedians, forKey: .numericMedians)
        try container.encodeIfPresent(imputer.numericModes, forKey: .numericModes)
        try container.encode(oneHotEncoder, forKey: .oneHotEncoder)
        try container.encodeIfPresent(labelEncoder, forKey: .labelEncoder)
    }
}
