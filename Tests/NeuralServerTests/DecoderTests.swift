import Testing
@testable import NeuralInference
