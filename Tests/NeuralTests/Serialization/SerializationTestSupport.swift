import Foundation
import Testing
@testable import Neural

/// Helpers shared by the model-file tests: temporary folders, fixture paths and raw file builders.
enum SerializationTestSupport {
    /// A new empty folder under the system's temporary directory; the caller removes it.
    static func makeTemporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("neural-serialization-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// A file inside the test bundle's `Fixtures` folder.
    static func fixture(_ name: String) throws -> URL {
        let folder = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
        return folder.appendingPathComponent(name)
    }

    /// Raw safetensors bytes: an 8-byte little-endian `headerLength` (default: the header's size),
    /// the header text, then `data`.
    static func rawFile(header: String, data: [UInt8] = [], headerLength: UInt64? = nil) -> Data {
        var bytes = Data()
        let headerBytes = Array(header.utf8)
        withUnsafeBytes(of: (headerLength ?? UInt64(headerBytes.count)).littleEndian) { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: headerBytes)
        bytes.append(contentsOf: data)
        return bytes
    }

    /// Float32 bit patterns, for exact comparison (NaN payloads and −0 included).
    static func bits(_ values: [Float]) -> [UInt32] {
        values.map(\.bitPattern)
    }

    /// The names of the entries of `folder`, sorted.
    static func contents(of folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    }
}
