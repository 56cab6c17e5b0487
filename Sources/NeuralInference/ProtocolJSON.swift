/// The small JSON bodies of the protocol's non-inference routes.
public enum ProtocolJSON {
    /// `{"error": message}`: the body of every error response.
    public static func error(_ message: String) -> [UInt8] {
        JSONWriter.error(message)
    }

    /// `GET /v2`: `{"name", "version", "extensions"}`.
    public static func serverMetadata(name: String, version: String, extensions: [String]) -> [UInt8] {
        var writer = JSONWriter()
        writer.raw("{")
        writer.key("name", first: true)
        writer.string(name)
        writer.key("version")
        writer.string(version)
        writer.key("extensions")
        writer.stringArray(extensions)
        writer.raw("}")
        return writer.bytes
    }

    /// `GET /v2/models/{name}/ready`: `{"name", "ready": true}`.
    public static func modelReady(name: String) -> [UInt8] {
        var writer = JSONWriter()
        writer.raw("{")
        writer.key("name", first: true)
        writer.string(name)
        writer.raw(",\"ready\":true}")
        return writer.bytes
    }
}
