import Foundation
import Testing
import Neural
@testable import NeuralCommands

/// `neural train --distributed` where no MPI is built in, and the parts of a distributed run
/// that need no MPI (the start-up agreement, the checkpoint's process count).
@Suite struct DistributedFlagTests {
    #if !MPI
    @Test func distributedNeedsTheMPITrait() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let data = try folder.write("shapes.csv", SampleData.classification)
        let result = runNeural(["train", data, "--target", "label", "--quiet", "--distributed",
                                "--model", folder.path("m.safetensors")])
        #expect(result.code == 2, "\(result.error)")
        #expect(result.error.contains("--traits MPI"), "\(result.error)")
        #expect(try folder.contents() == ["shapes.csv"])
    }
    #endif

    /// One process agrees with itself; the hashes see every byte of the file.
    @Test func agreementHashesTheWholeFile() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let a = try folder.write("a.csv", "x,y\n1,2\n")
        let b = try folder.write("b.csv", "x,y\n1,3\n")
        try DistributedAgreement.check(SingleProcessCommunicator(), settings: "s", data: URL(fileURLWithPath: a))
        #expect(try DistributedAgreement.fileHash(URL(fileURLWithPath: a)) != DistributedAgreement.fileHash(URL(fileURLWithPath: b)))
        // FNV-1a 64 of "a" (the published test vector).
        #expect(DistributedAgreement.fnv1a(Array("a".utf8)) == 0xAF63_DC4C_8601_EC8C)
    }

    /// A checkpoint of a run on 3 processes resumes only on 3.
    @Test func checkpointRecordsTheProcessCount() {
        let settings = ["neural.checkpoint.settings": "{}", "neural.checkpoint.rows": "1,0,0"]
        var saved = settings
        saved[TrainingCheckpointing.ranksKey] = "3"
        #expect(TrainingCheckpointing.mismatch(saved: saved, current: settings)
                == "the checkpoint was saved by a run on 3 processes, this run is on 1 process (a distributed run resumes on as many processes as it had)")
        #expect(TrainingCheckpointing.mismatch(saved: saved, current: saved) == nil)
        #expect(TrainingCheckpointing.mismatch(saved: settings, current: settings) == nil)
    }
}
