import Foundation
import Testing
@testable import Neural

/// Values computed by scikit-learn (scripts/reference_data_preprocessing.py; versions in the
/// fixture's "versions" field).
private struct Reference: Decodable {
    struct Scaler: Decodable {
        let columns: [String]
        let mean: [Double]
        let scale: [Double]
    }
    struct IntegerLabels: Decodable {
        let labels: [Int]
        let classes: [Int]
    }
    struct Categories: Decodable {
        let values: [String]
        let categories: [String]
    }
    let iris_standard_scaler: Scaler
    let diabetes_standard_scaler: Scaler
    let iris_label_encoder_classes: [String]
    let integer_label_encoder: IntegerLabels
    let one_hot_categories: Categories

    static func load() throws -> Reference {
        let url = try #require(Bundle.module.url(forResource: "preprocessing_reference", withExtension: "json",
                                                 subdirectory: "Fixtures/data"))
        return try JSONDecoder().decode(Reference.self, from: Data(contentsOf: url))
    }
}

@Suite struct PreprocessingReferenceTests {
    @Test(arguments: [BuiltinDataset.iris, .diabetes])
    func standardizerMatchesStandardScaler(dataset: BuiltinDataset) throws {
        let reference = try Reference.load()
        let expected = dataset == .iris ? reference.iris_standard_scaler : reference.diabetes_standard_scaler
        let preprocessor = try Preprocessor.fit(try dataset.table(), target: dataset.target)
        #expect(preprocessor.inputColumnNames == expected.columns)
        // scikit-learn works on float64 inputs; ours are the same decimals rounded to Float
        // (relative error ≤ 6e-8 each) and the results are stored as Float (≤ 6e-8 more), so
        // 1e-6 relative leaves a wide margin while catching any formula difference (ddof, …).
        for (ours, theirs) in zip(preprocessor.standardizer.means, expected.mean) {
            #expect(abs(Double(ours) - theirs) <= 1e-6 * abs(theirs))
        }
        for (ours, theirs) in zip(preprocessor.standardizer.standardDeviations, expected.scale) {
            #expect(abs(Double(ours) - theirs) <= 1e-6 * abs(theirs))
        }
    }

    @Test func classOrderMatchesLabelEncoder() throws {
        let reference = try Reference.load()
        let iris = try Preprocessor.fit(try BuiltinDataset.iris.table(), target: "species")
        #expect(iris.classNames == reference.iris_label_encoder_classes)
        let integers = LabelEncoder.fit(reference.integer_label_encoder.labels.map(String.init))
        #expect(integers.classes == reference.integer_label_encoder.classes.map(String.init))
    }

    @Test func categoryOrderMatchesOneHotEncoderForText() throws {
        // Text categories (not all numbers) are sorted by code point, as numpy sorts strings.
        let reference = try Reference.load()
        let encoder = OneHotEncoder.fit(columnNames: ["c"], values: [reference.one_hot_categories.values])
        #expect(encoder.categories[0] == reference.one_hot_categories.categories)
    }
}
