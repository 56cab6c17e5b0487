import Foundation
import Testing
import Neural
@testable import NeuralCommands

@Suite struct TrainEvaluatePredictTests {
    @Test func classifierTrainsEvaluatesAndPredictsWithClassNames() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let data = try folder.write("shapes.csv", SampleData.classification)
        let model = folder.path("shapes.safetensors")
        let plot = folder.path("report.svg")
        let train = runNeural(["train", data, "--target", "label", "--model", model, "--plot", plot] + SampleData.fastFlags)
        #expect(train.code == 0, "\(train.error)")
        #expect(train.output.contains("Trained a classifier"))
        let svg = try String(contentsOfFile: plot, encoding: .utf8)
        // No validation split by default: the metrics are the training rows'.
        #expect(svg.contains("Confusion matrix (training rows)"))
        #expect(svg.contains("small, round"))
        #expect(svg.contains("training loss"))
        #expect(train.output.contains("Confusion matrix"))
        #expect(train.output.contains("small, round"))
        #expect(train.error.isEmpty, "--quiet prints no progress: \(train.error)")

        let loaded = try TrainedModel.load(from: URL(fileURLWithPath: model))
        #expect(loaded.classNames == ["big \"one\"", "small, round"])
        #expect(loaded.inputColumns == ["x1", "x2", "color"])
        // 2 numeric features + 3 one-hot colours.
        #expect(loaded.network.inputSize == 5)

        let evaluate = runNeural(["evaluate", model, data, "--json"])
        #expect(evaluate.code == 0, "\(evaluate.error)")
        let metrics = try jsonObject(evaluate.output)
        #expect(Set(metrics.keys) == ["accuracy", "precision", "recall", "f1", "log_loss", "confusion_matrix", "classes", "samples"])
        #expect(metrics["samples"] as? Int == 80)
        #expect(metrics["classes"] as? [String] == ["big \"one\"", "small, round"])
        // The classes are separated by the line x1 + x2 = 0; 30 epochs of Adam at 0.01 on a
        // 5-8-2 network reach well above chance (0.5); 0.8 leaves room for seed-independent noise.
        let accuracy = try #require(metrics["accuracy"] as? Double)
        #expect(accuracy > 0.8)

        let text = runNeural(["evaluate", model, data])
        #expect(text.code == 0)
        #expect(text.output.contains("accuracy"))
        #expect(text.output.contains("rows: actual class"))

        let unlabeled = try folder.write("new.csv", SampleData.withoutTarget(SampleData.classification))
        let predictions = folder.path("predictions.csv")
        let predict = runNeural(["predict", model, unlabeled, "--output", predictions, "--probabilities"])
        #expect(predict.code == 0, "\(predict.error)")
        let table = try DataTable(contentsOf: URL(fileURLWithPath: predictions))
        #expect(table.rowCount == 80)
        #expect(table.columnNames == ["prediction", "p_big \"one\"", "p_small, round"])
        let names = try table.column(named: "prediction")
        #expect(Set((0..<80).compactMap { names.text(at: $0) }).isSubset(of: ["big \"one\"", "small, round"]))
        let first = try table.column(named: "p_big \"one\"").values, second = try table.column(named: "p_small, round").values
        for row in 0..<80 {
            // Softmax rows sum to 1 up to Float rounding and the printed digits (shortest form).
            #expect(abs(first[row] + second[row] - 1) < 1e-5)
        }

