import Testing
import Neural

/// The `MLPClassifier` example of README.md's "Learning with Neural" section, verbatim, so it
/// cannot stop compiling or working unnoticed.
@Suite struct ReadmeExampleTests {
    @Test func mlpClassifierExample() throws {
        let x = Matrix([[0, 0], [0, 1], [1, 0], [1, 1]])
        let y = ["no", "yes", "yes", "no"]                  // XOR: no straight line separates it
        var model = MLPClassifier<String>(hiddenLayerSizes: [8], learningRateInit: 0.05, maxIter: 500, randomState: 0)
        try model.fit(x, y)
        print(try model.predict(x), try model.score(x, y))  // ["no", "yes", "yes", "no"] 1.0

        #expect(try model.predict(x) == y)
        #expect(try model.score(x, y) == 1)
    }
}
