import Foundation

/// Everything that can be wrong with tabular input: the CSV syntax, the column types, the
/// missing values, the column selection, the encoders and the splits.
///
/// Every case that concerns a place in a file carries a `SourceLocation` (file, 1-based line,
/// 1-based column and its header name). `description` is one or two plain sentences meant to
/// be shown to the user as is.
public enum DataError: Error, Sendable, Equatable, CustomStringConvertible, LocalizedError {
    // MARK: Reading
    /// The file could not be opened or read (`reason` comes from the operating system).
    case unreadableFile(file: String, reason: String)
    /// The file has no header: it is empty or holds only a byte-order mark and empty lines.
    case emptyFile(file: String)
    /// The header row is present but no data row follows.
    case noDataRows(file: String)
    /// Two header fields have the same name (`first` and `second` are 1-based columns).
    case duplicateColumnName(file: String, name: String, first: Int, second: Int)
    /// Header field `column` is empty, and the name an empty field gets (`column_N`) is already
    /// the name of column `namedColumn` (both 1-based).
    case unnamedColumnNameTaken(file: String, column: Int, name: String, namedColumn: Int)
    /// A data row has a different number of fields than the header.
    case raggedRow(SourceLocation, fieldCount: Int, headerCount: Int)
    /// A quoted field is never closed; the location is where the opening quote is.
    case unterminatedQuote(SourceLocation)
    /// A closing quote is followed by something other than a delimiter or the end of the line.
    case unexpectedCharacterAfterQuote(SourceLocation, character: String)
    /// A field is not valid UTF-8.
    case invalidUTF8(SourceLocation)
    /// A record is longer than `CSVOptions.maxRecordBytes`.
    case recordTooLong(SourceLocation, limit: Int)

    // MARK: Columns and values
    /// A named column does not exist; `available` lists the header in order.
    case missingColumn(name: String, role: String, available: [String])
    /// A column holds both numbers and text. The location and `value` are the first value of
    /// the rarer kind (almost always the typo; on a tie, the text); `expected` says what the
    /// column holds ("numbers" or "text") and `example`, on `exampleLine`, is its first value.
    case mixedColumn(SourceLocation, value: String, expected: String, example: String, exampleLine: Int)
    /// `inf`, `-inf` or a number too large for `Float` in a numeric column.
    case nonFiniteValue(SourceLocation, value: String)
    /// A missing value (empty, `NA` or `NaN`) where the policy is `.error`.
    case missingValue(SourceLocation)
    /// A feature column has no value at all in the training rows, so missing values in it
    /// cannot be filled.
    case noValues(column: String, file: String)
    /// The model file predates the statistic a missing-value policy fills with.
    case fillUnavailable(policy: String)
    /// A value used where a number is required (for example a regression target) is not one.
    case notNumeric(SourceLocation, value: String)
    /// The column selection is unusable (no features, the target among the features, …).
    case invalidColumnSelection(String)
    /// No rows remain after dropping rows with missing values.
    case noRowsLeft(file: String, dropped: Int)
    /// Reading the file would take more memory than is available (`MemoryBudget`): after `rows`
    /// rows the table holds `bytes` bytes, more than half of `available` (the rest is for the
    /// feature matrix). The file is too large, or still growing.
    case tableTooLarge(file: String, rows: Int, bytes: Int, available: UInt64)
    /// The feature matrix of `rows` rows and `features` features would need `bytes` bytes (nil:
    /// more than 2⁶³), more than the `available` bytes; `widestColumn` is the categorical column
    /// with the most one-hot outputs (`widestOutputs` of them), nil without one.
    case featuresTooLarge(rows: Int, features: Int, bytes: Int?, available: UInt64, widestColumn: String?, widestOutputs: Int)

    // MARK: Targets and encoders
    /// A classification target has fewer than two classes.
    case singleClass(column: String, className: String)
    /// A category was not seen when the encoder was fitted and the policy is `.error`.
    case unseenCategory(value: String, column: String, location: SourceLocation?)
    /// A class label was not seen when the label encoder was fitted.
    case unseenClass(value: String, column: String, location: SourceLocation?)
    /// The target has classes a model being fine-tuned does not know (every one, in file order).
    case unknownClasses(column: String, classes: [String], known: [String])
    /// The input columns do not match those the preprocessor was fitted on.
    case columnKindMismatch(column: String, expected: String, found: String)

    // MARK: Splits
    /// A requested split fraction is outside `[0, 1)` or the fractions sum to 1 or more.
    case invalidSplitFraction(String)
    /// A split would hold no rows.
    case emptySplit(name: String, rowCount: Int, fraction: Double)
    /// A class has too few rows to appear in every part of a stratified split.
    case tooFewClassMembers(className: String, count: Int, needed: Int)