        // Standard output gets the same CSV.
        let piped = runNeural(["predict", model, unlabeled, "--probabilities"])
        #expect(piped.code == 0)
        #expect(piped.output == (try String(contentsOfFile: predictions, encoding: .utf8)))
    }

    @Test func regressorTrainsEvaluatesAndPredictsInTheTargetsUnits() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let data = try folder.write("linear.csv", SampleData.regression)
        let model = folder.path("linear.safetensors")
        let plot = folder.path("report.svg")
        let train = runNeural(["train", data, "--target", "y", "--model", model, "--plot", plot, "--json",
                               "--validation-split", "0.25", "--hidden", "none", "--epochs", "60", "--batch-size", "8", "--learning-rate", "0.05", "--quiet"])
        #expect(train.code == 0, "\(train.error)")
        let result = try jsonObject(train.output)
        #expect(Set(result.keys) == ["history", "metrics", "rows", "metrics_on", "missing", "epochs", "stop_reason"])
        #expect(result["rows"] as? [String: Int] == ["training": 60, "validation": 20, "test": 0])
        #expect(result["metrics_on"] as? String == "validation")
        let history = try #require(result["history"] as? [String: Any])
        #expect(Set(history.keys) == ["loss", "val_loss", "learning_rate"])
        #expect((history["loss"] as? [Double])?.count == 60)
        #expect((history["val_loss"] as? [Double])?.count == 60)
        let metrics = try #require(result["metrics"] as? [String: Any])
        #expect(Set(metrics.keys) == ["mse", "rmse", "mae", "r2", "samples"])
        let svg = try String(contentsOfFile: plot, encoding: .utf8)
        #expect(svg.hasPrefix("<svg") || svg.hasPrefix("<?xml"))
        #expect(svg.contains("validation loss"))

        let evaluate = runNeural(["evaluate", model, data, "--json"])
        #expect(evaluate.code == 0, "\(evaluate.error)")
        let scores = try jsonObject(evaluate.output)
        #expect(Set(scores.keys) == ["mse", "rmse", "mae", "r2", "samples"])
        // The target is exactly linear in the features and the model is linear (--hidden none):
        // 60 epochs of Adam fit it closely; R² > 0.95 allows for the remaining optimisation error.
        let r2 = try #require(scores["r2"] as? Double)
        #expect(r2 > 0.95)

        let predict = runNeural(["predict", model, data])
        #expect(predict.code == 0)
        let lines = predict.output.split(separator: "\n")
        #expect(lines.count == 81)
        #expect(lines.first == "prediction")
        // Predictions are in the target's units (around 10), not standardised.
        let values = lines.dropFirst().compactMap { Double($0) }
        #expect(values.count == 80)
        let mean = values.reduce(0, +) / Double(values.count)
        #expect(abs(mean - 10) < 1.5)
    }

    @Test func savedModelPredictsLikeTheTrainedOne() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let data = try folder.write("shapes.csv", SampleData.classification)
        let model = folder.path("m.safetensors")
        #expect(runNeural(["train", data, "--target", "label", "--model", model] + SampleData.fastFlags).code == 0)
        let loaded = try TrainedModel.load(from: URL(fileURLWithPath: model))
        let table = try loaded.readTable(contentsOf: URL(fileURLWithPath: data))
        let again = try TrainedModel(file: loaded.modelFile())
        #expect(try loaded.predict(table) == again.predict(table))
        #expect(loaded.summary.epochs == 30)
        #expect(loaded.configuration.epochs == 30)
    }

    @Test func sameSeedGivesTheSameModelFile() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let data = try folder.write("linear.csv", SampleData.regression)
        for name in ["a.safetensors", "b.safetensors"] {
            #expect(runNeural(["train", data, "--target", "y", "--model", folder.path(name), "--seed", "7"] + SampleData.fastFlags).code == 0)
        }
        let first = try Data(contentsOf: URL(fileURLWithPath: folder.path("a.safetensors")))
        let second = try Data(contentsOf: URL(fileURLWithPath: folder.path("b.safetensors")))
        #expect(first == second)
    }

    @Test func progressGoesToStandardErrorAsPlainLines() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let data = try folder.write("linear.csv", SampleData.regression)
        let result = runNeural(["train", data, "--target", "y", "--model", folder.path("m.safetensors"),
                                "--hidden", "4", "--epochs", "3"])
        #expect(result.code == 0)
        #expect(result.error.contains("epoch 1/3"))
        #expect(result.error.contains("epoch 3/3"))
        #expect(!result.output.contains("epoch 1/3"))
    }
}

