/// What to do with a missing value (an empty field, `NA` or `NaN`, any case).
///
/// The raw values are the command line's spelling (`--missing error|drop|mean|median|most-frequent`).
/// The filling policies follow scikit-learn's `SimpleImputer` (`strategy="mean"`, `"median"`,
/// `"most_frequent"`), with the fill values learned on the training rows only (`Imputer`).
/// Text columns have no mean or median: under `.mean` and `.median` they are filled with their
/// most frequent training category. A target is never filled: a row whose target is missing is
/// dropped under every policy but `.error`.
public enum MissingValuePolicy: String, Sendable, Codable, CaseIterable, Equatable {
    /// Stop with an error naming the file, line and column.
    case error
    /// Drop every row with a missing value in a used column (feature or target). A prediction
    /// cannot drop its row: predicting with a model trained under `.drop` fills with the
    /// training medians and most frequent categories (`fillingPolicy`).
    case drop
    /// Fill a number with its training mean, a category with its most frequent training value.
    case mean
    /// Fill a number with its training median (the default), a category with its most frequent
    /// training value.
    case median
    /// Fill numbers and categories alike with their most frequent training value (ties: the
    /// smallest, as scikit-learn).
    case mostFrequent = "most-frequent"

    /// Whether missing feature values are filled (`.mean`, `.median`, `.mostFrequent`).
    public var fills: Bool { self == .mean || self == .median || self == .mostFrequent }

    /// The policy a single row is predicted under: a filling policy as it is; `.drop`, which
    /// cannot drop a row that must be predicted, fills as `.median`; `.error` stays `.error`.
    public var fillingPolicy: MissingValuePolicy { self == .drop ? .median : self }
}

/// What to do at transform time with a category the encoder did not see when fitted.
public enum UnseenCategoryPolicy: String, Sendable, Codable, CaseIterable, Equatable {
    /// Throw `DataError.unseenCategory` naming the value, the column and the line (the default).
    case error
    /// Encode the value as a row of zeros in that column's one-hot block.
    case allZeros = "all-zeros"
}
