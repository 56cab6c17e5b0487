import Foundation
import Neural

/// The training benchmark's workload (issue 6): `samples` × 784 float32 features drawn uniformly
/// from [−1, 1), labelled by a fixed random linear teacher (`argmax(x·T)`, T 784×10 standard
/// normal), learned by a 784-256-128-10 ReLU network with softmax + categorical cross-entropy.
/// The peers in `Benchmarks/peers/` build the same shapes the same way (numpy's generator).
enum SyntheticWorkload {
    static let inputSize = 784
    static let hiddenLayers = [256, 128]
    static let classCount = 10
    static let defaultSamples = 60_000

    /// P = 784·256 + 256 + 256·128 + 128 + 128·10 + 10 = 235,146 parameters.
    static var parameterCount: Int {
        let widths = [inputSize] + hiddenLayers + [classCount]
        return zip(widths, widths.dropFirst()).map { $0 * $1 + $1 }.reduce(0, +)
    }

    /// FLOPs of one training step per sample: 2·P forward (a multiply and an add per weight),
    /// 2·P for the weight gradients, 2·(P − first-layer weights) for the input gradients (the
    /// first layer's input needs none): 1,009,468 for this network (the biases are counted as
    /// weights, a rounding error).
    static var trainingFlopsPerSample: Double {
        let p = Double(parameterCount)
        let firstLayerWeights = Double(inputSize * hiddenLayers[0])
        return 2 * p + 2 * p + 2 * (p - firstLayerWeights)
    }

    /// FLOPs of one forward pass per sample, 2·P.
    static var inferenceFlopsPerSample: Double { 2 * Double(parameterCount) }

    /// The data set: features uniform in [−1, 1), class = argmax of the teacher's 10 outputs.
    static func dataset(samples: Int, seed: UInt64) -> Dataset {
        var generator = SeededGenerator(seed: seed)
        let count = samples * inputSize
        // Written in place: one 4-byte float per feature, no temporary copy of the data.
        let features = [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            for index in 0..<count { buffer[index] = Float(generator.nextUniform(in: -1..<1)) }
            initialized = count
        }
        let x = Matrix(rows: samples, columns: inputSize, storage: features)
        let teacher = Matrix(rows: inputSize, columns: classCount) { _, _ in Float(generator.nextNormal()) }
        let scores = matmul(x, teacher)
        var labels = [Int32](repeating: 0, count: samples)
        scores.withUnsafeBufferPointer { s in
            for row in 0..<samples {
                var best = 0
                for column in 1..<classCount where s[row * classCount + column] > s[row * classCount + best] {
                    best = column
                }
                labels[row] = Int32(best)
            }
        }
        return Dataset(features: x, targets: .classes(labels, classCount: classCount))
    }

    /// The 784-256-128-10 ReLU network with identity (logit) output.
    static func network(seed: UInt64) -> Network {
        Network(inputSize: inputSize, hiddenLayers: hiddenLayers, outputSize: classCount,
                activation: .relu, seed: seed)
    }

    /// Adam at 1e-3, shuffled batches, softmax + categorical cross-entropy, nothing else.
    static func configuration(batchSize: Int, epochs: Int, seed: UInt64) -> TrainingConfiguration {
        var configuration = TrainingConfiguration(loss: .categoricalCrossEntropy)
        configuration.epochs = epochs
        configuration.batchSize = batchSize
        configuration.learningRate = 1e-3
        configuration.optimizer = .adam(Adam())
        configuration.shuffle = true
        configuration.seed = seed
        return configuration
    }
}

/// Wall-clock seconds since an arbitrary origin (monotonic).
func monotonicSeconds() -> Double {
    Double(DispatchTime.now().uptimeNanoseconds) * 1e-9
}

/// Peak resident set size of this process so far, in MB (10⁶ bytes); Linux reports KiB.
func peakResidentMegabytes() -> Double {
    var usage = rusage()
    #if os(Linux)
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) * 1024 / 1e6
    #else
    getrusage(RUSAGE_SELF, &usage)
    return Double(usage.ru_maxrss) / 1e6
    #endif
}

/// Prints `value` as one line of JSON with sorted keys.
func printJSON<T: Encodable>(_ value: T) {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    if let data = try? encoder.encode(value) { print(String(decoding: data, as: UTF8.self)) }
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return .nan }
    let middle = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}
