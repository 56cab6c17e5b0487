import Foundation

extension TrainCommand {
    var checkpointPath: String { output.checkpointPath }

    func checkpointing() -> TrainingCheckpointing {
        TrainingCheckpointing(every: output.checkpointEvery, path: checkpointPath, resumePath: output.resume)
    }

    /// A problem with the checkpoint flags, decided before any work.
    func checkpointProblem() -> String? {
        if let every = output.checkpointEvery, every < 1 { return "--checkpoint-every must be at least 1, got \(every)." }
        if let problem = outputPathProblem(checkpointPath, flag: "--checkpoint") { return problem }
        if let resume = output.resume {
            var isDirectory: ObjCBool = false
            if !FileManager.default.fileExists(atPath: fileURL(resume).path, isDirectory: &isDirectory) || isDirectory.boolValue {
                return "--resume \(resume): no such checkpoint file."
            }
        }
        return nil
    }
}
