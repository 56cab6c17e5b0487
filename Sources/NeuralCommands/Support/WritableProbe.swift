import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Proves, before training, that every folder a command will write into accepts a new file, by
/// creating and removing a probe file there: a read-only `--model` or `--checkpoint` folder is
/// found at once, not when the first checkpoint or the model is written after hours of training.
enum WritableProbe {
    static func check(_ outputs: [PathUse]) throws {
        var probed: Set<String> = []
        for output in outputs {
            let folder = fileURL(output.path).deletingLastPathComponent().path
            guard probed.insert(folder).inserted else { continue }
            let probe = folder + "/.neural-probe-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
            let descriptor = open(probe, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            guard descriptor >= 0 else {
                let reason = String(cString: strerror(errno))
                throw CommandError.badInput("\(output.role) \(output.path): the folder \(folder) does not accept new files (\(reason)); nothing was trained. Give a folder you can write to.")
            }
            close(descriptor)
            unlink(probe)
        }
    }
}
