import Foundation
import Testing
import Neural
import NeuralTestSupport
@testable import NeuralCommands
#if canImport(Glibc)
import Glibc
#endif

/// `neural train --distributed --shard`: its flag checks, and a sharded training run on ranks
/// as threads (`ThreadGroupCommunicator`) against one process. `.ci/mpi.sh` runs it under mpirun.
@Suite struct ShardFlagTests {
    @Test func shardNeedsDistributed() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let data = try folder.write("shapes.csv", SampleData.classification)
        let result = runNeural(["train", data, "--target", "label", "--quiet", "--shard", "--model", folder.path("m.safetensors")])
        #expect(result.code == 2, "\(result.error)")
        #expect(result.error.contains("--shard splits the rows among the processes of a distributed run; add --distributed"), "\(result.error)")
        #expect(try folder.contents() == ["shapes.csv"])
    }

    /// Standard input and pipes have no byte ranges to split: refused before anything is read.
    @Test func streamsCannotBeSharded() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let stdin = try #require(throws: CommandError.self) { try DistributedOptions.checkShardable("-") }
        #expect(stdin.message == "Standard input (-) cannot be split by byte ranges, which --shard needs (every process reads its own part of the file); save it to a file first, or drop --shard.")
        let fifo = folder.path("rows.fifo")
        #expect(mkfifo(fifo, 0o600) == 0)
        let pipe = try #require(throws: CommandError.self) { try DistributedOptions.checkShardable(fifo) }
        #expect(pipe.message == "The data file \"\(fifo)\" is a pipe or another stream, which cannot be split by byte ranges, which --shard needs (every process reads its own part of the file); save it to a file first, or drop --shard.")
        try DistributedOptions.checkShardable(try folder.write("rows.csv", SampleData.classification))
    }

    /// A checkpoint of a sharded run resumes only sharded, and the other way round.
    @Test func checkpointRecordsSharding() throws {
        let settings = ["neural.checkpoint.settings": "{}", "neural.checkpoint.rows": "1,0,0", TrainingCheckpointing.ranksKey: "2"]
        var sharded = settings
        sharded[TrainingCheckpointing.shardKey] = "true"
        #expect(TrainingCheckpointing.mismatch(saved: sharded, current: settings)
                == "the checkpoint was saved by a run with --shard (each process held its share of the rows); resume it with --shard")
        #expect(TrainingCheckpointing.mismatch(saved: settings, current: sharded)
                == "the checkpoint was saved by a run without --shard; resume it without --shard")
        #expect(TrainingCheckpointing.mismatch(saved: sharded, current: sharded) == nil)
    }

    /// 600 rows from sines and cosines: a class by the sign of x1 + x2 − 0.2·x3 with a text
    /// feature, and a value 3·x1 − 2·x2² + x3.
    static var rows: String {
        var lines = ["x1,x2,x3,colour,label,value"]
        for i in 0..<600 {
            let x1 = sin(Double(i) * 1.3), x2 = cos(Double(i) * 0.7), x3 = sin(Double(i) * 0.31 + 1)
            let colour = ["red", "green", "blue"][i % 3]
            let label = x1 + x2 - 0.2 * x3 > 0 ? "yes" : "no"
            let value = 3 * x1 - 2 * x2 * x2 + x3
            lines.append(String(format: "%.4f,%.4f,%.4f,%@,%@,%.4f", x1, x2, x3, colour, label, value))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The sharded run trains on other batches than one process (each rank shuffles its own
    /// rows), so its weights differ; on the same held-out rows (the split is one process's),
    /// its test metrics stay within 0.05 of one process's (accuracy: 3 of 150 test rows; R²:
    /// measured within 0.01 here), and both have learnt (accuracy ≥ 0.9, R² ≥ 0.9).
    @Test(arguments: [("label", "accuracy"), ("value", "r2")], [2, 3])
    func shardedTrainingIsCloseToOneProcess(target: (column: String, metric: String), ranks: Int) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let url = URL(fileURLWithPath: try folder.write("rows.csv", Self.rows))
        var settings = TrainSettings(target: target.column)
        settings.features = ["x1", "x2", "x3", "colour"]
        settings.hidden = [16]
        settings.epochs = 60
        settings.batchSize = 32
        settings.learningRate = 0.01
        settings.testSplit = 0.25
        settings.seed = 7
        let frozen = settings
        let options = CSVOptions()
        let one = try TrainingRun(table: TrainCommand.readTrainingTable(url, options: options, settings: frozen),
                                  settings: frozen, quiet: true)
        let sharded = try ThreadGroupCommunicator.run(size: ranks) { communicator in
            let table = try TrainCommand.readTrainingTable(url, options: options, settings: frozen, shardAmong: communicator)
            let run = try TrainingRun(table: table, settings: frozen, quiet: true, communicator: communicator, sharded: true)
            return (run.model.metrics, run.model.preprocessor, run.model.summary.testSamples, run.weightsHash)
        }
        func score(_ metrics: ModelEvaluation?) -> Double {
            switch metrics {
            case .classification(let report): return report.accuracy
            case .regression(let report): return report.r2
            case nil: return .nan
            }
        }
        for rank in sharded {
            #expect(rank.0 == sharded[0].0)
            #expect(rank.3 == sharded[0].3 && rank.3 != nil)
            #expect(rank.2 == one.model.summary.testSamples)
        }
        #expect(sharded[0].1.labelEncoder == one.model.preprocessor.labelEncoder)
        #expect(sharded[0].1.oneHotEncoder == one.model.preprocessor.oneHotEncoder)
        let (alone, together) = (score(one.model.metrics), score(sharded[0].0))
        #expect(alone >= 0.9 && together >= 0.9, "\(target.metric): one process \(alone), \(ranks) shards \(together)")
        #expect(abs(alone - together) <= 0.05, "\(target.metric): one process \(alone), \(ranks) shards \(together)")
    }
}
