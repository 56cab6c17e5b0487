import Foundation
import Testing
import Neural
@testable import NeuralCommands

/// Missing values through the command line: filled by default with the training medians and
/// most frequent categories, reported per column, stored in the model and applied by evaluate
/// and predict; row counts and the rows the metrics were measured on.
@Suite struct MissingValueCommandTests {
    /// 60 rows: numeric `size`, `weight`, text `island`, class `kind` decided by `size`; some
    /// values missing (`NA` or empty) in every feature column, none in the target.
    static var penguins: String {
        var lines = ["size,weight,island,kind"]
        let islands = ["Biscoe", "Dream", "Torgersen", "Dream"]
        for i in 0..<60 {
            let size = 10 + 5 * sin(Double(i) * 1.7)
            let weight = 3 + cos(Double(i) * 0.9)
            var fields = [String(format: "%.3f", size), String(format: "%.3f", weight), islands[i % 4],
                          size > 10 ? "large" : "small"]
            if i % 7 == 3 { fields[0] = "NA" }
            if i % 11 == 5 { fields[1] = "" }
            if i % 13 == 6 { fields[2] = "NA" }
            lines.append(fields.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static let flags = ["--hidden", "8", "--epochs", "20", "--batch-size", "16", "--learning-rate", "0.01", "--quiet"]

    /// The median and most frequent value of the CSV column `index` (numbers; NA and empty skipped).
    static func column(_ csv: String, _ index: Int) -> [String] {
        csv.split(separator: "\n").dropFirst().map { String($0.split(separator: ",", omittingEmptySubsequences: false)[index]) }
    }

    @Test func defaultFillsWithMediansAndReportsEachColumn() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let data = try folder.write("penguins.csv", Self.penguins)
        let model = folder.path("m.safetensors")
        let train = runNeural(["train", data, "--target", "kind", "--model", model, "--json"] + Self.flags)
        #expect(train.code == 0, "\(train.error)")
        let result = try jsonObject(train.output)
        let missing = try #require(result["missing"] as? [String: Any])
        #expect(missing["policy"] as? String == "median")
        let filled = try #require(missing["filled"] as? [[String: Any]])
        #expect(filled.map { $0["column"] as? String } == ["size", "weight", "island"])
        // Missing counts: rows i < 60 with i % 7 == 3 (9 of them), i % 11 == 5 (5), i % 13 == 6 (5).
        #expect(filled.map { $0["count"] as? Int } == [9, 5, 5])
        // The median computed here, independently, from the file's text: every row trains.
        let sizes = Self.column(Self.penguins, 0).compactMap(Float.init).sorted()
        let median = sizes.count % 2 == 1 ? sizes[sizes.count / 2]
            : Float((Double(sizes[sizes.count / 2 - 1]) + Double(sizes[sizes.count / 2])) / 2)
        #expect(Float(filled[0]["value"] as? String ?? "") == median)
        // Islands: Dream in rows i % 4 == 1 or 3 (30), minus the missing ones; the most frequent.
        #expect(filled[2]["value"] as? String == "Dream")
        #expect(result["rows"] as? [String: Int] == ["training": 60, "validation": 0, "test": 0])
        #expect(result["metrics_on"] as? String == "training")

        let summary = runNeural(["train", data, "--target", "kind", "--model", model] + Self.flags)
        #expect(summary.output.contains("--missing median: numbers filled with the training median"))
        #expect(summary.output.contains("island 5× Dream"), "\(summary.output)")
    }

    @Test func storedFillValuesAreAppliedByPredictAndEvaluate() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let data = try folder.write("penguins.csv", Self.penguins)
        for policy in ["median", "mean", "most-frequent", "drop"] {
            let model = folder.path("\(policy).safetensors")
            let train = runNeural(["train", data, "--target", "kind", "--model", model, "--missing", policy] + Self.flags)
            #expect(train.code == 0, "\(policy): \(train.error)")
            let trained = try TrainedModel.load(from: URL(fileURLWithPath: model))
            #expect(trained.preprocessor.missingValues.rawValue == policy)
            // A file with the holes, and the same file with the holes written as the model's
            // fill values (a model trained with drop fills with medians): same predictions.
            let fillPolicy = MissingValuePolicy(rawValue: policy)?.fillingPolicy ?? .median
            let size = try #require(trained.preprocessor.fillText(of: "size", policy: fillPolicy))
            let weight = try #require(trained.preprocessor.fillText(of: "weight", policy: fillPolicy))
            let island = try #require(trained.preprocessor.fillText(of: "island", policy: fillPolicy))
            var filledLines = [String]()
            for (index, line) in Self.penguins.split(separator: "\n").enumerated() {
                var fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                if index > 0 {
                    if fields[0] == "NA" { fields[0] = size }
                    if fields[1].isEmpty { fields[1] = weight }
                    if fields[2] == "NA" { fields[2] = island }
                }
                filledLines.append(fields.joined(separator: ","))
            }
            let filled = try folder.write("filled.csv", filledLines.joined(separator: "\n") + "\n")
            let withHoles = runNeural(["predict", model, data, "--probabilities"])
            let withValues = runNeural(["predict", model, filled, "--probabilities"])
            #expect(withHoles.code == 0, "\(policy): \(withHoles.error)")
            #expect(withHoles.output == withValues.output, "\(policy)")
            #expect(withHoles.output.split(separator: "\n").count == 61)

            let evaluate = runNeural(["evaluate", model, data, "--json"])
            #expect(evaluate.code == 0, "\(policy): \(evaluate.error)")
            let samples = try jsonObject(evaluate.output)["samples"] as? Int
            // A model trained with drop evaluates the complete rows only: 60 − 17 with a hole
            // (9 + 5 + 5 holes, rows 38 and 45 holding two).
            #expect(samples == (policy == "drop" ? 43 : 60), "\(policy)")
            let filledEvaluation = runNeural(["evaluate", model, data, "--json", "--missing", "median"])
            #expect(try jsonObject(filledEvaluation.output)["samples"] as? Int == 60)
        }
    }

    @Test func missingErrorIsStrictEverywhereAndNamesTheFlag() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let data = try folder.write("penguins.csv", Self.penguins)
        let model = folder.path("m.safetensors")
        let strict = runNeural(["train", data, "--target", "kind", "--model", model, "--missing", "error"] + Self.flags)
        #expect(strict.code == 2)
        // Row i = 3 is line 5; its size is the first hole.
        #expect(strict.error.contains("line 5, column \"size\": the value is missing; --missing median"), "\(strict.error)")
        #expect(!folder.exists("m.safetensors"))

        #expect(runNeural(["train", data, "--target", "kind", "--model", model] + Self.flags).code == 0)
        let predict = runNeural(["predict", model, data, "--missing", "error"])
        #expect(predict.code == 2)
        #expect(predict.output.isEmpty, "no partial output: \(predict.output)")
        #expect(predict.error.contains("--missing median"))
        let evaluate = runNeural(["evaluate", model, data, "--missing", "error"])
        #expect(evaluate.code == 2 && evaluate.error.contains("--missing median"))
        let drop = runNeural(["predict", model, data, "--missing", "drop"])
        #expect(drop.code == 2)
        #expect(drop.error.contains("--missing drop cannot be used by predict"))
    }

