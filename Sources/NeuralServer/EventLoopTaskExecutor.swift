#if Serve
import NIOCore

/// A task executor that runs jobs on one SwiftNIO event loop.
///
/// A connection's handler task that prefers its channel's event loop (`withTaskExecutorPreference`)
/// reads the request, runs the handler and writes the response on the thread that does the
/// channel's I/O: no wake-up of a thread of Swift's concurrency pool to take the request and none
/// of the event loop to take the response. A job enqueued from the loop's own thread runs in the
/// same turn of the loop, without waking it.
@available(macOS 15.0, *)
final class EventLoopTaskExecutor: TaskExecutor {
    let eventLoop: any EventLoop

    init(_ eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        eventLoop.execute { job.runSynchronously(on: executor) }
    }
}
#endif
