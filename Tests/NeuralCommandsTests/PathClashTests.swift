import Foundation
import Testing
@testable import NeuralCommands

/// An output never replaces an input or another output: every (written flag × read or written
/// flag) pair of every command that writes, with the second path spelled six ways (the same
/// text, `./`, relative to the working folder, through `..`, a symbolic link, a hard link).
/// The clash is found before any work (the files are not even valid inputs), exit 2, naming both.
@Suite struct PathClashTests {
    enum Spelling: String, CaseIterable {
        case literal, dot, relative, dotDot, symbolicLink, hardLink

        /// Another spelling of the existing file `path` (creating the link it needs).
        func spell(_ path: String) throws -> String {
            let url = URL(fileURLWithPath: path)
            let folder = url.deletingLastPathComponent().path, name = url.lastPathComponent
            let manager = FileManager.default
            switch self {
            case .literal: return path
            case .dot: return folder + "/./" + name
            case .relative: return relativePath(from: manager.currentDirectoryPath, to: path)
            case .dotDot:
                try manager.createDirectory(atPath: folder + "/sub", withIntermediateDirectories: true)
                return folder + "/sub/../" + name
            case .symbolicLink:
                let link = folder + "/symlink-" + name
                try manager.createSymbolicLink(atPath: link, withDestinationPath: name)
                return link
            case .hardLink:
                let link = folder + "/hardlink-" + name
                try manager.linkItem(atPath: path, toPath: link)
                return link
            }
        }

        func relativePath(from base: String, to path: String) -> String {
            let baseParts = URL(fileURLWithPath: base).standardizedFileURL.pathComponents
            let parts = URL(fileURLWithPath: path).standardizedFileURL.pathComponents
            var common = 0
            while common < min(baseParts.count, parts.count) && baseParts[common] == parts[common] { common += 1 }
            return (Array(repeating: "..", count: baseParts.count - common) + parts[common...]).joined(separator: "/")
        }
    }

    /// A command, the file name each of its path roles gets by default, and how a role is given.
    struct Command: CustomTestStringConvertible, Sendable {
        var name: String
        var files: [String: String]
        var build: @Sendable ([String: String]) -> [String]
        var testDescription: String { name }
    }

    static let train = Command(name: "train", files: ["the data file": "d.csv", "--resume": "r.safetensors",
                                                      "--model": "m.safetensors", "--plot": "p.svg",
                                                      "--checkpoint": "c.safetensors"]) { paths in
        var arguments = ["train", paths["the data file"]!, "--target", "y", "--quiet"]
        for flag in ["--resume", "--model", "--plot", "--checkpoint"] { if let path = paths[flag] { arguments += [flag, path] } }
        return arguments
    }
    static let predict = Command(name: "predict", files: ["the model file": "m.safetensors", "the data file": "d.csv", "--output": "o.csv"]) {
        ["predict", $0["the model file"]!, $0["the data file"]!, "--output", $0["--output"]!]
    }
    static let export = Command(name: "export", files: ["the model file": "m.safetensors", "--onnx": "m.onnx"]) {
        ["export", $0["the model file"]!, "--onnx", $0["--onnx"]!]
    }
    static let importing = Command(name: "import", files: ["the imported file": "net.onnx", "--model": "m.safetensors"]) {
        ["import", $0["the imported file"]!, "--model", $0["--model"]!]
    }

    /// (command, written role, other role): every pair but a checkpoint written where --resume
    /// read it, which is how resuming works.
    static var pairs: [(Command, String, String)] {
        [(train, "--model", "the data file"), (train, "--model", "--resume"), (train, "--model", "--plot"),
         (train, "--model", "--checkpoint"), (train, "--plot", "the data file"), (train, "--plot", "--resume"),
         (train, "--plot", "--model"), (train, "--plot", "--checkpoint"), (train, "--checkpoint", "the data file"),
         (train, "--checkpoint", "--model"), (train, "--checkpoint", "--plot"),
         (predict, "--output", "the model file"), (predict, "--output", "the data file"),
         (export, "--onnx", "the model file"), (importing, "--model", "the imported file")]
    }

    static var cases: [(Command, String, String, Spelling)] {
        pairs.flatMap { pair in Spelling.allCases.map { (pair.0, pair.1, pair.2, $0) } }
    }

    @Test(arguments: cases)
    func clashIsRefusedNamingBothFlags(command: Command, written: String, other: String, spelling: Spelling) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        var paths: [String: String] = [:]
        for (role, name) in command.files where role != written { paths[role] = try folder.write(name, "original \(name)\n") }
        paths[written] = try spelling.spell(paths[other]!)
        let before = try folder.contents()
        let result = runNeural(command.build(paths))
        #expect(result.code == 2, "\(result.error)")
        #expect(result.error.contains(written) && result.error.contains(other), "\(result.error)")
        #expect(result.error.contains("same file"), "\(result.error)")
        #expect(try folder.contents() == before)
        #expect(try String(contentsOfFile: folder.path(command.files[other]!), encoding: .utf8) == "original \(command.files[other]!)\n")
    }

    /// A checkpoint may be written where --resume read it (that is how a run continues).
    @Test func checkpointMayReplaceTheCheckpointItResumes() throws {
        try PathClash.check([PathUse(role: "--resume", path: "/tmp/c.safetensors", isWritten: false),
                             PathUse(role: "--checkpoint", path: "/tmp/./c.safetensors", isWritten: true)],
                            allowed: [("--checkpoint", "--resume")])
    }

    /// The report's cases, through the executable: the data replaced by the plot, and a symbolic
    /// and a hard link of the data given as --model.
    @Test(.enabled(if: BuiltBinaryTests.binary != nil))
    func reportedClashesThroughTheExecutable() throws {
        let binary = try #require(BuiltBinaryTests.binary)
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let data = try folder.write("d.csv", SampleData.classification)
        let symbolic = try Spelling.symbolicLink.spell(data)
        let hard = try Spelling.hardLink.spell(data)
        for (input, flag, output) in [(data, "--plot", data), (symbolic, "--model", data), (data, "--model", hard),
                                      (data, "--checkpoint", try Spelling.dotDot.spell(data))] {
            let result = try BuiltBinaryTests.run(binary, ["train", input, "--target", "label", "--quiet", "--epochs", "1", flag, output])
            #expect(result.code == 2, "\(flag): \(result.error)")
            #expect(result.error.contains(flag) && result.error.contains("the data file"), "\(result.error)")
        }
        #expect(try String(contentsOfFile: data, encoding: .utf8) == SampleData.classification)
    }
}