    @Test func predictWritesNothingWhenALaterBlockFails() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let data = try folder.write("penguins.csv", Self.penguins)
        let model = folder.path("m.safetensors")
        #expect(runNeural(["train", data, "--target", "kind", "--model", model] + Self.flags).code == 0)
        // An island the model never saw, on the last line: blocks of 4 rows predict fine until then.
        let bad = try folder.write("bad.csv", Self.penguins + "12.0,3.0,Atlantis,large\n")
        let piped = runNeural(["predict", model, bad, "--rows-per-block", "4"])
        #expect(piped.code == 2)
        #expect(piped.output.isEmpty, "nothing printed before the error: \(piped.output.prefix(80))")
        #expect(piped.error.contains("Atlantis"))
        let toFile = runNeural(["predict", model, bad, "--rows-per-block", "4", "--output", folder.path("p.csv")])
        #expect(toFile.code == 2)
        #expect(!folder.exists("p.csv"))
    }

    @Test func validationRowsOnlyWhenSomethingUsesThem() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let data = try folder.write("penguins.csv", Self.penguins)
        let model = folder.path("m.safetensors")
        func rows(_ extra: [String]) throws -> ([String: Int]?, String?) {
            let result = runNeural(["train", data, "--target", "kind", "--model", model, "--json"] + Self.flags + extra)
            #expect(result.code == 0, "\(result.error)")
            let object = try jsonObject(result.output)
            return (object["rows"] as? [String: Int], object["metrics_on"] as? String)
        }
        #expect(try rows([]) == (["training": 60, "validation": 0, "test": 0], "training"))
        // Early stopping watches a validation set: scikit-learn's validation_fraction 0.1 (6 of 60).
        #expect(try rows(["--early-stopping"]) == (["training": 54, "validation": 6, "test": 0], "validation"))
        #expect(try rows(["--validation-split", "0.2", "--test-split", "0.2"])
                == (["training": 36, "validation": 12, "test": 12], "test"))
        let refused = runNeural(["train", data, "--target", "kind", "--model", model, "--early-stopping",
                                 "--validation-split", "0"] + Self.flags)
        #expect(refused.code == 2)
    }

    @Test func tolAndNIterNoChangeStopAConvergedRun() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let data = try folder.write("penguins.csv", Self.penguins)
        let model = folder.path("m.safetensors")
        let base = ["train", data, "--target", "kind", "--model", model, "--hidden", "8", "--batch-size", "16",
                    "--learning-rate", "0.01", "--quiet", "--epochs", "3000"]
        // A loose tolerance: the loss stops improving by 1e-2 per epoch long before 3000 epochs.
        let converged = runNeural(base + ["--tol", "1e-2", "--n-iter-no-change", "5", "--json"])
        #expect(converged.code == 0, "\(converged.error)")
        let result = try jsonObject(converged.output)
        #expect(result["stop_reason"] as? String == "noImprovement")
        let epochs = try #require(result["epochs"] as? Int)
        #expect(epochs < 3000)
        // scikit-learn's rule: stop after more than n_iter_no_change epochs without improving by
        // tol on the best loss, so at least 6 epochs ran.
        #expect(epochs > 5)
        let summary = runNeural(base + ["--tol", "1e-2", "--n-iter-no-change", "5"])
        #expect(summary.output.contains("converged at epoch \(epochs)"), "\(summary.output)")
        // Off by default: every epoch runs (a short run, to stay quick).
        let plain = runNeural(base.dropLast() + ["40", "--json"])
        #expect(try jsonObject(plain.output)["epochs"] as? Int == 40)
        #expect(runNeural(base + ["--tol", "-1"]).code == 2)
        #expect(runNeural(base + ["--n-iter-no-change", "0"]).code == 2)
    }
}

