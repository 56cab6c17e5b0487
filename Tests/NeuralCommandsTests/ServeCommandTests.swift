import Foundation
import Testing
@testable import NeuralCommands

@Suite struct ServeCommandTests {
    #if !Serve
    /// A build without the Serve trait says how to get one, with exit code 2.
    @Test func withoutTheServerTheCommandSaysHowToBuildIt() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let model = folder.url.appendingPathComponent("iris.safetensors")
        try Data("x".utf8).write(to: model)
        let result = runNeural(["serve", model.path])
        #expect(result.code == 2)
        #expect(result.error.contains("This neural was built without the server."))
        #expect(result.error.contains("swift build -c release --traits Serve"))
    }
    #endif

    @Test(arguments: [
        (["serve", "a.safetensors", "b.safetensors", "--name", "x"], "--name names a single model"),
        (["serve", "a.safetensors", "--name", "a/b"], "is not a usable model name"),
        (["serve", "a.safetensors", "--port", "70000"], "--port must be from 0 to 65535"),
        (["serve", "a.safetensors", "--max-batch-delay", "20000"], "--max-batch-delay must be from 0"),
        (["serve", "a.safetensors", "--max-request-rows", "0"], "--max-request-rows must be at least 1"),
        (["serve", "a.safetensors", "--max-header-bytes", "10"], "--max-header-bytes must be at least 256"),
        (["serve", "a.safetensors", "--idle-timeout", "0"], "--idle-timeout must be more than 0"),
    ])
    func badFlagsAreRefused(arguments: [String], message: String) {
        let result = runNeural(arguments)
        #expect(result.code == 2)
        #expect(result.error.contains(message), "\(result.error)")
    }
}
