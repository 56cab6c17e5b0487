import ArgumentParser
import Neural

/// The `neural` command: train, evaluate and use neural networks from the command line.
public struct NeuralCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "neural",
        abstract: "Train and use neural networks, from a single neuron to deep multi-layer perceptrons.",
        version: NeuralVersion.string,
        subcommands: [TrainCommand.self, EvaluateCommand.self, PredictCommand.self, ExplainCommand.self,
                      DemoCommand.self, InfoCommand.self, ExportCommand.self, ImportCommand.self,
                      CrossValidateCommand.self, TuneCommand.self, ServeCommand.self]
    )

    public init() {}
}
