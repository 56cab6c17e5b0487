/// The stable order of category and class names used by every encoder.
///
/// When every name is a plain decimal number (`ValueParsing`'s grammar: no hexadecimal,
/// no `inf`), names are sorted by numeric value (`"2"` before `"10"`, as
/// scikit-learn's `LabelEncoder` does for numeric labels); otherwise by Unicode code points of
/// their UTF-8 bytes (numpy's string order, so `"B"` before `"a"`). Ties in value (`"1"` and
/// `"1.0"`) fall back to the byte order, so the result never depends on input order.
public enum CategoryOrder {
    /// `names` without duplicates, in the stable order.
    public static func sorted<S: Sequence<String>>(_ names: S) -> [String] {
        let unique = Array(Set(names))
        let numbers = unique.compactMap { ValueParsing.decimalValue($0) }
        let byBytes: (String, String) -> Bool = { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        if numbers.count == unique.count {
            return zip(unique, numbers).sorted { lhs, rhs in
                lhs.1 != rhs.1 ? lhs.1 < rhs.1 : byBytes(lhs.0, rhs.0)
            }.map { $0.0 }
        }
        return unique.sorted(by: byBytes)
    }
}
