#if Serve
import NIOCore
import NIOPosix
import Testing
@testable import NeuralServer

@Suite struct EventLoopTaskExecutorTests {
    /// Whether the task runs on `loop`'s thread after each of two sleeps (resumed from a timer,
    /// off the loop).
    @concurrent static func onLoop(_ loop: any EventLoop) async -> [Bool] {
        var seen: [Bool] = []
        for _ in 0..<2 {
            try? await Task.sleep(for: .milliseconds(1))
            seen.append(loop.inEventLoop)
        }
        return seen
    }

    /// A task that prefers the executor (as a connection's task does) is resumed on the event
    /// loop's thread, and one created with it starts there; without the preference a task runs
    /// on Swift's concurrency pool, never on the loop.
    @available(macOS 15.0, *)
    @Test func jobsRunOnTheEventLoop() async {
        let loop = MultiThreadedEventLoopGroup.singleton.next()
        let executor = EventLoopTaskExecutor(loop)
        let preferring = await withTaskExecutorPreference(executor) { await Self.onLoop(loop) }
        #expect(preferring == [true, true])
        let started = await Task(executorPreference: executor) { loop.inEventLoop }.value
        #expect(started)
        let global = await Self.onLoop(loop)
        #expect(global == [false, false])
    }
}
#endif
