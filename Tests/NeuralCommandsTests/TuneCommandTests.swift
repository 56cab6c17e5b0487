import Foundation
import Neural
import Testing
@testable import NeuralCommands

@Suite struct TuneCommandTests {
    static let space = "hidden=[4],[8,4]; learning-rate=loguniform(1e-3,1e-1); activation=relu|tanh"

    static func tune(_ data: String, _ flags: [String]) -> CommandResult {
        runNeural(["tune", data, "--target", "label", "--space", space, "--epochs", "6", "--seed", "3"] + flags)
    }

    static func json(_ result: CommandResult) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
    }

    /// Same seed, same trials and the same refitted model, bit for bit, one or two trials at a time.
    @Test func resultsDoNotDependOnParallelism() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let data = try folder.write("d.csv", SampleData.classification)
        let one = Self.tune(data, ["--trials", "5", "--folds", "3", "--parallel", "1", "--json", "--model", folder.path("one.safetensors")])
        let two = Self.tune(data, ["--trials", "5", "--folds", "3", "--parallel", "2", "--json", "--model", folder.path("two.safetensors")])
        #expect(one.code == 0, "\(one.error)")
        #expect(two.code == 0, "\(two.error)")
        func trials(_ result: CommandResult) throws -> [String] {
            try (Self.json(result)["trials"] as? [[String: Any]] ?? []).map { trial in
                let fields = trial.filter { $0.key != "seconds" }
                return String(decoding: try JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys]), as: UTF8.self)
            }
        }
        #expect(try trials(one) == trials(two))
        #expect(try trials(one).count == 5)
        let first = try TrainedModel.load(from: URL(fileURLWithPath: folder.path("one.safetensors")))
        let second = try TrainedModel.load(from: URL(fileURLWithPath: folder.path("two.safetensors")))
        #expect(first.network.parameters == second.network.parameters)
    }

    /// The printed command trains the same model as the refit.
    @Test func theBestCommandTrainsTheRefittedModel() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let data = try folder.write("d.csv", SampleData.classification)
        let refit = folder.path("best.safetensors")
        let result = Self.tune(data, ["--trials", "4", "--folds", "3", "--json", "--model", refit])
        #expect(result.code == 0, "\(result.error)")
        let command = try #require(Self.json(result)["command"] as? String)
        #expect(command.hasPrefix("neural train "))
        // The command's words (none needs quoting here), with the model written elsewhere.
        var words = command.split(separator: " ").map(String.init).dropFirst()
        words = words.dropLast(2)
        let again = runNeural(Array(words) + ["--model", folder.path("again.safetensors"), "--quiet"])
        #expect(again.code == 0, "\(again.error)")
        let first = try TrainedModel.load(from: URL(fileURLWithPath: refit))
        let second = try TrainedModel.load(from: URL(fileURLWithPath: folder.path("again.safetensors")))
        #expect(first.network.parameters == second.network.parameters)
    }

    @Test func gridTriesEveryCombinationAndHalvingFollowsItsSchedule() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let data = try folder.write("d.csv", SampleData.classification)
        let grid = runNeural(["tune", data, "--target", "label", "--space", "hidden=[4],[8]; activation=relu|tanh|sigmoid",
                              "--search", "grid", "--epochs", "3", "--folds", "2", "--json", "--no-refit"])
        #expect(grid.code == 0, "\(grid.error)")
        #expect((try Self.json(grid)["trials"] as? [[String: Any]])?.count == 6)
        #expect(try Self.json(grid)["model"] == nil)
        // A model path with no model to save is a contradiction, not a silent no-op.
        let contradiction = runNeural(["tune", data, "--target", "label", "--space", "hidden=[4]", "--search", "grid",
                                       "--folds", "2", "--no-refit", "--model", folder.path("m.safetensors")])
        #expect(contradiction.code == 2)
        #expect(contradiction.error.contains("--no-refit"), "\(contradiction.error)")

        let halving = runNeural(["tune", data, "--target", "label", "--space", Self.space, "--search", "halving",
                                 "--trials", "9", "--epochs", "9", "--folds", "2", "--json", "--no-refit"])
        #expect(halving.code == 0, "\(halving.error)")
        let trials = try #require(try Self.json(halving)["trials"] as? [[String: Any]])
        // 9 candidates, factor 3, min-epochs exhaust: 9 × 1 epoch, 3 × 3 epochs, 1 × 9 epochs.
        #expect(trials.map { $0["epochs"] as? Int ?? 0 } == [Int](repeating: 1, count: 9) + [3, 3, 3, 9])
        #expect((try Self.json(halving)["best"] as? [String: Any])?["epochs"] as? Int == 9)
    }

    @Test func holdOutTrialsScoreAsTrainDoes() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let data = try folder.write("d.csv", SampleData.classification)
        let result = runNeural(["tune", data, "--target", "label", "--space", "hidden=[4]", "--search", "grid",
                                "--epochs", "4", "--validation-split", "0.25", "--json", "--no-refit"])
        #expect(result.code == 0, "\(result.error)")
        let mean = try #require((try Self.json(result)["best"] as? [String: Any])?["mean"] as? Double)
        let train = runNeural(["train", data, "--target", "label", "--hidden", "4", "--epochs", "4", "--validation-split", "0.25",
                               "--json", "--model", folder.path("m.safetensors")])
        let metrics = try #require((try Self.json(train)["metrics"] as? [String: Any]))
        #expect(metrics["accuracy"] as? Double == mean)
    }

    @Test(arguments: [
        (["--trials", "1", "--space", "hidden=[4],[8"], "Search space, at character 12 (\"[\"): the list opened here is not closed"),
        (["--trials", "1", "--space", "learning-rate=loguniform(0,1)"], "at character 26 (\"0\"): loguniform needs a lower bound above 0"),
        (["--trials", "1", "--space", "colour=red|blue"], "\"colour\" is not a train flag a search can vary"),
        (["--trials", "1", "--space", "activation=relu|sparkly"], "at character 17 (\"sparkly\"): \"sparkly\" is not a value of --activation"),
        (["--trials", "1", "--space", "hidden=[4],[x]"], "is not a value of --hidden"),
        (["--space", "learning-rate=uniform(0.1,0.2)", "--search", "grid"], "needs a list of values for every parameter"),
        (["--space", "hidden=[4],[8]", "--search", "grid", "--trials", "3"], "tries all 2 combinations"),
        (["--space", "epochs=int(2,9)", "--search", "halving", "--trials", "3"], "\"epochs\" cannot be in --space"),
        (["--space", "hidden=[4],[8]", "--trials", "3"], "only 2 distinct configurations"),
        (["--space", "momentum=0.5|0.9", "--trials", "1"], "--momentum applies to --optimizer sgd"),
        (["--space", "hidden=[4]"], "--search random needs --trials N"),
        (["--space", "hidden=[4]", "--trials", "1", "--metric", "r2"], "The metric r2 does not apply to classification"),
        (["--space", "hidden=[4]", "--trials", "1", "--validation-split", "0"], "give --folds K, or a --validation-split above 0"),
        (["--space", "hidden=[4]", "--trials", "1", "--time-budget", "soon"], "time-budget"),
        (["--space", "hidden=[4]", "--trials", "1", "--factor", "2"], "apply to --search halving"),
    ])
    func badSearchesAreRefusedBeforeTraining(flags: [String], message: String) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let data = try folder.write("d.csv", SampleData.classification)
        let result = runNeural(["tune", data, "--target", "label", "--epochs", "2", "--model", folder.path("m.safetensors")] + flags)
        #expect(result.code == 2, "\(result.output)")
        #expect(result.error.contains(message), "\(result.error)")
        #expect(!folder.exists("m.safetensors"))
    }

    @Test func outputsNeverReplaceInputs() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let data = try folder.write("d.csv", SampleData.classification)
        let study = folder.path("s.jsonl")
        // A symbolic link to the data: the same file under another name.
        let alias = folder.path("alias.csv")
        try FileManager.default.createSymbolicLink(atPath: alias, withDestinationPath: data)
        for flags in [["--model", data], ["--plot", data], ["--study", data], ["--model", study, "--study", study],
                      ["--model", alias], ["--plot", alias]] {
            let result = runNeural(["tune", data, "--target", "label", "--space", "hidden=[4]", "--trials", "1", "--epochs", "2"] + flags)
            #expect(result.code == 2, "\(flags)")
        }
        #expect(try String(contentsOfFile: data, encoding: .utf8) == SampleData.classification)
    }

    @Test func aStudyHeldByAnotherSearchIsRefused() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let data = try folder.write("d.csv", SampleData.classification)
        let study = folder.path("s.jsonl")
        let holder = try StudyLog(url: URL(fileURLWithPath: study), settings: ["other": "study"])
        defer { holder.close() }
        let result = runNeural(["tune", data, "--target", "label", "--space", "hidden=[4]", "--trials", "1", "--epochs", "2",
                                "--study", study, "--no-refit"])
        #expect(result.code == 2)
        #expect(result.error.contains("another search is writing it"), "\(result.error)")
        #expect(result.error.contains("process \(getpid())"), "\(result.error)")
    }

    @Test func aStudyStartedWithOtherSettingsIsRefused() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let data = try folder.write("d.csv", SampleData.classification)
        let study = folder.path("s.jsonl")
        let first = Self.tune(data, ["--trials", "2", "--folds", "2", "--study", study, "--no-refit", "--quiet"])
        #expect(first.code == 0, "\(first.error)")
        let other = Self.tune(data, ["--trials", "2", "--folds", "3", "--study", study, "--no-refit", "--quiet"])
        #expect(other.code == 2)
        #expect(other.error.contains("it was started with other settings (validation:"), "\(other.error)")
    }

    @Test func thePlotHasOnePanelPerParameter() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let data = try folder.write("d.csv", SampleData.classification)
        let result = Self.tune(data, ["--trials", "4", "--folds", "2", "--no-refit", "--plot", folder.path("p.svg"), "--quiet"])
        #expect(result.code == 0, "\(result.error)")
        let svg = try String(contentsOfFile: folder.path("p.svg"), encoding: .utf8)
        for name in ["hidden", "learning-rate", "activation"] { #expect(svg.contains(">\(name)</text>")) }
        // One dot per trial in each of the three panels, the best drawn larger.
        #expect(svg.components(separatedBy: "<circle").count - 1 == 12)
        #expect(svg.components(separatedBy: "r=\"5.50\"").count - 1 == 3)
    }
}
