import Foundation

/// A safetensors file: named Float32 tensors and a string-to-string metadata map.
///
/// Layout on disk (https://github.com/huggingface/safetensors):
/// `[N: UInt64 little-endian][N bytes of UTF-8 JSON header][data buffer]`, where the header maps each
/// tensor name to `{"dtype": "F32", "shape": [..], "data_offsets": [begin, end]}` (offsets relative
/// to the data buffer) plus an optional `"__metadata__": {String: String}`. Writing pads the header
/// with spaces so the data buffer starts 8-byte aligned, and lays tensors out in the order given.
/// Nothing in the file executes.
public struct SafeTensorsFile: Equatable, Sendable {
    /// The largest header this reader accepts (100 MB, the reference implementation's limit).
    /// A larger declared length is refused before anything is allocated.
    public static let maximumHeaderLength = 100_000_000

    /// The tensors, in data-buffer order (for files written here: the order they were given).
    public var tensors: [SafeTensor]
    /// The header's `__metadata__`; values are strings, so structured values are stored as JSON text.
    public var metadata: [String: String]

    /// A file of `tensors` (names unique, none named `__metadata__`) and `metadata`.
    public init(tensors: [SafeTensor], metadata: [String: String] = [:]) {
        var names = Set<String>()
        for tensor in tensors {
            precondition(tensor.name != "__metadata__", "A tensor may not be named __metadata__")
            precondition(names.insert(tensor.name).inserted, "Duplicate tensor name \(tensor.name)")
        }
        self.tensors = tensors
        self.metadata = metadata
    }

    /// The tensor named `name`, if any.
    public func tensor(named name: String) -> SafeTensor? {
        tensors.first { $0.name == name }
    }
}
