/// Class names ↔ class indices `0..<classes.count`.
///
/// Classes are kept in `CategoryOrder` (numeric-aware sorted, as scikit-learn's
/// `LabelEncoder`), so index `k` always means the same class whatever the row order of the
/// training file, and predictions are mapped back to the user's own names.
public struct LabelEncoder: Sendable, Codable, Equatable {
    /// The class names; index `k` is `classes[k]`.
    public let classes: [String]
    private let indices: [String: Int32]

    private enum CodingKeys: String, CodingKey { case classes }

    /// An encoder over `classes`, in the given order.
    /// - Precondition: no duplicates.
    public init(classes: [String]) {
        precondition(Set(classes).count == classes.count, "Class names contain duplicates: \(classes)")
        self.classes = classes
        self.indices = Dictionary(uniqueKeysWithValues: classes.enumerated().map { ($0.element, Int32($0.offset)) })
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let classes = try container.decode([String].self, forKey: .classes)
        guard Set(classes).count == classes.count else {
            throw DecodingError.dataCorrupted(DecodingError.Context(
                codingPath: decoder.codingPath, debugDescription: "class names contain duplicates"))
        }
        self.init(classes: classes)
    }

    /// Learns the distinct names in `names`, in `CategoryOrder`.
    public static func fit<S: Sequence<String>>(_ names: S) -> LabelEncoder {
        LabelEncoder(classes: CategoryOrder.sorted(names))
    }

    /// The number of classes.
    public var classCount: Int { classes.count }

    /// The index of `name`; throws `DataError.unseenClass` for a name not seen when fitting.
    public func encode(_ name: String, column: String = "target", location: SourceLocation? = nil) throws -> Int32 {
        guard let index = indices[name] else {
            throw DataError.unseenClass(value: name, column: column, location: location)
        }
        return index
    }

    /// The name of class `index`.
    /// - Precondition: `index` is in `0..<classCount`.
    public func decode(_ index: Int) -> String {
        precondition(index >= 0 && index < classes.count, "Class index \(index) out of range 0..<\(classes.count)")
        return classes[index]
    }
}
