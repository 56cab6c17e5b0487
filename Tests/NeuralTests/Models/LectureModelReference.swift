/// `Fixtures/lecture_model_reference.json`, written by
/// `Fixtures/reference/generate_lecture_model_reference.py` (scikit-learn and numpy; versions inside).
struct LectureModelReference: Decodable {
    struct Linear: Decodable {
        let inputs: [[Float]]
        let targets: [Float]
        let weights: [Double]
        let bias: Double
    }
    struct LogisticBinary: Decodable {
        let inputs: [[Float]]
        let labels: [Int]
        let coef: [[Double]]
        let intercept: [Double]
        let probabilities: [Double]
        let accuracy: Double
    }
    struct LogisticMultinomial: Decodable {
        let inputs: [[Float]]
        let labels: [Int]
        let probabilities: [[Double]]
        let accuracy: Double
    }
    struct Classifier: Decodable {
        let train_inputs: [[Float]]
        let train_labels: [String]
        let test_inputs: [[Float]]
        let test_labels: [String]
        let train_accuracy: Double
        let test_accuracy: Double
    }
    struct Regressor: Decodable {
        let train_inputs: [[Float]]
        let train_targets: [Float]
        let test_inputs: [[Float]]
        let test_targets: [Float]
        let train_r2: Double
        let test_r2: Double
    }
    let versions: [String: String]
    let linear: Linear
    let logistic_binary: LogisticBinary
    let logistic_multinomial: LogisticMultinomial
    let mlp_classifier: Classifier
    let mlp_regressor: Regressor

    static func load() throws -> LectureModelReference {
        try Fixtures.decode(LectureModelReference.self, from: "lecture_model_reference.json")
    }
}
