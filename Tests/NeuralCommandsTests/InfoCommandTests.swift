import Testing
@testable import NeuralCommands

@Suite struct InfoCommandTests {
    @Test func parses() throws {
        _ = try NeuralCommand.parseAsRoot(["info"])
    }

    @Test func parsesJSONFlag() throws {
        let command = try NeuralCommand.parseAsRoot(["info", "--json"])
        let info = try #require(command as? InfoCommand)
        #expect(info.jsonOption.json)
    }
}
