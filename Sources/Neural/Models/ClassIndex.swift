/// The sorted distinct class labels of a classifier (scikit-learn's `classes_`) and the map
/// from a label to its 0-based index, which is the network's output column.
struct ClassIndex<Label: Hashable & Comparable & Sendable>: Sendable {
    let classes: [Label]
    private let positions: [Label: Int]

    /// The classes of `labels`, sorted; throws when fewer than two distinct labels occur.
    init(labels: [Label]) throws(EstimatorError) {
        let classes = Array(Set(labels)).sorted()
        guard classes.count >= 2 else { throw .singleClass(label: classes.first.map { "\($0)" } ?? "nothing") }
        self.classes = classes
        self.positions = Dictionary(uniqueKeysWithValues: classes.enumerated().map { ($1, $0) })
    }

    /// The classes read back from a model file: at least two, distinct and sorted, or nil.
    init?(classes: [Label]) {
        guard classes.count >= 2, zip(classes, classes.dropFirst()).allSatisfy({ $0 < $1 }) else { return nil }
        self.classes = classes
        self.positions = Dictionary(uniqueKeysWithValues: classes.enumerated().map { ($1, $0) })
    }

    /// The index of every label; throws on a label not seen when fitting.
    func indices(of labels: [Label]) throws(EstimatorError) -> [Int32] {
        var result: [Int32] = []
        result.reserveCapacity(labels.count)
        for label in labels {
            guard let position = positions[label] else { throw .unknownLabel("\(label)") }
            result.append(Int32(position))
        }
        return result
    }
}
