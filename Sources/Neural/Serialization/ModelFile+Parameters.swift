extension ModelFile {
    /// Rebuilds the parameter vector of an architecture from the file's tensors.
    ///
    /// Every segment of `layout` must have a tensor named `prefix + segment.name` of exactly the
    /// segment's shape, and no other tensor whose name starts with `prefix` may exist (an extra
    /// tensor means the file belongs to a different architecture). Checks run in layout order, so
    /// the first wrong layer is the one reported.
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
            guard tensor.shape == segment.shape else {
                throw .shapeMismatch(source: source, name: name, found: tensor.shape, expected: segment.shape)
            }
            matched.append(tensor)
        }
        if let extra = tensors.first(where: { byName[$0.name] != nil }) {
            throw .unexpectedTensor(source: source, name: extra.name, shape: extra.shape)
        }
        var parameters = ParameterVector(layout: layout)
        for (segment, tensor) in zip(layout.segments, matched) {
            parameters.values.replaceSubrange(segment.offset..<(segment.offset + segment.count), with: tensor.values)
        }
        return parameters
    }
}
