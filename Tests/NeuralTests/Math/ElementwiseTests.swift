import Testing
import Neural

@Suite struct ElementwiseTests {
    @Test func biasColumnSumsAndScaledAdd() {
        let x = Matrix([[1, 2, 3], [4, 5, 6]])
        #expect(x.addingToEachRow([10, 20, 30]) == Matrix([[11, 22, 33], [14, 25, 36]]))
        #expect(x.columnSums() == [5, 7, 9])  // 1 + 4, 2 + 5, 3 + 6
        var y = x
        y.add(x, scaledBy: -0.5)
        #expect(y == Matrix([[0.5, 1, 1.5], [2, 2.5, 3]]))
        #expect(x.multipliedElementwise(by: x) == Matrix([[1, 4, 9], [16, 25, 36]]))
        // Column sums over more than one 256-column block, in double: 300 rows of 0.1 per column;
        // a float32 running sum of 300 terms would drift by ~1e-5, the double one rounds once.
        let wide = Matrix(rows: 300, columns: 600, repeating: 0.1)
        #expect(wide.columnSums().allSatisfy { abs($0 - 30) < 2e-6 })
    }
}
