import Foundation
import Neural
import Testing
@testable import NeuralCommands

@Suite struct CrossValidateCommandTests {
    @Test func printsEachFoldAndTheMeanAndJSONUsesEvaluateKeys() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let data = try folder.write("d.csv", SampleData.classification)
        let text = runNeural(["cross-validate", data, "--target", "label", "--folds", "4", "--hidden", "4", "--epochs", "5", "--quiet"])
        #expect(text.code == 0, "\(text.error)")
        #expect(text.output.contains("4 folds, 80 rows, stratified"))
        #expect(text.output.contains("mean"))
        #expect(text.output.contains("± sd"))

        let result = runNeural(["cross-validate", data, "--target", "label", "--folds", "4", "--repeats", "2", "--hidden", "4", "--epochs", "5", "--json"])
        #expect(result.code == 0, "\(result.error)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        let folds = try #require(object["folds"] as? [[String: Any]])
        #expect(folds.count == 8)
        // The per-fold metrics carry exactly the keys `neural evaluate --json` prints.
        let evaluateKeys: Set = ["accuracy", "precision", "recall", "f1", "log_loss", "confusion_matrix", "classes", "samples"]
        for fold in folds {
            #expect(Set((fold["metrics"] as? [String: Any] ?? [:]).keys) == evaluateKeys)
            #expect(fold["scored_rows"] as? Int == 20)
        }
        let mean = try #require(object["mean"] as? [String: Double])
        #expect(Set(mean.keys) == ["accuracy", "precision", "recall", "f1", "log_loss"])
        let accuracies = folds.compactMap { ($0["metrics"] as? [String: Any])?["accuracy"] as? Double }
        #expect(abs(mean["accuracy"]! - accuracies.reduce(0, +) / 8) < 1e-12)
    }

    @Test(arguments: [
        (["--folds", "1"], "--folds must be at least 2"),
        (["--repeats", "0"], "--repeats must be at least 1"),
        (["--test-split", "0.2"], "--test-split does not apply"),
        (["--folds", "50"], "fewer than the 50 folds"),
    ])
    func badSettingsAreRefused(flags: [String], message: String) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let data = try folder.write("d.csv", SampleData.classification)
        let result = runNeural(["cross-validate", data, "--target", "label", "--epochs", "2"] + flags)
        #expect(result.code == 2)
        #expect(result.error.contains(message), "\(result.error)")
    }

    /// 60 rows whose feature `x` has a few huge values, so its mean and deviation over all rows
    /// differ much from those over any fold's training rows.
    static var skewed: String {
        var lines = ["x,z,y"]
        for i in 0..<60 {
            let x = sin(Double(i) * 0.9) + (i % 20 == 7 ? 40 : 0)
            let z = cos(Double(i) * 1.1)
            lines.append("\(x),\(z),\(x + z > 0.2 ? "a" : "b")")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Each fold's scores are those of a model whose preprocessing saw only the fold's training
    /// rows; fitting the preprocessing on all rows (the leak) changes them.
    @Test func preprocessingIsFittedInsideEachFold() throws {
        let table = try DataTable(csvText: Self.skewed)
        var settings = TrainSettings(target: "y")
        settings.hidden = [4]
        settings.epochs = 5
        settings.validationSplit = 0
        let validation = FoldTraining.crossValidation(settings: settings, scheme: .kFold(folds: 3, repeats: 1, shuffleSeed: 2))
        let reports = try FoldTraining.run(validation, table: table, settings: settings, quiet: true)
        let folds = try validation.folds(of: table)
        var leakChanged = 0
        for (report, fold) in zip(reports, folds) {
            // The standardiser's mean is the mean of the fold's training rows only.
            let column = try table.column(named: "x", role: "feature")
            let trainMean = fold.split.train.map { Double(column.values[$0]) }.reduce(0, +) / Double(fold.split.train.count)
            #expect(abs(Double(fold.preprocessor.standardizer.means[0]) - trainMean) < 1e-4)
            #expect(Set(fold.split.train).isDisjoint(with: fold.split.score))

            // The same fold by hand, leak-free: the same numbers, bit for bit.
            let clean = try Preprocessor.fit(table, target: "y", rows: fold.split.train)
            let cleanRun = try TrainingRun(data: TrainingData(preprocessor: clean, train: try clean.dataset(of: table, rows: fold.split.train),
                                                              validation: nil, test: nil, droppedRowCount: 0),
                                           settings: settings, quiet: true)
            #expect(cleanRun.model.evaluate(try clean.dataset(of: table, rows: fold.split.score)) == report.evaluation)

            // With the preprocessing fitted on every row, the fold's log-loss moves.
            let leaky = try Preprocessor.fit(table, target: "y")
            let leakyRun = try TrainingRun(data: TrainingData(preprocessor: leaky, train: try leaky.dataset(of: table, rows: fold.split.train),
                                                              validation: nil, test: nil, droppedRowCount: 0),
                                           settings: settings, quiet: true)
            let leakyScore = SelectionMetric.logLoss.value(in: leakyRun.model.evaluate(try leaky.dataset(of: table, rows: fold.split.score)))
            if leakyScore != SelectionMetric.logLoss.value(in: report.evaluation) { leakChanged += 1 }
        }
        #expect(leakChanged == 3)
    }

    /// A category that only a fold's scored rows hold is unseen by that fold's preprocessing.
    @Test func aCategoryOnlyInTheScoredRowsIsUnseen() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        var lines = ["x,color,y"]
        for i in 0..<30 { lines.append("\(sin(Double(i))),\(i == 5 ? "violet" : (i % 2 == 0 ? "red" : "blue")),\(i % 3 == 0 ? "a" : "b")") }
        let data = try folder.write("d.csv", lines.joined(separator: "\n") + "\n")
        let refused = runNeural(["cross-validate", data, "--target", "y", "--folds", "3", "--epochs", "2", "--quiet"])
        #expect(refused.code == 2)
        #expect(refused.error.contains("violet"), "\(refused.error)")
        #expect(refused.error.contains("--unseen-categories all-zeros"), "\(refused.error)")
        let allowed = runNeural(["cross-validate", data, "--target", "y", "--folds", "3", "--epochs", "2", "--quiet",
                                 "--unseen-categories", "all-zeros"])
        #expect(allowed.code == 0, "\(allowed.error)")
    }
}
