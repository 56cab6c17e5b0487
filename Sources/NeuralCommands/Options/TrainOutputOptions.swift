import ArgumentParser

/// Where a training command writes: the model, the report, the checkpoints; and the checkpoint
/// it continues from.
struct TrainOutputOptions: ParsableArguments {
    @Option(help: "Where to save the model (written atomically).")
    var model: String = "model.safetensors"

    @Option(help: "Write an SVG report: the loss curves and, for a classifier, the confusion matrix.")
    var plot: String?

    @Option(help: "Save a checkpoint every N epochs (SIGINT and SIGTERM always save one before exiting).")
    var checkpointEvery: Int?

    @Option(help: "Where checkpoints go (default: the model's name with .checkpoint.safetensors; written atomically).")
    var checkpoint: String?

    @Option(help: "Continue the run saved in this checkpoint; give the same data file and flags.")
    var resume: String?

    @Option(help: "Fine-tune this model (a neural train or neural import model file): start from its weights with a fresh optimizer, keeping its network, columns, preprocessing and classes. Network and preprocessing flags must agree with the model. May be the --model path (replaced only once the new model is written).")
    var from: String?

    func validate() throws {
        if let checkpointEvery { try NumericFlag.integer(checkpointEvery, flag: "--checkpoint-every", in: 1...Int.max) }
    }

    /// The checkpoint path: `--checkpoint`, or the model's name with `.checkpoint.safetensors`.
    var checkpointPath: String { checkpoint ?? TrainingCheckpointing.defaultPath(forModel: model) }
}
