/// One entry of a network's layer list.
///
/// The list is `Codable` so that a model file can describe the architecture as JSON:
/// `{"type": "dense", "inputSize": 4, "outputSize": 8, "activation": {"name": "relu"},
/// "initializer": "heUniform"}` or `{"type": "dropout", "rate": 0.5}`.
public enum Layer: Sendable, Hashable {
    case dense(Dense)
    case dropout(Dropout)

    /// The dense layer, if this is one.
    public var dense: Dense? {
        if case .dense(let layer) = self { return layer }
        return nil
    }

    /// Number of trainable scalars in this layer.
    public var parameterCount: Int { dense?.parameterCount ?? 0 }
}

extension Layer: Codable {
    private enum CodingKeys: String, CodingKey { case type }
    private enum Kind: String, Codable { case dense, dropout }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let type = try container.decode(String.self, forKey: .type)
        switch Kind(rawValue: type) {
        case .dense: self = .dense(try Dense(from: decoder))
        case .dropout: self = .dropout(try Dropout(from: decoder))
        case nil:
            throw DecodingError.dataCorruptedError(
                forKey: .type, in: container,
                debugDescription: "unknown layer type \"\(type)\"; expected \"dense\" or \"dropout\"")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .dense(let layer):
            try container.encode(Kind.dense, forKey: .type)
            try layer.encode(to: encoder)
        case .dropout(let layer):
            try container.encode(Kind.dropout, forKey: .type)
            try layer.encode(to: encoder)
        }
    }
}
