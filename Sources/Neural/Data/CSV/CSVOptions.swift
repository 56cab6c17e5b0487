/// How a delimited text file is read.
///
/// The dialect is RFC 4180 with the usual relaxations: a header row first; fields separated
/// by `delimiter`; a field may be quoted with `"` and then contain delimiters, newlines and
/// doubled quotes (`""` stands for one `"`); records end with LF, CRLF or CR; a UTF-8
/// byte-order mark at the start is skipped; empty lines are skipped anywhere. A `"` inside an
/// unquoted field is kept as an ordinary character.
public struct CSVOptions: Sendable, Equatable {
    /// The field separator, one ASCII byte other than `"`, CR and LF. Default `,`.
    public var delimiter: UInt8
    /// How many bytes are read from the file at a time (the reader's only large buffer).
    public var chunkSize: Int
    /// The longest record accepted, in bytes. A longer one is an error rather than an
    /// unbounded allocation (an unclosed quote would otherwise swallow the whole file).
    public var maxRecordBytes: Int

    /// Default chunk size: 1 MiB.
    public static let defaultChunkSize = 1 << 20
    /// Default record limit: 64 MiB.
    public static let defaultMaxRecordBytes = 64 << 20

    /// Options with the given delimiter (`","` by default), chunk size and record limit.
    /// - Precondition: `delimiter` is a valid delimiter (see `isValidDelimiter`); sizes are positive.
    public init(delimiter: Unicode.Scalar = ",",
                chunkSize: Int = CSVOptions.defaultChunkSize,
                maxRecordBytes: Int = CSVOptions.defaultMaxRecordBytes) {
        precondition(Self.isValidDelimiter(delimiter),
                     "CSV delimiter must be one ASCII character other than a quote, CR or LF, got \(delimiter.escaped(asASCII: true))")
        precondition(chunkSize > 0, "CSV chunk size must be positive, got \(chunkSize)")
        precondition(maxRecordBytes > 0, "CSV record limit must be positive, got \(maxRecordBytes)")
        self.delimiter = UInt8(delimiter.value)
        self.chunkSize = chunkSize
        self.maxRecordBytes = maxRecordBytes
    }

    /// Whether `scalar` can separate fields: ASCII, and not `"`, CR or LF.
    /// The command line checks a `--delimiter` flag with this before building options.
    public static func isValidDelimiter(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII && scalar != "\"" && scalar != "\r" && scalar != "\n"
    }
}
