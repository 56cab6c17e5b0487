import Foundation
import Testing
import Neural
@testable import NeuralInference

@Suite struct ModelRepositoryTests {
    private func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("neural-serve-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A reload swaps the model; a request that looked the old one up keeps it; a file that
    /// fails to load keeps the old model serving and reports why; an unchanged file is not
    /// reread when only changed files are asked for.
    @Test func reloadIsAtomicAndKeepsTheOldModelOnFailure() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("m.safetensors")
        try ServingFixtures.classifier().model.save(to: file)
        let repository = try ModelRepository(sources: [.init(name: "m", path: file.path)])
        let first = try #require(repository.model(named: "m"))
        #expect(repository.reload(onlyChanged: true).isEmpty)

        try ServingFixtures.regressor().model.save(to: file)
        let results = repository.reload(onlyChanged: true)
        #expect(results.count == 1 && results[0].failure == nil)
        let second = try #require(repository.model(named: "m"))
        #expect(second !== first)
        #expect(second.model.task == .regression)
        #expect(first.model.task == .classification)

        try Data("not a model".utf8).write(to: file)
        let failed = repository.reload(onlyChanged: false)
        #expect(failed.count == 1)
        #expect(failed[0].failure != nil)
        #expect(repository.model(named: "m") === second)

        try FileManager.default.removeItem(at: file)
        #expect(repository.reload(onlyChanged: true).first?.failure != nil)
        #expect(repository.model(named: "m") === second)
    }

    @Test func startingWithABadFileFails() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("bad.safetensors")
        try Data([1, 2, 3]).write(to: file)
        #expect(throws: (any Error).self) { try ModelRepository(sources: [.init(name: "bad", path: file.path)]) }
    }
}
