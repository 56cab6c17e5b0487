import Foundation
import Testing

/// One row of the bad-input catalogue (docs/ERRORS.md): an input, what is done with it, and the
/// exact message the user must see. The catalogue quotes `message` verbatim, so a change of
/// wording fails here until the catalogue is updated too.
struct BadInputCase: Sendable, CustomTestStringConvertible {
    /// The catalogue row, as named in docs/ERRORS.md.
    var name: String
    /// What the library is asked to do with the bad input; it must throw.
    var attempt: @Sendable () throws -> Void
    /// The error's `description`, exactly.
    var message: String

    var testDescription: String { name }

    /// The description of the error `attempt` throws, or `nil` when it does not throw.
    func thrownMessage() -> String? {
        do {
            try attempt()
            return nil
        } catch {
            return String(describing: error)
        }
    }
}
