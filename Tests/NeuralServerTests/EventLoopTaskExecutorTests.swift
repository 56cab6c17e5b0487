#if Serve
import NIOCore
import NIOPosix
import Testing
@testable import NeuralServer

@Suite struct EventLoopTaskExecutorTests {
    /// Whether the task runs on `loop`'s thread: at first, after a yield, and after a sleep
    /// (resumed from a timer, off the loop).
    @concurrent static func onLoop(_ loop: any EventLoop) async -> [Bool] {
        var seen = [loop.inEventLoop]
        await Task.yield()
        seen.append(loop.inEventLoop)
        try? await Task.sleep(for: .milliseconds(2))
        seen.append(loop.inEventLoop)
        return seen
    }

    /// A task that prefers the executor runs on the event loop's thread, also when resumed from
    /// elsewhere; without the preference it runs on Swift's concurrency pool, never on the loop.
    @available(macOS 15.0, *)
    @Test func jobsRunOnTheEventLoop() async {
        let loop = MultiThreadedEventLoopGroup.singleton.next()
        let preferring = await withTaskExecutorPreference(EventLoopTaskExecutor(loop)) { await Self.onLoop(loop) }
        #expect(preferring == [true, true, true])
        let global = await Self.onLoop(loop)
        #expect(global == [false, false, false])
    }
}
#endif
