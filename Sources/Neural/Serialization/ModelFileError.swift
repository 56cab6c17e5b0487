import Foundation

/// Everything that can be wrong with a `.safetensors` model file, each case naming where.
///
/// `source` is the file's path, or `"<data>"` when the bytes did not come from a file.
/// The messages are written for the person who gave the file to the program: they say what is
/// wrong, where (tensor name, byte offsets), and what was expected.
public enum ModelFileError: Error, Equatable, Sendable {
    /// The file could not be opened or read at all.
    case unreadable(source: String, reason: String)
    /// Fewer than the 8 bytes that hold the header length.
    case fileTooSmall(source: String, size: Int)
    /// The 8-byte header length points past the end of the file.
    case headerLengthExceedsFile(source: String, headerLength: UInt64, available: Int)
    /// The header length is larger than the limit this reader accepts (it is never allocated).
    case headerTooLarge(source: String, headerLength: UInt64, limit: Int)
    /// The header bytes are not valid UTF-8.
    case headerNotUTF8(source: String)
    /// The header is not valid JSON; `position` is the byte offset inside the header.
    case malformedHeader(source: String, position: Int, reason: String)
    /// The header is valid JSON but not a JSON object.
    case headerNotObject(source: String, found: String)
    /// Two entries of the header have the same name.
    case duplicateTensor(source: String, name: String)
    /// An entry lacks a field or has a field of the wrong type.
    case invalidTensorEntry(source: String, tensor: String, reason: String)
    /// The tensor's dtype is not one this reader converts to Float.
    case unsupportedDType(source: String, tensor: String, dtype: String)
    /// A dimension is negative, or the element count overflows.
    case invalidShape(source: String, tensor: String, shape: String, reason: String)
    /// `data_offsets` do not span `elementCount × bytesPerElement` bytes.
    case sizeMismatch(source: String, tensor: String, shape: [Int], dtype: String, expectedBytes: Int, begin: Int, end: Int)
    /// `data_offsets` are decreasing or lie outside the data buffer.
    case offsetsOutOfRange(source: String, tensor: String, begin: Int, end: Int, bufferSize: Int)
    /// Two tensors share bytes.
    case overlappingTensors(source: String, first: String, firstRange: [Int], second: String, secondRange: [Int])
    /// Bytes of the data buffer belong to no tensor (the format requires full coverage).
    case uncoveredData(source: String, begin: Int, end: Int, bufferSize: Int)
    /// `__metadata__` is not an object whose values are all strings.
    case invalidMetadata(source: String, reason: String)
    /// A metadata key the model needs is absent.
    case missingMetadata(source: String, key: String)
    /// A metadata value could not be decoded into what the key should hold.
    case invalidMetadataValue(source: String, key: String, reason: String)
    /// The file was written by a newer, incompatible version of the format.
    case newerFormatVersion(source: String, found: String, supported: String)
    /// The format version is not of the form `major` or `major.minor`.
    case invalidFormatVersion(source: String, found: String)
    /// The architecture needs a tensor the file does not have.
    case missingTensor(source: String, name: String, expectedShape: [Int])
    /// The file has a tensor the architecture does not know.
    case unexpectedTensor(source: String, name: String, shape: [Int])
    /// A tensor has a different shape in the file than the architecture needs.
    case shapeMismatch(source: String, name: String, found: [Int], expected: [Int])
    /// A dense weight has neither the shape its format version stores (`[out, in]` from
    /// version 2, `[in, out]` in version 1) nor, or else exactly, the other orientation's.
    /// `outIn` is the architecture's `[out, in]`.
    case weightShapeMismatch(source: String, name: String, found: [Int], outIn: [Int], formatVersion: Int)
    /// A tensor holds NaN or an infinity (at flat index `index`, row-major); a model computed
    /// from it would report NaN as results.
    case nonFiniteValue(source: String, tensor: String, index: Int, value: Float)
}

