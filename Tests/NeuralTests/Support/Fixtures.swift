import Foundation

/// Reads the committed reference fixtures in `Tests/NeuralTests/Fixtures`.
enum Fixtures {
    struct Missing: Error, CustomStringConvertible {
        let name: String
        var description: String { "fixture \(name) is not in the test bundle" }
    }

    /// The URL of `Fixtures/<name>` (`name` may start with a folder: `checkpoints/sgd.safetensors`).
    static func url(_ name: String) throws -> URL {
        let folder = (name as NSString).deletingLastPathComponent
        let file = (name as NSString).lastPathComponent
        let base = (file as NSString).deletingPathExtension
        let ext = (file as NSString).pathExtension
        let subdirectory = folder.isEmpty ? "Fixtures" : "Fixtures/\(folder)"
        if let url = Bundle.module.url(forResource: base, withExtension: ext, subdirectory: subdirectory) {
            return url
        }
        throw Missing(name: name)
    }

    /// Decodes `Fixtures/<name>` as JSON.
    static func decode<T: Decodable>(_ type: T.Type, from name: String) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(contentsOf: url(name)))
    }
}
