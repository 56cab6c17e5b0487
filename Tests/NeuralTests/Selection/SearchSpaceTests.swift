import Testing
@testable import Neural

@Suite struct SearchSpaceTests {
    @Test func readsTheDocumentedExample() throws {
        let space = try SearchSpace(parsing: "hidden=[32],[64],[64,32]; learning-rate=loguniform(1e-4,1e-1); l2=loguniform(1e-6,1e-2); batch-size=16|32|64; activation=relu|tanh")
        #expect(space.parameters == [
            .init(name: "hidden", domain: .choices(["32", "64", "64,32"])),
            .init(name: "learning-rate", domain: .logUniform(lower: 1e-4, upper: 1e-1)),
            .init(name: "l2", domain: .logUniform(lower: 1e-6, upper: 1e-2)),
            .init(name: "batch-size", domain: .choices(["16", "32", "64"])),
            .init(name: "activation", domain: .choices(["relu", "tanh"])),
        ])
        #expect(space.gridSize == nil)
    }

    @Test func readsRangesListsAndSpacing() throws {
        let space = try SearchSpace(parsing: " --epochs = int(10, 50) ; dropout=uniform(0,0.5);units=logint(8,256); hidden=[] | [ 16 , 8 ]; optimizer=adam,sgd; ")
        #expect(space.parameters == [
            .init(name: "epochs", domain: .integer(lower: 10, upper: 50)),
            .init(name: "dropout", domain: .uniform(lower: 0, upper: 0.5)),
            .init(name: "units", domain: .logInteger(lower: 8, upper: 256)),
            .init(name: "hidden", domain: .choices(["none", "16,8"])),
            .init(name: "optimizer", domain: .choices(["adam", "sgd"])),
        ])
    }

    /// Each bad input, the message's token and its 1-based character position.
    @Test(arguments: [
        ("", "", 1, "empty"),
        ("hidden", "hidden", 1, "expected ="),
        ("hidden=", "hidden=", 1, "no values"),
        ("learning-rate=logunifrom(1e-4,1e-1)", "logunifrom", 15, "unknown distribution"),
        ("l2=loguniform(0,1)", "0", 15, "above 0"),
        ("l2=uniform(1,0.5)", "1", 12, "below the upper bound"),
        ("l2=uniform(1,x)", "x", 14, "finite numbers"),
        ("l2=uniform(1)", ")", 13, "two bounds"),
        ("epochs=int(1.5,9)", "1.5", 12, "integers"),
        ("epochs=int(9,3)", "9", 12, "above the upper bound"),
        ("units=logint(0,9)", "0", 14, "at least 1"),
        ("hidden=[64,32", "[", 8, "not closed"),
        ("hidden=[64,,32]", ",", 12, "empty item"),
        ("activation=relu|", "|", 16, "missing"),
        ("batch-size=16,;", ",", 14, "missing"),
        ("activation=relu tanh", "tanh", 17, "expected | or ,"),
        ("a=1; a=2", "a", 6, "twice"),
        ("=3", "=3", 1, "parameter name"),
        ("activation=relu;; l2=1", ";", 17, "parameter name"),
    ] as [(String, String, Int, String)])
    func badSpacesNameTheTokenAndPosition(text: String, token: String, position: Int, words: String) throws {
        do {
            _ = try SearchSpace(parsing: text)
            Issue.record("\"\(text)\" was accepted")
        } catch let SelectionError.invalidSpace(message, badToken, badPosition) {
            #expect(badToken == token, "\(text): \(message)")
            #expect(badPosition == position, "\(text): \(message)")
            #expect(message.contains(words), "\(text): \(message)")
            #expect(SelectionError.invalidSpace(message: message, token: badToken, position: badPosition).description
                .hasPrefix("Search space, at character \(position)"))
        }
    }

    @Test func gridVariesTheLastParameterFastest() throws {
        let space = try SearchSpace(parsing: "a=1|2; b=x|y|z")
        #expect(space.gridSize == 6)
        #expect(space.grid().map(\.values) == [["1", "x"], ["1", "y"], ["1", "z"], ["2", "x"], ["2", "y"], ["2", "z"]])
    }

    @Test func listsAreSampledWithoutReplacement() throws {
        let space = try SearchSpace(parsing: "a=1|2|3; b=x|y")
        var generator = SeededGenerator(seed: 11)
        let drawn = space.sample(6, generator: &generator)
        #expect(Set(drawn).count == 6)
    }

    @Test func rangesStayInsideTheirBounds() throws {
        let space = try SearchSpace(parsing: "u=uniform(-1,2); l=loguniform(1e-4,1e-1); i=int(3,5); k=logint(1,100)")
        var generator = SeededGenerator(seed: 2)
        var integers = Set<Int>()
        for configuration in space.sample(500, generator: &generator) {
            let u = try #require(Double(configuration["u"]!)), l = try #require(Double(configuration["l"]!))
            let i = try #require(Int(configuration["i"]!)), k = try #require(Int(configuration["k"]!))
            #expect(u >= -1 && u <= 2)  // 4 significant digits may round up to the bound
            #expect(l >= 1e-4 && l <= 1e-1)
            #expect((3...5).contains(i))
            #expect((1...100).contains(k))
            integers.insert(i)
        }
        #expect(integers == [3, 4, 5])
        // The same seed draws the same configurations.
        var first = SeededGenerator(seed: 9), second = SeededGenerator(seed: 9)
        #expect(space.sample(5, generator: &first) == space.sample(5, generator: &second))
    }
}
