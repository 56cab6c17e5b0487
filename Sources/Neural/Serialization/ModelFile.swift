import Foundation

/// A Neural model file: the parameters as named Float32 tensors and string metadata, stored as one
/// safetensors file (see `SafeTensorsFile`), with `ModelFormat.versionKey` always present.
///
/// Writing: build it from a `ParameterVector` (each `ParameterSegment` becomes a tensor of the
/// same name and shape, its values in row-major order: a dense weight is `[out, in]`, as in
/// PyTorch), add metadata with `setMetadata(_:forKey:)`, then `write(to:)` atomically.
/// Reading: `read(from:)` validates the file and its version, then `parameters(matching:)`
/// rebuilds a `ParameterVector` for the architecture's layout, checking every name and shape
/// (a version-1 file's dense weights are `[in, out]`; see `ModelFormat`).
public struct ModelFile: Equatable, Sendable {
    /// The file's path (or `"<data>"`), used in error messages.
    public var source: String
    /// The tensors, in file order.
    public var tensors: [SafeTensor]
    /// The metadata, including `ModelFormat.versionKey`.
    public var metadata: [String: String]

    /// A model file holding every segment of `parameters` as a tensor named
    /// `prefix + segment.name`, plus `metadata` and the current format version.
    public init(parameters: ParameterVector, metadata: [String: String] = [:], prefix: String = "") {
        self.source = "<new model file>"
        self.tensors = Self.tensors(of: parameters, prefix: prefix)
        self.metadata = metadata
        self.metadata[ModelFormat.versionKey] = ModelFormat.version
    }

    /// Adds the segments of another vector (for example optimizer state in a checkpoint) as tensors
    /// named `prefix + segment.name`.
    public mutating func append(_ parameters: ParameterVector, prefix: String) {
        let added = Self.tensors(of: parameters, prefix: prefix)
        for tensor in added {
            precondition(!tensors.contains { $0.name == tensor.name }, "Duplicate tensor name \(tensor.name)")
        }
        tensors += added
    }

    private static func tensors(of parameters: ParameterVector, prefix: String) -> [SafeTensor] {
        parameters.layout.segments.map { segment in
            SafeTensor(name: prefix + segment.name, shape: segment.shape, values: parameters.rowMajorValues(of: segment))
        }
    }

    /// The tensor named `name`, if any.
    public func tensor(named name: String) -> SafeTensor? {
        tensors.first { $0.name == name }
    }

    /// The major format version of the file (`ModelFormat.versionKey`; checked when read).
    public var formatMajorVersion: Int {
        metadata[ModelFormat.versionKey].flatMap(ModelFormat.majorVersion(of:)) ?? ModelFormat.supportedMajorVersion
    }

    /// The tensors keyed by name.
    public var tensorsByName: [String: SafeTensor] {
        Dictionary(tensors.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Writes `parameters` and `metadata` (plus the format version) to `url` atomically. Without
    /// `ModelFormat.architectureKey` in `metadata` the file holds tensors only, which
    /// `network()` cannot rebuild: save a network with `Network.save(to:)`.
    @available(*, deprecated, message: "use Network.save(to:) for a network, or ModelFile(parameters:metadata:).write(to:)")
    public static func save(_ parameters: ParameterVector, metadata: [String: String] = [:],
                            to url: URL) throws(AtomicFileError) {
        try ModelFile(parameters: parameters, metadata: metadata).write(to: url)
    }

    /// The safetensors form of this file.
    public var safeTensorsFile: SafeTensorsFile {
        SafeTensorsFile(tensors: tensors, metadata: metadata)
    }

    /// Writes the file atomically: a failure leaves any previous file at `url` unchanged.
    public func write(to url: URL) throws(AtomicFileError) {
        try safeTensorsFile.write(to: url)
    }

    /// Reads a model file, validating the safetensors structure and the format version.
    public static func read(from url: URL) throws(ModelFileError) -> ModelFile {
        try ModelFile(validating: SafeTensorsFile.read(from: url), source: url.path)
    }

    /// Reads a model file from bytes; `source` names it in error messages.
    public init(data: Data, source: String = "<data>") throws(ModelFileError) {
        try self.init(validating: SafeTensorsFile(data: data, source: source), source: source)
    }

    /// Accepts a parsed safetensors file as a model file if its format version is supported and
    /// every value of every tensor is finite (`ModelFileError.nonFiniteValue` names the first
    /// value that is not).
    public init(validating file: SafeTensorsFile, source: String) throws(ModelFileError) {
        guard let version = file.metadata[ModelFormat.versionKey] else {
            throw .missingMetadata(source: source, key: ModelFormat.versionKey)
        }
        guard let major = ModelFormat.majorVersion(of: version), major >= 1 else {
            throw .invalidFormatVersion(source: source, found: version)
        }
        guard major <= ModelFormat.supportedMajorVersion else {
            throw .newerFormatVersion(source: source, found: version, supported: ModelFormat.version)
        }
        // Every load (trained models, checkpoints and their state, export) goes through here.
        for tensor in file.tensors {
            if let index = tensor.values.firstIndex(where: { !$0.isFinite }) {
                throw .nonFiniteValue(source: source, tensor: tensor.name, index: index, value: tensor.values[index])
            }
        }
        self.source = source
        self.tensors = file.tensors
        self.metadata = file.metadata
    }
}