    public var description: String {
        switch self {
        case let .unreadableFile(file, reason):
            return "Cannot read \(file): \(clause(reason))."
        case let .emptyFile(file):
            return "\(file) is empty; expected a header row followed by data rows."
        case let .noDataRows(file):
            return "\(file) has a header row but no data rows."
        case let .duplicateColumnName(file, name, first, second):
            return "\(file): the header names column \(first) and column \(second) both \"\(name)\"; column names must be unique."
        case let .unnamedColumnNameTaken(file, column, name, namedColumn):
            return "\(file): column \(column) has no name in the header, and the name an unnamed column gets, \"\(name)\", is already column \(namedColumn)'s; give column \(column) a name in the header (or rename column \(namedColumn))."
        case let .raggedRow(location, fieldCount, headerCount):
            return "\(location.file), line \(location.line) has \(fieldCount) field\(fieldCount == 1 ? "" : "s"), the header has \(headerCount)."
        case let .unterminatedQuote(location):
            return "\(location): the quoted field opened here is never closed; expected a closing \"."
        case let .unexpectedCharacterAfterQuote(location, character):
            return "\(location): expected a delimiter or the end of the line after the closing quote, found \(character)."
        case let .invalidUTF8(location):
            return "\(location): the field is not valid UTF-8 text."
        case let .recordTooLong(location, limit):
            return "\(location.file): the record starting at line \(location.line) is longer than \(limit) bytes (an unclosed quote makes a record run on; otherwise raise the limit: --max-record-bytes on the command line, CSVOptions.maxRecordBytes in code)."
        case let .missingColumn(name, role, available):
            return "No column named \"\(name)\" for the \(role); the columns are: \(available.map { "\"\($0)\"" }.joined(separator: ", "))."
        case let .mixedColumn(location, value, expected, example, exampleLine):
            return "\(location): found \"\(value)\" but the column holds \(expected) (for example \"\(example)\" on line \(exampleLine)); fix the value, or declare the column categorical."
        case let .nonFiniteValue(location, value):
            return "\(location): \"\(value)\" is not a finite number; infinite values cannot be used."
        case let .missingValue(location):
            return "\(location): the value is missing; --missing median (or mean, most-frequent) fills missing values."
        case let .fillUnavailable(policy):
            return policy == "median"
                ? "The model file stores no medians (it was saved before they were kept); fill with --missing mean, or retrain the model."
                : "The model file stores no most frequent numbers (it was saved before they were kept, or trained with --shard under another --missing policy); fill with --missing mean, or retrain the model."
        case let .noValues(column, file):
            return "\(file): the feature \"\(column)\" has no value in the training rows, so its missing values cannot be filled; leave it out with --features."
        case let .notNumeric(location, value):
            return "\(location): expected a number, found \"\(value)\"."
        case let .invalidColumnSelection(reason):
            return reason
        case let .noRowsLeft(file, dropped):
            return "\(file): no rows are left after dropping the \(dropped) row\(dropped == 1 ? "" : "s") with missing values."
        case let .tableTooLarge(file, rows, bytes, available):
            return "\(file): after \(rows) rows the table already takes \(bytes) bytes, more than half of the \(available) bytes of memory available; the file is too large to read whole, or still growing. Read fewer columns (--features), split the file, or free memory."
        case let .featuresTooLarge(rows, features, bytes, available, widestColumn, widestOutputs):
            let needed = bytes.map { "\($0) bytes" } ?? "more than 2^63 bytes"
            var text = "The feature matrix of \(rows) rows × \(features) features needs \(needed), more than the \(available) bytes of memory available; nothing was allocated."
            if let widestColumn, widestOutputs > 1 {
                text += " The column \"\(widestColumn)\" alone one-hot encodes to \(widestOutputs) features: leave it out (--features), or cap its categories with --max-categories N (rarer values pooled into one feature)."
            } else {
                text += " Use fewer rows or columns."
            }
            return text
        case let .singleClass(column, className):
            return "The target \"\(column)\" has a single class, \"\(className)\"; classification needs at least two."
        case let .unseenCategory(value, column, location):
            let place = location.map { "\($0): " } ?? ""
            return "\(place)category \"\(value)\" of column \"\(column)\" was not seen in the training data."
        case let .unseenClass(value, column, location):
            let place = location.map { "\($0): " } ?? ""
            return "\(place)class \"\(value)\" of target \"\(column)\" was not seen in the training data."
        case let .unknownClasses(column, classes, known):
            let quoted = { (names: [String]) in names.prefix(20).map { "\"\($0)\"" }.joined(separator: ", ") + (names.count > 20 ? ", … (\(names.count) in all)" : "") }
            return "The target \"\(column)\" has \(classes.count == 1 ? "a class" : "classes") the model given by --from does not know: \(quoted(classes)) (it knows \(quoted(known))). Fine-tuning keeps a model's classes; train without --from to learn new ones, or leave those rows out."
        case let .columnKindMismatch(column, expected, found):
            return "Column \"\(column)\" was \(expected) in the training data but is \(found) here."
        case let .invalidSplitFraction(reason):
            return reason
        case let .emptySplit(name, rowCount, fraction):
            return "A \(name) fraction of \(fraction) of \(rowCount) rows leaves the \(name) set empty."
        case let .tooFewClassMembers(className, count, needed):
            return "Class \"\(className)\" has \(count) row\(count == 1 ? "" : "s"); a stratified split into these parts needs at least \(needed) rows of every class."
        }
    }

    public var errorDescription: String? { description }
}