@Suite struct TrainFlagPlumbingTests {
    @Test func flagsReachTheSavedModel() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let data = try folder.write("shapes.csv", SampleData.classification)
        let model = folder.path("m.safetensors")
        let result = runNeural(["train", data, "--target", "label", "--model", model, "--quiet",
                                "--features", "x1,x2", "--hidden", "6,4", "--activation", "tanh",
                                "--output-activation", "sigmoid", "--class-weight", "balanced",
                                "--optimizer", "sgd", "--momentum", "0.5", "--nesterov", "--learning-rate", "0.05",
                                "--schedule", "cosine", "--l1", "0.001", "--l2", "0", "--dropout", "0.1",
                                "--epochs", "12", "--batch-size", "10", "--early-stopping", "--patience", "3",
                                "--validation-split", "0.25", "--seed", "3"])
        #expect(result.code == 0, "\(result.error)")
        let loaded = try TrainedModel.load(from: URL(fileURLWithPath: model))
        #expect(loaded.inputColumns == ["x1", "x2"])
        // Two classes with a sigmoid output: binary cross-entropy on one output.
        #expect(loaded.network.outputSize == 1)
        #expect(loaded.loss.kind == .binaryCrossEntropy)
        #expect(loaded.loss.classWeights?.count == 2)
        #expect(loaded.network.layers.compactMap { $0.dense?.outputSize } == [6, 4, 1])
        #expect(loaded.network.layers.contains { if case .dropout = $0 { return true } else { return false } })
        #expect(loaded.network.layers.first?.dense?.activation == .tanh)
        let configuration = loaded.configuration
        guard case .sgd(let sgd) = configuration.optimizer else {
            Issue.record("expected SGD, got \(configuration.optimizer.kind)")
            return
        }
        #expect(sgd.momentum == 0.5)
        #expect(sgd.nesterov)
        #expect(configuration.learningRate == 0.05)
        #expect(configuration.schedule == .cosine)
        #expect(configuration.regularization.l1 == 0.001)
        #expect(configuration.regularization.l2 == 0)
        #expect(configuration.batchSize == 10)
        #expect(configuration.seed == 3)
        #expect(configuration.earlyStopping?.patience == 3)
        #expect(loaded.summary.validationSamples == 20)

        let predict = runNeural(["predict", model, data, "--probabilities"])
        #expect(predict.code == 0)
        #expect(predict.output.hasPrefix("prediction,\"p_big \"\"one\"\"\",\"p_small, round\"\n"))
    }

    @Test func predictionsStreamInBlocksInOrder() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let data = try folder.write("linear.csv", SampleData.regression)
        let model = folder.path("m.safetensors")
        #expect(runNeural(["train", data, "--target", "y", "--model", model] + SampleData.fastFlags).code == 0)
        let whole = runNeural(["predict", model, data])
        // 80 rows in blocks of 7: 12 blocks, the last one partial.
        let blocks = runNeural(["predict", model, data, "--rows-per-block", "7"])
        #expect(whole.code == 0 && blocks.code == 0)
        #expect(whole.output == blocks.output)
    }

    @Test func missingValuesFollowTheMissingFlag() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        var lines = SampleData.regression.split(separator: "\n").map(String.init)
        lines[5] = "NA," + lines[5].split(separator: ",", maxSplits: 1)[1]
        let data = try folder.write("holes.csv", lines.joined(separator: "\n") + "\n")
        let refused = runNeural(["train", data, "--target", "y", "--model", folder.path("m.safetensors"),
                                 "--missing", "error"] + SampleData.fastFlags)
        #expect(refused.code == 2)
        #expect(refused.error.contains("line 6"), "\(refused.error)")
        #expect(refused.error.contains("--missing median"), "the message names the flag that fixes it: \(refused.error)")
        #expect(!folder.exists("m.safetensors"))
        let dropped = runNeural(["train", data, "--target", "y", "--model", folder.path("m.safetensors"), "--missing", "drop"] + SampleData.fastFlags)
        #expect(dropped.code == 0, "\(dropped.error)")
        #expect(dropped.output.contains("1 dropped for missing values"))
        let imputed = runNeural(["train", data, "--target", "y", "--model", folder.path("m.safetensors"), "--missing", "mean"] + SampleData.fastFlags)
        #expect(imputed.code == 0, "\(imputed.error)")
    }
}
