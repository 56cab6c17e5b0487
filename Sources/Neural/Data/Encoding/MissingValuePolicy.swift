/// What to do with a missing value (an empty field, `NA` or `NaN`, any case).
///
/// The raw values are the command line's spelling (`--missing error|drop|mean`).
public enum MissingValuePolicy: String, Sendable, Codable, CaseIterable, Equatable {
    /// Stop with an error naming the file, line and column (the default).
    case error
    /// Drop every row with a missing value in a used column (feature or target).
    case drop
    /// Replace a missing numeric feature by its mean over the training rows and a missing
    /// categorical feature by its most frequent training category (ties: the first in
    /// `CategoryOrder`). A target is never imputed: a row whose target is missing is dropped.
    case mean
}

/// What to do at transform time with a category the encoder did not see when fitted.
public enum UnseenCategoryPolicy: String, Sendable, Codable, CaseIterable, Equatable {
    /// Throw `DataError.unseenCategory` naming the value, the column and the line (the default).
    case error
    /// Encode the value as a row of zeros in that column's one-hot block.
    case allZeros = "all-zeros"
}