extension ModelFileError: CustomStringConvertible, LocalizedError {
    public var description: String {
        switch self {
        case let .unreadable(source, reason):
            return "\(source): cannot read the model file: \(clause(reason))."
        case let .fileTooSmall(source, size):
            return "\(source): not a safetensors file: it has \(size) bytes, fewer than the 8 bytes of the header length."
        case let .headerLengthExceedsFile(source, headerLength, available):
            return "\(source): truncated or not a safetensors file: the header length says \(headerLength) bytes, but only \(available) bytes follow it."
        case let .headerTooLarge(source, headerLength, limit):
            return "\(source): the header length says \(headerLength) bytes, more than the \(limit)-byte limit; the file is corrupt or not a safetensors file."
        case let .headerNotUTF8(source):
            return "\(source): the header is not valid UTF-8 text."
        case let .malformedHeader(source, position, reason):
            return "\(source): the header is not valid JSON at byte \(position) of the header: \(clause(reason))."
        case let .headerNotObject(source, found):
            return "\(source): the header must be a JSON object, found \(found)."
        case let .duplicateTensor(source, name):
            return "\(source): the header names tensor \(name) twice."
        case let .invalidTensorEntry(source, tensor, reason):
            return "\(source): tensor \(tensor): \(clause(reason))."
        case let .unsupportedDType(source, tensor, dtype):
            return "\(source): tensor \(tensor) has dtype \(dtype); this reader supports F32 (and converts F16, BF16, F64)."
        case let .invalidShape(source, tensor, shape, reason):
            return "\(source): tensor \(tensor) has an invalid shape \(shape): \(clause(reason))."
        case let .sizeMismatch(source, tensor, shape, dtype, expectedBytes, begin, end):
            return "\(source): tensor \(tensor) of shape \(shape) and dtype \(dtype) needs \(expectedBytes) bytes, but its data_offsets [\(begin), \(end)] span \(end - begin)."
        case let .offsetsOutOfRange(source, tensor, begin, end, bufferSize):
            if begin > end {
                return "\(source): tensor \(tensor) has data_offsets [\(begin), \(end)] whose begin is after its end."
            }
            return "\(source): tensor \(tensor) has data_offsets [\(begin), \(end)] outside the data buffer of \(bufferSize) bytes."
        case let .overlappingTensors(source, first, firstRange, second, secondRange):
            return "\(source): tensors \(first) \(firstRange) and \(second) \(secondRange) overlap in the data buffer."
        case let .uncoveredData(source, begin, end, bufferSize):
            return "\(source): bytes [\(begin), \(end)) of the \(bufferSize)-byte data buffer belong to no tensor."
        case let .invalidMetadata(source, reason):
            return "\(source): invalid __metadata__: \(clause(reason))."
        case let .missingMetadata(source, key):
            return "\(source): the metadata has no \(key); this file was not written by this program or is incomplete."
        case let .invalidMetadataValue(source, key, reason):
            return "\(source): metadata \(key) is invalid: \(clause(reason))."
        case let .newerFormatVersion(source, found, supported):
            return "\(source): the model file has format version \(found), newer than version \(supported) that this program reads; upgrade the program."
        case let .invalidFormatVersion(source, found):
            return "\(source): the format version \"\(found)\" is not of the form major or major.minor."
        case let .missingTensor(source, name, expectedShape):
            return "\(source): the file has no tensor \(name); the architecture needs one of shape \(expectedShape)."
        case let .unexpectedTensor(source, name, shape):
            return "\(source): the file has a tensor \(name) of shape \(shape) that the architecture does not use."
        case let .shapeMismatch(source, name, found, expected):
            return "\(source): \(name) has shape \(found) in the file, the architecture needs \(expected)."
        case let .weightShapeMismatch(source, name, found, outIn, formatVersion):
            let inOut = outIn.count == 2 ? [outIn[1], outIn[0]] : outIn
            let stored = formatVersion >= ModelFormat.outInWeightsVersion ? outIn : inOut
            let other = formatVersion >= ModelFormat.outInWeightsVersion ? inOut : outIn
            if found == other {
                let (storedName, otherName) = formatVersion >= ModelFormat.outInWeightsVersion
                    ? ("[out, in]", "[in, out]") : ("[in, out]", "[out, in]")
                return "\(source): weight \(name) has shape \(found), the \(otherName) orientation, but the file is format version \(formatVersion), which stores \(storedName) = \(stored); the file was written with the wrong orientation or the wrong version."
            }
            return "\(source): weight \(name) has shape \(found) in the file, which fits neither orientation of the architecture's layer: [out, in] = \(outIn) (format version 2, PyTorch's nn.Linear.weight) or [in, out] = \(inOut) (format version 1); this file is format version \(formatVersion)."
        case let .nonFiniteValue(source, tensor, index, value):
            return "\(source): tensor \(tensor) holds \(value) at index \(index); every number of a model file must be finite (the file is damaged, or was saved from a run whose weights diverged)."
        }
    }

    public var errorDescription: String? { description }
}
