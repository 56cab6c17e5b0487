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
        .executable(name: "neural", targets: ["neural"]),
    ],
    // `swift build --traits MPI`: data-parallel training over Open MPI (needs libopenmpi-dev).
    traits: [.trait(name: "MPI")],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
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
        // ONNX export and import with their protobuf reader and writer, apart so that a user of
        // Neural who never reads or writes ONNX does not compile them.
        .target(name: "NeuralONNX", dependencies: ["Neural"]),
        .target(
            name: "NeuralCommands",
            dependencies: [
                "Neural",
                "NeuralONNX",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
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
            dependencies: ["Neural", "NeuralONNX", "NeuralKernels", "NeuralTestSupport"],
            resources: [.copy("Fixtures")]
        ),
        // A client of the library as a user's package sees it: `import Neural` without
        // @testable, following the DocC articles.
        .testTarget(name: "NeuralClientTests", dependencies: ["Neural"]),
        .testTarget(
            name: "NeuralCommandsTests",
            dependencies: ["NeuralCommands", "Neural", "NeuralONNX", "NeuralTestSupport"]
        ),
    ],
    swiftLanguageModes: [.v6]
)

// The DocC plugin is needed only to build the documentation (`.ci/docs.sh` sets NEURAL_DOCC), so
// `swift build` and `swift test` on a clean clone never fetch it.
if Context.environment["NEURAL_DOCC"] != nil {
    package.dependencies.append(.package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"))
}
