/// Scratch memory for `Network.predict`: two buffers that layers write into in turn.
///
/// It grows when a call needs more rows or a wider layer than it holds, and is reused otherwise,
/// so repeated predictions on batches of the same size allocate nothing. One workspace serves
/// one caller at a time (it is not thread-safe); it can be shared by networks of any shape.
public final class InferenceWorkspace {
    /// Scalars per buffer.
    private(set) var capacity: Int
    private var storage: UnsafeMutablePointer<Float>

    /// An empty workspace; it grows on first use.
    public init() {
        capacity = 1
        storage = UnsafeMutablePointer<Float>.allocate(capacity: 2)
        storage.initialize(repeating: 0, count: 2)
    }

    deinit { storage.deallocate() }

    /// The two ping-pong buffers, each with room for `rows·width` scalars.
    func buffers(rows: Int, width: Int) -> (UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>) {
        let needed = max(rows * width, 1)
        if needed > capacity {
            storage.deallocate()
            storage = UnsafeMutablePointer<Float>.allocate(capacity: 2 * needed)
            storage.initialize(repeating: 0, count: 2 * needed)
            capacity = needed
        }
        return (storage, storage + capacity)
    }
}
