import Foundation
import NeuralKernels

/// Why the compute engine could not be configured as asked.
public enum ComputeEngineError: Error, Equatable, CustomStringConvertible, Sendable {
    /// `ComputeEngine.select(_:)` was given a specification it cannot honour.
    case invalidSpecification(String, reason: String)
    /// An environment variable read by `ComputeEngine.configureFromEnvironment()` is invalid.
    case invalidEnvironment(variable: String, value: String, reason: String)

    public var description: String {
        switch self {
        case let .invalidSpecification(spec, reason):
            return "cannot use the GEMM engine '\(spec)': \(reason)"
        case let .invalidEnvironment(variable, value, reason):
            return "invalid \(variable)='\(value)': \(reason)"
        }
    }
}

/// The engine behind the one GEMM entry point (`gemm`), and its settings.
///
/// By default GEMM runs on the package's own C kernels: BLIS-style packing and a register-blocked
/// micro-kernel chosen once for this CPU (AVX-512 8×32, AVX2+FMA 6×16, NEON 8×12 or portable C),
/// spread over a persistent worker pool of `threadCount` threads when the product is large enough.
/// Optionally GEMM goes to Accelerate (macOS) or to an OpenBLAS/FlexiBLAS loaded at run time.
///
/// Process-wide settings: change them at start-up (the CLI does, from `NEURAL_BLAS` and
/// `NEURAL_THREADS`), not from concurrent code.
public enum ComputeEngine {
    /// The GEMM engines.
    public enum Engine: String, Sendable, CaseIterable {
        /// The package's own kernels (default).
        case builtin
        /// An OpenBLAS or FlexiBLAS found with `dlopen` (never linked).
        case openblas
        /// Apple's Accelerate framework (macOS only).
        case accelerate
    }

    /// The register-blocked micro-kernels of the built-in engine.
    public enum Kernel: String, Sendable, CaseIterable {
        case portable, avx2, avx512, neon

        var cValue: nk_kernel {
            switch self {
            case .portable: return NK_KERNEL_PORTABLE
            case .avx2: return NK_KERNEL_AVX2
            case .avx512: return NK_KERNEL_AVX512
            case .neon: return NK_KERNEL_NEON
            }
        }

        init(_ value: nk_kernel) {
            switch value {
            case NK_KERNEL_AVX2: self = .avx2
            case NK_KERNEL_AVX512: self = .avx512
            case NK_KERNEL_NEON: self = .neon
            default: self = .portable
            }
        }

        /// The kernel's stable name with its register tile, e.g. `avx2-6x16`.
        public var name: String { String(cString: nk_kernel_name(cValue)) }

        /// Whether this CPU can run the kernel (and it is compiled in for this architecture).
        public var isAvailable: Bool { nk_kernel_available(cValue) != 0 }
    }

    /// A snapshot of the configuration, as `neural info` shows it.
    public struct Status: Sendable, Equatable {
        public var engine: Engine
        /// E.g. `builtin` or `openblas (/usr/lib/…/libopenblas.so.0: OpenBLAS 0.3.21 …)`.
        public var engineDescription: String
        /// The micro-kernel the built-in engine uses on this CPU.
        public var kernel: Kernel
        public var threadCount: Int
    }

    /// The configuration in use now.
    public static var current: Status {
        Status(engine: engine, engineDescription: engineDescription, kernel: kernel,
               threadCount: threadCount)
    }

    /// The engine in use.
    public static var engine: Engine {
        switch nk_current_engine() {
        case NK_ENGINE_OPENBLAS: return .openblas
        case NK_ENGINE_ACCELERATE: return .accelerate
        default: return .builtin
        }
    }

    /// A human-readable description of the engine in use (library path and build for a BLAS).
    public static var engineDescription: String { String(cString: nk_engine_description()) }

    /// The micro-kernel chosen for this CPU.
    public static var kernel: Kernel { Kernel(nk_default_kernel()) }

    /// The name of the micro-kernel chosen for this CPU, e.g. `avx2-6x16`.
    public static var kernelName: String { kernel.name }

    /// Every micro-kernel this CPU can run, the portable one first.
    public static var availableKernels: [Kernel] { Kernel.allCases.filter(\.isAvailable) }

    /// Threads used by a large GEMM (the caller included). Defaults to `NEURAL_THREADS` if set,
    /// else the number of online CPUs. Results are bit-identical for a given thread count.
    public static var threadCount: Int { Int(nk_threads()) }

    /// Sets the process-wide thread count (1…256).
    public static func setThreadCount(_ count: Int) {
        precondition((1...256).contains(count), "setThreadCount: \(count) is not in 1...256")
        nk_set_threads(Int32(count))
    }

    /// Selects the engine: `builtin`, `openblas` (libopenblas.so.0, libopenblasp.so.0 or
    /// libflexiblas.so.3), `accelerate` (macOS), or a path to a shared library that exports
    /// `cblas_sgemm` and identifies itself as OpenBLAS or FlexiBLAS. On failure the engine in use
    /// is unchanged.
    public static func select(_ specification: String) throws(ComputeEngineError) {
        var message = [CChar](repeating: 0, count: 1024)
        let status = nk_select_engine(specification, &message, message.count)
        if status != 0 {
            throw .invalidSpecification(specification, reason: decode(message))
        }
    }

    /// Applies `NEURAL_THREADS` (1…256) and `NEURAL_BLAS` (`builtin`, `openblas`, `accelerate` or
    /// a library path) from the environment. Unset variables leave the defaults; an invalid value
    /// is an error, never a silent fallback.
    public static func configureFromEnvironment() throws(ComputeEngineError) {
        var message = [CChar](repeating: 0, count: 1024)
        if nk_configure_from_environment(&message, message.count) != 0 {
            let text = decode(message)
            // The C message starts with "NAME='value': reason".
            for variable in ["NEURAL_THREADS", "NEURAL_BLAS"] {
                if let value = environmentValue(variable), text.hasPrefix("\(variable)=") {
                    let prefix = "\(variable)='\(value)': "
                    let reason = text.hasPrefix(prefix) ? String(text.dropFirst(prefix.count)) : text
                    throw .invalidEnvironment(variable: variable, value: value, reason: reason)
                }
            }
            throw .invalidEnvironment(variable: "NEURAL_BLAS", value: environmentValue("NEURAL_BLAS") ?? "", reason: text)
        }
    }

    private static func decode(_ buffer: [CChar]) -> String {
        let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func environmentValue(_ name: String) -> String? {
        ProcessInfo.processInfo.environment[name]
    }
}
