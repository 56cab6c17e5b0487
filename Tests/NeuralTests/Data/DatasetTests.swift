import Testing
@testable import Neural

@Suite struct DatasetTests {
    static let regression = Dataset(features: Matrix([[1, 2], [3, 4], [5, 6]]), targets: .values(Matrix([[10], [20], [30]])))
    static let classes = Dataset(features: Matrix([[1, 2], [3, 4], [5, 6]]), targets: .classes([2, 0, 1], classCount: 3))

    @Test func subsetSelectsRowsInOrder() {
        let subset = Self.regression.subset([2, 0])
        #expect(subset.features == Matrix([[5, 6], [1, 2]]))
        #expect(subset.targets == .values(Matrix([[30], [10]])))
        #expect(Self.classes.subset([1, 1]).targets == .classes([0, 0], classCount: 3))
    }

    @Test func gatheringReusesTheBuffers() {
        var x = Matrix(rows: 2, columns: 2)
        var y = Matrix(rows: 2, columns: 1)
        let order = [2, 0, 1]
        Self.regression.gatherFeatures(rows: order[0..<2], into: &x)
        Self.regression.gatherTargets(rows: order[0..<2], into: &y)
        #expect(x == Matrix([[5, 6], [1, 2]]))
        #expect(y == Matrix([[30], [10]]))
        // The last, short batch shrinks the buffer; the next full batch grows it back.
        Self.regression.gatherFeatures(rows: order[2..<3], into: &x)
        #expect(x == Matrix([[3, 4]]))
        Self.regression.gatherFeatures(rows: order[0..<2], into: &x)
        #expect(x == Matrix([[5, 6], [1, 2]]))
    }

    @Test func gatheringIntoARawBuffer() {
        var buffer = [Float](repeating: -1, count: 6)
        buffer.withUnsafeMutableBufferPointer { pointer in
            Self.regression.gatherFeatures(rows: [1, 2][...], into: pointer)
        }
        // Two rows of two features; the rest of the buffer is untouched.
        #expect(buffer == [3, 4, 5, 6, -1, -1])
    }

    @Test func classTargetsGatherAsOneHotOrLabels() {
        var y = Matrix(rows: 0, columns: 0)
        Self.classes.gatherTargets(rows: [0, 2][...], into: &y)
        #expect(y == Matrix([[0, 0, 1], [0, 1, 0]]))
        var labels = [Int32]()
        Self.classes.gatherLabels(rows: [1, 0][...], into: &labels)
        #expect(labels == [0, 2])
    }
}
