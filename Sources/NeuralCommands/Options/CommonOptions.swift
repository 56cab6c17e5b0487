import ArgumentParser

/// `--json`, for every command that can print its result as one JSON object.
struct JSONOption: ParsableArguments {
    @Flag(help: "Print one JSON object instead of text.")
    var json = false
}

/// `--quiet`, for every command that draws a progress display.
struct QuietOption: ParsableArguments {
    @Flag(help: "No progress display.")
    var quiet = false
}

/// `--seed`, for every command that draws random numbers.
struct SeedOption: ParsableArguments {
    @Option(help: "Seed of every random draw (split, initial weights, shuffling, dropout, a random bias); the same seed gives the same result.")
    var seed: UInt64 = 0
}
