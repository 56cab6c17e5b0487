/// The schedules by name, as the command line spells them (`--schedule cosine`).
public enum ScheduleKind: String, Codable, Sendable, CaseIterable {
    case constant
    case inverseScaling = "inverse-scaling"
    /// `PlateauSchedule` (PyTorch's ReduceLROnPlateau).
    case adaptive
    case step
    case exponential
    case cosine
    /// scikit-learn's exact 'invscaling' (t in samples, updated at epoch ends).
    case scikitLearnInverseScaling = "sklearn-invscaling"
    /// scikit-learn's exact 'adaptive' (divide by 5 on a plateau, stop at 1e-6).
    case scikitLearnAdaptive = "sklearn-adaptive"
}
