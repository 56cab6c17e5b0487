import Neural
/// How many values an ONNX import may materialise, in proportion to the values the file stores.
///
/// Decoding an initializer, computing a constant (`Add` of two constants, a `Cast`, …) and copying
/// a layer's weight each use as many values as they produce. Without a bound, a small file turns
/// into gigabytes: one 100×100 weight shared by a thousand `Gemm` nodes is a 60 KB file and ten
/// million parameters, a chain of `Add(c, c)` nodes holds a copy of `c` per node. A graph that
/// gives each layer its own weights reads every stored value about twice (decoded, then copied
/// into its layer), far below the limit of `valuesPerStoredValue` per stored value plus
/// `allowance` for the scalars and shape tensors a graph computes from a few values.
final class ONNXImportBudget {
    static let valuesPerStoredValue = 8
    static let allowance = 1 << 16

    /// The values the file stores (initializers and constants in node attributes).
    let storedValues: Int
    let limit: Int
    private(set) var used = 0

    init(storedValues: Int) {
        self.storedValues = storedValues
        let (scaled, overflow) = storedValues.multipliedReportingOverflow(by: Self.valuesPerStoredValue)
        limit = overflow ? Int.max : scaled.addingReportingOverflow(Self.allowance).partialValue
    }

    /// Counts `count` more values; false when that goes past the limit.
    func charge(_ count: Int) -> Bool {
        let (total, overflow) = used.addingReportingOverflow(count)
        guard !overflow, total <= limit else { return false }
        used = total
        return true
    }
}

extension ONNXGraphProto {
    /// The values stored in the graph's initializers and in its nodes' attributes: an attribute's
    /// tensor, lists and its one `f` or `i` (raw data is counted in 4-byte values, so this is an
    /// upper bound). Subgraphs are not counted: the importer does not read them.
    var storedValueCount: Int {
        var count = initializers.reduce(0) { $0 + $1.storedValueCount }
        for node in nodes {
            for attribute in node.attributes {
                count += (attribute.tensor?.storedValueCount ?? 0) + attribute.floats.count + attribute.ints.count + 1
            }
        }
        return count
    }
}

extension ONNXTensorProto {
    /// The values present in the tensor's data fields (raw data counted in 4-byte values).
    var storedValueCount: Int {
        rawData.count / 4 + floatData.count + int32Data.count + int64Data.count + doubleData.count
    }
}
