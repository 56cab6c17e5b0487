import Foundation

extension ModelFile {
    /// The metadata value for `key`, or `missingMetadata` naming the key and the file.
    public func metadataValue(forKey key: String) throws(ModelFileError) -> String {
        guard let value = metadata[key] else { throw .missingMetadata(source: source, key: key) }
        return value
    }

    /// Checks that every key is present, reporting the first missing one.
    public func requireMetadata(_ keys: [String]) throws(ModelFileError) {
        for key in keys where metadata[key] == nil {
            throw .missingMetadata(source: source, key: key)
        }
    }

    /// Decodes the JSON text stored under `key` as a `T`.
    ///
    /// Throws `missingMetadata` when the key is absent and `invalidMetadataValue` (naming the key
    /// and what the decoder found wrong) when the text is not JSON of that type.
    public func decodeMetadata<T: Decodable>(_ type: T.Type, forKey key: String) throws(ModelFileError) -> T {
        let text = try metadataValue(forKey: key)
        do {
            return try Self.decoder.decode(T.self, from: Data(text.utf8))
        } catch {
            // Text that is not JSON at all is reported where it goes wrong, by the strict
            // parser the header is read with (Foundation's message names no position).
            do {
                _ = try JSONParser.parse(Array(text.utf8), keepingDuplicateKeys: true)
            } catch let syntax {
                throw .invalidMetadataValue(source: source, key: key,
                                            reason: "not valid JSON at byte \(syntax.offset) of the value: \(syntax.reason)")
            }
            throw .invalidMetadataValue(source: source, key: key, reason: Self.describe(error))
        }
    }

    /// Stores `value` under `key` as JSON text (keys sorted, so equal values give equal files).
    /// Non-finite numbers are written as the strings `"NaN"`, `"Infinity"`, `"-Infinity"`.
    public mutating func setMetadata<T: Encodable>(_ value: T, forKey key: String) throws(ModelFileError) {
        do {
            let data = try Self.encoder.encode(value)
            metadata[key] = String(decoding: data, as: UTF8.self)
        } catch {
            throw .invalidMetadataValue(source: source, key: key, reason: Self.describe(error))
        }
    }

    private static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return encoder
    }

    private static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return decoder
    }

    /// A one-line reason from a coding error, with the coding path when there is one, without
    /// a closing full stop (the message adds its own).
    static func describe(_ error: any Error) -> String {
        func path(_ codingPath: [any CodingKey]) -> String {
            // `folds[0].metrics.accuracy`: an index joins its array's name without a dot.
            codingPath.isEmpty ? "" : " at " + codingPath.enumerated().map { offset, key in
                key.intValue.map { "[\($0)]" } ?? (offset == 0 ? key.stringValue : "." + key.stringValue)
            }.joined()
        }
        func bare(_ text: String) -> String {
            var text = text
            while text.hasSuffix(".") { text.removeLast() }
            return text
        }
        switch error {
        case let DecodingError.keyNotFound(key, context):
            return "no \(key.stringValue)\(path(context.codingPath))"
        case let DecodingError.typeMismatch(type, context):
            return "expected \(type)\(path(context.codingPath)): \(bare(context.debugDescription))"
        case let DecodingError.valueNotFound(type, context):
            return "expected \(type)\(path(context.codingPath)), found null"
        case let DecodingError.dataCorrupted(context):
            return "\(bare(context.debugDescription))\(path(context.codingPath))"
        case let EncodingError.invalidValue(value, context):
            return "cannot encode \(value)\(path(context.codingPath)): \(bare(context.debugDescription))"
        default:
            return bare(error.localizedDescription)
        }
    }
}
