/// Runs work on Swift's global concurrent executor whatever executor the calling task prefers
/// (the server's connection tasks prefer their event loop), and waits for it there.
///
/// A child task with that executor preference starts on the global executor; a task's own
/// preference (`withTaskExecutorPreference`) would only take effect at its next suspension, so
/// the work up to there would still run on the caller's executor.
@available(macOS 15.0, *)
package enum GlobalExecutor {
    package static func run<T: Sendable>(_ operation: @escaping @Sendable () async -> T) async -> T {
        await withTaskGroup(of: T.self) { group in
            group.addTask(executorPreference: globalConcurrentExecutor, operation: operation)
            var result: T?
            for await value in group { result = value }
            guard let result else { preconditionFailure("a task group with one task gave no result") }
            return result
        }
    }

    package static func run<T: Sendable>(_ operation: @escaping @Sendable () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: T.self) { group in
            group.addTask(executorPreference: globalConcurrentExecutor, operation: operation)
            var result: T?
            for try await value in group { result = value }
            guard let result else { preconditionFailure("a task group with one task gave no result") }
            return result
        }
    }
}
