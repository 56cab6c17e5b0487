/// The version of the Neural package.
public enum NeuralVersion {
    public static let string = "0.1.0"
}
