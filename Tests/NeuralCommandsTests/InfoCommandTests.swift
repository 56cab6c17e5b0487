import Testing
@testable import NeuralCommands

@Suite struct InfoCommandTests {
    @Test func parses() throws {
        _ = try NeuralCommand.parseAsRoot(["info"])
    }
}
