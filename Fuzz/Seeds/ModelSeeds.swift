// The valid model-file seeds of Fuzz/corpus/model (see WriteSeeds.swift).
import Foundation
import Neural

enum ModelSeeds {
    static func write(to folder: URL) throws {
        var layout = ParameterLayout()
        layout.append(name: "layers.0.weight", shape: [3, 2], kind: .weight)
        layout.append(name: "layers.0.bias", shape: [2], kind: .bias)
        let parameters = ParameterVector(layout: layout, values: [0.5, -1, 2, 0.25, -0.125, 3, 1, -1])

        // Classification with a categorical feature: every encoder appears in the JSON.
        let classification = try DataTable(csvText: "x,color,label\n1,red,a\n2,blue,b\n3,red,a\n4,green,b\n")
        var model = ModelFile(parameters: parameters)
        try model.setMetadata(try Preprocessor.fit(classification, target: "label"), forKey: ModelFormat.preprocessingKey)
        let optimizer = AnyOptimizer(kind: .adam)
        try model.setMetadata(optimizer, forKey: "neural.optimizer")
        try model.setMetadata(optimizer.makeState(parameterCount: layout.count), forKey: "neural.optimizer_state")
        try model.setMetadata(AnyLearningRateSchedule(kind: .adaptive, initialRate: 0.01, epochs: 10), forKey: "neural.schedule")
        var history = History()
        history.loss = [1.5, 0.75]
        history.learningRate = [0.01, 0.01]
        history.metrics = ["accuracy": [0.5, 0.75]]
        try model.setMetadata(history, forKey: ModelFormat.metricsKey)
        try model.setMetadata(SeededGenerator(seed: 42), forKey: "neural.generator")
        try model.setMetadata(layout, forKey: ModelFormat.architectureKey)
        model.append(ParameterVector(layout: layout, repeating: 0.5), prefix: "optimizer.")
        try model.write(to: folder.appendingPathComponent("valid_classifier.safetensors"))

        // Regression, numeric features only.
        let regression = try DataTable(csvText: "a,b,price\n1,2,10\n2,1,12.5\n3,5,9\n")
        var regressor = ModelFile(parameters: parameters)
        try regressor.setMetadata(try Preprocessor.fit(regression, target: "price"), forKey: ModelFormat.preprocessingKey)
        try regressor.setMetadata(AnyLearningRateSchedule(kind: .cosine, initialRate: 0.1, epochs: 5), forKey: "neural.schedule")
        try regressor.write(to: folder.appendingPathComponent("valid_regressor.safetensors"))
    }
}
