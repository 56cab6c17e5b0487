import Foundation
import Testing
import Neural
@testable import NeuralCommands

@Suite struct DemoCommandTests {
    @Test func demoTrainsBothDataSetsAndSaysWhereTheFilesAre() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let result = runNeural(["demo", "--epochs", "3", "--output-dir", folder.url.path, "--quiet"])
        #expect(result.code == 0, "\(result.error)")
        #expect(try folder.contents() == ["diabetes.safetensors", "diabetes.svg", "iris.safetensors", "iris.svg"])
        for name in ["iris.svg", "diabetes.svg", "iris.safetensors", "diabetes.safetensors"] {
            #expect(result.output.contains(folder.path(name)), "the output names \(name)")
        }
        #expect(result.output.contains("Metrics on the test rows"))
        #expect(result.output.contains("accuracy"))
        #expect(result.output.contains("r2"))
        let iris = try TrainedModel.load(from: URL(fileURLWithPath: folder.path("iris.safetensors")))
        #expect(iris.classNames == ["setosa", "versicolor", "virginica"])
    }

    @Test func demoShowsProgressUnlessQuiet() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let result = runNeural(["demo", "--epochs", "2", "--output-dir", folder.url.path])
        #expect(result.code == 0)
        #expect(result.error.contains("iris  epoch 2/2"), "\(result.error)")
        #expect(result.error.contains("diabetes  epoch 2/2"))
    }

    @Test func exportDataWritesTheCSVFiles() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let result = runNeural(["demo", "--export-data", folder.url.path])
        #expect(result.code == 0)
        #expect(try folder.contents() == ["diabetes.csv", "iris.csv"])
        let iris = try DataTable(contentsOf: folder.url.appendingPathComponent("iris.csv"))
        #expect(iris.rowCount == 150)
    }
}
