import Testing
import Neural

@Suite struct InitializerTests {
    static let fanIn = 200
    static let fanOut = 100

    /// Sample mean and variance of 20 000 draws against the distribution's.
    ///
    /// Tolerances: the sample mean has standard deviation σ/√N = σ/141, so |mean| < 5σ/141; the
    /// sample variance has relative standard deviation √((κ − 1)/N) with kurtosis κ = 1.8 for the
    /// uniform (0.6 %) and 3 for the normal (1 %), so a 5 % relative tolerance is at least 5 σ.
    @Test(arguments: Initializer.allCases.filter { $0 != .zeros })
    func statistics(initializer: Initializer) {
        var generator = SeededGenerator(seed: 11)
        let weights = initializer.weights(fanIn: Self.fanIn, fanOut: Self.fanOut, using: &generator)
        let values = weights.storage.map(Double.init)
        let count = Double(values.count)
        let mean = values.reduce(0, +) / count
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (count - 1)
        let expected = initializer.variance(fanIn: Self.fanIn, fanOut: Self.fanOut)
        #expect(abs(mean) < 5 * expected.squareRoot() / count.squareRoot())
        #expect(abs(variance / expected - 1) < 0.05, "\(initializer): variance \(variance), expected \(expected)")
        if let limit = initializer.uniformLimit(fanIn: Self.fanIn, fanOut: Self.fanOut) {
            #expect(values.allSatisfy { abs($0) <= limit })
            // Draws fill the interval: the extremes are within 1 % of the bound (the chance that
            // 20 000 uniform draws all avoid a 1 % end is 0.995^20000 ≈ 1e-44).
            #expect(values.max()! > 0.99 * limit && values.min()! < -0.99 * limit)
        }
    }

    @Test func formulas() {
        // Glorot: 2/(200 + 100); He: 2/200; LeCun: 1/200; Glorot uniform limit √(6/300).
        #expect(Initializer.glorotNormal.variance(fanIn: 200, fanOut: 100) == 2.0 / 300)
        #expect(Initializer.heNormal.variance(fanIn: 200, fanOut: 100) == 2.0 / 200)
        #expect(Initializer.lecunUniform.variance(fanIn: 200, fanOut: 100) == 1.0 / 200)
        let limit = Initializer.glorotUniform.uniformLimit(fanIn: 200, fanOut: 100)!
        #expect(abs(limit - (6.0 / 300).squareRoot()) < 1e-15)
        var generator = SeededGenerator(seed: 1)
        #expect(Initializer.zeros.weights(fanIn: 3, fanOut: 2, using: &generator).storage.allSatisfy { $0 == 0 })
    }

    @Test func sameSeedSameWeights() {
        var a = SeededGenerator(seed: 5)
        var b = SeededGenerator(seed: 5)
        #expect(Initializer.heNormal.weights(fanIn: 4, fanOut: 3, using: &a)
                == Initializer.heNormal.weights(fanIn: 4, fanOut: 3, using: &b))
        #expect(Network(inputSize: 4, hiddenLayers: [8], outputSize: 2, seed: 7).parameters
                == Network(inputSize: 4, hiddenLayers: [8], outputSize: 2, seed: 7).parameters)
        #expect(Network(inputSize: 4, hiddenLayers: [8], outputSize: 2, seed: 7).parameters
                != Network(inputSize: 4, hiddenLayers: [8], outputSize: 2, seed: 8).parameters)
    }
}