/// The README's run on `examples/penguins.csv` (missing values and text columns) prints what the
/// README shows.
@Suite struct ReadmeMissingValuesExampleTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test func penguinsRunMatchesTheReadme() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let data = Self.root.appendingPathComponent("examples/penguins.csv").path
        let model = folder.path("penguins.safetensors")
        let run = runNeural(["train", data, "--target", "species", "--test-split", "0.2", "--model", model, "--quiet"])
        #expect(run.code == 0, "\(run.error)")
        let readme = try String(contentsOf: Self.root.appendingPathComponent("README.md"), encoding: .utf8)
        // Every line but the two naming paths (data and model) appears in the README as printed.
        for line in run.output.split(separator: "\n") where !line.contains(folder.url.path) && !line.contains("penguins.csv") {
            #expect(readme.contains(line), "README lacks: \(line)")
        }
        let new = try folder.write("new-penguins.csv",
                                   "island,bill_length_mm,bill_depth_mm,flipper_length_mm,body_mass_g,sex\nDream,NA,NA,197,3800,NA\nBiscoe,48.1,15.1,,5200,male\n")
        let predict = runNeural(["predict", model, new, "--probabilities"])
        #expect(predict.code == 0)
        #expect(readme.contains(predict.output), "README lacks the predictions:\n\(predict.output)")
    }
}
