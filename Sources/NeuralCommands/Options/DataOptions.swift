import ArgumentParser
import Neural

/// Which columns a training command learns from and how the rows are split and cleaned.
struct DataOptions: ParsableArguments {
    @Option(help: "The column to predict.")
    var target: String

    @Option(help: "Feature columns, comma-separated (default: every column but the target).")
    var features: String?

    @Option(help: "Columns to one-hot encode even if their values look numeric, comma-separated.")
    var categorical: String?

    @Option(help: "The task (default: inferred from the target column).")
    var task: LearningTask?

    @Option(help: "Missing values (empty, NA, NaN): median fills a number with its training median, mean with its mean, most-frequent with its most frequent value (text: the most frequent category under all three); drop skips the row; error stops at the line. The fill values are stored in the model. Default: median, or with --from the policy the model was trained with (its fill values are used).")
    var missing: MissingValuePolicy?

    @Option(name: .customLong("unseen-categories"),
            help: "A category not seen in training, when predicting: error, or all-zeros (an all-zero one-hot block).")
    var unseenCategories: UnseenCategoryPolicy = .error

    @Option(help: "At most this many one-hot features per categorical column: the N − 1 most frequent categories keep theirs, the rarer ones share one \"(infrequent)\" feature (scikit-learn's max_categories). Default: no cap.")
    var maxCategories: Int?

    @Option(help: "Fraction of the rows held out for validation (stratified for classification; default 0, or 0.1 with --early-stopping).")
    var validationSplit: Double?

    @Option(help: "Fraction of the rows held out for the final metrics (stratified for classification).")
    var testSplit: Double = 0

    func validate() throws {
        if let validationSplit { try NumericFlag.float(validationSplit, flag: "--validation-split", in: .fraction) }
        try NumericFlag.float(testSplit, flag: "--test-split", in: .fraction)
    }

    /// Writes these flags into `settings`.
    func apply(to settings: inout TrainSettings) {
        settings.target = target
        settings.features = features.map(parseNameList)
        settings.categorical = categorical.map(parseNameList) ?? []
        settings.task = task
        if let missing { settings.missingValues = missing }
        settings.unseenCategories = unseenCategories
        settings.maxCategories = maxCategories
        settings.validationSplit = validationSplit
        settings.testSplit = testSplit
    }
}
