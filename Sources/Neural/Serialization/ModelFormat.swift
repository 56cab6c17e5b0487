/// Names and version of the Neural model file: a safetensors file whose tensors are a network's
/// parameters under dotted names and whose `__metadata__` carries JSON text under these keys.
///
/// Versions (the major number changes when a reader must read tensors differently):
/// - **2** (written since weights follow PyTorch): `layers.<i>.weight` is `[out, in]`, as
///   `nn.Linear.weight`, so the tensors of a `state_dict` and of a Neural file are the same; a
///   checkpoint's per-parameter arrays (`state.optimizer.<slot>`, `state.best_parameters`) are
///   the file's tensors concatenated in that order.
/// - **1**: `layers.<i>.weight` is `[in, out]`, and the checkpoint arrays follow it. Still
///   read: each weight is transposed on reading, and so is its part of each checkpoint array.
public enum ModelFormat {
    /// The metadata key holding the format version, `major` or `major.minor`.
    public static let versionKey = "neural.format_version"
    /// The version this program writes.
    public static let version = "2"
    /// The newest major version this program reads; a file with a larger major is refused.
    /// Minor versions only add keys, so any minor of a supported major is read.
    public static let supportedMajorVersion = 2
    /// The first major version whose dense weights are `[out, in]`; earlier ones store `[in, out]`.
    public static let outInWeightsVersion = 2

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
