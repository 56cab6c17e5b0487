import Testing
@testable import Neural

@Suite struct MatrixTests {
    @Test func transposeAndMultiply() {
        let a = Matrix([[1, 2, 3], [4, 5, 6]])
        let b = Matrix([[7, 8], [9, 10], [11, 12]])
        // [1 2 3]·[7 9 11; 8 10 12]ᵀ: 1·7 + 2·9 + 3·11 = 58, 1·8 + 2·10 + 3·12 = 64, …
        #expect(matmul(a, b) == Matrix([[58, 64], [139, 154]]))
        #expect(matmul(a.transposed, b.transposed, transposeA: true, transposeB: true) == Matrix([[58, 64], [139, 154]]))
    }
}
