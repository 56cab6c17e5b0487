/// Names and version of the Neural model file: a safetensors file whose tensors are a network's
/// parameters under dotted names and whose `__metadata__` carries JSON text under these keys.
public enum ModelFormat {
    /// The metadata key holding the format version, `major` or `major.minor`.
    public static let versionKey = "neural.format_version"
    /// The version this program writes.
    public static let version = "1"
    /// The newest major version this program reads; a file with a larger major is refused.
    /// Minor versions only add keys, so any minor of a supported major is read.
    public static let supportedMajorVersion = 1

    /// Suggested keys for the model's parts, each holding JSON text.
    public static let architectureKey = "neural.architecture"
    public static let preprocessingKey = "neural.preprocessing"
    public static let trainingKey = "neural.training"
    public static let metricsKey = "neural.metrics"

    /// The major number of a `major` or `major.minor` version string, or nil if it is not one.
    static func majorVersion(of version: String) -> Int? {
        let parts = version.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count),
              parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let major = Int(parts[0]) else { return nil }
        return major
    }
}
