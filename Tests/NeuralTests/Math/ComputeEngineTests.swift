import Foundation
import Testing
@testable import Neural

/// These tests only read the process-wide engine or try selections that fail (which leave it
/// unchanged), so they are safe next to tests running in parallel.
@Suite struct ComputeEngineTests {
    @Test func defaultKernelIsAvailable() {
        let kernel = ComputeEngine.kernel
        #expect(kernel.isAvailable)
        #expect(ComputeEngine.availableKernels.contains(kernel))
        #expect(ComputeEngine.availableKernels.first == .portable)  // always compiled in
        #expect(ComputeEngine.kernelName == kernel.name)
    }

    @Test func kernelNamesCarryTheTile() {
        #expect(ComputeEngine.Kernel.portable.name == "portable")
        #expect(ComputeEngine.Kernel.avx2.name == "avx2-6x16")
        #expect(ComputeEngine.Kernel.avx512.name == "avx512-8x32")
        #expect(ComputeEngine.Kernel.neon.name == "neon-8x12")
    }

    @Test func statusIsConsistent() {
        let status = ComputeEngine.current
        #expect(status.threadCount >= 1)
        #expect(status.kernel == ComputeEngine.kernel)
        #expect(!status.engineDescription.isEmpty)
    }

    @Test func unknownSpecificationIsAnErrorAndKeepsTheEngine() {
        let before = ComputeEngine.engineDescription
        #expect(throws: ComputeEngineError.self) { try ComputeEngine.select("bogus") }
        do {
            try ComputeEngine.select("bogus")
        } catch {
            #expect(error.description.contains("'bogus'"))
            #expect(error.description.contains("builtin"))  // it lists what is accepted
        }
        #expect(ComputeEngine.engineDescription == before)
    }

    @Test func missingLibraryIsAnError() {
        #expect(throws: ComputeEngineError.self) { try ComputeEngine.select("/nonexistent/libopenblas.so.0") }
    }

    /// The C library's libm, which exports no cblas_sgemm.
    static let libm = ["/lib/x86_64-linux-gnu/libm.so.6", "/lib/aarch64-linux-gnu/libm.so.6",
                       "/usr/lib64/libm.so.6", "/lib64/libm.so.6"]
        .first { FileManager.default.fileExists(atPath: $0) }

    @Test(.enabled(if: libm != nil, "no libm.so.6 at a known path"))
    func libraryWithoutCBLASIsRejected() throws {
        let path = try #require(Self.libm)
        do {
            try ComputeEngine.select(path)
            Issue.record("libm accepted as a BLAS")
        } catch {
            #expect(error.description.contains("does not export cblas_sgemm"))
        }
    }
}
