import Testing
@testable import Neural

@Suite struct BuiltinDatasetTests {
    @Test func irisHasFisherShape() throws {
        let table = try BuiltinDataset.iris.table()
        #expect(table.rowCount == 150)
        #expect(table.columnNames == ["sepal_length", "sepal_width", "petal_length", "petal_width", "species"])
        let species = try table.column(named: "species")
        #expect(species.categories == ["setosa", "versicolor", "virginica"])
        // First row of Fisher's table: 5.1, 3.5, 1.4, 0.2, setosa.
        #expect(table.columns[0].values[0] == 5.1)
        #expect(table.columns[3].values[0] == 0.2)
        // 50 flowers of each species.
        #expect((0..<3).map { code in species.codes.filter { $0 == code }.count } == [50, 50, 50])
        #expect(LearningTask.inferred(from: species) == BuiltinDataset.iris.task)
    }

    @Test func diabetesHasEfronShape() throws {
        let table = try BuiltinDataset.diabetes.table()
        #expect(table.rowCount == 442)
        #expect(table.columns.count == 11)
        let target = try table.column(named: BuiltinDataset.diabetes.target)
        // First patient in scikit-learn's diabetes_data_raw: age 59, bmi 32.1, progression 151.
        #expect(table.columns[0].values[0] == 59)
        #expect(table.columns[2].values[0] == 32.1)
        #expect(target.values[0] == 151)
        #expect(LearningTask.inferred(from: target) == .regression)
    }

    @Test func irisPreparesWithAStratifiedSplit() throws {
        let data = try PreparedData(table: try BuiltinDataset.iris.table(),
                                    options: PreparationOptions(target: "species", validationFraction: 0.2, seed: 3))
        #expect(data.train.count == 120)
        #expect(data.validation?.count == 30)
        // 20% of each 50-flower species is 10.
        let labels = data.validation?.classLabels ?? []
        #expect((0..<3).map { k in labels.filter { $0 == Int32(k) }.count } == [10, 10, 10])
        #expect(data.preprocessor.featureCount == 4)
    }
}
