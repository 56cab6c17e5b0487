extension ModelFile {
    /// Rebuilds the parameter vector of an architecture from the file's tensors.
    ///
    /// Every segment of `layout` must have a tensor named `prefix + segment.name` of exactly the
    /// segment's shape, and no other tensor whose name starts with `prefix` may exist (an extra
    /// tensor means the file belongs to a different architecture). Checks run in layout order, so
    /// the first wrong layer is the one reported. A file of format version 1 stores each
    /// transposed segment (a dense weight `[out, in]`) as `[in, out]`: it is read that way. A
    /// weight in the other orientation than its version's, or of neither orientation, is
    /// refused with `weightShapeMismatch`, which names both shapes.
    public func parameters(matching layout: ParameterLayout, prefix: String = "") throws(ModelFileError) -> ParameterVector {
        var byName: [String: SafeTensor] = [:]
        for tensor in tensors where tensor.name.hasPrefix(prefix) {
            byName[tensor.name] = tensor
        }
        // Every tensor is checked before the vector is allocated: the layout may come from the
        // file's metadata, and its sizes are only trusted once the file's tensors (whose bytes
        // were checked against the file when it was read) are found to have those shapes.
        var matched: [SafeTensor] = []
        for segment in layout.segments {
            let name = prefix + segment.name
            guard let tensor = byName.removeValue(forKey: name) else {
                throw .missingTensor(source: source, name: name, expectedShape: segment.shape)
            }
            let fileShape = segment.isStoredTransposed && isVersion1 ? [segment.shape[1], segment.shape[0]] : segment.shape
            guard tensor.shape == fileShape else {
                if segment.isStoredTransposed {
                    throw .weightShapeMismatch(source: source, name: name, found: tensor.shape,
                                               outIn: segment.shape, formatVersion: formatMajorVersion)
                }
                throw .shapeMismatch(source: source, name: name, found: tensor.shape, expected: segment.shape)
            }
            matched.append(tensor)
        }
        if let extra = tensors.first(where: { byName[$0.name] != nil }) {
            throw .unexpectedTensor(source: source, name: extra.name, shape: extra.shape)
        }
        var parameters = ParameterVector(layout: layout)
        for (segment, tensor) in zip(layout.segments, matched) {
            if isVersion1 {
                // Version 1 wrote the storage order itself.
                parameters.values.replaceSubrange(segment.offset..<(segment.offset + segment.count), with: tensor.values)
            } else {
                parameters.setRowMajorValues(tensor.values, of: segment)
            }
        }
        return parameters
    }

    /// Whether the file stores dense weights `[in, out]` (format version 1).
    var isVersion1: Bool { formatMajorVersion < ModelFormat.outInWeightsVersion }
}
