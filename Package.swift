// swift-tools-version: 6.2
import PackageDescription

/// The C kernels are compiled with -O2 even in debug builds, so `swift test` runs the
/// GEMM and the elementwise loops at full speed. Run-time CPU dispatch picks the
/// micro-kernel; no -march flag is needed.
let kernelFlags: [CSetting] = [
    .unsafeFlags(["-O2", "-fno-math-errno", "-Wall"]),
    .define("_GNU_SOURCE", .when(platforms: [.linux])),
]

let package = Package(
    name: "Neural",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "Neural", targets: ["Neural"]),
        .library(name: "NeuralONNX", targets: ["NeuralONNX"]),
        .library(name: "NeuralExplanations", targets: ["NeuralExplanations"]),
        .executable(name: "neural", targets: ["neural"]),
    ],
    traits: [
        // `swift build --traits MPI`: data-parallel training over Open MPI (needs libopenmpi-dev).
        .trait(name: "MPI"),
        // `swift build -c release --traits Serve`: `neural serve`, the Open Inference Protocol
        // over HTTP (Hummingbird). Off by default: Hummingbird and SwiftNIO would more than
        // double the time of a clean `swift test`.
        .trait(name: "Serve", description: "Builds `neural serve` (HTTP inference server on Hummingbird)."),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.0"),
    ],
    targets: [
        .target(
            name: "NeuralKernels",
            cSettings: kernelFlags,
            linkerSettings: [
                .linkedLibrary("pthread", .when(platforms: [.linux])),
                .linkedLibrary("dl", .when(platforms: [.linux])),
                .linkedLibrary("m", .when(platforms: [.linux])),
                .linkedFramework("Accelerate", .when(platforms: [.macOS])),
            ]
        ),
        // Open MPI's C API (the `ompi-c` pkg-config module), linked only with the MPI trait.
        .systemLibrary(name: "CMPI", pkgConfig: "ompi-c",
                       providers: [.apt(["libopenmpi-dev"]), .brew(["open-mpi"])]),
        .target(name: "Neural", dependencies: [
            "NeuralKernels",
            .target(name: "CMPI", condition: .when(traits: ["MPI"])),
        ]),
        // The lecture's worked examples behind `neural explain`, every number from the library.
        .target(name: "NeuralExplanations", dependencies: ["Neural"]),
        // ONNX export and import with their protobuf reader and writer, apart so that a user of
        // Neural who never reads or writes ONNX does not compile them.
        .target(name: "NeuralONNX", dependencies: ["Neural"]),
        .target(
            name: "NeuralCommands",
            dependencies: [
                "Neural",
                "NeuralONNX",
                "NeuralExplanations",
                "NeuralInference",
                "NeuralServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The Open Inference Protocol without HTTP: tensors, request decoding, response encoding,
        // dynamic batching, metrics. No dependency, so it is always built and tested.
        .target(name: "NeuralInference", dependencies: ["Neural"]),
        // The HTTP server; empty unless the Serve trait is on.
        .target(
            name: "NeuralServer",
            dependencies: [
                "Neural",
                "NeuralInference",
                .product(name: "Hummingbird", package: "hummingbird", condition: .when(traits: ["Serve"])),
                .product(name: "HummingbirdCore", package: "hummingbird", condition: .when(traits: ["Serve"])),
                .product(name: "NIOCore", package: "swift-nio", condition: .when(traits: ["Serve"])),
                .product(name: "Logging", package: "swift-log", condition: .when(traits: ["Serve"])),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle", condition: .when(traits: ["Serve"])),
            ]
        ),
        .executableTarget(name: "neural", dependencies: ["NeuralCommands"]),
        .target(name: "NeuralTestSupport", dependencies: ["Neural"]),
        // Counts the benchmark's heap allocations (it defines malloc & co. in neural-bench only).
        .target(name: "AllocationCounter", path: "Benchmarks/AllocationCounter"),
        .executableTarget(
            name: "neural-bench",
            dependencies: ["Neural", "NeuralKernels", "AllocationCounter"],
            path: "Benchmarks/neural-bench"
        ),
        .testTarget(
            name: "NeuralTests",
            dependencies: ["Neural", "NeuralONNX", "NeuralExplanations", "NeuralKernels", "NeuralTestSupport"],
            resources: [.copy("Fixtures")]
        ),
        // A client of the library as a user's package sees it: `import Neural` without
        // @testable, following the DocC articles.
        .testTarget(name: "NeuralClientTests", dependencies: ["Neural"]),
        .testTarget(
            name: "NeuralServerTests",
            dependencies: [
                "NeuralInference", "NeuralServer", "Neural", "NeuralTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird", condition: .when(traits: ["Serve"])),
                .product(name: "NIOPosix", package: "swift-nio", condition: .when(traits: ["Serve"])),
            ]
        ),
        .testTarget(
            name: "NeuralCommandsTests",
            dependencies: ["NeuralCommands", "Neural", "NeuralONNX", "NeuralExplanations", "NeuralTestSupport"]
        ),
    ],
    swiftLanguageModes: [.v6]
)

// The DocC plugin is needed only to build the documentation (`.ci/docs.sh` sets NEURAL_DOCC), so
// `swift build` and `swift test` on a clean clone never fetch it.
if Context.environment["NEURAL_DOCC"] != nil {
    package.dependencies.append(.package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"))
}
