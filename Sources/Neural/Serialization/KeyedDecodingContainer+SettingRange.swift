/// Decoding a numeric setting with its range check: a value out of its `SettingRange` is a
/// `DecodingError.dataCorrupted` whose coding path ends at the field and whose description
/// names it ("beta1 must be in [0, 1), got 5"), which a model file's reader reports with the
/// file and the metadata key.
extension KeyedDecodingContainer {
    /// The `Double` under `key`, refused unless it lies in `range`.
    func decode(_ type: Double.Type, forKey key: Key, in range: SettingRange) throws -> Double {
        let value = try decode(Double.self, forKey: key)
        try check(value, forKey: key, in: range)
        return value
    }

    /// The `Double` under `key` if present, refused unless it lies in `range`.
    func decodeIfPresent(_ type: Double.Type, forKey key: Key, in range: SettingRange) throws -> Double? {
        guard let value = try decodeIfPresent(Double.self, forKey: key) else { return nil }
        try check(value, forKey: key, in: range)
        return value
    }

    /// The `Float` under `key`, refused unless it lies in `range`.
    func decode(_ type: Float.Type, forKey key: Key, in range: SettingRange) throws -> Float {
        let value = try decode(Float.self, forKey: key)
        try check(Double(value), forKey: key, in: range)
        return value
    }

    /// The `Int` under `key`, refused unless it lies in `range`.
    func decode(_ type: Int.Type, forKey key: Key, in range: ClosedRange<Int>) throws -> Int {
        let value = try decode(Int.self, forKey: key)
        if let problem = SettingRange.problem(value, in: range) { throw invalid(key, problem) }
        return value
    }

    /// The `Int` under `key` if present, refused unless it lies in `range`.
    func decodeIfPresent(_ type: Int.Type, forKey key: Key, in range: ClosedRange<Int>) throws -> Int? {
        guard let value = try decodeIfPresent(Int.self, forKey: key) else { return nil }
        if let problem = SettingRange.problem(value, in: range) { throw invalid(key, problem) }
        return value
    }

    /// Throws the range error for `value` under `key`, if any.
    func check(_ value: Double, forKey key: Key, in range: SettingRange) throws {
        if let problem = range.problem(value) { throw invalid(key, problem) }
    }

    /// A `dataCorrupted` error at `key` saying "`key` `problem`".
    func invalid(_ key: Key, _ problem: String) -> DecodingError {
        DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "\(key.stringValue) \(problem)")
    }
}
