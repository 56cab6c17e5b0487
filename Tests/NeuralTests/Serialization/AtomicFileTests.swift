import Foundation
import Testing
@testable import Neural
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@Suite struct AtomicFileTests {
    typealias Support = SerializationTestSupport

    struct InjectedFailure: Error {}

    @Test func writesAndReplacesAFile() throws {
        let folder = try Support.makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("out.txt")
        try AtomicFile.write("first", to: url)
        #expect(try String(contentsOf: url, encoding: .utf8) == "first")
        try AtomicFile.write(Data("second".utf8), to: url)
        #expect(try String(contentsOf: url, encoding: .utf8) == "second")
        #expect(try Support.contents(of: folder) == ["out.txt"])
    }

    @Test func replacingKeepsThePermissions() throws {
        let folder = try Support.makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("private.txt")
        try AtomicFile.write("secret", to: url)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: url.path)
        try AtomicFile.write("new secret", to: url)
        let permissions = try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? Int
        #expect(permissions == 0o600)
    }

    @Test func failureInsideTheStreamKeepsTheOldFile() throws {
        let folder = try Support.makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("predictions.csv")
        try AtomicFile.write("prediction\nold\n", to: url)
        #expect(throws: InjectedFailure.self) {
            try AtomicFile.write(to: url) { writer in
                try writer.write("prediction\n")
                // More than the 64 KiB buffer, so part of the new file really reached the disk.
                for row in 0..<20_000 { try writer.write("row \(row)\n") }
                throw InjectedFailure()
            }
        }
        #expect(try String(contentsOf: url, encoding: .utf8) == "prediction\nold\n")
        #expect(try Support.contents(of: folder) == ["predictions.csv"])
    }

    @Test func rollbackAndAbandonedWritersLeaveNothing() throws {
        let folder = try Support.makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("model.safetensors")
        try AtomicFile.write("old model", to: url)

        let writer = try AtomicFileWriter(destination: url)
        try writer.write("half a new model")
        // Anonymous (O_TMPFILE) on Linux until commit; a named temporary file elsewhere.
        #if !os(Linux)
        #expect(FileManager.default.fileExists(atPath: writer.temporaryURL.path))
        #endif
        #expect(writer.temporaryURL.deletingLastPathComponent().path == folder.path)
        writer.rollback()
        writer.rollback()  // a second rollback does nothing
        #expect(try String(contentsOf: url, encoding: .utf8) == "old model")
        #expect(try Support.contents(of: folder) == ["model.safetensors"])

        func abandon() throws {
            let abandoned = try AtomicFileWriter(destination: url)
            try abandoned.write("never committed")
        }
        try abandon()
        #expect(try String(contentsOf: url, encoding: .utf8) == "old model")
        #expect(try Support.contents(of: folder) == ["model.safetensors"])
    }

    @Test func streamedContentArrivesInOrder() throws {
        let folder = try Support.makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("big.bin")
        var expected = Data()
        let count = try AtomicFile.write(to: url) { writer in
            for chunk in 0..<40 {
                // Chunks of varying sizes, some larger than the buffer.
                let piece = Data(repeating: UInt8(chunk), count: chunk * 5_000 + 1)
                expected.append(piece)
                try writer.write(piece)
            }
            return expected.count
        }
        #expect(count == expected.count)
        #expect(try Data(contentsOf: url) == expected)
    }

    @Test func missingFolderIsNamed() throws {
        let folder = try Support.makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("no/such/folder/model.safetensors")
        #expect(throws: AtomicFileError.folderMissing(path: url.path)) { try AtomicFile.write("x", to: url) }
        #expect(AtomicFileError.folderMissing(path: url.path).description.contains("does not exist"))
    }

    @Test func parentThatIsAFileAndDestinationThatIsAFolder() throws {
        let folder = try Support.makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("plain")
        try AtomicFile.write("x", to: file)
        let inside = file.appendingPathComponent("model.safetensors")
        #expect(throws: AtomicFileError.notAFolder(path: inside.path)) { try AtomicFile.write("x", to: inside) }
        let subfolder = folder.appendingPathComponent("sub")
        try FileManager.default.createDirectory(at: subfolder, withIntermediateDirectories: false)
        #expect(throws: AtomicFileError.destinationIsFolder(path: subfolder.path)) { try AtomicFile.write("x", to: subfolder) }
    }

    /// The destination's folder is reached through a link that is re-pointed at a regular file
    /// during the write (as when a folder is replaced while a long run writes into it): the
    /// rename fails, naming the path, and the temporary file is still removed from the folder
    /// it was created in, whose existing file is untouched.
    @Test func aFolderReplacedDuringTheWriteLeavesNoTemporaryFile() throws {
        let folder = try Support.makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let real = folder.appendingPathComponent("real")
        try FileManager.default.createDirectory(at: real, withIntermediateDirectories: false)
        try AtomicFile.write("earlier", to: real.appendingPathComponent("out.txt"))
        let blocker = folder.appendingPathComponent("blocker")
        try AtomicFile.write("a file", to: blocker)
        let link = folder.appendingPathComponent("link")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: real)
        let url = link.appendingPathComponent("out.txt")

        let writer = try AtomicFileWriter(destination: url)
        try writer.write("later")
        // The temporary file is anonymous (O_TMPFILE) on Linux, named beside the target elsewhere.
        #if os(Linux)
        #expect(try Support.contents(of: real).count == 1)
        #else
        #expect(try Support.contents(of: real).count == 2)
        #endif
        try FileManager.default.removeItem(at: link)
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: blocker)
        do {
            try writer.commit()
            Issue.record("the rename through a link to a file succeeded")
        } catch {
            guard case .renameFailed(let path, _) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(path == url.path)
        }
        #expect(try Support.contents(of: real) == ["out.txt"])
        #expect(try String(contentsOf: real.appendingPathComponent("out.txt"), encoding: .utf8) == "earlier")
    }

    /// The superuser may write anywhere, so this can only be observed as an ordinary user.
    @Test(.enabled(if: geteuid() != 0, "running as root, which may write into read-only folders"))
    func readOnlyFolderIsNamed() throws {
        let folder = try Support.makeTemporaryFolder()
        defer {
            try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.path)
            try? FileManager.default.removeItem(at: folder)
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: folder.path)
        let url = folder.appendingPathComponent("model.safetensors")
        #expect(throws: AtomicFileError.self) { try AtomicFile.write("x", to: url) }
        do {
            try AtomicFile.write("x", to: url)
        } catch {
            guard case .folderNotWritable = error else {
                Issue.record("unexpected error \(error)")
                return
            }
        }
    }
}
